"""The company's self-reference (当社, 当法人, 弊社 …) and sentences that promise only what the data offers."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import edit, messages
from test_opt_out import notice

TEMPLATES = Path(__file__).resolve().parent.parent / "scripts" / "privacy_notices" / "templates"


def test_no_built_in_template_names_the_company_itself() -> None:
    for path in TEMPLATES.rglob("*.j2"):
        text = path.read_text(encoding="utf-8")
        assert not re.search("当社|弊社|当法人|当組合", text), path.name


def test_the_company_names_itself_as_its_file_says(group: Path) -> None:
    edit(group, "companies/beta.yaml", "documents:\n", "self_reference: 当法人\ndocuments:\n")
    text = notice(group, "beta")
    assert "当法人は、保有個人データを含む個人情報を" in text
    assert "当法人の保有個人データおよび第三者提供記録について" in text
    assert "当社" not in text
    assert "当社は、保有個人データを含む個人情報を" in notice(group, "alpha")  # the built-in default


def test_the_group_default_applies_to_every_company(group: Path) -> None:
    edit(group, "content/group.yaml", "defaults:\n", "defaults:\n  self_reference: 弊社\n")
    assert "弊社は、保有個人データを含む個人情報を" in notice(group, "alpha")
    assert "当社" not in notice(group, "alpha")


def test_third_party_records_are_promised_only_when_accepted(group: Path) -> None:
    edit(group, "content/group.yaml", "accepted: [purpose_notice, disclosure, third_party_record, correction, ",
         "not_accepted: {third_party_record: 第三者に個人データを提供していないため}\n"
         "    accepted: [purpose_notice, disclosure, correction, ")
    text = notice(group, "alpha")
    assert "ご本人またはその代理人は、当社の保有個人データについて、次の請求をすることができます。" in text
    assert "第三者提供記録について" not in text


def test_no_answer_method_no_fee_no_window_means_no_sentence_about_them(group: Path) -> None:
    edit(group, "companies/beta.yaml", "documents:\n", "requests:\n  answer_methods: []\n  fees: []\ndocuments:\n")
    text = notice(group, "beta")
    assert "回答の方法" not in text
    assert "手数料" not in text  # an empty list of fees is not a promise that requests are free
    assert "請求の受付窓口は「[総務部](#contact-desk)」です。" in text


def test_free_of_charge_and_a_fee_contradict(group: Path) -> None:
    edit(group, "companies/beta.yaml", "documents:\n", "requests:\n  free_of_charge: true\ndocuments:\n")
    assert ("companies/beta.yaml:22:19: requests.free_of_charge: 手数料をいただかない (free_of_charge: true) と書きながら、"
            "fees に手数料を書いています【個人情報保護法32条1項3号・33条5項】 → 無料なら fees を消し (グループ共通の手数料なら omit: に「- requests.fees」と書き)、"
            "手数料をいただくなら free_of_charge を消してください") in messages(group, versions=False)


def test_the_catalogue_speaks_in_the_company_s_words(group: Path) -> None:
    edit(group, "companies/beta.yaml", "documents:\n", "self_reference: 当法人\ndocuments:\n")
    assert "・当法人への分析結果の提供のため" in notice(group, "beta")
    assert "・当社への分析結果の提供のため" in notice(group, "alpha")


def test_a_self_reference_is_one_full_width_word(group: Path) -> None:
    (group / "companies" / "alpha.yaml").write_text(
        (group / "companies" / "alpha.yaml").read_text(encoding="utf-8") + 'self_reference: "当社 (仮)"\n', encoding="utf-8")
    assert messages(group, versions=False) == [
        "companies/alpha.yaml:26:17: self_reference: 自らの呼び方の形が違います (当社 (仮)) → "
        "「当社」「当組合」のように、空白や半角の文字を含まない全角 10 文字までの言葉を書いてください"]
