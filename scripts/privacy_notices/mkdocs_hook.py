"""mkdocs hook: `mkdocs build` / `mkdocs serve` generate the group's pages from its data.

A thin adapter: the core (check, plan_site) does the work; this file only hands the pages to
mkdocs as generated files and the navigation to its config. Named in mkdocs.yml under `hooks:`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from privacy_notices.check import check
from privacy_notices.dates import as_of_date, epoch_of
from privacy_notices.errors import Severity
from privacy_notices.site import CACHE_DIR, Site, plan_site
from privacy_notices.versions import Archive
from privacy_notices.writer import write_pages

PAGES_DIR = f"{CACHE_DIR}/pages"
"""Where the generated pages are written for mkdocs (not committed; rebuilt when missing)."""
from privacy_notices.search_patch import patch_search_worker

log = logging.getLogger("mkdocs.plugins.privacy_notices")
_site: Site | None = None
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"  # a preview shows unrecorded edits as drafts instead of failing


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    root = Path(config.config_file_path).parent
    try:
        as_of = as_of_date()
    except ValueError as exc:
        raise Abort(f"PRIVACY_NOTICES_AS_OF: {exc}") from None
    group, problems = check(root, drafts=_serving)
    errors = [p.format() for p in problems if p.severity is Severity.ERROR]
    if group is None or errors:
        raise Abort("データに誤りがあるため、サイトを作れません:\n" + "\n".join(errors))
    for problem in problems:
        log.warning(problem.format())
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch_of(as_of)))  # dates in sitemap.xml
    _site = plan_site(group, as_of, Archive(root), drafts=_serving, site_url=config.site_url or "")
    config.site_name = group.file.name
    docs = sorted(p.relative_to(config.docs_dir).as_posix() for p in Path(config.docs_dir).glob("*.md"))
    config.nav = _site.nav + ([{"このサイトについて": docs}] if docs else [])
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Hand mkdocs the generated pages as files on disk, rewritten only when their text changed,
    so that `mkdocs serve --dirty` rebuilds just the pages an edit touched."""
    assert _site is not None
    folder = Path(config.config_file_path).parent / PAGES_DIR
    write_pages(_site.pages, folder)
    for page in _site.pages:
        files.append(File.generated(config, page.path, abs_src_path=str(folder / page.path)))
    return files


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    """A version's page names the current version as canonical, so search engines rank it first."""
    canonical = page.meta.get("canonical")
    if canonical and config.site_url:
        page.canonical_url = urljoin(config.site_url, canonical)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    patch_search_worker(Path(config.site_dir))
