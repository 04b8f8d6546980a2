"""The revisions pages list, as the version model states them on the as-of date.

- :func:`version_info`: under a notice's title, its 制定日, 最終改定日 and 施行日 (of the version the page
  shows) and a strip of its versions (announced, current, earlier), linking to their pages;
- :func:`revision_lists`: the top page's announced revisions and latest revisions.

Both go into the page frame, never into a notice's text: the frozen text stays as it was published.
Nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from .versions import Version, dates_on, entries

EARLIER_SHOWN = 4
"""The strip links this many earlier versions; the history page lists them all."""
LATEST_LISTED = 10
"""The top page lists this many latest revisions (in force, newest first)."""


def version_info(history: Iterable[Any], versions: list[Version], shown: Version | None,
                 date: Callable[[dt.date], str]) -> str:
    """Markdown for under the title: the dates of ``shown`` and the strip of ``versions`` (its siblings)."""
    if shown is None:
        return ""
    return _dates(list(history), shown, date) + "\n" + _strip(versions, shown, date)


def _dates(history: list[Any], shown: Version, date: Callable[[dt.date], str]) -> str:
    if shown.status == "withdrawn":
        return f"施行予定日 {date(shown.date)} (取り下げ)\n{{: .pn-dates }}\n"
    on = dates_on(entries(history), shown.date)  # as the version shown states them
    parts = [f"制定日 {date(on.established)}" if on.established else ""]
    parts.append(f"最終改定日 {date(on.last_revised)}" if on.last_revised else "")
    until = f" ({date(shown.until)}まで)" if shown.until else ""
    parts.append(f"{'施行予定日' if shown.status == 'upcoming' else '施行日'} {date(shown.date)}{until}")
    return "<br>\n".join(p for p in parts if p) + "\n{: .pn-dates }\n"


def _strip(versions: list[Version], shown: Version, date: Callable[[dt.date], str]) -> str:
    kept = [v for v in versions if v.status != "withdrawn" or v == shown]
    announced = [v for v in kept if v.status == "upcoming"]
    current = [v for v in kept if v.status == "current"]
    earlier = [v for v in reversed(kept) if v.status not in ("upcoming", "current")]
    if shown in earlier[EARLIER_SHOWN:]:
        earlier = earlier[:EARLIER_SHOWN - 1] + [shown]
    items = [_item(v, shown, date, "施行予定") for v in reversed(announced)]  # newest first, as the strip reads
    items += [_item(v, shown, date, "現在の版") for v in current]
    items += [_item(v, shown, date, "取り下げ" if v.status == "withdrawn" else "") for v in earlier[:EARLIER_SHOWN]]
    items.append("[すべての版・改定履歴](history.md)")
    return "この文書の版: " + " ・ ".join(items) + "\n{: .pn-versions }\n"


def _item(version: Version, shown: Version, date: Callable[[dt.date], str], label: str) -> str:
    if version == shown:
        return f"**{date(version.date)} ({label + '・' if label else ''}表示中)**"
    text = date(version.date) + (f" ({label})" if label else "")
    target = "index.md" if version.status == "current" else f"{version.date.isoformat()}.md"
    return f"[{text}]({target})"


def insert_under_title(body: str, info: str) -> str:
    """``info`` after the notice's title and company line (``{: .pn-company }``), else after its first heading."""
    lines = body.split("\n")
    heading = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    if heading is None or not info:
        return info + "\n" + body if info else body
    at = heading + 1
    company = next((i for i in range(at, min(at + 4, len(lines))) if lines[i].strip() == "{: .pn-company }"), None)
    at = company + 1 if company is not None else at
    return "\n".join(lines[:at]) + "\n\n" + info + "\n" + "\n".join(lines[at:]).lstrip("\n")


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
