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
from privacy_notices.pdf import MARKDOWN_EXTENSIONS, PdfMaker, PdfVersion, column_widths, to_html
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
        assert "BIZ-UDPGothic" in fonts  # the TrueType font print.css names first (DECISIONS.md 40)
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
    # a new revision: record makes its PDF (DECISIONS.md 44), the build publishes it and renders none
    edit(group, "companies/alpha.yaml", "name: 株式会社アルファ", "name: 株式会社アルファ商事")
    record_all(group, "2026-06-01", "社名の変更")
    after = plan(group)
    new = sorted(set(after) - set(first))
    assert new and PdfMaker.rendered - before == 4  # the older versions' PDFs come from the cache
    assert all(after[path] == (group / "versions" / path).read_bytes() for path in new)
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
    assert "版の PDF を作れません: PDF に埋め込む日本語のフォント (BIZ UDPゴシック) が見つかりません" in output
    assert "apt-get install fonts-morisawa-bizud-gothic fonts-noto-cjk" in output and not (tmp_path / "site").exists()


def only_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    """fontconfig, for the worker processes started from here on, given one folder of fonts only."""
    if not Path(folder).is_dir():
        pytest.skip(f"no {folder}")
    (tmp_path / "fonts.conf").write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{folder}</dir>'
                                         f'<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>\n', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "fonts.conf"))


def pdf_fonts(data: bytes, tmp_path: Path) -> str:
    (tmp_path / "out.pdf").write_bytes(data)
    return subprocess.run(["pdffonts", str(tmp_path / "out.pdf")], capture_output=True, text=True, check=True).stdout


VERSION = PdfVersion("株式会社テスト", "個人情報保護方針", "2026年4月1日", f"{SITE_URL}t/policy/2026-04-01/", "ab" * 32,
                     "# 個人情報保護方針\n\n| 項目 | 内容 |\n|---|---|\n| 名称 | 株式会社テスト |\n"
                     "| 窓口 | 個人情報の取扱いに関するお問い合わせは、次の窓口で受け付けます。<br>電話 03-0000-0000 |\n")


def test_a_machine_with_only_noto_cjk_still_embeds_a_japanese_font(tmp_path: Path, pdf_cache: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Without BIZ UDPGothic (fonts-morisawa-bizud-gothic), the fallback print.css names is embedded."""
    only_fonts(tmp_path, monkeypatch, "/usr/share/fonts/opentype/noto")
    second = PdfVersion(**{**VERSION.__dict__, "effective": "2026年5月1日"})
    made = PdfMaker(None, workers=2).make([VERSION, second])  # two versions: in two worker processes
    fonts = pdf_fonts(made[0], tmp_path)
    assert "Noto-Sans-CJK-JP" in fonts and "BIZ" not in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts


def test_tables_get_the_column_widths_their_text_needs(tmp_path: Path, pdf_cache: Path) -> None:
    """Tables are laid out with fixed widths (print.css), which pdf.py gives every column from its text:
    a label column stays narrow, a long text takes the rest, and no column is narrower than its header."""
    html = to_html(VERSION)
    widths = [float(w) for w in re.findall(r'<col style="width: ([0-9.]+)%" />', html)]
    assert len(widths) == 2 and 99.5 < sum(widths) < 100.5
    assert widths[0] < 25 < 60 < widths[1]  # 「項目」 labels of 2 characters beside sentences
    # all columns fit: each its widest line (a <br> ends a line); else the CSS 2.1 automatic layout's share
    header = ["区分", "内容"]
    two = column_widths([header, ["名称", "株式会社テスト"]])
    assert two == [round(100 * 3 / 11, 1), round(100 * 8 / 11, 1)]  # 1 em of padding + 2 and 7 characters
    assert column_widths([header, ["名称", "株式会社テスト\n本社"]]) == two
    headers = ["サービス", "送信先", "送信される情報", "利用目的", "オプトアウト"]
    five = column_widths([headers, ["Google アナリティクス 4", "Google LLC", "・閲覧したページの URL とタイトル、閲覧日時" * 2,
                                    "・ウェブサイトの利用状況を把握し、改善するため" * 2, "オプトアウトの方法"]])
    assert five[1] < five[0] < five[4] < five[3] < five[2]
    fits = [100 * (1 + min(6, len(header))) / 54 - 0.1 for header in headers]  # each header on one line
    assert all(width >= fit for width, fit in zip(five, fits)), (five, fits)
    data = PdfMaker(None, workers=1).make([VERSION])[0]
    (tmp_path / "table.pdf").write_bytes(data)
    text = squeeze("".join(pdf_text(tmp_path / "table.pdf")))
    assert "個人情報の取扱いに関するお問い合わせは、次の窓口で受け付けます。電話03-0000-0000" in text


# Each version's PDF is its legal record: made once by record, committed beside it (DECISIONS.md 44)

def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_files(root: Path) -> dict[str, str]:
    import json

    return json.loads((root / "versions" / "manifest.json").read_text(encoding="utf-8"))["files"]


def committed_pdfs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root / "versions").as_posix(): p.read_bytes() for p in sorted((root / "versions").rglob("*.pdf"))}


def test_record_writes_the_pdf_and_a_build_with_an_empty_cache_publishes_it_as_it_is(
        group: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from conftest import run_cli

    root = make_site_root(group, tmp_path / "root")  # with mkdocs.yml: its site_url is the PDFs' address
    assert run_cli("pdfs", "--root", str(root)).returncode == 0  # the fixture's versions predate recorded PDFs
    edit(root, "companies/alpha.yaml", "name: 株式会社アルファ", "name: 株式会社アルファ商事")
    record_all(root, "2026-06-01", "社名の変更")
    pdf = root / "versions/alpha/policy/2026-06-01.pdf"
    assert manifest_files(root)["alpha/policy/2026-06-01.pdf"] == sha256_of(pdf)
    text = pdf_text(pdf)[0]
    assert f"本文の SHA-256: {sha256_of(pdf.with_suffix('.md'))}" in text
    assert f"{SITE_URL}alpha/policy/2026-06-01/" in squeeze(text) and "株式会社アルファ商事" in text
    assert messages(root) == []
    # a cold build renders no PDF: every version has its own, published byte for byte
    cache = tmp_path / "empty-cache"
    monkeypatch.setenv("PRIVACY_NOTICES_PDF_CACHE", str(cache))
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not [p for p in cache.rglob("*") if p.is_file()]  # nothing rendered, nothing cached
    committed = committed_pdfs(root)
    assert len(committed) == 4
    published = {p.relative_to(tmp_path / "site").as_posix(): sha256_of(p) for p in (tmp_path / "site").rglob("*.pdf")
                 if "forms" not in p.parts}
    assert published == {name: hashlib.sha256(data).hexdigest() for name, data in committed.items()}
    # versions.json: each version's PDF with its SHA-256, as the manifest has it
    index = json.loads((tmp_path / "site" / "versions.json").read_text(encoding="utf-8"))
    listed = {v["pdf"]["url"]: v["pdf"]["sha256"] for d in index["documents"] for v in d["versions"]}
    assert listed == {name: hashlib.sha256(data).hexdigest() for name, data in committed.items()}


def test_a_version_recorded_before_pdfs_were_kept_is_rendered_at_build(group: Path, pdf_cache: Path) -> None:
    """Old groups and fixtures (no PDF in versions/) still publish every version's PDF, without "pdf" in versions.json."""
    before = PdfMaker.rendered
    made = plan(group)
    assert len(made) == 2 and PdfMaker.rendered - before == 2 and not committed_pdfs(group)


def messages(root: Path) -> list[str]:
    return [p.format() for p in check(root)[1]]


def test_a_changed_or_missing_pdf_is_reported(group: Path) -> None:
    from conftest import run_cli

    assert run_cli("pdfs", "--root", str(group)).returncode == 0
    alpha, beta = group / "versions/alpha/policy/2022-04-01.pdf", group / "versions/beta/policy/2021-10-01.pdf"
    alpha.write_bytes(alpha.read_bytes() + b"\n")
    beta.unlink()
    line = next(n for n, text in enumerate((group / "versions/manifest.json").read_text(encoding="utf-8").splitlines(), 1)
                if "beta/policy/2021-10-01.pdf" in text)
    assert messages(group) == [
        "versions/alpha/policy/2022-04-01.pdf:1:1: (ファイル全体): 記録した版の PDF が書き換えられています"
        " (チェックサムが目録と違います) → 版の PDF は記録したときのまま公開します。作り直したり差し替えたりせず、"
        "元に戻してください (git checkout -- versions/alpha/policy/2022-04-01.pdf)",
        f"versions/manifest.json:{line}:1: beta/policy/2021-10-01.pdf: 記録した版の PDF がありません"
        " (versions/beta/policy/2021-10-01.pdf) → 版の PDF は記録の一部で、作り直すと別のファイルになります。"
        "元に戻してください (git checkout -- versions/beta/policy/2021-10-01.pdf)"]
    result = run_cli("pdfs", "--root", str(group))  # the backfill does not remake a recorded PDF
    assert result.returncode == 1 and "先に check の指摘を直してください" in result.stderr
    assert not beta.exists()


def test_the_backfill_makes_the_missing_pdfs_once(group: Path) -> None:
    from conftest import run_cli

    assert not committed_pdfs(group)
    result = run_cli("pdfs", "--root", str(group))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["versions/alpha/policy/2022-04-01.pdf", "versions/beta/policy/2021-10-01.pdf"]
    first = committed_pdfs(group)
    assert sorted(first) == ["alpha/policy/2022-04-01.pdf", "beta/policy/2021-10-01.pdf"]
    assert all(manifest_files(group)[name] == hashlib.sha256(data).hexdigest() for name, data in first.items())
    assert "URL:/alpha/policy/2022-04-01/" in squeeze(pdf_text(group / "versions/alpha/policy/2022-04-01.pdf")[0])  # no mkdocs.yml
    manifest = (group / "versions/manifest.json").read_bytes()
    again = run_cli("pdfs", "--root", str(group))
    assert again.returncode == 0 and again.stderr.strip() == "PDF のない版はありません。作るものはありません"
    assert committed_pdfs(group) == first and (group / "versions/manifest.json").read_bytes() == manifest
    assert messages(group) == []


def test_pdf_false_records_no_pdf(group: Path) -> None:
    from conftest import run_cli

    edit(group, "content/group.yaml", "name: テスト用グループ\n", "name: テスト用グループ\npdf: false\n")
    edit(group, "companies/alpha.yaml", "name: 株式会社アルファ", "name: 株式会社アルファ商事")
    record_all(group, "2026-06-01", "社名の変更")
    assert (group / "versions/alpha/policy/2026-06-01.md").is_file()
    assert not committed_pdfs(group) and not [n for n in manifest_files(group) if n.endswith(".pdf")]
    result = run_cli("pdfs", "--root", str(group))
    assert result.returncode == 1 and "pdf: false があるため、PDF は作りません" in result.stderr
    assert not committed_pdfs(group)


def test_an_amendment_records_the_amended_announcements_pdf(demo: Path) -> None:
    from test_amend import RETENTION, TICKET, amend

    assert "aoba-ticket/handling/2027-04-01.pdf" in manifest_files(demo)  # the demo's PDFs are committed
    edit(demo, TICKET, *RETENTION)
    result = amend(demo)
    assert result.returncode == 0, result.stderr
    pdf = demo / "versions/aoba-ticket/handling/2027-04-01.amended-2026-11-30.pdf"
    assert manifest_files(demo)["aoba-ticket/handling/2027-04-01.amended-2026-11-30.pdf"] == sha256_of(pdf)
    text = squeeze("".join(pdf_text(pdf)))
    assert squeeze(RETENTION[1]) in text and sha256_of(pdf.with_suffix(".md")) in text
    assert not [m for m in messages(demo) if ".pdf" in m]
