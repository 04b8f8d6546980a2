"""A build checks its data once: `privacy-notices build` checks before it starts mkdocs, and the hook
reuses that result for the same files and arguments (issue 14); an edit, or other arguments, check again."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit, make_site_root
from privacy_notices import check as check_module
from privacy_notices import checked
from privacy_notices.checked import check_once


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every real check run (the real function still runs: this only counts)."""
    seen: list[Path] = []
    real = check_module.check

    def counted(root: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(root)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(checked, "check", counted)
    monkeypatch.setattr(checked, "_last", None)
    return seen


def test_the_same_call_on_the_same_files_checks_once(group: Path, calls: list[Path]) -> None:
    first = check_once(group)
    again = check_once(group, strict=False)  # the defaults spelled out: the same call
    assert len(calls) == 1 and again[0] is first[0] and again[1] == first[1]
    check_once(group, strict=True)  # other arguments
    assert len(calls) == 2
    edit(group, "companies/alpha.yaml", "name: 株式会社アルファ", "name:  株式会社アルファ")  # same meaning, another file
    check_once(group, strict=True)
    assert len(calls) == 3


def test_an_edit_is_seen_even_within_the_same_second(group: Path, calls: list[Path]) -> None:
    _, before = check_once(group)
    edit(group, "companies/alpha.yaml", "name: 株式会社アルファ", "name: [株式会社アルファ")  # broken YAML
    _, after = check_once(group)
    assert len(calls) == 2 and not before and after


def test_privacy_notices_build_checks_once(tmp_path: Path, calls: list[Path]) -> None:
    from conftest import MINIMAL
    from privacy_notices.cli import main

    root = make_site_root(MINIMAL, tmp_path / "root")
    assert main(["build", str(root), "--strict", "--as-of", "2026-11-23"]) == 0
    assert (root / "site" / "index.html").is_file()
    assert [p.resolve() for p in calls] == [root.resolve()]


def test_one_template_environment_per_build_and_a_new_one_after_a_template_edit(group: Path) -> None:
    from privacy_notices.render import environment

    first = environment(group)
    assert environment(group) is first  # the check and the site share it
    (group / "templates").mkdir(exist_ok=True)
    (group / "templates" / "README.md").write_text("テンプレートの説明\n", encoding="utf-8")
    assert environment(group) is not first  # a file of templates/ changed: compiled anew
