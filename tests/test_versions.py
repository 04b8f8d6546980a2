"""Recording revisions, freezing what was published, and catching silent changes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, edit, messages, run_cli
from privacy_notices.check import check
from privacy_notices.site import plan_site
from privacy_notices.versions import Archive

CABLE = "companies/aoba-cable.yaml"
ADDED_PURPOSE = "      - 番組表の郵送のため\n"


def add_cable_purpose(demo: Path) -> None:
    """An editor's change: one more purpose for the cable company's customers (加入者)."""
    edit(demo, CABLE, "  subscriber:\n    items:\n", "  subscriber:\n    items:\n" + ADDED_PURPOSE)


def record(demo: Path, *args: str) -> "subprocess.CompletedProcess[str]":  # noqa: F821
    return run_cli("record", *args, "--root", str(demo))


def test_record_appends_the_entry_and_keeps_the_file_byte_for_byte(demo: Path) -> None:
    add_cable_purpose(demo)
    before = (demo / CABLE).read_text(encoding="utf-8")
    result = record(demo, "aoba-cable", "policy", "--date", "2027-01-01", "--summary", "番組表の郵送を利用目的に追加")
    assert result.returncode == 0, result.stderr
    after = (demo / CABLE).read_text(encoding="utf-8")
    entry = "      - date: 2027-01-01\n        summary: 番組表の郵送を利用目的に追加\n"
    anchor = "共同して利用する会社の名称を一覧に移動\n"
    assert before.count(anchor) == 1
    assert after == before.replace(anchor, anchor + entry)
    assert "\n\n# 取得する個人情報。" in after  # the blank line and comment after the list stayed in place
    assert messages(demo, strict=True) == []
    frozen = demo / "versions" / "aoba-cable" / "policy" / "2027-01-01.md"
    assert "番組表の郵送のため" in frozen.read_text(encoding="utf-8")
    assert "最終改定日 令和9年1月1日" in frozen.read_text(encoding="utf-8")


def test_unrecorded_change_is_an_error_naming_the_command(demo: Path) -> None:
    add_cable_purpose(demo)
    [line] = messages(demo)
    assert line.startswith("companies/aoba-cable.yaml:62:5: documents.policy: "
                           "公開される本文が最新の版と違うのに、改定が記録されていません (aoba-cable/policy の 2026-12-01 の版)")
    assert "→ privacy-notices record aoba-cable policy --date YYYY-MM-DD --summary '改定の概要' (YYYY-MM-DD は施行日)" in line
    assert "加入者の利用目的に1件追加" in line  # the suggested summary, from the data


@pytest.mark.parametrize("args, message", [
    (("--date", "2026-12-01", "--summary", "x"), "2026-12-01 の版は記録済みです。公開済みの版は上書きできません"),
    (("--date", "2023-01-01", "--summary", "x"),
     "施行日 2023-01-01 が最後の改定 (2026-12-01) より前です → 最後の改定より後の日付を --date に指定してください"),
    (("--date", "2027-01-01", "--summary", "  "), "改定の概要が空です → --summary に何を改めたかを書いてください"),
])
def test_record_refuses(demo: Path, args: tuple[str, ...], message: str) -> None:
    add_cable_purpose(demo)
    before = (demo / CABLE).read_text(encoding="utf-8")
    result = record(demo, "aoba-cable", "policy", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert (demo / CABLE).read_text(encoding="utf-8") == before


def test_empty_summary_gets_a_suggestion(demo: Path) -> None:
    add_cable_purpose(demo)
    result = record(demo, "aoba-cable", "policy", "--date", "2027-01-01")
    assert "データの変更から考えた概要の例: 加入者の利用目的に1件追加" in result.stderr


def test_record_unknown_company_or_document(demo: Path) -> None:
    result = record(demo, "aoba-cabel", "policy", "--date", "2025-10-01", "--summary", "x")
    assert "会社「aoba-cabel」はありません → 次のどれかを指定してください: aoba-hd, aoba-ticket" in result.stderr
    result = record(demo, "aoba-cable", "polcy", "--date", "2025-10-01", "--summary", "x")
    assert "aoba-cable に文書「polcy」はありません → 次のどれかを指定してください: policy" in result.stderr


def test_record_all_records_every_changed_document(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a day after the demo's own amendment of aoba-ticket's announced handling revision (2026-11-29): the amendment
    # made here comes after it, as amendments do
    monkeypatch.setenv("PRIVACY_NOTICES_TODAY", "2026-11-30")
    edit(demo, "content/group.yaml", "      - 給与計算・社会保険の手続\n",
         "      - 給与計算・社会保険の手続\n      - 健康診断の予約の受付\n")
    result = record(demo, "--all", "--date", "2027-01-01", "--summary", "委託する業務の例を追加")
    assert result.returncode == 0, result.stderr
    recorded = sorted(p.parent.relative_to(demo / "versions").as_posix()
                      for p in (demo / "versions").rglob("2027-01-01.md"))
    # every notice that shows the group's outsourcing examples; the BPO company lists its own. aoba-ticket's
    # handling notice has a revision announced for 2027-04-01: it takes the change too, as an amendment
    assert recorded == ["aoba-cable/policy", "aoba-hd/policy", "aoba-shop/policy", "aoba-shop/web-membership",
                        "aoba-ticket/handling", "aoba-ticket/policy"]
    assert (demo / "versions/aoba-ticket/handling/2027-04-01.amended-2026-11-30.md").is_file()
    assert messages(demo, strict=True) == []


FROZEN = "versions/aoba-hd/policy/2022-04-01.md"


def test_edited_frozen_version(demo: Path) -> None:
    path = demo / FROZEN
    path.write_text(path.read_text(encoding="utf-8").replace("株式会社", "(株)", 1), encoding="utf-8")
    assert messages(demo) == [
        f"{FROZEN}:1:1: (ファイル全体): 公開済みの版が書き換えられています (チェックサムが目録と違います)"
        f" → 公開済みの版は変更できません。元に戻してください (git checkout -- {FROZEN})。内容を改めるときは新しい改定を記録してください",
    ]


def test_deleted_frozen_version(demo: Path) -> None:
    (demo / FROZEN).unlink()
    [line] = messages(demo)
    assert line.startswith("versions/manifest.json:")
    assert ": aoba-hd/policy/2022-04-01.md: 公開済みの版のファイルがありません (versions/aoba-hd/policy/2022-04-01.md)" in line


def test_edited_manifest(demo: Path) -> None:
    manifest = demo / "versions" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"]["aoba-hd/policy/2022-04-01.md"] = "0" * 64
    manifest.write_text(json.dumps(data, indent=1), encoding="utf-8")
    assert any("公開済みの版が書き換えられています" in line for line in messages(demo))
    manifest.write_text("{ broken", encoding="utf-8")
    assert messages(demo) == ["versions/manifest.json:1:1: (ファイル全体): 版の目録 (manifest) を読めません"
                              " (JSONDecodeError) → git で versions/manifest.json を元に戻してください"]


def test_stray_file_in_versions(demo: Path) -> None:
    (demo / "versions" / "aoba-hd" / "policy" / "2030-01-01.md").write_text("x", encoding="utf-8")
    assert messages(demo) == [
        "versions/aoba-hd/policy/2030-01-01.md:1:1: (ファイル全体): 目録 (manifest) にない版のファイルです"
        " (aoba-hd/policy/2030-01-01.md) → 版は privacy-notices record で記録してください。手で置いたファイルは削除してください",
    ]


def test_deleted_history_entry(demo: Path) -> None:
    edit(demo, CABLE, "      - date: 2017-05-30\n        summary: 改正個人情報保護法の全面施行に伴う改定\n", "")
    assert "記録済みの版の改定が履歴から消えています (2017-05-30)" in "\n".join(messages(demo))


def site_pages(as_of: str) -> dict[str, str]:
    group, problems = check(ROOT)
    assert group is not None and not problems
    return {p.path: p.text for p in plan_site(group, dt.date.fromisoformat(as_of), Archive(ROOT),
                                              site_url="https://example.jp/").pages}


@pytest.mark.parametrize("as_of, current, upcoming, stem", [
    ("2023-01-01", "2022-04-01", True, "2022-04-01"),  # before the 2023 and 2024 revisions: not yet recorded
    ("2025-01-01", "2024-04-01", True, "2024-04-01"),  # between: the 2027 revision is announced
    # on the day it takes effect, as amended on 2026-11-29 (the demo's 2026-12-01 revision carried into it)
    ("2027-04-01", "2027-04-01", False, "2027-04-01.amended-2026-11-29"),
])
def test_as_of_chooses_the_version_in_force(as_of: str, current: str, upcoming: bool, stem: str) -> None:
    pages = site_pages(as_of)
    base = "aoba-ticket/handling"
    frozen = (ROOT / "versions" / base / f"{stem}.md").read_text(encoding="utf-8")
    # the frozen text, whole, around the page frame's dates and versions under its title
    head, company, rest = frozen.split("\n---\n", 1)[1].strip().partition("{: .pn-company }\n")
    assert company and head + company in pages[f"{base}/index.md"] and rest.strip() in pages[f"{base}/index.md"]
    assert ("改定のお知らせ (施行予定)" in pages[f"{base}/index.md"]) is upcoming
    assert '"robots": "noindex"' not in pages[f"{base}/{current}.md"]
    assert "現在施行中の版" in pages[f"{base}/{current}.md"]
    assert "この版は改定されています" in pages[f"{base}/2019-10-01.md"]


def test_atom_feeds_and_json() -> None:
    pages = site_pages("2026-11-23")
    feed = etree.fromstring(pages["aoba-ticket/handling/feed.xml"].encode("utf-8"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 6  # 2019, 2022, 2023, 2024, and the announced 2026-12-01 and 2027-04-01 revisions
    assert entries[0].findtext("a:title", namespaces=ns).startswith("【施行予定】令和9年4月1日 改定")
    assert entries[0].find("a:category", ns).get("term") == "upcoming"
    assert entries[0].findtext("a:id", namespaces=ns) == "https://example.jp/aoba-ticket/handling/2027-04-01/"
    group_feed = etree.fromstring(pages["feed.xml"].encode("utf-8"))
    assert len(group_feed.findall("a:entry", ns)) == sum(
        len(json.loads(pages[f"{d['url']}versions.json"])["versions"])
        for d in json.loads(pages["versions.json"])["documents"])
    version = json.loads(pages["aoba-hd/joint-use/2024-04-01.json"])
    assert version["status"] == "current"
    assert version["text"] == (ROOT / "versions/aoba-hd/joint-use/2024-04-01.md").read_text(encoding="utf-8")
    assert version["data"]["joint_uses"][0]["responsible"]["name"] == "株式会社あおばホールディングス"


def test_diff_command() -> None:
    result = run_cli("diff", "aoba-hd", "joint-use", "2022-04-01", "2024-04-01", "--root", str(ROOT))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("aoba-hd/joint-use: 2022-04-01 → 2024-04-01\n  ・共同利用の目的を変更\n")
    assert "{+・なりすましや不正な利用を防ぎ、グループ各社のサービスを安全に運営するため / +}" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    as_json = json.loads(run_cli("diff", "aoba-hd", "joint-use", "2022-04-01", "2024-04-01", "--format", "json",
                                 "--root", str(ROOT)).stdout)
    assert as_json["changes"] == ["共同利用の目的を変更"]
    missing = run_cli("diff", "aoba-hd", "joint-use", "2022-04-01", "2024-04-02", "--root", str(ROOT))
    assert missing.returncode == 1
    assert "aoba-hd/joint-use に 2024-04-02 の版はありません → 次のどれかを指定してください: 2019-10-01, 2022-04-01, 2024-04-01" \
        in missing.stderr


def test_history_command() -> None:
    result = run_cli("history", "aoba-ticket", "handling", "--root", str(ROOT))
    assert result.returncode == 0
    announced, amended = result.stdout.splitlines()[-2:]
    assert announced == "  2027-04-01  改定  [版あり]  入場時の顔認証サービスの開始に伴い、取得する情報と利用目的の説明を追加"
    assert amended.startswith("      2026-11-29  修正  2026-12-01 の改定 (")  # the revision's amendment, under it
    assert "  2015-06-01  制定  [本文なし]  制定" in result.stdout


@pytest.mark.parametrize("as_of, in_force, announced", [
    ("2022-06-01", "令和4年4月1日", True),    # between revisions: the 2023 and 2027 ones are still to come
    ("2027-04-01", "令和9年4月1日", False),   # the announced revision takes effect that day
])
def test_build_as_of_a_date(tmp_path: Path, as_of: str, in_force: str, announced: bool) -> None:
    from conftest import make_site_root

    root = make_site_root(ROOT, tmp_path / "root")
    result = run_cli("build", str(root), "--as-of", as_of, "--strict")
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "aoba-ticket" / "handling" / "index.html").read_text(encoding="utf-8")
    assert f"最終改定日 {in_force}" in page
    assert ("改定のお知らせ (施行予定)" in page) is announced


def test_consecutive_pairs_are_compared_in_advance_and_others_in_the_browser(
        group: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from privacy_notices.record import record as record_revision

    monkeypatch.setenv("PRIVACY_NOTICES_TODAY", "2034-04-01")  # the last revision's day: no date is years ahead
    edit(group, "companies/alpha.yaml", "    phones:\n", "    hours: 2022年度の受付時間\n    phones:\n")
    for year in range(2023, 2035):  # 12 more revisions: 14 versions of alpha's policy
        edit(group, "companies/alpha.yaml", f"{year - 1}年度の受付時間", f"{year}年度の受付時間")
        record_revision(group, "alpha", "policy", dt.date(year, 4, 1), f"{year}年の改定")
    checked, problems = check(group)
    assert checked is not None and not problems
    pages = {p.path: p.text for p in plan_site(checked, dt.date(2040, 1, 1), Archive(group)).pages}
    pairs = sorted(p for p in pages if p.startswith("alpha/policy/compare/") and p.endswith("01.md"))
    assert pairs == [f"alpha/policy/compare/{y}-04-01_{y + 1}-04-01.md" for y in range(2022, 2034)]  # n - 1, not n²
    # the change summary of every pair, for the browser's comparison (the engine runs there)
    summaries = json.loads(pages["alpha/policy/compare/summaries.json"])
    versions = len([p for p in pages if p.startswith("alpha/policy/20") and p.endswith("-01.md")])
    assert versions > 10 and len(summaries) == versions * (versions - 1) // 2
    assert summaries["2023-04-01_2030-04-01"] and all(isinstance(line, str) for line in summaries["2023-04-01_2030-04-01"])
    history = pages["alpha/policy/history.md"]
    assert "../compare/?from=" not in history  # every 前の版との比較 is a page: no script needed
    assert "[前の版との比較](compare/2022-04-01_2023-04-01.md)" in history
    assert "[前の版との比較](compare/2033-04-01_2034-04-01.md)" in history
    assert 'data-pairs="2022-04-01_2023-04-01 ' in pages["alpha/policy/compare/index.md"]  # the picker knows them
