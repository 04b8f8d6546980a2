"""The demo built by each engine: mkdocs with the hook (the default), ProperDocs through the same
hook, and Zensical from `privacy-notices generate DIR` (DECISIONS.md 42).

Each engine builds the demo once for the module, from a clean copy. The HTML differs by theme; the
set of files the site publishes (pages, feeds, JSON, PDFs, the comparison assets), the bytes of
everything that is not HTML, the top-level navigation and what the Japanese search finds must not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

import lxml.html
import pytest

from conftest import AS_OF, MINIMAL, ROOT, edit, make_site_root, run_cli

BIN = Path(sys.executable).parent
THEME_FILES = ("assets/javascripts/bundle.", "assets/javascripts/lunr/", "assets/javascripts/workers/",
               "assets/javascripts/LICENSE", "assets/stylesheets/", "assets/images/", "search/", "search.json",
               "sitemap.xml")
"""What each engine adds of its own: the theme's scripts and styles, its search index, its sitemap."""

QUERIES = [
    ("株式会社あおばチケット", "/aoba-ticket/"),
    ("共同利用", "/aoba-hd/joint-use/"),
    ("開示請求", "/policy/#requests"),
]
"""A company name (kanji and kana), a kanji compound, and a compound found in a section's heading:
the expected address among the first five results."""


def _env() -> dict[str, str]:
    env = {**os.environ, "PRIVACY_NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`privacy-notices build`: check, then mkdocs with the hook."""
    base = tmp_path_factory.mktemp("engine-mkdocs")
    root = make_site_root(ROOT, base / "root")
    result = run_cli("build", str(root), "--as-of", AS_OF, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`properdocs build --strict` in the group's folder: properdocs.yml inherits mkdocs.yml, hook and all."""
    base = tmp_path_factory.mktemp("engine-properdocs")
    root = make_site_root(ROOT, base / "root")
    shutil.copy(ROOT / "properdocs.yml", root / "properdocs.yml")
    result = _run(BIN / "properdocs", "build", "--strict", "--site-dir", base / "site", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "should be renamed to 'properdocs.yml'" not in result.stderr  # it found its own file
    return base / "site"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`privacy-notices generate DIR`: the project another engine builds."""
    directory = tmp_path_factory.mktemp("engine-zensical") / "project"
    result = run_cli("generate", str(directory), "--root", str(ROOT), "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    return directory


@pytest.fixture(scope="module")
def zensical_site(project: Path) -> Path:
    """`zensical build` in the generated project (it reads its mkdocs.yml; no hook, no plugin)."""
    result = _run(BIN / "zensical", "build", "--strict", "--clean", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="module", params=["properdocs", "zensical"])
def engine_site(request: pytest.FixtureRequest) -> tuple[str, Path]:
    return request.param, request.getfixturevalue(f"{request.param}_site")


def published(site: Path) -> set[str]:
    """The files a site publishes, less what its engine adds of its own."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    return {f for f in files if not f.startswith(THEME_FILES)}


def top_navigation(site: Path) -> list[str]:
    """The first-level entries of the top page's navigation, as the visitor reads them."""
    tree = lxml.html.parse(str(site / "index.html"))
    items = tree.xpath('//nav[contains(@class, "md-nav--primary")]/ul/li')
    names = [" ".join(" ".join(li.xpath("(./a | ./label | ./div/a)[1]//text()")).split()) for li in items]
    return [name for name in names if name]


def test_the_same_files_at_the_same_urls(mkdocs_site: Path, engine_site: tuple[str, Path]) -> None:
    name, site = engine_site
    expected = published(mkdocs_site)
    assert {"feed.xml", "versions.json", "aoba-ticket/policy/index.html", "aoba-ticket/policy/2024-04-01/index.html",
            "aoba-ticket/policy/2024-04-01.json", "aoba-ticket/policy/compare/summaries.json",
            "assets/javascripts/comparison.js", "assets/extra.css"} <= expected
    assert published(site) == expected, name


def test_everything_but_html_is_the_same_bytes(mkdocs_site: Path, engine_site: tuple[str, Path]) -> None:
    """Feeds, JSON, PDFs, forms and the comparison assets come from the generator, not the engine."""
    name, site = engine_site
    different = [f for f in sorted(published(mkdocs_site)) if not f.endswith(".html")
                 and (mkdocs_site / f).read_bytes() != (site / f).read_bytes()]
    assert different == [], name
    assert any(f.endswith(".pdf") for f in published(site))


def test_the_same_navigation(mkdocs_site: Path, engine_site: tuple[str, Path]) -> None:
    name, site = engine_site
    expected = top_navigation(mkdocs_site)
    assert expected[:2] == ["トップ", "共同して利用する者の一覧"] and "あおばチケット" in expected
    assert top_navigation(site) == expected, name


def test_properdocs_runs_the_hook(properdocs_site: Path) -> None:
    """The hook's work after the build: the theme's search worker patched for Japanese, and each
    result titled with its company and document."""
    index = json.loads((properdocs_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert "株式会社あおばチケット — 個人情報保護方針" in {doc["title"] for doc in index["docs"]}
    assert (properdocs_site / "search/companies.json").is_file()


def test_zensical_indexes_only_the_text_in_force(zensical_site: Path, mkdocs_site: Path) -> None:
    """The pages the hook keeps out of the search are kept out by their front matter in the project."""
    ours = json.loads((mkdocs_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    theirs = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))["items"]
    assert {i["location"].split("#")[0] for i in theirs} == {d["location"].split("#")[0] for d in ours}


def test_the_generated_project_builds_with_plain_mkdocs(project: Path, tmp_path: Path, mkdocs_site: Path) -> None:
    """The benchmarks' baseline: the same pages without the hook."""
    result = _run(BIN / "mkdocs", "build", "--strict", "--site-dir", tmp_path / "site", cwd=project)
    assert result.returncode == 0, result.stderr
    assert published(tmp_path / "site") == published(mkdocs_site)


def test_pages_someone_added_to_the_project_survive(tmp_path: Path) -> None:
    """generate never removes or overwrites a file it did not write, in the project's folders too."""
    root = make_site_root(MINIMAL, tmp_path / "root")
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "static.md").write_text("# 手書きのページ\n", encoding="utf-8")
    refused = run_cli("generate", str(project), "--root", str(root), "--as-of", AS_OF)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[-1] == (
        f"error: {project} には、このツールが書き出したのではないファイルがあります (docs)。"
        "消したり上書きしたりしないよう、何も書き出しませんでした → まだないフォルダか、空のフォルダを指定してください")
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == ["docs", "docs/static.md"]
    shutil.rmtree(project)
    assert run_cli("generate", str(project), "--root", str(root), "--as-of", AS_OF).returncode == 0
    (project / "docs" / "static.md").write_text("# 手書きのページ\n", encoding="utf-8")
    (project / "docs" / "alpha" / "note.md").write_text("# メモ\n", encoding="utf-8")
    again = run_cli("generate", str(project), "--root", str(root), "--as-of", AS_OF)
    assert again.returncode == 0, again.stderr
    assert (project / "docs" / "static.md").read_text(encoding="utf-8") == "# 手書きのページ\n"
    assert (project / "docs" / "alpha" / "note.md").read_text(encoding="utf-8") == "# メモ\n"
    assert (project / "docs" / "alpha" / "policy" / "index.md").is_file()


def test_names_with_markup_stay_text_in_the_zensical_site(tmp_path: Path) -> None:
    """Zensical prints navigation and page titles unescaped, as Material does: the project holds them
    escaped, as the hook hands them to mkdocs (DECISIONS.md 17), and no page carries the markup."""
    hostile = "株式会社<img src=x onerror=alert(1)>アルファ"
    root = make_site_root(MINIMAL, tmp_path / "root")
    edit(root, "companies/alpha.yaml", "name: 株式会社アルファ", f'name: "{hostile}"')
    shutil.rmtree(root / "versions")
    for company, day in (("alpha", "2022-04-01"), ("beta", "2021-10-01")):
        result = run_cli("record", company, "policy", "--date", day, "--root", str(root))
        assert result.returncode == 0, result.stderr
    project = tmp_path / "project"
    result = run_cli("generate", str(project), "--root", str(root), "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _run(BIN / "zensical", "build", "--strict", cwd=project).returncode == 0
    pages = [p for p in (project / "site").rglob("*") if p.suffix in (".html", ".json") and p.name != "versions.json"
             and not p.name[:4].isdigit()]  # the trackers' JSON holds the data as it is
    assert project / "site" / "search.json" in pages
    raw = [p.relative_to(project).as_posix() for p in pages if "<img" in p.read_text(encoding="utf-8")]
    assert raw == []
    shown = lxml.html.parse(str(project / "site" / "alpha" / "index.html"))
    assert hostile in " ".join(shown.xpath("//nav[contains(@class, 'md-nav--primary')]//text()"))


def test_properdocs_serve_shows_the_site(tmp_path: Path) -> None:
    from test_serve import fetch, free_port

    root = make_site_root(MINIMAL, tmp_path / "root")
    shutil.copy(ROOT / "properdocs.yml", root / "properdocs.yml")
    port = free_port()
    with (tmp_path / "serve.log").open("w", encoding="utf-8") as log:
        server = subprocess.Popen([str(BIN / "properdocs"), "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=_env(),
                                  stdout=log, stderr=log)
        try:
            deadline, page = time.monotonic() + 120, ""
            while "個人情報保護方針" not in page and time.monotonic() < deadline and server.poll() is None:
                time.sleep(0.5)
                page = fetch(f"http://127.0.0.1:{port}/alpha/policy/")
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert "個人情報保護方針" in page, (tmp_path / "serve.log").read_text(encoding="utf-8")[-3000:]


# search, in Chromium ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(engine_site: tuple[str, Path]) -> Iterator[tuple[str, str]]:
    from site_server import serve

    name, site = engine_site
    with serve(site) as url:
        yield name, url


def search(browser: Any, engine: str, base_url: str, query: str) -> list[str]:
    """The addresses of the results, as a visitor searching from the top page gets them."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP", reduced_motion="reduce")
    try:
        page.goto(base_url + "/", wait_until="networkidle")
        if engine == "zensical":  # its own search dialog (in an open shadow root, which the locators pierce)
            page.click(".md-search__button")
            page.locator("input[role=combobox]").fill(query)
            page.locator("[role=status]", has_text="result").wait_for(timeout=10_000)
            links = page.locator("ol[role=listbox] a")
            links.first.wait_for(timeout=10_000)  # the status can say "results" before the list is drawn
        else:  # Material's, patched by the hook
            box = page.locator("input.md-search__input")
            box.click()
            box.fill(query)
            box.press("End")  # the theme searches on keyup
            page.wait_for_selector(".md-search-result__item", timeout=10_000)
            links = page.locator("a.md-search-result__link")
        return [unquote(a.get_attribute("href") or "").replace(base_url, "") for a in links.all()]
    finally:
        page.close()


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_japanese_search(browser: Any, served: tuple[str, str], query: str, expected: str) -> None:
    engine, url = served
    links = search(browser, engine, url, query)
    top = [link.split("?")[0] + ("#" + link.split("#")[1] if "#" in link else "") for link in links[:5]]
    assert any(link.startswith(expected) or expected in link for link in top), (engine, top)
