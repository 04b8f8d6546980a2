"""A company opts out of a group default with `omit:` (DECISIONS.md 30), and no heading is ever
published without content."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

from conftest import AS_OF, edit, messages, run_cli
from privacy_notices.changes import summarize
from privacy_notices.check import check
from privacy_notices.render import Renderer
from privacy_notices.resolved import resolved_data


def notice(root: Path, cid: str, doc: str = "policy", clean: bool = True) -> str:
    """The notice's Markdown (``clean``: the data must pass the check; else the lint's errors are allowed)."""
    group, problems = check(root, versions=False)
    assert group is not None and (not clean or not [p for p in problems if p.severity == "error"]), \
        [p.format() for p in problems]
    renderer = Renderer(group, dt.date.fromisoformat(AS_OF))
    return renderer.document(renderer.context(group.companies[cid], doc), group.companies[cid])


def omit(root: Path, cid: str, *paths: str) -> None:
    with (root / "companies" / f"{cid}.yaml").open("a", encoding="utf-8") as f:
        f.write("omit:\n" + "".join(f"  - {p}\n" for p in paths))


# --- what an editor writes and what check says ----------------------------------------------------


def test_a_misspelt_path_is_named_at_its_line_with_what_can_be_written(group: Path) -> None:
    omit(group, "beta", "purposes.employee", "requests.fess")
    result = run_cli("check", str(group))
    assert result.returncode == 1
    assert ("companies/beta.yaml:30:5: omit[1]: グループ共通の既定値にない項目は外せません (requests.fess) → "
            "「requests.fees」の書き間違いではありませんか。omit に書けるのは次のどれかです: purposes, purposes.customer, "
            "purposes.employee, abroad, security_measures, security_measures.organizational, "
            "security_measures.technical, requests, requests.accepted, requests.window, requests.answer_methods, "
            "requests.fees, external_transmissions, external_transmissions.google_analytics_4") in result.stdout
    assert "omit[0]" not in result.stdout  # purposes.employee is a group default: fine


def test_a_path_the_group_does_not_set_is_refused(group: Path) -> None:
    omit(group, "beta", "sections.proper-acquisition")
    assert any(m.startswith("companies/beta.yaml:29:5: omit[0]: グループ共通の既定値にない項目は外せません "
                            "(sections.proper-acquisition) → omit に書けるのは次のどれかです: purposes,")
               for m in messages(group, versions=False))


def test_removing_what_the_company_writes_itself_is_a_contradiction(group: Path) -> None:
    omit(group, "beta", "purposes.customer", "purposes.customer")
    found = messages(group, versions=False)
    assert ("companies/beta.yaml:29:5: omit[0]: 外した項目を、会社のファイルにも書いています (purposes.customer) → "
            "グループ共通の値を外すなら会社のファイルの purposes.customer を消し、会社の値で置き換えるなら omit から"
            "「purposes.customer」を消してください") in found
    assert ("companies/beta.yaml:30:5: omit[1]: 同じ項目を二度外しています (purposes.customer) → "
            "どちらか一行を消してください") in found


# --- what the notice then says ------------------------------------------------------------------------


def test_a_removed_category_and_fee_disappear_without_leaving_a_heading(group: Path) -> None:
    before = notice(group, "beta")
    assert "| 従業員 |" in before and "### 手数料 { #fees }" in before
    omit(group, "beta", "purposes.employee", "requests.fees")
    text = notice(group, "beta")
    assert "| 従業員 |" not in text and "| お客様 |" in text
    assert "手数料" not in text  # neither a table nor 「手数料はいただきません」: the company says nothing
    assert "| 従業員 |" in notice(group, "alpha")  # the other company keeps the group's default


def test_free_of_charge_is_said_only_when_the_data_says_it(group: Path) -> None:
    omit(group, "beta", "requests.fees")
    edit(group, "companies/beta.yaml", "documents:\n", "requests:\n  free_of_charge: true\ndocuments:\n")
    assert "### 手数料 { #fees }\n\n手数料はいただきません。\n" in notice(group, "beta")


def test_removed_transmissions_leave_no_empty_cookie_heading(group: Path) -> None:
    edit(group, "companies/beta.yaml", "documents:\n", "cookies: {}\ndocuments:\n")
    assert "Cookie と外部送信" in notice(group, "beta")
    omit(group, "beta", "external_transmissions")
    assert "Cookie と外部送信" not in notice(group, "beta")


def test_empty_values_written_in_a_company_file_produce_no_heading(group: Path) -> None:
    edit(group, "companies/beta.yaml", "documents:\n",
         "third_party: {}\noutsourcing: {}\nsecurity_measures:\n  organizational: []\n  technical: []\n"
         "requests:\n  answer_methods: []\nabroad:\n  handled: true\ndocuments:\n")
    text = notice(group, "beta", clean=False)  # the lint reports what is missing; the notice prints no empty heading
    for title in ("個人データの第三者提供", "個人データの取扱いの委託", "安全管理のために講じた措置", "回答の方法",
                  "外国における個人データの取扱い"):
        assert title not in text, title
    assert_headings_have_content(text.split("\n---\n")[1] if text.startswith("---") else text)


def test_a_removed_statutory_item_is_still_reported_at_the_omit_line(group: Path) -> None:
    omit(group, "beta", "security_measures")
    found = [m for m in messages(group, versions=False) if "安全管理措置" in m]
    assert found == ["companies/beta.yaml:29:5: omit[0]: 安全管理措置が書かれていません【個人情報保護法施行令10条1号】 → "
                     "security_measures: に organizational (組織的) などの措置を書いてください"]


def test_resolved_data_and_change_summary_name_the_removal(group: Path) -> None:
    loaded, _ = check(group, versions=False)
    assert loaded is not None
    old = resolved_data(loaded, loaded.companies["beta"], "policy")
    assert "omit" not in old["data"]
    omit(group, "beta", "purposes.employee", "requests.fees")
    loaded, _ = check(group, versions=False)
    assert loaded is not None
    new = resolved_data(loaded, loaded.companies["beta"], "policy")
    assert new["data"]["omit"] == ["purposes.employee", "requests.fees"]
    assert "employee" not in new["data"]["purposes"]
    assert json.loads(json.dumps(new)) == new
    said = summarize(old, new)
    assert "グループ共通の「従業員の利用目的」「開示等の請求の手続: 手数料」を外す (omit)" in said
    assert "グループ共通の「従業員の利用目的」「開示等の請求の手続: 手数料」を戻す (omit)" in summarize(new, old)


# --- no heading without content, on the whole demo site ------------------------------------------------


class _Outline(HTMLParser):
    """The article's headings and whether text follows each: [(level, title, has text), ...] in order."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, int, str]] = []
        self.depth = 0  # inside <article>
        self.heading: int | None = None
        self.title = ""
        self.skip = 0  # inside a headerlink (¶)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif self.depth and tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading, self.title = int(tag[1]), ""
        elif self.depth and tag == "a" and ("class", "headerlink") in attrs:
            self.skip += 1
        elif self.depth and self.heading is None and tag in ("table", "img", "hr"):
            self.events.append(("content", 0, tag))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif self.heading is not None and tag == f"h{self.heading}":
            self.events.append(("heading", self.heading, self.title.strip()))
            self.heading = None
        elif tag == "a" and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth or self.skip:
            return
        if self.heading is not None:
            self.title += data
        elif data.strip():
            self.events.append(("content", 0, data.strip()))


def empty_headings(events: list[tuple[str, int, str]]) -> list[str]:
    """The h2/h3 with no content before the next heading of the same or a higher level."""
    empty = []
    for i, (kind, level, title) in enumerate(events):
        if kind != "heading" or level not in (2, 3):
            continue
        for other_kind, other_level, _ in events[i + 1:]:
            if other_kind == "content":
                break
            if other_level <= level:
                empty.append(title)
                break
        else:
            empty.append(title)
    return empty


def assert_headings_have_content(markdown: str) -> None:
    events: list[tuple[str, int, str]] = []
    for line in markdown.splitlines():
        if line.startswith("#"):
            events.append(("heading", len(line) - len(line.lstrip("#")), line))
        elif line.strip() and line.strip() != "---":
            events.append(("content", 0, line))
    assert not empty_headings(events), empty_headings(events)


def test_the_outline_check_finds_an_empty_heading() -> None:
    assert empty_headings([("heading", 2, "a"), ("heading", 3, "b"), ("content", 0, "x"), ("heading", 2, "c")]) == ["c"]
    assert empty_headings([("heading", 2, "a"), ("heading", 2, "b"), ("content", 0, "x")]) == ["a"]
    assert empty_headings([("heading", 2, "a"), ("heading", 3, "b"), ("heading", 3, "c"), ("content", 0, "x")]) == ["b"]


def test_every_heading_of_every_demo_notice_has_content(demo_site: Path) -> None:
    notices = [page for page in demo_site.glob("*/*/**/index.html")
               if page.relative_to(demo_site).parts[0] not in ("history", "compare", "assets", "search", "group")
               and "history" not in page.relative_to(demo_site).parts and "compare" not in page.relative_to(demo_site).parts]
    assert len(notices) > 20
    found = {}
    for page in notices:
        outline = _Outline()
        outline.feed(page.read_text(encoding="utf-8"))
        assert any(kind == "heading" for kind, _, _ in outline.events), page
        if empty := empty_headings(outline.events):
            found[page.relative_to(demo_site).as_posix()] = empty
    assert not found


def test_the_demo_shop_opts_out_of_two_group_defaults(demo: Path) -> None:
    text = (demo / "companies" / "aoba-shop.yaml").read_text(encoding="utf-8")
    assert "omit:\n" in text
    policy = notice(demo, "aoba-shop")
    assert "| 採用応募者 |" not in policy and "Google タグ マネージャー" not in policy
    assert "| 採用応募者 |" in notice(demo, "aoba-hd") or "| 採用応募者 |" in notice(demo, "aoba-ticket")
