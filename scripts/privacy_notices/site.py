"""Plan the site: every page's path, text and place in the navigation.

Takes the validated group, its frozen versions and the as-of date; returns pages (Markdown, or
JSON/Atom files) without writing anything. URLs are stable and readable:

- ``/<company>/<document>/``: the version in force on the as-of date (with the 施行予定 notice);
- ``/<company>/<document>/<YYYY-MM-DD>/``: every version, forever (superseded ones point to the
  current one, are ``noindex`` and left out of search);
- ``/<company>/<document>/<YYYY-MM-DD>.original/``, ``.../<YYYY-MM-DD>.amended-<ON>/``: an announced
  version's earlier announcements, once it was amended (the version's own address shows the latest);
- ``/<company>/<document>/history/``: every 制定/改定 (修正, 取り下げ), with links to versions and comparisons;
- ``/<company>/<document>/compare/<A>_<B>/``: the comparison of two versions;
- ``.../<YYYY-MM-DD>.json``, ``versions.json`` and ``feed.xml``: for outside trackers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import combinations
from typing import Any, Callable, Generator, Iterable, Iterator

from markupsafe import Markup

from .cache import Cache
from .dates import format_date
from .feeds import Entry, atom, to_json
from .forms import form_files
from .joint_users import DOCUMENT_ID as LIST_DOCUMENT
from .joint_users import LIST_PAGE, list_publisher
from .layout import CACHE_DIR
from .loader import Company, Group
from .render import Renderer, environment, render_version
from .revisions import revision_lists, split_under_title, version_info
from .version_pdf import body_of, index_entry, published
from .versions import Archive, Frozen, Version, entries, group_head, statuses
from .versions import Entry as HistoryEntry

NAV_COMPANY_LIMIT = 30
"""Above this many companies the navigation lists only the top page: mkdocs-material renders the
whole navigation into every page, so a navigation listing every notice makes the build grow
quadratically (see DECISIONS.md). Companies are then reached from the top page's table."""



@dataclass(frozen=True)
class Page:
    path: str
    """Path inside the docs folder (``aoba-hd/policy/index.md``, ``aoba-hd/feed.xml``)."""
    text: str | bytes | None
    """The page's text; bytes for a file published as it is (a request form, ``forms.py``); None for a page
    made by the last plan and unchanged since (``plan_site(kept=...)``): the file written then stays."""


@dataclass(frozen=True)
class Site:
    pages: Iterable[Page]
    """Made as they are read: read them once (``list(site.pages)`` to keep them)."""
    nav: list[Any]
    """mkdocs ``nav``: the top page, then each company with its documents (versions stay out)."""


def versions_of(company: Company, doc_id: str, archive: Archive, as_of: dt.date) -> list[Version]:
    """The frozen versions of a document with their status on ``as_of`` (the version model decides).

    Revisions older than the first frozen version (before the archive) take part, so that the first
    frozen version of a document adopted late is still a 改定, then are left out: they have no text."""
    history = {e.date: e for e in entries(company.data.documents[doc_id].history)}
    dates = archive.dates(company.id, doc_id)
    legacy = [e for day, e in history.items() if dates and day < dates[0]]
    frozen = [history.get(day, HistoryEntry(day)) for day in dates]
    kept = set(dates)
    return [v for v in statuses(legacy + frozen, as_of) if v.date in kept]


def plan_site(group: Group, as_of: dt.date, archive: Archive, drafts: bool = False, site_url: str = "",
              kept: Kept | None = None) -> Site:
    """Every page of the site as of ``as_of``; ``drafts`` shows unrecorded edits (mkdocs serve).

    ``site_url`` makes the feeds' links absolute, as Atom wants them. The navigation is known at once;
    the pages are made as they are read (read them once), so that a build writes each page when it is
    made instead of holding the whole site in memory (DECISIONS.md 46). ``kept``: what the last plan of
    this process wrote (mkdocs serve); a company whose inputs did not change since is not planned again,
    its pages come back with ``text`` None (written then, unchanged since).
    """
    publisher = list_publisher(group)  # the group's list of joint users: a document like the others
    nav: list[Any] = [{"トップ": "index.md"}]
    if publisher is not None:
        nav.append({publisher.data.documents[LIST_DOCUMENT].title: LIST_PAGE})
    if len(group.companies) <= NAV_COMPANY_LIMIT:
        nav += [{company.data.short_name or company.data.name:
                 [{"会社の概要": f"{cid}/index.md"}] + [{spec.title: f"{cid}/{doc_id}/index.md"}
                                                    for doc_id, spec in company.data.documents.items()]}
                for cid, company in group.companies.items()]
    nav.append({"このサイトについて": "about.md"})
    return Site(_pages(group, as_of, archive, drafts, site_url, publisher, kept), nav)


@dataclass(frozen=True)
class Planned:
    """What is kept of one company's pages once made: their paths, and what the group's pages take from them."""

    keys: tuple[str, str]
    """What its pages were made from (:meth:`Kept.keys`): its versions' pages, then its page."""
    archive: tuple[str, ...]
    """The pages of its documents' versions (every page but the company's page and its documents' pages)."""
    current: tuple[tuple[str, str], ...]
    """Each document's page (the version in force, or the draft) with the key of what it shows."""
    entries: tuple[Entry, ...]
    """Its feed's entries, every document's."""
    documents: tuple[tuple[str, tuple[Version, ...], dict[str, Any]], ...]
    """Each document's id, versions on the as-of date and entry in versions.json."""
    pdfs: tuple[tuple[str, str, Frozen], ...]
    """Each version's PDF: its path, the document and the announcement it shows."""


class Kept:
    """What the last :func:`plan_site` of this process made of each company, with the keys of what it was made
    from. `mkdocs serve` plans the site after every save: the pages a save left unchanged are not made again
    (issue 14: an edit of one company shown within 1 s at 100 companies x 20 revisions).

    Keys, from :func:`.rendered.page_keys` with the package, the as-of date, ``drafts``, ``site_url`` and the
    company's frozen files (their SHA-256 in the manifest): the pages of a company's versions (history,
    versions, comparisons, JSON, feed) read only its own file and its frozen files; a document's page also
    shows the notice rendered from today's data (a draft), which may name other companies (a joint use's
    members): its key adds that text, as ``check`` rendered it; the company's page is rendered with every
    company at hand, so its key adds the files of the companies any template may show. A file of
    ``content/`` or ``templates/`` changes every key."""

    def __init__(self) -> None:
        self.planned: dict[str, Planned] = {}
        self.made: dict[str, Planned] = {}
        """What the plan under way made: kept once its pages are all written (:meth:`written`)."""
        self.group_pages: dict[str, Any] = {}
        self.group_made: dict[str, Any] = {}
        """The group's feed and versions.json, by what they were made from (the same for the one under way)."""

    def written(self) -> None:
        """The pages of the last plan are all on disk: the next plan may keep them. Until then (a plan or a
        write that failed half-way) nothing is kept, and the next plan makes every page."""
        self.planned, self.made = self.made, {}
        self.group_pages, self.group_made = self.group_made, {}

    def clear(self) -> None:
        self.planned, self.made, self.group_pages, self.group_made = {}, {}, {}, {}

    def page(self, path: str, made_from: Any, make: Callable[[], str]) -> Page:
        """A page of the whole group (its feed, versions.json): kept when made from what it was made from last."""
        self.group_made[path] = made_from
        return Page(path, None if self.group_pages.get(path, _NOTHING) == made_from else make())

    @staticmethod
    def keys(group: Group, archive: Archive, as_of: dt.date, drafts: bool, site_url: str) -> dict[str, tuple[str, str]]:
        from .cache import code_version
        from .rendered import page_keys

        frozen = archive.by_company()
        base = (code_version(), as_of.isoformat(), str(drafts), site_url)
        return {cid: (_digest(*base, keys.own, frozen.get(cid, "")), _digest(*base, keys.pages, frozen.get(cid, "")))
                for cid, keys in page_keys(archive.root, group, as_of, environment(archive.root)).items()}


_NOTHING = object()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _pages(group: Group, as_of: dt.date, archive: Archive, drafts: bool, site_url: str,
           publisher: Company | None, kept: Kept | None) -> Iterator[Page]:
    renderer = Renderer(group, as_of)
    yield Page("about.md", renderer.about())
    keys = Kept.keys(group, archive, as_of, drafts, site_url) if kept is not None else {}
    earlier, made_before = (kept.planned, kept.group_pages) if kept is not None else ({}, {})
    if kept is not None:
        kept.clear()  # until this plan's pages are written, nothing is kept
    now: dict[str, Planned] = {}
    listed: list[tuple[Company, str, list[Version]]] = []
    group_entries: list[Entry] = []
    index: list[dict[str, Any]] = []
    jobs: list[tuple[str, Company, str, Frozen]] = []  # the versions' PDFs are made together, in parallel
    unchanged: list[str] = []  # the PDFs of the versions' pages kept
    for cid, company in group.companies.items():
        before = earlier.get(cid)
        planned = yield from _company_pages(group, renderer, archive, company, as_of, drafts, site_url,
                                            keys.get(cid, ("", "")), before if cid in keys else None)
        if before is not None and before.archive == planned.archive and before.keys[0] == planned.keys[0]:
            unchanged += [path for path, _, _ in planned.pdfs]
        else:
            jobs += [(path, company, doc_id, frozen) for path, doc_id, frozen in planned.pdfs]
        if cid in keys:
            now[cid] = planned
        for doc_id, versions, entry in planned.documents:
            listed.append((company, doc_id, list(versions)))
            index.append(entry)
        group_entries += planned.entries
    if kept is not None:
        kept.made, kept.group_pages = now, made_before
    if publisher is not None:
        doc_pages = DocumentPages(group, renderer, archive, publisher, LIST_DOCUMENT, as_of, drafts, site_url)
        yield Page(f"{doc_pages.base}/index.md", doc_pages.current_page())
        yield from doc_pages.pages()
        jobs += doc_pages.pdf_jobs()
        group_entries += doc_pages.entries()
        index.append(doc_pages.index())
    title = f"改定のお知らせ | {group.file.name}"
    make_feed = lambda: atom(site_url, "feed.xml", title, group_entries)  # noqa: E731
    yield kept.page("feed.xml", (site_url, title, group_entries), make_feed) if kept is not None else Page("feed.xml", make_feed())
    yield from (Page(path, data) for path, data in form_files(group).items())  # at their path under content/
    if group.file.pdf:  # every version's PDF: the one recorded with it (DECISIONS.md 44), else rendered once (37)
        yield from (Page(path, data) for path, data in published(archive, jobs, site_url))
        yield from (Page(path, None) for path in unchanged)
    head = group_head({f"{d['company']}/{d['document']}": d["chain"] for d in index if d["chain"]})
    versions = {"as_of": as_of.isoformat(), "chain_head": head, "documents": index}
    yield kept.page("versions.json", versions, lambda: to_json(versions)) if kept is not None else Page("versions.json", to_json(versions))
    yield Page("index.md", renderer.index(revision_lists(listed)))  # last: once every version is known


def _company_pages(group: Group, renderer: Renderer, archive: Archive, company: Company, as_of: dt.date,
                   drafts: bool, site_url: str, keys: tuple[str, str], before: Planned | None
                   ) -> Generator[Page, None, Planned]:
    """The pages of one company (its page, its documents', its feed), yielded as they are made; those
    ``before`` (the last plan's) made from the same inputs are given without text (:class:`Kept`)."""
    if before is None or before.keys[1] != keys[1]:
        yield Page(f"{company.id}/index.md", renderer.company_page(company))
    else:
        yield Page(f"{company.id}/index.md", None)
    same = before is not None and before.keys[0] == keys[0]
    if same and before is not None and not drafts:  # a document's page shows no draft: its key is the company's
        yield from (Page(path, None) for path, _ in before.current)
        yield from (Page(path, None) for path in before.archive)
        return replace(before, keys=keys)
    documents = [DocumentPages(group, renderer, archive, company, doc_id, as_of, drafts, site_url)
                 for doc_id in company.data.documents]
    current = tuple((f"{d.base}/index.md", _digest(keys[0], *(() if d.live_text is None else ("draft", d.live_text))))
                    for d in documents)
    shown = dict(before.current) if same and before is not None else {}
    for (path, key), d in zip(current, documents):
        yield Page(path, None if shown.get(path) == key else d.current_page())
    if same and before is not None:
        yield from (Page(path, None) for path in before.archive)
        return replace(before, keys=keys, current=current)
    paths: list[str] = []
    entries: list[Entry] = []
    for doc_pages in documents:
        for page in doc_pages.pages():
            paths.append(page.path)
            yield page
        entries += doc_pages.entries()
    feed = f"{company.id}/feed.xml"
    paths.append(feed)
    yield Page(feed, atom(site_url, feed, f"改定のお知らせ | {company.data.name}", entries))
    return Planned(keys, tuple(paths), current, tuple(entries),
                   tuple((d.doc_id, tuple(d.versions), d.index()) for d in documents),
                   tuple((path, d.doc_id, frozen) for d in documents for path, _, _, frozen in d.pdf_jobs()))


class DocumentPages:
    """The pages of one document: current, every version, history and comparisons."""

    def __init__(self, group: Group, renderer: Renderer, archive: Archive, company: Company, doc_id: str,
                 as_of: dt.date, drafts: bool, site_url: str = "") -> None:
        self.group, self.renderer, self.archive, self.site_url = group, renderer, archive, site_url
        self.cache = Cache(archive.root / CACHE_DIR)
        self._changes: dict[tuple[dt.date, dt.date], list[str]] = {}
        self.company, self.doc_id, self.as_of, self.drafts = company, doc_id, as_of, drafts
        self.spec = company.data.documents[doc_id]
        self.base = f"{company.id}/{doc_id}"
        self.versions = versions_of(company, doc_id, archive, as_of)
        style = self.spec.date_style or company.data.date_style or "era"
        self.date = lambda day: format_date(day, style)

    def frozen(self, version: Version) -> Frozen:
        """The version's text as it stood on the as-of date: its latest announcement by then."""
        return self.archive.latest(self.company.id, self.doc_id, version.date, self.as_of)

    def earlier(self, version: Version) -> list[Frozen]:
        """The announcements of ``version`` that an amendment replaced by the as-of date, oldest first."""
        return self.archive.announcements(self.company.id, self.doc_id, version.date, self.as_of)[:-1]

    def revision(self, version: Version) -> Any:
        """The history entry of ``version`` (None for a frozen version the history lost)."""
        return next((r for r in self.spec.history if r.date == version.date), None)

    def amendments(self, version: Version) -> list[Any]:
        """The amendments of ``version`` made by the as-of date (``model.Amendment``), oldest first."""
        revision = self.revision(version)
        return [a for a in (revision.amended or []) if a.on <= self.as_of] if revision else []

    def names(self, version: Version | None) -> tuple[str, str]:
        """The document's title and the company's name as the frozen ``version`` states them (today's
        data when there is no version, or an old frozen file lacks them): an archived page shows what was published."""
        data = self.archive.data(self.frozen(version)) if version else {}
        title, name = data.get("title"), (data.get("data") or {}).get("name")
        return (title if isinstance(title, str) else self.spec.title,
                name if isinstance(name, str) else self.company.data.name)

    def about(self, page: str, title: str, name: str, in_force: bool = False) -> dict[str, Any]:
        """What a page is, in its front matter (the mkdocs hook turns it into the theme's search settings):
        the company and document it belongs to, which kind of page (``current``: the document's address;
        ``version``, ``announcement``, ``history``, ``compare``) and whether it shows the text in force."""
        return {"company_id": self.company.id, "company": name, "document": title, "page": page, "in_force": in_force}

    def shown(self) -> Version | None:
        """The version archive pages (history, compare) name the document after: the one in force, else the latest."""
        return next((v for v in self.versions if v.status == "current"), self.versions[-1] if self.versions else None)

    @property
    def enactment_only(self) -> bool:
        """Only the first version, announced and not yet in force (制定予定): nothing has been revised."""
        return len(self.versions) == 1 and self.versions[0].status == "upcoming"

    @property
    def notices(self) -> str:
        """The name of the document's feed."""
        return "制定のお知らせ" if self.enactment_only else "改定のお知らせ"

    def pages(self) -> list[Page]:
        """Every page of the document but its current page (:meth:`current_page`, ``<base>/index.md``)."""
        pages = [Page(f"{self.base}/history.md", self.history_page())]
        pages += [Page(f"{self.base}/{v.date.isoformat()}.md", self.version_page(v)) for v in self.versions]
        for version in self.versions:
            announcements = [*self.earlier(version), self.frozen(version)]
            pages += [Page(f"{self.base}/{page_name(f)}.md", self.announcement_page(version, f, after))
                      for f, after in zip(announcements, announcements[1:])]
            pages += [Page(f"{self.base}/compare/{page_name(a)}_{page_name(b)}.md", self.announcement_compare(version, a, b))
                      for a, b in zip(announcements, announcements[1:])]
        pages += [Page(f"{self.base}/compare/{a.date}_{b.date}.md", self.compare_page(a, b)) for a, b in self.pairs()]
        if len(self.versions) > 1:
            pages.append(Page(f"{self.base}/compare/index.md", self.compare_index()))
            pages.append(Page(f"{self.base}/compare/summaries.json", self.summaries()))
        pages += [Page(f"{self.base}/{v.date}.json", self.version_json(v)) for v in self.versions]
        pages.append(Page(f"{self.base}/versions.json", to_json(self.index())))
        pages.append(Page(f"{self.base}/feed.xml", atom(self.site_url, f"{self.base}/feed.xml",
                                                        f"{self.notices}: {self.spec.title} | {self.company.data.name}",
                                                        self.entries())))
        return pages

    def changes(self, old: Version, new: Version) -> list[str]:
        """What changed in the data between two versions (computed once per pair)."""
        from .changes import summarize

        key = (old.date, new.date)
        if key not in self._changes:
            self._changes[key] = summarize(self.archive.data(self.frozen(old)), self.archive.data(self.frozen(new)))
        return self._changes[key]

    def entries(self) -> list[Entry]:
        """One feed entry per version, with what changed since the one before."""
        result = []
        for previous, version in zip([None, *self.versions], self.versions):
            kind = ("制定" if version.established else "改定") + ("・取り下げ" if version.status == "withdrawn" else "")
            title, name = self.names(version)
            result.append(Entry(f"{self.base}/{version.date}/", version.date,
                                f"{self.date(version.date)} {kind}: {title} | {name}",
                                version.summary, tuple(self.changes(previous, version)) if previous else (),
                                version.status == "upcoming"))
        return result

    def index(self) -> dict[str, Any]:
        """The document's versions, for versions.json, with their checksums and hash chain (README, "For trackers")."""
        chain = self.archive.chain(self.company.id, self.doc_id)
        links = {v.date: next(l for l in chain if (l.date, l.amended) == (v.date, self.frozen(v).amended))
                 for v in self.versions}
        return {"company": self.company.id, "company_name": self.company.data.name, "document": self.doc_id,
                "title": self.spec.title, "url": f"{self.base}/", "feed": f"{self.base}/feed.xml",
                "chain": links[self.versions[-1].date].chain if self.versions else None,
                "versions": [{"date": v.date.isoformat(), "status": v.status, "summary": v.summary,
                              "url": f"{self.base}/{v.date}/", "json": f"{self.base}/{v.date}.json",
                              "sha256": {"md": links[v.date].md, "json": links[v.date].json},
                              "chain": links[v.date].chain, **self.rewritten(v), **self.changes_made(v, chain),
                              **(index_entry(self.archive, self.frozen(v), f"{self.base}/{v.date}.pdf")
                                 if self.group.file.pdf else {})}
                             for v in self.versions]}

    def changes_made(self, version: Version, chain: list[Any]) -> dict[str, Any]:
        """Amendments (with the earlier announcements, their files and chain values) and a withdrawal."""
        found: dict[str, Any] = {}
        if version.amended:
            links = {link.amended: link for link in chain if link.date == version.date}
            found["amended"] = [{"on": a.on.isoformat(), "summary": a.summary} for a in self.amendments(version)]
            found["announcements"] = [{"amended": f.amended.isoformat() if f.amended else None, "status": "amended",
                                       "url": f"{self.base}/{page_name(f)}/",
                                       "sha256": {"md": links[f.amended].md, "json": links[f.amended].json},
                                       "chain": links[f.amended].chain} for f in self.earlier(version)]
        if version.withdrawn:
            revision = self.revision(version)
            found["withdrawn"] = {"on": version.withdrawn.isoformat(),
                                  "reason": revision.withdrawn.reason if revision and revision.withdrawn else ""}
        return found

    def rewritten(self, version: Version) -> dict[str, Any]:
        """Why a published file was rewritten, when an administrator accepted it (its chain changed)."""
        names = (f"{self.frozen(version).stem}{suffix}" for suffix in (".md", ".json"))
        reasons = [self.archive.rewritten[name].get("reason", "") for name in names if name in self.archive.rewritten]
        return {"rewritten": "; ".join(reasons)} if reasons else {}

    def version_json(self, version: Version) -> str:
        frozen = self.frozen(version)
        return to_json({"company": self.company.id, "document": self.doc_id, "title": self.names(version)[0],
                        "date": version.date.isoformat(), "status": version.status, "summary": version.summary,
                        "url": f"{self.base}/{version.date}/", "text": self.archive.text(frozen),
                        "data": self.archive.data(frozen)})

    def current_page(self) -> str:
        current = next((v for v in self.versions if v.status == "current"), None)
        upcoming = [v for v in self.versions if v.status == "upcoming"]
        live = self.live_text
        if live is not None:
            body: str | None = body_of(live)
        elif current is not None:
            body = body_of(self.archive.text(self.frozen(current)))
        elif upcoming:  # first enactment (制定予定): the text to come, under its notice
            body = body_of(self.archive.text(self.frozen(upcoming[0])))
        else:  # nothing published yet: the frame writes the title
            body = None
        shown = current or (upcoming[0] if upcoming else None)
        title, name = self.names(shown) if live is None else (self.spec.title, self.company.data.name)
        announced = [{**self.version(v), "compare": _to(f"{current.date}_{v.date}.md") if current else None}
                     for v in upcoming]
        return self.frame("current", title=title, name=name, feed=f"{self.base}/feed.xml",
                          notice=self.about("current", title, name, in_force=current is not None or live is not None),
                          draft=live is not None, upcoming=announced, **self.text(body, shown))

    @cached_property
    def live_text(self) -> str | None:
        """The text rendered from the current data, when drafts are shown and it differs."""
        if not self.drafts or not self.versions:
            return None
        kept = [v for v in self.versions if v.status != "withdrawn"]
        if not kept:
            return None
        latest = kept[-1]
        context = self.renderer.context(self.company, self.doc_id, latest.date)
        text = self.group.notices.get((self.company.id, self.doc_id, tuple(r.date for r in context.revisions)))
        if text is None:  # not rendered by check (a group planned unchecked, in tests)
            text, _ = render_version(self.group, self.company, self.doc_id, latest.date)
        return None if text == self.archive.text(self.frozen(latest)) else text

    def version_page(self, version: Version) -> str:
        title, name = self.names(version)
        amended = None
        if version.amended:  # the comparison of the last two announcements
            before, latest = self.earlier(version)[-1], self.frozen(version)
            amended = {"summary": self.amendments(version)[-1].summary,
                       "compare": _to(f"{page_name(before)}_{page_name(latest)}.md"), "before": _to(f"{page_name(before)}.md")}
        return self.frame("version", title=title, name=name, canonical=f"{self.base}/",
                          notice=self.about("version", title, name, in_force=version.status == "current"),
                          robots=None if version.status == "current" else "noindex", version=self.version(version),
                          amended=amended, **self.text(body_of(self.archive.text(self.frozen(version))), version))

    def pdf_jobs(self) -> list[tuple[str, Company, str, Frozen]]:
        """Each version's PDF: its path and the announcement it shows (the one the version's page shows)."""
        return [(f"{self.base}/{v.date}.pdf", self.company, self.doc_id, self.frozen(v)) for v in self.versions]

    def announcement_page(self, version: Version, frozen: Frozen, after: Frozen) -> str:
        """An earlier announcement of an amended version, at its own address, as it was published; compared with
        ``after``, the announcement that amended it (the pages compare consecutive announcements only)."""
        data = self.archive.data(frozen)
        title = data.get("title") if isinstance(data.get("title"), str) else self.spec.title
        name = (data.get("data") or {}).get("name") or self.company.data.name
        return self.frame("announcement", title=title, name=name, notice=self.about("announcement", title, name),
                          canonical=f"{self.base}/", robots="noindex", version=self.version(version),
                          announcement={"amended": frozen.amended, "compare": _to(f"{page_name(frozen)}_{page_name(after)}.md")},
                          **self.text(body_of(self.archive.text(frozen)), None))

    def announcement_compare(self, version: Version, old: Frozen, new: Frozen) -> str:
        """Two announcements of one version compared: what the amendment changed."""
        from .changes import summarize
        from .diff import compare
        from .diff_render import to_html

        def make() -> dict[str, Any]:
            comparison = compare(self.archive.text(old), self.archive.text(new))
            return {"inline": to_html(comparison, "inline"), "side": to_html(comparison, "side-by-side"),
                    "summary": summarize(self.archive.data(old), self.archive.data(new))}
        keys = tuple(self.archive.manifest.get(f"{v.stem}{suffix}", "") for v in (old, new) for suffix in (".md", ".json"))
        cached = self.cache.get(("compare", *keys), make)
        document, name = self.names(version)
        page = lambda f: _to(f"{version.date}.md" if f == new else f"{page_name(f)}.md")  # noqa: E731
        return self.frame("announcement_compare", title=document, name=name, notice=self.about("compare", document, name),
                          robots="noindex", version=self.version(version),
                          old={"amended": old.amended, "page": page(old)}, new={"amended": new.amended, "page": page(new)},
                          **self.comparison(cached))

    def history_page(self) -> str:
        rows = []
        previous: Version | None = None
        precomputed = {(a.date, b.date) for a, b in self.pairs()}
        for version in self.versions:
            announcements = [*self.earlier(version), self.frozen(version)]
            amendments = [{"on": amendment.on, "summary": amendment.summary,
                           "compare": _to(f"{page_name(old)}_{page_name(new)}.md")}
                          for amendment, (old, new) in zip(self.amendments(version), zip(announcements, announcements[1:]))]
            pair = (previous.date, version.date) if previous else None
            rows.append({"version": self.version(version), "amendments": amendments,
                         "previous": previous.date if previous else None,  # else compared in the browser
                         "compare": _to(f"{pair[0]}_{pair[1]}.md") if pair in precomputed else None})
            if version.status != "withdrawn":  # the next version is compared with the one it replaces
                previous = version
        legacy = [{"date": r.date, "summary": r.summary}
                  for r in reversed(self.spec.history) if r.date not in {v.date for v in self.versions}]
        title, name = self.names(self.shown())
        return self.frame("history", title=title, name=name, notice=self.about("history", title, name),
                          feed=f"{self.base}/feed.xml", rows=rows[::-1], legacy=legacy,
                          compare_index=len(self.versions) > 1)

    def pairs(self) -> list[tuple[Version, Version]]:
        """The pairs compared in advance, as pages: each version with the one it replaced (the history's
        前の版との比較; a withdrawn version replaced nothing) and the version in force with each announced
        one (the 現在の版との比較 of the document's page). Any other pair is compared in the browser by the
        same engine (comparison.js), so a page per pair, n² of them, would only weigh (DECISIONS.md 45)."""
        found: list[tuple[Version, Version]] = []
        previous: Version | None = None
        for version in self.versions:
            if previous is not None:
                found.append((previous, version))
            if version.status != "withdrawn":
                previous = version
        current = next((v for v in self.versions if v.status == "current"), None)
        announced = [v for v in self.versions if v.status == "upcoming"] if current else []
        return found + [(current, v) for v in announced if (current, v) not in found]  # type: ignore[misc]

    def compare_page(self, old: Version, new: Version) -> str:
        from .diff import compare
        from .diff_render import to_html

        a, b = self.frozen(old), self.frozen(new)

        def make() -> dict[str, Any]:
            comparison = compare(self.archive.text(a), self.archive.text(b))
            return {"inline": to_html(comparison, "inline"), "side": to_html(comparison, "side-by-side"),
                    "summary": self.changes(old, new)}
        keys = tuple(self.archive.manifest.get(f"{v.stem}{suffix}", "") for v in (a, b) for suffix in (".md", ".json"))
        cached = self.cache.get(("compare", *keys), make)
        document, name = self.names(new)  # the newer of the two versions names the document
        return self.frame("compare", title=document, name=name, notice=self.about("compare", document, name),
                          robots="noindex", old=self.version(old), new=self.version(new),
                          **self.picker(old, new, "../"), **self.comparison(cached))

    def summaries(self) -> str:
        """The change summary of every pair, for the pairs compared in the browser (any pair can be asked for
        by its shared URL): the engine is ported to the browser (comparison.js), the summary's rules are not
        (DECISIONS.md 41)."""
        keys = tuple(self.archive.manifest.get(f"{self.frozen(v).stem}{suffix}", "")
                     for v in self.versions for suffix in (".md", ".json"))
        made = self.cache.get(("summaries", *keys),
                              lambda: {f"{a.date}_{b.date}": self.changes(a, b) for a, b in combinations(self.versions, 2)})
        return to_json(made)

    def compare_index(self) -> str:
        """Any two versions: precomputed pairs are linked; others are compared in the browser."""
        current = next((v for v in self.versions if v.status == "current"), self.versions[-1])
        previous = self.versions[max(0, self.versions.index(current) - 1)]
        old, new = (previous, current) if previous != current else (self.versions[0], self.versions[-1])
        title, name = self.names(self.shown())
        return self.frame("compare_index", title=title, name=name, notice=self.about("compare", title, name),
                          robots="noindex", **self.picker(old, new, "./"))

    def picker(self, old: Version, new: Version, base: str) -> dict[str, Any]:
        """What the picker (``pages/parts/picker.md.j2``) shows: two date menus, ``old`` and ``new`` selected, and the
        pairs compared in advance. The page's script opens the chosen pair's page, or the compare/ page with
        ?from=&to= (compared in the browser); both URLs are shareable."""
        return {"picker": {"base": base, "old": old.date, "new": new.date, "versions": [v.date for v in self.versions]},
                "pairs": [{"old": a.date, "new": b.date, "page": _to(f"{a.date}_{b.date}.md")} for a, b in self.pairs()]}

    def comparison(self, cached: dict[str, Any]) -> dict[str, Any]:
        """A cached comparison for ``pages/parts/comparison.md.j2``: its HTML as it is, the summary as text."""
        return {"summary": list(cached["summary"]), "inline": Markup(cached["inline"]), "side": Markup(cached["side"])}

    def version(self, version: Version) -> dict[str, Any]:
        """A version as the frames see it: its dates, status and summary, its page and PDF (when made)."""
        revision = self.revision(version)
        return {"date": version.date, "status": version.status, "established": version.established,
                "summary": version.summary, "until": version.until, "amended": version.amended,
                "withdrawn": version.withdrawn,
                "reason": revision.withdrawn.reason if revision and revision.withdrawn else "",
                "page": _to(f"{version.date}.md"), "pdf": _to(f"{version.date}.pdf") if self.group.file.pdf else None}

    def text(self, body: str | None, shown: Version | None) -> dict[str, Any]:
        """The notice's text for ``pages/parts/text.md.j2``: cut under its title, where the version information
        of ``shown`` goes (``rest`` None: no text to show)."""
        info = version_info(self.spec.history, self.versions, shown) if body is not None else None
        head, rest = split_under_title(body) if info is not None and body is not None else ("", body)
        return {"head": Markup(head), "rest": None if rest is None else Markup(rest), "info": info}

    def frame(self, frame: str, /, **context: Any) -> str:
        """The page from its frame, ``pages/<frame>.md.j2`` (the company's or the group's override first)."""
        return self.renderer.frame(frame, self.company, date=self.date, enactment_only=self.enactment_only, **context)


def page_name(frozen: Frozen) -> str:
    """The page of one announcement: ``<date>.original`` as first announced, ``<date>.amended-<ON>`` after."""
    return frozen.name if frozen.amended else f"{frozen.date.isoformat()}.original"


def _to(path: str) -> Markup:
    """A link target the site decided (``compare/<A>_<B>.md``), printed by a frame as it is."""
    return Markup(path)
