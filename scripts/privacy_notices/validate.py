"""Validate one parsed file against the model, turning every error into a Japanese Problem.

pydantic does the checking; this module only translates its error types into sentences
a legal editor can act on, and points them at the line and column of the YAML file.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import characters
from .errors import Problem, shown
from .links import FieldValueError
from .model import ID_PATTERN, SELF_REFERENCE_PATTERN, DateError
from .yamlio import Document

M = TypeVar("M", bound=BaseModel)

_FULLWIDTH = re.compile(r"[０-９－／]")


PLACEHOLDER = re.compile(r"《[^》]*》")
PLACEHOLDER_MESSAGE = "まだ書き換えていない箇所です"
PLACEHOLDER_FIX = "《》の部分を実際の内容に書き換えてください"


def is_placeholder(value: object) -> bool:
    """A value still holding new-company's 《…》 placeholder."""
    return isinstance(value, str) and bool(PLACEHOLDER.search(value))


def key_path(loc: tuple[str | int, ...]) -> str:
    """``('purposes', 'customer', 'items', 2)`` -> ``purposes.customer.items[2]``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validate(document: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The document's data as ``model``, or None and the problems found.

    A value still holding a 《…》 placeholder is reported once, as such, and makes the file
    unusable until it is filled in (a half-written company must not reach the site). So does a
    control or invisible formatting character in any key or value (:mod:`.characters`).
    """
    left = list(_placeholders(document, document.data, ())) + list(_hidden(document, document.data, ()))
    try:
        data = model.model_validate(document.data)
        problems: list[Problem] = []
    except ValidationError as exc:
        data = None
        problems = [_problem(document, model, err) for err in exc.errors(include_url=False)
                    if not is_placeholder(err.get("input")) and not _has_hidden(err)]
    return (None if left else data), left + problems


def _placeholders(document: Document, value: Any, loc: tuple[str | int, ...]) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(document, item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _placeholders(document, item, loc + (i,))
    elif is_placeholder(value):
        line, col = document.position(loc)
        yield Problem(document.path, line, col, key_path(loc), PLACEHOLDER_MESSAGE, shown(value), PLACEHOLDER_FIX)


def _hidden(document: Document, value: Any, loc: tuple[str | int, ...]) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            found = characters.first_in(key) if isinstance(key, str) else None
            if found:
                line, col = document.position(loc + (key,), at_key=True)
                yield characters.problem(document.path, line, col, characters.visible(key_path(loc + (key,))),
                                         found[0], f"キーの {found[1]} 文字目")
            yield from _hidden(document, item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _hidden(document, item, loc + (i,))
    elif isinstance(value, str):
        found = characters.first_in(value)
        if found:
            line, col = document.position(loc)
            yield characters.problem(document.path, line, col, characters.visible(key_path(loc)),
                                     found[0], f"値の {found[1]} 文字目")


def _has_hidden(err: Any) -> bool:
    """An error about a key or value already reported for its hidden characters."""
    texts = [p for p in err["loc"] if isinstance(p, str)] + [err.get("input")]
    return any(isinstance(t, str) and characters.first_in(t) for t in texts)


def _problem(document: Document, model: type[BaseModel], err: Any) -> Problem:
    loc = tuple(err["loc"])
    is_key = "[key]" in loc  # a bad key of a map: pydantic appends the marker after the key
    loc = tuple(p for p in loc if p != "[key]")
    message, found, fix = _explain(err, model, loc, is_key)
    line, col = document.position(loc, at_key=is_key or err["type"] == "extra_forbidden")
    return Problem(document.path, line, col, key_path(loc), message, found, fix)


def _explain(err: Any, model: type[BaseModel], loc: tuple[str | int, ...], is_key: bool) -> tuple[str, str | None, str]:
    kind, value = err["type"], err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "必須の項目がありません", None, f"「{loc[-1]}:」を書いてください"
    if kind == "extra_forbidden":
        known = allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        fix = f"「{close[0]}」の書き間違いではありませんか" if close else "使えるキー: " + ", ".join(known)
        return "知らないキーです", str(loc[-1]), fix
    error = ctx.get("error")
    if isinstance(error, DateError):
        return _date_message(error)
    if isinstance(value, str) and _FULLWIDTH.search(value):
        return "全角の数字・記号が使われています", shown(value), "半角で書いてください"
    if isinstance(error, FieldValueError):
        return error.message, shown(error.found if error.found is not None else value), error.fix
    if kind == "string_pattern_mismatch":
        return _pattern_message(ctx.get("pattern", ""), value, is_key)
    if kind == "literal_error":
        return "使えない値です", shown(value), "次のどれかを書いてください: " + ctx.get("expected", "")
    simple = _SIMPLE.get(kind)
    if simple:  # quote a string found where another type belongs: "1000" is not 1000
        found = f'"{shown(value)}"' if isinstance(value, str) and kind.endswith("_type") else shown(value)
        return simple[0], found, simple[1].format(**ctx)
    return "値が正しくありません", shown(value), err["msg"]


_SIMPLE: dict[str, tuple[str, str]] = {
    "string_type": ("文字列を書いてください", "引用符 (\") で囲むと確実に文字列になります"),
    "string_too_short": ("空にできません", "内容を書くか、この行を削除してください"),
    "string_too_long": ("長すぎます", "{max_length} 文字以内にしてください"),
    "int_type": ("整数を書いてください", "半角数字だけで書いてください (例: 1000)"),
    "bool_type": ("true か false を書いてください", "true または false と書いてください"),
    "list_type": ("リストを書いてください", "「- 」で始まる行を並べてください"),
    "dict_type": ("「キー: 値」の組を書いてください", "字下げして「キー: 値」を並べてください"),
    "model_type": ("「キー: 値」の組を書いてください", "字下げして「キー: 値」を並べてください"),
    "too_short": ("一つ以上書いてください", "少なくとも {min_length} 件書いてください"),
    "greater_than_equal": ("値が小さすぎます", "{ge} 以上にしてください"),
    "less_than_equal": ("値が大きすぎます", "{le} 以下にしてください"),
    "date_type": ("日付を書いてください", "YYYY-MM-DD の形で書いてください (例: 2024-04-01)"),
}


def _date_message(error: DateError) -> tuple[str, str | None, str]:
    value = shown(error.value)
    if error.kind == "fullwidth":
        return "日付に全角の文字が使われています", value, "半角で YYYY-MM-DD の形に書いてください (例: 2024-04-01)"
    if error.kind == "impossible":
        return "存在しない日付です", value, "暦にある日付を書いてください"
    if error.kind == "datetime":
        return "日付に時刻は書けません", value, "YYYY-MM-DD だけを書いてください"
    return "日付の形が違います", value, "YYYY-MM-DD の形で書いてください (例: 2024-04-01)"


def _pattern_message(pattern: str, value: Any, is_key: bool) -> tuple[str, str | None, str]:
    what = "キー" if is_key else "識別子"
    if pattern == ID_PATTERN:
        return (f"{what}に使えない文字があります", shown(value),
                "英小文字で始め、英小文字・数字・- ・_ だけで書いてください (例: customer)")
    if pattern == SELF_REFERENCE_PATTERN:
        return "自らの呼び方の形が違います", shown(value), "「当社」「当組合」のように、空白や半角の文字を含まない全角 10 文字までの言葉を書いてください"
    if r"\d{3}-\d{4}" in pattern:
        return "郵便番号の形が違います", shown(value), "半角で 123-4567 の形に書いてください"
    return "形が違います", shown(value), f"次の形に合わせてください: {pattern}"


# --- which keys a model allows at a location (for suggestions) -------------------------------------


def allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names of the model that sits at ``loc`` under ``model``."""
    target: Any = model
    for part in loc:
        target = _step(target, part)
    target = _unwrap(target)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0]
        else:
            return tp


def _step(tp: Any, part: str | int) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(str(part))
        return field.annotation if field else None
    origin = typing.get_origin(tp)
    if origin is list:
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    return None
