"""One check per build: `privacy-notices build` checks the data before it starts the engine, and the
engine's hook needs the same checked group; both ask here, and the second asks for nothing new.

The result of the last :func:`~privacy_notices.check.check` is kept with the arguments it was given
and a fingerprint of the files it read (path, size and modification time of every file of
``companies/``, ``content/``, ``templates/`` and ``versions/``, and the CODEOWNERS file). A call with
the same arguments on unchanged files gets the same result; anything else checks again. One result
is kept: a build checks one group. (`mkdocs serve` checks after every save: the files changed.)
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import Any

from .check import check
from .codeowners import PATH as CODEOWNERS
from .errors import Problem
from .layout import COMPANIES, CONTENT, TEMPLATES, VERSIONS, files_state
from .loader import Group

FOLDERS = (COMPANIES, CONTENT, TEMPLATES, VERSIONS)

_ARGUMENTS = inspect.signature(check)
_last: tuple[tuple[Any, ...], tuple[Group | None, list[Problem]]] | None = None


def check_once(root: Path, **options: Any) -> tuple[Group | None, list[Problem]]:
    """:func:`check` of ``root`` with ``options``, or the result of the same call on the same files."""
    global _last
    call = _ARGUMENTS.bind(root.resolve(), **options)
    call.apply_defaults()  # check(root) and check(root, strict=False) are the same call
    key = (tuple(call.arguments.items()), fingerprint(root))
    if _last is not None and _last[0] == key:
        group, problems = _last[1]
        return group, list(problems)
    _last = None  # the earlier group is not kept alive during the new check
    group, problems = check(root, **options)
    _last = (key, (group, list(problems)))
    return group, problems


def fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every input file's relative path, size and modification time (nanoseconds), in a fixed order."""
    found = files_state(root, *FOLDERS)
    if os.path.lexists(root / CODEOWNERS):
        stat = os.lstat(root / CODEOWNERS)  # links are not followed: they may loop
        found += ((CODEOWNERS, stat.st_size, stat.st_mtime_ns),)
    return found
