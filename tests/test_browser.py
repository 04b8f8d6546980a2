"""The built demo site in headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="scripts/test installs Debian's chromium")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(demo_site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(demo_site)))
    server.daemon_threads = False  # server_close() waits for the handlers, closing their sockets
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


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
                                  "/aoba-cable/policy/history/"])
def test_no_serious_accessibility_violations(page: Page, base_url: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url + path, wait_until="networkidle")
    results = Axe().run(page)
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
