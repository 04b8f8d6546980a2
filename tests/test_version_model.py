"""The version model: the status of a version on a date, and archived pages that show what was published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit
from privacy_notices.check import check
from privacy_notices.record import record
from privacy_notices.site import plan_site
from privacy_notices.versions import Archive, Entry, dates_on, in_force, statuses

D = dt.date


def test_current_superseded_upcoming() -> None:
    history = [Entry(D(2020, 4, 1), "制定"), Entry(D(2022, 4, 1), "改定"), Entry(D(2027, 4, 1), "予定")]
    found = [(v.date.isoformat(), v.status, v.established, v.until) for v in statuses(history, D(2026, 11, 23))]
    assert found == [("2020-04-01", "superseded", True, D(2022, 3, 31)),
                     ("2022-04-01", "current", False, None),
                     ("2027-04-01", "upcoming", False, None)]


def test_a_version_is_in_force_from_its_first_day() -> None:
    history = [Entry(D(2020, 4, 1)), Entry(D(2022, 4, 1))]
    assert [v.status for v in statuses(history, D(2022, 3, 31))] == ["current", "upcoming"]
    assert [v.status for v in statuses(history, D(2022, 4, 1))] == ["superseded", "current"]
    assert [v.status for v in statuses(history, D(2019, 1, 1))] == ["upcoming", "upcoming"]


def test_withdrawn_announcements_never_take_effect_amended_ones_do() -> None:
    history = [Entry(D(2020, 4, 1)), Entry(D(2027, 4, 1), withdrawn=D(2027, 1, 10)),
               Entry(D(2027, 6, 1), amended=(D(2027, 2, 1), D(2027, 3, 1))), Entry(D(2027, 7, 1))]
    before = statuses(history, D(2027, 1, 1))
    assert [v.status for v in before] == ["current", "upcoming", "upcoming", "upcoming"]
    assert [v.amended for v in before] == [None, None, None, None]
    assert [v.amended for v in statuses(history, D(2027, 2, 15))] == [None, None, D(2027, 2, 1), None]
    after = statuses(history, D(2027, 6, 15))
    assert [v.status for v in after] == ["superseded", "withdrawn", "current", "upcoming"]
    assert (after[1].withdrawn, after[2].amended) == (D(2027, 1, 10), D(2027, 3, 1))
    assert after[0].until == D(2027, 5, 31)  # the withdrawn one never replaced it; the amended one did
    assert [e.date for e in in_force(history, D(2027, 8, 1))] == [D(2020, 4, 1), D(2027, 6, 1), D(2027, 7, 1)]


def test_the_first_version_announced_is_an_enactment_to_come() -> None:
    dates = dates_on([Entry(D(2027, 4, 1))], D(2026, 11, 23))
    assert (dates.established, dates.last_revised, dates.upcoming, dates.first_upcoming) == (None, None, D(2027, 4, 1), True)
    dates = dates_on([Entry(D(2020, 4, 1)), Entry(D(2022, 4, 1)), Entry(D(2027, 4, 1))], D(2026, 11, 23))
    assert (dates.established, dates.last_revised, dates.upcoming, dates.first_upcoming) == \
        (D(2020, 4, 1), D(2022, 4, 1), D(2027, 4, 1), False)


days = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31))


@st.composite
def histories(draw: st.DrawFn) -> list[Entry]:
    dates = sorted(draw(st.sets(days, min_size=1, max_size=8)))
    result = []
    for day in dates:
        kind = draw(st.sampled_from(["plain", "plain", "amended", "withdrawn"]))
        when = draw(st.dates(min_value=D(2014, 1, 1), max_value=day - dt.timedelta(days=1))) if kind != "plain" else None
        amended = tuple(sorted({when, *draw(st.lists(st.dates(min_value=when, max_value=day - dt.timedelta(days=1)),
                                                      max_size=2))})) if kind == "amended" and when else ()
        result.append(Entry(day, "", amended, when if kind == "withdrawn" else None))
    return result


def brute_force(history: list[Entry], as_of: dt.date) -> list[str]:
    """Walk the calendar day by day: the version in force is the last one that started and was not withdrawn
    (an amended one takes effect on its date, with its amended text)."""
    alive = [e for e in history if not (e.withdrawn and e.withdrawn <= as_of)]
    ever_in_force = set()
    day, current = min(e.date for e in history), None
    while day <= as_of:
        started = [e for e in alive if e.date == day]
        if started:
            current = started[-1]
            ever_in_force.add(current.date)
        day += dt.timedelta(days=1)
    result = []
    for e in history:
        if e.withdrawn and e.withdrawn <= as_of:
            result.append("withdrawn")
        elif current is not None and e.date == current.date:
            result.append("current")
        elif e.date in ever_in_force:
            result.append("superseded")
        else:
            result.append("upcoming")
    return result


@settings(max_examples=300, deadline=None)
@given(histories(), days)
def test_statuses_agree_with_walking_the_calendar(history: list[Entry], as_of: dt.date) -> None:
    versions = statuses(history, as_of)
    assert [v.status for v in versions] == brute_force(history, as_of)
    shown = [max((day for day in e.amended if day <= as_of), default=None) for e in history]
    assert [v.amended for v in versions] == shown  # the amendment shown is the last one made by the date
    assert sum(v.status == "current" for v in versions) <= 1


def test_archived_pages_show_the_names_they_were_published_with(group: Path) -> None:
    """A company renamed and a document retitled (a new revision): the old version's pages keep the old names."""
    edit(group, "companies/alpha.yaml", "name: 株式会社アルファ\n", "name: 株式会社アルファ新社\n")
    edit(group, "companies/alpha.yaml", "    title: 個人情報保護方針\n", "    title: 個人情報の保護に関する基本方針\n")
    record(group, "alpha", "policy", D(2027, 4, 1), "社名の変更")
    loaded, _ = check(group, versions=False)
    assert loaded is not None
    pages = {p.path: p.text for p in plan_site(loaded, D(2026, 11, 23), Archive(group)).pages}
    old = pages["alpha/policy/2022-04-01.md"]
    assert 'title: "個人情報保護方針 (令和4年4月1日施行) | 株式会社アルファ"' in old
    assert "\n# 個人情報保護方針\n\n株式会社アルファ\n" in old
    assert "アルファ新社" not in old and "基本方針" not in old
    current = pages["alpha/policy/index.md"]  # the old version is still in force: the old names
    assert 'title: "個人情報保護方針 | 株式会社アルファ"' in current
    history = pages["alpha/policy/history.md"]
    assert "# 改定履歴: 個人情報保護方針\n\n株式会社アルファ\n" in history
    new = pages["alpha/policy/2027-04-01.md"]
    assert 'title: "個人情報の保護に関する基本方針 (令和9年4月1日施行) | 株式会社アルファ新社"' in new
    compare = pages["alpha/policy/compare/2022-04-01_2027-04-01.md"]
    assert "# 比較: 個人情報の保護に関する基本方針\n\n株式会社アルファ新社\n" in compare
    later = {p.path: p.text for p in plan_site(loaded, D(2027, 4, 1), Archive(group)).pages}
    assert 'title: "個人情報保護方針 (令和4年4月1日施行) | 株式会社アルファ"' in later["alpha/policy/2022-04-01.md"]
    assert "# 改定履歴: 個人情報の保護に関する基本方針\n\n株式会社アルファ新社\n" in later["alpha/policy/history.md"]
