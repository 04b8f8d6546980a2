"""Merge the group's defaults into a company's own data, field by field.

The strategy of each field is declared on the model (``json_schema_extra={"merge": ...}``)
and written down in DECISIONS.md:

- no marker: the company's value replaces the group's when the company writes the key;
- ``fields``: a nested map merges key by key, the company's keys winning;
- ``by-category``: purpose tables merge per category of person; the group-common purposes
  come first unless the company's cell says ``common: exclude``; a category the company does
  not list keeps the group-common purposes (as in seed 004);
- ``by-key:<key>``: a list merges by that key: same key -> fields merged, ``disabled: true``
  removes the group's entry, new keys are appended in the company's order.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .model import Content, PurposeCell


def strategy(model: type[BaseModel], name: str) -> str:
    extra = model.model_fields[name].json_schema_extra
    return str(extra.get("merge", "replace")) if isinstance(extra, dict) else "replace"


def merge_content(default: Content, own: Content) -> dict[str, Any]:
    """The values of every Content field for a company: ``{field: value}``."""
    merged: dict[str, Any] = {}
    for name in Content.model_fields:
        base, mine = getattr(default, name), getattr(own, name)
        if name not in own.model_fields_set or mine is None:
            merged[name] = base
        elif base is None:
            merged[name] = mine
        else:
            merged[name] = _merge(strategy(Content, name), base, mine)
    return merged


def _merge(how: str, base: Any, mine: Any) -> Any:
    if how == "fields":
        return merge_fields(base, mine)
    if how == "by-category":
        return merge_purposes(base, mine)
    if how.startswith("by-key:"):
        return merge_by_key(how.split(":", 1)[1], base, mine)
    return mine


def merge_fields(base: BaseModel, mine: BaseModel) -> BaseModel:
    """``base`` with the fields ``mine`` sets explicitly."""
    return base.model_copy(update={k: getattr(mine, k) for k in mine.model_fields_set})


def merge_purposes(base: dict[str, PurposeCell], mine: dict[str, PurposeCell]) -> dict[str, PurposeCell]:
    merged = dict(base)
    for category, cell in mine.items():
        common = base.get(category)
        if common is None or cell.common == "exclude":
            merged[category] = cell
        else:
            merged[category] = cell.model_copy(
                update={"items": common.items + cell.items, "notes": common.notes + cell.notes})
    return merged


def merge_by_key(key: str, base: list[BaseModel], mine: list[BaseModel]) -> list[BaseModel]:
    by_key = {getattr(item, key): item for item in base}
    for item in mine:
        name = getattr(item, key)
        by_key[name] = merge_fields(by_key[name], item) if name in by_key else item
    return [item for item in by_key.values() if not getattr(item, "disabled", False)]
