"""A build does not hold the site in memory (issue 14): pages are written as they are made, and the
comparison engine's HTML stays on disk until mkdocs writes its page (mkdocs_hook.HELD), with the same
bytes as if it had been held."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from conftest import MINIMAL, make_site_root

REPO = Path(__file__).resolve().parent.parent
HOOK = REPO / "scripts" / "privacy_notices" / "mkdocs_hook.py"


def _hook():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("hook_under_test", HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_engines_html_waits_on_disk_and_comes_back_whole(tmp_path: Path) -> None:
    hook = _hook()
    root = make_site_root(MINIMAL, tmp_path / "root")
    config = load_config(str(root / "mkdocs.yml"))
    inline = '<div class="pn-diff pn-diff-inline"><p class="pn-diff-replace">' + "本文" * 5000 + "</p></div>"
    side = '<div class="pn-diff pn-diff-side-by-side"><div class="pn-sbs-head">旧</div></div>'
    source = tmp_path / "docs" / "a" / "compare" / "x.md"  # a generated page, as the hook writes it
    source.parent.mkdir(parents=True)
    source.write_text(f"# 比較\n\n{inline}\n\n## 新旧対照表\n\n{side}\n", encoding="utf-8")
    page = Page(None, File("a/compare/x.md", str(tmp_path / "docs"), str(tmp_path / "site"), True), config)
    page.meta = {}
    held = hook.on_page_markdown(source.read_text(encoding="utf-8"), page, config, None)
    assert "本文本文" not in held and len(held) < 200  # what mkdocs keeps until it writes the page
    assert page.meta[hook.HELD_COUNT] == 2
    rendered = f"<html>{hook._placeholder(0)}<h2>新旧対照表</h2>{hook._placeholder(1)}</html>"
    assert hook.on_post_page(rendered, page, config) == f"<html>{inline}<h2>新旧対照表</h2>{side}</html>"


def test_a_page_without_the_engines_html_is_left_alone(tmp_path: Path) -> None:
    hook = _hook()
    root = make_site_root(MINIMAL, tmp_path / "root")
    config = load_config(str(root / "mkdocs.yml"))
    page = Page(None, File("a/index.md", str(tmp_path / "docs"), str(tmp_path / "site"), True), config)
    page.meta = {}
    text = '# 方針\n\n本文に <div class="pn-diff x"> と書いてある段落です。\n'
    assert hook.on_page_markdown(text, page, config, None) == text  # not at the start of a line
    assert hook.on_post_page("<html></html>", page, config) == "<html></html>"
