"""Which version of a document is in force on a date: one pure function over its history.

A document's history is a list of entries (effective date, summary, and the days on which an announced
revision was amended or withdrawn). :func:`statuses` gives each entry its status on a date; the site,
the renderer, the review report and the check all ask it, so "in force" is decided in one place
(DECISIONS.md 12, 27, issue 10).

- ``current``: the last entry in force on the date (at most one);
- ``superseded``: in force earlier, replaced since (``until`` is its last day);
- ``upcoming``: announced, takes effect after the date;
- ``withdrawn``: an announced revision withdrawn before it took effect (取り下げ): never in force;
- ``amended``: not an entry's status but an earlier announcement's, replaced by an amended text of the
  same version before it took effect. An amended version takes effect on its date with its latest
  text: amending changes its ``amended`` day (the last amendment by the date), not its status.

Nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Literal

Status = Literal["current", "superseded", "upcoming", "amended", "withdrawn"]
STATUSES: tuple[Status, ...] = ("current", "superseded", "upcoming", "amended", "withdrawn")


@dataclass(frozen=True)
class Entry:
    """One entry of a document's history, as the version model reads it."""

    date: dt.date
    """Effective date (施行日)."""
    summary: str = ""
    amended: tuple[dt.date, ...] = ()
    """The days on which the announced text was amended (``record --amend``), oldest first."""
    withdrawn: dt.date | None = None
    """The day this announcement was withdrawn (``withdraw``)."""


@dataclass(frozen=True)
class Version:
    """One entry with its status on the as-of date."""

    date: dt.date
    summary: str
    established: bool
    """True for the first version that takes effect (制定), False for revisions (改定)."""
    status: Status
    until: dt.date | None
    """The day before the next version took effect, for superseded ones."""
    amended: dt.date | None = None
    """The day of the last amendment made by the as-of date (None: shown as first announced)."""
    withdrawn: dt.date | None = None
    """The day it was withdrawn, for withdrawn ones."""


def entries(history: Iterable[Any]) -> list[Entry]:
    """The version model's view of a history (``model.Revision`` items, or anything with ``date``)."""
    return [Entry(r.date, getattr(r, "summary", "") or "", tuple(sorted(_day(a) for a in getattr(r, "amended", None) or ())),
                  _day(getattr(r, "withdrawn", None))) for r in history]


def _day(value: Any) -> Any:
    """A date, or the ``on`` of a ``model.Amendment``/``model.Withdrawal``."""
    return getattr(value, "on", value)


def _replaced(entry: Entry, as_of: dt.date) -> Status | None:
    if entry.withdrawn is not None and entry.withdrawn <= as_of:
        return "withdrawn"
    return None


def statuses(history: Iterable[Entry], as_of: dt.date) -> list[Version]:
    """Every entry, oldest first, with its status on ``as_of``."""
    ordered = sorted(history, key=lambda e: e.date)
    effective = [e for e in ordered if _replaced(e, as_of) is None]
    in_force = [e for e in effective if e.date <= as_of]
    current = in_force[-1] if in_force else None
    first = effective[0] if effective else None
    result = []
    for entry in ordered:
        status = _replaced(entry, as_of) or ("current" if entry is current else
                                              "upcoming" if entry.date > as_of else "superseded")
        following = next((e.date for e in effective if e.date > entry.date), None)
        until = following - dt.timedelta(days=1) if following and status == "superseded" else None
        amended = [day for day in entry.amended if day <= as_of]
        result.append(Version(entry.date, entry.summary, entry is first, status, until,
                              amended[-1] if amended else None, entry.withdrawn if status == "withdrawn" else None))
    return result


def in_force(history: Iterable[Entry], as_of: dt.date) -> list[Entry]:
    """The entries that have taken effect by ``as_of`` (withdrawn ones left out), oldest first."""
    kept = {v.date for v in statuses(history, as_of) if v.status in ("current", "superseded")}
    return [e for e in sorted(history, key=lambda e: e.date) if e.date in kept]


@dataclass(frozen=True)
class Dates:
    """What a page listing a document states on a date: 制定日, 最終改定日 and the next announced date."""

    established: dt.date | None
    last_revised: dt.date | None
    upcoming: dt.date | None
    """The first announced version after the date, if any."""
    first_upcoming: bool
    """True when no version is in force yet and the first one is announced (制定予定)."""


def dates_on(history: Iterable[Entry], as_of: dt.date) -> Dates:
    """The dates a company or top page shows for a document on ``as_of``."""
    versions = statuses(list(history), as_of)
    shown = [v for v in versions if v.status in ("current", "superseded")]
    upcoming = [v for v in versions if v.status == "upcoming"]
    return Dates(shown[0].date if shown else None, shown[-1].date if len(shown) > 1 else None,
                 upcoming[0].date if upcoming else None, not shown and bool(upcoming))
