from __future__ import annotations

from conftest import ROOT
from privacy_notices.lint import rules_table


def test_rule_table_is_documented() -> None:
    text = (ROOT / "docs" / "lint-rules.md").read_text(encoding="utf-8")
    assert rules_table() in text, "copy `privacy-notices rules` into docs/lint-rules.md"
