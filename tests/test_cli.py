"""The command as a user runs it: exit codes, output formats, usage errors."""

from __future__ import annotations

from pathlib import Path

from conftest import edit, record_all, run_cli


def test_clean_group_exits_zero(group: Path) -> None:
    # a copy outside the git checkout: the fixture's frozen .md were refreshed in place by issue 12, which the
    # check of a checkout (rightly) reports as rewritten versions
    result = run_cli("check", "--strict", str(group))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "2 社を検査しました: エラー 0 件、警告 0 件" in result.stderr


def test_problems_exit_one_and_print_every_problem(group: Path) -> None:
    edit(group, "companies/alpha.yaml", "representative:", "representatve:")
    edit(group, "companies/beta.yaml", "postcode: 530-0001", "postcode: 530-001")
    result = run_cli("check", str(group))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "companies/alpha.yaml:4:1: representatve: 知らないキーです (representatve) → 「representative」の書き間違いではありませんか",
        "companies/beta.yaml:2:11: postcode: 郵便番号の形が違います (530-001) → 半角で 123-4567 の形に書いてください",
    ]


def test_warnings_pass_unless_strict(group: Path) -> None:
    edit(group, "content/group.yaml", "    started: 2020-04-01\n", "")
    record_all(group, "2023-01-01", "共同利用の開始日の記載を削除")
    lenient = run_cli("check", str(group))
    assert lenient.returncode == 0
    assert "警告: 共同利用を始めた日が書かれていません【ガイドライン通則編3-6-3" in lenient.stdout
    strict = run_cli("check", "--strict", str(group))
    assert strict.returncode == 1
    assert "joint_uses[0].started: 共同利用を始めた日が書かれていません" in strict.stdout


def test_github_annotations(group: Path) -> None:
    edit(group, "companies/alpha.yaml", "representative:", "representatve:")
    result = run_cli("check", "--format", "github", str(group))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=companies/alpha.yaml,line=4,col=1::representatve: 知らないキーです (representatve)"
        " → 「representative」の書き間違いではありませんか",
    ]


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert run_cli("check", "--no-such-option").returncode == 2
    missing = run_cli("check", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert missing.stderr.startswith("error: フォルダがありません")


def test_folder_without_group_file(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.startswith("content/group.yaml:1:1: (ファイル全体): グループのファイルがありません")
