"""`mkdocs serve` after a save: the pages a save left unchanged are kept, not made again (site.Kept),
and what it serves is what a whole new plan would write, byte for byte."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import AS_OF, edit
from privacy_notices.check import check
from privacy_notices.errors import Severity
from privacy_notices.site import Kept, plan_site
from privacy_notices.versions import Archive
from privacy_notices.writer import KeptMissing, write_pages

DAY = dt.date.fromisoformat(AS_OF)


def plan_into(root: Path, folder: Path, kept: Kept | None) -> list[str]:
    """Check ``root`` as mkdocs serve does, plan its site and write it into ``folder``: the pages made (given text)."""
    group, problems = check(root, drafts=True)
    assert group is not None, [p.format() for p in problems if p.severity is Severity.ERROR]
    made: list[str] = []

    def observed(pages):  # type: ignore[no-untyped-def]
        for page in pages:
            if page.text is not None:
                made.append(page.path)
            yield page

    write_pages(observed(plan_site(group, DAY, Archive(root), drafts=True, kept=kept).pages), folder, cache=True)
    if kept is not None:
        kept.written()
    return made


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def same_as_whole_plan(root: Path, served: Path, tmp_path: Path) -> None:
    whole = tmp_path / f"whole-{len(list(tmp_path.iterdir()))}"
    plan_into(root, whole, None)
    assert files(served) == files(whole)


def test_an_edit_of_one_company_makes_its_pages_and_the_groups_only(demo: Path, tmp_path: Path) -> None:
    served, kept = tmp_path / "served", Kept()
    first = plan_into(demo, served, kept)
    assert len(first) > 200
    edit(demo, "companies/aoba-cable.yaml", "ご契約の管理, 料金のご請求, 工事・保守", "ご契約の管理, 料金のご請求, 工事・保守, 保存のあとに加えた利用目的")
    made = plan_into(demo, served, kept)
    assert "aoba-cable/policy/index.md" in made and "index.md" in made
    # other companies' documents stay; their company pages are made again (rendered with every company at hand)
    assert not [path for path in made if path.startswith(("aoba-ticket/", "aoba-hd/", "aoba-shop/")) and path.count("/") > 1]
    assert len(made) < len(first) // 4, made
    assert "保存のあとに加えた利用目的" in (served / "aoba-cable/policy/index.md").read_text(encoding="utf-8")
    same_as_whole_plan(demo, served, tmp_path)
    unchanged = plan_into(demo, served, kept)  # nothing saved since: only the group's own pages are made
    assert not [path for path in unchanged if path.startswith("aoba-") and path.count("/") > 1], unchanged
    assert "feed.xml" not in unchanged and "versions.json" not in unchanged


def test_a_company_other_notices_name_makes_their_pages_again(group: Path, tmp_path: Path) -> None:
    """alpha's policy names every member of the joint use in a table: renaming beta changes alpha's draft."""
    served, kept = tmp_path / "served", Kept()
    plan_into(group, served, kept)
    assert "株式会社ベータ" in (served / "alpha/policy/index.md").read_text(encoding="utf-8")
    edit(group, "companies/beta.yaml", "name: 株式会社ベータ", "name: 株式会社ベータ商事")
    made = plan_into(group, served, kept)
    assert "alpha/policy/index.md" in made
    assert "株式会社ベータ商事" in (served / "alpha/policy/index.md").read_text(encoding="utf-8")
    same_as_whole_plan(group, served, tmp_path)


@pytest.mark.parametrize("change", ["template", "content"])
def test_a_group_wide_file_makes_every_page_again(group: Path, tmp_path: Path, change: str) -> None:
    served, kept = tmp_path / "served", Kept()
    first = plan_into(group, served, kept)
    if change == "template":
        (group / "templates" / "pages").mkdir(parents=True, exist_ok=True)
        frame = (Path(__file__).parent.parent / "scripts/privacy_notices/templates/pages/history.md.j2").read_text(encoding="utf-8")
        (group / "templates/pages/history.md.j2").write_text(frame + "\n改定の履歴の終わり\n", encoding="utf-8")
    else:
        edit(group, "content/group.yaml", "name: ", "name: 新")
    made = plan_into(group, served, kept)
    assert set(first) - set(made) <= {"feed.xml", "versions.json"}  # made from the data alone: kept when it is the same
    same_as_whole_plan(group, served, tmp_path)


def test_a_recorded_version_makes_that_companys_version_pages(group: Path, tmp_path: Path) -> None:
    from conftest import run_cli

    served, kept = tmp_path / "served", Kept()
    plan_into(group, served, kept)
    edit(group, "companies/alpha.yaml", "  name: 山田 花子", "  name: 山田 花江")
    result = run_cli("record", "alpha", "policy", "--date", "2026-12-01", "--summary", "利用目的を追加", cwd=group)
    assert result.returncode == 0, result.stderr
    made = plan_into(group, served, kept)
    assert "alpha/policy/2026-12-01.md" in made
    # beta's notice names alpha's representative (alpha is responsible for the joint use): its draft changes, its versions do not
    assert [p for p in made if p.startswith("beta/")] == ["beta/index.md", "beta/policy/index.md"]
    same_as_whole_plan(group, served, tmp_path)


def test_a_kept_page_removed_from_the_folder_is_refused_so_the_caller_plans_again(demo: Path, tmp_path: Path) -> None:
    served, kept = tmp_path / "served", Kept()
    plan_into(demo, served, kept)
    (served / "aoba-shop/policy/history.md").unlink()
    with pytest.raises(KeptMissing):
        plan_into(demo, served, kept)
    kept.clear()  # what the mkdocs hook does
    plan_into(demo, served, kept)
    same_as_whole_plan(demo, served, tmp_path)


def test_a_plan_that_fails_half_way_keeps_nothing(demo: Path, tmp_path: Path) -> None:
    served, kept = tmp_path / "served", Kept()
    plan_into(demo, served, kept)
    group, _ = check(demo, drafts=True)
    assert group is not None
    pages = iter(plan_site(group, DAY, Archive(demo), drafts=True, kept=kept).pages)
    next(pages), next(pages)  # a plan stopped here (a template that fails, a write refused): nothing is kept
    assert kept.planned == {}
    assert len(plan_into(demo, served, kept)) > 200
