"""Decision 31: the structure of a notice as data (order, numbering, references by id)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, edit, make_site_root, messages, mkdocs_build, record_all
from privacy_notices.loader import load_group
from privacy_notices.render import Renderer
from privacy_notices.structure import END, Layout, arrange, marker, ordered

GOLDEN = FIXTURES / "structure"

STRUCTURE = """structure:
  policy:
    order: [requests, purposes, company]
    numbering:
      sections: "第1条"
      subsections: "1.1"
      items: "(1)"
"""
"""The group's structure for policies: requests first, 第1条, sub-sections 1.1, items (1)."""


def configure(root: Path) -> None:
    """The fixture group with a structure for policies, a free section placed by `position`, references
    in prose, and alpha's policy overriding the items' style."""
    edit(root, "content/group.yaml", "joint_uses:\n", STRUCTURE + "joint_uses:\n")
    edit(root, "content/group.yaml", "  abroad:\n", """  sections:
    - id: definitions
      title: 用語の定義
      position: after_purposes
      body: |
        この方針の「個人情報」は、[](#purposes)の表の区分ごとの情報をいいます。
        手数料は[](#fees)、請求の種類は[](#requests-2)のとおりです。
  abroad:
""")
    edit(root, "companies/alpha.yaml", "        summary: 改正法の施行に伴う改定\n", """        summary: 改正法の施行に伴う改定
    intro: 請求の手続は[](#requests)をご覧ください。
    structure:
      numbering:
        items: "[1]"
""")


def notice(root: Path, company: str, document: str = "policy") -> str:
    group, problems = load_group(root)
    assert group is not None, problems
    return Renderer(group, dt.date(2026, 11, 23)).notice(group.companies[company], document)


def golden(name: str, text: str, request: pytest.FixtureRequest) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


# --- the default stays what it was ------------------------------------------------------------


def test_unconfigured_sections_are_numbered_as_before() -> None:
    text = marker("company", "事業者") + "\n\n本文\n\n" + marker("purposes", "目的") + "\n\n- a\n- b\n\n" + END + "\n---\n"
    assert arrange(text, Layout()).text == "## 1. 事業者 { #company }\n\n本文\n\n## 2. 目的 { #purposes }\n\n- a\n- b\n\n---\n"


def test_unconfigured_notice_has_no_marker_and_numbered_headings(group: Path) -> None:
    text = notice(group, "alpha")
    assert "\x1e" not in text and "\x1f" not in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings and all(re.fullmatch(r"## \d+\. .+ \{ #[a-z-]+ \}", h) for h in headings)
    assert [int(h.split(".")[0][3:]) for h in headings] == list(range(1, len(headings) + 1))
    assert "\n- " in text  # lists stay bullets


# --- order ---------------------------------------------------------------------------------


def test_unlisted_sections_travel_with_the_section_before_them() -> None:
    ids = ["start", "company", "purposes", "free", "third-party", "requests"]
    assert [ids[i] for i in ordered(ids, ("requests", "purposes", "company"))] == \
        ["start", "requests", "purposes", "free", "third-party", "company"]
    assert ordered(ids, ()) == list(range(len(ids)))
    assert ordered(ids, ("requests",)) == list(range(len(ids)))  # one id alone moves nothing


# --- the new shapes, golden ------------------------------------------------------------------------


def test_structure_golden(group: Path, request: pytest.FixtureRequest) -> None:
    configure(group)
    alpha, beta = notice(group, "alpha"), notice(group, "beta")
    assert "## 第1条 開示等の請求の手続 { #requests }" in beta
    assert "## 第2条 お問い合わせ・苦情の窓口 { #contacts }" in beta  # unlisted: stays after requests
    assert "## 第4条 個人情報の利用目的 { #purposes }" in beta
    assert "## 第5条 用語の定義 { #definitions }" in beta  # position: after_purposes, moved with purposes
    assert beta.index("{ #security }") < beta.index("{ #company }")  # company is listed last
    assert "### 1.1 回答の方法 { #answer-methods }" in beta
    assert "[第1条](#requests)をご覧ください" in alpha
    assert "[第4条](#purposes)の表" in beta and "[1.2](#fees)" in beta
    assert "[第1条(2)](#requests-2)" in beta and "[第1条\\[2\\]](#requests-2)" in alpha
    assert "(2) 開示\n{: #requests-2 }" in beta and "\\[2\\] 開示\n{: #requests-2 }" in alpha
    golden("alpha-policy.md", alpha, request)
    golden("beta-policy.md", beta, request)


@pytest.mark.parametrize("style, first, reference", [
    ("1.", "## 1. ", "[1.]"), ("第1条", "## 第1条 ", "[第1条]"), ("(1)", "## (1) ", "[(1)]"),
    ("[1]", "## [1] ", "[\\[1\\]]"), ("①", "## ① ", "[①]"), ("none", "## 事業者", "[「事業者の名称・住所・代表者」]"),
])
def test_section_styles(group: Path, style: str, first: str, reference: str) -> None:
    edit(group, "companies/alpha.yaml", "        summary: 改正法の施行に伴う改定\n",
         f'        summary: 改正法の施行に伴う改定\n    intro: "[](#company)"\n'
         f'    structure:\n      numbering:\n        sections: "{style}"\n')
    text = notice(group, "alpha")
    assert first + ("" if style == "none" else "事業者") in text
    assert reference + "(#company)" in text


# --- problems ------------------------------------------------------------------------------------


def test_unknown_reference_is_a_problem_where_it_is_written(group: Path) -> None:
    edit(group, "companies/beta.yaml", "      - date: 2021-10-01\n",
         "    intro: |\n      詳しくは[](#fee)をご覧ください。\n    history:\n      - date: 2021-10-01\n")
    edit(group, "companies/beta.yaml", "    history:\n    intro:", "    intro:")
    found = [m for m in messages(group, versions=False) if "参照先" in m]
    assert found == [
        "companies/beta.yaml:26:11: documents.policy.intro: 参照先の節・項目がこの文書にありません"
        " (#fee、株式会社ベータの「個人情報保護方針」) → この文書にある識別子を [](#識別子) の形で書いてください: "
        + ", ".join(sorted(_labels(group, "beta")))]


def _labels(root: Path, company: str) -> set[str]:
    group, _ = load_group(root)
    assert group is not None
    renderer = Renderer(group, dt.date.max)
    renderer.notice(group.companies[company], "policy")
    return set(next(iter(renderer.arranged.values())).labels)


def test_item_reference_needs_numbered_items(group: Path) -> None:
    edit(group, "content/group.yaml", "name: テスト用グループ\n",
         "name: テスト用グループ\ndescription: グループです。\n")
    edit(group, "companies/alpha.yaml", "        summary: 改正法の施行に伴う改定\n",
         "        summary: 改正法の施行に伴う改定\n    intro: 請求は[](#requests-1)です。\n")
    found = [m.split(" → ")[0] for m in messages(group, versions=False) if "参照先" in m]
    assert found == ["companies/alpha.yaml:26:15: documents.policy.intro: 参照先の節・項目がこの文書にありません"
                     " (#requests-1、株式会社アルファの「個人情報保護方針」)"]


def test_unknown_order_id_is_a_problem(group: Path) -> None:
    edit(group, "content/group.yaml", "joint_uses:\n",
         "structure:\n  policy:\n    order: [purposes, request]\njoint_uses:\n")
    found = [m for m in messages(group, versions=False) if "識別子がありません" in m]
    assert len(found) == 1
    assert found[0].startswith("content/group.yaml:35:23: structure.policy.order[1]: 節の識別子がありません (request)"
                               " → 次の識別子から選んでください: abroad, anonymized, certified-organization, collection, company, ")
    assert ", requests, " in found[0]


def test_unknown_style_is_refused(group: Path) -> None:
    edit(group, "content/group.yaml", "joint_uses:\n",
         'structure:\n  policy:\n    numbering:\n      sections: "1)"\njoint_uses:\n')
    found = [m for m in messages(group, versions=False) if "structure" in m]
    assert len(found) == 1 and found[0].startswith("content/group.yaml:36:17: structure.policy.numbering.sections: 使えない値です (1))")
    assert "第1条" in found[0]


# --- the site --------------------------------------------------------------------------------------


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        href = values.get("href") or ""
        if tag == "a" and href.startswith("#") and len(href) > 1:
            self.links.append(href[1:])


def test_site_builds_with_unique_anchors_and_resolving_references(group: Path, tmp_path: Path) -> None:
    configure(group)
    record_all(group, "2026-11-01", "節の順序と番号の付け方を変更")
    assert [m for m in messages(group) if "警告" not in m] == []
    root = make_site_root(group, tmp_path / "root")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for company in ("alpha", "beta"):
        page = _Anchors()
        page.feed((tmp_path / "site" / company / "policy" / "index.html").read_text(encoding="utf-8"))
        assert len(page.ids) == len(set(page.ids)), [i for i in page.ids if page.ids.count(i) > 1]
        assert {"requests", "purposes", "requests-2", "fees"} <= set(page.ids)
        assert set(page.links) <= set(page.ids), set(page.links) - set(page.ids)
        assert "requests-2" in page.links
