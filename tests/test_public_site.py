"""The public site is for the public (issue 13): an about page, no editors' pages and no command lines;
the editors' site (`privacy-notices build --editors`) has the guide and the rule table. Under each
notice's title its dates and versions; the top page lists announced and latest revisions."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html

from conftest import AS_OF, MINIMAL, ROOT, make_site_root
from privacy_notices.check import check
from privacy_notices.site import body_of, plan_site
from privacy_notices.versions import Archive

EDITORS_PAGES = ("guide", "lint-rules", "glossary")


def _page(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))


def _build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`privacy-notices build` as an editor runs it, in the group's folder."""
    env = {**os.environ, "PRIVACY_NOTICES_TODAY": AS_OF, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, "-m", "privacy_notices", "build", "--strict", "--as-of", AS_OF, *args],
                          cwd=root, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def editors_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site_root(ROOT, tmp_path_factory.mktemp("editors") / "root")
    result = _build(root, "--editors")
    assert result.returncode == 0, result.stderr
    assert "編集者用のサイト" in result.stderr and not (root / "site").exists()  # the public site is another build
    return root / "site-editors"


def test_public_site_has_no_editors_pages_and_no_command_lines(demo_site: Path) -> None:
    for name in EDITORS_PAGES:
        assert not (demo_site / name).exists(), name
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) > 100
    for path in [*pages, demo_site / "search" / "search_index.json"]:
        text = path.read_text(encoding="utf-8")
        assert "privacy-notices" not in text, path.relative_to(demo_site)
        assert "/guide/" not in text and "lint-rules" not in text, path.relative_to(demo_site)


def test_editors_site_has_the_guide_and_the_rule_table(editors_site: Path) -> None:
    guide = _page(editors_site, "guide")
    assert guide.xpath("string(//article//h1)").startswith("編集者のための手引き")
    assert guide.xpath("//article//a[contains(@href, 'lint-rules/')]")
    assert "privacy-notices check" in guide.text_content()  # the editors' site keeps its command lines
    rules = _page(editors_site, "lint-rules")
    assert rules.xpath("//article//table")
    top = _page(editors_site, "")
    nav = [a.get("href") for a in top.xpath("//nav[contains(@class, 'md-nav--primary')]//a")]
    assert {"guide/", "lint-rules/", "glossary/", "about/"} <= set(nav)
    assert "(編集者用)" in top.xpath("string(//title)")


def test_about_page_says_who_runs_the_site_and_how_it_works(demo_site: Path) -> None:
    page = _page(demo_site, "about")
    text = page.text_content()
    assert page.xpath("string(//article//h1)").startswith("このサイトについて")
    assert "株式会社あおばホールディングスがあおばグループを代表して運営しています" in text  # the register's first company
    for heading in ("運営者", "文書と版", "改定のお知らせ", "版の比較", "アクセシビリティ", "お問い合わせ"):
        assert page.xpath(f"//article//h2[starts-with(normalize-space(), '{heading}')]"), heading
    for check_name in ("Nu HTML Checker", "axe", "375 px"):
        assert check_name in text
    assert "privacy@aoba-hd.example.jp" in text or page.xpath("//article//a[starts-with(@href, 'mailto:')]")
    top = _page(demo_site, "")
    assert top.xpath("//nav[contains(@class, 'md-nav--primary')]//a[@href='about/']")
    for href in page.xpath("//article//a/@href"):  # every link of the page leads to a page of the site
        if not href.startswith(("mailto:", "tel:", "http", "#")):
            target = (demo_site / "about" / href.split("#")[0]).resolve()
            assert (target / "index.html").is_file() or target.is_file(), href


def test_group_text_on_the_about_page(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "group"
    shutil.copytree(MINIMAL, root)
    group_file = root / "content" / "group.yaml"
    text = group_file.read_text(encoding="utf-8")
    group_file.write_text(text.replace("\ncompanies:", "\nabout: |\n  このサイトは**広報部**が管理しています。\ncompanies:", 1),
                          encoding="utf-8")
    group, problems = check(root)
    assert group is not None and not [p for p in problems if p.severity.name == "ERROR"], problems
    about = next(p.text for p in plan_site(group, dt.date.fromisoformat(AS_OF), Archive(root)).pages
                 if p.path == "about.md")
    assert "このサイトは**広報部**が管理しています。" in about


def test_top_page_lists_announced_and_latest_revisions(demo_site: Path) -> None:
    top = _page(demo_site, "")

    def rows(anchor: str) -> list[list[str]]:
        table = top.xpath(f"//h2[@id='{anchor}']/following::table[1]")[0]
        return [[cell.text_content().strip() for cell in row.xpath("td")] + row.xpath("td[5]//a/@href")
                for row in table.xpath(".//tbody/tr")]

    announced = rows("announced")
    assert ["令和9年4月1日", "株式会社あおばチケット", "個人情報の取扱いについて"] == announced[-1][:3]
    assert announced[-1][5] == "aoba-ticket/handling/2027-04-01/"
    december = [r for r in announced if r[0] == "令和8年12月1日"]
    assert len(december) == len(announced) - 1 >= 9  # every document revised on 2026-12-01, in the register's order
    assert december[0][1] == "株式会社あおばホールディングス" and december[-1][3] == "制定"
    latest = rows("latest")
    assert len(latest) == 10 and latest[0][0] == "令和6年4月1日"  # in force on 2026-11-23, newest first
    assert all(r[0] != "令和8年12月1日" for r in latest)


def test_dates_and_versions_under_the_title(demo_site: Path) -> None:
    page = _page(demo_site, "aoba-ticket/policy/2022-04-01")
    h1 = page.xpath("//article//h1")[0]
    after = [e for e in h1.itersiblings()][:3]
    assert after[0].get("class") == "pn-company"
    assert after[1].get("class") == "pn-dates"
    assert " ".join(after[1].text_content().split()) == \
        "制定日 平成27年6月1日 最終改定日 令和4年4月1日 施行日 令和4年4月1日 (令和5年6月15日まで)"
    strip = after[2]
    assert strip.get("class") == "pn-versions"
    assert strip.xpath("a/@href") == ["../2026-12-01/", "../", "../2023-06-16/", "../2017-05-30/", "../history/"]
    assert strip.xpath("string(strong)") == "令和4年4月1日 (表示中)"
    current = _page(demo_site, "aoba-ticket/handling")
    strip = current.xpath("//article//p[@class='pn-versions']")[0]
    assert strip.xpath("string(strong)") == "令和6年4月1日 (現在の版・表示中)"
    assert strip.xpath("a/@href")[:2] == ["2027-04-01/", "2026-12-01/"]  # announced, the furthest first


def test_the_frame_leaves_the_frozen_text_as_published() -> None:
    """Take the dates and the strip out of every notice page: what is left is the frozen text, whole."""
    group, problems = check(ROOT)
    assert group is not None and not problems
    archive = Archive(ROOT)
    pages = {p.path: p.text for p in plan_site(group, dt.date.fromisoformat(AS_OF), archive).pages}
    seen = 0
    for cid, company in group.companies.items():
        for doc_id in company.data.documents:
            for day in archive.dates(cid, doc_id):
                page = pages.get(f"{cid}/{doc_id}/{day.isoformat()}.md")
                if not isinstance(page, str):
                    continue
                frozen = body_of(archive.text(archive.latest(cid, doc_id, day, dt.date.fromisoformat(AS_OF))))
                head, company_line, rest = frozen.partition("{: .pn-company }\n")
                body = body_of(page)
                assert company_line and head + company_line in body and body.endswith(rest.lstrip("\n")), f"{cid}/{doc_id}/{day}"
                frame = body[body.index(head + company_line) + len(head + company_line):len(body) - len(rest.lstrip("\n"))]
                assert frame.strip().startswith("制定日") and frame.strip().endswith("{: .pn-versions }"), frame
                seen += 1
    assert seen > 30

