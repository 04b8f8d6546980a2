"""The legal lint: what Japanese law requires a notice to state, as a table of rules.

Each rule names its legal basis and whether the law makes the item mandatory (error) or
only advisable (warning). ``check --strict`` turns warnings into errors, except JIS Q 15001's rules
for a group that does not hold the Pマーク. The table is printed by ``privacy-notices rules`` and
kept in ``docs/lint-rules.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from ..errors import Problem, Severity
from ..loader import Company, Group
# The rule modules register their rules when imported; the import order is the table's order.
from . import required, consistency, collection, values, transmissions, notice_fields  # noqa: F401, I001
from .table import RULES, Rule

if TYPE_CHECKING:
    from ..scoped import Scoped

__all__ = ["RULES", "Rule", "lint", "rules_table"]


def lint(group: Group, strict: bool = False, as_of: dt.date | None = None, scoped: Scoped | None = None) -> list[Problem]:
    """Every legal problem of the group, with its basis; warnings become errors when strict.

    ``as_of`` holds a version to the law in force on its date (default: every rule). ``scoped`` keeps what
    the company rules found in each company between runs (they read one company and the group's file).
    """
    kept = {cid: scoped.get("lint", company, partial(_company_rules, group, company))
            for cid, company in group.companies.items()} if scoped is not None else None
    found: list[Problem] = []
    for r in RULES:
        if as_of is not None and r.since is not None and as_of < r.since:
            continue
        if r.scope == "group":
            problems = list(r.check(group))  # type: ignore[call-arg]
        elif kept is not None:
            problems = [p for cid in group.companies for p in kept[cid][r.id]]
        else:
            problems = [p for company in group.companies.values() for p in r.check(group, company)]
        held = strict and (not r.jis or group.file.privacy_mark)  # JIS: only a Pマーク holder is held to it
        severity = Severity.ERROR if held else r.severity
        found += [replace(p, basis=r.basis, severity=severity) for p in problems]
    return found


def _company_rules(group: Group, company: Company) -> dict[str, list[Problem]]:
    """What each company rule finds in ``company``, by rule id."""
    return {r.id: list(r.check(group, company)) for r in RULES if r.scope != "group"}  # type: ignore[call-arg]


def rules_table() -> str:
    """The rule table as Markdown (docs/lint-rules.md)."""
    lines = ["| 規則 | 記載すべき事項 | 根拠 | 重さ | 適用開始 |", "|---|---|---|---|---|"]
    lines += [f"| `{r.id}` | {r.item} | {r.basis} | {_weight(r)} "
              f"| {r.since.isoformat() if r.since else '―'} |" for r in RULES]
    return "\n".join(lines) + "\n"


def _weight(r: Rule) -> str:
    if r.jis:
        return "警告 (Pマークを取得したグループは --strict でエラー)"
    return "エラー" if r.severity is Severity.ERROR else "警告"
