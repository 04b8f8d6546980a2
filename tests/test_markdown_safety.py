"""Editors' Markdown: the documented subset (privacy_notices.prose) and the section files under content/.

Each class of input outside the subset gives its exact message at the line where it was written;
hypothesis then checks the property behind them: whatever the text, either `check` reports it, or
Python-Markdown with mkdocs' extensions makes only allowed elements, attributes and link targets
of it; and what `prose` puts on a page is safe even when the check was skipped.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import typing
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pymdownx.slugs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from pydantic import BaseModel

from conftest import AS_OF, ROOT, edit, messages
from privacy_notices.markdown import prose
from privacy_notices.markdown_fields import is_markdown
from privacy_notices.model import CompanyFile, GroupFile
from privacy_notices.prose import EXTENSIONS, acceptable, findings
from privacy_notices.sections import MAX_BYTES, Refused, read_section

B = "companies/beta.yaml"
HTML_FIX = "Markdown の書き方に直すか、削除してください (強調は **…**、リンクは [文字](https://…))"
LINK_FIX = "https:// ・ http:// ・ mailto: ・ tel: で始まるリンクか、/ で始まるこのサイトの中のパスを書いてください"
ATTR = "属性リスト ({: …}) は使えません"
ATTR_FIX = "{ } で囲んだ部分を削除してください (文字として { を見せるときは \\{ と書きます)"
IMAGE = ("画像はこのサイトの中のものしか使えません", "画像をサイトに置き、/ で始まるパスで書いてください"
         " (ほかのサイトの画像を表示すると、読んだ人の情報がそのサイトに送られます)")


def with_body(group: Path, text: str) -> list[str]:
    """`check`'s messages once beta's file has a section whose body (a ``|`` block) is ``text``."""
    block = "".join(f"      {line}\n" if line else "\n" for line in text.split("\n"))
    edit(group, B, "documents:", f"sections:\n  - id: note\n    body: |\n{block}documents:")
    return messages(group, versions=False)


def at(line: int, column: int, message: str, found: str, fix: str) -> str:
    return f"{B}:{line}:{column}: sections[0].body: {message} ({found}) → {fix}"


# The body's first line is line 24 of companies/beta.yaml, its text starts in column 7.
BODY_CASES = {
    "raw HTML block": ("前文です。\n\n<div>\n注意\n</div>", [at(26, 7, "HTML は使えません", "<div>⏎注意⏎</div>", HTML_FIX)]),
    "inline HTML": ("本文に <b>強調</b> があります。", [
        at(24, 11, "HTML は使えません", "<b>", HTML_FIX), at(24, 16, "HTML は使えません", "</b>", HTML_FIX)]),
    "event attribute in a tag": ('写真 <img src=x onerror="alert(1)">', [
        at(24, 10, "HTML は使えません", '<img src=x onerror="alert(1)">', HTML_FIX)]),
    "HTML comment": ("<!-- 下書きのメモ -->", [at(24, 7, "HTML は使えません", "<!-- 下書きのメモ -->", HTML_FIX)]),
    "attribute list after a paragraph": ("本文です。\n{: onmouseover=\"alert(1)\" }", [
        at(25, 7, ATTR, '{: onmouseover="alert(1)" }', ATTR_FIX)]),
    "attribute list after a heading": ("### 見出し { #top onclick=alert(1) }", [
        at(24, 15, ATTR, "{ #top onclick=alert(1) }", ATTR_FIX)]),
    "attribute list after a list item": ("- 項目\n  {: .x }", [at(25, 9, ATTR, "{: .x }", ATTR_FIX)]),
    "attribute list after a link": ("[窓口](/contact/){: onclick=alert(1) }", [
        at(24, 22, ATTR, "{: onclick=alert(1) }", ATTR_FIX)]),
    "attribute list at the start of the value": ("{: .x } 本文", [at(24, 7, ATTR, "{: .x }", ATTR_FIX)]),
    "reference link to javascript:": ("[窓口][r]\n\n[r]: javascript:alert(1)", [
        at(26, 12, "使えないリンク先です", "javascript:alert(1)", LINK_FIX)]),
    "unused reference definition": ("本文\n\n[r]: JavaScript:alert(1)", [
        at(26, 12, "使えないリンク先です", "JavaScript:alert(1)", LINK_FIX)]),
    "autolink": ("窓口 <https://www.example.jp/>", [
        at(24, 10, "<…> の形のリンクは使えません", "<https://www.example.jp/>",
           "[文字](https://…) の形で書いてください (メールアドレスは [文字](mailto:…))")]),
    "autolink to javascript:": ("<javascript:alert(1)>", [at(24, 7, "HTML は使えません", "<javascript:alert(1)>", HTML_FIX)]),
    "image from another host": ("![図](https://img.example.net/a.png)", [at(24, 12, IMAGE[0], "https://img.example.net/a.png", IMAGE[1])]),
    "protocol-relative image": ("![図](//img.example.net/a.png)", [at(24, 12, IMAGE[0], "//img.example.net/a.png", IMAGE[1])]),
    "protocol-relative link": ("[窓口](//evil.example/)", [at(24, 12, "使えないリンク先です", "//evil.example/", LINK_FIX)]),
    "backslash read as a slash": ("[窓口](/\\evil.example/)", [at(24, 12, "使えないリンク先です", "/\\evil.example/", LINK_FIX)]),
    "data: URL": ("[ここ](data:text/html;base64,PHNjcmlwdD4=)", [
        at(24, 12, "使えないリンク先です", "data:text/html;base64,PHNjcmlwdD4=", LINK_FIX)]),
    "vbscript:": ("[ここ](VBScript:msgbox(1))", [at(24, 12, "使えないリンク先です", "VBScript:msgbox(1)", LINK_FIX)]),
    "entity-obfuscated javascript:": ("[窓口](&#106;avascript:alert(1))", [
        at(24, 12, "使えないリンク先です", "&#106;avascript:alert(1)", LINK_FIX)]),
    "entity tab making a protocol-relative link": ("[窓口](/&#x09;/evil.example/)", [
        at(24, 12, "使えないリンク先です", "/&#x09;/evil.example/", LINK_FIX)]),
    "entity tab making a protocol-relative image": ("![図](/&#9;/img.example.net/a.png)", [
        at(24, 12, IMAGE[0], "/&#9;/img.example.net/a.png", IMAGE[1])]),
    "mixed case and a leading space": ("[窓口]( JaVaScRiPt:alert(1))", [
        at(24, 13, "使えないリンク先です", "JaVaScRiPt:alert(1)", LINK_FIX)]),
    "heading of level 2": ("## 大きな見出し", [
        at(24, 10, "# と ## の見出しは使えません", "大きな見出し",
           "### から ###### までの見出しにしてください (# と ## は文書の題と節の見出しに使われます)")]),
    "admonition of another type": ('!!! danger "ご注意"\n    本文', [
        at(24, 7, "使えない注記の種類です", "!!! danger",
           '!!! note・!!! info・!!! tip・!!! warning のどれかにしてください (例: !!! note "ご注意")')]),
}


@pytest.mark.parametrize("case", BODY_CASES, ids=list(BODY_CASES))
def test_outside_the_subset(group: Path, case: str) -> None:
    text, expected = BODY_CASES[case]
    assert with_body(group, text) == expected


SUBSET = """\
次のとおり取り扱います。**大切な点** は *強調* します。`コード` も書けます。

### 小見出し

1. 一つ目 ([窓口](/aoba-hd/) と [外部](https://www.example.jp/a?b=1&c=2))
2. 二つ目 ([メール](mailto:privacy@example.jp)、[電話](tel:0120-000-000)、[上へ](#top))
   - 入れ子の項目

| 区分 | 期間 |
|:--|--:|
| お客様 | 5年 |

> 引用です。

![図](/assets/figure.png "図の説明")

[参考]: https://www.example.jp/ref
[参考][] も使えます。文字の \\{ や &lt; も書けます。

!!! note "ご注意"
    注記の本文です。

---
"""


def test_the_documented_subset_passes(group: Path) -> None:
    assert with_body(group, SUBSET) == []
    assert findings(SUBSET) == ()


def test_problems_point_into_plain_and_folded_values(group: Path) -> None:
    edit(group, B, "documents:", "declaration: 方針です [窓口](javascript:alert(1))\ndocuments:")
    edit(group, B, "  policy:\n    title: 個人情報保護方針\n",
         "  policy:\n    title: 個人情報保護方針\n    intro: >\n      一行目です。\n      二行目に <b>太字</b>\n")
    assert [m for m in messages(group, versions=False) if "【JIS Q 15001" not in m] == [  # the new declaration lacks JIS's promises
        f"{B}:21:24: declaration: 使えないリンク先です (javascript:alert(1)) → {LINK_FIX}",
        f"{B}:27:12: documents.policy.intro: HTML は使えません (<b>) → {HTML_FIX}",
        f"{B}:27:17: documents.policy.intro: HTML は使えません (</b>) → {HTML_FIX}",
    ]


def test_group_fields_are_checked(group: Path) -> None:
    edit(group, "content/group.yaml", "joint_uses:\n  - id: group\n",
         "description: '<script>alert(1)</script>'\njoint_uses:\n  - id: group\n    statement: '[x](data:,1)'\n")
    assert messages(group, versions=False) == [
        f"content/group.yaml:33:15: description: HTML は使えません (<script>alert(1)</script>) → {HTML_FIX}",
        f"content/group.yaml:36:21: joint_uses[0].statement: 使えないリンク先です (data:,1) → {LINK_FIX}",
    ]


# --- section files --------------------------------------------------------------------------------


def with_file(group: Path, name: str) -> list[str]:
    edit(group, B, "documents:", f"sections:\n  - id: note\n    file: {name}\ndocuments:")
    return messages(group, versions=False)


def at_file(message: str, found: str, fix: str) -> str:
    return f"{B}:23:11: sections[0].file: {message} ({found}) → {fix}"


OUTSIDE = "content/ の外のファイルは使えません", "content/ からの相対パスで書いてください (例: sections/leak-response.md)"
LINKED_OUT = "ファイルが content/ の外を指しています", "シンボリックリンクをやめ、ファイルそのものを content/ に置いてください"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the group's repository, as on the machine that builds."""
    path = tmp_path / "outside" / "secret.md"
    path.parent.mkdir()
    path.write_text("外に置いた秘密の内容\n", encoding="utf-8")
    return path


def test_parent_folder(group: Path) -> None:
    assert with_file(group, "../companies/alpha.yaml") == [at_file(OUTSIDE[0], "../companies/alpha.yaml", OUTSIDE[1])]


def test_parent_folder_that_comes_back(group: Path) -> None:
    (group / "content" / "sections").mkdir()
    (group / "content" / "note.md").write_text("本文\n", encoding="utf-8")  # it exists, inside: still refused
    assert with_file(group, "sections/../note.md") == [at_file(OUTSIDE[0], "sections/../note.md", OUTSIDE[1])]


def test_absolute_path(group: Path) -> None:
    assert with_file(group, "/etc/passwd") == [at_file(OUTSIDE[0], "/etc/passwd", OUTSIDE[1])]


def test_symlink_out_of_content(group: Path, secret: Path) -> None:
    (group / "content" / "leak.md").symlink_to(secret)
    result = with_file(group, "leak.md")
    assert result == [at_file(LINKED_OUT[0], "leak.md", LINKED_OUT[1])]
    assert "秘密" not in "".join(result)


def test_symlinked_folder(group: Path, secret: Path) -> None:
    (group / "content" / "sections").symlink_to(secret.parent, target_is_directory=True)
    assert with_file(group, "sections/secret.md") == [at_file(LINKED_OUT[0], "sections/secret.md", LINKED_OUT[1])]


def test_symlink_inside_content_is_fine(group: Path) -> None:
    (group / "content" / "note.md").write_text("本文です。\n", encoding="utf-8")
    (group / "content" / "alias.md").symlink_to("note.md")
    assert with_file(group, "alias.md") == []


def test_missing_file_keeps_its_message(group: Path) -> None:
    assert with_file(group, "sections/none.md") == [
        at_file("本文のファイルがありません", "sections/none.md", "content/ に置いたファイルの名前を書いてください")]


def test_a_folder_or_a_pipe_is_no_file(group: Path) -> None:
    os.mkfifo(group / "content" / "pipe.md")  # reading it would block the build for ever
    assert with_file(group, "pipe.md") == [
        at_file("本文のファイルがありません", "pipe.md", "content/ に置いたファイルの名前を書いてください")]


def test_oversize_file(group: Path) -> None:
    (group / "content" / "big.md").write_bytes(b"a" * (MAX_BYTES + 1))
    assert with_file(group, "big.md") == [
        "content/big.md:1:1: (ファイル全体): ファイルが大きすぎます (200,001 バイト)"
        " → 200,000 バイト以下にしてください (長い文章は節を分けます)"]


def test_non_utf8_file(group: Path) -> None:
    (group / "content" / "sjis.md").write_bytes("一行目\n二行目です\n".encode("shift_jis"))
    assert with_file(group, "sjis.md") == [
        "content/sjis.md:1:1: (ファイル全体): 文字コードが UTF-8 ではありません (0x88)"
        " → UTF-8 で保存し直してください (Shift_JIS は使えません)"]


def test_file_with_bom(group: Path) -> None:
    (group / "content" / "bom.md").write_bytes("\ufeff本文\n".encode("utf-8"))
    assert with_file(group, "bom.md") == [
        "content/bom.md:1:1: (ファイル全体): ファイルの先頭に BOM があります (UTF-8 (BOM付き))"
        " → BOMなしの UTF-8 で保存し直してください"]


def test_control_character_in_a_file(group: Path) -> None:
    (group / "content" / "note.md").write_text("本文\n二行目\u202eです\n", encoding="utf-8")
    assert with_file(group, "note.md") == [
        "content/note.md:2:4: (ファイル全体): 文字の並びや区切りを変える見えない文字が入っています (U+202E RIGHT-TO-LEFT OVERRIDE)"
        " → この文字を削除してください (画面には見えませんが、公開される文の見え方が変わります)"]


def test_markdown_in_a_file_is_checked_at_its_line(group: Path) -> None:
    (group / "content" / "note.md").write_text("一行目です。\n\n[窓口](javascript:alert(1))\n", encoding="utf-8")
    assert with_file(group, "note.md") == [
        f"content/note.md:3:6: 本文: 使えないリンク先です (javascript:alert(1)) → {LINK_FIX}"]


LIMITS = {
    "too many brackets": ("[" * 1001, "1:1: 本文: リンクや HTML の記号が多すぎます ([ が 1,001 個)"
                          " → 1,000 個以下にしてください (長い文章は節や項目に分けます)"),
    "block too long": ("一行目\n\n" + "あ" * 20_001, "3:1: 本文: 空行のない部分が長すぎます (20,001 文字)"
                       " → 空行で区切り、20,000 文字以下の段落・箇条書き・表に分けてください"),
    "too many headings": ("".join(f"### 見出し{i}\n\n本文\n\n" for i in range(101)), "1:1: 本文: 見出しが多すぎます (101 個)"
                          " → 一つの項目・ファイルの見出しは 100 個までにしてください (節を分けます)"),
    "nested too deep": ("- " * 9000 + "x", "1:1: 本文: 入れ子が深すぎます (箇条書き・引用・注記の入れ子)"
                        " → 箇条書きや引用の入れ子を浅くしてください"),
}


@pytest.mark.parametrize("case", LIMITS, ids=list(LIMITS))
def test_texts_too_costly_to_parse(group: Path, case: str) -> None:
    """Python-Markdown's time grows with the square of these (and deep nesting overflows the stack):
    refused in a moment instead of stalling the check and the build."""
    text, expected = LIMITS[case]
    (group / "content" / "long.md").write_text(text, encoding="utf-8")
    assert with_file(group, "long.md") == [f"content/long.md:{expected}"]
    assert not acceptable(text)  # prose shows it as text too


def test_the_build_reads_only_what_the_check_accepts(group: Path, secret: Path) -> None:
    (group / "content" / "leak.md").symlink_to(secret)
    with pytest.raises(Refused):
        read_section(group, "leak.md")
    (group / "content" / "ok.md").write_text("本文です。\n", encoding="utf-8")
    assert read_section(group, "ok.md") == "本文です。\n"


def test_render_uses_read_section(group: Path, secret: Path) -> None:
    from privacy_notices.check import check
    from privacy_notices.render import Renderer

    (group / "content" / "note.md").write_text("節の本文です。\n", encoding="utf-8")
    edit(group, B, "documents:", "sections:\n  - id: note\n    file: note.md\ndocuments:")
    loaded, problems = check(group, versions=False)
    assert loaded is not None and problems == []
    renderer = Renderer(loaded, dt.date.fromisoformat(AS_OF))
    section = loaded.companies["beta"].data.sections[0]  # type: ignore[index]
    assert str(renderer.section_text(section)) == "節の本文です。"
    (group / "content" / "note.md").unlink()
    (group / "content" / "note.md").symlink_to(secret)  # swapped after the check: still refused
    with pytest.raises(Refused):
        renderer.section_text(section)


# --- the declaration in the model -----------------------------------------------------------------


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """``root`` and every model its fields use."""
    found: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        model = todo.pop()
        if model not in found:
            found.append(model)
            todo += [m for field in model.model_fields.values() for m in _inner(field.annotation)]
    return found


def _inner(tp: object) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for arg in typing.get_args(tp) for m in _inner(arg)]


def test_markdown_fields_are_declared_in_the_model() -> None:
    """A field documented as Markdown is declared so (and the JSON Schema says it), and only those."""
    pairs = {(m, n) for root in (CompanyFile, GroupFile) for m in _models(root) for n in m.model_fields}
    documented = {(m.__name__, n) for m, n in pairs if "(Markdown)" in (m.model_fields[n].description or "")}
    declared = {(m.__name__, n) for m, n in pairs if is_markdown(m.model_fields[n])}
    assert documented == declared
    assert ("Section", "body") in declared and ("GroupFile", "description") in declared and len(declared) >= 14
    assert '"contentMediaType": "text/markdown"' in (ROOT / "schema" / "company.schema.json").read_text(encoding="utf-8")


def test_guide_lists_every_markdown_field() -> None:
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Markdown で書ける項目"):guide.index("## レビューの報告の読み方")]
    fields = {name for root in (CompanyFile, GroupFile) for m in _models(root)
              for name, field in m.model_fields.items() if is_markdown(field)}
    assert sorted(f for f in fields if f"{f}`" not in section) == []


def test_extensions_are_mkdocs_ones() -> None:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert sorted(names) == sorted([*EXTENSIONS, "attr_list", "toc"])


# --- prose: the second line of defence ------------------------------------------------------------


def test_prose_keeps_the_subset_as_written() -> None:
    assert str(prose("一行目の文と\n二行目の文。\n\n- 項目 [窓口](/a/)")) == "一行目の文と二行目の文。\n\n- 項目 [窓口](/a/)"


@pytest.mark.parametrize("text, shown", [
    ("[窓口](javascript:alert(1))", "\\[窓口\\](javascript:alert(1))"),
    ("本文\n{: onclick=alert(1) }", "本文 \\{: onclick=alert(1) \\}"),
    ("[x][r]\n\n[r]: data:,1", "\\[x\\]\\[r\\]\n\n\\[r\\]: data:,1"),
    ("![図](https://img.example.net/a.png)", "\\!\\[図\\](https://img.example.net/a.png)"),
    ('!!! danger "注意"', '\\!!! danger "注意"'),
    ("<b>太字</b> と <javascript:alert(1)>", "&lt;b&gt;太字&lt;/b&gt; と &lt;javascript:alert(1)&gt;"),
])
def test_prose_shows_what_the_check_refuses_as_text(text: str, shown: str) -> None:
    """Were the check skipped, nothing is dropped: the whole text is shown as written."""
    assert str(prose(text)) == shown


# --- the property: reported, or safe ----------------------------------------------------------------

SCHEMES = {"http", "https", "mailto", "tel"}
TAGS = {"div", "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "table", "thead",
        "tbody", "tr", "th", "td", "a", "img", "h1", "h2", "h3", "h4", "h5", "h6"}
ATTRIBUTES = {"a": {"href", "title", "class"}, "img": {"src", "alt", "title"}, "th": {"style"}, "td": {"style"},
              "div": {"class"}, "p": {"class"}, "ol": {"start"}, **{f"h{i}": {"id"} for i in range(1, 7)}}


def mkdocs_html(text: str) -> str:
    """``text`` rendered as mkdocs renders a page (mkdocs.yml's extensions and options)."""
    return markdown.markdown(text, extensions=["admonition", "attr_list", "tables", "toc"], extension_configs={
        "toc": {"permalink": True, "slugify": pymdownx.slugs.slugify(case="lower")}})


def _url(value: str) -> tuple[str, str]:
    """(scheme, value) as a browser reads an attribute: C0 and spaces trimmed, tabs and newlines removed."""
    value = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21)))))
    try:
        return urlsplit(value).scheme.lower(), value
    except ValueError:
        return "?", value


def unsafe(page: str) -> list[str]:
    """What in the HTML is outside the allowlist (empty: safe)."""
    if not page.strip():
        return []
    bad = []
    for element in lxml_html.fragment_fromstring(page, create_parent="div").iter():
        if not isinstance(element.tag, str) or element.tag not in TAGS:
            bad.append(f"element {element.tag}")
            continue
        for name, value in element.attrib.items():
            if name not in ATTRIBUTES.get(element.tag, set()) or name.lower().startswith("on"):
                bad.append(f"{element.tag}[{name}]")
            elif name == "href":
                scheme, url = _url(value)
                if scheme not in SCHEMES and (scheme or url.startswith("//") or "\\" in url):
                    bad.append(f"href {value!r}")
            elif name == "src":
                scheme, url = _url(value)
                if scheme or url.startswith("//") or "\\" in url:
                    bad.append(f"src {value!r}")
            elif name == "class" and not re.fullmatch(r"admonition( [\w-]+)*|admonition-title|headerlink|toc", value):
                bad.append(f"class {value!r}")
    return bad


pieces = st.sampled_from([
    "<", ">", "[", "]", "(", ")", "{", "}", ":", "!", "#", "&", ";", "=", '"', "'", "`", "*", "_", "|", "\\", "/",
    " ", "  ", "    ", "\n", "\n\n", "\t", "\x01", "- ", "1. ", "> ", "### ", "# ", "---", "===", "!!! note ", "!!! x ",
    "javascript:alert(1)", "JaVaScRiPt:", "java\tscript:", "data:text/html,x", "vbscript:", "//evil.example/",
    "https://evil.example/x.png", "/ok", "#top", "mailto:a@b.example", "&#106;", "&#x6A;", "&colon;", "&lt;",
    "{: onclick=alert(1) }", "{ #id }", "{.cls}", "[r]: ", "[r]", "](", "![i](", "<b>", "<img src=x onerror=a()>",
    "<script>", "<!--", "-->", "<https://a.example>", "<a@b.example>", "[TOC]", "onmouseover=", "本文", "あ",
])
target = st.lists(st.sampled_from([
    "java", "script", "JaVa", "ScRiPt", ":", "&#106;", "&#x09;", "&#58;", "&colon;", "\t", " ", "\x01", "\x00", "/",
    "//", "\\", "data", "vbscript", "https", "http", "mailto", "evil.example", "alert(1)", "<", ">", "&", "#", ".",
    "%0a", "\n", "(", ")", '"', "'"]), max_size=8).map("".join)
construct = st.one_of(
    target.map(lambda t: f"[x]({t})"), target.map(lambda t: f"![i]({t})"), target.map(lambda t: f"[x][r]\n\n[r]: {t}"),
    target.map(lambda t: f"<{t}>"), target.map(lambda t: f"[x](/ok){{: {t}}}"), target.map(lambda t: f"\n{{: href={t} }}"),
    target.map(lambda t: f'[x]({t} "{t}")'))
texts = st.lists(st.one_of(pieces, construct, st.text(max_size=3)), max_size=16).map("".join)


@pytest.mark.parametrize("page", [
    "[x](javascript:1)", "[x](&#106;avascript:1)", "[x](//evil.example/)", "![i](/a.png){: onerror=x }",
    "![i](https://evil.example/i.png)", "本文\n{: onclick=x}", "<script>alert(1)</script>", "[x](data:,1)",
])
def test_the_allowlist_sees_what_it_must(page: str) -> None:
    """The property below is not vacuous: its allowlist catches each class in HTML rendered as written."""
    assert findings(page) and unsafe(mkdocs_html(page))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_reported_or_safe(text: str) -> None:
    """Any text: the check reports it, or it renders (as written and as published) to allowed HTML only."""
    if not findings(text):
        assert unsafe(mkdocs_html(text)) == [], text
        assert unsafe(mkdocs_html(str(prose(text)))) == [], text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_prose_is_safe_without_the_check(text: str) -> None:
    assert unsafe(mkdocs_html(str(prose(text)))) == [], text
