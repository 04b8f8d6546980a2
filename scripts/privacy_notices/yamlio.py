"""Reading YAML the way legal editors write it: safely, fast, with positions, with clear errors.

Files are composed into nodes by libyaml (ruamel.yaml.clib's C parser: the round-trip parser is
~30x slower) and turned into plain data here, recording the line and column of every key and
value so that any problem found later points at the exact place in the file. Before parsing,
the raw bytes are checked for what the parser would report obscurely (BOM, encoding, tabs), and
the size, aliases and number of nodes are bounded so a hostile file cannot exhaust memory.
Editing files in place (keeping comments) uses :func:`new_yaml`, the round-trip loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from . import characters
from .errors import Problem

MAX_BYTES = 1_000_000
"""No notice comes near this; anything bigger is a mistake or an attack."""
MAX_ALIASES = 100
"""Aliases (``*name``) allowed per file; a 'billion laughs' bomb needs far more."""
MAX_NODES = 100_000
"""Values per file once aliases are expanded."""

Loc = tuple[str | int, ...]


class InvalidDate(str):
    """A scalar that looks like a date but names no day (``2023-02-30``)."""


def _construct_timestamp(constructor: RoundTripConstructor, node: Any) -> Any:
    try:
        return RoundTripConstructor.construct_yaml_timestamp(constructor, node)
    except ValueError:
        return InvalidDate(node.value)


class _Constructor(RoundTripConstructor):
    pass


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def new_yaml() -> YAML:
    """The round-trip YAML instance used to edit data files in place, keeping comments."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    return yaml


def editor_for(text: str) -> YAML:
    """A round-trip YAML that writes ``text`` back byte for byte: its indentation guessed, and
    no re-wrapping of long lines. Used by every command that edits an editor's file."""
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, offset = load_yaml_guess_indent(text)
    yaml = new_yaml()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=indent, offset=offset)
    return yaml


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its plain data and where each key and value stands in the file."""

    path: str
    data: Any
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict, repr=False)
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict, repr=False)

    def position(self, loc: Loc, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of ``loc``, or of the nearest enclosing entry that exists.

        An entry found points at its value, or at its key when ``at_key`` (an unknown or
        misspelt key); anything missing points at its parent's key.
        """
        if loc in self.values:
            return self.keys[loc] if at_key and loc in self.keys else self.values[loc]
        for end in range(len(loc) - 1, -1, -1):
            prefix = loc[:end]
            if prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return 1, 1


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


class _Bad(Exception):
    """A problem found while turning nodes into data."""

    def __init__(self, node: Node, message: str, found: str | None, fix: str) -> None:
        super().__init__(message)
        self.node, self.message, self.found, self.fix = node, message, found, fix


def _problem(path: str, line: int, col: int, message: str, found: str | None, fix: str) -> Problem:
    return Problem(path, line, col, "", message, found, fix)


def decode_text(raw: bytes, shown_as: str) -> tuple[str | None, Problem | None]:
    """An editor's file as text: UTF-8 without BOM (the YAML files and the Markdown section files),
    or the problem at the first byte that is not."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, _problem(shown_as, 1, 1, "ファイルの先頭に BOM があります", "UTF-8 (BOM付き)",
                              "BOMなしの UTF-8 で保存し直してください")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, _problem(shown_as, line, col, "文字コードが UTF-8 ではありません",
                              f"0x{raw[exc.start]:02X}", "UTF-8 で保存し直してください (Shift_JIS は使えません)")


def read_yaml(file: Path, shown_as: str, raw: bytes | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse ``file`` (or its bytes ``raw``, already read); ``shown_as`` is the path printed in messages."""
    raw = file.read_bytes() if raw is None else raw
    if len(raw) > MAX_BYTES:
        return None, [_problem(shown_as, 1, 1, "ファイルが大きすぎます", f"{len(raw):,} バイト",
                               f"{MAX_BYTES:,} バイト以下に分けてください")]
    text, refused = decode_text(raw, shown_as)
    if text is None:
        return None, [refused] if refused else []
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        col = tab.end() - tab.start()
        return None, [_problem(shown_as, line, col, "字下げにタブ文字が使われています", "タブ",
                               "字下げは半角スペースで書いてください")]
    hidden = characters.in_raw_text(shown_as, text)
    if hidden:
        return None, hidden
    if not [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]:
        return None, [_problem(shown_as, 1, 1, "ファイルが空です", None, "必要な項目を書いてください")]
    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _Resolver
    try:
        node = yaml.compose(text)
        document = _Builder(shown_as, yaml.constructor).document(node)
    except _Bad as bad:
        mark = bad.node.start_mark
        return None, [_problem(shown_as, mark.line + 1, mark.column + 1, bad.message, bad.found, bad.fix)]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [_problem(shown_as, line, col, "YAML の書き方に誤りがあります", _reason(exc),
                               "字下げ・コロン (:)・引用符の対応を確認してください")]
    except (YAMLError, RecursionError) as exc:
        return None, [_problem(shown_as, 1, 1, "YAML を読み込めません", type(exc).__name__,
                               "ファイルの書き方を確認してください")]
    return document, []


_REASONS = {
    "did not find expected key": "キーがあるべき所にありません。字下げがずれていませんか",
    "did not find expected ',' or ']'": "[ ] の閉じ忘れか、区切りの , がありません",
    "did not find expected ',' or '}'": "{ } の閉じ忘れか、区切りの , がありません",
    "mapping values are not allowed in this context": "この位置にコロン (:) は書けません。値にコロンを含めるなら引用符で囲んでください",
    "found character that cannot start any token": "値の先頭に使えない文字があります。引用符で囲んでください",
    "could not find expected ':'": "キーの後ろにコロン (:) がありません",
    "did not find expected '-' indicator": "リストの字下げがそろっていません",
    "block sequence entries are not allowed in this context": "この位置に「- 」のリストは書けません。字下げを確認してください",
    "found unexpected end of stream": "引用符が閉じられていません",
    "found undefined alias": "定義されていないエイリアス (*名前) です",
    "found unknown escape character": "引用符 (\") の中に使えない \\ があります。単引用符 (') で囲んでください",
    "but found another document": "「---」で区切られた文書が二つ以上あります",
}


def _reason(exc: MarkedYAMLError) -> str:
    reason = str(exc.problem or exc.context or "").strip()
    return next((ja for en, ja in _REASONS.items() if reason.startswith(en)), reason)


class _Resolver(VersionedResolver):
    """YAML 1.2 throughout: skips the per-scalar version lookup that dominates parsing time."""

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """ruamel's ``resolve`` without its per-scalar table lookups (path resolvers are not used): the
        YAML 1.2 table is looked up once per file (issue 14: a large group parses 170,000 values)."""
        if kind is ScalarNode and implicit[0]:
            table = self.__dict__.get("_table")
            if table is None:
                table = self.__dict__["_table"] = self.versioned_resolver
            for tag, regexp in (*table.get(value[0] if value else "", ()), *table.get(None, ())):
                if regexp.match(value):
                    return Tag(suffix=tag)
        return super().resolve(kind, value, (False, False) if kind is ScalarNode else implicit)


_STR = "tag:yaml.org,2002:str"


class _Builder:
    """Turns a composed node tree into plain dicts, lists and scalars, noting positions.

    An alias is the same node met again: more than MAX_ALIASES of them, or more than MAX_NODES
    values in all, stop the build, so a 'billion laughs' file costs bounded time and memory.
    """

    def __init__(self, path: str, constructor: SafeConstructor) -> None:
        self.path, self.constructor, self.count = path, constructor, 0
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.values: dict[Loc, tuple[int, int]] = {}
        self.seen: set[int] = set()
        self.aliases = 0

    def document(self, node: Node | None) -> Document:
        data = None if node is None else self.build(node, ())
        return Document(self.path, data, self.keys, self.values)

    def build(self, node: Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Bad(node, "値の数が多すぎます", f"{MAX_NODES:,} 個を超えています", "ファイルを分けてください")
        self.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Bad(node, "エイリアス (*名前) が多すぎます", f"{MAX_ALIASES} 個を超えています",
                           f"エイリアスを {MAX_ALIASES} 個以下にするか、値を直接書いてください")
        self.seen.add(id(node))
        if isinstance(node, MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: MappingNode, loc: Loc) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Bad(key_node, "「<<」(マージキー) は使えません", "<<", "値を直接書いてください")
            if not isinstance(key_node, ScalarNode):
                raise _Bad(key_node, "キーに使えない値です", None, "キーは文字で書いてください")
            key = self.scalar(key_node)
            key = key if isinstance(key, (str, int)) else str(key_node.value)
            if key in result:
                raise _Bad(key_node, "同じキーが二度書かれています", str(key), "どちらか一方を削除してください")
            self.keys[loc + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, loc + (key,))
        return result

    def scalar(self, node: Node) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == "tag:yaml.org,2002:timestamp":
            try:
                return self.constructor.construct_yaml_timestamp(node)
            except ValueError:
                return InvalidDate(node.value)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError) as exc:
            raise _Bad(node, "使えない値です", str(node.tag), "タグ (!!...) を使わずに書いてください") from exc
