"""mkdocs hook: `mkdocs build` / `mkdocs serve` generate the group's pages from its data.

A thin adapter: the core (check, plan_site) does the work; this file only hands the pages to
mkdocs as generated files and the navigation to its config. Named in mkdocs.yml under `hooks:`.
While `mkdocs serve` runs on data with errors, the site is the core's problems page instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import zlib
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urljoin

from jinja2 import BytecodeCache, ChoiceLoader, DictLoader, Environment
from jinja2.bccache import Bucket
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from privacy_notices.checked import check_once
from privacy_notices.dates import as_of_date, epoch_of
from privacy_notices.errors import Problem, Severity
from privacy_notices.loader import Group
from privacy_notices.pdf import PdfError
from privacy_notices.problems_page import TITLE, problems_site
from privacy_notices.search_patch import Indexed, name_results, patch_search_worker
from privacy_notices.site import CACHE_DIR, Kept, Site, plan_site
from privacy_notices.site import Page as SitePage
from privacy_notices.template_problems import TemplateProblem
from privacy_notices.versions import Archive
from privacy_notices.writer import KeptMissing, write_pages

PAGES_DIR = f"{CACHE_DIR}/pages"
"""Where the generated pages are written for mkdocs (not committed; rebuilt when missing)."""

log = logging.getLogger("mkdocs.plugins.privacy_notices")
_site: Site | None = None
_serving = False
_broken = False
"""mkdocs serve only: the data has errors, the site is the problems page (see _show_problems)."""
_problems_html = ""
_paths: list[str] = []
"""The generated pages of the last build, written under PAGES_DIR (their texts are not kept)."""
_search: list[Indexed] = []
"""The pages the search indexes, with their company and document."""
_kept = Kept()
"""mkdocs serve: the companies planned by the last build, not planned again after a save that left them unchanged."""
_indexed: dict[str, Indexed] = {}
"""mkdocs serve: what the search needs of each page of the last build (a kept page is not read again)."""


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"  # a preview shows unrecorded edits as drafts instead of failing


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site, _broken
    root = Path(config.config_file_path).parent
    try:
        as_of = as_of_date()
    except ValueError as exc:
        raise Abort(f"PRIVACY_NOTICES_AS_OF: {exc}") from None
    # `privacy-notices build` checked the same files with the same arguments a moment ago: not twice
    group, problems = check_once(root, strict=bool(config.strict), drafts=_serving)
    errors = [p.format() for p in problems if p.severity is Severity.ERROR]
    if group is None or errors:
        if not _serving:
            raise Abort("データに誤りがあるため、サイトを作れません:\n" + "\n".join(errors))
        return _show_problems(config, problems)
    _broken = False
    for problem in problems:
        log.warning(problem.format())
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch_of(as_of)))  # dates in sitemap.xml
    try:
        _plan_and_write(group, as_of, root, config.site_url or "")
    except TemplateProblem as exc:  # a template that fails only on the build's date
        if not _serving:
            raise Abort("テンプレートに誤りがあるため、サイトを作れません:\n" + str(exc)) from None
        return _show_problems(config, exc.problems)
    except PdfError as exc:  # the machine lacks what the PDFs of versions need (the Japanese font)
        raise Abort(f"版の PDF を作れません: {exc}") from None
    config.site_name = escape(group.file.name + ("(編集者用)" if config.extra.get("editors") else ""))
    config.nav = _escaped(_site.nav) + _about(config)
    return config


def _plan_and_write(group: Group, as_of: dt.date, root: Path, site_url: str) -> None:
    """Plan the site and write its pages; mkdocs serve keeps the companies a save left unchanged."""
    global _site
    kept = _kept if _serving else None
    try:
        _site = plan_site(group, as_of, Archive(root), drafts=_serving, site_url=site_url, kept=kept)
        _write(_site, root / PAGES_DIR)
    except KeptMissing:  # a kept page was removed from the folder since: make them all
        _kept.clear()
        _site = plan_site(group, as_of, Archive(root), drafts=_serving, site_url=site_url, kept=kept)
        _write(_site, root / PAGES_DIR)
    _kept.written()


def _about(config: MkDocsConfig) -> list:
    """The pages of docs/ that this site publishes, under 編集者向け: none on the public site, whose
    mkdocs.yml excludes the editors' pages (guide, rule table, glossary); mkdocs.editors.yml keeps them."""
    excluded = config.exclude_docs
    docs = sorted(name for name in (p.relative_to(config.docs_dir).as_posix() for p in Path(config.docs_dir).glob("*.md"))
                  if excluded is None or not excluded.match_file(name))
    return [{"編集者向け": docs}] if docs else []


def _escaped(nav: list) -> list:
    """The navigation with its titles (company names, document titles) escaped for HTML: the theme
    prints titles unescaped in some places and through ``| e`` in others; an escaped Markup prints
    right in both."""
    return [{escape(title): _escaped(target) if isinstance(target, list) else target
             for title, target in item.items()} if isinstance(item, dict) else item for item in nav]


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A page title from the front matter (names and titles from the data) is escaped for HTML, as
    the navigation's are: the theme prints ``page.meta.title`` unescaped in ``<title>``, the header
    and the search index."""
    title = page.meta.get("title")
    if isinstance(title, str):
        page.meta["title"] = escape(title)
    if isinstance(page.meta.get("notice"), dict) and _indexed_as(page.meta["notice"]) is None:
        page.meta["search"] = {"exclude": True}
    if HELD in markdown:  # a comparison: its engine's HTML waits on disk until the page is written
        lines = markdown.split("\n")
        held = [number for number, line in enumerate(lines) if line.startswith(HELD)]
        for count, number in enumerate(held):
            lines[number] = _placeholder(count)
        page.meta[HELD_COUNT] = len(held)
        markdown = "\n".join(lines)
    return markdown


HELD = '<div class="pn-diff '
"""A line of the comparison engine's HTML (diff_render.to_html: one line each, inline and 新旧対照表),
most of a comparison page. mkdocs reads and converts every page before it writes any, so a site's
comparisons would all sit in memory at once (at 1,000 companies, over a gigabyte): the line is held
back as a placeholder and put into the page as it is written (on_post_page). Python-Markdown passes a
raw HTML block through untouched, so the page is the same byte for byte."""
HELD_COUNT = "privacy_notices_held"


def _placeholder(number: int) -> str:
    return f'<div data-privacy-notices-held="{number}"></div>'


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The comparison engine's HTML held back by on_page_markdown, read again from the generated page;
    the page's own Markdown and HTML are let go once it is written."""
    count = page.meta.get(HELD_COUNT)
    page.markdown = page.content = None  # written: mkdocs needs neither again (its search took its text before)
    if not count:
        return output
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    held = [line for line in source.split("\n") if line.startswith(HELD)]
    for number, line in enumerate(held[:count]):
        output = output.replace(_placeholder(number), line, 1)
    return output


def _indexed_as(notice: dict) -> tuple[str, str, str] | None:
    """The company id, company name and document title of a page the search indexes, from what the
    core says the page is (``notice`` in its front matter): only a document's address showing the
    text in force. Its versions' pages (the one in force names the address as canonical), earlier
    announcements, comparisons and the history stay out; so does an announced version not yet in
    force, which the address announces and links (DECISIONS.md 36)."""
    if notice.get("page") != "current" or notice.get("in_force") is not True:
        return None
    values = (notice.get("company_id"), notice.get("company"), notice.get("document"))
    return values if all(isinstance(v, str) for v in values) else None  # type: ignore[return-value]


def _write(site: Site, folder: Path) -> None:
    """Write the pages into ``folder`` as they are made (never the whole site in memory), keeping only
    their paths and what the search needs of them."""
    _paths.clear()
    _search.clear()
    write_pages(_observed(site.pages), folder, cache=True)
    _paths.sort(key=lambda path: path != "index.md")  # the top page first, as mkdocs lists it


def _observed(pages: Iterable[SitePage]) -> Iterator[SitePage]:
    """Each page on its way to the disk: its path, and the names of a page the search indexes, read
    from its front matter (so that a `mkdocs serve --dirty` rebuild, which reads only the pages that
    changed, still names them all; a page kept from the last build is not read again)."""
    from mkdocs.utils.meta import get_data

    earlier = dict(_indexed)
    _indexed.clear()
    for page in pages:
        _paths.append(page.path)
        about = None
        if page.text is None:
            about = earlier.get(page.path)
        elif isinstance(page.text, str) and page.path.endswith("index.md") and page.text.startswith("---\n"):
            notice = get_data(page.text)[1].get("notice")
            names = _indexed_as(notice) if isinstance(notice, dict) else None
            about = Indexed(page.path[: -len("index.md")], *names) if names is not None else None
        if about is not None:
            _indexed[page.path] = about
            _search.append(about)
        yield page


def _show_problems(config: MkDocsConfig, problems: list[Problem]) -> MkDocsConfig:
    """mkdocs serve with broken data: the site becomes one page listing the problems, also shown
    for every URL not found (on_env), until a save fixes the data. Requests no longer wait for a
    build that cannot succeed, and the editor reads the messages in the browser."""
    global _site, _broken
    for problem in problems:
        (log.error if problem.severity is Severity.ERROR else log.warning)(problem.format())
    _site, _broken = problems_site(problems), True
    config.nav = _site.nav + _about(config)  # the guide explains every message
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """`mkdocs serve --dirty` keeps the pages of the last build, which would look current while the
    data is broken: empty the served folder (a temporary one of mkdocs serve) instead."""
    _held.clear()  # what a build stopped half-way held
    if _broken:
        clean_directory(config.site_dir)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Hand mkdocs the generated pages as files on disk, rewritten only when their text changed,
    so that `mkdocs serve --dirty` rebuilds just the pages an edit touched."""
    assert _site is not None
    if _broken:  # the problems page: nothing to keep, the pages' cache stays as it was
        for page in _site.pages:
            files.append(File.generated(config, page.path, content=page.text))
        return files
    folder = Path(config.config_file_path).parent / PAGES_DIR  # written by on_config
    for path in _paths:
        files.append(File.generated(config, path, abs_src_path=str(folder / path)))
    return files


@event_priority(100)  # before every plugin's (the search indexes the page's HTML here)
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    """A version's page names the current version as canonical, so search engines rank it first. The page's
    HTML, held compressed since it was converted (on_page_content), is put back before anything reads it."""
    canonical = page.meta.get("canonical")
    if canonical and config.site_url:
        page.canonical_url = urljoin(config.site_url, canonical)
    held = _held.pop(page.file.src_uri, None)
    if held is not None:
        page.content = zlib.decompress(held).decode("utf-8")
    return context


_held: dict[str, bytes] = {}
"""Each converted page's HTML, compressed, from its conversion until it is written (on_page_content)."""
HOLD = 4096
"""The HTML of a page at least this long is held compressed: mkdocs converts every page before it writes any,
so a site's HTML would all sit in memory at once (over half a gigabyte at 1,000 companies). Japanese HTML
compresses about sixfold at zlib's fastest level; the pages are byte-identical."""


@event_priority(-100)  # after every plugin's: the HTML as they left it
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    global _problems_html
    if _broken and page.file.src_uri == "index.md":
        _problems_html = html  # for the 404 page
    elif len(html) >= HOLD:
        _held[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        return ""
    return html


_NOT_FOUND = ('{% extends "main.html" %}{% block htmltitle %}<title>' + TITLE + ' - {{ config.site_name }}</title>'
              '{% endblock %}{% block content %}{{ privacy_notices_problems }}{% endblock %}')


class _Compiled(BytecodeCache):
    """mkdocs serve: the theme's templates compiled once per process instead of at every rebuild (mkdocs
    makes a new environment each time). Jinja's own mechanism: an entry is used only while its template's
    source is the same."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_compiled = _Compiled()


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """While the data is broken, a URL not found (the page the editor had open) shows the problems."""
    if _serving:
        env.bytecode_cache = _compiled
    if _broken:
        env.loader = ChoiceLoader([DictLoader({"404.html": _NOT_FOUND}), env.loader])
        env.globals["privacy_notices_problems"] = Markup(_problems_html)
    return env


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """mkdocs serve adds its reload script to the pages it finds, not to its 404 page; add it there
    too, so the page the editor had open comes back by itself once the data is fixed. (Private
    names of mkdocs 1.6, pinned in pyproject.toml; without them the page is reloaded by hand.)"""
    inject, serve_error = getattr(server, "_inject_js_into_html", None), server.error_handler
    if inject is None or not hasattr(server, "_visible_epoch"):
        return server

    def error_page(code: int) -> bytes | None:
        content = serve_error(code)
        return inject(content, server._visible_epoch) if content else content

    server.error_handler = error_page
    return server


def on_post_build(config: MkDocsConfig) -> None:
    patch_search_worker(Path(config.site_dir))
    name_results(Path(config.site_dir), [] if _broken else list(_search))  # after the search plugin wrote its index
