"""Reading YAML the way legal editors write it: safely, with positions, with clear errors.

The round-trip loader keeps line and column of every key and item, so any problem
found later can point at the exact place in the file. Before parsing, the raw bytes
are checked for what ruamel.yaml would report obscurely (BOM, encoding, tabs), and the
size and number of aliases are bounded so a hostile file cannot exhaust memory.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from .errors import Problem

MAX_BYTES = 1_000_000
"""No notice comes near this; anything bigger is a mistake or an attack."""
MAX_ALIASES = 100
"""Aliases (``*name``) allowed per file; a 'billion laughs' bomb needs far more."""


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
    """The one round-trip YAML instance configuration used to read and edit data."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    return yaml


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its data and where each key stands in the file."""

    path: str
    data: Any

    def position(self, loc: tuple[str | int, ...], at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the deepest node on ``loc`` that exists.

        A map entry found at the end of ``loc`` points at its value, or at its key when
        ``at_key`` (an unknown or misspelt key); anything missing points at its parent's key.
        """
        node, line, col = self.data, 0, 0
        if isinstance(node, (CommentedMap, CommentedSeq)) and node.lc.line is not None:
            line, col = node.lc.line, node.lc.col
        for i, part in enumerate(loc):
            if isinstance(node, CommentedMap) and part in node:
                last = i == len(loc) - 1
                line, col = node.lc.value(part) if last and not at_key else node.lc.key(part)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, col = node.lc.item(part)
                node = node[part]
            else:
                break
        return line + 1, col + 1


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def _problem(path: str, line: int, col: int, message: str, found: str | None, fix: str) -> Problem:
    return Problem(path, line, col, "", message, found, fix)


def read_yaml(file: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse ``file``; ``shown_as`` is the path printed in messages."""
    raw = file.read_bytes()
    if len(raw) > MAX_BYTES:
        return None, [_problem(shown_as, 1, 1, "ファイルが大きすぎます", f"{len(raw):,} バイト",
                               f"{MAX_BYTES:,} バイト以下に分けてください")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [_problem(shown_as, 1, 1, "ファイルの先頭に BOM があります", "UTF-8 (BOM付き)",
                               "BOMなしの UTF-8 で保存し直してください")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [_problem(shown_as, line, col, "文字コードが UTF-8 ではありません",
                               f"0x{raw[exc.start]:02X}", "UTF-8 で保存し直してください (Shift_JIS は使えません)")]
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        col = tab.end() - tab.start()
        return None, [_problem(shown_as, line, col, "字下げにタブ文字が使われています", "タブ",
                               "字下げは半角スペースで書いてください")]
    if not [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]:
        return None, [_problem(shown_as, 1, 1, "ファイルが空です", None, "必要な項目を書いてください")]
    yaml = new_yaml()
    try:
        aliases = sum(isinstance(ev, AliasEvent) for ev in yaml.parse(text))
        if aliases > MAX_ALIASES:
            return None, [_problem(shown_as, 1, 1, "エイリアス (*名前) が多すぎます", f"{aliases} 個",
                                   f"エイリアスを {MAX_ALIASES} 個以下にするか、値を直接書いてください")]
        data = yaml.load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        return None, [_problem(shown_as, mark.line + 1, mark.column + 1, "同じキーが二度書かれています",
                               _duplicate_key(exc), "どちらか一方を削除してください")]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [_problem(shown_as, line, col, "YAML の書き方に誤りがあります", _reason(exc),
                               "字下げ・コロン (:)・引用符の対応を確認してください")]
    except (YAMLError, RecursionError) as exc:
        return None, [_problem(shown_as, 1, 1, "YAML を読み込めません", type(exc).__name__,
                               "ファイルの書き方を確認してください")]
    return Document(shown_as, data), []


def _reason(exc: MarkedYAMLError) -> str:
    return str(exc.problem or exc.context or "").strip()


def _duplicate_key(exc: DuplicateKeyError) -> str:
    match = re.search(r'found duplicate key "([^"]*)"', str(exc))
    return match.group(1) if match else ""


def plain(value: Any) -> Any:
    """The data as plain dicts, lists and scalars (what the model validates)."""
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, (str, int)) else k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, InvalidDate):
        return value
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return str(value)
    return value
