"""Show a :class:`~.diff.Comparison`: HTML (inline or side by side), terminal text, a GitHub
comment in Markdown, or JSON. Pure functions returning strings (or a dict for JSON).

Every change carries a word a reader sees, not only a colour: ``追加: `` / ``削除: `` labels in
HTML and Markdown, ``{+...+}`` / ``[-...-]`` markers in the terminal (colour blindness, printouts,
screen readers, which do not announce ``<ins>`` and ``<del>``). All text is escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict
from typing import Any, Callable, Literal

from .diff import BlockChange, Comparison, Segment

Side = Literal["inline", "old", "new"]
"""Which version to show: both with changes marked, or one column of the side-by-side view."""

LABELS = {"insert": "追加", "delete": "削除", "replace": "変更", "move_from": "移動元", "move_to": "移動先"}
"""The word each change carries; a moved block is labelled where it was (移動元) and where it is (移動先)."""
NO_CHANGE = "変更はありません。"
COLLAPSE = 3
"""A run of at least this many unchanged blocks is folded into ``<details>`` in HTML."""
_HIDDEN: dict[Side, tuple[str, ...]] = {"inline": (), "old": ("insert", "move_to"), "new": ("delete", "move_from")}
"""What each column of the side-by-side view leaves out: blocks of these kinds, segments of the first."""
_ANSI = {"insert": "\x1b[32m", "delete": "\x1b[31m"}
_MARKERS = {"insert": ("{+", "+}"), "delete": ("[-", "-]")}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_MD_LEADING = re.compile(r"^(\d+[.)]|[-+])")
"""A list marker at the start of a list item's text would open a nested list."""


def to_html(comparison: Comparison, view: Literal["inline", "side-by-side"] = "inline") -> str:
    """An HTML fragment: insertions in ``<ins>``, deletions in ``<del>``, each with its label.

    ``side-by-side`` is the 新旧対照表: one row per block, old text left and new text right, so each
    block faces its counterpart; a table is shown once across both columns, compared row by row with
    its changes marked (two squeezed copies of a wide table side by side cannot be read). Each column
    of a row also carries its name (旧/新), shown when a narrow screen stacks the two."""
    if view not in ("inline", "side-by-side"):
        raise ValueError(f"unknown view {view!r}: write 'inline' or 'side-by-side'")
    parts: list[str] = []
    for folded, groups in _runs(_groups(comparison.blocks)):
        if folded:
            inner = "".join(_group_html(group, "new") for group in groups)
            count = sum(len(group) for group in groups)
            details = f'<details class="pn-diff-unchanged"><summary>変更のない {count} 件</summary>{inner}</details>'
            parts.append(details if view == "inline" else f'<div class="pn-sbs-row pn-sbs-span">{details}</div>')
        elif view == "inline":
            parts += [_group_html(group, "inline") for group in groups]
        else:
            parts += [_side_by_side(group) for group in groups]
    if view == "inline":
        return f'<div class="pn-diff pn-diff-inline">{"".join(parts)}</div>'
    head = '<div class="pn-sbs-head" aria-hidden="true"><div>旧</div><div>新</div></div>'
    return f'<div class="pn-diff pn-diff-side-by-side">{head}{"".join(parts)}</div>'


def _side_by_side(group: list[BlockChange]) -> str:
    """The rows of one group in the 新旧対照表: a table across both columns, other blocks one row each."""
    if group[0].block_type in ("table_header", "table_row"):
        return f'<div class="pn-sbs-row pn-sbs-span">{_group_html(group, "inline")}</div>'
    rows = []
    for block in group:
        sides = "".join(f'<div class="pn-sbs-{side}"><span class="pn-sbs-side">{name}</span>'
                        f'<div class="pn-sbs-text">{_group_html([block], side) or _absent(block)}</div></div>'
                        for side, name in (("old", "旧"), ("new", "新")))
        rows.append(f'<div class="pn-sbs-row pn-diff-{block.kind}">{sides}</div>')
    return "".join(rows)


def _absent(block: BlockChange) -> str:
    """What the side without the block says, as 新旧対照表 do: (新設) on the old side, (削除) on the new."""
    word = {"insert": "新設", "delete": "削除"}.get(block.kind, "移動")
    return f'<span class="pn-sbs-none">({word})</span>'


def _groups(blocks: tuple[BlockChange, ...]) -> list[list[BlockChange]]:
    """Blocks shown together: a table from its header on, a run of list items, or one block."""
    groups: list[list[BlockChange]] = []
    for block in blocks:
        previous = groups[-1][-1].block_type if groups else None
        table = block.block_type == "table_row" and previous in ("table_header", "table_row")
        if table or block.block_type == previous == "list_item":
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def _runs(groups: list[list[BlockChange]]) -> list[tuple[bool, list[list[BlockChange]]]]:
    """Split groups into runs to show (False) and runs of unchanged blocks to fold (True).

    The heading just before a change stays outside the fold, so that a change shows its section."""
    runs: list[tuple[bool, list[list[BlockChange]]]] = []
    unchanged: list[list[BlockChange]] = []
    for group in groups:
        if all(block.kind == "equal" for block in group):
            unchanged.append(group)
            continue
        heading = [unchanged.pop()] if unchanged and unchanged[-1][0].block_type == "heading" else []
        runs += _fold(unchanged) + [(False, heading + [group])]
        unchanged = []
    return runs + _fold(unchanged)


def _fold(unchanged: list[list[BlockChange]]) -> list[tuple[bool, list[list[BlockChange]]]]:
    return [(sum(map(len, unchanged)) >= COLLAPSE, unchanged)] if unchanged else []


def _group_html(group: list[BlockChange], side: Side) -> str:
    blocks = [block for block in group if block.kind not in _HIDDEN[side]]
    if not blocks:
        return ""
    first = blocks[0].block_type
    if first in ("table_header", "table_row"):
        head = "".join(_row_html(b, "th") for b in blocks if b.block_type == "table_header")
        body = "".join(_row_html(b, "td") for b in blocks if b.block_type == "table_row")
        thead = f"<thead>{head}</thead>" if head else ""
        return f'<table class="pn-diff-table">{thead}<tbody>{body}</tbody></table>'
    if first == "list_item":
        items = "".join(f'<li class="pn-diff-{b.kind}">{_text_html(b, side)}</li>' for b in blocks)
        return f'<ul class="pn-diff-list">{items}</ul>'
    text = _text_html(blocks[0], side)
    if first == "heading":
        return f'<p class="pn-diff-heading pn-diff-{blocks[0].kind}"><strong>{text}</strong></p>'
    return f'<p class="pn-diff-{blocks[0].kind}">{text}</p>'


def _row_html(block: BlockChange, cell: str) -> str:
    """A table row with every change marked (tables are shown once, in both views). A whole inserted,
    deleted or moved row is labelled once, in its first cell; a cell of an inserted or removed column
    carries the column's kind as a class."""
    cells = "".join(
        f"<{cell}{_column_class(block, index)}>"
        f"{_segments_html(segments, 'inline', block, label=block.kind == 'replace' or index == 0)}</{cell}>"
        for index, segments in enumerate(block.cells)
    )
    return f'<tr class="pn-diff-{block.kind}">{cells}</tr>'


def _column_class(block: BlockChange, index: int) -> str:
    kind = block.columns[index] if index < len(block.columns) else "equal"
    return "" if kind == "equal" else f' class="pn-col-{kind}"'


def _text_html(block: BlockChange, side: Side) -> str:
    if side == "old" and block.kind == "equal" and block.old is not None:
        # Equal only once normalised (a width, a heading's number): the old column shows the old text.
        return _segments_html((Segment("equal", block.old),), side, block)
    return _segments_html(block.segments, side, block)


def _segments_html(segments: tuple[Segment, ...], side: Side, block: BlockChange, label: bool = True) -> str:
    hidden = _HIDDEN[side][:1]
    word = LABELS[block.kind] if block.kind.startswith("move") else None
    return "".join(_segment_html(segment, label, word) for segment in segments if segment.kind not in hidden)


def _segment_html(segment: Segment, label: bool, word: str | None = None) -> str:
    text = html.escape(segment.text).replace("\n", "<br>")
    if segment.kind == "equal":
        return text
    tag = "ins" if segment.kind == "insert" else "del"
    mark = f'<span class="pn-diff-label">{word or LABELS[segment.kind]}: </span>' if label else ""
    moved = " pn-move" if word else ""
    return f'<{tag} class="pn-{tag}{moved}">{mark}{text}</{tag}>'


def to_terminal(comparison: Comparison, colour: bool = False) -> str:
    """One line per changed block: ``変更: `` / ``追加: `` / ``削除: ``, then the text with
    ``[-削除-]`` and ``{+追加+}`` markers (in red and green as well when ``colour``)."""

    def segment(s: Segment) -> str:
        text = s.text.replace("\n", " / ")  # one line per block
        if s.kind == "equal":
            return text
        start, end = _MARKERS[s.kind]
        return f"{_ANSI[s.kind]}{start}{text}{end}\x1b[0m" if colour else f"{start}{text}{end}"

    lines = [f"{LABELS[b.kind]}: {_block_text(b, segment, ' | ')}" for b in comparison.blocks if b.kind != "equal"]
    return "\n".join(lines or [NO_CHANGE]) + "\n"


def to_markdown(comparison: Comparison) -> str:
    """The changed blocks as a Markdown list for a GitHub comment, changes in ``<del>``/``<ins>``."""

    def segment(s: Segment) -> str:
        text = _MD_SPECIAL.sub(r"\\\1", html.escape(s.text, quote=False)).replace("\n", "<br>")
        if s.kind == "equal":
            return text
        tag = "ins" if s.kind == "insert" else "del"
        return f"<{tag}>{text}</{tag}>"

    lines = []
    for block in comparison.blocks:
        if block.kind == "equal":
            continue
        text = _MD_LEADING.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], _block_text(block, segment, " \\| "))
        if block.block_type == "heading":
            text = f"**{text}**"
        prefix = "" if block.kind == "replace" else f"{LABELS[block.kind]}: "
        lines.append(f"- {prefix}{text}")
    return "\n".join(lines or [NO_CHANGE]) + "\n"


def _block_text(block: BlockChange, segment: Callable[[Segment], str], separator: str) -> str:
    """A block on one line. A changed row shows its first cell (what the row is about) and the
    changed cells with their column names, not every long unchanged cell."""
    if not block.cells:
        return "".join(segment(s) for s in block.segments)
    parts = []
    for index, cell in enumerate(block.cells):
        changed = any(s.kind != "equal" for s in cell)
        if block.kind != "replace" or index == 0 or changed:
            column = block.header[index] if block.kind == "replace" and changed and index < len(block.header) else ""
            parts.append((f"{segment(Segment('equal', column))}: " if column else "") + "".join(map(segment, cell)))
    return separator.join(parts)


def to_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-serialisable data (lists and dicts only)."""
    return {
        "changed": comparison.changed,
        "stats": asdict(comparison.stats),
        "blocks": [
            {
                "kind": block.kind,
                "block_type": block.block_type,
                "old": block.old,
                "new": block.new,
                "segments": [asdict(s) for s in block.segments],
                "cells": [[asdict(s) for s in cell] for cell in block.cells],
                "header": list(block.header),
                "columns": list(block.columns),
            }
            for block in comparison.blocks
        ],
    }
