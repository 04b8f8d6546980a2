"""Each version's PDF as a legal record: made once when the version is recorded, kept beside it (DECISIONS.md 44).

``record`` (and ``record --amend``, ``record group joint-users``, ``record --all``) freezes a version's
text and data, then writes ``versions/<company>/<document>/<stem>.pdf`` beside them with its SHA-256 in
the manifest: ``check`` finds a changed or missing PDF like a changed or missing text. A build never
re-renders a committed PDF (a later WeasyPrint or another font would change its bytes and line
breaks): it publishes it as it is. Only a version recorded before PDFs were committed is rendered at
build, through the checksum cache (:class:`~.pdf.PdfMaker`); ``privacy-notices pdfs`` makes theirs once.

One definition of what a version's PDF shows (:func:`pdf_version`), for ``record`` and the site alike:
the company's name and the title as the frozen version states them, the 施行日 in the document's date
style, the permanent address (the ``site_url`` of ``mkdocs.yml`` plus the version's path) and the
SHA-256 of the frozen Markdown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from .dates import format_date
from .layout import CACHE_DIR, VERSIONS
from .loader import Company, Group
from .pdf import PdfMaker, PdfVersion
from .versions import MANIFEST, Archive, Frozen, all_or_nothing, digest, write_atomic

SUFFIX = ".pdf"


def body_of(text: str) -> str:
    """A rendered notice without its front matter."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5:].lstrip("\n")
    return text


def pdf_name(frozen: Frozen) -> str:
    """The PDF's name under ``versions/`` (and in the manifest): beside the frozen ``.md``."""
    return f"{frozen.stem}{SUFFIX}"


def committed(archive: Archive, frozen: Frozen) -> str | None:
    """The SHA-256 of the PDF recorded with ``frozen`` (None: recorded before PDFs were kept)."""
    return archive.manifest.get(pdf_name(frozen))


def pdf_version(archive: Archive, company: Company, doc_id: str, frozen: Frozen, site_url: str) -> PdfVersion:
    """What the PDF of one frozen announcement shows (the site's names: today's data when an old frozen
    file lacks them)."""
    spec = company.data.documents[doc_id]
    data = archive.data(frozen)
    title, name = data.get("title"), (data.get("data") or {}).get("name")
    style = spec.date_style or company.data.date_style or "era"
    return PdfVersion(name if isinstance(name, str) else company.data.name,
                      title if isinstance(title, str) else spec.title,
                      format_date(frozen.date, style),
                      f"{site_url.rstrip('/')}/{company.id}/{doc_id}/{frozen.date}/",
                      archive.hashes(f"{frozen.stem}.md")[0], body_of(archive.text(frozen)))


def site_url(root: Path) -> str:
    """``site_url`` of the group's ``mkdocs.yml`` ("" without one: the PDFs then give the path only).

    Read in ruamel.yaml's round-trip mode, which keeps mkdocs' tags (``!!python/name:``, ``!ENV``) as
    tagged values instead of refusing them."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return ""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        config = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except (YAMLError, OSError, UnicodeDecodeError):
        return ""
    value = config.get("site_url") if isinstance(config, dict) else None
    return value if isinstance(value, str) else ""


def record_pdfs(root: Path, group: Group, versions: list[Frozen]) -> list[Path]:
    """Write the PDF of each frozen version (rendered in parallel, through the cache) and add it to the
    manifest; nothing when the group turned PDFs off, or for a version that has one. Inside the caller's
    :func:`all_or_nothing` (its paths include :func:`pdf_paths`)."""
    from .lookup import company_of

    archive = Archive(root)
    todo = [f for f in versions if committed(archive, f) is None] if group.file.pdf else []
    if not todo:
        return []
    url = site_url(root)
    made = PdfMaker(root / CACHE_DIR).make(
        [pdf_version(archive, company_of(group, f.company), f.document, f, url) for f in todo])
    written = []
    for frozen, data in zip(todo, made):
        path = archive.base / pdf_name(frozen)
        write_atomic(path, data)
        archive.manifest[pdf_name(frozen)] = digest(data)
        written.append(path)
    archive.save()
    return written


def pdf_paths(root: Path, versions: list[Frozen]) -> list[Path]:
    """The PDFs :func:`record_pdfs` may write, for the caller's :func:`all_or_nothing`."""
    return [root / VERSIONS / pdf_name(f) for f in versions]


def without_pdf(root: Path, group: Group) -> list[Frozen]:
    """Every frozen announcement of a published document whose PDF was not recorded with it."""
    from .joint_users import publishers

    archive = Archive(root)
    return [f for company in publishers(group) for doc in company.data.documents
            for f in archive.frozen(company.id, doc) if committed(archive, f) is None]


def backfill(root: Path, group: Group) -> list[Path]:
    """``privacy-notices pdfs``: the PDFs of the versions recorded before PDFs were kept, all or none."""
    missing = without_pdf(root, group)
    with all_or_nothing([root / MANIFEST, *pdf_paths(root, missing)]):
        return record_pdfs(root, group, missing)


def published(archive: Archive, jobs: list[tuple[str, Company, str, Frozen]], url: str) -> Iterator[tuple[str, bytes]]:
    """The site's PDFs: ``(path on the site, bytes)`` for each ``(path, company, document, frozen)``.

    A version recorded without a PDF has one rendered (once per text: the checksum cache), all of them
    together, in parallel; they come first. A committed PDF is then read as it is, one at a time (a large
    group's PDFs are never all in memory)."""
    missing = [(path, pdf_version(archive, company, doc_id, frozen, url))
               for path, company, doc_id, frozen in jobs if committed(archive, frozen) is None]
    if missing:
        made = PdfMaker(archive.root / CACHE_DIR).make([version for _, version in missing])
        yield from zip([path for path, _ in missing], made)
    for path, _, _, frozen in jobs:
        if committed(archive, frozen) is not None:
            yield path, (archive.base / pdf_name(frozen)).read_bytes()


def index_entry(archive: Archive, frozen: Frozen, url: str) -> dict[str, Any]:
    """versions.json's ``"pdf"`` of a version with a committed PDF: its address and SHA-256 ({} without)."""
    sha256 = committed(archive, frozen)
    return {"pdf": {"url": url, "sha256": sha256}} if sha256 is not None else {}
