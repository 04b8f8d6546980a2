"""Amending and withdrawing an announced revision before it takes effect, run as an editor runs them.

The demo's aoba-ticket 個人情報の取扱いについて has a revision announced for 2027-04-01, already amended once on
2026-11-29 (the demo's 2026-12-01 revision carried into it, DEMO_AMENDED). "today" is set with
$PRIVACY_NOTICES_TODAY: these tests amend and withdraw from TODAY, 2026-11-30, on (after that amendment, as
amendments are made in date order), not from conftest.AS_OF (2026-11-23).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit, run_cli
from privacy_notices.check import check
from privacy_notices.site import plan_site
from privacy_notices.versions import Archive

TICKET = "companies/aoba-ticket.yaml"
HANDLING = Path("versions/aoba-ticket/handling")
RETENTION = ("公演の終了後30日以内に消去します。", "公演の終了後14日以内に消去します。")
DEMO_AMENDED = "2026-11-29"
TODAY = "2026-11-30"


def cli(root: Path, *args: str, today: str = TODAY) -> "subprocess.CompletedProcess[str]":  # noqa: F821
    os.environ["PRIVACY_NOTICES_TODAY"] = today
    try:
        return run_cli(*args, "--root", str(root))
    finally:
        del os.environ["PRIVACY_NOTICES_TODAY"]


def amend(root: Path, date: str = "2027-04-01", summary: str = "顔認証の特徴量の保存期間を短縮",
          today: str = TODAY, document: str = "handling") -> "subprocess.CompletedProcess[str]":  # noqa: F821
    return cli(root, "record", "aoba-ticket", document, "--amend", "--date", date, "--summary", summary, today=today)


def withdraw(root: Path, date: str = "2027-04-01", reason: str = "顔認証サービスの開始を延期するため",
             today: str = TODAY) -> "subprocess.CompletedProcess[str]":  # noqa: F821
    return cli(root, "withdraw", "aoba-ticket", "handling", "--date", date, "--reason", reason, today=today)


def pages(root: Path, as_of: dt.date, clean: bool = True) -> dict[str, str]:
    group, problems = check(root)
    assert group is not None and (not clean or not problems), [p.format() for p in problems]
    return {p.path: p.text for p in plan_site(group, as_of, Archive(root)).pages}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the repository but the git-ignored cache (.cache/: check keeps its work there)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] != ".cache"}


def test_amend_freezes_a_new_file_and_keeps_the_announcement(demo: Path) -> None:
    original = (demo / HANDLING / "2027-04-01.md").read_bytes()
    edit(demo, TICKET, *RETENTION)
    result = amend(demo)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ("aoba-ticket/handling: 2027-04-01 の改定を修正し、2027-04-01.amended-2026-11-30 の版を凍結しました"
                             " (告知済みの版も残ります)\n")
    assert (demo / HANDLING / "2027-04-01.md").read_bytes() == original  # never rewritten
    amended = (demo / HANDLING / "2027-04-01.amended-2026-11-30.md").read_text(encoding="utf-8")
    assert "14日以内" in amended and "30日以内" not in amended
    text = (demo / TICKET).read_text(encoding="utf-8")
    assert ("        summary: 入場時の顔認証サービスの開始に伴い、取得する情報と利用目的の説明を追加\n"
            f"        amended:\n          - on: {DEMO_AMENDED}\n") in text
    assert ("を反映\n          - on: 2026-11-30\n            summary: 顔認証の特徴量の保存期間を短縮\n"
            "    # 節に (1) (2) …") in text  # after the demo's amendment; the comment after the entry stays after it
    manifest = json.loads((demo / "versions/manifest.json").read_text(encoding="utf-8"))["files"]
    assert "aoba-ticket/handling/2027-04-01.amended-2026-11-30.json" in manifest
    chain = Archive(demo).chain("aoba-ticket", "handling")
    assert [(link.date.isoformat(), link.amended) for link in chain[-3:]] == \
        [("2027-04-01", None), ("2027-04-01", dt.date.fromisoformat(DEMO_AMENDED)),
         ("2027-04-01", dt.date(2026, 11, 30))]  # each amendment follows the announcement it amends


def test_the_amended_version_page_notes_the_amendment_and_the_first_announcement_stays(demo: Path) -> None:
    edit(demo, TICKET, *RETENTION)
    assert amend(demo, today="2026-12-02").returncode == 0
    site = pages(demo, dt.date(2026, 12, 3))
    version = site["aoba-ticket/handling/2027-04-01.md"]
    previous = f"2027-04-01.amended-{DEMO_AMENDED}"  # the announcement this amendment replaces: the demo's amendment
    assert '!!! info "令和8年12月2日に改定内容を修正しました"' in version
    assert f"[修正前の告知との比較](compare/{previous}_2027-04-01.amended-2026-12-02.md)" in version
    assert "14日以内" in version and "30日以内" not in version
    first = site["aoba-ticket/handling/2027-04-01.original.md"]
    assert '!!! warning "修正前の告知"' in first and "30日以内" in first
    assert f"[修正後との比較](compare/2027-04-01.original_{previous}.md)" in first  # with the one that amended it
    earlier = site[f"aoba-ticket/handling/{previous}.md"]
    assert '!!! warning "修正前の告知"' in earlier and "30日以内" in earlier
    compare = site[f"aoba-ticket/handling/compare/{previous}_2027-04-01.amended-2026-12-02.md"]
    assert "# 改定内容の修正: 個人情報の取扱いについて" in compare
    for path, text in site.items():  # every comparison a page links to is a page (mkdocs --strict would fail)
        if path.startswith("aoba-ticket/handling/") and path.endswith(".md"):
            for target in re.findall(r"\]\((compare/[^)#]+\.md)\)", text):
                assert f"aoba-ticket/handling/{target}" in site, (path, target)
    history = site["aoba-ticket/handling/history.md"]
    assert ("令和8年12月2日に修正: 顔認証の特徴量の保存期間を短縮 "
            f"([修正前との比較](compare/{previous}_2027-04-01.amended-2026-12-02.md))") in history
    assert "(令和8年12月2日に改定内容を修正しました)" in site["aoba-ticket/handling/index.md"]
    before = pages(demo, dt.date(2026, 12, 1))  # as of a day before the amendment: what was published then
    assert "30日以内" in before["aoba-ticket/handling/2027-04-01.md"]
    header = before["aoba-ticket/handling/2027-04-01.md"].split("# 個人情報の取扱いについて")[0]
    assert "令和8年11月29日に改定内容を修正しました" in header and "令和8年12月2日" not in header
    assert f"aoba-ticket/handling/{previous}.md" not in before  # the demo's amendment was still the latest
    in_force = pages(demo, dt.date(2027, 4, 1))["aoba-ticket/handling/index.md"]
    assert "14日以内" in in_force and "30日以内" not in in_force


def test_withdraw_marks_the_entry_and_the_pages(demo: Path) -> None:
    frozen = snapshot(demo / "versions")
    result = withdraw(demo, today="2026-12-02")
    assert result.returncode == 0, result.stderr
    assert snapshot(demo / "versions") == frozen  # the frozen files stay, the manifest unchanged
    assert ("        withdrawn:\n          on: 2026-12-02\n          reason: 顔認証サービスの開始を延期するため\n"
            in (demo / TICKET).read_text(encoding="utf-8"))
    _, problems = check(demo)  # the data still holds the withdrawn change: the editor is told to take it back
    assert [(p.message, p.found) for p in problems] == \
        [("公開される本文が最新の版と違うのに、改定が記録されていません", "aoba-ticket/handling の 2026-12-01 の版")]
    site = pages(demo, dt.date(2026, 12, 3), clean=False)
    index = site["aoba-ticket/handling/index.md"]
    assert "改定のお知らせ" not in index and "2027-04-01" not in index
    version = site["aoba-ticket/handling/2027-04-01.md"]
    assert '!!! warning "取り下げられた改定"' in version
    assert "令和9年4月1日から施行する予定でしたが、令和8年12月2日に取り下げました。この版は施行されません。" in version
    history = site["aoba-ticket/handling/history.md"]
    assert "| 令和9年4月1日 | 改定(取り下げ) |" in history
    assert "令和8年12月2日に取り下げ: 顔認証サービスの開始を延期するため" in history
    listed = json.loads(site["aoba-ticket/handling/versions.json"])["versions"][-1]
    assert (listed["status"], listed["withdrawn"]) == ("withdrawn", {"on": "2026-12-02", "reason": "顔認証サービスの開始を延期するため"})
    later = pages(demo, dt.date(2027, 4, 2), clean=False)["aoba-ticket/handling/index.md"]
    assert "顔認証" not in later  # never in force


def test_an_amended_announcement_can_be_withdrawn(demo: Path) -> None:
    edit(demo, TICKET, *RETENTION)
    assert amend(demo).returncode == 0
    assert withdraw(demo, today="2026-12-01").returncode == 0


IN_FORCE = ("error: aoba-ticket handling: 2024-04-01 の版は施行済みです (今日は 2026-11-30)。施行された版は{}"
            " → 内容を改めるときは、新しい施行日で改定を記録してください\n")
UNKNOWN = ("error: aoba-ticket handling: aoba-ticket/handling に 2027-05-01 の版はありません"
           " → {}できるのは施行前の改定です: 2026-12-01, 2027-04-01\n")
WITHDRAWN = ("error: aoba-ticket handling: 2027-04-01 の改定は 2026-11-30 に取り下げ済みです。"
             "取り下げた改定は{} → 改めるときは、新しい施行日で改定を記録してください\n")


@pytest.mark.parametrize(("run", "expected"), [
    (lambda d: amend(d, date="2024-04-01"), IN_FORCE.format("修正できません")),
    (lambda d: withdraw(d, date="2024-04-01"), IN_FORCE.format("取り下げられません")),
    (lambda d: amend(d, date="2027-04-01", today="2027-04-01"),
     "error: aoba-ticket handling: 2027-04-01 の版は施行済みです (今日は 2027-04-01)。施行された版は修正できません"
     " → 内容を改めるときは、新しい施行日で改定を記録してください\n"),
    (lambda d: amend(d, date="2027-05-01"), UNKNOWN.format("修正")),
    (lambda d: withdraw(d, date="2027-05-01"), UNKNOWN.format("取り下げ")),
    (lambda d: amend(d, summary=" "), "error: aoba-ticket handling: 修正の概要が空です → --summary に何を修正したかを書いてください\n"),
    (lambda d: withdraw(d, reason=""), "error: aoba-ticket handling: 取り下げの理由が空です → --reason に取り下げる理由を書いてください\n"),
    (lambda d: amend(d), "error: aoba-ticket handling: 本文が告知済みの 2027-04-01 の版と同じです。修正する内容がありません"
                         " → 改める内容をデータ (companies/ の会社のファイルなど) に書いてから修正を記録してください\n"),
])
def test_refusals(demo: Path, run, expected: str) -> None:  # noqa: ANN001
    before = snapshot(demo)
    result = run(demo)
    assert (result.returncode, result.stderr) == (1, expected)
    assert snapshot(demo) == before


def test_twice_withdrawn_and_amending_a_withdrawn_revision_are_refused(demo: Path) -> None:
    assert withdraw(demo).returncode == 0
    before = snapshot(demo / "versions")
    result = withdraw(demo, today="2026-12-01")
    assert (result.returncode, result.stderr) == (1, WITHDRAWN.format("取り下げられません"))
    edit(demo, TICKET, *RETENTION)
    result = amend(demo, today="2026-12-01")
    assert (result.returncode, result.stderr) == (1, WITHDRAWN.format("修正できません"))
    assert snapshot(demo / "versions") == before


def test_an_amendment_dated_before_the_latest_one_is_refused(demo: Path) -> None:
    """An amendment made "before" the latest one would never become the latest: a wrong today is refused."""
    edit(demo, TICKET, *RETENTION)
    before = snapshot(demo)
    result = amend(demo, today="2026-11-23")
    assert (result.returncode, result.stderr) == (1, "error: aoba-ticket handling: 2027-04-01 の改定は 2026-11-29 に修正済みで、"
                                                     "今日 (2026-11-23) より後です → 今日の日付を確かめてください "
                                                     "(PRIVACY_NOTICES_TODAY を指定しているときはその値)\n")
    assert snapshot(demo) == before


def test_a_second_amendment_on_the_same_day_is_refused(demo: Path) -> None:
    edit(demo, TICKET, *RETENTION)
    assert amend(demo).returncode == 0
    edit(demo, TICKET, "14日以内", "7日以内")
    result = amend(demo)
    assert (result.returncode, result.stderr) == (1, "error: aoba-ticket handling: 2027-04-01 の改定は今日 (2026-11-30) "
                                                     "修正済みです。同じ日に二度は修正できません → 続きの修正は明日以降に記録してください\n")
    second = amend(demo, today="2026-12-01", summary="さらに短縮")
    assert second.returncode == 0, second.stderr
    site = pages(demo, dt.date(2026, 12, 2))
    assert "[修正前の告知との比較](compare/2027-04-01.amended-2026-11-30_2027-04-01.amended-2026-12-01.md)" \
        in site["aoba-ticket/handling/2027-04-01.md"]
    assert "7日以内" in site["aoba-ticket/handling/2027-04-01.md"]
    assert "14日以内" in site["aoba-ticket/handling/2027-04-01.amended-2026-11-30.md"]


FEE = [("content/group.yaml", "amount: 1000", "amount: 800"),
       ("content/group.yaml", "1,000 円分の定額小為替", "800 円分の定額小為替")]


def fee_change(root: Path) -> None:
    for relative, old, new in FEE:
        edit(root, relative, old, new)


def test_record_all_carries_a_group_change_into_an_announced_revision(demo: Path, tmp_path: Path) -> None:
    """The issue's case: the fee from 2027-01-01 while aoba-ticket's handling notice announces 2027-04-01."""
    from conftest import make_site_root

    fee_change(demo)
    result = cli(demo, "record", "--all", "--date", "2027-01-01", "--summary", "開示等の請求の手数料を800円に変更")
    assert result.returncode == 0, result.stderr
    assert ("aoba-ticket/handling: 2027-04-01 施行予定の改定を修正し、2027-04-01.amended-2026-11-30 の版を凍結しました"
            " (告知済みの版も残ります)") in result.stderr
    january = (demo / HANDLING / "2027-01-01.md").read_text(encoding="utf-8")
    assert "1回の請求につき 800円" in january and "顔認証" not in january  # the announced change stays in April
    assert "最終改定日 令和9年1月1日" in january
    april = (demo / HANDLING / "2027-04-01.amended-2026-11-30.md").read_text(encoding="utf-8")
    assert "1回の請求につき 800円" in april and "顔認証" in april
    text = (demo / TICKET).read_text(encoding="utf-8")
    assert ("      - date: 2027-01-01\n        summary: 開示等の請求の手数料を800円に変更\n"
            "      - date: 2027-04-01\n") in text
    assert "summary: 2027-01-01 の改定 (開示等の請求の手数料を800円に変更) を反映\n" in text
    strict = run_cli("check", str(demo), "--strict")
    assert strict.returncode == 0, strict.stdout + strict.stderr
    root = make_site_root(demo, tmp_path / "root")
    for as_of in ("2027-01-15", "2027-04-02"):
        site = tmp_path / f"site-{as_of}"
        built = run_cli("build", str(root), "--as-of", as_of, "--site-dir", str(site), "--strict")
        assert built.returncode == 0, built.stdout + built.stderr
        for document in ("policy", "handling"):
            page = (site / "aoba-ticket" / document / "index.html").read_text(encoding="utf-8")
            assert "800円" in page and "1,000円" not in page, (as_of, document)


def test_keep_announced_leaves_the_announced_revision_alone(demo: Path) -> None:
    fee_change(demo)
    announced = snapshot(demo / HANDLING)
    result = cli(demo, "record", "--all", "--date", "2027-01-01", "--summary", "開示等の請求の手数料を800円に変更",
                 "--keep-announced")
    assert result.returncode == 0, result.stderr
    assert ("aoba-ticket/handling: 2027-01-01 より後に施行予定の改定があるため、記録しませんでした (--keep-announced)\n"
            in result.stderr)
    assert snapshot(demo / HANDLING) == announced
    assert (demo / "versions/aoba-ticket/policy/2027-01-01.md").is_file()


def test_carry_applies_a_change_where_the_target_shares_the_lines_and_refuses_otherwise() -> None:
    from privacy_notices.versions.carry import carry, carry_data

    base = "a\nfee 1000\nb\nnew in April\nc\n"
    changed = "a\nfee 800\nb\nnew in April\nc\n"
    assert carry(base, changed, "a\nfee 1000\nb\nc\n") == "a\nfee 800\nb\nc\n"
    assert carry(base, "a\nfee 1000\nb\nnew in April, amended\nc\n", "a\nfee 1000\nb\nc\n") is None  # April's own line
    assert carry_data({"fee": 1000, "x": {"y": 1}}, {"fee": 800, "x": {"y": 1}}, {"fee": 1000}) == {"fee": 800}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a\n", "b\n", "c\n", "d\n"]), max_size=8),
       st.lists(st.sampled_from(["a\n", "b\n", "c\n", "e\n"]), max_size=8))
def test_carrying_onto_the_base_itself_gives_the_changed_text(base: list[str], changed: list[str]) -> None:
    from privacy_notices.versions.carry import carry

    assert carry("".join(base), "".join(changed), "".join(base)) == "".join(changed)


def test_record_all_refuses_a_change_it_cannot_separate_from_the_announced_one(demo: Path) -> None:
    fee_change(demo)
    edit(demo, TICKET, *RETENTION)  # a line only the announced revision has
    before = snapshot(demo)
    result = cli(demo, "record", "--all", "--date", "2027-01-01", "--summary", "開示等の請求の手数料を800円に変更")
    assert (result.returncode, result.stderr) == (1, (
        "error: aoba-ticket handling: データの変更を 2027-04-01 施行予定の改定の内容と分けられません"
        " (施行予定の改定で加わる箇所も変わっています) → 施行予定の改定だけに加える変更をいったん戻して記録し、"
        "その後でその変更を record --amend で施行予定の改定に加えてください\n"))
    assert snapshot(demo) == before  # nothing half recorded, in any company


def test_a_tracker_recomputes_the_chain_with_the_amendments(demo: Path) -> None:
    """README, "For trackers": each earlier announcement is a link before the version's latest one."""
    from privacy_notices.versions import chain_link

    edit(demo, TICKET, *RETENTION)
    assert amend(demo).returncode == 0
    listed = json.loads(pages(demo, dt.date(2026, 12, 1))["aoba-ticket/handling/versions.json"])
    value = "0" * 64
    for version in listed["versions"]:
        for earlier in version.get("announcements", []):
            value = chain_link(value, earlier["sha256"]["md"], earlier["sha256"]["json"], dt.date.fromisoformat(version["date"]))
            assert earlier["chain"] == value
        value = chain_link(value, version["sha256"]["md"], version["sha256"]["json"], dt.date.fromisoformat(version["date"]))
        assert version["chain"] == value
    assert listed["chain"] == value
    assert listed["versions"][-1]["announcements"][0]["url"] == "aoba-ticket/handling/2027-04-01.original/"


def test_hostile_amendment_summary_and_withdrawal_reason_are_shown_as_text(demo: Path) -> None:
    """The two values only these commands write, attacked as test_hostile_fields attacks the rest."""
    payload = "<script>alert(1)</script>[a](javascript:alert(2))<img src=x onerror=alert(3)>"
    edit(demo, TICKET, *RETENTION)
    assert amend(demo, summary=f"修正{payload}").returncode == 0
    assert withdraw(demo, reason=f"延期{payload}", today="2026-12-01").returncode == 0
    texts = "\n".join(text for path, text in pages(demo, dt.date(2026, 12, 2), clean=False).items()
                      if path.endswith(".md"))  # the JSON files carry the value as data
    assert "<script>alert(1)" not in texts
    assert not re.search(r"(?<!\\)\]\(javascript:", texts)  # only the escaped \](javascript: … as text
    assert "修正&lt;script&gt;alert(1)&lt;/script&gt;\\[a\\](javascript:alert(2))" in texts
    assert "延期&lt;script&gt;alert(1)&lt;/script&gt;" in texts
