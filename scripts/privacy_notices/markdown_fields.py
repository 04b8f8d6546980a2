"""Every Markdown value of the loaded data, checked against the subset of :mod:`privacy_notices.prose`.

The fields are found from the model, by the :data:`~privacy_notices.model.Markdown` declaration
(``contentMediaType: text/markdown`` in the JSON Schema), never from a hand-kept list: a Markdown
field added to the model is checked from then on. Problems point at the line inside the value.
"""

from __future__ import annotations

import types
import typing
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .errors import Problem
from .model import MARKDOWN_MEDIA_TYPE
from .prose import findings
from .validate import key_path
from .yamlio import Document

if TYPE_CHECKING:
    from .loader import Company, Group
    from .scoped import Scoped

Loc = tuple[str | int, ...]


def markdown_problems(group: Group, scoped: Scoped | None = None) -> list[Problem]:
    """Problems in the Markdown of the group's file and of each company's own file (each company's kept in
    ``scoped`` between runs)."""
    sources: dict[str, str] = {}
    problems = list(_walk(group.root, group.document, group.file, (), sources))
    for company in group.companies.values():
        walk = partial(_company_problems, group.root, company, sources)
        problems += scoped.get("markdown", company, walk) if scoped is not None else walk()
    return problems


def _company_problems(root: Path, company: Company, sources: dict[str, str]) -> list[Problem]:
    return list(_walk(root, company.origin("name").document, company.own, (), sources))


def is_markdown(field: FieldInfo) -> bool:
    """Whether the model declares ``field`` as Markdown."""
    return _declared(field) or _annotated(field.annotation)


def _declared(field: FieldInfo) -> bool:
    extra = field.json_schema_extra
    return isinstance(extra, dict) and extra.get("contentMediaType") == MARKDOWN_MEDIA_TYPE


def _annotated(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(tp)
        return any(isinstance(m, FieldInfo) and _declared(m) for m in metadata) or _annotated(base)
    if origin in (typing.Union, types.UnionType):
        return any(_annotated(arg) for arg in typing.get_args(tp))
    return False


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """A model's fields and whether each is Markdown (worked out once per model, not once per value: issue 14)."""
    return tuple((name, is_markdown(field)) for name, field in model.model_fields.items())


def _walk(root: Path, document: Document, value: Any, loc: Loc, sources: dict[str, str]) -> Iterator[Problem]:
    if isinstance(value, BaseModel):
        for name, markdown in _fields(type(value)):
            item = getattr(value, name)
            if isinstance(item, str) and markdown:
                yield from _problems(root, document, loc + (name,), item, sources)
            else:
                yield from _walk(root, document, item, loc + (name,), sources)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(root, document, item, loc + (i,), sources)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(root, document, item, loc + (key,), sources)


def _problems(root: Path, document: Document, loc: Loc, text: str, sources: dict[str, str]) -> Iterator[Problem]:
    for finding in findings(text):
        line, column = _position(root, document, loc, text, finding.offset, sources)
        yield Problem(document.path, line, column, key_path(loc), finding.message, finding.found, finding.fix)


def _position(root: Path, document: Document, loc: Loc, text: str, offset: int,
              sources: dict[str, str]) -> tuple[int, int]:
    """The line and column in the YAML file of ``offset`` in the value at ``loc``.

    The value's own position is known; the place inside it is found by looking for the words
    there (up to the next space: a YAML line break folds into one) after that position, which finds
    them in block scalars (``|``, ``>``) and plain ones alike. When escapes in a quoted string hide
    them, the value's own position is given.
    """
    line, column = document.position(loc)
    if document.path not in sources:
        sources[document.path] = (root / document.path).read_text(encoding="utf-8")
    source = sources[document.path]
    words = text[offset:].split(maxsplit=1)
    if not words:
        return line, column
    needle = words[0][:20]
    after = [p for p in (*document.keys.values(), *document.values.values()) if p > (line, column)]
    end = _offset(source, *min(after)) if after else len(source)  # the next key or item ends the value
    at = _offset(source, line, column) - 1
    for _ in range(text.count(needle, 0, offset) + 1):  # the same words met earlier in the value
        at = source.find(needle, at + 1, end)
        if at < 0:
            return line, column
    return source.count("\n", 0, at) + 1, at - (source.rfind("\n", 0, at) + 1) + 1


def _offset(source: str, line: int, column: int) -> int:
    at = 0
    for _ in range(line - 1):
        at = source.find("\n", at) + 1
    return at + column - 1
