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
import stat
from dataclasses import dataclass
from functools import partial
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any, Callable

from .cache import code_version
from .errors import Problem
from .layout import CACHE_DIR, CONTENT, TEMPLATES
from .loader import Company, company_files
from .parsed import ParsedCache
from .template_problems import TemplateProblem
from .templating import Reads

DIRECTORY = f"{CACHE_DIR}/rendered"


OTHERS = frozenset({"joint_members", "responsible", "companies"})
"""The names through which a template reaches other companies (render.py's globals)."""


def _tree(base: Path, parse: Callable[[str], set[str] | None]) -> tuple[bytes, bool, bool]:
    """The SHA-256 of every file under ``base`` (names and bytes); whether a template there other than the
    top page's uses ``companies``; whether any file there uses a way to other companies (:data:`OTHERS`).
    ``parse``: the global names a file's template uses (None: it does not parse, so it may use any)."""
    digest, reads_companies, others = hashlib.sha256(), False, False
    for folder, dirs, names in sorted(os.walk(base)):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            raw = _contents(path)
            digest.update(os.path.relpath(path, base).encode("utf-8", "surrogateescape") + b"\0" + raw + b"\0")
            used = parse(raw.decode("utf-8", "replace"))
            reads_companies = reads_companies or (name != "index.md.j2" and (used is None or "companies" in used))
            others = others or used is None or bool(used & OTHERS)
    return digest.digest(), reads_companies, others


def _template_names(env: Any) -> Callable[[str], set[str] | None]:
    """The global names a template source uses, as Jinja parses it with the group's environment ``env``."""
    from jinja2 import meta

    def names(source: str) -> set[str] | None:
        try:
            return meta.find_undeclared_variables(env.parse(source))
        except Exception:  # noqa: BLE001 - any template Jinja cannot parse: assume it uses anything
            return None
    return names


_BUILTIN: dict[str, bool] = {}
"""Whether a built-in template other than the top page's uses ``companies``, by package version."""


def _file_digest(paths: list[Path]) -> bytes:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0" + _contents(str(path)) + b"\0")
    return digest.digest()


def _contents(path: str) -> bytes:
    """The bytes of a regular file, for a key; what anything else is (a link's target, a pipe, a device): a
    link is never followed, and a pipe never opened (the check reports them; a key only needs to change)."""
    try:
        found = os.lstat(path)
        if stat.S_ISLNK(found.st_mode):
            return b"\0link " + os.fsencode(os.readlink(path))
        if not stat.S_ISREG(found.st_mode):
            return b"\0not a file"
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)), "rb") as file:
            return file.read() if stat.S_ISREG(os.fstat(file.fileno()).st_mode) else b"\0not a file"
    except OSError:
        return b"\0unreadable"


@dataclass(frozen=True)
class Keys:
    """What a company's pages are made from, as SHA-256 keys."""

    own: str
    """The package's templates aside, everything a page that shows no other company reads: the as-of date, every
    file of ``content/`` and ``templates/``, the company's own file (the site's pages of its frozen versions)."""
    pages: str
    """``own`` and the files of the companies any template may show on its pages: the members and responsible
    company of every joint use, and every company when a template other than the top page's names ``companies``."""
    fields: str | None
    """``own``, for pages whose reads of other companies are noted field by field (:class:`.templating.Reads`): the
    built-in templates reach them only by ``.`` and ``[…]``. None when a group template names a way to them
    (:data:`OTHERS`; it could read them whole, by iterating) or a template names ``companies``: then ``pages``."""


def page_keys(root: Path, group: Any, as_of: dt.date, env: Any) -> dict[str, Keys]:
    """Each company's :class:`Keys` for the pages of ``group`` as of ``as_of``, rendered in the environment ``env``."""
    content = _tree(root / CONTENT, lambda text: set())[0]
    names = _template_names(env)
    templates, reads_companies, others = _tree(root / TEMPLATES, names)
    if code_version() not in _BUILTIN:
        _BUILTIN[code_version()] = _tree(Path(str(package_files(__package__).joinpath("templates"))), names)[1]
    reads_companies = reads_companies or _BUILTIN[code_version()]
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
        keys[cid] = Keys(alone.hexdigest(), hashlib.sha256(alone.digest() + shown).hexdigest(),
                         None if others or reads_companies else alone.hexdigest())
    return keys


def render_companies(renderer: Any, root: Path, keys: dict[str, Keys] | None = None) -> list[Problem]:
    """:meth:`~.render.Renderer.problems`, with each company's pages taken from the cache when its inputs
    are unchanged. The renderer is left holding every notice's text and arrangement, as after ``problems``."""
    group = renderer.group
    keys = keys if keys is not None else page_keys(root, group, renderer.as_of, renderer.env)
    cache = ParsedCache(root, DIRECTORY)
    found: dict[tuple[str, int, int, str], Problem] = {}
    current = _Fields(group)

    def keep(problems: list[Problem]) -> None:  # once per place, whichever page met it first
        for p in problems:
            found.setdefault((p.path, p.line, p.column, p.message), p)

    for page in (renderer.index, renderer.about):
        try:
            page()
        except TemplateProblem as exc:
            keep(exc.problems)
    entries = []
    for company in group.companies.values():
        fine = keys[company.id].fields
        if fine is None:
            entries.append(cache.get(keys[company.id].pages.encode(), ("rendered",), partial(_render, renderer, company)))
        else:  # kept while the fields of other companies it read are the same
            entries.append(cache.get(fine.encode(), ("rendered", "fields"), partial(_render, renderer, company, current),
                                     valid=lambda entry: all(current.digest(c, f) == d for c, f, d in entry["reads"])))
    cache.prune()
    for entry in entries:
        for key, text, arranged in entry["notices"]:
            renderer.documents.setdefault(key, text)
            renderer.arranged.setdefault(key, arranged)
    for part in ("page", "notices"):  # the companies' pages, then their notices, as Renderer.problems
        for entry in entries:
            keep(entry["problems"][part])
    return list(found.values())


class _Fields:
    """The SHA-256 of each top-level field of each company's data (as ``repr`` shows it), made when first asked."""

    def __init__(self, group: Any) -> None:
        self.group = group
        self.found: dict[tuple[str, str], str] = {}

    def digest(self, cid: str, field: str) -> str:
        if (cid, field) not in self.found:
            company = self.group.companies.get(cid)
            value = repr(getattr(company.data, field, None)) if company is not None else "\0no company"
            self.found[(cid, field)] = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
        return self.found[(cid, field)]


def _render(renderer: Any, company: Company, fields: _Fields | None = None) -> dict[str, Any]:
    """The company's page and notices rendered: (key, text, arrangement) of each notice, the failures met and,
    with ``fields``, the fields of other companies' data read (each with its digest)."""
    failures: dict[str, list[Problem]] = {"page": [], "notices": []}
    pages = [("page", partial(renderer.company_page, company))]
    pages += [("notices", partial(renderer.notice, company, d)) for d in company.data.documents]
    watched = Reads({id(c.data): cid for cid, c in renderer.group.companies.items() if cid != company.id})
    renderer.env.reads = watched if fields is not None else None
    try:
        for part, page in pages:
            try:
                page()
            except TemplateProblem as exc:
                failures[part] += exc.problems
    finally:
        renderer.env.reads = None
    notices = []
    for doc in company.data.documents:
        key = (company.id, doc, tuple(r.date for r in renderer.context(company, doc).revisions))
        if key in renderer.documents:
            notices.append((key, renderer.documents[key], renderer.arranged.get(key)))
    reads = sorted((c, f, fields.digest(c, f)) for c, f in watched.fields) if fields is not None else []
    return {"notices": notices, "problems": failures, "reads": reads}
