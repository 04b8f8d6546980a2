"""The generated site: golden Markdown, escaping, a strict mkdocs build, determinism, safe failure."""

from __future__ import annotations

import datetime as dt
import filecmp
import shutil
from pathlib import Path

import pytest
from lxml import html

from conftest import AS_OF, MINIMAL, ROOT, edit, make_site_root, mkdocs_build, record_all, run_cli
from privacy_notices.check import check
from privacy_notices.site import plan_site
from privacy_notices.versions import Archive

GOLDEN = Path(__file__).parent / "golden" / "demo"


def demo_pages(comparisons: bool = True) -> dict[str, str]:
    """The demo site's pages; ``comparisons=False``: Markdown pages only, without comparisons (their
    parts are pinned in test_diff, feeds and JSON in test_versions)."""
    group, problems = check(ROOT)
    assert group is not None and not problems
    site = plan_site(group, dt.date.fromisoformat(AS_OF), Archive(ROOT))
    return {page.path: page.text for page in site.pages
            if comparisons or ("/compare/" not in page.path and page.path.endswith(".md"))}


def test_golden_markdown(request: pytest.FixtureRequest) -> None:
    """Every demo page as Markdown. Refresh after an intended change: ./scripts/test --update-golden"""
    pages = demo_pages(comparisons=False)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, text in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    stored = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(stored) == sorted(pages), "pages added or removed: ./scripts/test --update-golden"
    for path, text in pages.items():
        assert text == stored[path], f"{path} changed: review, then ./scripts/test --update-golden"


def test_pages_and_urls() -> None:
    pages = demo_pages()
    for company in ("aoba-hd", "aoba-ticket", "aoba-shop", "aoba-cable", "aoba-bpo"):
        assert f"{company}/index.md" in pages
        assert f"{company}/policy/index.md" in pages and f"{company}/policy/history.md" in pages
    assert "aoba-hd/joint-use/index.md" in pages and "aoba-shop/cookies/index.md" in pages


def test_customary_order_and_dates() -> None:
    text = demo_pages()["aoba-ticket/policy/index.md"]
    anchors = ["{ #company }", "{ #purposes }", "{ #third-party }", "{ #outsourcing }", "{ #joint-use }",
               "{ #security }", "{ #requests }", "{ #contacts }", "{ #certified-organization }",
               "{ #external-transmissions }"]
    positions = [text.index(a) for a in anchors]
    assert positions == sorted(positions)
    assert "制定日 " in text and "最終改定日 " in text and "令和" in text


WEIRD = '株式会社<script>alert("x")</script> *星* _下線_ |縦線| [角括弧](https://evil.example) \\円'


@pytest.fixture(scope="module")
def weird_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("weird")
    root = make_site_root(MINIMAL, base / "root")
    quoted = WEIRD.replace("'", "''")
    edit(root, "companies/alpha.yaml", "name: 株式会社アルファ", f"name: '{quoted}'")
    edit(root, "companies/beta.yaml", "      - 会員の管理のため", f"      - '{quoted}'")
    record_all(root, "2025-01-01", "商号の変更")
    result = mkdocs_build(root, base / "site")
    assert result.returncode == 0, result.stderr
    return base / "site"


def test_values_render_literally_in_text(weird_site: Path) -> None:
    page = html.parse(str(weird_site / "alpha" / "policy" / "index.html"))
    company_line = page.xpath("//p[contains(@class, 'pn-company')]")[0]
    assert company_line.text_content().strip() == WEIRD
    assert not page.xpath("//article//script")
    assert not page.xpath("//article//a[@href='https://evil.example']")


def test_values_render_literally_in_table_cells(weird_site: Path) -> None:
    page = html.parse(str(weird_site / "beta" / "policy" / "index.html"))
    cells = [td.text_content() for td in page.xpath("//article//td")]
    assert any(WEIRD in cell for cell in cells), cells
    first_row = page.xpath("//table[.//td[contains(., '縦線')]]//tr[td]")[0]
    assert len(first_row.xpath("td")) == 2  # the | in the value did not split the cell


def test_demo_builds_strict_and_has_no_third_party_assets(demo_site: Path) -> None:
    index = (demo_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in index
    for page in demo_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page
        assert "unpkg.com" not in text and "cdn.jsdelivr.net" not in text, page


def test_two_builds_are_byte_identical(tmp_path: Path, demo_site: Path) -> None:
    root = make_site_root(ROOT, tmp_path / "root")
    result = mkdocs_build(root, tmp_path / "again")
    assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(demo_site, tmp_path / "again")
    differences = _differences(comparison)
    assert differences == [], differences[:5]


def _differences(comparison: filecmp.dircmp) -> list[str]:
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
    found = [f"{comparison.left}/{name}" for name in mismatch + errors + comparison.left_only + comparison.right_only]
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found


def test_failed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    root = make_site_root(MINIMAL, tmp_path / "root")
    first = run_cli("build", str(root), "--as-of", AS_OF, "--strict")
    assert first.returncode == 0, first.stderr
    before = (root / "site" / "alpha" / "policy" / "index.html").read_bytes()
    edit(root, "companies/alpha.yaml", "representative:", "representatve:")
    second = run_cli("build", str(root), "--as-of", AS_OF)
    assert second.returncode == 1
    assert "知らないキーです (representatve)" in second.stdout
    assert "前回のサイトはそのままです" in second.stderr
    assert "Traceback" not in second.stderr
    assert (root / "site" / "alpha" / "policy" / "index.html").read_bytes() == before


def test_mkdocs_build_stops_on_bad_data_without_traceback(tmp_path: Path) -> None:
    root = make_site_root(MINIMAL, tmp_path / "root")
    edit(root, "companies/alpha.yaml", "representative:", "representatve:")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "companies/alpha.yaml:4:1: representatve: 知らないキーです" in output
    assert "Traceback" not in output


def test_generate_writes_plain_markdown(tmp_path: Path) -> None:
    result = run_cli("generate", str(tmp_path / "out"), "--root", str(ROOT), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    written = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assets = {f"docs/{p.relative_to(ROOT / 'docs').as_posix()}" for p in (ROOT / "docs" / "assets").rglob("*") if p.is_file()}
    assert written == ({f"docs/{page}" for page in demo_pages()} | assets  # the pages and the site's assets
                       | {"mkdocs.yml", "overrides/main.html", ".privacy-notices-generated.json"})  # its list of what it wrote
    again = run_cli("generate", str(tmp_path / "out"), "--root", str(ROOT), "--as-of", AS_OF)
    assert "0 ファイルを" in again.stderr  # unchanged files are not rewritten


def test_bad_as_of_is_a_usage_error() -> None:
    result = run_cli("build", str(ROOT), "--as-of", "2026/11/23")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr
