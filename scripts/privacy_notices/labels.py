"""The Japanese labels of the model's keys, read from the model's own declarations (one source).

- a ``Literal``'s values: the :class:`~privacy_notices.model.Labels` declared beside it
  (``Annotated[Literal[...], Labels(...)]``);
- a field: the first sentence of its docstring (the text editors see on hover in the JSON Schema),
  up to ``。`` (``基本方針の策定。`` -> 基本方針の策定).

Templates (``REQUEST_LABELS`` ...), the change summaries, the group report and the lint take their
labels from here, so a label is written once, in ``model.py``.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel

from .model import (AnswerMethod, ContactRole, LeakResponse, Labels, Outsourcing, RequestKind,
                    SecurityMeasures)


def literal_values(alias: Any) -> tuple[str, ...]:
    """The values of a ``Literal`` (under ``Annotated``)."""
    while typing.get_origin(alias) is typing.Annotated:
        alias = typing.get_args(alias)[0]
    assert typing.get_origin(alias) is typing.Literal, alias
    return typing.get_args(alias)


def _declared(alias: Any) -> Labels:
    return next(m for m in typing.get_args(alias)[1:] if isinstance(m, Labels))


def literal_labels(alias: Any) -> dict[str, str]:
    """``{value: label}`` of an ``Annotated[Literal[...], Labels(...)]``, in the Literal's order."""
    declared = _declared(alias).labels
    return {value: declared[value] for value in literal_values(alias)}


def short_labels(alias: Any) -> dict[str, str]:
    """``{value: short name}``: the declared short name, else the label before its ` (` (「書面 (郵送)」 -> 書面)."""
    declared = _declared(alias)
    return {value: declared.short.get(value, label.split(" (")[0]) for value, label in literal_labels(alias).items()}


def field_label(model: type[BaseModel], name: str) -> str:
    """The label of a field: its docstring up to the first 「。」, 「 (」 or 「:」 (the name when it has none)."""
    field = model.model_fields.get(name)
    return re.split(r"。| \(|:", field.description)[0] if field is not None and field.description else name


def field_labels(model: type[BaseModel], *names: str) -> dict[str, str]:
    """``{field: label}`` of the given fields of ``model``, in that order."""
    return {name: field_label(model, name) for name in names}


REQUEST_LABELS = literal_labels(RequestKind)
ROLE_LABELS = literal_labels(ContactRole)
ANSWER_LABELS = literal_labels(AnswerMethod)
REQUEST_SHORT = short_labels(RequestKind)
ANSWER_SHORT = short_labels(AnswerMethod)
SECURITY_LABELS = field_labels(SecurityMeasures, *(n for n in SecurityMeasures.model_fields if n != "intro"))
OUTSOURCING_LABELS = field_labels(Outsourcing, "data_scope", "selection_criteria", "contract_terms", "supervision")
LEAK_LABELS = field_labels(LeakResponse, "report", "notice", "publication", "prevention")

LITERALS: dict[str, Any] = {"RequestKind": RequestKind, "ContactRole": ContactRole, "AnswerMethod": AnswerMethod}
"""The labelled Literals (a test requires a label for each of their values)."""
