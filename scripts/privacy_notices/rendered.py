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
