"""The group's list of joint users (共同して利用する者の一覧): one versioned document instead of a table in
every notice (DECISIONS.md 34)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import MINIMAL, edit, make_site_root, messages, mkdocs_build, run_cli

LIST_SETTINGS = ("    responsible: alpha\n", "    responsible: alpha\n    scope: 当社および当社の連結子会社\n    listing: document\n")
LIST_DOCUMENT = "joint_users:\n  history:\n    - date: 2026-04-01\n      summary: 制定\n"


def use_list(root: Path) -> None:
    """Switch the fixture group's joint use to the list document (not recorded yet)."""
    edit(root, "content/group.yaml", *LIST_SETTINGS)
    with open(root / "content/group.yaml", "a", encoding="utf-8") as file:
        file.write(LIST_DOCUMENT)


def record(root: Path, *args: str) -> None:
    result = run_cli("record", *args, "--root", str(root))
    assert result.returncode == 0, result.stderr


@pytest.fixture
def listed(group: Path) -> Path:
    """The fixture group using the list document, everything recorded on 2026-04-01."""
    use_list(group)
    record(group, "group", "joint-users", "--date", "2026-04-01", "--summary", "制定")
    record(group, "--all", "--date", "2026-04-01", "--summary", "共同して利用する者を一覧に掲載")
    assert messages(group) == []
    return group


def frozen_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "versions").rglob("*") if p.is_file()}


def test_not_recorded_list_names_the_command(group: Path) -> None:
    use_list(group)
    found = [m for m in messages(group) if "joint_users" in m]
    assert found == ["content/group.yaml:43:7: joint_users.history[0]: 改定の版が記録されていません (2026-04-01)"
                     " → privacy-notices record group joint-users --date 2026-04-01 --summary '制定'"]


def test_list_is_frozen_and_notices_link_to_it(listed: Path) -> None:
    text = (listed / "versions/group/joint-users/2026-04-01.md").read_text(encoding="utf-8")
    assert "1. 株式会社アルファ\n2. 株式会社ベータ\n" in text
    assert "共同して利用する者の範囲: 当社および当社の連結子会社" in text
    data = json.loads((listed / "versions/group/joint-users/2026-04-01.json").read_text(encoding="utf-8"))
    assert data["joint_uses"] == [{"id": "group", "title": "個人情報の共同利用について", "scope": "当社および当社の連結子会社",
                                   "members": ["株式会社アルファ", "株式会社ベータ"]}]
    manifest = json.loads((listed / "versions/manifest.json").read_text(encoding="utf-8"))["files"]
    assert "group/joint-users/2026-04-01.md" in manifest
    notice = (listed / "versions/alpha/policy/2026-04-01.md").read_text(encoding="utf-8")
    assert ("| 共同して利用する者の範囲 | 当社および当社の連結子会社<br>(共同して利用する会社の名称は"
            "「[共同して利用する者の一覧](../../group/joint-users/index.md)」に掲載しています) |") in notice
    assert "株式会社ベータ" not in notice  # the names are in the list only
    notice_data = json.loads((listed / "versions/alpha/policy/2026-04-01.json").read_text(encoding="utf-8"))
    assert "members" not in notice_data["joint_uses"][0] and notice_data["joint_uses"][0]["listing"] == "document"
    history = run_cli("history", "group", "joint-users", "--root", str(listed))
    assert history.returncode == 0 and "2026-04-01  制定  [版あり]  制定" in history.stdout


def add_company(root: Path, cid: str, name: str) -> None:
    """A new company joins the group (``participants`` omitted: all), with its own first notice."""
    text = (MINIMAL / "companies/beta.yaml").read_text(encoding="utf-8").replace("株式会社ベータ", name)
    text = text.replace("date: 2021-10-01", "date: 2026-10-01")
    (root / "companies" / f"{cid}.yaml").write_text(text, encoding="utf-8")
    edit(root, "content/group.yaml", "  - beta\n", f"  - beta\n  - {cid}\n")


def test_adding_a_company_asks_for_one_revision_of_the_list(listed: Path) -> None:
    before = frozen_files(listed)
    add_company(listed, "gamma", "株式会社ガンマ")
    found = messages(listed)
    unrecorded = [m for m in found if "改定が記録されていません" in m or "改定の版が記録されていません" in m]
    assert unrecorded == [
        "companies/gamma.yaml:26:9: documents.policy.history[0]: 改定の版が記録されていません (2026-10-01)"
        " → privacy-notices record gamma policy --date 2026-10-01 --summary '制定'",
        "content/group.yaml:43:3: joint_users: 公開される本文が最新の版と違うのに、改定が記録されていません"
        " (group/joint-users の 2026-04-01 の版) → privacy-notices record group joint-users --date YYYY-MM-DD"
        " --summary '改定の概要' (YYYY-MM-DD は施行日)\n   データの変更から考えた概要の例: 共同利用者に株式会社ガンマを追加"]
    assert found == unrecorded  # no other company's notice changes
    result = run_cli("record", "--all", "--date", "2026-10-01", "--summary", "株式会社ガンマの参加", "--root", str(listed))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == ["group/joint-users: 改定を記録し、2026-10-01 の版を凍結しました"]
    record(listed, "gamma", "policy", "--date", "2026-10-01", "--summary", "制定")
    assert messages(listed) == []
    after = frozen_files(listed)
    added = sorted(set(after) - set(before))
    assert added == ["versions/gamma/policy/2026-10-01.json", "versions/gamma/policy/2026-10-01.md",
                     "versions/gamma/policy/2026-10-01.pdf",  # each version's PDF, recorded with it (DECISIONS.md 44)
                     "versions/group/joint-users/2026-10-01.json", "versions/group/joint-users/2026-10-01.md",
                     "versions/group/joint-users/2026-10-01.pdf"]
    assert all(after[name] == before[name] for name in before if name != "versions/manifest.json")
    assert "3. 株式会社ガンマ" in (listed / "versions/group/joint-users/2026-10-01.md").read_text(encoding="utf-8")


def test_a_notice_before_the_list_names_its_company(listed: Path) -> None:
    add_company(listed, "gamma", "株式会社ガンマ")
    record(listed, "gamma", "policy", "--date", "2026-10-01", "--summary", "制定")
    record(listed, "group", "joint-users", "--date", "2026-11-01", "--summary", "株式会社ガンマの参加")
    assert messages(listed) == [
        "companies/gamma.yaml:26:9: documents.policy.history[0]: この文書の施行日に施行されている「共同して利用する者の一覧」に、"
        "この会社が載っていません (gamma/policy の施行日 2026-10-01、一覧の 2026-04-01 の版 (共同利用 group))"
        " → この会社を加えた一覧の改定を 2026-10-01 以前の施行日で記録してください"
        " (privacy-notices record group joint-users --date YYYY-MM-DD --summary …)"]


def test_a_notice_linking_before_the_list_is_in_force(group: Path) -> None:
    use_list(group)
    record(group, "group", "joint-users", "--date", "2026-04-01", "--summary", "制定")
    record(group, "--all", "--date", "2026-03-01", "--summary", "共同して利用する者を一覧に掲載")
    found = [m for m in messages(group) if "まだ施行されていません" in m]
    assert found == [
        "companies/alpha.yaml:26:9: documents.policy.history[2]: 「共同して利用する者の一覧」がこの文書の施行日には"
        "まだ施行されていません (alpha/policy の施行日 2026-03-01、一覧の最初の版 2026-04-01)"
        " → この文書の改定の施行日を 2026-04-01 以後にするか、一覧を 2026-03-01 以前に制定してください (各社の文書は一覧にリンクします)",
        "companies/beta.yaml:28:9: documents.policy.history[1]: 「共同して利用する者の一覧」がこの文書の施行日には"
        "まだ施行されていません (beta/policy の施行日 2026-03-01、一覧の最初の版 2026-04-01)"
        " → この文書の改定の施行日を 2026-04-01 以後にするか、一覧を 2026-03-01 以前に制定してください (各社の文書は一覧にリンクします)"]


def test_listing_document_needs_the_list_and_a_scope(group: Path) -> None:
    edit(group, "content/group.yaml", "    responsible: alpha\n", "    responsible: alpha\n    listing: document\n")
    assert [m for m in messages(group, versions=False) if "listing" in m] == [
        "content/group.yaml:36:14: joint_uses[0].listing: 共同して利用する者の一覧 (joint_users) がありません"
        "【個人情報保護法27条5項3号 (共同して利用する者の範囲)】 (group)"
        " → content/group.yaml に joint_users: を書き、history: に一覧の制定の日付と概要を書いてください。"
        "各社の文書に会社名を載せるときは listing: table にしてください",
        "content/group.yaml:36:14: joint_uses[0].listing: 共同して利用する者の範囲の説明 (scope) が書かれていません"
        "【個人情報保護法27条5項3号 (共同して利用する者の範囲)】 (group)"
        " → scope: に範囲を説明する文を書いてください (例: 当社および当社の連結子会社)。各社の文書にはこの文と一覧へのリンクが載ります"]


def test_unused_list_is_a_warning(group: Path) -> None:
    with open(group / "content/group.yaml", "a", encoding="utf-8") as file:
        file.write(LIST_DOCUMENT)
    assert [m for m in messages(group, versions=False) if "joint_users" in m] == [
        "content/group.yaml:40:3: joint_users: 警告: 共同して利用する者の一覧 (joint_users) に載せる共同利用がありません【推奨】"
        " → 一覧を使う共同利用に listing: document と scope: を書いてください"]


def test_embedded_table_is_unchanged_by_default(group: Path) -> None:
    """A group that sets nothing keeps the table of names in every notice, as frozen before."""
    import datetime as dt

    from privacy_notices.loader import load_group
    from privacy_notices.render import render_version

    loaded, _ = load_group(group)
    assert loaded is not None
    text, data = render_version(loaded, loaded.companies["beta"], "policy", dt.date(2021, 10, 1))
    frozen = (group / "versions/beta/policy/2021-10-01.md").read_text(encoding="utf-8")
    row = "| 共同して利用する者の範囲 | 株式会社アルファ<br>株式会社ベータ |\n"
    assert row in text and row in frozen
    assert text.split("共同して利用", 1)[1].split("##", 1)[0] == frozen.split("共同して利用", 1)[1].split("##", 1)[0]
    assert data["joint_uses"][0]["members"] == ["株式会社アルファ", "株式会社ベータ"] and "listing" not in data["joint_uses"][0]


def test_all_with_the_table_warns_in_a_large_group(group: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from privacy_notices.lint import consistency

    monkeypatch.setattr(consistency, "JOINT_TABLE_LIMIT", 1)
    assert [m for m in messages(group, versions=False) if "participants" in m] == [
        "content/group.yaml:34:5: joint_uses[0].participants: 警告: participants: all の共同利用の会社名を、"
        "参加する全社の文書に載せています【推奨】 (2社) → 会社を加えるたびに全社の文書の改定が要ります。listing: document と scope: を書き、"
        "会社名は共同して利用する者の一覧 (joint_users) に載せてください"]


def test_list_pages_feed_and_link_in_the_built_site(listed: Path, tmp_path: Path) -> None:
    add_company(listed, "gamma", "株式会社ガンマ")
    record(listed, "group", "joint-users", "--date", "2026-10-01", "--summary", "株式会社ガンマの参加")
    record(listed, "gamma", "policy", "--date", "2026-10-01", "--summary", "制定")
    root = make_site_root(listed, tmp_path / "root")
    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    base = site / "group/joint-users"
    for page in ("index.html", "history/index.html", "2026-04-01/index.html", "2026-10-01/index.html",
                 "compare/2026-04-01_2026-10-01/index.html", "2026-10-01.json", "versions.json", "feed.xml"):
        assert (base / page).is_file(), page
    assert "株式会社ガンマ" in (base / "index.html").read_text(encoding="utf-8")
    compare = (base / "compare/2026-04-01_2026-10-01/index.html").read_text(encoding="utf-8")
    assert "共同利用者に株式会社ガンマを追加" in compare
    feed = (base / "feed.xml").read_text(encoding="utf-8")
    assert "改定: 共同して利用する者の一覧 | テスト用グループ" in feed
    assert "group/joint-users/2026-10-01/" in (site / "feed.xml").read_text(encoding="utf-8")
    versions = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    assert any(d["company"] == "group" and d["document"] == "joint-users" for d in versions["documents"])
    for notice in ("alpha/policy/index.html", "alpha/policy/2026-04-01/index.html", "gamma/policy/index.html"):
        html = (site / notice).read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"]*group/joint-users/)"', html)
        assert hrefs, notice
        target = (site / notice).parent.joinpath(hrefs[0]).resolve() / "index.html"
        assert target == (base / "index.html").resolve() and target.is_file()
