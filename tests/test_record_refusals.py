"""``record`` refuses an empty revision and, unless confirmed, a date far ahead (run as a user runs it).

"Today" is never the real clock here: ``run_cli`` sets $PRIVACY_NOTICES_TODAY to conftest.AS_OF
(2026-11-23), and these tests set it explicitly where the boundary matters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit, run_cli

ALPHA = "companies/alpha.yaml"
CHANGE = ("    department: お客様窓口\n", "    department: お客様相談窓口\n")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the repository but the git-ignored cache (.cache/: check keeps its work there)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] != ".cache"}


def record(root: Path, *args: str) -> "subprocess.CompletedProcess[str]":  # noqa: F821
    return run_cli("record", "alpha", "policy", *args, "--root", str(root))


UNCHANGED = ("error: alpha policy: 本文が前の版 (2022-04-01) と同じで、違うのは制定日・改定日だけです。"
             "記録する改定がありません → 改める内容をデータ (companies/ の会社のファイルなど) に書いてから記録してください。"
             "内容を変えないのなら、記録は要りません\n")


def test_a_revision_that_changes_only_its_dates_is_refused(group: Path) -> None:
    before = snapshot(group)
    result = record(group, "--date", "2027-04-01", "--summary", "見直し")
    assert (result.returncode, result.stderr) == (1, UNCHANGED)
    assert snapshot(group) == before  # the history entry it appended is taken back


def test_an_unchanged_text_is_refused_also_when_the_history_entry_was_written_by_hand(group: Path) -> None:
    edit(group, ALPHA, "        summary: 改正法の施行に伴う改定\n",
         "        summary: 改正法の施行に伴う改定\n      - date: 2027-04-01\n        summary: 見直し\n")
    result = record(group, "--date", "2027-04-01")
    assert (result.returncode, result.stderr) == (1, UNCHANGED)
    assert not (group / "versions" / "alpha" / "policy" / "2027-04-01.md").exists()


def test_a_real_change_is_recorded(group: Path) -> None:
    edit(group, ALPHA, *CHANGE)
    result = record(group, "--date", "2027-04-01", "--summary", "窓口の名称を変更")
    assert result.returncode == 0, result.stderr
    assert (group / "versions" / "alpha" / "policy" / "2027-04-01.md").is_file()


FAR = ("error: 施行日 2062-04-01 は今日 (2026-11-23) から2年より先です。年の打ち間違い (2026 を 2062 と打つなど) "
       "ではありませんか → --date の施行日を確かめてください。この日付で正しいときは --far-future を付けて記録してください\n")


def test_a_date_more_than_two_years_ahead_needs_confirming(group: Path) -> None:
    edit(group, ALPHA, *CHANGE)
    before = snapshot(group)
    result = record(group, "--date", "2062-04-01", "--summary", "窓口の名称を変更")
    assert (result.returncode, result.stderr) == (1, FAR)
    assert snapshot(group) == before
    confirmed = record(group, "--date", "2062-04-01", "--summary", "窓口の名称を変更", "--far-future")
    assert confirmed.returncode == 0, confirmed.stderr
    assert (group / "versions" / "alpha" / "policy" / "2062-04-01.md").is_file()


@pytest.mark.parametrize(("today", "date", "refused"), [
    ("2026-11-23", "2028-11-23", False),  # exactly two years ahead: a plan
    ("2026-11-23", "2028-11-24", True),
    ("2028-02-29", "2030-02-28", False),  # two years after 29 February
    ("2028-02-29", "2030-03-01", True),
])
def test_two_years_from_the_injected_today(group: Path, monkeypatch: pytest.MonkeyPatch,
                                           today: str, date: str, refused: bool) -> None:
    monkeypatch.setenv("PRIVACY_NOTICES_TODAY", today)
    edit(group, ALPHA, *CHANGE)
    result = record(group, "--date", date, "--summary", "窓口の名称を変更")
    assert result.returncode == (1 if refused else 0), result.stderr
    assert ("--far-future を付けて記録してください" in result.stderr) is refused


def test_a_malformed_today_is_a_usage_error(group: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACY_NOTICES_TODAY", "2026/11/23")
    result = record(group, "--date", "2027-04-01", "--summary", "x")
    assert (result.returncode, result.stderr) == (
        2, "error: PRIVACY_NOTICES_TODAY の日付は YYYY-MM-DD の形で指定してください (2026/11/23)\n")
