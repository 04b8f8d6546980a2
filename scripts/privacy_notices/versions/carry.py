"""Carrying one change into another version: the edits that turned ``base`` into ``changed``, applied to ``target``.

``record --all --date D`` uses it when a document has a revision announced after D (DECISIONS.md,
"Amending and withdrawing announced revisions"):
the group-wide change is the difference between the announced text and the same version rendered from
today's data; carried onto the version in force before D it makes D's text, without the announced
revision's own changes. Lines are the unit; an edit touching a line the target does not share is a
conflict (None), never a guess. The same on resolved data: the paths that changed are set.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any


def carry(base: str, changed: str, target: str) -> str | None:
    """``target`` with the line edits from ``base`` to ``changed``; None when one of them does not apply."""
    old, new, into = (text.splitlines(keepends=True) for text in (base, changed, target))
    mapping = {}
    for block in SequenceMatcher(None, old, into, autojunk=False).get_matching_blocks():
        mapping.update({block.a + k: block.b + k for k in range(block.size)})
    edits = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:  # replaced or deleted lines: all of them in the target, one after another
            where = [mapping.get(i) for i in range(i1, i2)]
            if None in where or where != list(range(where[0], where[0] + len(where))):  # type: ignore[operator]
                return None
            start, end = where[0], where[-1] + 1  # type: ignore[operator]
        elif i1 in mapping:  # inserted before a line the target shares
            start = end = mapping[i1]
        elif i1 > 0 and i1 - 1 in mapping:  # ... or after one
            start = end = mapping[i1 - 1] + 1
        elif not old and not into:  # everything is new
            start = end = 0
        else:
            return None
        edits.append((start, end, new[j1:j2]))
    for start, end, lines in reversed(edits):
        into[start:end] = lines
    return "".join(into)


def carry_data(base: Any, changed: Any, target: Any) -> Any:
    """``target`` with every value that differs between ``base`` and ``changed`` set as in ``changed``
    (mappings compared key by key, anything else replaced whole)."""
    if not (isinstance(base, dict) and isinstance(changed, dict) and isinstance(target, dict)):
        return changed if base != changed else target
    result = dict(target)
    for key in base.keys() | changed.keys():
        if key not in changed:
            result.pop(key, None)
        elif key not in base:
            result[key] = changed[key]
        elif base[key] != changed[key]:
            result[key] = carry_data(base[key], changed[key], target.get(key))
    return result
