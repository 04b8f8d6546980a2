"""The GitHub Actions workflows are valid (check-jsonschema's vendored GitHub workflow schema)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_workflows_validate() -> None:
    files = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert [f.name for f in files] == ["publish.yml", "pull-request.yml"]
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_workflow_fails(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    steps: []\n", encoding="utf-8")  # no runs-on
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(broken)], capture_output=True, text=True)
    assert result.returncode == 1
