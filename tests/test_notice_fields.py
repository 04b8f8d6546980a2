"""The structured fields of issue 12 (outsourcing detail, leak response, laws, complaint handling,
disclaimer, revision notice, request form): their Markdown on a fixture group, a heading only with
content, the group's defaults merged field by field, the lint rule, and labels read from the model."""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path

import pytest

from conftest import edit, messages
from privacy_notices import labels, render
from privacy_notices.labels import LITERALS, literal_labels, literal_values
from privacy_notices.loader import load_group
from privacy_notices.model import Labels
from privacy_notices.render import Renderer

PDF = (Path(__file__).resolve().parent.parent / "content/forms/request-form.pdf").read_bytes()

FIELDS = """\
outsourcing:
  statement: 当社は、個人データの取扱いを委託することがあります。
  data_scope:
    - ご注文いただいたお客様の氏名・住所・電話番号
  selection_criteria:
    - 安全管理の体制が当社の基準を満たしていること
  contract_terms:
    - 秘密の保持
    - 再委託の制限 *書面の承諾*
  supervision:
    - 年に一度、取扱いの状況の報告を受けます
laws:
  - 個人情報の保護に関する法律
  - 個人情報の保護に関する法律についてのガイドライン (通則編)
leak_response:
  report: 報告が必要な事態に当たるときは、個人情報保護委員会に速報と確報を期限内に提出します。
  notice: 影響を受ける方に、起きたことと当社の対応を速やかにお知らせします。
  prevention: 原因に応じた対策を決めて実施します。
complaint_handling:
  steps:
    - 窓口で苦情を受け付け、記録します。
    - 担当部署が事実を調べます。
disclaimer: |
  リンク先の[他社のサイト](https://example.jp/links/)での個人情報の取扱いは、各社の方針によります。
revision_notice:
  where: 当社ウェブサイトのこのページ
  days_before: 30
requests:
  form:
    file: forms/request-form.pdf
"""

EXPECTED = {
    "laws": """\
## N. 遵守する法令・ガイドライン { #laws }

当社は、個人情報の取扱いについて、次の法令・ガイドラインその他の規範を守ります。

- 個人情報の保護に関する法律
- 個人情報の保護に関する法律についてのガイドライン (通則編)
""",
    "outsourcing": """\
## N. 個人データの取扱いの委託 { #outsourcing }

当社は、個人データの取扱いを委託することがあります。

### 委託する個人データの範囲 { #outsourcing-data-scope }

- ご注文いただいたお客様の氏名・住所・電話番号

### 委託先の選定基準 { #outsourcing-selection-criteria }

- 安全管理の体制が当社の基準を満たしていること

### 契約で定める事項 { #outsourcing-contract-terms }

- 秘密の保持
- 再委託の制限 \\*書面の承諾\\*

### 監督の方法 { #outsourcing-supervision }

- 年に一度、取扱いの状況の報告を受けます
""",
    "leak-response": """\
## N. 漏えい等の事案への対応 { #leak-response }

当社は、個人データの漏えい、滅失、毀損またはそのおそれのある事案が生じたときは、次のとおり対応します。

- **個人情報保護委員会への報告**<br>報告が必要な事態に当たるときは、個人情報保護委員会に速報と確報を期限内に提出します。
- **ご本人への通知**<br>影響を受ける方に、起きたことと当社の対応を速やかにお知らせします。
- **再発防止策**<br>原因に応じた対策を決めて実施します。
""",
    "request-form": """\
### 請求書 { #request-form }

請求には、[開示等の請求書 (PDF)](<../../forms/request-form.pdf>)をお使いください。
""",
    "complaint-handling": """\
## N. 苦情の処理の手順 { #complaint-handling }

当社は、個人情報の取扱いに関する苦情を、次の手順で適切かつ迅速に処理します。

1. 窓口で苦情を受け付け、記録します。
1. 担当部署が事実を調べます。

苦情のお申出先は「[お問い合わせ・苦情の窓口](#contacts)」をご覧ください。
""",
    "disclaimer": """\
## N. 免責事項 { #disclaimer }

リンク先の[他社のサイト](https://example.jp/links/)での個人情報の取扱いは、各社の方針によります。
""",
    "revision-notice": """\
## N. この文書の改定 { #revision-notice }

当社は、法令の改正や事業の変化に応じて、この「個人情報保護方針」を改定することがあります。改定するときは、改定後の内容と施行日を、施行日の30日前までに当社ウェブサイトのこのページでお知らせします。
""",
}
"""Each new part as alpha's policy shows it (section numbers, which depend on the rest, written N)."""


def add(group: Path, relative: str, text: str) -> None:
    path = group / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def defaults(group: Path, text: str) -> None:
    """Add ``text`` (indented by two) to the group's defaults."""
    edit(group, "content/group.yaml", "  abroad:\n    handled: false\n", "  abroad:\n    handled: false\n" + text)


IDENTITY = "    identity_documents:\n      principal: [運転免許証の写し]\n      legal_agent: [戸籍謄本]\n      proxy: [委任状]\n"


def steps(group: Path, *lines: str) -> int:
    """The group's how_to_apply (and identity documents); returns the line of the last step."""
    defaults_text = "".join(f"      - {line}\n" for line in lines)
    edit(group, "content/group.yaml", "    window: desk\n", "    window: desk\n    how_to_apply:\n" + defaults_text + IDENTITY)
    return (group / "content/group.yaml").read_text(encoding="utf-8").splitlines().index(f"      - {lines[-1]}") + 1


def notice(group: Path, company: str = "alpha") -> str:
    loaded, problems = load_group(group)
    assert loaded is not None, problems
    return Renderer(loaded, dt.date(2026, 11, 23)).notice(loaded.companies[company], "policy")


def part(text: str, anchor: str) -> str:
    """The part of ``text`` under the heading ``{ #anchor }``, up to the next heading of its level or above."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip().endswith(f"{{ #{anchor} }}"))
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next((i for i in range(start + 1, len(lines))
                if re.match(r"#{1,%d} |---$" % level, lines[i])), len(lines))
    return re.sub(r"^## \d+\. ", "## N. ", "".join(lines[start:end]).rstrip("\n") + "\n")


@pytest.fixture
def fields(group: Path) -> Path:
    (group / "content/forms").mkdir(parents=True)
    (group / "content/forms/request-form.pdf").write_bytes(PDF)
    add(group, "companies/alpha.yaml", FIELDS)
    return group


def test_each_new_part_renders_as_expected(fields: Path) -> None:
    text = notice(fields)
    for anchor, expected in EXPECTED.items():
        assert part(text, anchor) == expected, anchor
    assert messages(fields, strict=True, versions=False) == []


def test_the_parts_come_in_the_customary_order(fields: Path) -> None:
    text = notice(fields)
    order = ["company", "laws", "purposes", "outsourcing", "security", "leak-response", "requests",
             "request-form", "complaint-handling", "contacts", "disclaimer", "revision-notice"]
    positions = [text.index(f"{{ #{anchor} }}") for anchor in order]
    assert positions == sorted(positions)


def test_a_notice_without_the_fields_has_none_of_their_headings(group: Path) -> None:
    text = notice(group)
    for anchor in [*EXPECTED, "outsourcing"]:
        assert f"{{ #{anchor} }}" not in text


EMPTY = {
    "leak_response": "leak_response: {}\n",
    "complaint_handling": "complaint_handling:\n  steps: []\n",
    "outsourcing": "outsourcing:\n  data_scope: []\n",
    "laws": "laws: []\n",
}


@pytest.mark.parametrize("field", EMPTY)
def test_a_field_written_empty_shows_no_heading(group: Path, field: str) -> None:
    add(group, "companies/alpha.yaml", EMPTY[field])
    text = notice(group)
    for title in ("漏えい等の事案への対応", "苦情の処理の手順", "個人データの取扱いの委託", "遵守する法令"):
        assert title not in text


def test_a_company_overrides_one_key_and_keeps_the_groups_others(group: Path) -> None:
    defaults(group, "  complaint_handling:\n    steps:\n      - 受け付けます。\n"
                                     "  revision_notice:\n    where: グループのサイト\n    days_before: 14\n"
                                     "  leak_response:\n    report: 委員会に報告します。\n")
    add(group, "companies/alpha.yaml", "complaint_handling:\n  statement: 苦情は真摯に受け止めます。\n"
                                       "revision_notice:\n  days_before: 60\n")
    alpha, beta = notice(group, "alpha"), notice(group, "beta")
    assert "苦情は真摯に受け止めます。\n\n当社は、個人情報の取扱いに関する苦情を、次の手順で適切かつ迅速に処理します。\n\n1. 受け付けます。" in alpha
    assert "施行日の60日前までにグループのサイトでお知らせします。" in alpha
    assert "施行日の14日前までにグループのサイトでお知らせします。" in beta
    assert "- **個人情報保護委員会への報告**<br>委員会に報告します。" in beta


def test_a_revision_notice_without_days_says_in_advance(group: Path) -> None:
    add(group, "companies/alpha.yaml", "revision_notice:\n  statement: 重要な変更はメールでもお知らせします。\n")
    assert part(notice(group), "revision-notice") == (
        "## N. この文書の改定 { #revision-notice }\n\n"
        "当社は、法令の改正や事業の変化に応じて、この「個人情報保護方針」を改定することがあります。"
        "改定するときは、改定後の内容と施行日を、あらかじめ当社ウェブサイトでお知らせします。\n\n"
        "重要な変更はメールでもお知らせします。\n")


def test_a_form_promised_on_the_website_but_not_given_is_a_warning(group: Path) -> None:
    line = steps(group, "窓口にお申し出ください。", "請求書は当社ウェブサイトからダウンロードできます。")
    expected = (f"content/group.yaml:{line}:9: defaults.requests.how_to_apply[1]: 警告: 請求書をウェブサイトから入手できると"
                "書いていますが、その入手先がありません【個人情報保護法32条1項3号、施行令12条2号 (請求書の様式)】 "
                "(請求書は当社ウェブサイトからダウンロードできます。) → requests: の form: に、請求書のファイル "
                "(file: forms/request-form.pdf) か、置いたページの URL (url:) を書いてください")
    assert messages(group, versions=False) == [expected]
    add(group, "companies/alpha.yaml", "requests:\n  form:\n    url: https://example.jp/form/\n")
    assert messages(group, versions=False) == [expected]  # beta still promises it
    add(group, "companies/beta.yaml", "requests:\n  form:\n    url: https://example.jp/form/\n")
    assert messages(group, versions=False) == []


def test_a_form_sent_by_post_needs_no_address(group: Path) -> None:
    steps(group, "当社から所定の請求書を郵送します。")
    assert messages(group, versions=False) == []


# --- labels: one source, the model ------------------------------------------------------------------


@pytest.mark.parametrize("name", LITERALS)
def test_every_value_of_a_labelled_literal_has_a_label(name: str) -> None:
    alias = LITERALS[name]
    declared = next(m for m in typing.get_args(alias)[1:] if isinstance(m, Labels))
    assert set(declared.labels) == set(literal_values(alias)), name
    assert set(declared.short) <= set(literal_values(alias)), name
    assert all(label.strip() for label in literal_labels(alias).values())


def test_every_literal_with_labels_is_listed() -> None:
    from privacy_notices import model

    labelled = {n for n, v in vars(model).items() if typing.get_origin(v) is typing.Annotated
                and any(isinstance(m, Labels) for m in typing.get_args(v)[1:])}
    assert labelled == set(LITERALS)


def test_templates_and_messages_take_the_models_labels() -> None:
    assert render.REQUEST_LABELS is labels.REQUEST_LABELS
    assert labels.SECURITY_LABELS == {
        "basic_policy": "基本方針の策定", "rules": "個人データの取扱いに係る規律の整備", "organizational": "組織的安全管理措置",
        "human": "人的安全管理措置", "physical": "物理的安全管理措置", "technical": "技術的安全管理措置",
        "external_environment": "外的環境の把握"}
    assert labels.REQUEST_SHORT["correction"] == "訂正等" and labels.ANSWER_SHORT["written"] == "書面"
    from privacy_notices import changes
    assert changes.REQUEST_KINDS is labels.REQUEST_SHORT
