"""`privacy-notices new-company`: a complete skeleton, registered, that check walks the editor through."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import messages, record_all, run_cli


def test_skeleton_lists_placeholders_then_passes_once_filled(group: Path) -> None:
    group_before = (group / "content/group.yaml").read_text(encoding="utf-8")
    result = run_cli("new-company", "gamma", "--root", str(group))
    assert result.returncode == 0, result.stderr
    assert (group / "content/group.yaml").read_text(encoding="utf-8") == \
        group_before.replace("  - beta\n", "  - beta\n  - gamma\n")
    found = messages(group)
    assert found[0] == ("companies/gamma.yaml:8:7: name: まだ書き換えていない箇所です (《株式会社〇〇》)"
                        " → 《》の部分を実際の内容に書き換えてください")
    assert len(found) == 17 and all("まだ書き換えていない箇所です" in line for line in found)
    skeleton = group / "companies" / "gamma.yaml"
    text = re.sub(r"《([^》]*)》", r"\1", skeleton.read_text(encoding="utf-8"))
    # 〇〇 left in a value is a placeholder too (lint rule `placeholder`): fill it in as an editor would
    skeleton.write_text(text.replace("株式会社〇〇", "株式会社ガンマ").replace("〇〇", "みどり"), encoding="utf-8")
    assert any("改定の版が記録されていません (2025-04-01) → privacy-notices record gamma policy --date 2025-04-01"
               in line for line in messages(group))
    assert run_cli("record", "gamma", "policy", "--date", "2025-04-01", "--root", str(group)).returncode == 0
    record_all(group, "2025-04-01", "共同利用者に株式会社ガンマを追加")  # the joint use now names gamma too
    assert messages(group, strict=True) == []


def test_bad_or_existing_id(group: Path) -> None:
    bad = run_cli("new-company", "Gamma", "--root", str(group))
    assert bad.returncode == 1 and "会社の id に使えない文字があります (Gamma)" in bad.stderr
    existing = run_cli("new-company", "alpha", "--root", str(group))
    assert existing.returncode == 1 and "会社「alpha」のファイルはもうあります (companies/alpha.yaml)" in existing.stderr
