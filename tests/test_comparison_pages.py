"""The comparison pages as visitors read them (issue 13, points 1-2): the whole width, old and new facing
each other block by block at 1280 px and stacked per block at 375 px, and the same marks whether the
pair was compared when the site was built or in the browser. The built demo site in headless Chromium.
Screenshots go to $PN_SHOTS_DIR (or the test's tmp_path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, Page

from conftest import shots_dir
from site_server import CHROMIUM

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="scripts/test installs Debian's chromium")

PAIR = ("aoba-ticket/handling", "2024-04-01", "2026-12-01")
"""A pair computed when the site is built (consecutive), also reachable through the browser route."""
PAIRS = [PAIR, ("aoba-bpo/policy", "2024-04-01", "2026-12-01"), ("aoba-cable/policy", "2022-04-01", "2023-06-16"),
         ("aoba-shop/cookies", "2023-06-16", "2023-10-01")]

# The marks a reader sees in each view, in reading order: (tag, its label and text).
MARKS = """(root) => ['.pn-diff-inline', '.pn-diff-side-by-side'].map(view =>
  Array.from(root.querySelectorAll(view + ' ins, ' + view + ' del')).map(m => m.tagName + ' ' + m.textContent))"""


@pytest.fixture
def wide(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    yield page
    page.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="ja-JP")
    page = context.new_page()
    yield page
    context.close()


def built(page: Page, base_url: str, document: str, old: str, new: str) -> Any:
    page.goto(f"{base_url}/{document}/compare/{old}_{new}/", wait_until="networkidle")
    return page.locator("article").element_handle()


def in_browser(page: Page, base_url: str, document: str, old: str, new: str) -> Any:
    page.goto(f"{base_url}/{document}/compare/?from={old}&to={new}", wait_until="networkidle")
    page.wait_for_selector("#pn-browser-diff .pn-diff-side-by-side")
    return page.locator("#pn-browser-diff").element_handle()


@pytest.mark.parametrize("pair", PAIRS, ids=["/".join(p) for p in PAIRS])
def test_a_pair_reads_the_same_by_both_routes(wide: Page, base_url: str, pair: tuple[str, str, str]) -> None:
    page_marks = built(wide, base_url, *pair).evaluate(MARKS)
    summary = wide.locator("#summary + ul > li").all_inner_texts()
    assert page_marks[0] and page_marks[1], "a pair with changes"
    browser = in_browser(wide, base_url, *pair)
    assert browser.evaluate(MARKS) == page_marks
    assert wide.locator("#pn-browser-diff #summary + ul > li").all_inner_texts() == summary
    assert wide.locator("#pn-browser-diff h2").all_inner_texts() == ["変更の概要", "本文の変更", "新旧対照表"]


def test_the_comparison_uses_the_whole_width_and_faces_old_and_new(wide: Page, base_url: str, tmp_path: Path) -> None:
    built(wide, base_url, *PAIR)
    assert wide.locator(".md-sidebar--primary").is_hidden() or wide.locator(".md-sidebar--primary").bounding_box() is None
    side = wide.locator("article .pn-diff-side-by-side")
    assert side.bounding_box()["width"] > 1000
    misaligned = side.evaluate("""(s) => Array.from(s.querySelectorAll(':scope > .pn-sbs-row:not(.pn-sbs-span)'))
        .filter(r => Math.abs(r.children[0].getBoundingClientRect().top - r.children[1].getBoundingClientRect().top) > 1
                  || r.children[0].getBoundingClientRect().width < 400).length""")
    assert misaligned == 0
    assert side.locator(".pn-sbs-head").is_visible() and side.locator(".pn-sbs-side").first.is_hidden() is False
    assert side.locator(".pn-sbs-side").first.bounding_box()["width"] <= 1  # named by the header row instead
    added = side.locator(".pn-sbs-row.pn-diff-insert").first
    assert added.locator(".pn-sbs-old .pn-sbs-text").inner_text() == "(新設)"
    side.scroll_into_view_if_needed()
    wide.screenshot(path=str(shots_dir(tmp_path) / "1280-comparison-side-by-side.png"), full_page=True)


def test_at_375px_old_and_new_stack_per_block_and_stay_readable(phone: Page, base_url: str, tmp_path: Path) -> None:
    built(phone, base_url, *PAIRS[1])
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 375
    rows = phone.locator("article .pn-diff-side-by-side > .pn-sbs-row:not(.pn-sbs-span)")
    both = phone.locator("article .pn-diff-side-by-side > .pn-sbs-row:is(.pn-diff-replace, .pn-diff-equal)")
    assert both.count() >= 2
    stacked = both.evaluate_all("""(rows) => rows.filter(r => {
        const [o, n] = r.children, a = o.getBoundingClientRect(), b = n.getBoundingClientRect();
        return a.bottom <= b.top + 1 && a.width > 300 && b.width > 300;
      }).length""")
    assert stacked == both.count()
    labels = both.first.locator(".pn-sbs-side")
    assert labels.all_inner_texts() == ["旧", "新"] and labels.first.is_visible()
    # an added block shows its new side alone (on a wide screen the old side says (新設))
    added = phone.locator("article .pn-diff-side-by-side > .pn-sbs-row.pn-diff-insert").first
    assert added.locator(".pn-sbs-old").is_hidden() and added.locator(".pn-sbs-new .pn-sbs-side").inner_text() == "新"
    assert rows.count() > both.count()
    font = rows.first.evaluate("r => parseFloat(getComputedStyle(r.querySelector('.pn-sbs-text')).fontSize)")
    assert font >= 12
    phone.locator("article .pn-diff-side-by-side").scroll_into_view_if_needed()
    phone.screenshot(path=str(shots_dir(tmp_path) / "375-comparison-side-by-side.png"), full_page=True)


def test_changes_keep_a_written_label(wide: Page, base_url: str) -> None:
    built(wide, base_url, *PAIR)
    marks = wide.locator("article ins, article del")
    assert marks.count() > 0
    unlabelled = marks.evaluate_all("""(ms) => ms.filter(m => {
        const row = m.closest('tr'), label = m.querySelector('.pn-diff-label');
        return !label && !(row && row.querySelector('.pn-diff-label'));
      }).length""")
    assert unlabelled == 0
