"""``check``: load and validate everything, then run the legal lint; problems in a stable order."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem, Severity, sort_problems
from .lint import lint
from .loader import Group, load_group


def check(root: Path, strict: bool = False) -> tuple[Group | None, list[Problem]]:
    """The loaded group and every problem found; the group is usable only when no error is listed."""
    group, problems = load_group(root)
    if group is not None:  # lint what did load, so the editor sees every problem at once
        problems += lint(group, strict=strict)
    return group, sort_problems(problems)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
