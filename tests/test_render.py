"""The template search path (company, group, built-in) and StrictUndefined."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import AS_OF, messages
from privacy_notices.check import check
from privacy_notices.render import Renderer


def pages(root: Path) -> dict[str, str]:
    group, problems = check(root, versions=False)
    assert group is not None and not problems
    renderer = Renderer(group, dt.date.fromisoformat(AS_OF))
    return {f"{cid}/{doc}/index.md": renderer.document(renderer.context(company, doc), company)
            for cid, company in group.companies.items() for doc in company.data.documents}


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_text(text, encoding="utf-8")


def test_company_overrides_one_part_group_overrides_for_all(group: Path) -> None:
    write(group, "templates/parts/requests.md.j2", "グループの請求の文\n\n")
    write(group, "templates/beta/parts/requests.md.j2", "ベータの請求の文\n\n")
    result = pages(group)
    assert "グループの請求の文" in result["alpha/policy/index.md"]
    assert "ベータの請求の文" in result["beta/policy/index.md"]
    assert "グループの請求の文" not in result["beta/policy/index.md"]
    assert "事業者の名称・住所・代表者" in result["beta/policy/index.md"]  # the rest stays built-in


def test_missing_value_fails_instead_of_printing_nothing(group: Path) -> None:
    write(group, "templates/parts/company.md.j2", "{{ c.no_such_field }}\n")
    assert any(m.startswith("templates/parts/company.md.j2:1:4: テンプレート: 「c.no_such_field」は未定義です")
               for m in messages(group, versions=False))


def test_as_of_hides_revisions_not_yet_in_force(group: Path) -> None:
    group_file = group / "companies" / "alpha.yaml"
    group_file.write_text(group_file.read_text(encoding="utf-8") +
                          "      - date: 2028-01-01\n        summary: 将来の改定\n", encoding="utf-8")
    text = pages(group)["alpha/policy/index.md"]
    assert "最終改定日 令和4年4月1日" in text
