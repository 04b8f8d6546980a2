"""A notice's structure as data: the order of its sections, their numbering, and references by id.

Templates write each numbered section's heading through ``heading(anchor, title)``, which puts a
marker line in the text (:func:`marker`); the body ends at :data:`END`. :func:`arrange` then, in
plain Python and without the template engine:

- cuts the text into sections at the markers and puts them in the :class:`Layout`'s ``order``;
- numbers the sections (``## 1. 題``, ``## 第1条 題``, ...), their ``###`` sub-sections and the
  items of their bullet lists, each in its own style;
- fills in each reference ``[](#id)`` with the number its target got (``第3条``, ``3.(2)``, ...).

A section's id is its anchor (``purposes``, ``requests``, a free section's id); a sub-section's is
the ``{ #id }`` of its ``###`` heading; a list item's, once items are numbered, is the id of the
heading above it, ``-`` and its number (``refusal-grounds-2``). Ids written with ``_`` are the
anchors with ``-``. Unconfigured, the text is what the numbering of decision 8 gave: ``## 1. 題``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MARK = "\x1e"
"""Starts a section's marker line: a control character, refused in every YAML and section file
(:mod:`privacy_notices.characters`), so no data can forge or break a marker."""
SEP = "\x1f"
END = MARK + SEP
"""The line where the numbered sections end (what follows, the dates and the signature, stays last)."""

SECTION_STYLES = ("1.", "第1条", "(1)", "[1]", "①", "none")
SUBSECTION_STYLES = ("1.1", "1.", "(1)", "[1]", "①", "none")
ITEM_STYLES = ("1.", "(1)", "[1]", "①", "none")

BUILT_IN = (
    "company", "laws", "collection", "purposes", "third-party", "outsourcing", "joint-use", "abroad", "security",
    "leak-response", "requests", "complaint-handling", "contacts", "certified-organization", "external-transmissions",
    "anonymized", "pseudonymized", "retention", "disclaimer", "revision-notice",
)
"""The ids of the built-in parts' sections. A new part adds its id here (``order:`` accepts it then,
even in a group where no notice shows it yet)."""

_MARKER = re.compile(f"^{MARK}([^{SEP}\\n]+){SEP}(.*)\\n", re.M)
_H3 = re.compile(r"^### (.*?)(?: \{ ?#([A-Za-z0-9_-]+) ?\})?[ \t]*$")
_BULLET = re.compile(r"^[-*+] +(.*)$")
_BRACKET = re.compile(r"(?<!\\)([\[\]])")
"""A bracket of a number's label (a title's are escaped already), escaped in a link's text."""
_REFERENCE = re.compile(r"\[\]\(#([A-Za-z0-9_-]+)\)")
_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474)) + "".join(chr(c) for c in range(0x3251, 0x3260)) \
    + "".join(chr(c) for c in range(0x32B1, 0x32C0))
"""①–⑳, ㉑–㉟, ㊱–㊿."""


def marker(anchor: str, title: str) -> str:
    """The line ``heading()`` writes: the section's anchor and its title (already Markdown)."""
    return f"{MARK}{anchor}{SEP}{title}"


def normal(ident: str) -> str:
    """An id as written in YAML or prose, as an anchor (``proper_acquisition`` -> ``proper-acquisition``)."""
    return ident.replace("_", "-")


def number(style: str, n: int, parent: int = 0) -> str:
    """The label of the n-th thing in ``style`` (``parent``: the section's number, for ``1.1``)."""
    if style == "第1条":
        return f"第{n}条"
    if style == "(1)":
        return f"({n})"
    if style == "[1]":
        return f"[{n}]"
    if style == "①":
        return _CIRCLED[n - 1] if n <= len(_CIRCLED) else f"({n})"
    if style == "1.1":
        return f"{parent}.{n}" if parent else f"{n}"
    return f"{n}."


@dataclass(frozen=True)
class Layout:
    """How one document is laid out: the sections' order and the numbering of each level."""

    order: tuple[str, ...] = ()
    sections: str = "1."
    subsections: str = "none"
    items: str = "none"


@dataclass
class Arranged:
    """The arranged text, the label of every id in it, and the references that found no target."""

    text: str
    labels: dict[str, str] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)
    """The sections' anchors, in the laid-out order."""
    unresolved: list[str] = field(default_factory=list)
    """The ids as written in ``[](#id)`` that name nothing in this document, in order, once each."""


def layout(group_structure: object | None, document_structure: object | None) -> Layout:
    """The document's layout: its own ``structure`` over its kind's in the group, field by field."""
    order: tuple[str, ...] = ()
    styles = {"sections": "1.", "subsections": "none", "items": "none"}
    for structure in (group_structure, document_structure):
        if structure is None:
            continue
        if getattr(structure, "order", None):
            order = tuple(normal(i) for i in structure.order)  # type: ignore[attr-defined]
        numbering = getattr(structure, "numbering", None)
        for level in styles:
            value = getattr(numbering, level, None) if numbering is not None else None
            if value is not None:
                styles[level] = value
    return Layout(order, **styles)


def ordered(ids: list[str], order: tuple[str, ...]) -> list[int]:
    """The sections' indexes in the laid-out order: the ids ``order`` lists come in its order, each
    followed by the unlisted sections that follow it by default; unlisted sections before the first
    listed one stay first."""
    listed = {i: n for n, i in enumerate(order)}
    runs: list[tuple[int, list[int]]] = []
    lead: list[int] = []
    for index, ident in enumerate(ids):
        if ident in listed and all(ident != ids[r[1][0]] for r in runs):
            runs.append((listed[ident], [index]))
        elif runs:
            runs[-1][1].append(index)
        else:
            lead.append(index)
    runs.sort(key=lambda r: r[0])
    return lead + [i for _, run in runs for i in run]


def arrange(text: str, plan: Layout) -> Arranged:
    """The text laid out by ``plan`` (see the module's description)."""
    found = list(_MARKER.finditer(text))
    result = Arranged(text)
    if not found:
        result.text = text.replace(END + "\n", "")
        return _resolve(result)
    end = text.find(END + "\n", found[-1].end())
    tail = text[end + len(END) + 1:] if end >= 0 else ""
    stop = end if end >= 0 else len(text)
    head = text[:found[0].start()]
    chunks = []
    for n, m in enumerate(found):
        body_end = found[n + 1].start() if n + 1 < len(found) else stop
        chunks.append((m.group(1), m.group(2), text[m.end():body_end]))
    out = [head]
    for position, index in enumerate(ordered([normal(c[0]) for c in chunks], plan.order), start=1):
        anchor, title, body = chunks[index]
        label = number(plan.sections, position) if plan.sections != "none" else ""
        result.labels.setdefault(anchor, label or f"「{title}」")
        result.sections.append(anchor)
        out.append(f"## {label + ' ' if label else ''}{title} {{ #{anchor} }}\n")
        out.append(_body(body, plan, anchor, position, label, result.labels))
    out.append(tail)
    result.text = "".join(out)
    return _resolve(result)


def _body(body: str, plan: Layout, anchor: str, section: int, label: str, labels: dict[str, str]) -> str:
    """A section's text with its sub-sections and list items numbered, their labels noted."""
    if plan.subsections == "none" and plan.items == "none":
        for line in body.split("\n"):  # nothing changes: note the sub-sections' ids for references
            h3 = _H3.match(line)
            if h3 and h3.group(2):
                labels.setdefault(h3.group(2), f"「{h3.group(1)}」")
        return body
    lines = body.split("\n")
    out: list[str] = []
    scope, scope_label = anchor, label
    counts: dict[str, int] = {}
    sub = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        h3 = _H3.match(line)
        if h3:
            title, ident = h3.group(1), h3.group(2)
            sub_label = ""
            if plan.subsections != "none":
                sub += 1
                sub_label = number(plan.subsections, sub, section)
                line = f"### {sub_label} {title}" + (f" {{ #{ident} }}" if ident else "")
            if ident:
                full = sub_label if plan.subsections == "1.1" else label + sub_label
                labels.setdefault(ident, full or f"「{title}」")
                scope, scope_label = ident, full or label
            out.append(line)
            i += 1
            continue
        block = _list_block(lines, i)
        if block and plan.items != "none":
            for item in lines[i:block]:
                counts[scope] = counts.get(scope, 0) + 1
                n = counts[scope]
                item_label = number(plan.items, n)
                labels.setdefault(f"{scope}-{n}", scope_label + item_label)
                shown = item_label.replace(".", "\\.").replace("[", "\\[").replace("]", "\\]")
                out += [f"{shown} {_BULLET.match(item).group(1)}", f"{{: #{scope}-{n} }}", ""]  # type: ignore[union-attr]
            out.pop()
            i = block
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _list_block(lines: list[str], start: int) -> int:
    """The end of the simple bullet list starting at ``start`` (a blank line or the start before it,
    one line per item, a blank line or the end after it), or 0 when none starts there."""
    if not _BULLET.match(lines[start]) or (start > 0 and lines[start - 1].strip()):
        return 0
    end = start
    while end < len(lines) and _BULLET.match(lines[end]):
        end += 1
    if end < len(lines) and lines[end].strip():
        return 0  # a continuation line or a nested list: the editor's own list, left as written
    return end


def _resolve(result: Arranged) -> Arranged:
    """Each ``[](#id)`` filled in with its target's label (kept visible as the id when it has none)."""
    def fill(m: re.Match[str]) -> str:
        for target in (m.group(1), normal(m.group(1))):  # a free section's anchor is its id as written
            if target in result.labels:
                return "[" + _BRACKET.sub(r"\\\1", result.labels[target]) + f"](#{target})"
        if m.group(1) not in result.unresolved:
            result.unresolved.append(m.group(1))
        return f"[#{m.group(1)}](#{m.group(1)})"

    result.text = _REFERENCE.sub(fill, result.text)
    return result
