"""Markdown written by editors: the documented subset, checked on the parsed document.

Editors write Markdown in the fields the model declares as :data:`~privacy_notices.model.Markdown`
and in the section files under ``content/``. The subset (the editors' guide lists it in Japanese):

- paragraphs, line breaks, emphasis (``*…*``, ``**…**``), code spans, block quotes, rules;
- lists, numbered or not, nested; tables, with column alignment;
- headings of level 3 to 6 (``###``): levels 1 and 2 are the notice's title and numbered sections;
- links, inline or reference-style, to an https, http, mailto or tel URL or to a path of the site
  (``/…``, ``#…``, ``./…``, ``../…``);
- images whose source is a path of the site: an image from another host tells it who reads the notice;
- admonitions ``!!! note "題"`` of the types in :data:`ADMONITIONS`.

Anything else is a problem for ``check``: raw HTML (tags, comments), attribute lists (``{: …}``),
any other link target (``javascript:``, ``data:``, ``//host``, however spelt), other images, headings
of level 1 and 2, other admonitions. The text is parsed by Python-Markdown with the extensions of
``mkdocs.yml`` (see :data:`EXTENSIONS`) and the element tree it builds is inspected: what is judged is
what the site would show, so no spelling the parser reads differently from a pattern slips through.
Texts that would take Python-Markdown minutes (see :data:`MAX_MARKERS`, :data:`MAX_BLOCK`) or
overflow its stack are refused as such.

What is inspected is the text as :func:`published` turns it into the page's Markdown (raw HTML
shown as text), and raw HTML is found in a parse of the text as written: the check and
:func:`privacy_notices.markdown.prose` judge the same text, so ``prose`` never has to change what
the check accepted.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterator, TypeVar
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from .errors import shown

EXTENSIONS = ["admonition", "tables"]
"""``mkdocs.yml``'s ``markdown_extensions`` but two: ``attr_list`` is added as :class:`_AttrList`,
which notes every attribute list it applies; ``toc`` only adds ids to headings (its time grows with
the square of their number) and turns a paragraph ``[TOC]`` into a table of contents, found here as
such a paragraph."""
MAX_HEADINGS = 100
"""Headings in one text: mkdocs' toc takes time with the square of their number on a page."""
ADMONITIONS = ("note", "info", "tip", "warning")
"""The admonition types editors may use (mkdocs-material styles each)."""
SCHEMES = ("https", "http", "mailto", "tel")
"""Link targets with a scheme must use one of these."""
SITE_PREFIXES = ("/", "#", "./", "../")
"""A link target without a scheme must start so: a path of the site."""
MAX_MARKERS = 1000
"""``[`` or ``<`` allowed in one text: Python-Markdown's time grows with the square of their number
in a paragraph (4,000 ``[`` take 6 s, 60,000 twenty minutes); no notice needs so many links."""
MAX_BLOCK = 20_000
"""Characters in one block (text without a blank line): Python-Markdown's time grows with the square
of its length (30,000 characters of headings take 2 s); a list or table of a hundred rows is 10,000."""
MAX_REPORTED = 20
"""Problems reported per text: a pasted binary file would otherwise give thousands."""
REMEMBERED = 4096
"""Texts whose results are remembered."""

_ALIGN = {f"text-align: {side};" for side in ("left", "right", "center")}
_ALLOWED: dict[str, set[str]] = {
    **{tag: set() for tag in ("br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr",
                              "table", "thead", "tbody", "tr")},
    "th": {"style"}, "td": {"style"},  # the tables extension's column alignment, checked below
    "a": {"href", "title"}, "img": {"src", "alt", "title"},
    "div": {"class"}, "p": {"class"},  # admonitions and their titles, checked below
    **{f"h{level}": set() for level in range(1, 7)},
}
_HEADINGS = {f"h{level}" for level in range(1, 7)}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_STRIPPED = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
"""What a browser strips from both ends of a URL (C0 controls and space)."""
_REMOVED = re.compile(r"[\t\n\r]")
"""What a browser removes from anywhere in a URL."""
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])\n[ \t]*(?=[^\x00-\x7f\s])")

HTML_FIX = "Markdown の書き方に直すか、削除してください (強調は **…**、リンクは [文字](https://…))"
ATTRIBUTE_LIST = "属性リスト ({: …}) は使えません"
LINK_FIX = "https:// ・ http:// ・ mailto: ・ tel: で始まるリンクか、/ で始まるこのサイトの中のパスを書いてください"


@dataclass(frozen=True)
class Finding:
    """Something outside the subset, at ``offset`` in the text as written."""

    offset: int
    message: str
    found: str
    fix: str


T = TypeVar("T")
Item = tuple[str, str, str, str]
"""What :func:`inspect` reports: (the text to look for in the source, message, found, fix)."""


def _item(needle: str, *, message: str, found: str, fix: str) -> Item:
    return needle, message, shown(found), fix


def published(text: str) -> str:
    """The Markdown a field becomes on the page: raw HTML shown as text, Japanese lines joined."""
    return join_lines(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).strip()


def join_lines(text: str) -> str:
    """The lines of a Japanese paragraph joined: browsers would show each line break as a space."""
    return _CJK_BREAK.sub("", text)


def findings(text: str) -> tuple[Finding, ...]:
    """Everything in ``text`` (as the editor wrote it) that is outside the subset, in order."""
    too_big = _too_big(text)
    if too_big:  # not parsed at all
        return (too_big,)
    return _findings(text)


def acceptable(text: str) -> bool:
    """Whether ``text`` (as the editor wrote it) goes on the page as Markdown: :func:`published`
    makes no raw HTML of it, and that is all :func:`findings` would check once parsed."""
    return not _too_big(text) and not inspect(published(text))


def _too_big(text: str) -> Finding | None:
    """A text Python-Markdown would take minutes to parse: its time grows with the square of the
    number of ``[`` or ``<`` in a paragraph, and of the length of a block without a blank line."""
    marker = next((marker for marker in "[<" if text.count(marker) > MAX_MARKERS), None)
    if marker:
        return Finding(0, message="リンクや HTML の記号が多すぎます", found=f"{marker} が {text.count(marker):,} 個",
                       fix=f"{MAX_MARKERS:,} 個以下にしてください (長い文章は節や項目に分けます)")
    start = 0
    for block in _BLANK_LINE.split(text):
        if len(block) > MAX_BLOCK:
            return Finding(text.find(block, start), message="空行のない部分が長すぎます", found=f"{len(block):,} 文字",
                           fix=f"空行で区切り、{MAX_BLOCK:,} 文字以下の段落・箇条書き・表に分けてください")
        start += len(block)
    return None


def _remembered(function: Callable[[str], T]) -> Callable[[str], T]:
    """``function`` with its results remembered by the digest of the text (a group's shared texts are
    checked once and rendered on every page; the texts themselves are not kept)."""
    results: OrderedDict[bytes, T] = OrderedDict()

    @functools.wraps(function)
    def call(text: str) -> T:
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        if key not in results:
            results[key] = function(text)
            if len(results) > REMEMBERED:
                results.popitem(last=False)
        return results[key]

    return call


@_remembered
def _findings(text: str) -> tuple[Finding, ...]:
    located: list[Finding] = []
    last: dict[str, int] = {}
    for needle, message, found, fix in [*_raw_html(text), *inspect(published(text))][:MAX_REPORTED]:
        offset = _locate(text, needle, last)
        if message == ATTRIBUTE_LIST and needle in text:
            offset, found = _braces(text, offset, needle)
        finding = Finding(offset, message, found, fix)
        if finding not in located:  # a reference-style link and its definition are one problem
            located.append(finding)
    return tuple(sorted(located, key=lambda f: f.offset))


def _locate(text: str, needle: str, last: dict[str, int]) -> int:
    """The next occurrence of ``needle`` after the one ``last`` noted (the same if none follows; the
    text's start if there is none at all): the n-th problem with a needle is at its n-th occurrence."""
    if needle:
        following = text.find(needle, last[needle] + 1 if needle in last else 0)
        if following >= 0:
            last[needle] = following
        if needle in last:
            return last[needle]
    return len(text) - len(text.lstrip())


def _braces(text: str, offset: int, attributes: str) -> tuple[int, str]:
    """An attribute list as written, braces included (the parser gives what is inside)."""
    start = text.rfind("{", 0, offset)
    end = offset + len(attributes)
    return (start, shown(text[start:end + 1])) if start >= 0 else (offset, shown(attributes))


def _raw_html(text: str) -> list[Item]:
    """Raw HTML and autolinks, found in the text as written (:func:`published` shows both as text)."""
    if "<" not in text:
        return []  # no tag, comment or autolink without one
    parser = _parser().reset()
    try:
        parser.convert(text)
    except RecursionError:
        _discard_parser()
        return []  # reported by inspect(), which parses the published text as deeply
    items = [_item((raw.splitlines() or [""])[0], message="HTML は使えません", found=raw, fix=HTML_FIX)
             for raw in (s.strip() if isinstance(s, str) else "" for s in parser.htmlStash.rawHtmlBlocks)
             if not _ENTITY.fullmatch(raw)]  # an entity (&lt;) is text
    for link in parser.captured.iter("a"):
        href = _as_read(link.get("href", ""))
        written = f"<{href.removeprefix('mailto:')}>"
        if written in text:
            items.append(_item(written, message="<…> の形のリンクは使えません", found=written,
                               fix="[文字](https://…) の形で書いてください (メールアドレスは [文字](mailto:…))"))
    return items


@_remembered
def inspect(markdown: str) -> tuple[Item, ...]:
    """What is outside the subset in ``markdown``, the page's text (see :func:`published`)."""
    parser = _parser().reset()
    try:
        parser.convert(markdown)
    except RecursionError:
        _discard_parser()
        return (_item("", message="入れ子が深すぎます", found="箇条書き・引用・注記の入れ子",
                      fix="箇条書きや引用の入れ子を浅くしてください"),)
    items: list[Item] = []
    headings = sum(1 for element in parser.captured.iter() if element.tag in _HEADINGS)
    if headings > MAX_HEADINGS:  # mkdocs' toc takes time with the square of their number on a page
        items.append(_item("", message="見出しが多すぎます", found=f"{headings:,} 個",
                           fix=f"一つの項目・ファイルの見出しは {MAX_HEADINGS} 個までにしてください (節を分けます)"))
    start = AttrListTreeprocessor.INLINE_RE.match(markdown)
    if start:  # at the start of a field, it would apply to what the template wrote just before
        items.append(_attribute_list(start.group(1)))
    items += [_attribute_list(attributes) for attributes in parser.attribute_lists]
    for url, _title in parser.references.values():  # used or not: a link in another field may use it
        items += _link(url)
    # consumed now (the parser is reused), up to what is reported
    items += itertools.islice(_elements(parser.captured, parser.attributed), MAX_REPORTED)
    return tuple(items[:MAX_REPORTED])


def _attribute_list(attributes: str) -> Item:
    written = html.unescape(attributes)
    return _item(written, message=ATTRIBUTE_LIST, found="{" + written + "}",
                 fix="{ } で囲んだ部分を削除してください (文字として { を見せるときは \\{ と書きます)")


def _elements(root: Element, attributed: set[int]) -> Iterator[Item]:
    for element in root.iter():
        tag = element.tag
        if element is root:
            continue
        if tag not in _ALLOWED:
            yield _unknown(str(tag))
            continue
        if tag == "p" and element.text == "[TOC]" and len(element) == 0:
            yield _unknown("[TOC]")
        if tag in ("h1", "h2"):
            title = "".join(element.itertext()).strip()
            yield _item(title, message="# と ## の見出しは使えません", found=title,
                        fix="### から ###### までの見出しにしてください (# と ## は文書の題と節の見出しに使われます)")
        if tag == "a" and element.get("href") is not None:
            yield from _link(element.get("href", ""))
        if tag == "img":
            yield from _image(element.get("src", ""))
        if id(element) not in attributed:  # an attribute list's attributes were reported as such
            yield from _attributes(element)


def _unknown(what: str) -> Item:
    return _item("", message="Markdown で使えない書き方です", found=what,
                 fix="段落・箇条書き・表・見出し・強調・リンクで書いてください")


def _attributes(element: Element) -> Iterator[Item]:
    tag = element.tag
    for name, value in element.attrib.items():
        if name not in _ALLOWED[tag] or (name == "style" and value not in _ALIGN):
            yield _unknown(f"{name}={value}")
        elif name == "class" and tag == "div" and value.startswith("admonition"):
            if not _admonition_class(tag, value):
                yield _item("!!!", message="使えない注記の種類です", found="!!! " + value.removeprefix("admonition").strip(),
                            fix="!!! " + "・!!! ".join(ADMONITIONS) + " のどれかにしてください (例: !!! note \"ご注意\")")
        elif name == "class" and not _admonition_class(tag, value):
            yield _unknown(f"{name}={value}")


def _admonition_class(tag: str, value: str) -> bool:
    if tag == "p":
        return value == "admonition-title"
    kind = value.split()
    return len(kind) == 2 and kind[0] == "admonition" and kind[1] in ADMONITIONS


def _as_read(value: str) -> str:
    """An attribute of the parsed tree as a browser reads it: Python-Markdown keeps ``&`` as a
    placeholder until it writes the page (``&#x09;`` is a tab there, and a browser drops tabs)."""
    return html.unescape(value.replace(AMP_SUBSTITUTE, "&"))


def _both(judge: Callable[[str], bool], written: str) -> bool:
    """``judge`` holds for the target as the page shows it and as the source decodes (the page's
    text escapes ``&``; a target safe only thanks to that, such as ``/&#x09;/host``, is refused)."""
    return judge(written) and judge(html.unescape(written))


def _link(href: str) -> list[Item]:
    written = _as_read(href)  # the page's text -> the source; also what a browser decodes
    return [] if _both(safe_link, written) else [
        _item(written, message="使えないリンク先です", found=written, fix=LINK_FIX)]


def _image(src: str) -> list[Item]:
    written = _as_read(src)
    return [] if _both(site_path, written) else [_item(
        written, message="画像はこのサイトの中のものしか使えません", found=written,
        fix="画像をサイトに置き、/ で始まるパスで書いてください (ほかのサイトの画像を表示すると、読んだ人の情報がそのサイトに送られます)")]


def safe_link(target: str) -> bool:
    """A link target the subset allows, judged the way a browser reads it (entities already decoded)."""
    url = _REMOVED.sub("", _STRIPPED.sub("", target))
    scheme = _SCHEME.match(url)
    if scheme:
        return scheme.group(1).lower() in SCHEMES
    return site_path(target)


def site_path(target: str) -> bool:
    """A path of the site: no scheme, no other host (``//host``), no backslash a browser reads as ``/``."""
    url = _REMOVED.sub("", _STRIPPED.sub("", target))
    if url == "":
        return True  # a link to the page itself
    return (url.startswith(SITE_PREFIXES) and not url.startswith("//") and "\\" not in url
            and not _SCHEME.match(url))


# --- the parser ------------------------------------------------------------------------------


class _AttrList(AttrListTreeprocessor):
    """attr_list as mkdocs runs it, noting each attribute list it applies and the element it applies to."""

    def assign_attrs(self, elem: Element, attrs_string: str, *, strict: bool = False) -> str:
        remainder = super().assign_attrs(elem, attrs_string, strict=strict)
        if not (strict and remainder):  # applied (a strict list with text left over is left alone)
            self.md.attribute_lists.append(attrs_string)  # type: ignore[attr-defined]
            self.md.attributed.add(id(elem))  # type: ignore[attr-defined]
        return remainder


class _Capture(Treeprocessor):
    """Keeps the finished element tree, after every other tree processor ran."""

    def run(self, root: Element) -> None:
        self.md.captured = root  # type: ignore[attr-defined]


class _Inspection(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_AttrList(md), "attr_list", 8)  # attr_list's own name and priority
        md.treeprocessors.register(_Capture(md), "capture", -100)


class _Parser(Markdown):
    def reset(self) -> _Parser:
        super().reset()
        self.attribute_lists: list[str] = []
        self.attributed: set[int] = set()
        self.captured = Element("capture-root")
        return self


_local = threading.local()


def _parser() -> Any:
    """One parser per thread (a Markdown instance is not thread-safe), reused: building one is slow."""
    if not hasattr(_local, "parser"):
        _local.parser = _Parser(extensions=[*EXTENSIONS, _Inspection()])
    return _local.parser


def _discard_parser() -> None:
    """Forget a parser that stopped half-way: its block parser's state is left inconsistent."""
    _local.__dict__.pop("parser", None)
