"""The site's search, as visitors use it in Chromium: results name their company and document, can
be narrowed to one company with the keyboard, and only the versions in force are found; a company
name with HTML in it is shown as text (DECISIONS.md 36). Screenshots: /tmp/shots/B/search-*.png."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import AS_OF, MINIMAL, edit, make_site_root, mkdocs_build, run_cli

SHOTS = Path("/tmp/shots/B")
HOSTILE = "株式会社<img src=x onerror=alert(1)>アルファ"
OLD_WORD, NEW_WORD = "ミズバショウ係", "ハマナス係"
"""A contact's name in alpha's earlier version only, and in the version in force."""


def _search(page: Any, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # the theme searches on keyup
    page.wait_for_function("() => !/検索|入力/.test(document.querySelector('.md-search-result__meta').textContent)")


def _count(page: Any) -> str:
    return page.locator(".md-search-result__meta").inner_text()


def _titles(page: Any) -> list[str]:
    return page.locator(".md-search-result__item > a article h1").all_inner_texts()


def _open(browser: Any, url: str, width: int = 1280) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="ja-JP", reduced_motion="reduce")
    page.goto(url, wait_until="networkidle")
    if width < 600:
        page.click("label.md-header__button[for=__search]")
    return page


def _expected(site: Path) -> set[str]:
    """「会社名 — 文書名」 of every document with a version in force, from the site's versions.json."""
    documents = json.loads((site / "versions.json").read_text(encoding="utf-8"))["documents"]
    return {f"{d['company_name']} — {d['title']}" for d in documents
            if any(v["status"] == "current" for v in d["versions"])}


def test_the_index_holds_only_the_addresses_in_force(demo_site: Path) -> None:
    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    documents = json.loads((demo_site / "versions.json").read_text(encoding="utf-8"))["documents"]
    in_force = {d["url"] for d in documents if any(v["status"] == "current" for v in d["versions"])}
    announced = {d["url"] for d in documents} - in_force  # first enactments not yet in force
    assert in_force and announced and in_force <= pages and not announced & pages
    notices = {page for page in pages if page.count("/") > 1}  # <company>/<document>/...
    assert notices == in_force, "versions, announcements, comparisons or histories are indexed"
    titles = {doc["title"] for doc in index["docs"] if doc["location"] in in_force}
    assert titles == _expected(demo_site)


@pytest.fixture(scope="module")
def fee_results(browser: Any, base_url: str) -> Iterator[Any]:
    page = _open(browser, base_url + "/aoba-ticket/policy/")
    _search(page, "手数料")
    yield page
    page.close()


def test_each_result_names_its_company_and_document(fee_results: Any, demo_site: Path) -> None:
    titles = _titles(fee_results)
    assert len(titles) >= 5 and set(titles) <= _expected(demo_site), titles
    assert "株式会社あおばチケット — 個人情報保護方針" in titles
    assert _count(fee_results) == f"{len(titles)}件見つかりました"
    SHOTS.mkdir(parents=True, exist_ok=True)
    fee_results.screenshot(path=str(SHOTS / "search-1280.png"))


def test_results_narrow_to_one_company_with_the_keyboard(fee_results: Any) -> None:
    page = fee_results
    everything = _titles(page)
    page.locator("input.md-search__input").press("Tab")  # the theme would close its dialog
    assert page.evaluate("document.activeElement.id") == "pn-search-company"
    options = page.locator("#pn-search-company option").all_inner_texts()
    assert options[0] == "すべての会社" and "株式会社あおばチケット" in options
    for _ in range(options.index("株式会社あおばチケット")):
        page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 2")
    assert _titles(page) == ["株式会社あおばチケット — 個人情報保護方針", "株式会社あおばチケット — 個人情報の取扱いについて"]
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.pathname)")
    assert all(h.startswith("/aoba-ticket/") for h in hrefs), hrefs
    assert _count(page) == "2件見つかりました"
    assert page.locator(".md-search").is_visible()  # still open
    page.screenshot(path=str(SHOTS / "search-company-1280.png"))
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.locator("#pn-search-company").select_option("")
    page.wait_for_function(f"() => document.querySelectorAll('.md-search-result__item').length === {len(everything)}")


def test_the_dialog_at_375_px(browser: Any, base_url: str) -> None:
    page = _open(browser, base_url + "/", width=375)
    _search(page, "手数料")
    page.locator("#pn-search-company").select_option(label="株式会社あおばチケット")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 2")
    filter_box = page.locator(".pn-search-filter").bounding_box()
    assert filter_box and filter_box["width"] <= 375
    results = page.evaluate("document.querySelector('.md-search__scrollwrap').getBoundingClientRect().bottom")
    assert results <= 900, "the last results are below the screen's edge"  # the menu shares the height
    page.screenshot(path=str(SHOTS / "search-375.png"))
    page.close()


@pytest.fixture(scope="module")
def revised_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal group with a hostile company name, and a contact renamed by a recorded revision:
    OLD_WORD is only in alpha's earlier version, NEW_WORD in the version in force."""
    base = tmp_path_factory.mktemp("search")
    data = base / "group"
    shutil.copytree(MINIMAL, data)
    edit(data, "companies/alpha.yaml", "name: 株式会社アルファ", f'name: "{HOSTILE}"')
    edit(data, "companies/alpha.yaml", "department: お客様窓口", f"department: {OLD_WORD}")
    shutil.rmtree(data / "versions")
    for company, day in (("alpha", "2022-04-01"), ("beta", "2021-10-01")):
        result = run_cli("record", company, "policy", "--date", day, "--root", str(data))
        assert result.returncode == 0, result.stderr
    edit(data, "companies/alpha.yaml", f"department: {OLD_WORD}", f"department: {NEW_WORD}")
    result = run_cli("record", "alpha", "policy", "--date", "2024-04-01", "--summary", "窓口の名称を変更", "--root", str(data))
    assert result.returncode == 0, result.stderr
    assert "2024-04-01" < AS_OF
    root = make_site_root(data, base / "root")
    result = mkdocs_build(root, base / "site")
    assert result.returncode == 0, result.stderr
    return base / "site"


@pytest.fixture(scope="module")
def revised_url(revised_site: Path) -> Iterator[str]:
    from site_server import serve

    with serve(revised_site) as url:
        yield url


def test_a_phrase_only_in_an_earlier_version_is_not_found(browser: Any, revised_site: Path, revised_url: str) -> None:
    earlier = (revised_site / "alpha" / "policy" / "2022-04-01" / "index.html").read_text(encoding="utf-8")
    assert OLD_WORD in earlier and OLD_WORD not in (revised_site / "alpha" / "policy" / "index.html").read_text(encoding="utf-8")
    page = _open(browser, revised_url + "/")
    _search(page, NEW_WORD)  # the same kind of word is found in the version in force
    assert _titles(page)[:1] == [f"{HOSTILE} — 個人情報保護方針"]
    _search(page, OLD_WORD)
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim()"
                           " === '何も見つかりませんでした'")
    assert not _titles(page)
    page.close()


def test_a_company_name_with_html_is_shown_as_text(browser: Any, revised_url: str) -> None:
    page = _open(browser, revised_url + "/")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _search(page, NEW_WORD)
    assert page.locator(".md-search-result__item > a article h1").first.inner_text() == f"{HOSTILE} — 個人情報保護方針"
    assert page.locator(".md-search-result img, .pn-search-filter img").count() == 0
    assert HOSTILE in page.locator("#pn-search-company option").all_inner_texts()
    page.locator("#pn-search-company").select_option(label=HOSTILE)
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 1")
    page.wait_for_timeout(300)
    assert not dialogs
    assert re.fullmatch(r"1件見つかりました", _count(page))
    page.close()
