"""The request form (開示等の請求書) a company publishes as a file on the site.

``requests.form.file`` names a file under ``content/`` (``forms/request-form.pdf``). It is read only
through :func:`read_form`, by ``check`` and by the build alike, with the rules of section files
(:func:`privacy_notices.sections.read_section`): inside ``content/`` (no ``..``, no absolute path, no
symbolic link of the file or of a folder leading out), a regular file, at most :data:`MAX_BYTES`; and
it must be of an allowed type (:data:`TYPES`) and really be what its extension says. The site
publishes it at a stable address, its path under ``content/`` (``/forms/request-form.pdf``), so the
file name is held to URL-safe characters. The core only plans the file (:func:`form_files`); the
writer and the mkdocs hook copy it like any generated page.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Iterator

from markupsafe import Markup

from .errors import Problem, shown
from .markdown import escape, link
from .sections import CONTENT, Refused

if TYPE_CHECKING:
    from .loader import Group, Origin
    from .model import Content, RequestForm

MAX_BYTES = 2_000_000
"""A one- or two-page form is 20-300 KB (a scanned one up to about 1 MB). 2 MB leaves room; a bigger
file is a mistake (a whole brochure, a video) that every visitor on a phone would download."""

NOTICE_DEPTH = 2
"""Notices are published at ``<company>/<document>/`` (``index.md``, ``<date>.md``): the form's link
climbs this many folders to the site's root."""


@dataclass(frozen=True)
class FileType:
    label: str
    """How the link names the type: 開示等の請求書 (PDF)."""
    magic: bytes
    """How the file starts."""
    member: str | None = None
    """For Office files (zip archives): the part every such document has."""


TYPES = {
    ".pdf": FileType("PDF", b"%PDF-"),
    ".docx": FileType("Word", b"PK\x03\x04", "word/document.xml"),
    ".xlsx": FileType("Excel", b"PK\x03\x04", "xl/workbook.xml"),
}
"""PDF is what visitors print. Word and Excel are allowed because many desks hand out a form to fill in on
a computer; their macro-free formats only (.docm/.xlsm/.doc/.xls can carry macros, and a .docx/.xlsx holding
a macro project is refused). Images, HTML and others are refused: a form is a document to print or fill in,
and an HTML or SVG file served from the site could run script there."""

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""Each part of the path: its address on the site, so no space, no Japanese, no %."""


def read_form(root: Path, name: str) -> bytes:
    """The bytes of form file ``name`` (relative to ``content/``), or :class:`~privacy_notices.sections.Refused`."""
    parts = PurePosixPath(name).parts
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).anchor or ".." in parts or "\\" in name:
        raise Refused(message="content/ の外のファイルは使えません", found=shown(name),
                      fix="content/ からの相対パスで書いてください (例: forms/request-form.pdf)")
    if not parts or not all(NAME.fullmatch(part) for part in parts):
        raise Refused(message="ファイルの名前に使えない文字があります", found=shown(name),
                      fix="サイトでの URL になるため、半角の英数字と - _ . だけの名前にしてください (例: forms/request-form.pdf)")
    kind = TYPES.get(PurePosixPath(name).suffix.lower())
    if kind is None:
        raise Refused(message="この種類のファイルは請求書として公開できません", found=shown(name),
                      fix="PDF (.pdf)、Word (.docx)、Excel (.xlsx) のどれかにしてください")
    base = (root / CONTENT).resolve()
    try:
        real: Path | None = (base / name).resolve(strict=True)  # every link followed, of folders too
    except (OSError, RuntimeError, ValueError):  # missing, a loop of links
        real = None
    if real is not None and not real.is_relative_to(base):
        raise Refused(message="ファイルが content/ の外を指しています", found=shown(name),
                      fix="シンボリックリンクをやめ、ファイルそのものを content/ に置いてください")
    if real is None or not real.is_file():
        raise Refused(message="請求書のファイルがありません", found=shown(name),
                      fix="content/ に置いたファイルの名前を書いてください (例: forms/request-form.pdf)")
    size = real.stat().st_size
    if size > MAX_BYTES:
        raise Refused(message="ファイルが大きすぎます", found=f"{size:,} バイト",
                      fix=f"{MAX_BYTES:,} バイト以下にしてください (画像の解像度を下げる、ページを減らすなど)")
    data = real.read_bytes()
    if not _is(kind, data):
        raise Refused(message=f"ファイルの中身が {kind.label} ではありません", found=shown(name),
                      fix=f"{kind.label} で保存し直したファイルを置くか、中身に合った拡張子にしてください")
    return data


def _is(kind: FileType, data: bytes) -> bool:
    if not data.startswith(kind.magic):
        return False
    if kind.member is None:
        return True
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())  # the directory only: nothing is unpacked
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return kind.member in names and not any(n.lower().endswith("vbaproject.bin") for n in names)


def form_link(form: RequestForm) -> Markup:
    """The link to a form: its URL, or the published file (``../../forms/x.pdf`` from a notice)."""
    if form.url is not None:
        return link(form.url, form.title)
    name = form.file or ""
    if not all(NAME.fullmatch(part) for part in PurePosixPath(name).parts) or not name:
        raise ValueError(f"unchecked form file reached a template: {name!r}")
    kind = TYPES[PurePosixPath(name).suffix.lower()]
    return Markup(f"[{escape(form.title)} ({kind.label})](<{'../' * NOTICE_DEPTH}{name}>)")


def form_files(group: Group) -> dict[str, bytes]:
    """``{published path: bytes}`` of every form file a company's notices link to (sorted by path)."""
    names = {c.data.requests.form.file for c in group.companies.values()
             if c.data.requests and c.data.requests.form and c.data.requests.form.file}
    return {name: read_form(group.root, name) for name in sorted(names)}


def form_problems(group: Group) -> list[Problem]:
    """What is wrong with each ``requests.form`` written, in the group's defaults or a company's file."""
    from .loader import Origin

    problems = list(_problems(group, group.file.defaults, group.origin("defaults", "requests", "form")))
    for company in group.companies.values():
        where = Origin(company.origin("name").document, ("requests", "form"))
        problems += _problems(group, company.own, where)
    return problems


def _problems(group: Group, content: Content, where: Origin) -> Iterator[Problem]:
    form = content.requests.form if content.requests else None
    if form is None:
        return
    if (form.url is None) == (form.file is None):
        yield where.problem(message="請求書の入手先がないか、二重に書かれています", found=form.title,
                            fix="url (請求書を置いたページ) か file (このサイトで公開するファイル) のどちらか一方を書いてください")
    if form.file is not None:
        try:
            read_form(group.root, form.file)
        except Refused as refused:
            yield where.problem("file", message=refused.message, found=refused.found, fix=refused.fix)
