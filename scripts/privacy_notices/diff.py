"""Compare two versions of a notice (the generator's Markdown): blocks, then sentences, then words.

Pure; :mod:`.diff_render` shows the result. Blocks (heading, paragraph, list item, table header
and row) are aligned with ``difflib``; the unmatched ones between two equal blocks are paired by
similarity, so an edited paragraph is a *replace*, not a delete plus an insert. Inside a replaced
block, sentences are aligned and paired the same way, then compared in Japanese-aware units: a run
of kanji, of katakana, or of Latin letters and digits (``1,000``) is one unit, a kana is one unit.
Japanese has no spaces: a diff by words would mark whole sentences, one by characters splits words
(``個人[-情報-]{+データ+}``). A changed table row is compared cell by cell. Everything is compared
after NFKC normalisation (``１`` equals ``1``) with whitespace collapsed; results show the original.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from itertools import zip_longest
from os.path import commonprefix  # works on any sequences, here lists of units
from typing import Literal, Sequence

BlockType = Literal["heading", "paragraph", "list_item", "table_header", "table_row"]
SegmentKind = Literal["equal", "insert", "delete"]
ChangeKind = Literal["equal", "insert", "delete", "replace", "move_from", "move_to"]
"""``move_from``/``move_to``: a block deleted in one place and inserted unchanged in another (moved)."""
ColumnKind = Literal["equal", "insert", "delete", "replace"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"#{1,6}\s+(.*)")
_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+(.*)")
_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})")
_ATTRS = re.compile(r"\s*\{:?\s*[#.][^}]*\}\s*$")
"""``{ #anchor }`` after a heading, ``{: .class }`` after a paragraph: attr_list syntax, not text."""
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_SEPARATOR = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?")
_CELL_BORDER = re.compile(r"(?<!\\)\|")
_ROW_ENDS = re.compile(r"^\||(?<!\\)\|$")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:<[^>]*>|[^)\s]*)\)")
_BR = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
_EMPHASIS = re.compile(r"(?<!\\)(\*\*?)(?=\S)(.+?)(?<=\S)(?<!\\)\1")
_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")
"""CommonMark lets any ASCII punctuation be backslash-escaped; ``markdown.escape`` uses some."""
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ]+")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc-\u30ff\uff66-\uff9f]+")  # with ー, half-width too
_UNIT = re.compile(
    r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+(?:[,.，．][0-9０-９]+)*"  # a number keeps its separators: 1,000
    rf"|{_KANJI.pattern}|{_KATAKANA.pattern}"  # the words legal editors change
    r"|\s+|.",  # hiragana, punctuation: one character each
    re.DOTALL,
)
_SPACES = re.compile(r"\s+")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?\n]*|[。！？!?\n]+")
"""A sentence with its closing punctuation, or a line of a cell (a ``<br>``)."""
_SIMILAR, _CONTAINED = 0.4, 0.8
"""Two blocks are an edit of each other when their bigrams' Dice coefficient reaches 0.4 (unrelated
sentences share 0.1-0.2: ``ます``, ``の個``) or 80% of the shorter one's bigrams are in the longer."""
_SIMILAR_ROW = 0.7
"""Table rows with different labels (first cells) must share this much: Google タグ マネージャー
replaced by Google アナリティクス 4 is a row removed and a row added, though the rows look alike."""
_PAIR_LIMIT = 2500
"""Above this many old x new blocks in one unmatched stretch (a rewrite), pair them by position."""
_MATCH_LIMIT = 20_000
"""Above this many pairs of equal pieces (old x new), compare only the common start and end:
difflib's cost grows with the cube of repetition (``の`` x 200 against ``のを`` x 100: 0.1 s)."""
_ABSORB = 2
"""An unchanged run this short between two changes joins them (``の`` in
``[-グループの内部監査部門-]{+外部の監査法人+}``): one change to read, not confetti."""


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
        """What two blocks are compared by: type and normalised text. A heading's number is left
        out: removing section 1 renumbers every later heading, which is not an edit of theirs."""
        text = _SECTION_NUMBER.sub("", self.text) if self.type == "heading" else self.text
        return f"{self.type}\x00{_normalise(text)}"

    @cached_property
    def bigrams(self) -> frozenset[str]:
        """The pairs of adjacent characters of the text, to measure how similar two blocks are."""
        text = _normalise(self.text)
        return frozenset(text[k : k + 2] for k in range(len(text) - 1)) or frozenset([text])


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
    """Table header and rows: the header cells of the table (old and new columns matched by their header,
    an inserted or removed column in its place), so that a changed row can say which column changed."""
    columns: tuple[ColumnKind, ...] = ()
    """Table header and rows: each column inserted, deleted, renamed (replace) or kept (equal)."""


@dataclass(frozen=True)
class Stats:
    """How many blocks were inserted, deleted, replaced (edited) and left unchanged."""

    inserted: int
    deleted: int
    changed: int
    unchanged: int
    moved: int = 0


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
        """Counts of blocks by kind of change."""
        kinds = [block.kind for block in self.blocks]
        return Stats(kinds.count("insert"), kinds.count("delete"), kinds.count("replace"), kinds.count("equal"),
                     kinds.count("move_to"))


Pair = tuple[Block | None, Block | None]


def compare(old: str, new: str) -> Comparison:
    """Compare two versions of a notice given as the generator's Markdown."""
    a, b = _blocks(old), _blocks(new)
    pairs: list[Pair] = []
    for op, i1, i2, j1, j2 in _opcodes([x.key for x in a], [y.key for y in b]):
        after = (pairs[-1][1] or pairs[-1][0]).type if pairs else None  # type: ignore[union-attr]
        pairs += zip(a[i1:i2], b[j1:j2]) if op == "equal" else _pair(a[i1:i2], b[j1:j2], after)
    moved = _moves(pairs)
    partners: dict[tuple[int, tuple[str, ...]], tuple[str, ...]] = {}  # a table's header -> the other side's
    changes: list[BlockChange] = []
    for index, (x, y) in enumerate(pairs):
        if x and y and x.type == "table_header":
            partners[0, x.cells], partners[1, y.cells] = y.cells, x.cells
        changes.append(_change(x, y, _headers(x, y, partners), moved.get(index)))
    return Comparison(tuple(changes))


def _moves(pairs: list[Pair]) -> dict[int, ChangeKind]:
    """Blocks deleted in one place and inserted with the same text in another: moved, not rewritten.
    Each deletion takes the first unclaimed insertion with its text (their positions, by index)."""
    inserted: dict[str, list[int]] = {}
    for index, (x, y) in enumerate(pairs):
        if x is None and y is not None:
            inserted.setdefault(y.key, []).append(index)
    moved: dict[int, ChangeKind] = {}
    for index, (x, y) in enumerate(pairs):
        if y is None and x is not None and inserted.get(x.key):
            moved[index], moved[inserted[x.key].pop(0)] = "move_from", "move_to"
    return moved


def _headers(x: Block | None, y: Block | None,
             partners: dict[tuple[int, tuple[str, ...]], tuple[str, ...]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The old and new headers a table block's cells are matched by; a row only on one side takes the
    other side's header from the last pair of headers seen (its table's, once edited)."""
    if x and y:
        return x.header, y.header
    if x:
        return x.header, partners.get((0, x.header), x.header)
    assert y is not None
    return partners.get((1, y.header), y.header), y.header


def columns(old: tuple[str, ...], new: tuple[str, ...]) -> list[tuple[int | None, int | None]]:
    """Old and new columns matched by their header: kept and renamed columns paired (old index, new index),
    an inserted column (None, j), a removed one (i, None), in reading order. A stretch of columns changed
    one for one is renamed in place; otherwise headers are paired by similarity, like blocks."""
    matched: list[tuple[int | None, int | None]] = []
    for op, i1, i2, j1, j2 in _opcodes(list(old), list(new)):
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            matched += zip(range(i1, i2), range(j1, j2))
            continue
        olds = [Block("paragraph", old[i]) for i in range(i1, i2)]
        news = [Block("paragraph", new[j]) for j in range(j1, j2)]
        where = {id(block): k for k, block in [*zip(range(i1, i2), olds), *zip(range(j1, j2), news)]}
        matched += [(where[id(p)] if p else None, where[id(q)] if q else None) for p, q in _pair(olds, news)]
    return matched


@lru_cache(maxsize=32)
def _blocks(markdown: str) -> tuple[Block, ...]:
    """Parsed once per text: a site compares each version with its neighbours on both sides."""
    return tuple(parse_blocks(markdown))


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
    text = _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", text))
    text = _BR.sub("\n", text)
    return html.unescape(_BACKSLASH.sub(r"\1", text)).strip()


def _normalise(text: str) -> str:
    return _key(text).strip()


def _key(piece: str) -> str:
    """NFKC with each run of spaces as one space and of line breaks (``<br>``) as one line break."""
    return _SPACES.sub(lambda run: "\n" if "\n" in run.group() else " ", unicodedata.normalize("NFKC", piece))


def _pair(olds: list[Block], news: list[Block], after: BlockType | None = None) -> list[tuple[Block | None, Block | None]]:
    """Pair the blocks of an unmatched stretch, keeping order and maximising total similarity.

    Deletions come before insertions, as in every diff, unless the insertion continues the block before
    it (``after``, the type of the block before the stretch, then of each block placed): a row added
    at the end of a table stays in its table, before a deleted paragraph that followed the table."""
    n, m = len(olds), len(news)
    if n * m > _PAIR_LIMIT:
        return [pair for x, y in zip_longest(olds, news) for pair in _pair_in_place(x, y)]
    sim = [[_similarity(x, y) for y in news] for x in olds]
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
            after = news[j - 1].type
            continue
        can_delete = i < n and (j == m or best[i][j] == best[i + 1][j])
        can_insert = j < m and (i == n or best[i][j] == best[i][j + 1])
        if can_delete and not (can_insert and _continues(news[j], after) and not _continues(olds[i], after)):
            pairs.append((olds[i], None))
            after, i = olds[i].type, i + 1
        else:
            pairs.append((None, news[j]))
            after, j = news[j].type, j + 1
    return pairs


def _continues(block: Block, after: BlockType | None) -> bool:
    """Whether ``block`` belongs with a block of type ``after`` (the next row of a table, list item of a list)."""
    return after is not None and (block.type == after or (block.type, after) == ("table_row", "table_header"))


def _pair_in_place(old: Block | None, new: Block | None) -> list[tuple[Block | None, Block | None]]:
    if old and new and _similarity(old, new):
        return [(old, new)]
    return [pair for pair in ((old, None), (None, new)) if pair != (None, None)]


def _similarity(old: Block, new: Block) -> float:
    """How much two blocks of the same type share (Dice coefficient of their bigrams), or how much
    of the shorter one is in the longer (開示 -> 開示 (電磁的記録による提供を含みます)); 0 if too little."""
    if old.type != new.type:
        return 0.0
    labelled = old.type == "table_row" and _normalise(old.cells[0]) != ""
    if labelled and _normalise(old.cells[0]) == _normalise(new.cells[0]):
        return 1.0  # the same row label (名称, 電話, お客様): the row was edited, however much
    shared = len(old.bigrams & new.bigrams)
    dice = 2 * shared / (len(old.bigrams) + len(new.bigrams))
    if labelled:  # another label is another row (a tool, a desk) unless the rest is nearly the same
        return dice if dice >= _SIMILAR_ROW else 0.0
    contained = shared / min(len(old.bigrams), len(new.bigrams))
    return dice if dice >= _SIMILAR else contained if contained >= _CONTAINED else 0.0


def _change(old: Block | None, new: Block | None, headers: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
            moved: ChangeKind | None = None) -> BlockChange:
    block = new or old
    assert block is not None
    kind: ChangeKind = moved or ("replace" if old and new else "insert" if new else "delete")
    if old and new and old.key == new.key:
        kind = "equal"
    if block.type in ("table_header", "table_row"):
        old_header, new_header = headers
        width = max(len(old.cells) if old else 0, len(new.cells) if new else 0, len(old_header), len(new_header))
        same = [_normalise(h) for h in old_header] == [_normalise(h) for h in new_header]
        # Without a header on a side, or with the same header, columns are matched by position.
        matched = (columns(old_header, new_header) if old_header and new_header and not same
                   else [(k, k) for k in range(width)])
        cells = tuple(diff_text(_cell(old, i), _cell(new, j)) for i, j in matched)
        names = tuple(_at(new_header, j) if j is not None and j < len(new_header) else _at(old_header, i)
                      for i, j in matched)
        kinds = tuple(_column_kind(old_header, new_header, i, j) for i, j in matched)
        return BlockChange(kind, block.type, _text(old), _text(new), cells=cells, header=names, columns=kinds)
    # Equal blocks may still differ in a heading's number: show the new text as it is.
    segments = (Segment("equal", block.text),) if kind == "equal" else diff_text(_text(old), _text(new))
    return BlockChange(kind, block.type, _text(old), _text(new), segments=segments)


def _text(block: Block | None) -> str | None:
    return block.text if block else None


def _cell(block: Block | None, index: int | None) -> str | None:
    """A cell of a row in a matched column: None when the row or the column is not on that side; a
    row shorter than its header has empty cells."""
    if block is None or index is None:
        return None
    return block.cells[index] if index < len(block.cells) else ""


def _at(cells: tuple[str, ...], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _column_kind(old: tuple[str, ...], new: tuple[str, ...], i: int | None, j: int | None) -> ColumnKind:
    if i is None or j is None:
        return "insert" if i is None else "delete"
    return "equal" if _normalise(_at(old, i)) == _normalise(_at(new, j)) else "replace"


def diff_text(old: str | None, new: str | None) -> tuple[Segment, ...]:
    """The changes between two texts (a paragraph, a cell): sentences are aligned first, then the
    changed sentences are compared in Japanese-aware units (so no unit matches across sentences)."""
    if old is None or new is None:
        text = old if new is None else new
        return (Segment("delete" if new is None else "insert", text),) if text else ()
    if _normalise(old) == _normalise(new):
        return (Segment("equal", new),) if new else ()
    segments: list[Segment] = []
    sentences_a, sentences_b = _SENTENCE.findall(old), _SENTENCE.findall(new)
    for op, i1, i2, j1, j2 in _opcodes(sentences_a, sentences_b):
        if op == "equal":
            segments.append(Segment("equal", "".join(sentences_b[j1:j2])))
            continue
        # Changed sentences are paired like blocks: a rewritten sentence reads as one deletion and
        # one insertion, not as confetti of the particles it happens to share with its replacement.
        olds = [Block("paragraph", sentence) for sentence in sentences_a[i1:i2]]
        news = [Block("paragraph", sentence) for sentence in sentences_b[j1:j2]]
        for x, y in _pair(olds, news):
            segments += _diff_units(x.text, y.text) if x and y else diff_text(_text(x), _text(y))
    return _absorb([segment for segment in segments if segment.text])


def _diff_units(old: str, new: str) -> list[Segment]:
    """Two sentences compared in Japanese-aware units."""
    a, b = _UNIT.findall(old), _UNIT.findall(new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal":
            segments.append(Segment("equal", "".join(b[j1:j2])))
        elif i2 - i1 == j2 - j1:  # word for word: each pair may share a part (坂[-二-]{+三+}丁目)
            segments += [segment for x, y in zip(a[i1:i2], b[j1:j2]) for segment in _replace_word(x, y)]
        else:
            segments += [Segment("delete", "".join(a[i1:i2])), Segment("insert", "".join(b[j1:j2]))]
    return segments


def _replace_word(old: str, new: str) -> list[Segment]:
    """One word replaced by another; two kanji (or katakana) compounds keep their common start and
    end (個人情報保護[-管理-]{+責任+}者), but 個人情報 and 個人データ are different words."""
    start = end = 0
    if any(word.fullmatch(old) and word.fullmatch(new) for word in (_KANJI, _KATAKANA)):
        start = len(commonprefix([old, new]))
        end = len(commonprefix([old[start:][::-1], new[start:][::-1]]))
    middle = [Segment("delete", old[start : len(old) - end]), Segment("insert", new[start : len(new) - end])]
    return [Segment("equal", new[:start]), *middle, Segment("equal", new[len(new) - end :])]


def _opcodes(a: list[str], b: list[str]) -> Sequence[tuple[str, int, int, int, int]]:
    """``difflib`` opcodes on normalised pieces, or one change between the common start and end
    when the pieces repeat so much that ``difflib`` would take too long (its worst case is cubic)."""
    keys_a, keys_b = [_key(x) for x in a], [_key(y) for y in b]
    counts_a, counts_b = Counter(keys_a), Counter(keys_b)
    if sum(counts_a[key] * counts_b[key] for key in counts_a.keys() & counts_b.keys()) <= _MATCH_LIMIT:
        return SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes()
    start = len(commonprefix([keys_a, keys_b]))
    end = len(commonprefix([keys_a[start:][::-1], keys_b[start:][::-1]]))
    n, m = len(a), len(b)
    return [("equal", 0, start, 0, start), ("replace", start, n - end, start, m - end), ("equal", n - end, n, m - end, m)]


def _absorb(segments: list[Segment]) -> tuple[Segment, ...]:
    """Merge changes separated by a tiny unchanged run; each change reads deletion first."""
    merged: list[Segment] = []
    for segment in segments:  # word-for-word replacements leave equal pieces side by side
        if merged and merged[-1].kind == segment.kind == "equal":
            segment = Segment("equal", merged.pop().text + segment.text)
        merged.append(segment)
    out: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for index, segment in enumerate(merged):
        if segment.kind != "equal":
            (deleted if segment.kind == "delete" else inserted).append(segment.text)
            continue
        between = (deleted or inserted) and index < len(merged) - 1
        if between and len(segment.text) <= _ABSORB and "\n" not in segment.text:  # a line break is structure
            deleted.append(segment.text)
            inserted.append(segment.text)
            continue
        out += [*_flush(deleted, inserted), segment]
    return tuple(out + _flush(deleted, inserted))


def _flush(deleted: list[str], inserted: list[str]) -> list[Segment]:
    runs: tuple[tuple[SegmentKind, list[str]], ...] = (("delete", deleted), ("insert", inserted))
    flushed = [Segment(kind, "".join(parts)) for kind, parts in runs if parts]
    deleted.clear()
    inserted.clear()
    return flushed
