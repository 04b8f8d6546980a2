"""`check` keeps parsed files and rendered pages between runs (parsed.py, rendered.py, issue 14): the
second run must find exactly what the first found, see every edit, and never load an entry it did not write."""

from __future__ import annotations

import os
import pickle

import pytest
from pathlib import Path

from conftest import edit, messages, run_cli
from privacy_notices.render import environment

UNRECORDED = "公開される本文が最新の版と違うのに、改定が記録されていません"


def entries(root: Path, kind: str) -> list[Path]:
    return sorted((root / ".cache" / "privacy-notices" / kind).rglob("*.pickle"))


def test_a_second_check_finds_the_same_problems_and_sees_the_fix(group: Path) -> None:
    edit(group, "companies/alpha.yaml", "0120-000-001", "0120-000-00")
    first = messages(group)
    assert any("alpha.yaml" in m and "電話番号" in m for m in first), first
    assert entries(group, "parsed") and entries(group, "rendered") == []  # invalid data is not rendered
    assert messages(group) == first
    edit(group, "companies/alpha.yaml", "0120-000-00", "0120-000-001")
    assert messages(group) == []
    assert entries(group, "rendered")
    assert messages(group) == []


def test_an_edit_that_changes_a_published_text_is_seen_through_the_cache(group: Path) -> None:
    assert messages(group) == [] and messages(group) == []
    edit(group, "companies/beta.yaml", "name: 株式会社ベータ", "name: 株式会社ベータ商事")
    found = "\n".join(messages(group))
    assert f"alpha/policy の" in found and "beta/policy の" in found and UNRECORDED in found  # alpha lists beta in its joint use


def test_a_new_group_template_is_seen_through_the_cache(group: Path) -> None:
    assert messages(group) == []
    source = environment(group).loader.get_source(environment(group), "policy.md.j2")[0]
    (group / "templates").mkdir()
    added = source.replace("{% block body %}\n", "{% block body %}\n追記した一文です。\n\n", 1)
    assert added != source
    (group / "templates" / "policy.md.j2").write_text(added, encoding="utf-8")
    found = [m for m in messages(group) if UNRECORDED in m]
    assert len(found) == 2, found
    (group / "templates" / "policy.md.j2").write_text(source, encoding="utf-8")
    assert messages(group) == []


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def test_an_entry_the_check_did_not_write_is_never_loaded(group: Path) -> None:
    edit(group, "companies/alpha.yaml", "0120-000-001", "0120-000-00")
    first = messages(group)
    marker = group / "loaded"
    forged = entries(group, "parsed")
    assert forged
    for path in forged:  # what a pull request could commit under .cache/: a pickle without the key's signature
        path.write_bytes(b"\0" * 32 + pickle.dumps(_Payload(marker)))
    assert messages(group) == first
    assert not marker.exists()


def test_the_cache_is_safe_to_delete_and_the_cli_says_the_same(group: Path) -> None:
    edit(group, "companies/beta.yaml", "name: 株式会社ベータ", "name: 株式会社ベータ商事")
    first = run_cli("check", str(group))
    second = run_cli("check", str(group))
    for path in entries(group, "parsed") + entries(group, "rendered"):
        path.unlink()
    third = run_cli("check", str(group))
    assert first.returncode == second.returncode == third.returncode == 1
    assert first.stdout == second.stdout == third.stdout and UNRECORDED in first.stdout


def test_the_cache_keeps_one_entry_per_file(group: Path) -> None:
    assert messages(group) == []
    parsed, rendered = len(entries(group, "parsed")), len(entries(group, "rendered"))
    assert (parsed, rendered) == (3, 2)  # the group file and two companies; two companies' pages
    for old, new in (("株式会社ベータ", "株式会社ベータ商事"), ("株式会社ベータ商事", "株式会社ベータ")):
        edit(group, "companies/beta.yaml", f"name: {old}\n", f"name: {new}\n")
        messages(group)
    assert (len(entries(group, "parsed")), len(entries(group, "rendered"))) == (parsed, rendered)


def test_a_link_under_the_cache_is_neither_written_through_nor_pruned(group: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "ab").mkdir()
    (elsewhere / "ab" / "kept.pickle").write_bytes(b"not ours")
    (group / ".cache" / "privacy-notices").mkdir(parents=True)
    (group / ".cache" / "privacy-notices" / "parsed").symlink_to(elsewhere, target_is_directory=True)
    assert messages(group) == []
    assert sorted(p.name for p in elsewhere.rglob("*")) == ["ab", "kept.pickle"]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The companies whose pages check renders (counted only: the check runs for real)."""
    import privacy_notices.rendered as rendered

    made: list[str] = []
    real = rendered._render

    def counted(renderer, company, *rest):  # type: ignore[no-untyped-def]
        made.append(company.id)
        return real(renderer, company, *rest)

    monkeypatch.setattr(rendered, "_render", counted)
    return made


def test_a_company_is_rendered_again_only_when_a_field_its_pages_show_changed(group: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """alpha's policy names beta in its joint-use table (beta's name, not its address): an edit of beta's
    address renders beta alone; an edit of beta's name renders alpha too, which then differs from its version."""
    assert messages(group) == []
    made = _counting(monkeypatch)
    edit(group, "companies/beta.yaml", "北区架空町二丁目2番2号", "北区架空町二丁目3番3号")
    assert UNRECORDED in " ".join(messages(group))  # beta's own policy shows its address
    assert made == ["beta"]
    made.clear()
    edit(group, "companies/beta.yaml", "name: 株式会社ベータ\n", "name: 株式会社ベータ商事\n")
    found = messages(group)
    assert sorted(made) == ["alpha", "beta"]
    assert any(m.startswith("companies/alpha.yaml") and UNRECORDED in m for m in found), found
    made.clear()
    assert messages(group) == found and made == []


def test_a_group_template_that_reaches_other_companies_keys_with_their_whole_files(group: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A group template could read another company whole (by iterating its data): no field-by-field keys then."""
    (group / "templates" / "parts").mkdir(parents=True, exist_ok=True)
    table = Path(environment(group).files.get_source(environment(group), "parts/joint_use_table.md.j2")[1]).read_text(encoding="utf-8")
    (group / "templates/parts/joint_use_table.md.j2").write_text(table, encoding="utf-8")  # the same, as a group override
    assert messages(group) == []
    made = _counting(monkeypatch)
    edit(group, "companies/beta.yaml", "北区架空町二丁目2番2号", "北区架空町二丁目3番3号")
    messages(group)
    assert sorted(made) == ["alpha", "beta"]


def _counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The companies each company-scoped check looks at (counted only: the checks run for real)."""
    import privacy_notices.facts as facts
    import privacy_notices.lint as lint
    import privacy_notices.markdown_fields as markdown

    seen: dict[str, list[str]] = {"markdown": [], "lint": [], "facts": []}
    for name, module, function, position in (("markdown", markdown, "_company_problems", 1),
                                             ("lint", lint, "_company_rules", 1), ("facts", facts, "_company", 0)):
        real = getattr(module, function)

        def counted(*args, _real=real, _name=name, _at=position):  # type: ignore[no-untyped-def]
            seen[_name].append(args[_at].id)
            return _real(*args)

        monkeypatch.setattr(module, function, counted)
    return seen


def test_a_company_left_unchanged_is_not_checked_again(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = messages(demo, strict=True)
    seen = _counted(monkeypatch)
    assert messages(demo, strict=True) == first
    assert seen == {"markdown": [], "lint": [], "facts": []}
    edit(demo, "companies/aoba-kenpo.yaml", "  title: 理事長", "  title: 理事長代行")
    messages(demo, strict=True)
    assert seen["markdown"] == seen["facts"] == ["aoba-kenpo"] and "aoba-kenpo" in seen["lint"]
    # the lint of every company is keyed by the files of those the group's joint uses name (aoba-kenpo is one)


def test_a_problem_brought_in_and_mended_is_seen_through_the_kept_results(group: Path) -> None:
    """A company rule of the lint (the representative's name, 32条1項1号) through the kept results."""
    assert messages(group, strict=True) == []
    representative = "representative:\n  title: 代表取締役社長\n  name: 鈴木 次郎\n"
    edit(group, "companies/beta.yaml", representative, "")
    found = messages(group, strict=True)
    assert any("代表者の氏名" in m and "beta" in m for m in found), found
    edit(group, "companies/beta.yaml", "privacy_officer:", representative + "privacy_officer:")
    assert messages(group, strict=True) == []


def test_the_kept_lint_is_for_one_day(group: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A date may be too far ahead today and not next year: the lint and the facts are kept for the day they ran."""
    assert messages(group) == []
    seen = _counted(monkeypatch)
    monkeypatch.setenv("PRIVACY_NOTICES_TODAY", "2027-01-05")
    messages(group)
    assert sorted(seen["lint"]) == sorted(seen["facts"]) == ["alpha", "beta"] and seen["markdown"] == []
