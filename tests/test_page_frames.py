"""The page frames (current, version, history, comparisons, picker) are templates a group overrides like a notice.

``templates/pages/<frame>.md.j2`` changes a frame for every company, ``templates/<company-id>/pages/…`` for one;
an override extends the built-in frame by its full name (``privacy_notices/templates/pages/…``) and changes a block.
A frame override runs in the same sandbox as the notices and fails with the same Japanese problems.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import AS_OF, edit, make_site_root, run_cli
from privacy_notices.check import check
from privacy_notices.site import plan_site
from privacy_notices.versions import Archive

GROUP_HISTORY = """{% extends "privacy_notices/templates/pages/history.md.j2" %}
{% block links %}
改定の記録はグループの法務部が管理しています。

{{ super() | safe }}
{%- endblock %}
"""
"""The group's history frame: the built-in one with a sentence above its links."""

BETA_HISTORY = """{% extends "pages/history.md.j2" %}
{% block heading %}
{{ super() | safe }}
ベータの改定はすべて取締役会で決議しています。

{% endblock %}
"""
"""Beta's history frame: the group's (``pages/history.md.j2`` resolves to it) with a sentence under the title."""


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_text(text, encoding="utf-8")


def pages(root: Path) -> dict[str, str]:
    group, problems = check(root)
    assert group is not None and problems == []
    site = plan_site(group, dt.date.fromisoformat(AS_OF), Archive(root))
    return {page.path: page.text for page in site.pages if isinstance(page.text, str)}


def test_group_and_company_overrides_of_a_frame_in_the_built_site(tmp_path: Path, group: Path) -> None:
    root = make_site_root(group, tmp_path / "root")
    write(root, "templates/pages/history.md.j2", GROUP_HISTORY)
    write(root, "templates/beta/pages/history.md.j2", BETA_HISTORY)
    result = run_cli("build", str(root), "--as-of", AS_OF, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    alpha = (root / "site" / "alpha" / "policy" / "history" / "index.html").read_text(encoding="utf-8")
    beta = (root / "site" / "beta" / "policy" / "history" / "index.html").read_text(encoding="utf-8")
    assert "改定の記録はグループの法務部が管理しています。" in alpha and "改定の記録はグループの法務部が管理しています。" in beta
    assert "取締役会" in beta and "取締役会" not in alpha
    assert "改定履歴: 個人情報保護方針" in alpha and ">全文</a>" in alpha  # the rest of the built-in frame
    version = (root / "site" / "alpha" / "policy" / "2022-04-01" / "index.html").read_text(encoding="utf-8")
    assert "取締役会" not in version and "法務部" not in version  # other frames stay built-in


def test_override_changes_only_its_block(group: Path) -> None:
    before = pages(group)
    write(group, "templates/pages/history.md.j2", GROUP_HISTORY)
    after = pages(group)
    changed = sorted(path for path in before if before[path] != after[path])
    assert changed == ["alpha/policy/history.md", "beta/policy/history.md"]
    assert after["alpha/policy/history.md"] == before["alpha/policy/history.md"].replace(
        "[現在の版へ]", "改定の記録はグループの法務部が管理しています。\n\n[現在の版へ]")


def test_frame_reaching_python_stops_the_build_with_the_problem(tmp_path: Path, group: Path) -> None:
    write(group, "templates/beta/pages/history.md.j2",
          '{% extends "pages/history.md.j2" %}\n{% block links %}\n{{ \'\'.__class__.__mro__[1].__subclasses__() }}\n{% endblock %}\n')
    result = run_cli("generate", str(tmp_path / "out"), "--root", str(group), "--as-of", AS_OF)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "templates/beta/pages/history.md.j2:3:4: テンプレート: 「''.__class__」はテンプレートでは使えません → "
        "「_」で始まる名前は使えません。使えるのはデータの項目と templates/README.md にある名前だけです"]
    assert "内部エラー" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_frame_reaching_python_stops_privacy_notices_build(tmp_path: Path, group: Path) -> None:
    root = make_site_root(group, tmp_path / "root")
    write(root, "templates/pages/version.md.j2", '{% extends "privacy_notices/templates/pages/version.md.j2" %}\n'
                                                 "{% block note %}{{ date.__globals__ }}{% endblock %}\n")
    result = run_cli("build", str(root), "--as-of", AS_OF, "--strict")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert ("templates/pages/version.md.j2:2:20: テンプレート: 「date.__globals__」はテンプレートでは使えません → "
            "「_」で始まる名前は使えません。使えるのはデータの項目と templates/README.md にある名前だけです") in output
    assert "Traceback" not in output and not (root / "site").exists()


def test_syntax_error_in_a_frame_is_a_problem_of_check(group: Path) -> None:
    write(group, "templates/pages/history.md.j2", '{% extends "pages/history.md.j2" %}\n{% block links %}\n{{ name }\n')
    result = run_cli("check", str(group))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "templates/pages/history.md.j2:3:1: テンプレート: テンプレートの書き方に誤りがあります ({{ name }) → "
        "「{{ }}」「{% %}」の閉じ忘れ・余分な括弧・引用符の対応を確かめてください"]


def test_a_misspelt_name_in_a_frame_says_what_to_write(tmp_path: Path, group: Path) -> None:
    write(group, "templates/pages/current.md.j2",
          '{% extends "privacy_notices/templates/pages/current.md.j2" %}\n{% block notes %}{{ nmae }}{% endblock %}\n')
    result = run_cli("generate", str(tmp_path / "out"), "--root", str(group), "--as-of", AS_OF)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "templates/pages/current.md.j2:2:21: テンプレート: 「nmae」は未定義です → 「name」と書いてください"]


def test_values_in_frames_are_shown_literally(group: Path) -> None:
    edit(group, "companies/alpha.yaml", "summary: 改正法の施行に伴う改定",
         "summary: '*強調* <b>太字</b> [リンク](https://example.jp) | 表_'")
    history = pages(group)["alpha/policy/history.md"]
    assert r"| \*強調\* &lt;b&gt;太字&lt;/b&gt; \[リンク\](https://example.jp) \| 表\_ |" in history
