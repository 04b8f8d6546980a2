"""Hostile values for every string field the model declares (used by test_hostile_fields.py).

The fields are read from the pydantic models, never from a hand-kept list: a field added to the
model is attacked by the next test run without anyone remembering to add it here.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Iterator

from pydantic import BaseModel

EVIL_HOST = "evil.example"
PAYLOAD = ("P<script>alert(1)</script><img src=x onerror=alert(2)>"
           "[a](javascript:alert(3))![i](https://evil.example/i.png)"
           "https://x/)<svg/onload=alert(4)>{: onmouseover=alert(5) }")
"""Every class of payload at once: script element, event attribute, javascript: link, an image from
another host, a Markdown link breakout and an attribute list."""

Step = str | int
LIST, MAP = "[]", "{}"


@dataclass(frozen=True)
class Field:
    """A string field: the model that declares it and its path (``[]`` any list item, ``{}`` any map value)."""

    root: type[BaseModel]
    path: tuple[Step, ...]

    def __str__(self) -> str:
        return f"{self.root.__name__}." + ".".join(map(str, self.path))


def _unwrap(tp: Any) -> list[Any]:
    """The alternatives of a type, Annotated and Optional removed."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [alt for arg in typing.get_args(tp) if arg is not type(None) for alt in _unwrap(arg)]
    return [tp]


def string_fields(model: type[BaseModel], prefix: tuple[Step, ...] = ()) -> Iterator[tuple[Step, ...]]:
    """Paths of every free string under ``model`` (Literal choices are not free strings)."""
    for name, info in model.model_fields.items():
        yield from _walk(info.annotation, prefix + (name,))


def _walk(tp: Any, path: tuple[Step, ...]) -> Iterator[tuple[Step, ...]]:
    for alt in _unwrap(tp):
        origin = typing.get_origin(alt)
        if alt is str:
            yield path
        elif isinstance(alt, type) and issubclass(alt, BaseModel):
            yield from string_fields(alt, path)
        elif origin is list:
            yield from _walk(typing.get_args(alt)[0], path + (LIST,))
        elif origin is dict:
            key, value = typing.get_args(alt)
            yield from _walk(value, path + (MAP,))


def locate(data: Any, path: tuple[Step, ...]) -> tuple[Step, ...] | None:
    """A concrete location of ``path`` in ``data``: its parent must exist; the last key may be new."""
    if not path:
        return ()
    head, rest = path[0], path[1:]
    if head in (LIST, MAP):
        items = list(enumerate(data)) if head == LIST and isinstance(data, list) else \
            list(data.items()) if head == MAP and isinstance(data, dict) else []
        for key, value in items:
            found = locate(value, rest)
            if found is not None:
                return (key, *found)
        return None
    if not isinstance(data, dict):
        return None
    if rest == (LIST,) and not isinstance(data.get(head), list):
        return (head, LIST)  # a list the data does not have yet: made with the value as its item
    if not rest:
        return (head,)
    if head not in data:
        return None
    found = locate(data[head], rest)
    return None if found is None else (head, *found)


def put(data: Any, where: tuple[Step, ...], value: Any) -> None:
    if where[-1] == LIST:
        where, value = where[:-1], [value]
    for step in where[:-1]:
        data = data[step]
    data[where[-1]] = value


SEEDS: dict[str, dict[str, Any]] = {
    # a request kind the company does not accept: taken out of accepted, or the two would contradict
    "companies/aoba-hd.yaml": {
        "requests": {
            "accepted": ["purpose_notice", "disclosure", "third_party_record", "correction", "suspension"],
            "not_accepted": {"third_party_stop": "当社は個人データを第三者に提供していないため"},
        },
    },
    # empty structures (output unchanged): the payload becomes the first id of each order
    "content/group.yaml": {
        "structure": {kind: {} for kind in ("policy", "handling", "consent", "cookies", "joint_use")},
    },
}
"""Places for fields the demo does not use, merged into the test's copy of the demo before the
payloads are put: a valid value the payload then replaces (a map's key the model restricts, a
parent the field needs). Only for what the demo has no reason to state; otherwise, add it to the demo."""


def seed(files: dict[str, Any]) -> None:
    """Merge SEEDS into ``files`` (relative path -> parsed data), mapping by mapping."""
    def merge(into: dict[str, Any], new: dict[str, Any]) -> None:
        for key, value in new.items():
            if isinstance(value, dict) and isinstance(into.get(key), dict):
                merge(into[key], value)
            else:
                into[key] = value
    for relative, data in SEEDS.items():
        merge(files[relative], data)
