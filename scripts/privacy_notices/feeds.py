"""Machine-readable views of the versions: Atom feeds of revisions and JSON per version.

Outside trackers (and regulators' tools) follow ``feed.xml`` per document, per company and for
the group, announced revisions included; each version's text and resolved data are at
``<YYYY-MM-DD>.json`` and listed in ``versions.json``. Everything is derived from the frozen
versions and their dates, never from the build time, so the files are deterministic.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
JST = "+09:00"


@dataclass(frozen=True)
class Entry:
    """One revision, as a feed entry."""

    path: str
    """The version's page, relative to the site (``aoba-hd/policy/2024-04-01/``)."""
    date: dt.date
    title: str
    summary: str
    changes: tuple[str, ...]
    upcoming: bool


def timestamp(day: dt.date) -> str:
    """Midnight in Tokyo of the day a revision takes effect, as RFC 3339."""
    return f"{day.isoformat()}T00:00:00{JST}"


def atom(site_url: str, feed_path: str, title: str, entries: list[Entry]) -> str:
    """An Atom 1.0 feed, newest first; ids are the entries' permanent URLs."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "ja"})
    _text(feed, "id", _absolute(site_url, feed_path))
    _text(feed, "title", title)
    newest = max((e.date for e in entries), default=dt.date(2000, 1, 1))
    _text(feed, "updated", timestamp(newest))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": _absolute(site_url, feed_path)})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", title.split(" | ")[-1])
    for entry in sorted(entries, key=lambda e: (e.date, e.path), reverse=True):
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(node, "id", _absolute(site_url, entry.path))
        _text(node, "title", ("【施行予定】" if entry.upcoming else "") + entry.title)
        _text(node, "updated", timestamp(entry.date))
        ET.SubElement(node, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                "href": _absolute(site_url, entry.path)})
        lines = [entry.summary, *(f"・{line}" for line in entry.changes)]
        _text(node, "summary", "\n".join(lines))
        if entry.upcoming:
            ET.SubElement(node, f"{{{ATOM}}}category", {"term": "upcoming", "label": "施行予定"})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _absolute(site_url: str, path: str) -> str:
    return urljoin(site_url, path) if site_url else "/" + path


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
