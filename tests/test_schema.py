"""The committed JSON Schemas match the model and validate real files with check-jsonschema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, ROOT, edit
from privacy_notices.schema import SCHEMAS, render_schema


@pytest.mark.parametrize("name", SCHEMAS)
def test_committed_schema_is_in_sync(name: str) -> None:
    committed = (ROOT / "schema" / name).read_text(encoding="utf-8")
    assert committed == render_schema(SCHEMAS[name]), "run `privacy-notices schema` and commit schema/"


def test_schema_fields_are_described_in_japanese() -> None:
    text = render_schema(SCHEMAS["company.schema.json"])
    assert '"description": "正式な商号' in text


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(ROOT / "schema" / schema),
                           *map(str, files)], capture_output=True, text=True)


@pytest.mark.parametrize("root", [MINIMAL, ROOT], ids=["minimal", "demo"])
def test_group_files_validate(root: Path) -> None:
    companies = sorted((root / "companies").glob("*.yaml"))
    assert companies
    result = check_jsonschema("company.schema.json", *companies)
    assert result.returncode == 0, result.stdout
    result = check_jsonschema("group.schema.json", root / "content" / "group.yaml")
    assert result.returncode == 0, result.stdout


def test_broken_file_fails(group: Path) -> None:
    edit(group, "companies/alpha.yaml", "representative:", "representatve:")
    result = check_jsonschema("company.schema.json", group / "companies" / "alpha.yaml")
    assert result.returncode == 1
    assert "'representatve' was unexpected" in result.stdout


def test_demo_files_name_their_schema() -> None:
    for path in [ROOT / "content" / "group.yaml", *sorted((ROOT / "companies").glob("*.yaml"))]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../schema/"), path
