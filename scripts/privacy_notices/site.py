"""Plan the site: every page's path, Markdown text and place in the navigation.

Pure: takes the validated group and the as-of date, returns pages. URLs are stable and
readable: ``/<company>/`` and ``/<company>/<document>/`` (its history at ``.../history/``),
so that the versions of a document can later live at ``/<company>/<document>/<YYYY-MM-DD>/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .loader import Group
from .render import Renderer


@dataclass(frozen=True)
class Page:
    path: str
    """Path of the Markdown file inside the docs folder (``aoba-hd/policy/index.md``)."""
    text: str


@dataclass(frozen=True)
class Site:
    pages: list[Page]
    nav: list[Any]
    """mkdocs ``nav``: the top page, then each company with its documents (history pages stay out)."""


NAV_COMPANY_LIMIT = 30
"""Above this many companies the navigation lists only the top page: mkdocs-material renders the
whole navigation into every page, so a navigation listing every notice makes the build grow
quadratically (see DECISIONS.md). Companies are then reached from the top page's table."""


def plan_site(group: Group, as_of: dt.date) -> Site:
    renderer = Renderer(group, as_of)
    pages = [Page("index.md", renderer.index())]
    nav: list[Any] = [{"トップ": "index.md"}]
    for cid, company in group.companies.items():
        pages.append(Page(f"{cid}/index.md", renderer.company_page(company)))
        entries: list[Any] = [{"会社の概要": f"{cid}/index.md"}]
        for doc_id in company.data.documents:
            doc = renderer.context(company, doc_id)
            if not doc.revisions:
                continue  # not in force yet: announced versions come with the versions feature
            pages.append(Page(f"{cid}/{doc_id}/index.md", renderer.document(doc, company)))
            pages.append(Page(f"{cid}/{doc_id}/history.md", renderer.history(doc, company)))
            entries.append({doc.spec.title: f"{cid}/{doc_id}/index.md"})
        nav.append({company.data.short_name or company.data.name: entries})
    return Site(pages, nav if len(group.companies) <= NAV_COMPANY_LIMIT else nav[:1])
