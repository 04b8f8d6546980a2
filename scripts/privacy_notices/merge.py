"""Merge the group's defaults into a company's own data, field by field.

The strategy of each field is declared on the model (``json_schema_extra={"merge": ...}``)
and written down in DECISIONS.md:

- no marker: the company's value replaces the group's when the company writes the key;
- ``fields``: a nested map merges key by key, the company's keys winning;
- ``by-category``: purpose tables merge per category of person; the group-common purposes
  come first unless the company's cell says ``common: exclude``; a category the company does
  not list keeps the group-common purposes (as in seed 004); themes (headings inside a category)
  merge by title, the group's purposes first;
- ``by-key:<key>``: a list merges by that key: same key -> fields merged, ``disabled: true``
  removes the group's entry, new keys are appended in the company's order.

A company opts out of a group default explicitly with ``omit:`` (DECISIONS.md 30): a list of
dotted paths, each removed from the group's defaults before the merge (:func:`without`):
``<field>`` (any default), ``purposes.<category>``, ``<field>.<part>`` of a field merged key by
key (``requests.fees``), ``sections.<id>`` and ``external_transmissions.<tool>``. Every path is
checked against what the group's defaults actually hold (:func:`omit_problems`).
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel

from .errors import Problem, shown
from .model import CompanyFile, Content, PurposeCell, Theme
from .validate import key_path
from .yamlio import Document


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
                update={"items": common.items + cell.items, "notes": common.notes + cell.notes,
                        "themes": merge_themes(common.themes, cell.themes)})
    return merged


def merge_themes(base: list[Theme], mine: list[Theme]) -> list[Theme]:
    """The group's themes first; a company's theme of the same title adds its purposes after the group's."""
    by_title = {theme.title: theme for theme in base}
    for theme in mine:
        common = by_title.get(theme.title)
        by_title[theme.title] = theme if common is None else common.model_copy(update={"items": common.items + theme.items})
    return list(by_title.values())


def merge_by_key(key: str, base: list[BaseModel], mine: list[BaseModel]) -> list[BaseModel]:
    by_key = {getattr(item, key): item for item in base}
    for item in mine:
        name = getattr(item, key)
        by_key[name] = merge_fields(by_key[name], item) if name in by_key else item
    return [item for item in by_key.values() if not getattr(item, "disabled", False)]


# --- omit: opting out of a group default ----------------------------------------------------------


def _empty(model: type[BaseModel], name: str) -> tuple[bool, Any]:
    """Whether a part of a field merged key by key can be emptied, and its empty value."""
    default = model.model_fields[name].default
    if default is None:
        return True, None
    if isinstance(default, (list, dict)):
        return True, type(default)()
    return False, None  # a yes/no (outsourcing.outsources): say false instead


def _filled(value: Any) -> bool:
    return value is not None and value != [] and value != {}


def omittable(defaults: Content) -> list[str]:
    """Every path ``omit:`` may name for these defaults, in the order of the model."""
    paths: list[str] = []
    for name in Content.model_fields:
        base = getattr(defaults, name)
        if not _filled(base):
            continue
        paths.append(name)
        how = strategy(Content, name)
        if how == "by-category":
            paths += [f"{name}.{category}" for category in base]
        elif how == "fields":
            paths += [f"{name}.{part}" for part in type(base).model_fields
                      if _empty(type(base), part)[0] and _filled(getattr(base, part))]
        elif how.startswith("by-key:"):
            key = how.split(":", 1)[1]
            paths += [f"{name}.{getattr(item, key)}" for item in base if not getattr(item, "disabled", False)]
    return paths


def without(defaults: Content, omit: list[str]) -> Content:
    """The group's defaults with every valid path of ``omit`` removed (unknown paths are ignored here:
    :func:`omit_problems` reports them)."""
    known = set(omittable(defaults))
    update: dict[str, Any] = {}
    for path in (p for p in omit if p in known):
        name, _, part = path.partition(".")
        current = update.get(name, getattr(defaults, name))
        if current is None:
            continue  # the whole field is already removed
        if not part:
            update[name] = None
            continue
        how = strategy(Content, name)
        if how == "by-category":
            update[name] = {c: cell for c, cell in current.items() if c != part}
        elif how == "fields":
            update[name] = current.model_copy(update={part: _empty(type(current), part)[1]})
        else:
            key = how.split(":", 1)[1]
            update[name] = [item for item in current if getattr(item, key) != part]
    return defaults.model_copy(update=update)


def _written(own: CompanyFile, path: str) -> bool:
    """Whether the company's file also writes the value ``path`` removes."""
    name, _, part = path.partition(".")
    mine = getattr(own, name, None)
    if name not in own.model_fields_set or mine is None:
        return False
    if not part:
        return True
    how = strategy(Content, name)
    if how == "by-category":
        return part in mine
    if how == "fields":
        return part in mine.model_fields_set
    key = how.split(":", 1)[1]
    return any(getattr(item, key) == part for item in mine)


def omit_problems(own: CompanyFile, defaults: Content, document: Document) -> list[Problem]:
    """Each path of the company's ``omit:`` that names nothing the group's defaults hold, names it twice,
    or removes a value the company's file writes itself."""
    known = omittable(defaults)
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, path in enumerate(own.omit):
        line, col = document.position(("omit", i))
        key = key_path(("omit", i))
        if path not in known:
            close = difflib.get_close_matches(path, known, n=1, cutoff=0.6)
            hint = f"「{close[0]}」の書き間違いではありませんか。" if close else ""
            listed = ", ".join(known) if known else "(グループ共通の既定値がありません)"
            problems.append(Problem(document.path, line, col, key, "グループ共通の既定値にない項目は外せません", shown(path, 60),
                                    f"{hint}omit に書けるのは次のどれかです: {listed}"))
        elif path in seen:
            problems.append(Problem(document.path, line, col, key, "同じ項目を二度外しています", path,
                                    "どちらか一行を消してください"))
        elif _written(own, path):
            problems.append(Problem(document.path, line, col, key, "外した項目を、会社のファイルにも書いています", path,
                                    f"グループ共通の値を外すなら会社のファイルの {path} を消し、"
                                    f"会社の値で置き換えるなら omit から「{path}」を消してください"))
        seen.add(path)
    return problems
