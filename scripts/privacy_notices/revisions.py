"""The revisions pages list, as the version model states them on the as-of date.

- :func:`version_info`: under a notice's title, its 制定日, 最終改定日 and 施行日 (of the version the page
  shows) and a strip of its versions (announced, current, earlier), linking to their pages: the values,
  which the frame's template ``pages/parts/version_info.md.j2`` words;
- :func:`revision_lists`: the top page's announced revisions and latest revisions.

Both go into the page frame, never into a notice's text: the frozen text stays as it was published.
Nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from .versions import Version, dates_on, entries

EARLIER_SHOWN = 4
"""The strip links this many earlier versions; the history page lists them all."""
LATEST_LISTED = 10
"""The top page lists this many latest revisions (in force, newest first)."""


def version_info(history: Iterable[Any], versions: list[Version], shown: Version | None) -> dict[str, Any] | None:
    """What goes under the title (``pages/parts/version_info.md.j2`` words it): the dates of ``shown``
    and the strip of ``versions`` (its siblings); None when the page shows no version."""
    if shown is None:
        return None
    return {"dates": _dates(list(history), shown), "strip": _strip(versions, shown)}


def _dates(history: list[Any], shown: Version) -> dict[str, Any]:
    """制定日 and 最終改定日 as the version shown states them; its 施行日 (and until when)."""
    on = dates_on(entries(history), shown.date)
    withdrawn = shown.status == "withdrawn"
    return {"date": shown.date, "status": shown.status, "until": shown.until,
            "established": None if withdrawn else on.established, "last_revised": None if withdrawn else on.last_revised}


def _strip(versions: list[Version], shown: Version) -> list[dict[str, Any]]:
    """The versions the strip links, newest first: announced, current, then EARLIER_SHOWN earlier ones
    (the shown one among them even when older); withdrawn ones only when shown."""
    kept = [v for v in versions if v.status != "withdrawn" or v == shown]
    announced = [v for v in kept if v.status == "upcoming"]
    current = [v for v in kept if v.status == "current"]
    earlier = [v for v in reversed(kept) if v.status not in ("upcoming", "current")]
    if shown in earlier[EARLIER_SHOWN:]:
        earlier = earlier[:EARLIER_SHOWN - 1] + [shown]
    return [{"date": v.date, "status": v.status, "shown": v == shown,
             "target": "index.md" if v.status == "current" else f"{v.date.isoformat()}.md"}
            for v in [*reversed(announced), *current, *earlier[:EARLIER_SHOWN]]]


def split_under_title(body: str) -> tuple[str, str]:
    """``body`` cut where the version information goes: after the notice's title and company line
    (``{: .pn-company }``), else after its first heading; ("", body) when it has no heading."""
    lines = body.split("\n")
    heading = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    if heading is None:
        return "", body
    at = heading + 1
    company = next((i for i in range(at, min(at + 4, len(lines))) if lines[i].strip() == "{: .pn-company }"), None)
    at = company + 1 if company is not None else at
    return "\n".join(lines[:at]), "\n".join(lines[at:]).lstrip("\n")


@dataclass(frozen=True)
class Listed:
    """One revision on the top page."""

    date: dt.date
    company: str
    """The company's id (its folder)."""
    company_name: str
    document: str
    title: str
    summary: str
    established: bool
    link: str
    """The page of the version, from the top page (``<company>/<document>/<date>.md``)."""


@dataclass(frozen=True)
class Revisions:
    announced: list[Listed]
    """Revisions announced and not yet in force, soonest first."""
    latest: list[Listed]
    """The last LATEST_LISTED revisions in force (current or superseded), newest first."""


def revision_lists(documents: Iterable[tuple[Any, str, list[Version]]], limit: int = LATEST_LISTED) -> Revisions:
    """``documents``: (company, document id, its versions on the as-of date) for every document."""
    announced: list[Listed] = []
    done: list[Listed] = []
    position: dict[Listed, int] = {}
    for number, (company, doc_id, versions) in enumerate(documents):
        spec = company.data.documents[doc_id]
        for v in versions:
            listed = Listed(v.date, company.id, company.data.name, doc_id, spec.title, v.summary, v.established,
                            f"{company.id}/{doc_id}/{v.date.isoformat()}.md")
            if v.status == "upcoming":
                announced.append(listed)
            elif v.status in ("current", "superseded"):
                done.append(listed)
            position[listed] = number
    latest = sorted(done, key=lambda r: (-r.date.toordinal(), position[r]))  # same day: the register's order
    return Revisions(sorted(announced, key=lambda r: (r.date, position[r])), latest[:limit])
