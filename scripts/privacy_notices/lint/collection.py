"""取得する個人情報と取得の方法 (issue 12): every row states something, and every reference to a kind of
information (a purpose's ``uses``, a method's ``information``) names one the company's table holds.

Rules run on each company's merged data and report where the entry was written (the company's file or
the group's defaults); a problem in the group's defaults is reported once, not once per company.
"""

from __future__ import annotations

import difflib
from typing import Any, Iterator

from ..errors import Problem
from ..loader import Company, Group, Origin
from ..model import Content, PurposeCell
from .table import group_rule, missing

BASIS = "個人情報保護法17条1項・21条1項 (利用目的の特定と、取得する情報の示し方)"
LISTS = ("collected_information", "acquisition_methods")


def keyed_origin(group: Group, company: Company, name: str, key: str) -> Origin:
    """Where the entry ``id: key`` of the merged list ``name`` was written: the company's file, else the group's."""
    for origin, content in ((Origin(company.origin("name").document, (name,)), company.own),
                            (group.origin("defaults", name), group.file.defaults)):
        ids = [item.id for item in getattr(content, name) or []]
        if key in ids:
            return Origin(origin.document, origin.loc + (ids.index(key),))
    return company.origin(name)


def _once(problems: Iterator[Problem]) -> Iterator[Problem]:
    seen: set[tuple[Any, ...]] = set()
    for p in problems:
        key = (p.path, p.line, p.column, p.message, p.found)
        if key not in seen:
            seen.add(key)
            yield p


@group_rule("collection-items", "取得する個人情報の各種類の名称と項目、各取得方法の手段と取得する情報", BASIS)
def _items(group: Group) -> Iterator[Problem]:
    yield from _once(p for company in group.companies.values() for p in _company_items(group, company))
    yield from _once(_duplicates(group))


def _company_items(group: Group, company: Company) -> Iterator[Problem]:
    for kind in company.data.collected_information or []:
        where = keyed_origin(group, company, "collected_information", kind.id)
        if kind.label is None:
            yield missing(where, item=f"情報の種類「{kind.id}」の名称",
                          fix="label: に名称 (例: 基本情報) を書いてください")
        if not kind.items:
            yield missing(where, item=f"情報の種類「{kind.label or kind.id}」の項目",
                          fix="items: に項目 (例: 氏名、住所) を一つ以上書くか、この種類を削除してください")
    for method in company.data.acquisition_methods or []:
        where = keyed_origin(group, company, "acquisition_methods", method.id)
        if method.channel is None and method.description is None:
            yield missing(where, item=f"取得の方法「{method.id}」の手段",
                          fix="channel: (written・web・phone・in_person・third_party・public・automatic) "
                              "か description: を書いてください")
        if not method.information:
            yield missing(where, item=f"取得の方法「{method.id}」で取得する情報",
                          fix="information: に collected_information の id を一つ以上書いてください")


def _duplicates(group: Group) -> Iterator[Problem]:
    sources = [(group.origin("defaults"), group.file.defaults)]
    sources += [(Origin(c.origin("name").document, ()), c.own) for c in group.companies.values()]
    for where, content in sources:
        for name in LISTS:
            seen: set[str] = set()
            for i, item in enumerate(getattr(content, name) or []):
                if item.id in seen:
                    yield where.problem(name, i, "id", message="同じ id が二度書かれています", found=item.id,
                                        fix="別の id にするか、一つにまとめてください")
                seen.add(item.id)


# --- references ---------------------------------------------------------------------------------------


@group_rule("collection-references", "利用目的 (uses) と取得の方法 (information) が参照する情報の種類があること", BASIS)
def _references(group: Group) -> Iterator[Problem]:
    inherited: dict[tuple[str | int, ...], tuple[str, list[str], list[str]]] = {}  # loc -> id, known, companies
    for company in group.companies.values():
        known = [k.id for k in company.data.collected_information or []]
        shown = {key for _, key, _ in _refs(None, company.data)}  # what the company's notices show
        own = Origin(company.origin("name").document, ())
        for loc, key, ref in _refs(own, company.own):
            if ref not in known and key in shown:
                yield Origin(own.document, loc).problem(message="知らない情報の種類です", found=ref, fix=_fix(ref, known))
        for loc, key, ref in _refs(group.origin("defaults"), group.file.defaults):
            if ref not in known and key in shown:
                inherited.setdefault(loc, (ref, known, []))[2].append(company.id)
    for loc, (ref, known, companies) in inherited.items():  # once, naming every company whose notices show it
        yield group.origin(*loc).problem(message="知らない情報の種類です", found=f"{ref} ({'・'.join(companies)} の文書)",
                                         fix=_fix(ref, known))


def _fix(ref: str, known: list[str]) -> str:
    if not known:
        return f"collected_information: に id が「{ref}」の情報の種類 (label と items) を書いてください"
    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.5)
    hint = f"「{close[0]}」の書き間違いではありませんか。" if close else ""
    return f"{hint}collected_information にある id のどれかを書いてください: {', '.join(known)}"


def _cells(content: Content) -> Iterator[tuple[tuple[str | int, ...], str, PurposeCell]]:
    for category, cell in (content.purposes or {}).items():
        yield ("purposes",), category, cell
    if content.acquisition_purposes:
        for category, cell in content.acquisition_purposes.rows.items():
            yield ("acquisition_purposes", "rows"), category, cell


Key = tuple[Any, ...]


def _refs(where: Origin | None, content: Content) -> Iterator[tuple[tuple[str | int, ...], Key, str]]:
    """(location of the id in the file, what names it, the id) for every reference in ``content``.

    The key identifies the purpose or method in the merged data, whichever file wrote it."""
    data, prefix = (where.document.data, where.loc) if where else (None, ())
    for table, category, cell in _cells(content):
        loc = prefix + table + (category,)
        if not isinstance(_at(data, loc), list):  # the long form; the short one is the list itself
            loc += ("items",)
        for i, p in enumerate(cell.items):
            for j, ref in enumerate(p.uses):
                yield loc + (i, "uses", j), ("purpose", table, category, p.text, tuple(p.uses)), ref
        for t, theme in enumerate(cell.themes):
            for i, p in enumerate(theme.items):
                for j, ref in enumerate(p.uses):
                    yield (prefix + table + (category, "themes", t, "items", i, "uses", j),
                           ("purpose", table, category, p.text, tuple(p.uses)), ref)
    for i, method in enumerate(content.acquisition_methods or []):
        for j, ref in enumerate(method.information):
            yield prefix + ("acquisition_methods", i, "information", j), ("method", method.id, ref), ref


def _at(data: Any, loc: tuple[str | int, ...]) -> Any:
    for step in loc:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data
