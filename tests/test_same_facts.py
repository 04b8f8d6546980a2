"""The same facts on every date: a company's documents in force on one day state one set of facts (issue 10)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import ROOT, edit, messages, run_cli
from privacy_notices.check import check
from privacy_notices.facts import _cut, _differences, same_facts_problems
from privacy_notices.loader import load_group
from privacy_notices.versions import Archive

FEE = "開示等の手数料を800円に引下げ"
DOCUMENTS_EXCEPT_TICKET_HANDLING = ("aoba-bpo policy", "aoba-cable policy", "aoba-hd policy", "aoba-shop web-membership",
                                    "aoba-shop policy", "aoba-ticket policy", "aoba-kenpo policy")
SHOP = "companies/aoba-shop.yaml"
OFFICER = "  title: 執行役員 法務・コンプライアンス部長\n  name: 杉浦 拓也\n"


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACY_NOTICES_TODAY", "2026-11-23")  # in-process checks too: never the real clock


def record(demo: Path, company: str, document: str, date: str, summary: str) -> None:
    result = run_cli("record", company, document, "--date", date, "--summary", summary, "--root", str(demo))
    assert result.returncode == 0, result.stderr


def lower_the_fee(demo: Path) -> None:
    """The group-wide edit: the disclosure fee 1,000円 → 800円 (and the payment note that states it)."""
    edit(demo, "content/group.yaml", "        amount: 1000\n", "        amount: 800\n")
    edit(demo, "content/group.yaml", "1,000 円分の定額小為替", "800 円分の定額小為替")


def test_a_fee_recorded_for_all_but_the_document_with_an_announced_revision_is_reported(demo: Path) -> None:
    lower_the_fee(demo)
    for target in DOCUMENTS_EXCEPT_TICKET_HANDLING:  # record --all refuses: one by one, as its advice says
        record(demo, *target.split(), "2027-01-01", FEE)
    # the handling notice takes no record before its announced 2027-04-01 version: the next day is the first it takes
    record(demo, "aoba-ticket", "handling", "2027-04-02", FEE)
    result = run_cli("check", "--strict", str(demo))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "companies/aoba-ticket.yaml:55:3: documents: 同じ日に効力のある文書の間で、記載している事実が食い違っています "
        "(2027-01-01 から: 手数料: 個人情報保護方針 800円、個人情報の取扱いについて 1,000円) → "
        "個人情報の取扱いについて には 2027-04-01 に施行予定の版があるため、2027-01-01 の改定をいま記録できません。"
        "施行前の版の修正・取り下げの手続で 2027-01-01 から同じ内容にするか、"
        "ほかの文書の 2027-01-01 の改定を 2027-04-01 以降に改めてください"]


def test_a_change_recorded_for_every_document_on_one_date_passes(demo: Path) -> None:
    """The officer appears in the policy and the consent form; the cookie notice holds it without printing it."""
    edit(demo, SHOP, OFFICER, "  title: 取締役 管理本部長\n  name: 川村 理恵\n")
    for document in ("policy", "web-membership"):
        record(demo, "aoba-shop", document, "2027-01-01", "個人情報保護管理者の交代")
    assert messages(demo, strict=True) == []


def test_a_disagreement_only_on_a_later_date_is_reported_with_that_date(demo: Path) -> None:
    edit(demo, SHOP, OFFICER, "  title: 取締役 管理本部長\n  name: 川村 理恵\n")
    for document in ("policy", "web-membership"):
        record(demo, "aoba-shop", document, "2027-01-01", "個人情報保護管理者の交代")
    edit(demo, SHOP, "  name: 川村 理恵\n", "  name: 森 和人\n")
    record(demo, "aoba-shop", "policy", "2027-03-01", "個人情報保護管理者の交代")
    record(demo, "aoba-shop", "web-membership", "2027-06-01", "個人情報保護管理者の交代")
    assert messages(demo, strict=True) == [
        "companies/aoba-shop.yaml:64:3: documents: 同じ日に効力のある文書の間で、記載している事実が食い違っています "
        "(2027-03-01 から: 個人情報保護管理者: 個人情報保護方針 取締役 管理本部長 森 和人、"
        "WEB会員登録に関する個人情報の同意事項 取締役 管理本部長 川村 理恵) → "
        "WEB会員登録に関する個人情報の同意事項 には 2027-06-01 に施行予定の版があるため、2027-03-01 の改定をいま記録"
        "できません。施行前の版の修正・取り下げの手続で 2027-03-01 から同じ内容にするか、"
        "ほかの文書の 2027-03-01 の改定を 2027-06-01 以降に改めてください"]


def test_a_document_left_behind_gets_the_record_command(demo: Path) -> None:
    edit(demo, SHOP, OFFICER, "  title: 取締役 管理本部長\n  name: 川村 理恵\n")
    record(demo, "aoba-shop", "policy", "2027-01-01", "個人情報保護管理者の交代")
    [line] = [m for m in messages(demo, strict=True) if "食い違って" in m]
    [draft] = [p for p in check(demo, drafts=True)[1] if "食い違って" in p.message]  # mkdocs serve: half-way is a preview
    assert draft.format() == line.replace("documents: ", "documents: 警告: ", 1)
    assert line.endswith("→ WEB会員登録に関する個人情報の同意事項 にも同じ日からの改定を記録してください: "
                         "privacy-notices record aoba-shop web-membership --date 2027-01-01 --summary '個人情報保護管理者の交代'")


def fact(title: str, **facts: object) -> tuple[dt.date, str, dict[str, str]]:
    return dt.date(2027, 1, 1), title, {k: json.dumps(v, ensure_ascii=False) for k, v in facts.items()}


def test_a_fact_present_in_only_one_document_is_not_compared() -> None:
    held = {"policy": fact("方針", name="A社", abroad={"handled": False}),
            "cookies": fact("Cookie", name="A社"),
            "consent": fact("同意", name="A社", requests={"fees": []})}
    assert _differences(held) == []
    held["consent"] = fact("同意", name="B社")
    assert _differences(held) == [("name", [["policy", "cookies"], ["consent"]])]
    held["consent"] = (*held["consent"][:2], {"name": '"A\\u793e"'})  # the same value written otherwise
    assert _differences(held) == []


def test_facts_are_cut_from_the_frozen_text_as_json_reads_it() -> None:
    """The facts are read from dump_json's layout without parsing; on every frozen version they equal the data."""
    for path in sorted((ROOT / "versions").rglob("*.json")):
        if path.name == "manifest.json":
            continue
        text = path.read_text(encoding="utf-8")
        template, title, data, joint_uses = _cut(text)  # type: ignore[misc]
        resolved = json.loads(text)
        assert (template, title) == (resolved["template"], resolved["title"])
        assert {k: json.loads(v) for k, v in data.items()} == resolved["data"], path
        assert json.loads(joint_uses) == resolved["joint_uses"], path


def test_the_demo_states_one_set_of_facts_from_today_on_and_its_past_disagreement_is_history() -> None:
    """From 2023-10-01 to 2024-03-31 aoba-shop's cookie notice named LINEヤフー株式会社 as the recipient of
    LINE Tag and Yahoo!広告 while its policy still named LINE株式会社 and ヤフー株式会社: published, frozen, past."""
    group, _ = load_group(ROOT)
    assert group is not None
    assert same_facts_problems(group, Archive(ROOT)) == []
    [past] = same_facts_problems(group, Archive(ROOT), today=dt.date.min)
    assert "(2023-10-01 から: 外部送信: Cookie・外部送信について と 個人情報保護方針 で違います" in past.format()
