"""Problems found in the group's data, and the one shape they are printed in.

Every check in the package reports a :class:`Problem` instead of raising, so that
``privacy-notices check`` can print all of them at once and fail once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can.

    ``path`` is the file relative to the group root, ``key`` the dotted key path
    inside it (``purposes.customer.items[2]``), ``line``/``column`` are 1-based.
    """

    path: str
    line: int
    column: int
    key: str
    message: str
    found: str | None = None
    fix: str | None = None
    severity: Severity = field(default=Severity.ERROR, compare=False)
    basis: str | None = field(default=None, compare=False)

    def format(self) -> str:
        """``companies/acme.yaml:14:5: purposes.customer[2]: 何が違うか (見つかった値) → 書くべきこと``"""
        where = f"{self.path}:{self.line}:{self.column}"
        text = self.message
        if self.basis:
            text = f"{text}【{self.basis}】"
        if self.found is not None:
            text = f"{text} ({self.found})"
        if self.fix:
            text = f"{text} → {self.fix}"
        label = "" if self.severity is Severity.ERROR else "警告: "
        return f"{where}: {self.key or '(ファイル全体)'}: {label}{text}"

    def format_github(self) -> str:
        """The same problem as a GitHub Actions workflow command (an annotation)."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        body = self.format().split(": ", 1)[1]
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.column}::{body}"


def shown(found: object, limit: int = 40) -> str:
    """A short, single-line rendering of a value the editor wrote."""
    text = found if isinstance(found, str) else repr(found)
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Stable order: by file, then line, then column, then message."""
    return sorted(set(problems))
