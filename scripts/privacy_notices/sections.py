"""Section files: the Markdown under ``content/`` that a section's ``file:`` names.

:func:`read_section` is the only way such a file is read, by ``check`` and by the build alike, so
the build never publishes a file the check did not accept. A file must resolve inside
``content/`` (no ``..``, no absolute path, no symbolic link, of the file or of a folder, leading
out), be a regular file of at most :data:`MAX_BYTES`, be UTF-8 without a BOM and hold none of the
characters :mod:`privacy_notices.characters` refuses. A refusal never quotes the content of a file
outside ``content/``, which may be anything on the machine that builds.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from . import characters
from .errors import Problem, shown
from .layout import CONTENT
from .prose import findings
from .yamlio import decode_text

if TYPE_CHECKING:
    from .loader import Origin

MAX_BYTES = 200_000
"""A section is part of a notice: the longest notices we know are under 100 KB whole (about 30,000
Japanese characters, 3 bytes each). 200 KB leaves room; a bigger file is a mistake (a pasted PDF, a
binary file) or an attack, and it would be copied into every frozen version of every notice."""


class Refused(Exception):
    """Why a section file cannot be used. ``path`` is set when the problem is in the file itself
    (it is then located there); otherwise it is located at the ``file:`` that names it."""

    def __init__(self, *, message: str, found: str, fix: str, path: str | None = None,
                 line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.found, self.fix = message, found, fix
        self.path, self.line, self.column = path, line, column


def read_section(root: Path, name: str) -> str:
    """The text of section file ``name`` (relative to ``content/``), or :class:`Refused`."""
    path = f"{CONTENT}/{name}"
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).anchor or ".." in PurePosixPath(name).parts:
        raise Refused(message="content/ の外のファイルは使えません", found=shown(name),
                      fix="content/ からの相対パスで書いてください (例: sections/leak-response.md)")
    base = (root / CONTENT).resolve()
    try:
        real: Path | None = (base / name).resolve(strict=True)  # every link followed, of folders too
    except (OSError, RuntimeError, ValueError):  # missing, a loop of links, a NUL in the name
        real = None
    if real is not None and not real.is_relative_to(base):
        raise Refused(message="ファイルが content/ の外を指しています", found=shown(name),
                      fix="シンボリックリンクをやめ、ファイルそのものを content/ に置いてください")
    if real is None or not real.is_file():  # a folder, a device or a pipe is no file either
        raise Refused(message="本文のファイルがありません", found=shown(name),
                      fix="content/ に置いたファイルの名前を書いてください")
    size = real.stat().st_size
    if size > MAX_BYTES:
        raise Refused(message="ファイルが大きすぎます", found=f"{size:,} バイト", path=path,
                      fix=f"{MAX_BYTES:,} バイト以下にしてください (長い文章は節を分けます)")
    text, undecodable = decode_text(real.read_bytes(), path)
    if text is None:
        raise _refused(undecodable)
    hidden = characters.in_raw_text(path, text)  # NUL, other controls, bidirectional overrides
    if hidden:
        raise _refused(hidden[0])
    return text


def _refused(problem: Problem | None) -> Refused:
    """A problem found in the file itself, as the reason the file is refused."""
    assert problem is not None
    return Refused(message=problem.message, found=problem.found or "", fix=problem.fix or "", path=problem.path,
                   line=problem.line, column=problem.column)


def section_problems(root: Path, name: str, where: Origin) -> list[Problem]:
    """What is wrong with section file ``name``, named at ``where`` (the section's ``file:``):
    the file itself, then its Markdown (see :mod:`privacy_notices.prose`)."""
    try:
        text = read_section(root, name)
    except Refused as refused:
        if refused.path is None:
            return [where.problem(message=refused.message, found=refused.found, fix=refused.fix)]
        return [Problem(refused.path, refused.line, refused.column, "", refused.message, refused.found, refused.fix)]
    path = f"{CONTENT}/{name}"
    problems = []
    for finding in findings(text):
        line = text.count("\n", 0, finding.offset) + 1
        column = finding.offset - (text.rfind("\n", 0, finding.offset) + 1) + 1
        problems.append(Problem(path, line, column, "本文", finding.message, finding.found, finding.fix))
    return problems
