"""The editors' tools around the generator: YAML lint and the pre-commit configuration."""

from __future__ import annotations

import re
import subprocess
import sys

from ruamel.yaml import YAML

from conftest import ROOT


def test_data_passes_yamllint() -> None:
    result = subprocess.run([sys.executable, "-m", "yamllint", "-f", "parsable", "-c", str(ROOT / ".yamllint.yaml"),
                             "content", "companies", "tests/fixtures/minimal"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "[error]" not in result.stdout


def test_pre_commit_runs_yamllint_and_check() -> None:
    config = YAML(typ="safe").load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["privacy-notices-check"]["entry"] == "privacy-notices check --strict"
    assert re.match(hooks["privacy-notices-check"]["files"], "companies/aoba-hd.yaml")
    assert re.match(hooks["yamllint"]["files"], "content/group.yaml")


def test_codeowners_follow_the_owners_fields(demo) -> None:  # type: ignore[no-untyped-def]
    from conftest import edit, messages, run_cli

    assert "/companies/aoba-shop.yaml @aoba-group/shop-legal" in (demo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    edit(demo, "companies/aoba-shop.yaml", '"@aoba-group/shop-legal"', '"@aoba-group/tv-legal"')
    assert messages(demo) == [
        ".github/CODEOWNERS:1:1: (ファイル全体): CODEOWNERS がデータの owners と合っていません (owners の欄と一致しません)"
        " → privacy-notices codeowners を実行して、できたファイルをコミットしてください",
    ]
    assert run_cli("codeowners", "--root", str(demo)).returncode == 0
    assert messages(demo, strict=True) == []
    assert "/companies/aoba-shop.yaml @aoba-group/tv-legal" in (demo / ".github/CODEOWNERS").read_text(encoding="utf-8")
