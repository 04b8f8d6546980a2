"""Pieces of the review report (:mod:`.review`): dates compared whole, a new document's text, and
the report shortened to fit a pull-request comment. Pure functions returning strings.

The word diff (:mod:`.diff`) splits 令和6年4月1日 into 令和, 6, 年, 4, ... and marks only the digits
that differ (令和[-6年4-]{+9年1+}月1日), which hides the date a reviewer must check. The report
widens every change that cuts into a date to the whole date on both sides, so it reads
令和6年4月1日 → 令和9年1月1日; the site's comparisons keep the finer diff.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from .diff import BlockChange, Segment, parse_blocks

DATE = re.compile(
    r"(?:令和|平成|昭和|大正|明治)(?:元|[0-9０-９]{1,2})年[0-9０-９]{1,2}月[0-9０-９]{1,2}日"
    r"|[0-9０-９]{4}年[0-9０-９]{1,2}月[0-9０-９]{1,2}日"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}"
)
"""A date as notices print it: 和暦 (令和元年5月1日), 西暦 (2019年5月1日) or ISO (2019-05-01)."""
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_MD_LEADING = re.compile(r"^(\d+[.)]|[-+])(?=\s|$)")

Item = list[str]
"""One piece of a compared text: [old, new]; equal when both are the same string."""


def md(text: str) -> str:
    """Plain text as Markdown that shows exactly that text (HTML escaped too: a comment renders it)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


# --- dates compared whole ---------------------------------------------------------------------------


def whole_dates_block(block: BlockChange) -> BlockChange:
    """The block with every change that cuts into a date widened to the whole date."""
    if block.kind != "replace":
        return block
    return replace(block, segments=whole_dates(block.segments), cells=tuple(whole_dates(c) for c in block.cells))


def whole_dates(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """Widen each change that starts or ends inside a date (in the old or the new text) to the date."""
    items = _items(segments)
    while _widen_once(items):
        pass
    out: list[Segment] = []
    for old, new in items:
        if old == new:
            out.append(Segment("equal", old))
        else:
            out += [Segment(kind, text) for kind, text in (("delete", old), ("insert", new)) if text]
    return tuple(out)


def _items(segments: tuple[Segment, ...]) -> list[Item]:
    items: list[Item] = []
    for segment in segments:
        if segment.kind == "equal":
            items.append([segment.text, segment.text])
            continue
        if not items or items[-1][0] == items[-1][1]:
            items.append(["", ""])
        items[-1][0 if segment.kind == "delete" else 1] += segment.text
    return items


def _widen_once(items: list[Item]) -> bool:
    """Move equal text into the first change that ends inside a date; False when none does."""
    spans = [[m.span() for m in DATE.finditer("".join(item[side] for item in items))] for side in (0, 1)]
    starts = [0, 0]
    for index, item in enumerate(items):
        ends = [starts[0] + len(item[0]), starts[1] + len(item[1])]
        if item[0] != item[1]:
            left = max((starts[s] - a for s in (0, 1) for a, b in spans[s] if a < starts[s] < b), default=0)
            right = max((b - ends[s] for s in (0, 1) for a, b in spans[s] if a < ends[s] < b), default=0)
            if left and index > 0:
                _take(items, index, index - 1, left)
                return True
            if right and index + 1 < len(items):
                _take(items, index, index + 1, right)
                return True
        starts = ends
    return False


def _take(items: list[Item], change: int, equal: int, count: int) -> None:
    """Move ``count`` characters of the equal item next to a change into both sides of the change;
    an equal item used up joins the change with the change beyond it."""
    text, left = items[equal][0], equal < change
    count = min(count, len(text))
    moved, rest = (text[len(text) - count :], text[: len(text) - count]) if left else (text[:count], text[count:])
    old, new = items[change]
    items[change] = [moved + old, moved + new] if left else [old + moved, new + moved]
    if rest:
        items[equal] = [rest, rest]
        return
    del items[equal]
    first = change - 2 if left else change  # the pair (change beyond, change) or (change, change beyond)
    if first >= 0 and first + 1 < len(items) and all(items[i][0] != items[i][1] for i in (first, first + 1)):
        items[first] = [items[first][0] + items[first + 1][0], items[first][1] + items[first + 1][1]]
        del items[first + 1]


def date_only(block: BlockChange) -> bool:
    """Whether the block is text (not a table row: a date in a table is data, such as the start of
    a joint use) whose only changes replace one date with another: a revision's date line."""
    if block.kind != "replace" or block.cells:
        return False
    changes = [item for item in _items(block.segments) if item[0] != item[1]]
    return bool(changes) and all((DATE.fullmatch(old) and DATE.fullmatch(new)) or (not old and _added_date(new))
                                 for old, new in changes)


ADDED_DATE = re.compile(r"\n?(?:最終改定日|改定日) ?(?P<date>.+?)\n?")
"""The line a document's first revision adds under its 制定日 (``最終改定日 令和9年1月1日``)."""


def _added_date(text: str) -> bool:
    m = ADDED_DATE.fullmatch(text)
    return bool(m and DATE.fullmatch(m.group("date")))


def date_lines(block: BlockChange) -> list[str]:
    """The lines of a date-only block that changed, as ``最終改定日 令和6年4月1日 → 令和9年1月1日``."""
    lines: list[str] = [""]
    changed: set[int] = set()
    for old, new in _items(block.segments):
        if old != new:
            lines[-1] += f"{md(old)} → {md(new)}" if old else f"{md(new.strip())} (追加)"
            changed.add(len(lines) - 1)
            if not old and new.endswith("\n"):
                lines.append("")  # an added line: what follows is the next line
            continue
        first, *rest = old.split("\n")
        lines[-1] += md(first)
        lines += [md(line) for line in rest]
    return [lines[i].strip() for i in sorted(changed)]


# --- a new document --------------------------------------------------------------------------------


def whole_text(markdown: str) -> str:
    """A notice's whole text as comment Markdown: headings bold, paragraphs, lists and tables."""
    out: list[str] = []
    previous = ""
    for block in parse_blocks(markdown):
        cells = [_line(cell) for cell in block.cells]
        table = block.type == "table_row" and previous.startswith("table")
        if block.type == "heading":
            line = f"**{_line(block.text)}**"
        elif block.type == "list_item":
            line = f"- {_line(block.text)}"
        elif block.type == "table_header":
            line = f"| {' | '.join(cells)} |\n|{' --- |' * len(cells)}"
        elif table:
            line = f"| {' | '.join(cells)} |"
        else:
            line = _line(block.text)
        together = table or block.type == previous == "list_item"
        out.append(line if not out else ("\n" if together else "\n\n") + line)
        previous = block.type
    return "".join(out) + "\n"


def _line(text: str) -> str:
    """One block or cell on one line: escaped, a leading list marker too, line breaks as ``<br>``."""
    return _MD_LEADING.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], md(text)).replace("\n", "<br>")


# --- a comment that fits --------------------------------------------------------------------------

COMMENT_LIMIT = 65_536
"""GitHub refuses a comment body longer than this many characters."""
ARTIFACT = "review-report"
"""The name of the workflow artifact that carries the whole report."""
MIN_CHARS = 2_000
"""A shortened report below this would not hold its own summary."""
_CUT = "\n_…ここから先は省略しました。_\n"
_LINK = re.compile(r"https://[^\s()<>\[\]`]+")


def shorten(report: str, max_chars: int, link: str | None = None) -> str:
    """The report in at most ``max_chars`` characters: the summary (everything before the first
    ``### `` section), a note that it was shortened and where the whole report is, then as many
    sections as fit, the last one cut at a line (open ``<details>`` closed)."""
    if len(report) <= max_chars:
        return report
    summary, *sections = re.split(r"(?m)^(?=### )", report)
    note = _note(len(sections), len(sections), len(report), link)
    budget = max_chars - len(note) - len(_CUT) - len("\n\n")  # the blank line after the summary
    summary = summary if len(summary) <= budget else _cut(summary, budget)
    budget -= len(summary)
    kept: list[str] = []
    for section in sections:
        piece = section if len(section) <= budget else _cut(section, budget)
        if piece:
            kept.append(piece)
            budget -= len(piece)
        if piece != section:
            break
    whole = sum(1 for piece, section in zip(kept, sections) if piece == section)
    return summary.rstrip("\n") + "\n\n" + _note(whole, len(sections), len(report), link) + "".join(kept) + _CUT


def _note(shown: int, total: int, length: int, link: str | None) -> str:
    where = f"[ワークフローの成果物 `{ARTIFACT}`]({link})" if link else f"ワークフローの成果物 `{ARTIFACT}`"
    return (f"> ✂️ この報告は {length:,} 文字あり、コメントに載せきれないため短くしました"
            f" (変更 {total} 件のうち {shown} 件を全部載せています)。全文は{where}にあります。\n\n")


def _cut(text: str, budget: int) -> str:
    """The longest run of whole lines that fits in ``budget`` with its open ``<details>`` closed."""
    kept, size, depth = [], 0, 0
    for line in text.splitlines(keepends=True):
        after = depth + line.count("<details") - line.count("</details>")
        if size + len(line) + after * len("</details>\n") > budget:
            break
        kept.append(line)
        size, depth = size + len(line), after
    return "".join(kept) + "</details>\n" * depth if kept else ""


def option_problem(max_chars: int, link: str | None) -> str | None:
    """What is wrong with ``--max-chars`` / ``--link``, in Japanese; None when they are usable."""
    if max_chars and not MIN_CHARS <= max_chars <= COMMENT_LIMIT:
        return f"--max-chars は {MIN_CHARS} から {COMMENT_LIMIT} までの数にしてください (GitHub のコメントの上限) ({max_chars})"
    if link is not None and not _LINK.fullmatch(link):
        return f"--link には空白や括弧を含まない https:// の URL を書いてください ({link})"
    return None
