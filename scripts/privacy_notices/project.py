"""A complete site project for another engine: what `privacy-notices generate DIR` writes.

Engines that run no mkdocs hook (Zensical; plain mkdocs, the benchmarks' baseline) build the same
site from a folder holding everything the hook would have handed mkdocs:

- ``docs/``: every generated page (Markdown, feeds, JSON, PDFs, forms) and the group's static
  assets (``docs/`` of the group's folder, without its Markdown pages: those are the editors'),
- ``overrides/``: the group's theme overrides that extend the theme (``main.html`` and templates of
  its own), when its ``mkdocs.yml`` names a ``custom_dir``; copies of Material's own templates stay
  out (see ``_theme_files``),
- ``mkdocs.yml``: the group's own configuration without ``hooks:`` and ``watch:``, with the site's
  name and the navigation the core planned (``Site.nav``: versions stay out of the sidebar).
  Zensical reads ``mkdocs.yml`` (it needs no ``zensical.toml``).

Pages the hook keeps out of the search index (every version's own page, comparisons, histories,
announcements not yet in force: DECISIONS.md 36) get ``search: {exclude: true}`` in their front
matter, which both engines honour; titles (front matter, navigation, site name) are escaped for
HTML as the hook escapes them (DECISIONS.md 17, 42). Everything goes through ``writer.write_pages`` into one folder
with one list of written files, so a later run removes only files it wrote and never touches a page
someone added (DECISIONS.md 22). No mkdocs import: this is core.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
from pathlib import Path
from typing import Any, Iterator

from markupsafe import escape
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from .loader import Group
from .site import Page, plan_site
from .versions import Archive
from .writer import write_pages

OVERRIDES = "overrides"
"""The generated project's theme overrides (its ``theme.custom_dir``)."""

PAGES = "docs"
"""The generated project's pages folder (its ``docs_dir``)."""

CONFIG = "mkdocs.yml"

DROPPED = ("hooks", "watch", "exclude_docs", "nav", "site_name", "docs_dir", "site_dir", "INHERIT")
"""Keys of the group's mkdocs.yml the generated project sets itself or has no use for: the hook and
what it watches; the editors' pages are not copied, so nothing is left to exclude."""

HEADER = ("Written by `privacy-notices generate`: rewritten at every run (edit the group's mkdocs.yml\n"
          "instead). `zensical build` or `mkdocs build` in this folder builds the site.\n")


DEFAULT_CONFIG = """\
theme:
  name: material
  language: ja
  font: false
plugins:
  - search
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds: {case: lower}
"""
"""The configuration of a group that has no mkdocs.yml: the theme and the Markdown extensions the
generated pages are written for (the repository's mkdocs.yml has the same)."""


class ProjectError(Exception):
    """The group's configuration cannot be read; the message says why, in Japanese."""


def write_project(group: Group, as_of: dt.date, root: Path, directory: Path) -> list[Path]:
    """Write the project of ``group`` (read from ``root``) as of ``as_of`` into ``directory``; return
    the files that were (re)written. Raises ``writer.WriteError`` when a file would replace one this
    generator did not write (see writer.py), ``ProjectError`` when the group's mkdocs.yml cannot be
    read (before anything is written)."""
    config = read_config(root)
    site_url = config.get("site_url") if isinstance(config.get("site_url"), str) else ""
    site = plan_site(group, as_of, Archive(root), site_url=site_url)  # feeds' links as the hook makes them
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    overrides: list[Page] = []
    if isinstance(custom_dir, str) and (root / custom_dir).is_dir():
        replaced = _theme_files()
        overrides = [page for page in _copied(root / custom_dir, OVERRIDES, skip_markdown=False)
                     if page.path.removeprefix(OVERRIDES + "/") not in replaced]
        if overrides:
            theme["custom_dir"] = OVERRIDES
        else:
            del theme["custom_dir"]

    def files() -> Iterator[Page]:  # made as they are written (the writer takes them in batches)
        for page in site.pages:
            yield Page(f"{PAGES}/{page.path}", _searchable(page))
        yield from _copied(root / PAGES, PAGES, skip_markdown=True)
        yield from overrides
        yield Page(CONFIG, project_config(config, site.nav, group.file.name))  # last: the navigation is complete

    return write_pages(files(), directory)


def _theme_files() -> set[str]:
    """The templates of mkdocs-material that an override would replace as a whole, except
    ``main.html`` (the theme's documented place for extending its blocks). A group's copy of one
    of them is written against Material's version of the file; Zensical has its own templates (a
    copy of Material's ``base.html`` or ``partials/toc.html`` stops its build), so the generated
    project keeps only the overrides that extend the theme."""
    spec = importlib.util.find_spec("material")
    if spec is None or spec.origin is None:
        return set()
    templates = Path(spec.origin).parent / "templates"
    return {p.relative_to(templates).as_posix() for p in templates.rglob("*.html")} - {"main.html"}


def read_config(root: Path) -> CommentedMap:
    """The group's mkdocs.yml, tags and all (``!!python/object/apply`` for the toc's slugify)."""
    path = root / CONFIG
    try:
        config = YAML().load(path.read_text(encoding="utf-8") if path.exists() else DEFAULT_CONFIG)
    except OSError:
        raise ProjectError(f"{path} が読めません → 読めるファイルにするか、消してください (既定の設定で書き出します)") from None
    except Exception as exc:  # ruamel's parser and scanner errors
        raise ProjectError(f"{path} の書き方に誤りがあります ({type(exc).__name__}) → "
                           "mkdocs build が通る mkdocs.yml にしてください") from None
    if not isinstance(config, CommentedMap):
        raise ProjectError(f"{path} が設定の表になっていません → mkdocs build が通る mkdocs.yml にしてください")
    return config


def project_config(config: CommentedMap, nav: list[Any], site_name: str) -> str:
    """The generated project's mkdocs.yml: the group's settings, our name, folder and navigation."""
    out = CommentedMap()
    out["site_name"] = str(escape(site_name))
    for key, value in config.items():
        if key not in DROPPED:
            out[key] = value
    out["docs_dir"] = PAGES
    out["nav"] = _plain(nav)
    out.yaml_set_start_comment(HEADER)
    yaml = YAML()
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(out, stream)
    return stream.getvalue()


def _plain(nav: Any) -> Any:
    """The navigation as plain lists, dicts and strings, its titles (company names, document titles)
    escaped for HTML as the hook escapes them: Zensical and Material print navigation titles
    unescaped. The YAML writer quotes them; a name is never read as YAML syntax."""
    if isinstance(nav, list):
        return [_plain(item) for item in nav]
    if isinstance(nav, dict):
        return {str(escape(title)): _plain(target) for title, target in nav.items()}
    return str(nav)


def _copied(source: Path, prefix: str, *, skip_markdown: bool) -> Iterator[Page]:
    """The files under ``source`` (not through symbolic links, no hidden files) as pages under
    ``prefix``; ``skip_markdown``: leave out Markdown pages (the editors' guide and tables)."""
    if not source.is_dir() or source.is_symlink():
        return
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part.startswith(".") for part in relative.parts) or path.is_symlink() or not path.is_file():
            continue
        if any(parent.is_symlink() for parent in path.parents if parent != source and source in parent.parents):
            continue
        if skip_markdown and path.suffix == ".md":
            continue
        yield Page(f"{prefix}/{relative.as_posix()}", path.read_bytes())


def _searchable(page: Page) -> str | bytes:
    """The page as the engine should read it: its front-matter title escaped for HTML (the hook
    escapes it on the page's metadata: themes print titles unescaped in the header and the
    navigation, DECISIONS.md 17), and ``search: {exclude: true}`` added for a notice page the
    search leaves out (the hook sets that on the metadata too)."""
    text = page.text
    if not isinstance(text, str) or not page.path.endswith(".md") or not text.startswith("---\n"):
        return text
    end = text.find("\n---\n", 4)
    if end < 0:
        return text
    meta = YAML(typ="safe").load(text[4:end])
    if not isinstance(meta, dict):
        return text
    lines = text[4:end + 1].splitlines(keepends=True)
    title = meta.get("title")
    if isinstance(title, str):
        lines = [f"title: {json.dumps(str(escape(title)), ensure_ascii=False)}\n" if line.startswith("title:") else line
                 for line in lines]
    notice = meta.get("notice")
    if (isinstance(notice, dict) and "search" not in meta
            and not (notice.get("page") == "current" and notice.get("in_force") is True)):
        lines.append("search:\n  exclude: true\n")
    return "---\n" + "".join(lines) + text[end + 1:]
