"""A PDF of one frozen version, for legal records (DECISIONS.md 37).

Engine-free in its inputs: a :class:`PdfVersion` holds what the PDF states (company, title, 施行日,
permanent URL, the SHA-256 of the frozen text) and the frozen Markdown. The Markdown becomes HTML
with the project's Markdown settings (the extensions of ``mkdocs.yml``), the print stylesheet
``print.css`` lays it out, and WeasyPrint makes the PDF: the header names the company and the
document, the footer the 施行日, the permanent URL, the SHA-256 and the page number; the Japanese
font (BIZ UDPGothic, Debian's ``fonts-morisawa-bizud-gothic``; Noto Sans CJK JP of ``fonts-noto-cjk``
for characters it lacks, or on a machine without it) is embedded as a subset.

The same input gives the same bytes: WeasyPrint writes no creation date unless told to, and its
document id is derived from the content. Nothing is fetched: the URL fetcher refuses every address,
so a build needs no network and a hostile link or image in a text reaches nothing.

PDFs are cached by the checksum of everything they show plus this module, the stylesheet and the
WeasyPrint version (:class:`PdfMaker`): a version is rendered once, then read back on every build.
Missing PDFs are rendered in parallel, one process per CPU.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict, astuple, dataclass
from functools import cache
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from .prose import EXTENSIONS

MARKDOWN_EXTENSIONS = [*EXTENSIONS, "attr_list", "toc"]
"""``mkdocs.yml``'s ``markdown_extensions`` (the toc's permalinks aside: paper has no use for them)."""
FONT_MARKERS = (b"BIZ-UD", b"CJK")
"""An embedded font's name must contain one of these: the Japanese fonts that print.css names."""
ERROR_EXIT = 3
"""A worker's exit status when it cannot make a PDF (its last line of stderr says why, in Japanese)."""
CACHE_VARIABLE = "PRIVACY_NOTICES_PDF_CACHE"
"""Overrides the cache folder (the test suite shares one across its copies of the demo)."""


class PdfError(Exception):
    """A PDF cannot be made; the message says why and what to do, in Japanese."""


@dataclass(frozen=True)
class PdfVersion:
    """What one PDF shows."""

    company: str
    """The company's name as the frozen version states it."""
    title: str
    """The document's title as the frozen version states it."""
    effective: str
    """The 施行日, formatted as the document's pages show it."""
    url: str
    """The version's permanent address (absolute when the site has an address)."""
    sha256: str
    """The SHA-256 of the frozen Markdown file (as versions.json lists it)."""
    text: str
    """The frozen Markdown, without its front matter (``site.body_of``)."""


def to_html(version: PdfVersion) -> str:
    """The version as one HTML document: header and footer (running elements), then the text."""
    from markdown import Markdown

    md = Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs={"toc": {"permalink": False}})
    md.treeprocessors.register(_ColumnWidths(md), "pn-column-widths", 1)  # after inline patterns (20)
    body = _absolute_links(md.convert(version.text), version.url)
    title = f"{version.title} ({version.effective}施行) | {version.company}"
    return (
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<meta name="author" content="{escape(version.company)}">'
        f'<meta name="description" content="SHA-256: {escape(version.sha256)}"></head><body>'
        f'<div class="pn-pdf-header">{escape(version.company)}　{escape(version.title)}</div>'
        '<div class="pn-pdf-footer">'
        f'<span class="pn-pdf-effective">施行日: {escape(version.effective)}</span> '
        f'<span class="pn-pdf-url">URL: {escape(version.url)}</span><br>'
        f'<span class="pn-pdf-sha">本文の SHA-256: {escape(version.sha256)}</span></div>'
        f'<main>{body}</main></body></html>\n')


TABLE_WIDTH_EM = 54.0
"""The text width of an A4 page (174 mm) in ems of a table's 9 pt text: the scale of column widths."""
CELL_PADDING_EM = 1.0
"""A cell's left and right padding and borders (print.css: 4 pt each side), in ems."""
_STASHED = re.compile("\x02wzxhzdk:\\d+\x03")
"""Python-Markdown's placeholder for raw HTML (in a table cell, only ``<br>``: prose.py)."""


def text_width(text: str) -> float:
    """An estimate of a line's width in ems: CJK characters are square, the others about half."""
    from unicodedata import east_asian_width

    return sum(1.0 if east_asian_width(c) in "WFA" else 0.3 if c == " " else 0.55 for c in text)


def column_widths(rows: list[list[str]]) -> list[float]:
    """Percentages of the table's width for its columns, from their text (``rows[0]``: the header).

    WeasyPrint's automatic table layout measures the narrowest width of every cell by breaking its
    text at every opportunity, which in Japanese is every character: half the time of a PDF went
    there. print.css lays tables out with ``table-layout: fixed`` instead, and this gives the widths
    that the automatic layout (CSS 2.1, 17.5.2.2) would give, from estimated text widths: each column
    its widest line if all fit, else at least its narrowest (its header or longest word, capped) and
    the rest shared in proportion to how much more it needs.
    """
    count = max((len(row) for row in rows), default=0)
    widest = [CELL_PADDING_EM + 2.0] * count
    narrowest = [CELL_PADDING_EM + 2.0] * count
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            lines = cell.split("\n")
            widest[c] = max(widest[c], CELL_PADDING_EM + max(text_width(line.strip()) for line in lines))
            words = [w for line in lines for w in re.findall(r"[!-~]+", line)]
            longest = min(10.0, max((text_width(w) for w in words), default=0.0))
            header = min(6.0, text_width(cell.strip())) if r == 0 else 0.0
            narrowest[c] = max(narrowest[c], CELL_PADDING_EM + max(longest, header))
    if sum(widest) <= TABLE_WIDTH_EM:
        widths = widest
    elif sum(narrowest) >= TABLE_WIDTH_EM:
        widths = narrowest
    else:
        share = (TABLE_WIDTH_EM - sum(narrowest)) / (sum(widest) - sum(narrowest))
        widths = [low + (high - low) * share for low, high in zip(narrowest, widest)]
    total = sum(widths)
    return [round(100 * w / total, 1) for w in widths]


class _ColumnWidths:
    """A Python-Markdown tree processor: a ``<colgroup>`` with :func:`column_widths` in every table."""

    def __init__(self, md: Any) -> None:
        self.md = md

    def run(self, root: Any) -> None:
        from xml.etree.ElementTree import Element, SubElement

        for table in root.iter("table"):
            rows = [[_STASHED.sub("\n", _cell_text(cell)) for cell in tr if cell.tag in ("th", "td")]
                    for tr in table.iter("tr")]
            group = Element("colgroup")
            for width in column_widths(rows):
                SubElement(group, "col", {"style": f"width: {width}%"})
            table.insert(0, group)


def _cell_text(element: Any) -> str:
    """The text of a cell, a line break for each ``<br>``."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "br" else _cell_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


_HREF = re.compile(r'href="([^"]*)"')


def _absolute_links(html: str, url: str) -> str:
    """Links between the site's pages (``history.md``) as the addresses they have on the site."""
    def absolute(match: re.Match[str]) -> str:
        href = match.group(1)
        if href.startswith("#") or urlsplit(href).scheme:
            return match.group(0)
        path, _, fragment = href.partition("#")
        if path.endswith(".md"):
            path = posixpath.dirname(path) + "/" if posixpath.basename(path) == "index.md" else path[:-3] + "/"
        target = urljoin(urljoin(url, ".."), path.lstrip("/") if not path.startswith("/") else path)
        return f'href="{escape(target + ("#" + fragment if fragment else ""))}"'
    return _HREF.sub(absolute, html)


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"a PDF fetches nothing: {url}")


def to_pdf(version: PdfVersion) -> bytes:
    """The PDF's bytes (the same for the same ``version``)."""
    from weasyprint import CSS, HTML

    fonts: list[bytes] = []

    def note_fonts(document: Any, pdf: Any) -> None:
        fonts.extend(bytes(str(o["BaseFont"]), "utf-8") if not isinstance(o["BaseFont"], bytes) else o["BaseFont"]
                     for o in pdf.objects if isinstance(o, dict) and "BaseFont" in o)

    html = HTML(string=to_html(version), url_fetcher=_refuse, base_url=version.url or None)
    data = html.write_pdf(stylesheets=[CSS(string=stylesheet(), url_fetcher=_refuse)], finisher=note_fonts)
    if not any(marker in name for name in fonts for marker in FONT_MARKERS):  # others may serve a few characters
        raise PdfError("PDF に埋め込む日本語のフォント (BIZ UDPゴシック) が見つかりません"
                       " → Debian/Ubuntu では apt-get install fonts-morisawa-bizud-gothic fonts-noto-cjk で入れてください"
                       " (PDF を作らないときは content/group.yaml に pdf: false)")
    return bytes(data)


@cache
def stylesheet() -> str:
    return files(__package__).joinpath("print.css").read_text(encoding="utf-8")


@cache
def code_version() -> str:
    """This module, the stylesheet and the engine's version: a change of any makes new PDFs."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    digest.update(files(__package__).joinpath("pdf.py").read_bytes())
    digest.update(stylesheet().encode("utf-8"))
    digest.update(version("weasyprint").encode("utf-8"))
    return digest.hexdigest()[:16]


class PdfMaker:
    """PDFs of frozen versions, read from the cache folder or rendered (in parallel) and stored there.

    ``directory`` None: no cache. ``renders`` counts the PDFs this maker rendered, ``rendered`` those
    of every maker of the process (the tests read them).
    """

    rendered = 0

    def __init__(self, directory: Path | None, workers: int | None = None) -> None:
        override = os.environ.get(CACHE_VARIABLE)
        self.directory = Path(override) if override else directory
        self.workers = workers if workers is not None else _cpus()
        self.renders = 0

    def key(self, version: PdfVersion) -> str:
        digest = hashlib.sha256(code_version().encode("utf-8"))
        for part in astuple(version):
            digest.update(b"\0" + part.encode("utf-8"))
        return digest.hexdigest()

    def make(self, versions: list[PdfVersion]) -> list[bytes]:
        """The PDF of each version, in order."""
        keys = [self.key(v) for v in versions]
        found: dict[str, bytes] = {}
        missing: dict[str, PdfVersion] = {}
        for key, version in zip(keys, versions):
            if key in found or key in missing:
                continue
            cached = self._read(key)
            if cached is None:
                missing[key] = version
            else:
                found[key] = cached
        found.update(zip(missing, self._render(list(missing.values()))))
        for key in missing:
            self._write(key, found[key])
        return [found[key] for key in keys]

    def _render(self, versions: list[PdfVersion]) -> list[bytes]:
        self.renders += len(versions)
        PdfMaker.rendered += len(versions)
        workers = min(self.workers, len(versions))
        if workers <= 1:
            return [to_pdf(v) for v in versions]
        # worker processes started as `python -m privacy_notices.pdf`, not multiprocessing: its spawn
        # re-imports the caller's main script, and a fork of a threaded process (mkdocs serve) may hang
        with tempfile.TemporaryDirectory(prefix="privacy-notices-pdf-") as folder:
            outputs = [Path(folder) / f"{i}.pdf" for i in range(len(versions))]
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(
                [str(Path(__file__).resolve().parent.parent), *filter(None, [os.environ.get("PYTHONPATH")])])}
            running = []
            for worker, share in enumerate(_shares([len(v.text) for v in versions], workers)):
                jobs = Path(folder) / f"jobs-{worker}.json"
                jobs.write_text(json.dumps([[asdict(versions[i]), str(outputs[i])] for i in share],
                                           ensure_ascii=False), encoding="utf-8")
                running.append(subprocess.Popen([sys.executable, "-m", "privacy_notices.pdf", str(jobs)],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env))
            failures = [(proc.wait(), proc.communicate()[1].decode("utf-8", "replace")) for proc in running]
            for code, stderr in failures:
                if code == ERROR_EXIT:
                    raise PdfError(stderr.strip().splitlines()[-1])
                if code:  # a crash of WeasyPrint or Pango (a machine with no font at all ends here)
                    last = next((line for line in reversed(stderr.strip().splitlines()) if line.strip()), "")
                    raise PdfError(f"PDF を作る処理が異常終了しました (終了コード {code}: {last[:200]})"
                                   " → 日本語のフォント (apt-get install fonts-morisawa-bizud-gothic fonts-noto-cjk) と Pango が入っているか確かめてください"
                                   " (PDF を作らないときは content/group.yaml に pdf: false)")
            return [path.read_bytes() for path in outputs]

    def _path(self, key: str) -> Path | None:
        return self.directory / "pdf" / key[:2] / f"{key}.pdf" if self.directory is not None else None

    def _read(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            return path.read_bytes() if path is not None else None
        except OSError:
            return None

    def _write(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as out:
                out.write(data)
            os.replace(out.name, path)
        except OSError:
            pass  # a read-only checkout builds without the cache


def _cpus() -> int:
    """The CPUs this process may use (a container's or CI runner's, not the host's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _shares(sizes: list[int], workers: int) -> list[list[int]]:
    """The jobs of each worker: the longest texts first, each to the least loaded worker, so that the
    workers finish together (a PDF's time grows with its text; each also costs a fixed part)."""
    shares: list[list[int]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        worker = loads.index(min(loads))
        shares[worker].append(i)
        loads[worker] += sizes[i] + 10_000
    return shares


def _work(jobs: Path) -> int:
    """A worker process: render each ``[version, output path]`` of the jobs file."""
    try:
        for fields, output in json.loads(jobs.read_text(encoding="utf-8")):
            Path(output).write_bytes(to_pdf(PdfVersion(**fields)))
    except PdfError as exc:
        print(exc, file=sys.stderr)
        return ERROR_EXIT
    return 0


if __name__ == "__main__":
    sys.exit(_work(Path(sys.argv[1])))
