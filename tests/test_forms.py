"""The request form as a file (requests.form.file): read only through forms.read_form, refused at file:line
in Japanese when it cannot be published, and published by the build at its path under content/."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import make_site_root, messages, mkdocs_build, record_all, run_cli
from privacy_notices.forms import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
PDF = (ROOT / "content/forms/request-form.pdf").read_bytes()
def with_form(group: Path, file: str, title: str = "開示等の請求書", extra: str = "") -> str:
    """The form named at the end of alpha's file; returns where a refused file is reported (the value of
    ``file:``, column 11)."""
    text = (group / "companies/alpha.yaml").read_text(encoding="utf-8")
    form = f"requests:\n  form:\n    title: {title}\n    file: {file}\n{extra}"
    (group / "companies/alpha.yaml").write_text(text + form, encoding="utf-8")
    return f"companies/alpha.yaml:{text.count(chr(10)) + 4}:11: requests.form.file: "


def put(group: Path, name: str, data: bytes) -> None:
    path = group / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def form_messages(group: Path) -> list[str]:
    return [m for m in messages(group, versions=False) if "requests.form" in m]


def office(member: str, *more: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in (member, *more):
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_the_demo_form_is_a_small_deterministic_pdf(tmp_path: Path) -> None:
    """content/forms/request-form.pdf is what scripts/make_request_form.py writes, byte for byte."""
    subprocess.run([sys.executable, str(ROOT / "scripts/make_request_form.py"), str(tmp_path / "a.pdf")], check=True)
    assert (tmp_path / "a.pdf").read_bytes() == PDF
    assert PDF.startswith(b"%PDF-1.4\n") and PDF.rstrip().endswith(b"%%EOF") and len(PDF) < 10_000


def test_a_good_pdf_passes(group: Path) -> None:
    put(group, "forms/request-form.pdf", PDF)
    with_form(group, "forms/request-form.pdf")
    assert form_messages(group) == []


@pytest.mark.parametrize("ext, data", [
    ("docx", office("word/document.xml", "[Content_Types].xml")),
    ("xlsx", office("xl/workbook.xml", "[Content_Types].xml")),
])
def test_word_and_excel_files_pass(group: Path, ext: str, data: bytes) -> None:
    put(group, f"forms/request-form.{ext}", data)
    with_form(group, f"forms/request-form.{ext}")
    assert form_messages(group) == []


CASES = {
    "parent": ("../secret.pdf", "content/ の外のファイルは使えません (../secret.pdf) → "
               "content/ からの相対パスで書いてください (例: forms/request-form.pdf)"),
    "absolute": ("/etc/passwd.pdf", "content/ の外のファイルは使えません (/etc/passwd.pdf) → "
                 "content/ からの相対パスで書いてください (例: forms/request-form.pdf)"),
    "missing": ("forms/none.pdf", "請求書のファイルがありません (forms/none.pdf) → "
                "content/ に置いたファイルの名前を書いてください (例: forms/request-form.pdf)"),
    "html": ("forms/form.html", "この種類のファイルは請求書として公開できません (forms/form.html) → "
             "PDF (.pdf)、Word (.docx)、Excel (.xlsx) のどれかにしてください"),
    "macro": ("forms/form.docm", "この種類のファイルは請求書として公開できません (forms/form.docm) → "
              "PDF (.pdf)、Word (.docx)、Excel (.xlsx) のどれかにしてください"),
    "japanese name": ("forms/請求書.pdf", "ファイルの名前に使えない文字があります (forms/請求書.pdf) → サイトでの URL になるため、"
                      "半角の英数字と - _ . だけの名前にしてください (例: forms/request-form.pdf)"),
    "space": ("'forms/my form.pdf'", "ファイルの名前に使えない文字があります (forms/my form.pdf) → サイトでの URL になるため、"
              "半角の英数字と - _ . だけの名前にしてください (例: forms/request-form.pdf)"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_path_that_cannot_be_published_is_refused_at_the_file_value(group: Path, case: str) -> None:
    file, expected = CASES[case]
    at = with_form(group, file)
    assert form_messages(group) == [at + expected]


def test_a_symbolic_link_leading_out_of_content_is_refused(group: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(PDF)
    (group / "content/forms").mkdir(parents=True)
    os.symlink(outside, group / "content/forms/link.pdf")
    at = with_form(group, "forms/link.pdf")
    assert form_messages(group) == [at + "ファイルが content/ の外を指しています (forms/link.pdf) → "
                                    "シンボリックリンクをやめ、ファイルそのものを content/ に置いてください"]


def test_a_linked_folder_leading_out_of_content_is_refused(group: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/form.pdf").write_bytes(PDF)
    os.symlink(tmp_path / "elsewhere", group / "content/forms")
    at = with_form(group, "forms/form.pdf")
    assert form_messages(group) == [at + "ファイルが content/ の外を指しています (forms/form.pdf) → "
                                    "シンボリックリンクをやめ、ファイルそのものを content/ に置いてください"]


def test_an_oversize_file_is_refused(group: Path) -> None:
    put(group, "forms/big.pdf", PDF + b"0" * MAX_BYTES)
    at = with_form(group, "forms/big.pdf")
    size = len(PDF) + MAX_BYTES
    assert form_messages(group) == [at + f"ファイルが大きすぎます ({size:,} バイト) → {MAX_BYTES:,} バイト以下にしてください "
                                    "(画像の解像度を下げる、ページを減らすなど)"]


@pytest.mark.parametrize("name, data, kind", [
    ("forms/fake.pdf", b"<html><script>alert(1)</script></html>", "PDF"),
    ("forms/fake.pdf", b"", "PDF"),
    ("forms/fake.docx", b"%PDF-1.4\n", "Word"),
    ("forms/fake.docx", b"PK\x03\x04 not a zip", "Word"),
    ("forms/fake.xlsx", office("word/document.xml"), "Excel"),
    ("forms/fake.docx", office("word/document.xml", "word/vbaProject.bin"), "Word"),
])
def test_a_file_that_is_not_what_its_extension_says_is_refused(group: Path, name: str, data: bytes, kind: str) -> None:
    put(group, name, data)
    at = with_form(group, name)
    assert form_messages(group) == [at + f"ファイルの中身が {kind} ではありません ({name}) → "
                                    f"{kind} で保存し直したファイルを置くか、中身に合った拡張子にしてください"]


def test_a_folder_is_not_a_file(group: Path) -> None:
    (group / "content/forms/dir.pdf").mkdir(parents=True)
    at = with_form(group, "forms/dir.pdf")
    assert form_messages(group) == [at + "請求書のファイルがありません (forms/dir.pdf) → "
                                    "content/ に置いたファイルの名前を書いてください (例: forms/request-form.pdf)"]


def test_url_and_file_together_or_neither_is_a_problem(group: Path) -> None:
    put(group, "forms/request-form.pdf", PDF)
    at = with_form(group, "forms/request-form.pdf", extra="    url: https://example.jp/form/\n")
    line = int(at.split(":")[1]) - 1  # the form's first value (title:)
    both = (f"companies/alpha.yaml:{line}:5: requests.form: 請求書の入手先がないか、二重に書かれています (開示等の請求書) → "
            "url (請求書を置いたページ) か file (このサイトで公開するファイル) のどちらか一方を書いてください")
    assert form_messages(group) == [both]


def test_a_form_without_url_or_file_is_a_problem(group: Path) -> None:
    text = (group / "companies/alpha.yaml").read_text(encoding="utf-8")
    (group / "companies/alpha.yaml").write_text(text + "requests:\n  form:\n    title: 請求書\n", encoding="utf-8")
    assert form_messages(group) == [
        f"companies/alpha.yaml:{text.count(chr(10)) + 3}:5: requests.form: 請求書の入手先がないか、二重に書かれています (請求書) → "
        "url (請求書を置いたページ) か file (このサイトで公開するファイル) のどちらか一方を書いてください"]


def test_a_form_in_the_group_defaults_is_checked_there(group: Path) -> None:
    text = (group / "content/group.yaml").read_text(encoding="utf-8")
    text = text.replace("    window: desk\n", "    window: desk\n    form:\n      file: forms/none.pdf\n")
    (group / "content/group.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("      file: forms/none.pdf") + 1
    assert form_messages(group) == [f"content/group.yaml:{line}:13: defaults.requests.form.file: 請求書のファイルがありません "
                                    "(forms/none.pdf) → content/ に置いたファイルの名前を書いてください (例: forms/request-form.pdf)"]


def test_the_build_publishes_the_form_and_the_notice_links_to_it(group: Path, tmp_path: Path) -> None:
    put(group, "forms/request-form.pdf", PDF)
    with_form(group, "forms/request-form.pdf")
    record_all(group, "2026-11-01", "開示等の請求書を公開")
    root = make_site_root(group, tmp_path / "root")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr  # --strict: a link to a file mkdocs does not know fails
    assert (tmp_path / "site/forms/request-form.pdf").read_bytes() == PDF
    for page in ("alpha/policy/index.html", "alpha/policy/2026-11-01/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        href = "../../forms/request-form.pdf" if page.endswith("policy/index.html") else "../../../forms/request-form.pdf"
        assert f'<a href="{href}">開示等の請求書 (PDF)</a>' in html
        assert (tmp_path / "site" / page).parent.joinpath(href).resolve() == (tmp_path / "site/forms/request-form.pdf").resolve()
    generated = tmp_path / "generated"
    result = run_cli("generate", str(generated), "--root", str(group), "--as-of", "2026-11-23")
    assert result.returncode == 0, result.stderr
    assert (generated / "docs/forms/request-form.pdf").read_bytes() == PDF


def test_a_form_given_by_url_is_a_link_to_it(group: Path) -> None:
    import datetime as dt

    from privacy_notices.loader import load_group
    from privacy_notices.render import Renderer

    text = (group / "companies/alpha.yaml").read_text(encoding="utf-8")
    (group / "companies/alpha.yaml").write_text(
        text + "requests:\n  form:\n    title: 請求書 [様式]\n    url: https://example.jp/forms/\n", encoding="utf-8")
    assert form_messages(group) == []
    loaded, _ = load_group(group)
    assert loaded is not None
    notice = Renderer(loaded, dt.date(2026, 11, 23)).notice(loaded.companies["alpha"], "policy")
    assert "請求には、[請求書 \\[様式\\]](<https://example.jp/forms/>)をお使いください。" in notice
