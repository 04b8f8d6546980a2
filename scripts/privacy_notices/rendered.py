"""The pages ``check`` renders, kept between runs: a company whose inputs did not change is not rendered again.

``check`` renders every page once (each company's page and each notice as of its latest revision) to find
the templates' failures, and compares each notice with its frozen text: on a group of 1,000 companies that
is a third of its time (issue 14). A company's pages depend only on the package (its code and built-in
templates), the group's files (``content/``, ``templates/``), the company's own file and the files of the
companies the group's joint uses name (members and responsible companies). Their SHA-256 is the key of an
entry under ``.cache/privacy-notices/rendered/`` (signed, as :mod:`.parsed`'s): the texts, their
arrangement and the failures met. When a template other than the top page's mentions ``companies``, which
any page could read, every company file is part of every key. The results are the same with or without
the cache, which is safe to delete; the top page and 「このサイトについて」 are always rendered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from functools import partial
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from .errors import Problem
from .layout import CACHE_DIR, CONTENT, TEMPLATES
from .loader import Company, company_files
from .parsed import ParsedCache
from .template_problems import TemplateProblem

DIRECTORY = f"{CACHE_DIR}/rendered"


def _tree(base: Path) -> tuple[bytes, bool]:
    """The SHA-256 of every file under ``base`` (names and bytes), and whether a template there names ``companies``."""
    digest, reads_companies = hashlib.sha256(), False
    for folder, dirs, names in sorted(os.walk(base)):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as file:
                    raw = file.read()
            except OSError:
                raw = b"\0unreadable"
            digest.update(os.path.relpath(path, base).encode("utf-8", "surrogateescape") + b"\0" + raw + b"\0")
            reads_companies = reads_companies or (name.endswith(".j2") and name != "index.md.j2" and b"companies" in raw)
    return digest.digest(), reads_companies


def _file_digest(paths: list[Path]) -> bytes:
    digest = hashlib.sha256()
    for path in paths:
        try:
            digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            digest.update(b"\0unreadable\0")
    return digest.digest()


@dataclass(frozen=True)
class Keys:
    """What a company's pages are made from, as two SHA-256 keys."""

    own: str
    """The package's templates aside, everything a page that shows no other company reads: the as-of date, every
    file of ``content/`` and ``templates/``, the company's own file (the site's pages of its frozen versions)."""
    pages: str
    """``own`` and the files of the companies any template may show on its pages: the members and responsible
    company of every joint use, and every company when a template other than the top page's names ``companies``."""


def page_keys(root: Path, group: Any, as_of: dt.date) -> dict[str, Keys]:
    """Each company's :class:`Keys` for the pages of ``group`` as of ``as_of``."""
    content, _ = _tree(root / CONTENT)
    templates, reads_companies = _tree(root / TEMPLATES)
    reads_companies = reads_companies or _tree(Path(str(package_files(__package__).joinpath("templates"))))[1]  # built-in ones
    base = hashlib.sha256(b"|".join((as_of.isoformat().encode(), content, templates))).digest()
    files = company_files(root)
    own = {cid: _file_digest(files.get(cid, [])) for cid in group.companies}
    everyone = hashlib.sha256(b"".join(own[cid] for cid in sorted(own))).digest() if reads_companies else b""
    named = set()  # any template may name the members of any joint use (group.joint_uses)
    for use in group.file.joint_uses:
        named.update(group.participants(use))
        named.add(use.responsible)
    shown = b"".join(own.get(other, b"-") for other in sorted(named)) + everyone
    keys = {}
    for cid in group.companies:
        alone = hashlib.sha256(cid.encode() + b"\0" + base + own[cid])
        keys[cid] = Keys(alone.hexdigest(), hashlib.sha256(alone.digest() + shown).hexdigest())
    return keys


def render_companies(renderer: Any, root: Path) -> list[Problem]:
    """:meth:`~.render.Renderer.problems`, with each company's pages taken from the cache when its inputs
    are unchanged. The renderer is left holding every notice's text and arrangement, as after ``problems``."""
    group = renderer.group
    keys = {cid: found.pages for cid, found in page_keys(root, group, renderer.as_of).items()}
    cache = ParsedCache(root, DIRECTORY)
    found: dict[tuple[str, int, int, str], Problem] = {}

    def keep(problems: list[Problem]) -> None:  # once per place, whichever page met it first
        for p in problems:
            found.setdefault((p.path, p.line, p.column, p.message), p)

    for page in (renderer.index, renderer.about):
        try:
            page()
        except TemplateProblem as exc:
            keep(exc.problems)
    entries = [cache.get(keys[company.id].encode(), ("rendered",), partial(_render, renderer, company))
               for company in group.companies.values()]
    cache.prune()
    for entry in entries:
        for key, text, arranged in entry["notices"]:
            renderer.documents.setdefault(key, text)
            renderer.arranged.setdefault(key, arranged)
    for part in ("page", "notices"):  # the companies' pages, then their notices, as Renderer.problems
        for entry in entries:
            keep(entry["problems"][part])
    return list(found.values())


def _render(renderer: Any, company: Company) -> dict[str, Any]:
    """The company's page and notices rendered: (key, text, arrangement) of each notice, and the failures met."""
    failures: dict[str, list[Problem]] = {"page": [], "notices": []}
    pages = [("page", partial(renderer.company_page, company))]
    pages += [("notices", partial(renderer.notice, company, d)) for d in company.data.documents]
    for part, page in pages:
        try:
            page()
        except TemplateProblem as exc:
            failures[part] += exc.problems
    notices = []
    for doc in company.data.documents:
        key = (company.id, doc, tuple(r.date for r in renderer.context(company, doc).revisions))
        if key in renderer.documents:
            notices.append((key, renderer.documents[key], renderer.arranged.get(key)))
    return {"notices": notices, "problems": failures}
