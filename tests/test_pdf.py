"""The PDF of every frozen version (pdf.py, DECISIONS.md 37): what it shows, same bytes, cache, setting."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from pathlib import Path

import pytest
from markdown import Markdown

from conftest import AS_OF, edit, make_site_root, mkdocs_build, record_all
from privacy_notices.check import check
from privacy_notices.pdf import MARKDOWN_EXTENSIONS, PdfMaker
from privacy_notices.site import body_of, plan_site
from privacy_notices.versions import Archive

SITE_URL = "https://privacy.aoba-group.example/"  # mkdocs.yml's site_url, which make_site_root copies


def frozen_texts(root: Path) -> dict[str, Path]:
    """``<company>/<document>/<date>`` of every frozen version of the group, with its Markdown file."""
    return {p.relative_to(root / "versions").with_suffix("").as_posix(): p
            for p in sorted((root / "versions").rglob("*.md")) if ".amended-" not in p.name}


def pdf_text(path: Path) -> list[str]:
    """Each page's text, as pdftotext reads it."""
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def blocks(markdown: str) -> list[str]:
    """The text of every paragraph, list item, heading and table cell of a frozen text."""
    from lxml import html as lxml_html

    html = Markdown(extensions=MARKDOWN_EXTENSIONS).convert(body_of(markdown))
    tree = lxml_html.fromstring(f"<div>{html}</div>")
    found = []
    for element in tree.iter():
        if element.tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4") and not any(
                child.tag in ("p", "ul", "ol") for child in element):
            text = squeeze("".join(element.itertext()))
            if text:
                found.append(text)
    return found


@pytest.fixture
def pdf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own, not the session's: the test sees every render."""
    cache = tmp_path / "pdf-cache"
    monkeypatch.setenv("PRIVACY_NOTICES_PDF_CACHE", str(cache))
    return cache


def test_every_version_has_a_pdf_with_its_text_checksum_and_address(group: Path, tmp_path: Path,
                                                                       pdf_cache: Path) -> None:
    root = make_site_root(group, tmp_path / "root")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr  # --strict: the links to the PDFs resolve
    versions = frozen_texts(root)
    assert len(versions) == 2
    for name, source in versions.items():
        pdf = tmp_path / "site" / f"{name}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        pages = pdf_text(pdf)
        sha256 = hashlib.sha256(source.read_bytes()).hexdigest()
        url = f"{SITE_URL}{name}/"
        footer = [line for line in pages[0].splitlines() if line.strip()]
        assert f"本文の SHA-256: {sha256}" in pages[0] and url in squeeze(pages[0])
        text = squeeze("".join(pages))
        for line in {*footer, *(f"{n} / {len(pages) - 1}" for n in range(1, len(pages)))}:
            text = text.replace(squeeze(line), "") if ("SHA-256" in line or "施行日" in line or "/" in line) else text
        missing = [block for block in blocks(source.read_text(encoding="utf-8")) if block not in text]
        assert not missing, (name, missing[:3])
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "Noto-Sans-CJK-JP" in fonts
        assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts  # every font embedded
        # the version's page and the history link to it
        company, document, date = name.split("/")
        page = (tmp_path / "site" / company / document / date / "index.html").read_text(encoding="utf-8")
        assert f'href="../{date}.pdf"' in page
        history = (tmp_path / "site" / company / document / "history" / "index.html").read_text(encoding="utf-8")
        assert f'href="../{date}.pdf"' in history


def plan(root: Path) -> dict[str, bytes]:
    group, problems = check(root)
    assert group is not None, problems
    site = plan_site(group, dt.date.fromisoformat(AS_OF), Archive(root), site_url=SITE_URL)
    return {p.path: p.text for p in site.pages if p.path.endswith(".pdf")}  # type: ignore[misc]


def test_same_bytes_every_build_rendered_once_per_version(group: Path, pdf_cache: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    before = PdfMaker.rendered
    first = plan(group)
    assert sorted(first) == sorted(f"{name}.pdf" for name in frozen_texts(group))
    assert PdfMaker.rendered - before == 2
    assert plan(group) == first and PdfMaker.rendered - before == 2  # from the cache: nothing rendered
    monkeypatch.setenv("PRIVACY_NOTICES_PDF_CACHE", str(pdf_cache.parent / "another-cache"))
    assert plan(group) == first and PdfMaker.rendered - before == 4  # rendered anew: the same bytes
    # a new revision: only its own PDF is made, the others are read back
    edit(group, "companies/alpha.yaml", "name: 株式会社アルファ", "name: 株式会社アルファ商事")
    record_all(group, "2026-06-01", "社名の変更")
    after = plan(group)
    new = sorted(set(after) - set(first))
    assert new and PdfMaker.rendered - before == 4 + len(new)  # the new versions' PDFs only
    assert all(after[path] == data for path, data in first.items())


def test_the_group_can_turn_pdfs_off(group: Path, pdf_cache: Path) -> None:
    edit(group, "content/group.yaml", "name: テスト用グループ\n", "name: テスト用グループ\npdf: false\n")
    before = PdfMaker.rendered
    group_data, problems = check(group)
    assert group_data is not None, problems
    site = plan_site(group_data, dt.date.fromisoformat(AS_OF), Archive(group))
    assert not [p.path for p in site.pages if p.path.endswith(".pdf")]
    assert not [p.path for p in site.pages if isinstance(p.text, str) and ".pdf)" in p.text]
    assert PdfMaker.rendered == before


def test_a_machine_without_the_japanese_font_stops_the_build_with_the_fix(group: Path, tmp_path: Path) -> None:
    """No mock: fontconfig is given Latin fonts only (DejaVu), as on a machine without fonts-noto-cjk."""
    import os

    if not Path("/usr/share/fonts/truetype/dejavu").is_dir():
        pytest.skip("no Latin-only font folder to point fontconfig at")
    (tmp_path / "fonts.conf").write_text('<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>'
                                         f'<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>\n', encoding="utf-8")
    root = make_site_root(group, tmp_path / "root")
    saved = {k: os.environ.get(k) for k in ("FONTCONFIG_FILE", "PRIVACY_NOTICES_PDF_CACHE")}
    os.environ.update(FONTCONFIG_FILE=str(tmp_path / "fonts.conf"), PRIVACY_NOTICES_PDF_CACHE=str(tmp_path / "cache"))
    try:
        result = mkdocs_build(root, tmp_path / "site")
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert "版の PDF を作れません: PDF に埋め込む日本語のフォント (Noto Sans CJK JP) が見つかりません" in output
    assert "apt-get install fonts-noto-cjk" in output and not (tmp_path / "site").exists()
