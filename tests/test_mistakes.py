"""Editors' mistakes written before the consistency rules (issue 11): how many `check --strict` catches.

The cases (tests/fixtures/mistakes/cases.yaml) are small edits of the demo group. ``check`` runs
without the archive's checks: any edit of published text is an unrecorded revision, which says
nothing about whether the mistake itself was seen.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import DATA_FILES, FIXTURES, ROOT, messages
from privacy_notices.yamlio import new_yaml

def _load(name: str) -> list[dict[str, Any]]:
    return YAML(typ="safe").load((FIXTURES / "mistakes" / name).read_text(encoding="utf-8"))


FIRST, HELD_OUT = _load("cases.yaml"), _load("heldout.yaml")
"""The mistakes the rules were written against, and 30 more written afterwards blind to the rules
(DECISIONS.md 29), which measured how far the rules generalise (17 of 30 before they were widened)."""
CASES = FIRST + HELD_OUT
CAUGHT_BEFORE = 4
"""Of FIRST, caught by `check --strict` before the consistency rules (measured when the cases were written)."""


def _node(data: Any, path: str) -> tuple[Any, str | int]:
    keys: list[str | int] = [int(k) if k.isdigit() else k for k in path.split(".")]
    for key in keys[:-1]:
        data = data[key]
    return data, keys[-1]


def apply(root: Path, case: dict[str, Any]) -> None:
    """Make the case's edit in a copy of the demo group."""
    path = root / case["file"]
    if "replace" in case:
        old, new = case["replace"]
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{case['id']}: {old!r} occurs {text.count(old)} times"
        path.write_text(text.replace(old, new), encoding="utf-8")
    yaml = new_yaml()
    data = yaml.load(path.read_text(encoding="utf-8"))
    for step in (case, case.get("then", {})):
        if "set" in step:
            parent, key = _node(data, step["set"]["path"])
            parent[key] = step["set"]["value"]
        if "append" in step:
            parent, key = _node(data, step["append"]["path"])
            parent[key].append(step["append"]["value"])
        for dotted in step.get("delete", []):
            parent, key = _node(data, dotted)
            del parent[key]
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def found(tmp_path: Path, case: dict[str, Any]) -> list[str]:
    root = tmp_path / case["id"]
    for part in DATA_FILES:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, root / part)
    apply(root, case)
    return messages(root, strict=True, versions=False)


def test_there_are_at_least_30_cases_in_each_set_with_unique_ids() -> None:
    assert len(FIRST) >= 30 and len(HELD_OUT) >= 30 and len({c["id"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_every_mistake_is_caught(tmp_path: Path, case: dict[str, Any]) -> None:
    assert found(tmp_path, case), f"{case['id']} ({case['class']}) passes check --strict"


def test_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The closing note's figure: caught before the rules, caught now, per class."""
    total, caught = Counter(c["class"] for c in CASES), Counter()
    for case in CASES:
        if found(tmp_path, case):
            caught[case["class"]] += 1
    with capsys.disabled():
        print("\n" + "\n".join(f"{cls}: {caught[cls]}/{n}" for cls, n in sorted(total.items())))
        print(f"caught: {sum(caught.values())}/{len(CASES)} (first set before the rules: {CAUGHT_BEFORE}/{len(FIRST)}, "
              f"held-out set before widening: 17/{len(HELD_OUT)})")
    assert sum(caught.values()) >= CAUGHT_BEFORE
