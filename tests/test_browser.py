"""The built demo site in headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page

from site_server import CHROMIUM


pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="scripts/test installs Debian's chromium")


@pytest.fixture
def requests_seen() -> list[str]:
    return []


@pytest.fixture
def page(browser: Browser, requests_seen: list[str]) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP", reduced_motion="reduce")
    context.on("request", lambda request: requests_seen.append(request.url))
    page = context.new_page()
    yield page
    context.close()


def heading(page: Page) -> str:
    return page.locator("article h1").inner_text().rstrip("¶").strip()


def assert_only_local(urls: list[str]) -> None:
    others = sorted({u for u in urls if urlparse(u).hostname != "127.0.0.1" and not u.startswith(("data:", "blob:"))})
    assert others == [], f"requests to other hosts: {others}"


def test_top_page_and_a_notice_render(page: Page, base_url: str, requests_seen: list[str], tmp_path: Path) -> None:
    page.goto(base_url + "/", wait_until="networkidle")
    assert heading(page) == "あおばグループ"
    page.screenshot(path=str(tmp_path / "top.png"), full_page=True)
    page.locator("article a", has_text="株式会社あおばチケット").first.click()
    page.locator("article a", has_text="個人情報保護方針").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/aoba-ticket/policy/")
    assert heading(page) == "個人情報保護方針"
    assert page.locator("#purposes").count() == 1 and page.locator("#joint-use").count() == 1
    assert page.locator("article table th", has_text="利用目的").count() >= 1
    page.screenshot(path=str(tmp_path / "ticket-policy.png"), full_page=True)
    assert_only_local(requests_seen)


def search(page: Page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # the theme searches on keyup
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return [a.get_attribute("href") or "" for a in page.locator("a.md-search-result__link").all()]


@pytest.mark.parametrize("query, expected", [
    ("共同利用", "/aoba-hd/joint-use/"),
    ("株式会社あおばチケット", "/aoba-ticket/"),
    ("認定個人情報保護団体", "/aoba-ticket/"),
])
def test_japanese_search(page: Page, base_url: str, requests_seen: list[str], query: str, expected: str) -> None:
    page.goto(base_url + "/", wait_until="networkidle")
    links = search(page, query)
    assert any(expected in link for link in links[:5]), links
    assert_only_local(requests_seen)


def test_mobile_purpose_table_has_no_horizontal_scroll(browser: Browser, base_url: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="ja-JP", reduced_motion="reduce")
    page = context.new_page()
    for path in ("/aoba-ticket/policy/", "/aoba-shop/cookies/", "/"):
        page.goto(base_url + path, wait_until="networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    page.screenshot(path=str(tmp_path / "mobile-cookies.png"), full_page=True)
    context.close()


def test_print_has_no_navigation(page: Page, base_url: str) -> None:
    page.goto(base_url + "/aoba-cable/policy/", wait_until="networkidle")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator("article h1").is_visible()


@pytest.mark.parametrize("path", ["/", "/aoba-ticket/policy/", "/aoba-shop/cookies/", "/aoba-hd/joint-use/",
                                  "/aoba-cable/policy/history/", "/aoba-shop/cookies/2023-06-16/",
                                  "/aoba-shop/cookies/compare/2023-06-16_2023-10-01/", "/about/",
                                  "/aoba-ticket/handling/compare/?from=2022-04-01&to=2024-04-01"])
def test_no_serious_accessibility_violations(page: Page, base_url: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url + path, wait_until="networkidle")
    results = Axe().run(page)
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_superseded_version_leads_to_current_and_comparisons(page: Page, base_url: str, requests_seen: list[str],
                                                             tmp_path: Path) -> None:
    page.goto(base_url + "/aoba-shop/cookies/2023-06-16/", wait_until="networkidle")
    banner = page.locator(".admonition", has_text="この版は改定されています")
    assert banner.is_visible()
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    assert page.locator('link[rel="canonical"]').get_attribute("href").endswith("/aoba-shop/cookies/")
    banner.locator("a", has_text="現在施行中の版").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/aoba-shop/cookies/")
    page.goto(base_url + "/aoba-shop/cookies/history/", wait_until="networkidle")
    # the row of 2023-10-01 (newer revisions, announced or not, are listed above it)
    page.locator("tr", has_text="令和5年10月1日").locator("a", has_text="前の版との比較").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/aoba-shop/cookies/compare/2023-06-16_2023-10-01/")
    assert "LINE Tag の送信先の事業者の名称を変更" in page.locator("#summary + ul").inner_text()
    assert page.locator("#inline ~ div ins.pn-ins").first.inner_text().startswith("追加:")
    assert "ヤフー" in " ".join(page.locator("#inline ~ div ins.pn-ins").all_inner_texts())
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)
    assert_only_local(requests_seen)


def test_picking_two_dates_opens_their_comparison(page: Page, base_url: str) -> None:
    page.goto(base_url + "/aoba-ticket/handling/compare/2022-04-01_2023-06-16/", wait_until="networkidle")
    page.locator("select[name=from]").select_option("2019-10-01")  # nothing opens until 比較する
    page.locator("select[name=to]").select_option("2022-04-01")
    page.get_by_role("button", name="比較する").click()
    page.wait_for_url("**/compare/2019-10-01_2022-04-01/")  # a page: the pair is consecutive
    page.locator("select[name=to]").select_option("2027-04-01")
    page.get_by_role("button", name="比較する").click()
    page.wait_for_url("**/compare/?from=2019-10-01&to=2027-04-01")  # any other pair: in the browser
    page.wait_for_selector("#pn-browser-diff ins.pn-ins")
    assert "顔認証" in " ".join(page.locator("#pn-browser-diff ins.pn-ins").all_inner_texts())
    deleted = page.locator("#inline ~ div del.pn-del").first
    assert deleted.inner_text().startswith("削除:")
    assert "line-through" in deleted.evaluate("e => getComputedStyle(e).textDecorationLine")


def test_current_page_announces_the_upcoming_revision(page: Page, base_url: str) -> None:
    page.goto(base_url + "/aoba-ticket/handling/", wait_until="networkidle")
    notices = page.locator(".admonition", has_text="改定のお知らせ (施行予定)")  # one per announced revision
    assert "令和8年12月1日から" in notices.first.inner_text()
    notice = notices.filter(has_text="令和9年4月1日から")
    assert notice.count() == 1
    notice.locator("a", has_text="改定後の全文").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/aoba-ticket/handling/2027-04-01/")
    assert page.locator(".admonition", has_text="施行予定の版").is_visible()


def test_any_pair_is_compared_in_the_browser(page: Page, base_url: str, requests_seen: list[str],
                                             tmp_path: Path) -> None:
    """The path large documents use for pairs not computed in advance (the site's own engine, no server)."""
    page.goto(base_url + "/aoba-hd/joint-use/compare/?from=2022-04-01&to=2024-04-01", wait_until="networkidle")
    page.wait_for_selector("#pn-browser-diff ins.pn-ins")
    inserted = " ".join(page.locator("#pn-browser-diff ins.pn-ins").all_inner_texts())
    assert "なりすまし" in inserted and inserted.startswith("追加:")
    assert "削除:" in " ".join(page.locator("#pn-browser-diff del.pn-del").all_inner_texts())
    assert page.locator("select[name=from]").input_value() == "2022-04-01"
    page.screenshot(path=str(tmp_path / "browser-diff.png"), full_page=True)
    assert any(url.endswith("javascripts/comparison.js") for url in requests_seen)
    assert page.locator("#pn-browser-diff h2").all_inner_texts() == ["変更の概要", "本文の変更", "新旧対照表"]
    assert_only_local(requests_seen)
