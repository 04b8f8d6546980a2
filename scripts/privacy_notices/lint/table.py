"""The lint's rule table: the :class:`Rule` record, the registry the rule modules fill, and the helpers
they share (where a merged value was written, the "〇〇が書かれていません" problem).

The rules live in ``required`` (items the law requires), ``consistency``, ``values`` and
``transmissions`` (issue 11); :mod:`privacy_notices.lint` imports them in that order and runs them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterator

from ..errors import Problem, Severity
from ..loader import Company, Group, Origin

Check = Callable[..., Iterator[Problem]]


@dataclass(frozen=True)
class Rule:
    id: str
    item: str
    """The item the notice must state, in Japanese."""
    basis: str
    """Article of the law (or guideline) that requires it."""
    severity: Severity
    check: Check
    """``check(group, company)`` for company rules, ``check(group)`` for group rules."""
    scope: str = "company"
    since: dt.date | None = None
    """The day the requirement took effect; a version recorded before it is not held to it."""
    jis: bool = False
    """A JIS Q 15001 requirement: a warning that fails ``--strict`` only for a group holding the Pマーク."""


RULES: list[Rule] = []


APPI_2020_AMENDMENT = dt.date(2022, 4, 1)
"""令和2年改正個人情報保護法の施行日: 安全管理措置の公表、第三者提供記録の開示、外的環境の把握など。"""
TBA_EXTERNAL_TRANSMISSION = dt.date(2023, 6, 16)
"""改正電気通信事業法 (外部送信規律) の施行日。"""


def rule(id: str, item: str, basis: str, severity: Severity = Severity.ERROR, scope: str = "company",
         since: dt.date | None = None, jis: bool = False) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES.append(Rule(id, item, basis, Severity.WARNING if jis else severity, check, scope, since, jis))
        return check
    return register


def group_rule(id: str, item: str, basis: str, severity: Severity = Severity.ERROR,
               since: dt.date | None = None) -> Callable[[Check], Check]:
    return rule(id, item, basis, severity, scope="group", since=since)


JIS_BASIS = "JIS Q 15001 (プライバシーマーク)"


def missing(where: Origin, *loc: str | int, item: str, fix: str) -> Problem:
    return where.problem(*loc, message=f"{item}が書かれていません", fix=fix)


def entry_origin(group: Group, company: Company, name: str, key: str) -> Origin:
    """Where the entry ``key`` of a merged map or keyed list was written: company file or group defaults.

    Merged lists are numbered differently from either file, so entries are found by key
    (a purpose category, a transmission's ``tool``).
    """
    for origin, content in ((Origin(company.origin("name").document, (name,)), company.own),
                            (group.origin("defaults", name), group.file.defaults)):
        value = getattr(content, name) or {}
        keys = list(value) if isinstance(value, dict) else [getattr(item, "tool", None) for item in value]
        if key in keys:
            return Origin(origin.document, origin.loc + (key if isinstance(value, dict) else keys.index(key),))
    return company.origin(name)


def field_origin(group: Group, company: Company, name: str, field: str) -> Origin:
    """Where the sub-field ``field`` of a field merged key by key (``requests``, ...) was written."""
    own = getattr(company.own, name)
    if own is not None and field in own.model_fields_set:
        return Origin(company.origin("name").document, (name, field))
    if f"{name}.{field}" in company.own.omit:  # removed from the group's defaults by the company's omit:
        return Origin(company.origin("name").document, ("omit", company.own.omit.index(f"{name}.{field}")))
    base = getattr(group.file.defaults, name)
    if base is not None and field in base.model_fields_set:
        return group.origin("defaults", name, field)
    return company.origin(name)
