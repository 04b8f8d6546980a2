"""`privacy-notices compare BASE HEAD` on real git repositories."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL, edit, run_cli


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.jp", "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.jp", "commit", "-q", "-m", "base")
    return root


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.jp", "commit", "-q", "--allow-empty", "-m", message)


def compare(repo: Path, base: str = "main~1", head: str = "main") -> "subprocess.CompletedProcess[str]":  # noqa: F821
    return run_cli("compare", base, head, "--repo", str(repo))


def test_one_company_changes(repo: Path) -> None:
    edit(repo, "companies/beta.yaml", "      - 会員の管理のため\n", "      - 会員の管理のため\n      - 会報の発送のため\n")
    commit(repo, "beta: purpose")
    result = compare(repo)
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert report.startswith("## 公開される文書の変更\n\n### beta/policy\n\n- お客様の利用目的に1件追加\n")
    assert "⚠️ 本文が変わるのに改定の記録 (history) がありません" in report
    assert "<ins>・会報の発送のため" in report or "会報の発送のため</ins>" in report
    assert "alpha/policy" not in report


def test_shared_template_reaches_every_company(repo: Path) -> None:
    (repo / "templates" / "parts").mkdir(parents=True)
    (repo / "templates" / "parts" / "extra.md.j2").write_text("共通の注意書きです。\n\n", encoding="utf-8")
    commit(repo, "shared template")
    report = compare(repo).stdout
    assert ("グループ共通のファイルの変更 (templates/parts/extra.md.j2) により、2 社・2 文書の本文が変わります:"
            " alpha, beta") in report
    assert report.index("### alpha/policy") < report.index("### beta/policy")


def test_nothing_changes(repo: Path) -> None:
    commit(repo, "empty")
    assert compare(repo).stdout == "公開される文書に変更はありません。\n"


def test_unknown_ref(repo: Path) -> None:
    result = compare(repo, "no-such-branch", "main")
    assert result.returncode == 1
    assert result.stderr.startswith("error: git の参照「no-such-branch」を読めません")


def test_head_that_does_not_validate(repo: Path) -> None:
    edit(repo, "companies/alpha.yaml", "representative:", "representatve:")
    commit(repo, "broken")
    report = compare(repo).stdout
    assert "HEAD のデータに誤りがあるため、変更を比べられません。" in report
    assert "知らないキーです (representatve)" in report


def test_recorded_change_lists_its_revision_and_edited_entries(repo: Path) -> None:
    edit(repo, "companies/beta.yaml", "      - 会員の管理のため\n", "      - 会員の管理のため\n      - 会報の発送のため\n")
    edit(repo, "companies/beta.yaml", "        summary: 制定\n", "        summary: 制定 (会員向け)\n")
    assert run_cli("record", "beta", "policy", "--date", "2025-04-01", "--summary", "会報の発送を追加",
                   "--root", str(repo)).returncode == 0
    commit(repo, "beta: recorded")
    report = compare(repo).stdout
    assert "- 改定の記録: 2025-04-01 会報の発送を追加\n" in report
    assert "- 改定の記録を変更: 2021-10-01 (制定 → 制定 (会員向け))\n" in report
    assert "⚠️" not in report
