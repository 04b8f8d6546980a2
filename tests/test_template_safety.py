"""Template overrides run in the sandbox, read only templates/, and fail as Japanese problems.

A hostile contributor's template (server-side template injection payloads, links out of
templates/, ``..`` includes) runs no command and reads no file: `check` and `build` exit 1 with
the problem at the template's line. An honest mistake (a syntax error, a misspelt field, a
missing part) gets the same treatment, with what to write instead.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import AS_OF, MINIMAL, make_site_root, messages, mkdocs_build, run_cli
from privacy_notices.check import check
from privacy_notices.render import Renderer

PART = "templates/parts/company.md.j2"
"""The part every notice of the minimal group includes."""
AT = f"{PART}:1:4: テンプレート: "
NAMES = ("ANSWER_LABELS, LEAK_LABELS, OUTSOURCING_LABELS, REQUEST_LABELS, ROLE_LABELS, SECURITY_LABELS, as_of, c, "
         "category_label, companies, company, date, doc, extra, group, heading, joint_members, joint_uses, namespace, "
         "provision_recipients, range, responsible, section_text, sections_end, t, we")
"""Every name a notice's template sees (templates/README.md documents them)."""
UNDERSCORE = "「_」で始まる名前は使えません。使えるのはデータの項目と templates/README.md にある名前だけです"
COMPANY_FIELDS = ("abroad, acquisition_methods, acquisition_purposes, address, anonymized, business, certified_organization, "
                  "collected_information, complaint_handling, contacts, cookies, date_style, declaration, disclaimer, documents など")
MODEL = f"使えるのはデータの項目と templates/README.md にある名前だけです (この値で使える項目: {COMPANY_FIELDS})"
RUN = "os.popen('touch MARKER').read()"

PAYLOADS = {
    "cycler": (f"{{{{ cycler.__init__.__globals__.{RUN} }}}}",
               f"{AT}「cycler」は未定義です → テンプレートで使える名前は次のとおりです: {NAMES}"),
    "joiner": (f"{{{{ joiner.__init__.__globals__.{RUN} }}}}",
               f"{AT}「joiner」は未定義です → テンプレートで使える名前は次のとおりです: {NAMES}"),
    "lipsum": (f"{{{{ lipsum.__globals__.{RUN} }}}}",
               f"{AT}「lipsum」は未定義です → テンプレートで使える名前は次のとおりです: {NAMES}"),
    "namespace": (f"{{{{ namespace.__init__.__globals__.{RUN} }}}}",
                  f"{AT}「namespace.__init__」はテンプレートでは使えません → {UNDERSCORE}"),
    "str mro": ("{{ ''.__class__.__mro__[1].__subclasses__() }}",
                f"{AT}「''.__class__」はテンプレートでは使えません → {UNDERSCORE}"),
    "template reference": (f"{{{{ self._TemplateReference__context.cycler.__init__.__globals__.{RUN} }}}}",
                           f"{AT}「self._TemplateReference__context」はテンプレートでは使えません → {UNDERSCORE}"),
    "request": (f"{{{{ request.application.__globals__.__builtins__.__import__('os').popen('touch MARKER') }}}}",
                f"{AT}「request」は未定義です → テンプレートで使える名前は次のとおりです: {NAMES}"),
    "config": (f"{{{{ config.__class__.__init__.__globals__['os'].{RUN} }}}}",
               f"{AT}「config」は未定義です → テンプレートで使える名前は次のとおりです: {NAMES}"),
    "helper's globals": (f"{{{{ date.__globals__.{RUN} }}}}",
                         f"{AT}「date.__globals__」はテンプレートでは使えません → {UNDERSCORE}"),
    "bound method": ("{{ section_text.__self__.group.root }}",
                     f"{AT}「section_text.__self__」はテンプレートでは使えません → {UNDERSCORE}"),
    "model_copy": ("{{ c.model_copy(update={'name': 'x'}) }}", f"{AT}「c.model_copy」はテンプレートでは使えません → {MODEL}"),
    "model_validate": ("{{ c.model_validate.__globals__ }}", f"{AT}「c.model_validate」はテンプレートでは使えません → {MODEL}"),
    "subscript": ("{{ c['model_dump']() }}", f"{AT}「c['model_dump']」はテンプレートでは使えません → {MODEL}"),
    "__dict__": ("{{ company.__dict__ }}",
                 f"{AT}「company.__dict__」はテンプレートでは使えません → {UNDERSCORE} (この値で使える項目: data, id)"),
    "company internals": ("{{ company.origins }}",
                          f"{AT}「company.origins」はテンプレートでは使えません → 使えるのはデータの項目と templates/README.md "
                          "にある名前だけです (この値で使える項目: data, id)"),
    "format string": ("{{ '{0.__class__.__init__.__globals__}'.format(c) }}",
                      f"{PART}:1:6: テンプレート: 「0.__class__」はテンプレートでは使えません → {UNDERSCORE} (この値で使える項目: "
                      f"{COMPANY_FIELDS})"),
    "format_map": ("{{ '{x.__class__}'.format_map({'x': c}) }}",
                   f"{PART}:1:6: テンプレート: 「x.__class__」はテンプレートでは使えません → {UNDERSCORE} (この値で使える項目: "
                   f"{COMPANY_FIELDS})"),
    "attr filter": ("{{ c | attr('__class__') }}",
                    f"{PART}:1:14: テンプレート: 「__class__」はテンプレートでは使えません → {UNDERSCORE} (この値で使える項目: "
                    f"{COMPANY_FIELDS})"),
    "map attribute": ("{{ c.contacts | map(attribute='model_dump') | list }}",
                      f"{PART}:1:32: テンプレート: 「model_dump」はテンプレートでは使えません → 使えるのはデータの項目と "
                      "templates/README.md にある名前だけです (この値で使える項目: address, closed, department, email, "
                      "form_url, hours, id, phones, postcode, roles)"),
    "range": ("{% for i in range(10**9) %}{% endfor %}",
              f"{PART}:1:13: テンプレート: 「range(…)」で作れるのは 10,000 個までです (1,000,000,000) → 数を減らしてください"),
    "repetition": ("{{ 'x' * 10**9 }}",
                   f"{PART}:1:8: テンプレート: 「*」で作れるのは 10,000 個までです (1,000,000,000) → 数を減らしてください"),
}


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_text(text, encoding="utf-8")


def template_problems(root: Path) -> list[str]:
    return [m for m in messages(root) if "テンプレート" in m or m.startswith("templates")]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("name", PAYLOADS)
def test_injection_runs_nothing_and_is_a_problem(tmp_path: Path, name: str, command: str) -> None:
    root = make_site_root(MINIMAL, tmp_path / "root")
    marker = tmp_path / "ran"
    payload, expected = PAYLOADS[name]
    write(root, PART, payload.replace("MARKER", str(marker)) + "\n")
    result = run_cli(command, str(root), *(["--as-of", AS_OF] if command == "build" else []))
    assert not marker.exists()
    assert result.returncode == 1
    assert result.stdout.splitlines() == [expected]
    assert "内部エラー" not in result.stderr and "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_what_templates_need_still_works(group: Path) -> None:
    write(group, PART, "{% set n = namespace(total=0) %}{% for i in range(3) %}{% set n.total = n.total + i %}{% endfor %}"
                       "{{ n.total }} {{ company.id }} {{ companies['beta'].data.name }} {{ doc.established.date }}"
                       " {{ c.contacts | map(attribute='department') | join('、') }} {{ '{}様'.format(c.name) }}"
                       " {{ 'x' * 3 }} {% if loop is undefined %}ok{% endif %}\n")
    group_data, problems = check(group, versions=False)
    assert group_data is not None and problems == []
    renderer = Renderer(group_data, dt.date.fromisoformat(AS_OF))
    text = renderer.notice(group_data.companies["alpha"], "policy")
    assert "3 alpha 株式会社ベータ 2020-04-01 お客様窓口 株式会社アルファ様 xxx ok" in text


def test_syntax_error_in_a_template_nothing_includes(group: Path) -> None:
    write(group, "templates/parts/unused.md.j2", "# 見出し\n{{ c.name }\n")
    assert template_problems(group) == [
        "templates/parts/unused.md.j2:2:1: テンプレート: テンプレートの書き方に誤りがあります ({{ c.name }) → "
        "「{{ }}」「{% %}」の閉じ忘れ・余分な括弧・引用符の対応を確かめてください"]


def test_template_is_checked_even_when_the_data_has_errors(group: Path) -> None:
    path = group / "companies" / "alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("representative:", "representatve:"), encoding="utf-8")
    write(group, PART, "{% for contact in c.contacts %}\n{{ contact.department }}\n{% endfo %}\n")
    found = messages(group)
    assert "companies/alpha.yaml:4:1: representatve: 知らないキーです" in "\n".join(found)
    assert f"{PART}:3:4: テンプレート: 「{{% endfo %}}」というタグはありません → 「{{% endfor %}}」と書いてください" in found


@pytest.mark.parametrize("text, expected", [
    ("| 名称 |\n| {{ c.nmae }} |\n", f"{PART}:2:6: テンプレート: 「c.nmae」は未定義です → 「c.name」と書いてください"),
    ("{{ compnay.id }}\n", f"{PART}:1:4: テンプレート: 「compnay」は未定義です → 「company」と書いてください"),
    ("{{ c.representative.nmae }}\n",
     f"{PART}:1:4: テンプレート: 「c.representative.nmae」は未定義です → 「c.representative.name」と書いてください"),
    ("{{ c.zzz }}\n", f"{PART}:1:4: テンプレート: 「c.zzz」は未定義です → この値で使える項目は次のとおりです: {COMPANY_FIELDS}"),
    ("{% include t('parts/compnay.md.j2') %}\n",
     f"{PART}:1:15: テンプレート: テンプレート「parts/compnay.md.j2」はありません → 「parts/company.md.j2」と書いてください"),
    ("{% include 'parts/nothing-like-it.md.j2' %}\n",
     f"{PART}:1:13: テンプレート: テンプレート「parts/nothing-like-it.md.j2」はありません → templates/ にそのファイルを作るか、"
     "組み込みのテンプレートの名前を書いてください (例: parts/company.md.j2)"),
    ("{% include '../../etc/passwd' %}\n",
     f"{PART}:1:13: テンプレート: テンプレート「../../etc/passwd」は読み込めません。名前に「..」や先頭の「/」は使えません → "
     "templates/ の中のテンプレートを、templates/ からの名前で書いてください (例: parts/company.md.j2)"),
    ("{% include '/etc/passwd' %}\n",
     f"{PART}:1:13: テンプレート: テンプレート「/etc/passwd」は読み込めません。名前に「..」や先頭の「/」は使えません → "
     "templates/ の中のテンプレートを、templates/ からの名前で書いてください (例: parts/company.md.j2)"),
    ("{% for contact in c.contacts %}\n{{ contact.department }}\n",
     f"{PART}:2:1: テンプレート: 「{{% for %}}」が閉じられないまま、テンプレートが終わっています → 対応する「{{% endfor %}}」を書いてください"),
    ("{{ c.name | prse }}\n", f"{PART}:1:13: テンプレート: 「prse」というフィルタはありません → 「prose」と書いてください"),
    ("{% block x %}{% endblock %}{% block x %}{% endblock %}\n",
     f"{PART}:1:10: テンプレート: 「{{% block x %}}」が二つあります → ブロックの名前を一つずつにしてください"),
    ("{% include t('parts/company.md.j2') %}\n",
     f"{PART}:1:1: テンプレート: テンプレートの読み込みが循環しています → テンプレートから自分自身を include や extends しないでください"),
    ("| {{ company }} |\n", PART + ":1:3: テンプレート: 「{{ company }}」は文として書き出せない値です (Company) → "
                             "項目を書いてください (例: {{ c.name }})。リストは「| join(\"、\")」でつなげてください"),
    ("{{ c.business }}\n", PART + ":1:1: テンプレート: 「{{ c.business }}」の値がありません (None) → "
                           "「{% if … %}」で囲むか、「{{ 値 or \"―\" }}」のように代わりの文字を書いてください"),
    ("{{ 1 // 0 }}\n", f"{PART}:1:1: テンプレート: テンプレートの処理中にエラーが起きました (ZeroDivisionError: integer division "
                       "or modulo by zero) → この行の式を確かめてください"),
])
def test_mistakes_are_problems_with_what_to_write(group: Path, text: str, expected: str) -> None:
    write(group, PART, text)
    assert template_problems(group) == [expected]


def test_company_override_is_named_by_its_path(group: Path) -> None:
    write(group, "templates/beta/parts/company.md.j2", "{{ c.nmae }}\n")
    assert template_problems(group) == [
        "templates/beta/parts/company.md.j2:1:4: テンプレート: 「c.nmae」は未定義です → 「c.name」と書いてください"]


SECRET = "極秘: 外の世界のファイル"
LINK_FIX = "リンクをやめ、テンプレートのファイルそのものを templates/ の中に置いてください"


@pytest.mark.parametrize("link, target, included", [
    (PART, "../../../secret.md.j2", None),  # a template that is a link to a file outside
    ("templates/parts", "../..", None),  # a folder of templates that is a link outside
    ("templates/outside", "../..", "outside/secret.md.j2"),  # a link folder an include goes through
])
def test_link_out_of_templates_is_a_problem_and_never_read(tmp_path: Path, link: str, target: str,
                                                           included: str | None) -> None:
    root = make_site_root(MINIMAL, tmp_path / "root")
    (tmp_path / "secret.md.j2").write_text(SECRET + "\n", encoding="utf-8")
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, root / link)
    if included:
        write(root, PART, f"{{% include '{included}' %}}\n")
    expected = f"{link}:1:1: (ファイル全体): templates/ の外を指すリンクです ({target}) → {LINK_FIX}"
    for command in ("check", "build"):
        result = run_cli(command, str(root), *(["--as-of", AS_OF] if command == "build" else []))
        assert result.returncode == 1
        assert expected in result.stdout.splitlines()
        assert SECRET not in result.stdout + result.stderr
    assert not (root / "site").exists()


def test_templates_folder_linked_outside(tmp_path: Path, group: Path) -> None:
    (tmp_path / "elsewhere" / "parts").mkdir(parents=True)
    (tmp_path / "elsewhere" / "parts" / "company.md.j2").write_text(SECRET + "\n", encoding="utf-8")
    os.symlink("../elsewhere", group / "templates")
    assert template_problems(group) == [
        f"templates:1:1: (ファイル全体): templates/ の外を指すリンクです (../elsewhere) → {LINK_FIX}"]


def test_links_inside_templates_are_followed(group: Path) -> None:
    write(group, "templates/shared/company.md.j2", "共通の会社の欄\n\n")
    (group / "templates" / "parts").mkdir()
    os.symlink("../shared/company.md.j2", group / PART)
    group_data, problems = check(group, versions=False)
    assert group_data is not None and problems == []
    assert "共通の会社の欄" in Renderer(group_data, dt.date.max).notice(group_data.companies["alpha"], "policy")


def test_link_loop(group: Path) -> None:
    (group / "templates" / "parts").mkdir(parents=True)
    os.symlink("company.md.j2", group / PART)
    assert template_problems(group) == [
        f"{PART}:1:1: (ファイル全体): リンクが循環しています (company.md.j2) → {LINK_FIX}"]


def test_large_or_not_utf8_template(group: Path) -> None:
    write(group, PART, "あ" * 400_000)
    write(group, "templates/parts/requests.md.j2", "")
    (group / "templates" / "parts" / "requests.md.j2").write_bytes("窓口".encode("shift_jis"))
    assert template_problems(group) == [
        f"{PART}:1:1: (ファイル全体): テンプレートが大きすぎます (1,200,000 バイト) → 1,000,000 バイト以下に分けてください",
        "templates/parts/requests.md.j2:1:1: (ファイル全体): 文字コードが UTF-8 ではありません → "
        "UTF-8 で保存し直してください (Shift_JIS は使えません)"]


def test_record_stops_and_writes_nothing(group: Path) -> None:
    write(group, PART, "{{ c.nmae }}\n")
    before = {p: p.read_bytes() for p in group.rglob("*") if p.is_file() and ".cache" not in p.parts}
    result = run_cli("record", "alpha", "policy", "--date", "2030-01-01", "--far-future", "--summary", "窓口の変更", "--root", str(group))
    assert result.returncode == 1
    assert f"{PART}:1:4: テンプレート: 「c.nmae」は未定義です → 「c.name」と書いてください" in result.stderr
    assert "内部エラー" not in result.stderr
    assert {p: p.read_bytes() for p in group.rglob("*") if p.is_file() and ".cache" not in p.parts} == before


def test_mkdocs_build_aborts_with_the_message(tmp_path: Path) -> None:
    root = make_site_root(MINIMAL, tmp_path / "root")
    write(root, PART, f"{{{{ cycler.__init__.__globals__.os.popen('touch {tmp_path / 'ran'}').read() }}}}\n")
    result = mkdocs_build(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "データに誤りがあるため、サイトを作れません" in output and PAYLOADS["cycler"][1] in output
    assert "Traceback" not in output
    assert not (tmp_path / "ran").exists()


def test_failure_on_a_date_check_does_not_render_is_still_a_problem(tmp_path: Path, group: Path) -> None:
    # check renders as of the end of time; the company page is rendered again as of the build's date
    write(group, "templates/company.md.j2", "{% if as_of.year < 3000 %}{{ c.nmae }}{% endif %}\n")
    assert template_problems(group) == []
    result = run_cli("generate", str(tmp_path / "out"), "--root", str(group), "--as-of", AS_OF)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "templates/company.md.j2:1:30: テンプレート: 「c.nmae」は未定義です → 「c.name」と書いてください"]
    assert "内部エラー" not in result.stderr


def test_failure_on_the_build_date_stops_mkdocs_build_with_the_message(tmp_path: Path) -> None:
    root = make_site_root(MINIMAL, tmp_path / "root")
    write(root, "templates/company.md.j2", "{% if as_of.year < 3000 %}{{ c.nmae }}{% endif %}\n")
    result = mkdocs_build(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "テンプレートに誤りがあるため、サイトを作れません" in output
    assert "templates/company.md.j2:1:30: テンプレート: 「c.nmae」は未定義です → 「c.name」と書いてください" in output
    assert "Traceback" not in output and not (tmp_path / "site").exists()


def test_hidden_characters_in_an_override_are_named(group: Path) -> None:
    write(group, PART, "{{ c.name }}\n{# 管理者のみ \u202e #} 本文\n")
    assert template_problems(group) == [
        f"{PART}:2:10: (ファイル全体): 文字の並びや区切りを変える見えない文字が入っています"
        " (U+202E RIGHT-TO-LEFT OVERRIDE) → この文字を削除してください (画面には見えませんが、公開される文の見え方が変わります)"]
