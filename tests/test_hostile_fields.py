"""Every string field the model declares, attacked at once: either `check` names the field, or the
built site shows the value as text.

Each field of the demo gets a payload with every class of attack (script element, event attribute,
``javascript:`` link, image from another host, Markdown link breakout, attribute list), tagged with
the field's number. Phase one runs `check` per field: a field whose payload is refused must be
refused *at that field*. Phase two puts every payload that was accepted into one group, records its
versions with the command editors use, builds the site with `mkdocs build --strict`, and inspects
every built file (HTML, the search index, feeds, JSON) and, in Chromium, every page.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlparse

import pytest
from lxml import etree, html
from ruamel.yaml import YAML

from conftest import ROOT, make_site_root, mkdocs_build, run_cli
from hostile import EVIL_HOST, PAYLOAD, Field, locate, put, seed, string_fields
from privacy_notices.check import check
from privacy_notices.joint_users import publishers
from privacy_notices.model import CompanyFile, Content, GroupFile
from privacy_notices.validate import key_path
from site_server import ARGS, CHROMIUM, serve

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background")
SAFE_SCHEMES = ("http", "https", "mailto", "tel", "")


WRITTEN_BY_COMMANDS = {"amended", "withdrawn"}
"""History keys that `record --amend` and `withdraw` write (with a frozen file beside them): a value
typed into them by hand has no version to describe, so they are attacked through those commands."""


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    return yaml


def _files(root: Path) -> dict[str, Any]:
    """Every data file of the group: relative path -> parsed data."""
    paths = ["content/group.yaml", *(p.relative_to(root).as_posix() for p in sorted((root / "companies").glob("*.yaml")))]
    return {path: _yaml().load((root / path).read_text(encoding="utf-8")) for path in paths}


def _targets(files: dict[str, Any]) -> list[tuple[Field, str, tuple]]:
    """For every declared string field, one place in the demo's files to put the payload."""
    targets = []
    companies = [path for path in files if path.startswith("companies/")]
    for model in (CompanyFile, GroupFile):
        for path in string_fields(model):
            field = Field(model, path)
            if model is CompanyFile:  # a company's field, or the same field in the group's defaults
                places = [(f, path) for f in companies]
                places += [("content/group.yaml", ("defaults", *path))] if path[0] in Content.model_fields else []
            elif path[0] == "defaults":
                continue  # the same fields as a company's, attacked above
            else:
                places = [("content/group.yaml", path)]
            place = next(((f, where) for f, full in places if (where := locate(files[f], full)) is not None), None)
            if place is None and set(path) & WRITTEN_BY_COMMANDS:
                continue  # attacked through the commands that write them: test_amend.py
            assert place is not None, f"{field}: no file of the demo has a place for it; add one to the demo (or to hostile.SEEDS)"
            targets.append((field, *place))
    return targets


def _write(root: Path, relative: str, data: Any) -> None:
    with (root / relative).open("w", encoding="utf-8") as out:
        _yaml().dump(data, out)


def _marker(i: int) -> str:
    return f"PAYLOAD{i:03d}"


def _concrete(where: tuple) -> str:
    return key_path(tuple(step for step in where if step != "[]"))


@pytest.fixture(scope="module")
def hostile_group(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    """The demo with every accepted payload in place and its versions recorded; and what was refused."""
    base = tmp_path_factory.mktemp("hostile")
    root = make_site_root(ROOT, base / "root")
    originals = _files(root)
    seed(originals)  # places for the fields the demo does not use
    for relative, data in originals.items():
        _write(root, relative, data)
    _, problems = check(root, versions=False)
    assert not problems, "the seeded demo is not clean:\n" + "\n".join(p.format() for p in problems)
    refused: dict[str, list[str]] = {}
    accepted: list[tuple[int, str, tuple]] = []
    for i, (field, relative, where) in enumerate(_targets(originals)):
        data = copy.deepcopy(originals[relative])
        put(data, where, f"{_marker(i)}{PAYLOAD}")
        _write(root, relative, data)
        _, problems = check(root, versions=False)
        _write(root, relative, originals[relative])
        key = _concrete(where)  # warnings count: CI builds with --strict
        here = [p for p in problems if p.path == relative and p.key.startswith(key)]
        if here:
            refused[str(field)] = [p.format() for p in here]
        else:
            assert not problems, f"{field}: the payload was refused, but not at {relative}:{key}:\n" + \
                "\n".join(p.format() for p in problems)
            accepted.append((i, relative, where))
    files = copy.deepcopy(originals)
    for i, relative, where in accepted:
        put(files[relative], where, f"{_marker(i)}{PAYLOAD}")
    for relative, data in files.items():
        _write(root, relative, data)
    shutil.rmtree(root / "versions")
    group, problems = check(root, versions=False)
    assert group is not None and not problems, "\n".join(p.format() for p in problems)
    for company in publishers(group):  # freeze each document as a hostile pull request would (the group's list too)
        for doc_id, spec in company.data.documents.items():
            result = run_cli("record", company.id, doc_id, "--date", spec.history[-1].date.isoformat(), "--root", str(root))
            assert result.returncode == 0, result.stderr
    return root, refused


@pytest.fixture(scope="module")
def hostile_site(hostile_group: tuple[Path, dict[str, list[str]]]) -> Path:
    root, _ = hostile_group
    site = root.parent / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    return site


def test_every_refused_payload_is_named_at_its_field(hostile_group: tuple[Path, dict[str, list[str]]]) -> None:
    _, refused = hostile_group
    for field, lines in refused.items():
        assert all(line.count(":") >= 4 for line in lines), f"{field}: {lines}"
    # URL, e-mail, phone, identifier and Markdown fields can never take this payload
    for name in ("CompanyFile.website", "CompanyFile.contacts.[].email", "CompanyFile.contacts.[].phones.[].number",
                 "CompanyFile.declaration", "CompanyFile.sections.[].body", "GroupFile.description"):
        assert name in refused, f"{name} accepted a hostile value"


def _unsafe_in_html(fragment: html.HtmlElement, where: str) -> Iterator[str]:
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and "alert" in (element.text or ""):
            yield f"{where}: <script> with the payload"
        if tag == "script" and element.get("src") and urlparse(element.get("src")).hostname not in (None,):
            yield f"{where}: script from another host: {element.get('src')}"
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                yield f"{where}: event attribute {name}={value!r} on <{tag}>"
            if name.lower() in URL_ATTRIBUTES or name.lower().endswith("href"):
                target = value.strip().lower()
                scheme = urlparse(target).scheme
                if scheme not in SAFE_SCHEMES:
                    yield f"{where}: <{tag} {name}={value!r}>"
                if EVIL_HOST in target:
                    yield f"{where}: reference to another host <{tag} {name}={value!r}>"
                if name.lower() == "src" and urlparse(target).hostname not in (None, "127.0.0.1"):
                    yield f"{where}: resource from another host <{tag} {name}={value!r}>"
            if name.lower() == "style" and "url(" in value.lower():
                yield f"{where}: style with url(): {value!r}"


def test_no_built_file_carries_executable_markup(hostile_site: Path) -> None:
    found: list[str] = []
    pages = sorted(hostile_site.rglob("*.html"))
    for path in pages:
        found += _unsafe_in_html(html.fromstring(path.read_bytes()), path.relative_to(hostile_site).as_posix())
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:  # the theme puts titles and text into the page as HTML
        for key in ("title", "text"):
            if doc[key].strip():
                found += _unsafe_in_html(html.fragment_fromstring(doc[key], create_parent="div"),
                                         f"search_index {doc['location']} {key}")
    for path in sorted(hostile_site.rglob("*.xml")):
        tree = etree.parse(str(path))  # well-formed, whatever the data held
        for node in tree.iter():
            if node.get("type") in ("html", "xhtml"):
                found.append(f"{path.name}: {node.tag} of type {node.get('type')}")
    for path in sorted(hostile_site.rglob("*.json")):
        json.loads(path.read_text(encoding="utf-8"))
    raw = {m for path in pages for m in re.findall(r"PAYLOAD(\d+)P<script>", path.read_text(encoding="utf-8"))}
    assert not found, f"unescaped payloads of fields {sorted(raw)}:\n" + "\n".join(sorted(set(found))[:40])


def test_accepted_payloads_are_shown_as_text(hostile_group: tuple[Path, dict[str, list[str]]], hostile_site: Path) -> None:
    """The inspection above is not vacuous: payloads reach the pages, as text."""
    built = "\n".join(p.read_text(encoding="utf-8") for p in hostile_site.rglob("*.html"))
    assert "PAYLOAD" in built and "&lt;script&gt;alert(1)&lt;/script&gt;" in built, "no payload reached the site"
    titles = [html.fromstring(p.read_bytes()).findtext(".//title") or "" for p in hostile_site.rglob("*.html")]
    assert any("<script>alert(1)</script>" in t for t in titles), "names and titles carry the payload as text"


def test_no_page_opens_a_dialog_in_chromium(hostile_site: Path) -> None:
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    elsewhere: list[str] = []
    with serve(hostile_site) as base:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(locale="ja-JP")
            context.on("request", lambda r: elsewhere.append(r.url)
                       if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
            page.goto(base + "/", wait_until="load")
            page.evaluate("alert('probe')")  # the listener hears a dialog when there is one
            assert dialogs == [f"{base}/: probe"]
            dialogs.clear()
            for path in sorted(hostile_site.rglob("*.html")):
                page.goto(f"{base}/{path.relative_to(hostile_site).as_posix()}", wait_until="load")
            page.goto(base + "/", wait_until="networkidle")
            box = page.locator("input.md-search__input")  # the theme inserts search results as HTML
            for query in ("alert", "PAYLOAD", "script"):
                box.click()
                box.fill(query)
                box.press("End")  # the theme searches on keyup
                page.wait_for_selector(".md-search-result__item", timeout=10_000)
                page.wait_for_timeout(500)
            browser.close()
    assert not dialogs, "\n".join(dialogs)
    assert not [u for u in elsewhere if EVIL_HOST in u], elsewhere
