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
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from .cache import Cache
from .dates import format_date
from .feeds import Entry, atom, to_json
from .forms import form_files
from .joint_users import DOCUMENT_ID as LIST_DOCUMENT
from .joint_users import LIST_PAGE, list_publisher
from .loader import Company, Group
from .pdf import PdfMaker, PdfVersion
from .render import Renderer, render_version
from .revisions import insert_under_title, revision_lists, version_info
from .versions import Archive, Frozen, Version, entries, group_head, statuses
from .versions import Entry as HistoryEntry

NAV_COMPANY_LIMIT = 30
"""Above this many companies the navigation lists only the top page: mkdocs-material renders the
whole navigation into every page, so a navigation listing every notice makes the build grow
quadratically (see DECISIONS.md). Companies are then reached from the top page's table."""

ALL_PAIRS_LIMIT = 10
"""Up to this many versions every pair is compared in advance. Beyond, only the consecutive pairs
of the last RECENT_PAIRS revisions (the ones visitors ask for), so the work per build stays bounded;
the document's compare/ page compares any other pair in the browser."""
RECENT_PAIRS = 5


CACHE_DIR = ".cache/privacy-notices"
"""Comparisons of frozen versions, reused between builds (not committed; safe to delete)."""


@dataclass(frozen=True)
class Page:
    path: str
    """Path inside the docs folder (``aoba-hd/policy/index.md``, ``aoba-hd/feed.xml``)."""
    text: str | bytes
    """The page's text; bytes for a file published as it is (a request form, ``forms.py``)."""


@dataclass(frozen=True)
class Site:
    pages: list[Page]
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


def plan_site(group: Group, as_of: dt.date, archive: Archive, drafts: bool = False, site_url: str = "") -> Site:
    """Every page of the site as of ``as_of``; ``drafts`` shows unrecorded edits (mkdocs serve).

    ``site_url`` makes the feeds' links absolute, as Atom wants them.
    """
    renderer = Renderer(group, as_of)
    pages = [Page("about.md", renderer.about())]  # the top page comes first, once every version is known
    nav: list[Any] = [{"トップ": "index.md"}]
    listed: list[tuple[Company, str, list[Version]]] = []
    group_entries: list[Entry] = []
    index: list[dict[str, Any]] = []
    documents: list[DocumentPages] = []  # their versions' PDFs are made together, in parallel
    for cid, company in group.companies.items():
        pages.append(Page(f"{cid}/index.md", renderer.company_page(company)))
        entries: list[Any] = [{"会社の概要": f"{cid}/index.md"}]
        company_entries: list[Entry] = []
        for doc_id, spec in company.data.documents.items():
            doc_pages = DocumentPages(group, renderer, archive, company, doc_id, as_of, drafts, site_url)
            pages += doc_pages.pages()
            documents.append(doc_pages)
            company_entries += doc_pages.entries()
            index.append(doc_pages.index())
            listed.append((company, doc_id, doc_pages.versions))
            entries.append({spec.title: f"{cid}/{doc_id}/index.md"})
        nav.append({company.data.short_name or company.data.name: entries})
        pages.append(Page(f"{cid}/feed.xml", atom(site_url, f"{cid}/feed.xml",
                                                  f"改定のお知らせ | {company.data.name}", company_entries)))
        group_entries += company_entries
    publisher = list_publisher(group)  # the group's list of joint users: a document like the others
    if publisher is not None:
        doc_pages = DocumentPages(group, renderer, archive, publisher, LIST_DOCUMENT, as_of, drafts, site_url)
        pages += doc_pages.pages()
        documents.append(doc_pages)
        group_entries += doc_pages.entries()
        index.append(doc_pages.index())
        nav.insert(1, {doc_pages.spec.title: LIST_PAGE})
    pages.append(Page("feed.xml", atom(site_url, "feed.xml", f"改定のお知らせ | {group.file.name}", group_entries)))
    pages += [Page(path, data) for path, data in form_files(group).items()]  # at their path under content/
    if group.file.pdf:  # every version's PDF, rendered once per frozen text (DECISIONS.md 37)
        jobs = [job for doc_pages in documents for job in doc_pages.pdf_jobs()]
        made = PdfMaker(archive.root / CACHE_DIR).make([version for _, version in jobs])
        pages += [Page(path, data) for (path, _), data in zip(jobs, made)]
    head = group_head({f"{d['company']}/{d['document']}": d["chain"] for d in index if d["chain"]})
    pages.append(Page("versions.json", to_json({"as_of": as_of.isoformat(), "chain_head": head, "documents": index})))
    pages.insert(0, Page("index.md", renderer.index(revision_lists(listed))))
    about = [{"このサイトについて": "about.md"}]
    return Site(pages, (nav if len(group.companies) <= NAV_COMPANY_LIMIT else nav[:1 + (publisher is not None)]) + about)


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
    def history_name(self) -> str:
        return "制定の予定" if self.enactment_only else "改定履歴"

    @property
    def notices(self) -> str:
        """The name of the document's feed."""
        return "制定のお知らせ" if self.enactment_only else "改定のお知らせ"

    def pages(self) -> list[Page]:
        pages = [Page(f"{self.base}/index.md", self.current_page()),
                 Page(f"{self.base}/history.md", self.history_page())]
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
                              "chain": links[v.date].chain, **self.rewritten(v), **self.changes_made(v, chain)}
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
        live = self.live_text()
        if live is not None:
            body, notes = body_of(live), [_admonition("warning", "下書き (改定が記録されていない変更を含みます)",
                                                      "この表示は確認用です。公開するには privacy-notices record で改定を記録してください。")]
        elif current is not None:
            body, notes = body_of(self.archive.text(self.frozen(current))), []
        elif upcoming:  # first enactment (制定予定): the text to come, under its notice
            body, notes = body_of(self.archive.text(self.frozen(upcoming[0]))), []
        else:
            body, notes = f"# {_cell(self.spec.title)}\n\n{_cell(self.company.data.name)}\n{{: .pn-company }}\n", []
        for version in upcoming:
            if version.established:
                notes.append(_admonition("info", "制定のお知らせ (施行予定)",
                                         f"この文書は{self.date(version.date)}から施行します。[施行される全文]({version.date}.md)"))
                continue
            notes.append(_admonition(
                "info", "改定のお知らせ (施行予定)",
                f"{self.date(version.date)}から、改定後の内容を施行します。"
                + (f"({self.date(version.amended)}に改定内容を修正しました) " if version.amended else "")
                + f"[改定後の全文]({version.date}.md)"
                + (f"・[現在の版との比較](compare/{current.date}_{version.date}.md)" if current else "")))
        shown = current or (upcoming[0] if upcoming else None)
        title, name = self.names(shown) if live is None else (self.spec.title, self.company.data.name)
        front = {"title": f"{title} | {name}", "feed": f"{self.base}/feed.xml",
                 "notice": self.about("current", title, name, in_force=current is not None or live is not None)}
        body = insert_under_title(body, version_info(self.spec.history, self.versions, shown, self.date))
        return _front_matter(front) + "\n".join(notes) + ("\n" if notes else "") + body

    def live_text(self) -> str | None:
        """The text rendered from the current data, when drafts are shown and it differs."""
        if not self.drafts or not self.versions:
            return None
        kept = [v for v in self.versions if v.status != "withdrawn"]
        if not kept:
            return None
        latest = kept[-1]
        text, _ = render_version(self.group, self.company, self.doc_id, latest.date)
        return None if text == self.archive.text(self.frozen(latest)) else text

    def version_page(self, version: Version) -> str:
        day = self.date(version.date)
        if version.status == "superseded":
            note = _admonition("warning", "この版は改定されています",
                               f"{day}から{self.date(version.until) if version.until else ''}まで施行されていた版です。"
                               "[現在施行中の版](index.md)・[改定履歴](history.md)")
        elif version.status == "upcoming" and version.established:  # nothing in force yet: no 改定 wording
            note = _admonition("info", "制定予定の版", f"この文書は{day}から施行されます。[{self.history_name}](history.md)")
        elif version.status == "upcoming":
            note = _admonition("info", "施行予定の版", f"この版は{day}から施行されます。[現在施行中の版](index.md)")
        elif version.status == "withdrawn":
            revision = self.revision(version)
            reason = revision.withdrawn.reason if revision and revision.withdrawn else ""
            note = _admonition("warning", "取り下げられた改定",
                               f"{day}から施行する予定でしたが、{self.date(version.withdrawn or version.date)}に"
                               f"取り下げました。この版は施行されません。理由: {_cell(reason)} "
                               "[現在施行中の版](index.md)・[改定履歴](history.md)")
        else:
            note = _admonition("note", "現在施行中の版", f"この版は{day}から施行されています。[改定履歴](history.md)")
        note += self.amended_note(version) + self.pdf_link(version)
        title, name = self.names(version)
        when = f"{day}施行予定・取り下げ" if version.status == "withdrawn" else f"{day}施行"
        front: dict[str, Any] = {"title": f"{title} ({when}) | {name}", "canonical": f"{self.base}/",
                                 "notice": self.about("version", title, name, in_force=version.status == "current")}
        if version.status != "current":
            front["robots"] = "noindex"
        body = body_of(self.archive.text(self.frozen(version)))
        body = insert_under_title(body, version_info(self.spec.history, self.versions, version, self.date))
        return _front_matter(front) + note + "\n" + body

    def pdf_jobs(self) -> list[tuple[str, PdfVersion]]:
        """Each version's PDF: its path and what it shows (the text the version's page shows)."""
        jobs = []
        for version in self.versions:
            frozen = self.frozen(version)
            title, name = self.names(version)
            url = f"{self.site_url.rstrip('/')}/{self.base}/{version.date}/"
            sha256 = self.archive.hashes(f"{frozen.stem}.md")[0]
            jobs.append((f"{self.base}/{version.date}.pdf",
                         PdfVersion(name, title, self.date(version.date), url, sha256,
                                    body_of(self.archive.text(frozen)))))
        return jobs

    def pdf_link(self, version: Version) -> str:
        """The link to the version's PDF (when the group makes them)."""
        if not self.group.file.pdf:
            return ""
        return f"\n[この版の PDF (記録用: 施行日・URL・本文の SHA-256 入り)]({version.date}.pdf)\n"

    def amended_note(self, version: Version) -> str:
        """「<date>に改定内容を修正しました」 with the comparison of the last two announcements."""
        if not version.amended:
            return ""
        earlier = self.earlier(version)
        before, latest = earlier[-1], self.frozen(version)
        return "\n" + _admonition(
            "info", f"{self.date(version.amended)}に改定内容を修正しました",
            f"施行前に告知した内容を修正しました ({_cell(self.amendments(version)[-1].summary)})。"
            f"[修正前の告知との比較](compare/{page_name(before)}_{page_name(latest)}.md)・"
            f"[修正前の告知]({page_name(before)}.md)")

    def announcement_page(self, version: Version, frozen: Frozen, after: Frozen) -> str:
        """An earlier announcement of an amended version, at its own address, as it was published; compared with
        ``after``, the announcement that amended it (the pages compare consecutive announcements only)."""
        day = self.date(version.date)
        when = f"{self.date(frozen.amended)}に修正した" if frozen.amended else "最初に告知した"
        note = _admonition("warning", "修正前の告知",
                           f"{day}施行の改定について、{when}内容です。この内容は後に修正されました。"
                           f"[修正後の版]({version.date}.md)・[修正後との比較](compare/{page_name(frozen)}_{page_name(after)}.md)"
                           "・[改定履歴](history.md)")
        data = self.archive.data(frozen)
        title = data.get("title") if isinstance(data.get("title"), str) else self.spec.title
        name = (data.get("data") or {}).get("name") or self.company.data.name
        front = {"title": f"{title} ({day}施行・修正前の告知) | {name}", "notice": self.about("announcement", title, name),
                 "canonical": f"{self.base}/", "robots": "noindex"}
        return _front_matter(front) + note + "\n" + body_of(self.archive.text(frozen))

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
        label = lambda f: f"{self.date(f.amended)}の修正" if f.amended else "最初の告知"  # noqa: E731
        link = lambda f: f"../{version.date}.md" if f == new else f"../{page_name(f)}.md"  # noqa: E731
        lines = [_front_matter({"title": f"{self.date(version.date)}施行の改定の修正: {document} | {name}",
                                "notice": self.about("compare", document, name), "robots": "noindex"}),
                 f"# 改定内容の修正: {_cell(document)}", "", f"{_cell(name)}", "{: .pn-company }", "",
                 f"{self.date(version.date)}施行の改定について、告知した内容の修正を示します。", "",
                 f"旧: [{label(old)}]({link(old)}) / 新: [{label(new)}]({link(new)})", "",
                 "## 変更の概要 { #summary }", ""]
        lines += [f"- {_cell(line)}" for line in cached["summary"]] or ["- データの項目に変更はありません (文言・書式の変更のみ)"]
        lines += ["", "## 本文の変更 { #inline }", "", "追加した部分は「追加」、削除した部分は「削除」の印と下線・取消線で示します。", "",
                  cached["inline"], "", "## 新旧対照表 { #side-by-side }", "", cached["side"], "",
                  "[改定履歴](../history.md)", ""]
        return "\n".join(lines)

    def history_page(self) -> str:
        rows = []
        previous: Version | None = None
        precomputed = {(a.date, b.date) for a, b in self.pairs()}
        for version in self.versions:
            kind = "制定" if version.established else "改定"
            status = {"current": "(現在施行中)", "upcoming": "(施行予定)", "superseded": "",
                      "withdrawn": "(取り下げ)", "amended": ""}[version.status]
            if previous is None:
                compare = "―"
            elif (previous.date, version.date) in precomputed:
                compare = f"[前の版との比較](compare/{previous.date}_{version.date}.md)"
            else:  # compared in the browser; raw HTML, since the query string is not a page mkdocs knows
                compare = f'<a href="../compare/?from={previous.date}&amp;to={version.date}">前の版との比較</a>'
            pdf = f"・[PDF]({version.date}.pdf)" if self.group.file.pdf else ""
            rows.append(f"| {self.date(version.date)} | {kind}{status} | {self.history_summary(version)} "
                        f"| [全文]({version.date}.md){pdf} | {compare} |")
            if version.status != "withdrawn":  # the next version is compared with the one it replaces
                previous = version
        legacy = [r for r in self.spec.history if r.date not in {v.date for v in self.versions}]
        title, name = self.names(self.shown())
        lines = [_front_matter({"title": f"{self.history_name}: {title} | {name}",
                                "notice": self.about("history", title, name), "feed": f"{self.base}/feed.xml"}),
                 f"# {self.history_name}: {_cell(title)}", "", f"{_cell(name)}", "{: .pn-company }", "",
                 "| 施行日 | 区分 | 概要 | 本文 | 比較 |", "|---|---|---|---|---|", *reversed(rows), ""]
        if legacy:
            lines += ["本文が保存される前の改定:", ""]
            lines += [f"- {self.date(r.date)} {_cell(r.summary)}" for r in reversed(legacy)]
            lines.append("")
        if len(self.versions) > 1:
            lines += ["[任意の二つの版を比べる](compare/index.md)", ""]
        lines += [f"[現在の版へ](index.md)・[{self.notices} (Atom フィード)](feed.xml)・[版の一覧 (JSON)](versions.json)", ""]
        return "\n".join(lines)

    def history_summary(self, version: Version) -> str:
        """The summary cell: the revision's summary, then each 修正 and a 取り下げ with its date."""
        parts = [_cell(version.summary)]
        announcements = [*self.earlier(version), self.frozen(version)]
        for amendment, (old, new) in zip(self.amendments(version), zip(announcements, announcements[1:])):
            parts.append(f"{self.date(amendment.on)}に修正: {_cell(amendment.summary)} "
                         f"([修正前との比較](compare/{page_name(old)}_{page_name(new)}.md))")
        if version.status == "withdrawn":
            revision = self.revision(version)
            reason = revision.withdrawn.reason if revision and revision.withdrawn else ""
            parts.append(f"{self.date(version.withdrawn or version.date)}に取り下げ: {_cell(reason)}")
        return "<br>".join(parts)

    def pairs(self) -> list[tuple[Version, Version]]:
        versions = self.versions
        if len(versions) <= ALL_PAIRS_LIMIT:
            return list(combinations(versions, 2))
        recent = versions[-RECENT_PAIRS - 1:]
        return list(zip(recent, recent[1:]))

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
        summary = cached["summary"]
        title = f"{self.date(old.date)}と{self.date(new.date)}の比較"
        document, name = self.names(new)  # the newer of the two versions names the document
        lines = [_front_matter({"title": f"{title}: {document} | {name}",
                                "notice": self.about("compare", document, name), "robots": "noindex"}),
                 f"# 比較: {_cell(document)}", "", f"{_cell(name)}", "{: .pn-company }", "",
                 self.picker(old, new), "",
                 f"旧: [{self.date(old.date)}施行の版](../{old.date}.md) / 新: [{self.date(new.date)}施行の版](../{new.date}.md)",
                 "", "## 変更の概要 { #summary }", ""]
        lines += [f"- {_cell(line)}" for line in summary] or ["- データの項目に変更はありません (文言・書式の変更のみ)"]
        lines += ["", "## 本文の変更 { #inline }", "", "追加した部分は「追加」、削除した部分は「削除」の印と下線・取消線で示します。", "",
                  cached["inline"], "", "## 新旧対照表 { #side-by-side }", "", cached["side"], ""]
        return "\n".join(lines)

    def compare_index(self) -> str:
        """Any two versions: precomputed pairs are linked; others are compared in the browser."""
        current = next((v for v in self.versions if v.status == "current"), self.versions[-1])
        previous = self.versions[max(0, self.versions.index(current) - 1)]
        old, new = (previous, current) if previous != current else (self.versions[0], self.versions[-1])
        links = [f"- [{self.date(a.date)} → {self.date(b.date)}]({a.date}_{b.date}.md)" for a, b in self.pairs()]
        title, name = self.names(self.shown())
        return "\n".join([
            _front_matter({"title": f"版の比較: {title} | {name}",
                           "notice": self.about("compare", title, name), "robots": "noindex"}),
            f"# 版の比較: {_cell(title)}", "", f"{_cell(name)}", "{: .pn-company }", "",
            "比べる二つの版の施行日 (旧と新) を選び、「比較する」を押してください。比較結果のページの URL は、そのまま共有できます。", "",
            self.picker(old, new, base="./"), "",
            '<p id="pn-browser-diff-pair" class="pn-compare-pair"></p>',
            '<div id="pn-browser-diff" aria-live="polite"></div>', "",
            "## 用意している比較 { #pairs }", "", *links, "",
            "[改定履歴](../history.md)", ""])

    def picker(self, old: Version, new: Version, base: str = "../") -> str:
        """Two date menus and a button: the page's script opens the chosen pair's page, or the compare/
        page with ?from=&to= (compared in the browser); both URLs are shareable. Choosing a date alone
        does nothing; an impossible pair is said in the live region beside the button."""
        def options(selected: Version) -> str:
            return "".join(f'<option value="{v.date}"{" selected" if v == selected else ""}>'
                           f"{self.date(v.date)}</option>" for v in self.versions)
        pairs = " ".join(f"{a.date}_{b.date}" for a, b in self.pairs())
        return (f'<form class="pn-compare-picker" action="{base}" method="get" data-pairs="{pairs}" data-base="{base}">'
                f'<label>旧 <select name="from">{options(old)}</select></label> '
                f'<label>新 <select name="to">{options(new)}</select></label> '
                '<button type="submit">比較する</button> '
                '<span class="pn-compare-message" aria-live="polite"></span></form>')


def page_name(frozen: Frozen) -> str:
    """The page of one announcement: ``<date>.original`` as first announced, ``<date>.amended-<ON>`` after."""
    return frozen.name if frozen.amended else f"{frozen.date.isoformat()}.original"


def body_of(text: str) -> str:
    """A rendered notice without its front matter."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5:].lstrip("\n")
    return text


def _front_matter(values: dict[str, Any]) -> str:
    import json

    lines = ["---"]
    for key, value in values.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n---\n\n"


def _admonition(kind: str, title: str, text: str) -> str:
    return f'!!! {kind} "{title}"\n\n    {text}\n'


def _cell(text: str) -> str:
    from .markdown import escape

    return escape(text)
