"""`privacy-notices compare BASE HEAD` on real git repositories: the review report of a pull request."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import AS_OF, DATA_FILES, MINIMAL, ROOT, edit, run_cli
from privacy_notices.diff import diff_text
from privacy_notices.review_format import shorten, whole_dates

COMMENT_LIMIT = 65_536
"""GitHub refuses a longer comment."""
RUN_URL = "https://github.com/aoba-group/notices/actions/runs/1"


@pytest.fixture(scope="module", autouse=True)
def as_of() -> Iterator[None]:
    """The report tells announced versions (aoba-ticket's handling notice, 2027-04-01) from those in force."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRIVACY_NOTICES_AS_OF", AS_OF)
        yield


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def init(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return init(root)


def demo_repo(target: Path) -> Path:
    for part in DATA_FILES:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, target / part)
    return init(target)


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.jp", "commit", "-q", "--allow-empty", "-m", message)


def compare(repo: Path, base: str = "main~1", head: str = "main", *options: str) -> subprocess.CompletedProcess[str]:
    return run_cli("compare", base, head, "--repo", str(repo), *options)


def record(repo: Path, company: str, document: str, day: str, summary: str) -> None:
    result = run_cli("record", company, document, "--date", day, "--summary", summary, "--root", str(repo))
    assert result.returncode == 0, result.stderr


def sections(report: str) -> list[str]:
    return re.findall(r"(?m)^### .*$", report)


def change_fee(root: Path) -> None:
    """The group-wide change of issue 10: the disclosure fee, 1,000円 → 800円, in the amount and in the
    sentence on how to pay it (the lint refuses one without the other)."""
    edit(root, "content/group.yaml", "        amount: 1000\n", "        amount: 800\n")
    edit(root, "content/group.yaml", "1,000 円分の定額小為替", "800 円分の定額小為替")


FEE_DOCUMENTS = [("株式会社あおばホールディングス", "個人情報保護方針", "aoba-hd/policy"),
                 ("株式会社あおばチケット", "個人情報保護方針", "aoba-ticket/policy"),
                 ("株式会社あおばチケット", "個人情報の取扱いについて", "aoba-ticket/handling"),
                 ("株式会社あおばショッピングチャンネル", "WEB会員登録に関する個人情報の同意事項", "aoba-shop/web-membership"),
                 ("株式会社あおばショッピングチャンネル", "個人情報保護方針", "aoba-shop/policy"),
                 ("株式会社あおばケーブルテレビ", "個人情報保護方針", "aoba-cable/policy"),
                 ("株式会社あおばビジネスサービス", "個人情報保護方針", "aoba-bpo/policy"),
                 ("あおばグループ健康保険組合", "個人情報保護方針", "aoba-kenpo/policy")]
"""The demo's documents that state the fee, in the group's order of companies."""


@pytest.fixture(scope="module")
def fee_recorded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The fee change on the demo, recorded on 2027-01-01 for every document but aoba-ticket's
    handling notice, whose announced revision of 2027-04-01 takes it instead."""
    root = demo_repo(tmp_path_factory.mktemp("fee") / "repo")
    change_fee(root)
    for document in [d for *_, d in FEE_DOCUMENTS if d != "aoba-ticket/handling"]:
        record(root, *document.split("/"), "2027-01-01", "開示等の請求の手数料を改定")
    commit(root, "fee")
    result = compare(root)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_one_company_changes(repo: Path) -> None:
    edit(repo, "companies/beta.yaml", "      - 会員の管理のため\n", "      - 会員の管理のため\n      - 会報の発送のため\n")
    commit(repo, "beta: purpose")
    result = compare(repo)
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert report.startswith("## 公開される文書の変更\n\n1 社・1 文書の本文が変わります (変更 1 件)。\n\n"
                             "- ⚠️ 改定の記録 (history) がない文書が 1 件あります → privacy-notices record で記録してください\n\n"
                             "### 1. お客様の利用目的に1件追加\n\n- お客様の利用目的に1件追加\n\n対象の文書 (1 社・1 文書):\n\n"
                             "- 株式会社ベータ「個人情報保護方針」 `beta/policy`\n"
                             "  - ⚠️ 本文が変わるのに改定の記録 (history) がありません (最新の版 2021-10-01 が変わります)"
                             " → privacy-notices record で記録してください\n"), report
    assert "<ins>・会報の発送のため" in report or "会報の発送のため</ins>" in report
    assert "alpha" not in report and "アルファ" not in report


def test_shared_template_reaches_every_company(repo: Path) -> None:
    (repo / "templates" / "parts").mkdir(parents=True)
    (repo / "templates" / "parts" / "extra.md.j2").write_text("共通の注意書きです。\n\n", encoding="utf-8")
    commit(repo, "shared template")
    report = compare(repo).stdout
    assert ("2 社・2 文書の本文が変わります (変更 1 件)。"
            "グループ共通のファイル (templates/parts/extra.md.j2) の変更を含みます。\n") in report
    assert sections(report) == ["### 1. 本文の変更 (データの項目は同じ)"]
    assert report.index("株式会社アルファ「個人情報保護方針」 `alpha/policy`") < report.index("株式会社ベータ")


def test_a_removed_company_lists_its_documents_as_deleted(tmp_path: Path) -> None:
    root = demo_repo(tmp_path / "repo")
    (root / "companies" / "aoba-bpo.yaml").unlink()
    edit(root, "content/group.yaml", "  - aoba-bpo\n", "")
    edit(root, "content/group.yaml", ", aoba-bpo]", "]")  # and the joint use it took part in
    assert run_cli("codeowners", "--root", str(root)).returncode == 0
    commit(root, "aoba-bpo leaves the group")
    report = compare(root).stdout
    assert sections(report) == ["### 1. 共同利用者から株式会社あおばビジネスサービスを削除",
                                "### 2. 削除される文書: 株式会社あおばビジネスサービス「個人情報保護方針」"]
    assert report.endswith("- 株式会社あおばビジネスサービス「個人情報保護方針」 `aoba-bpo/policy`\n"
                           "  - ⚠️ この文書はサイトに載らなくなります\n")


def test_group_wide_change_is_one_block_listing_its_documents(tmp_path: Path) -> None:
    root = demo_repo(tmp_path / "repo")
    change_fee(root)
    commit(root, "fee")
    report = compare(root).stdout
    assert sections(report) == ["### 1. 手数料 1,000円 → 800円 ほか 1 件"]
    listed = re.findall(r"(?m)^- (.*)「(.*)」 `(.*)`$", report)
    assert listed == FEE_DOCUMENTS
    assert "対象の文書 (6 社・8 文書):\n" in report
    assert report.count("<del>1,000</del><ins>800</ins>円") == 1  # the text's change, shown once
    assert "- ⚠️ 改定の記録 (history) がない文書が 8 件あります" in report


def test_dates_are_compared_as_dates(fee_recorded: str) -> None:
    report = fee_recorded
    blocks = report.split("\n- 株式会社")
    policy = next(b for b in blocks if b.startswith("あおばチケット「個人情報保護方針」"))
    assert policy.endswith("`aoba-ticket/policy`\n  - 改定の記録: 2027-01-01 開示等の請求の手数料を改定\n"
                           "  - 最終改定日 令和8年12月1日 → 令和9年1月1日")
    assert "  - 最終改定日 2026年12月1日 → 2027年1月1日\n" in report  # 西暦 (aoba-shop's web-membership)
    assert "  - 最終改定日 令和8年12月1日 → 令和9年1月1日 (2026年12月1日 → 2027年1月1日)\n" in report  # both
    assert "  - 最終改定日 令和9年1月1日 (追加)\n" in report  # aoba-kenpo's first revision adds the line
    assert sections(report) == ["### 1. 手数料 1,000円 → 800円 ほか 1 件"]  # the date lines do not split the change


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("最終改定日 令和6年4月1日", "最終改定日 令和9年1月1日", "最終改定日 [-令和6年4月1日-]{+令和9年1月1日+}"),
    ("令和元年5月1日から", "令和2年5月1日から", "[-令和元年5月1日-]{+令和2年5月1日+}から"),
    ("2024年4月1日 (改定)", "2024年4月10日 (改定)", "[-2024年4月1日-]{+2024年4月10日+} (改定)"),
    ("手数料は1,000円です。令和6年4月1日", "手数料は800円です。令和6年5月1日",
     "手数料は[-1,000-]{+800+}円です。[-令和6年4月1日-]{+令和6年5月1日+}"),
])
def test_a_change_inside_a_date_is_widened_to_the_date(old: str, new: str, expected: str) -> None:
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    assert "".join(marks[s.kind].format(s.text) for s in whole_dates(diff_text(old, new))) == expected


def test_one_company_taking_one_change_on_different_dates_is_flagged(fee_recorded: str) -> None:
    warnings = [line for line in fee_recorded.splitlines() if "施行日が違います" in line]
    assert warnings == ["- ⚠️ 株式会社あおばチケットの文書で、同じ変更の施行日が違います: 「個人情報保護方針」2027-01-01、"
                        "「個人情報の取扱いについて」2027-04-01 (手数料 1,000円 → 800円、開示等の請求の手続 (手数料の支払方法) を変更)"]
    handling = fee_recorded.split("`aoba-ticket/handling`\n")[1].splitlines()[0]
    assert handling == ("  - ⚠️ 本文が変わるのに改定の記録 (history) がありません (最新の版 2027-04-01 が変わります)"
                        " → privacy-notices record で記録してください")


def test_a_new_document_shows_its_whole_text(repo: Path) -> None:
    shutil.copy(repo / "companies" / "beta.yaml", repo / "companies" / "gamma.yaml")
    edit(repo, "companies/gamma.yaml", "name: 株式会社ベータ\n", "name: 株式会社ガンマ\n")
    edit(repo, "content/group.yaml", "  - beta\n", "  - beta\n  - gamma\n")
    commit(repo, "gamma")
    report = compare(repo).stdout
    assert "新しい文書です" not in report
    assert sections(report) == ["### 1. 共同利用者に株式会社ガンマを追加", "### 2. 新しい文書: 株式会社ガンマ「個人情報保護方針」"]
    assert "- 株式会社ガンマ「個人情報保護方針」 `gamma/policy`\n  - 改定の記録: 2021-10-01 制定\n" in report
    whole = report.split("<details><summary>本文 (全文)</summary>\n\n")[1].split("\n\n</details>")[0]
    assert whole.startswith("**個人情報保護方針**\n\n株式会社ガンマ\n\n**1\\. 事業者の名称・住所・代表者**\n\n| 項目 | 内容 |\n"
                            "| --- | --- |\n| 名称 | 株式会社ガンマ |\n")
    assert "会員の管理のため" in whole and "株式会社ガンマ" in whole
    assert "| --- |" in whole  # tables stay tables


def test_nothing_changes(repo: Path) -> None:
    commit(repo, "empty")
    assert compare(repo).stdout == "公開される文書に変更はありません。\n"


def test_unknown_ref(repo: Path) -> None:
    result = compare(repo, "no-such-branch", "main")
    assert result.returncode == 1
    assert result.stderr.startswith("error: git の参照「no-such-branch」を読めません")


def test_head_that_does_not_validate(repo: Path) -> None:
    edit(repo, "companies/alpha.yaml", "representative:", "representatve:")
    commit(repo, "broken")
    report = compare(repo).stdout
    assert "HEAD のデータに誤りがあるため、変更を比べられません。" in report
    assert "知らないキーです (representatve)" in report


def test_recorded_change_lists_its_revision_and_edited_entries(repo: Path) -> None:
    edit(repo, "companies/beta.yaml", "      - 会員の管理のため\n", "      - 会員の管理のため\n      - 会報の発送のため\n")
    edit(repo, "companies/beta.yaml", "        summary: 制定\n", "        summary: 制定 (会員向け)\n")
    record(repo, "beta", "policy", "2025-04-01", "会報の発送を追加")
    commit(repo, "beta: recorded")
    report = compare(repo).stdout
    assert "  - 改定の記録: 2025-04-01 会報の発送を追加\n" in report
    assert "  - 改定の記録を変更: 2021-10-01 (制定 → 制定 (会員向け))\n" in report
    assert "⚠️" not in report


# --- a report longer than a comment -----------------------------------------------------------------


@pytest.fixture(scope="module")
def fifty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, then 50 companies added (copies of the demo's files under new ids and names, as
    scripts/bench_check.py makes them), then the group-wide fee change."""
    root = demo_repo(tmp_path_factory.mktemp("fifty") / "repo")
    originals = sorted((root / "companies").glob("*.yaml"))
    ids = []
    for i in range(50):
        source = originals[i % len(originals)]
        cid = f"{source.stem}-{i:03d}"
        text = re.sub(r"(?m)^name: .*$", f"name: 株式会社テスト{i:03d}", source.read_text(encoding="utf-8"), count=1)
        (root / "companies" / f"{cid}.yaml").write_text(text, encoding="utf-8")
        ids.append(cid)
    edit(root, "content/group.yaml", "  - aoba-bpo\n", "  - aoba-bpo\n" + "".join(f"  - {cid}\n" for cid in ids))
    assert run_cli("codeowners", "--root", str(root)).returncode == 0
    commit(root, "50 companies")
    change_fee(root)
    commit(root, "fee")
    return root


def test_fifty_new_companies_fit_in_a_comment(fifty: Path, tmp_path: Path) -> None:
    full = tmp_path / "review.md"
    result = compare(fifty, "main~2", "main~1", "--max-chars", "60000", "--output", str(full), "--link", RUN_URL)
    assert result.returncode == 0, result.stderr
    comment, report = result.stdout, full.read_text(encoding="utf-8")
    assert len(report) > COMMENT_LIMIT  # 50 companies' whole texts
    assert len(comment) <= 60_000
    # the 50 new companies' documents and the group's list of joint users (the demo's notices link to the list)
    assert comment.startswith("## 公開される文書の変更\n\n50 社・82 文書の本文が変わります")
    summary = report.split("\n### ")[0].rstrip("\n")
    assert comment.startswith(summary + "\n\n> ✂️ この報告は ")  # the whole summary first, then the note
    assert re.search(r"> ✂️ この報告は [0-9,]+ 文字あり、コメントに載せきれないため短くしました \(変更 \d+ 件のうち \d+ 件を全部載せています\)。"
                     rf"全文は\[ワークフローの成果物 `review-report`\]\({re.escape(RUN_URL)}\)にあります。", comment)
    assert comment.index("✂️") < comment.index("\n### 1. ")
    assert comment.endswith("\n_…ここから先は省略しました。_\n")
    assert comment.count("<details>") == comment.count("</details>")
    assert "\n### 1. " in comment


def test_fifty_companies_take_a_group_wide_change_as_one_block(fifty: Path) -> None:
    result = compare(fifty, "main~1", "main", "--max-chars", "60000")
    report = result.stdout
    assert sections(report) == ["### 1. 手数料 1,000円 → 800円 ほか 1 件"]
    assert re.search(r"対象の文書 \(56 社・\d+ 文書\):", report)
    assert "✂️" not in report and len(report) < 60_000


def test_shorten_keeps_summary_and_closes_what_it_cuts() -> None:
    body = "<details><summary>本文の変更</summary>\n\n" + "".join(f"- 行{i}\n" for i in range(2000)) + "\n</details>\n"
    report = "## 公開される文書の変更\n\n要約です。\n\n### 1. 一つ目\n\n" + body + "### 2. 二つ目\n\n本文\n"
    short = shorten(report, 3000)
    assert len(short) <= 3000
    assert short.startswith("## 公開される文書の変更\n\n要約です。\n\n> ✂️ この報告は ")
    assert "(変更 2 件のうち 0 件を全部載せています)。全文はワークフローの成果物 `review-report`にあります。" in short
    assert short.endswith("</details>\n\n_…ここから先は省略しました。_\n")
    assert shorten(report, len(report)) == report


def test_comment_options_are_checked(repo: Path) -> None:
    small = compare(repo, "main", "main", "--max-chars", "100")
    assert (small.returncode, small.stderr) == (2, "error: --max-chars は 2000 から 65536 までの数にしてください"
                                                   " (GitHub のコメントの上限) (100)\n")
    link = compare(repo, "main", "main", "--max-chars", "60000", "--link", "javascript:alert(1)")
    assert link.returncode == 2 and "https://" in link.stderr
