"""Every table of every page type at 375 px, the comparison picker, and printing (issue 13, points 3-4;
DECISIONS.md 35). The built demo site in headless Chromium.

Screenshots of every page type at 1280 and 375 px go to $PN_SHOTS_DIR (or the test's tmp_path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, Page

from conftest import shots_dir
from site_server import CHROMIUM


pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="scripts/test installs Debian's chromium")

PAGE_TYPES = {
    "top": "/",
    "company": "/aoba-ticket/",
    "notice (purposes, provision, requests, contacts)": "/aoba-ticket/policy/",
    "notice (external transmission, opt-out column)": "/aoba-shop/cookies/",
    "notice (collection tables)": "/aoba-bpo/policy/2026-12-01/",
    "notice (retention, foreign countries)": "/aoba-cable/policy/2022-04-01/",
    "notice (foreign countries)": "/aoba-bpo/policy/2020-01-15/",
    "joint use notice": "/aoba-hd/joint-use/",
    "joint users list": "/group/joint-users/",
    "history (比較 column)": "/aoba-ticket/handling/history/",
    "comparison (inline and 新旧対照表)": "/aoba-bpo/policy/compare/2024-04-01_2026-12-01/",
    "comparison (inserted external-transmission table)": "/aoba-cable/policy/compare/2022-04-01_2023-06-16/",
    "comparison picker": "/aoba-ticket/handling/compare/",
    "comparison in the browser": "/aoba-hd/joint-use/compare/?from=2019-10-01&to=2024-04-01",
}

# Every cell of the page's article: its box is inside the viewport's width, or it is inside a box that
# scrolls sideways, shows the 「横にスクロールできます」 hint and a shadow on its right, and scrolling that
# box brings the cell into view. Cards (stacked rows) show each cell's column header above it.
REACHABLE = """() => {
  const width = window.innerWidth, problems = [];
  const name = (cell) => (cell.closest('table').tHead ? cell.closest('table').tHead.innerText : '').replace(/\\s+/g, ' ').slice(0, 40)
      + ' / ' + cell.innerText.replace(/\\s+/g, ' ').slice(0, 30);
  const phone = window.matchMedia('screen and (max-width: 44.9375em)').matches;
  let cards = 0, scrolled = 0;
  for (const cell of document.querySelectorAll('article td, article th')) {
    const table = cell.closest('table'), card = phone && table.hasAttribute('data-pn-cards');
    if (card && cell.closest('thead')) continue;   // visually hidden: each card names its columns
    if (card) {
      cards++;
      const label = cell.getAttribute('data-label');
      const before = getComputedStyle(cell, '::before').content;
      if (cell.colSpan === 1 && (!label || !before.includes(label))) problems.push('card cell without its header: ' + name(cell));
    }
    let r = cell.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) { problems.push('hidden cell: ' + name(cell)); continue; }
    if (r.left >= -1 && r.right <= width + 1) continue;
    let box = cell.parentElement;
    while (box && !(box.scrollWidth > box.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX))) box = box.parentElement;
    if (!box || box === document.documentElement || box === document.body) { problems.push('cut off: ' + name(cell)); continue; }
    const frame = box.parentElement, hint = frame.previousElementSibling;
    const boxRect = box.getBoundingClientRect();
    if (boxRect.left < -1 || boxRect.right > width + 1) problems.push('scroll box wider than the screen: ' + name(cell));
    if (!frame.classList.contains('pn-scroll-frame') || !hint || !hint.classList.contains('pn-scroll-hint')
        || hint.hidden || !hint.innerText.includes('横にスクロールできます')) { problems.push('no hint: ' + name(cell)); continue; }
    const saved = box.scrollLeft;
    box.scrollLeft = 0; box.dispatchEvent(new Event('scroll'));
    if (frame.getAttribute('data-pn-more') !== 'right') problems.push('no shadow cue: ' + name(cell));
    box.scrollLeft = saved + (r.right - boxRect.right) + 1;
    r = cell.getBoundingClientRect();
    if (r.right > boxRect.right + 1) problems.push('not reachable by scrolling: ' + name(cell));
    box.scrollLeft = saved;
    scrolled++;
  }
  const sideways = document.documentElement.scrollWidth - width;
  if (sideways > 0) problems.push('the page scrolls sideways by ' + sideways + 'px');
  return {problems, cells: document.querySelectorAll('article td, article th').length, cards, scrolled};
}"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP", reduced_motion="reduce")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="ja-JP", reduced_motion="reduce")
    yield context.new_page()
    context.close()


def open_all(page: Page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    if "?from=" in url:
        page.wait_for_selector("#pn-browser-diff p")
    page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
    page.wait_for_timeout(100)  # tables.js updates its hints on the next frame


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_table_cell_is_reachable_at_375px(browser: Browser, phone: Page, base_url: str, kind: str,
                                                tmp_path: Path) -> None:
    path = PAGE_TYPES[kind]
    open_all(phone, base_url + path)
    result: dict[str, Any] = phone.evaluate(REACHABLE)
    assert result["problems"] == [], kind
    slug = path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-") or "top"
    phone.screenshot(path=str(shots_dir(tmp_path) / f"375-{slug}.png"), full_page=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP", reduced_motion="reduce")
    wide = context.new_page()
    open_all(wide, base_url + path)
    assert wide.evaluate(REACHABLE)["problems"] == [], kind
    wide.screenshot(path=str(shots_dir(tmp_path) / f"1280-{slug}.png"), full_page=True)
    context.close()


def test_wide_tables_become_cards_and_compared_tables_scroll_with_a_cue(phone: Page, base_url: str) -> None:
    """The checker above accepts either treatment; this pins down which table gets which."""
    open_all(phone, base_url + "/aoba-shop/cookies/")
    opt_out = phone.locator("article table", has=phone.locator("th", has_text="オプトアウト")).first
    assert opt_out.get_attribute("data-pn-cards") == ""
    cell = opt_out.locator("tbody tr").first.locator("td").last
    assert cell.get_attribute("data-label") == "オプトアウト" and cell.is_visible()
    assert "オプトアウト" in cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert phone.locator("article table[role=table] > tbody > tr[role=row] > td[role=cell]").count() > 0

    open_all(phone, base_url + "/aoba-ticket/handling/history/")
    compare = phone.locator("article td[data-label=比較] a").first
    assert compare.is_visible() and compare.bounding_box()["x"] + compare.bounding_box()["width"] <= 375

    open_all(phone, base_url + "/aoba-cable/policy/compare/2022-04-01_2023-06-16/")
    hints = phone.locator(".pn-scroll-hint:not([hidden])")
    assert hints.count() >= 1 and hints.first.inner_text().startswith("横にスクロールできます")
    frame = hints.first.locator("xpath=following-sibling::div[1]")
    assert frame.get_attribute("data-pn-more") == "right"
    assert frame.evaluate("f => getComputedStyle(f, '::after').opacity") == "1"
    side = phone.locator("article .pn-diff-side-by-side")  # old and new stack per block (test_comparison_pages.py)
    assert side.locator(".pn-sbs-row .pn-sbs-new .pn-sbs-side").first.is_visible()


def test_two_column_tables_stay_tables(phone: Page, base_url: str) -> None:
    open_all(phone, base_url + "/aoba-ticket/policy/")
    table = phone.locator("article table", has=phone.locator("th", has_text="手数料")).first
    assert table.get_attribute("data-pn-cards") is None
    assert table.evaluate("t => getComputedStyle(t).display") != "block"


PAIR = "/aoba-ticket/handling/compare/2022-04-01_2023-06-16/"


def test_choosing_only_the_old_date_does_not_navigate(page: Page, base_url: str) -> None:
    page.goto(base_url + PAIR, wait_until="networkidle")
    page.locator("select[name=from]").select_option("2019-10-01")
    page.wait_for_timeout(500)
    assert page.url == base_url + PAIR
    page.locator("select[name=to]").select_option("2027-04-01")
    page.wait_for_timeout(500)
    assert page.url == base_url + PAIR
    page.get_by_role("button", name="比較する").click()  # no page for this pair: compared in the browser
    page.wait_for_url("**/compare/?from=2019-10-01&to=2027-04-01")
    page.wait_for_selector("#pn-browser-diff ins.pn-ins")
    assert "顔認証" in " ".join(page.locator("#pn-browser-diff ins.pn-ins").all_inner_texts())


@pytest.mark.parametrize("old, new, message", [
    ("2023-06-16", "2023-06-16", "旧と新に同じ日付が選ばれています。別々の日付を選んでください。"),
    ("2024-04-01", "2022-04-01", "旧の日付が新より後になっています。旧には新より前の施行日を選んでください。"),
])
def test_an_impossible_pair_is_said_beside_the_button(page: Page, base_url: str, old: str, new: str,
                                                      message: str) -> None:
    page.goto(base_url + PAIR, wait_until="networkidle")
    page.locator("select[name=from]").select_option(old)
    page.locator("select[name=to]").select_option(new)
    page.get_by_role("button", name="比較する").click()
    said = page.locator(".pn-compare-picker .pn-compare-message")
    assert said.inner_text() == message
    assert said.get_attribute("aria-live") == "polite"
    page.wait_for_timeout(300)
    assert page.url == base_url + PAIR
    page.locator("select[name=from]").select_option("2019-10-01")  # a new choice clears the message
    assert said.inner_text() == ""


def test_the_shared_url_reproduces_the_comparison(browser: Browser, page: Page, base_url: str) -> None:
    # a precomputed pair: the picker opens its page, whose URL is the one to share
    page.goto(base_url + "/aoba-ticket/handling/compare/", wait_until="networkidle")
    page.locator("select[name=from]").select_option("2023-06-16")
    page.locator("select[name=to]").select_option("2024-04-01")
    page.get_by_role("button", name="比較する").click()
    page.wait_for_url("**/compare/2023-06-16_2024-04-01/")
    marks = page.locator("#inline ~ div ins.pn-ins, #inline ~ div del.pn-del").all_inner_texts()
    shared = page.url
    # a pair not computed in advance (not consecutive): the picker opens compare/?from=&to=
    page.goto(base_url + "/aoba-hd/joint-use/compare/", wait_until="networkidle")
    page.locator("select[name=from]").select_option("2019-10-01")
    page.locator("select[name=to]").select_option("2024-04-01")
    page.get_by_role("button", name="比較する").click()
    page.wait_for_url("**/joint-use/compare/?from=2019-10-01&to=2024-04-01")
    page.wait_for_selector("#pn-browser-diff ins.pn-ins")
    browser_marks = page.locator("#pn-browser-diff").inner_text()
    shared_browser = page.url

    context = browser.new_context(locale="ja-JP")  # someone else opens the links
    other = context.new_page()
    other.goto(shared, wait_until="networkidle")
    assert other.locator("#inline ~ div ins.pn-ins, #inline ~ div del.pn-del").all_inner_texts() == marks
    assert other.locator("select[name=from]").input_value() == "2023-06-16"
    other.goto(shared_browser, wait_until="networkidle")
    other.wait_for_selector("#pn-browser-diff ins.pn-ins")
    assert other.locator("#pn-browser-diff").inner_text() == browser_marks
    assert other.locator("select[name=from]").input_value() == "2019-10-01"
    assert other.locator("select[name=to]").input_value() == "2024-04-01"
    context.close()


def test_print_hides_the_controls_and_keeps_both_views(page: Page, base_url: str, tmp_path: Path) -> None:
    page.goto(base_url + "/aoba-cable/policy/compare/2022-04-01_2023-06-16/", wait_until="networkidle")
    page.set_viewport_size({"width": 375, "height": 812})
    page.wait_for_timeout(100)
    assert page.locator(".pn-scroll-hint:not([hidden])").count() >= 1  # shown on screen ...
    page.emulate_media(media="print")
    for selector in (".pn-compare-picker", ".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                     ".md-footer", ".md-search", ".pn-scroll-hint"):
        for element in page.locator(selector).all():
            assert element.is_hidden(), selector
    for selector in ("article h1", "#summary", "#summary + ul", "#inline", "#side-by-side",
                     "#inline ~ div.pn-diff-inline", "article div.pn-diff-side-by-side"):
        assert page.locator(selector).first.is_visible(), selector
    # printed tables are whole: nothing cut at a scroll box
    cut = page.evaluate("""() => Array.from(document.querySelectorAll('article table')).filter(t =>
        getComputedStyle(t).overflowX !== 'visible' && t.scrollWidth > t.clientWidth + 1).length""")
    assert cut == 0
    page.pdf(path=str(shots_dir(tmp_path) / "print-comparison.pdf"))


@pytest.mark.parametrize("path", ["/aoba-shop/cookies/", "/aoba-ticket/handling/history/",
                                  "/aoba-cable/policy/compare/2022-04-01_2023-06-16/"])
def test_cards_and_scroll_boxes_pass_axe_at_375px(phone: Page, base_url: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_all(phone, base_url + path)
    results = Axe().run(phone)
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
