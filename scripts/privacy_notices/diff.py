"""Compare two versions of a rendered notice (its Markdown) block by block, then word by word.

Pure: takes two Markdown strings, returns a :class:`Comparison`; :mod:`.diff_render` turns it
into HTML, terminal text, a GitHub comment or JSON. Three levels:

1. Blocks (heading, paragraph, list item, table header, table row) are aligned with
   ``difflib`` on their normalised text; the unmatched stretches between two equal blocks are
   paired by similarity, so an edited sentence is a *replace* and not a delete plus an insert.
2. Inside a replaced block the text is diffed in Japanese-aware units: a run of kanji, of
   katakana or of Latin letters and digits (``1,000``) is one unit, a hiragana is one unit.
   Japanese has no spaces, so a diff by words would mark whole sentences, and one by characters
   splits words (``個人[-情報-]{+データ+}``); kanji and katakana runs are the words legal
   editors change, while particles and verb endings change a kana at a time.
3. A changed table row is compared cell by cell.

Everything is compared after NFKC normalisation (full-width ``１`` equals ``1``) and with
whitespace collapsed; the result shows the original text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from collections import Counter
from difflib import SequenceMatcher
from functools import cached_property
from itertools import zip_longest
from os.path import commonprefix  # works on any sequences, here lists of units
from typing import Literal

BlockType = Literal["heading", "paragraph", "list_item", "table_header", "table_row"]
SegmentKind = Literal["equal", "insert", "delete"]
ChangeKind = Literal["equal", "insert", "delete", "replace"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"#{1,6}\s+(.*)")
_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+(.*)")
_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})")
_ATTRS = re.compile(r"\s*\{:?\s*[#.][^}]*\}\s*$")
"""``{ #anchor }`` after a heading, ``{: .class }`` after a paragraph: attr_list syntax, not text."""
_SEPARATOR = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?")
_CELL_BORDER = re.compile(r"(?<!\\)\|")
_ROW_ENDS = re.compile(r"^\||(?<!\\)\|$")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:<[^>]*>|[^)\s]*)\)")
_BR = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")
"""CommonMark lets any ASCII punctuation be backslash-escaped; ``markdown.escape`` uses some."""
_UNIT = re.compile(
    r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+(?:[,.，．][0-9０-９]+)*"  # a number keeps its separators: 1,000
    r"|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ]+"  # kanji run
    r"|[\u30a1-\u30fa\u30fc-\u30ff\uff66-\uff9f]+"  # katakana run (with ー, half-width too)
    r"|\s+|.",  # hiragana, punctuation: one character each
    re.DOTALL,
)
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?\n]*|[。！？!?\n]+")
"""A sentence with its closing punctuation, or a line of a cell (a ``<br>``)."""
_SIMILAR = 0.4
"""Two blocks sharing less than this (Dice coefficient of character bigrams) are a delete and an
insert, not an edit: unrelated sentences share about 0.1-0.2 (``ます``, ``の個``)."""
_PAIR_LIMIT = 2500
"""Above this many old x new block pairs in one unmatched stretch (a rewrite, not an edit), blocks
are paired by position: the similarity table would cost more than it is worth."""
_MATCH_LIMIT = 20_000
"""Above this many pairs of equal pieces (old x new), two lists are compared by their common start and
end only. A real edit has a few hundred; ``の`` repeated 200 times against ``のを`` 100 times has
20,000 and takes difflib 0.1 s (its cost grows with the cube of such repetition)."""
_ABSORB = 2
"""An unchanged run of at most this many characters between two changes joins them (``の`` in
``[-グループの内部監査部門-]{+外部の監査法人+}``): a reader sees one change, not confetti."""


@dataclass(frozen=True)
class Segment:
    """A piece of text that is unchanged, inserted or deleted."""

    kind: SegmentKind
    text: str


@dataclass(frozen=True)
class Block:
    """One block of a notice, as plain text (Markdown syntax removed)."""

    type: BlockType
    text: str
    """The text as a reader sees it; a ``<br>`` is a newline."""
    cells: tuple[str, ...] = ()
    """Table header and rows: the text of each cell."""
    header: tuple[str, ...] = ()
    """Table rows: the header cells of their table (empty when the table has none)."""

    @cached_property
    def key(self) -> str:
        """What two blocks are compared by: type and normalised text."""
        return f"{self.type}\x00{_normalise(self.text)}"


@dataclass(frozen=True)
class BlockChange:
    """One block in the comparison: unchanged, inserted, deleted or replaced (edited)."""

    kind: ChangeKind
    block_type: BlockType
    old: str | None
    """The old text (cells joined by `` | `` for tables); None for an inserted block."""
    new: str | None
    """The new text; None for a deleted block."""
    segments: tuple[Segment, ...] = ()
    """Headings, paragraphs and list items: the text with its changes marked."""
    cells: tuple[tuple[Segment, ...], ...] = ()
    """Table header and rows: each cell with its changes marked; an unchanged cell is one equal segment."""
    header: tuple[str, ...] = ()
    """Table rows: the header cells of their table, so that a changed row can say which column changed."""


@dataclass(frozen=True)
class Stats:
    """How many blocks were inserted, deleted, replaced (edited) and left unchanged."""

    inserted: int
    deleted: int
    changed: int
    unchanged: int


@dataclass(frozen=True)
class Comparison:
    """The comparison of two versions of a notice, block by block in reading order."""

    blocks: tuple[BlockChange, ...]

    @property
    def changed(self) -> bool:
        """Whether anything a reader can see differs (an NFKC-only difference does not count)."""
        return any(block.kind != "equal" for block in self.blocks)

    @property
    def stats(self) -> Stats:
        kinds = [block.kind for block in self.blocks]
        return Stats(kinds.count("insert"), kinds.count("delete"), kinds.count("replace"), kinds.count("equal"))


def compare(old: str, new: str) -> Comparison:
    """Compare two versions of a notice given as the generator's Markdown."""
    a, b = parse_blocks(old), parse_blocks(new)
    changes: list[BlockChange] = []
    for op, i1, i2, j1, j2 in _opcodes([x.key for x in a], [y.key for y in b]):
        pairs = zip(a[i1:i2], b[j1:j2]) if op == "equal" else _pair(a[i1:i2], b[j1:j2])
        changes.extend(_change(x, y) for x, y in pairs)
    return Comparison(tuple(changes))


def parse_blocks(markdown: str) -> list[Block]:
    """Split a notice into blocks, leaving out front matter, blank lines, rules and attribute lists."""
    lines = _FRONT_MATTER.sub("", markdown.replace("\r\n", "\n"), count=1).split("\n")
    blocks: list[Block] = []
    open_type: BlockType | None = None  # the paragraph or list item that following lines continue
    open_lines: list[str] = []
    header: tuple[str, ...] = ()
    for number, line in enumerate(lines):
        stripped = line.strip()
        starts_block = not stripped or stripped.startswith("|") or _HEADING.fullmatch(stripped) or _RULE.fullmatch(stripped)
        if open_type and (starts_block or _ITEM.match(line)):
            blocks.append(Block(open_type, _plain(" ".join(open_lines))))
            open_type, open_lines = None, []
        if stripped.startswith("|"):
            if _SEPARATOR.fullmatch(stripped):
                continue
            cells = tuple(_plain(cell) for cell in _CELL_BORDER.split(_ROW_ENDS.sub("", stripped)))
            following = lines[number + 1].strip() if number + 1 < len(lines) else ""
            if following.startswith("|") and _SEPARATOR.fullmatch(following):
                header = cells
                blocks.append(Block("table_header", " | ".join(cells), cells, cells))
            else:
                blocks.append(Block("table_row", " | ".join(cells), cells, header))
            continue
        header = ()
        if (heading := _HEADING.fullmatch(stripped)) is not None:
            blocks.append(Block("heading", _plain(heading.group(1))))
        elif (item := _ITEM.fullmatch(line)) is not None:
            open_type, open_lines = "list_item", [item.group(1)]
        elif stripped and not starts_block and not _ATTRS.fullmatch(stripped):
            open_type, open_lines = open_type or "paragraph", [*open_lines, stripped]
    if open_type:
        blocks.append(Block(open_type, _plain(" ".join(open_lines))))
    return blocks


def _plain(markdown: str) -> str:
    """Markdown inline syntax as the text a reader sees (not a Markdown renderer: just enough)."""
    text = _ATTRS.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    text = _BR.sub("\n", text)
    return html.unescape(_BACKSLASH.sub(r"\1", text)).strip()


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _pair(olds: list[Block], news: list[Block]) -> list[tuple[Block | None, Block | None]]:
    """Pair the blocks of an unmatched stretch, keeping order and maximising total similarity."""
    if len(olds) * len(news) > _PAIR_LIMIT:
        return [pair for x, y in zip_longest(olds, news) for pair in _pair_in_place(x, y)]
    grams_a, grams_b = [_bigrams(x) for x in olds], [_bigrams(y) for y in news]
    sim = [[_similarity(x, y, ga, gb) for y, gb in zip(news, grams_b)] for x, ga in zip(olds, grams_a)]
    n, m = len(olds), len(news)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]  # best[i][j]: best total for olds[i:], news[j:]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = sim[i][j] + best[i + 1][j + 1] if sim[i][j] else 0.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    pairs: list[tuple[Block | None, Block | None]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and sim[i][j] and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.append((olds[i], news[j]))
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i][j] == best[i + 1][j]):
            pairs.append((olds[i], None))  # deletions before insertions, as in every diff
            i += 1
        else:
            pairs.append((None, news[j]))
            j += 1
    return pairs


def _pair_in_place(old: Block | None, new: Block | None) -> list[tuple[Block | None, Block | None]]:
    if old and new and _similarity(old, new, _bigrams(old), _bigrams(new)):
        return [(old, new)]
    return [pair for pair in ((old, None), (None, new)) if pair != (None, None)]


def _bigrams(block: Block) -> frozenset[str]:
    text = block.key
    return frozenset(text[k : k + 2] for k in range(len(text) - 1)) or frozenset([text])


def _similarity(old: Block, new: Block, grams_a: frozenset[str], grams_b: frozenset[str]) -> float:
    """Dice coefficient of the blocks' bigrams; 0 below the threshold or between different kinds."""
    if old.type != new.type:
        return 0.0
    dice = 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))
    return dice if dice >= _SIMILAR else 0.0


def _change(old: Block | None, new: Block | None) -> BlockChange:
    block = new or old
    assert block is not None
    kind: ChangeKind = "replace" if old and new else "insert" if new else "delete"
    if old and new and old.key == new.key:
        kind = "equal"
    if block.type in ("table_header", "table_row"):
        pairs = zip_longest(old.cells if old else (), new.cells if new else ())
        cells = tuple(diff_text(x, y) for x, y in pairs)
        return BlockChange(kind, block.type, old and old.text, new and new.text, cells=cells, header=block.header)
    segments = diff_text(old and old.text, new and new.text)
    return BlockChange(kind, block.type, old and old.text, new and new.text, segments=segments)


def diff_text(old: str | None, new: str | None) -> tuple[Segment, ...]:
    """The changes between two texts (a paragraph, a cell): sentences are aligned first, then the
    changed sentences are compared in Japanese-aware units (so no unit matches across sentences)."""
    if old is None or new is None:
        text = old if new is None else new
        return (Segment("delete" if new is None else "insert", text),) if text else ()
    if _normalise(old) == _normalise(new):
        return (Segment("equal", new),) if new else ()
    segments: list[Segment] = []
    for op, old_part, new_part in _align(_SENTENCE.findall(old), _SENTENCE.findall(new)):
        if op == "equal":
            segments.append(Segment("equal", new_part))
            continue
        for unit_op, old_units, new_units in _align(_UNIT.findall(old_part), _UNIT.findall(new_part)):
            if unit_op == "equal":
                segments.append(Segment("equal", new_units))
            else:
                segments += [Segment("delete", old_units), Segment("insert", new_units)]
    return _absorb([segment for segment in segments if segment.text])


def _align(a: list[str], b: list[str]) -> list[tuple[str, str, str]]:
    """Equal and changed stretches of two lists of pieces: (op, old text, new text)."""
    return [(op, "".join(a[i1:i2]), "".join(b[j1:j2])) for op, i1, i2, j1, j2 in _opcodes(a, b)]


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """``difflib`` opcodes on normalised pieces, or one change between the common start and end
    when the pieces repeat so much that ``difflib`` would take too long (its worst case is cubic)."""
    keys_a, keys_b = [_normalise(x) or " " for x in a], [_normalise(y) or " " for y in b]
    counts_a, counts_b = Counter(keys_a), Counter(keys_b)
    if sum(counts_a[key] * counts_b[key] for key in counts_a.keys() & counts_b.keys()) <= _MATCH_LIMIT:
        return SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes()
    start = len(commonprefix([keys_a, keys_b]))
    end = len(commonprefix([keys_a[start:][::-1], keys_b[start:][::-1]]))
    n, m = len(a), len(b)
    return [("equal", 0, start, 0, start), ("replace", start, n - end, start, m - end), ("equal", n - end, n, m - end, m)]


def _absorb(segments: list[Segment]) -> tuple[Segment, ...]:
    """Merge changes separated by a tiny unchanged run; each change reads deletion first."""
    out: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for index, segment in enumerate(segments):
        if segment.kind != "equal":
            (deleted if segment.kind == "delete" else inserted).append(segment.text)
            continue
        between = (deleted or inserted) and index < len(segments) - 1
        if between and len(segment.text) <= _ABSORB:
            deleted.append(segment.text)
            inserted.append(segment.text)
            continue
        out += _flush(deleted, inserted)
        out.append(segment)
    return tuple(out + _flush(deleted, inserted))


def _flush(deleted: list[str], inserted: list[str]) -> list[Segment]:
    flushed = [Segment(kind, "".join(parts)) for kind, parts in (("delete", deleted), ("insert", inserted)) if parts]
    deleted.clear()
    inserted.clear()
    return flushed
