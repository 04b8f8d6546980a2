"""The change summary: one edit of a real resolved notice, one exact sentence."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from conftest import ROOT
from privacy_notices.changes import label, summarize
from privacy_notices.check import check
from privacy_notices.model import Transmission
from privacy_notices.resolved import resolved_data

Doc = dict[str, Any]


@pytest.fixture(scope="module")
def shop() -> Doc:
    """The shopping channel's policy as the demo group resolves it: purposes, joint use, ad tags, a fee."""
    group, _ = check(ROOT)  # problems are test_lint's business; only the resolved data matters here
    return resolved_data(group, group.companies["aoba-shop"], "policy")


def edited(doc: Doc, apply: Callable[[Doc], Any]) -> Doc:
    """A deep copy of ``doc`` with ``apply`` run on it: the other version."""
    other = copy.deepcopy(doc)
    apply(other)
    return other


def tool(doc: Doc, name: str) -> dict[str, Any]:
    return next(t for t in doc["data"]["external_transmissions"] if t["tool"] == name)


def drop_tool(doc: Doc, name: str) -> None:
    doc["data"]["external_transmissions"].remove(tool(doc, name))


def set_amount(doc: Doc, amount: int) -> None:
    doc["data"]["requests"]["fees"][0]["amount"] = amount


MEMBERS = ["株式会社あおばホールディングス", "株式会社あおばショッピングチャンネル", "株式会社あおばチケット",
           "株式会社あおばケーブルテレビ", "株式会社あおばビジネスサービス"]


def listed_in_table(doc: Doc, *without: str) -> None:
    """The demo's joint use as ``listing: table`` resolves it (the demo uses ``listing: document``, which keeps no
    ``members`` in the notice's data), with ``without`` left out of the members."""
    use = doc["joint_uses"][0]
    use.pop("listing", None)
    use["members"] = [m for m in MEMBERS if m not in without]


def test_identical_data_says_nothing(shop: Doc) -> None:
    assert summarize(shop, copy.deepcopy(shop)) == []


def test_a_frozen_version_with_sorted_keys_is_the_same_data(shop: Doc) -> None:
    frozen = json.loads(json.dumps(shop, ensure_ascii=False, sort_keys=True))
    assert summarize(frozen, shop) == []


def test_the_inputs_are_left_alone(shop: Doc) -> None:
    old, new = copy.deepcopy(shop), edited(shop, lambda d: d["data"]["purposes"]["customer"]["items"].pop())
    before = copy.deepcopy((old, new))
    summarize(old, new)
    assert (old, new) == before


def purposes(category: str) -> Callable[[Doc], list[str]]:
    return lambda d: d["data"]["purposes"][category]["items"]


# (how the NEW version differs from the shop's policy, or how the OLD one does, expected sentences)
CASES: dict[str, tuple[Callable[[Doc], Any], Callable[[Doc], Any], list[str]]] = {
    "purposes-added": (lambda d: None, lambda d: purposes("customer")(d).extend(["新しい目的1", "新しい目的2"]),
                       ["お客様の利用目的に2件追加"]),
    "purposes-removed": (lambda d: None, lambda d: purposes("partner")(d).pop(0), ["お取引先の利用目的から1件削除"]),
    "purposes-added-and-removed": (
        lambda d: None, lambda d: (purposes("customer")(d).append("新しい目的"), purposes("partner")(d).pop()),
        ["お客様の利用目的に1件追加", "お取引先の利用目的から1件削除"]),
    "purpose-replaced-in-place": (lambda d: None, lambda d: purposes("customer")(d).__setitem__(1, "書き直した目的"),
                                  ["お客様の利用目的を1件変更"]),
    "purposes-reordered": (lambda d: None, lambda d: purposes("customer")(d).reverse(), ["お客様の利用目的の順序を変更"]),
    "category-added": (lambda d: d["data"]["purposes"].pop("mynumber"), lambda d: None, ["特定個人情報の利用目的を追加"]),
    "category-removed": (lambda d: None, lambda d: d["data"]["purposes"].pop("mynumber"), ["特定個人情報の利用目的を削除"]),
    "acquisition-added": (lambda d: None, lambda d: d["data"].__setitem__(
        "acquisition_purposes", {"rows": {"customer": {"items": ["商品の発送のため"]}}}), ["取得時のお客様の利用目的を追加"]),
    "joint-user-added": (lambda d: listed_in_table(d, "株式会社あおばビジネスサービス"), listed_in_table,
                         ["共同利用者に株式会社あおばビジネスサービスを追加"]),
    "joint-user-removed": (listed_in_table, lambda d: listed_in_table(d, "株式会社あおばチケット"),
                           ["共同利用者から株式会社あおばチケットを削除"]),
    "joint-items-and-purposes": (lambda d: None, lambda d: (d["joint_uses"][0]["items"].pop(),
                                                            d["joint_uses"][0]["purposes"].pop()),
                                 ["共同利用する項目を変更", "共同利用の目的を変更"]),
    "joint-responsible": (lambda d: None, lambda d: d["joint_uses"][0]["responsible"].update(
        id="aoba-ticket", name="株式会社あおばチケット"),
        ["共同利用の管理責任者を変更 (株式会社あおばホールディングス → 株式会社あおばチケット)"]),
    "joint-use-removed": (lambda d: None, lambda d: d["joint_uses"].clear(), ["共同利用「個人情報の共同利用について」を削除"]),
    "meta-pixel-added": (lambda d: drop_tool(d, "meta_pixel"), lambda d: None, ["外部送信: Meta ピクセル を追加"]),
    "line-tag-removed": (lambda d: None, lambda d: drop_tool(d, "line_tag"), ["外部送信: LINE Tag を削除"]),
    "transmission-purpose": (lambda d: None, lambda d: tool(d, "google_ads")["purposes"].append("新しい目的"),
                             ["外部送信: Google 広告 の当社の利用目的を変更"]),
    "transmission-two-fields": (lambda d: None, lambda d: tool(d, "line_tag").update(recipient="別の会社", information=[]),
                                ["外部送信: LINE Tag の送信先の事業者の名称、送信される情報を変更"]),
    "transmission-disabled": (lambda d: None, lambda d: tool(d, "yahoo_ads").update(disabled=True),
                              ["外部送信: Yahoo!広告 を削除"]),
    "fee-raised": (lambda d: set_amount(d, 300), lambda d: set_amount(d, 1000), ["手数料 300円 → 1,000円"]),
    "fee-covering-more-requests": (
        lambda d: d["data"]["requests"]["fees"][0].update(requests=["purpose_notice", "disclosure"], amount=500),
        lambda d: set_amount(d, 1000),
        ["手数料 500円 → 1,000円", "手数料がかかる請求を変更 (利用目的の通知・開示 → 利用目的の通知・開示・第三者提供記録の開示)"]),
    "fee-removed": (lambda d: set_amount(d, 1000), lambda d: d["data"]["requests"]["fees"].clear(),
                    ["手数料を削除 (利用目的の通知・開示・第三者提供記録の開示: 1,000円)"]),
    "representative": (
        lambda d: d["data"].__setitem__("representative", {"title": "代表取締役", "name": "山田 太郎"}),
        lambda d: d["data"].__setitem__("representative", {"title": "代表取締役社長", "name": "佐藤 花子"}),
        ["代表者を変更 (代表取締役 山田 太郎 → 代表取締役社長 佐藤 花子)"]),
    "address-and-postcode": (lambda d: None, lambda d: d["data"].update(postcode="135-0001", address="東京都江東区一丁目"),
                             ["住所を変更"]),
    "privacy-officer": (lambda d: None, lambda d: d["data"]["privacy_officer"].update(name="別の 人"),
                        ["個人情報保護管理者を変更"]),
    "company-name": (lambda d: None, lambda d: d["data"].update(name="株式会社あおば通販"),
                     ["商号を変更 (株式会社あおばショッピングチャンネル → 株式会社あおば通販)"]),
    "contact-changed": (lambda d: None, lambda d: d["data"]["contacts"][0].update(hours="9:00〜18:00"),
                        ["窓口「カスタマーサービスセンター」を変更"]),
    "contact-removed": (lambda d: None, lambda d: d["data"]["contacts"].pop(),
                        ["窓口「法務・コンプライアンス部 個人情報相談窓口」を削除"]),
    "request-kind-added": (lambda d: d["data"]["requests"]["accepted"].remove("third_party_record"), lambda d: None,
                           ["開示等の請求: 第三者提供記録の開示 を追加"]),
    "request-part": (lambda d: None, lambda d: d["data"]["requests"]["how_to_apply"].pop(),
                     ["開示等の請求の手続 (請求の方法) を変更"]),
    "abroad": (lambda d: d["data"]["abroad"].update(handled=False, countries=[]),
               lambda d: d["data"]["abroad"].update(handled=True, countries=[{"name": "シンガポール"}]),
               ["外国での取扱いを変更 (取り扱わない → 取り扱う)", "外国での取扱い: シンガポール を追加"]),
    "abroad-country-replaced": (lambda d: None, lambda d: d["data"]["abroad"].update(countries=[{"name": "シンガポール"}]),
                                ["外国での取扱い: シンガポール を追加", "外国での取扱い: 米国 を削除"]),
    "abroad-country-measures": (
        lambda d: d["data"]["abroad"].update(handled=True, countries=[{"name": "ベトナム", "measures": "契約"}]),
        lambda d: d["data"]["abroad"].update(handled=True, countries=[{"name": "ベトナム", "measures": "契約と監査"}]),
        ["外国での取扱い: ベトナム の講じている措置を変更"]),
    "security": (lambda d: None, lambda d: d["data"]["security_measures"]["technical"].pop(),
                 ["安全管理措置 (技術的安全管理措置) を変更"]),
    "security-several": (lambda d: None, lambda d: (d["data"]["security_measures"]["human"].pop(),
                                                    d["data"]["security_measures"]["technical"].pop()),
                         ["安全管理措置 (人的安全管理措置、技術的安全管理措置) を変更"]),
    "section-added": (lambda d: None, lambda d: d["data"]["sections"].append(
        {"id": "definitions", "title": "定義", "body": "…", "documents": ["policy"]}), ["「定義」の節を追加"]),
    "section-changed": (lambda d: None, lambda d: d["data"]["sections"][0].update(body="書き直した本文"),
                        ["「個人情報の適正な取得」の節を変更"]),
    "section-of-another-document": (lambda d: None, lambda d: d["data"]["sections"].append(
        {"id": "consent-only", "title": "同意", "body": "…", "documents": ["consent"]}), []),
    "certified-organization": (lambda d: None, lambda d: d["data"].__setitem__(
        "certified_organization", {"name": "一般財団法人サンプル協会"}), ["「認定個人情報保護団体」を追加"]),
    "retention": (lambda d: None, lambda d: d["data"].__setitem__(
        "retention", [{"type": "会員情報", "period": "退会から5年"}]), ["保存期間: 会員情報 を追加"]),
    "anonymized": (lambda d: d["data"].__setitem__("anonymized", {"creates": False}),
                   lambda d: d["data"].__setitem__("anonymized", {"creates": True}),
                   ["匿名加工情報 (匿名加工情報を作成するか) を変更"]),
    "third-party": (lambda d: None, lambda d: d["data"]["third_party"].update(statement="書き直した文"),
                    ["「第三者提供」を変更"]),
    "cookies-removed": (lambda d: None, lambda d: d["data"].pop("cookies"), ["「Cookie の説明」を削除"]),
    "unknown-field": (lambda d: None, lambda d: d["data"].__setitem__("newly_added_field", "x"),
                      ["「newly_added_field」を追加"]),
    "title": (lambda d: None, lambda d: d.update(title="プライバシーポリシー"), ["題名を変更 (個人情報保護方針 → プライバシーポリシー)"]),
    "category-label": (lambda d: None, lambda d: d["categories"].update(customer="ご利用者"),
                       ["区分の名称を変更 (お客様 → ご利用者)"]),
}


@pytest.mark.parametrize("case", CASES)
def test_each_change_has_its_sentence(shop: Doc, case: str) -> None:
    old_edit, new_edit, expected = CASES[case]
    assert summarize(edited(shop, old_edit), edited(shop, new_edit)) == expected


def test_several_changes_come_in_the_order_of_the_notice(shop: Doc) -> None:
    def old(d: Doc) -> None:
        set_amount(d, 1000)
        d["data"]["representative"] = {"title": "代表取締役社長", "name": "森本 恵美"}

    def new(d: Doc) -> None:
        old(d)
        d["data"]["sections"].append({"id": "definitions", "title": "定義", "documents": ["policy"]})
        set_amount(d, 1500)
        purposes("customer")(d).append("新しい目的")
        d["data"]["representative"] = {"title": "代表取締役", "name": "佐藤 花子"}
        d.update(title="プライバシーポリシー")

    assert summarize(edited(shop, old), edited(shop, new)) == [
        "題名を変更 (個人情報保護方針 → プライバシーポリシー)",
        "代表者を変更 (代表取締役社長 森本 恵美 → 代表取締役 佐藤 花子)",
        "お客様の利用目的に1件追加",
        "手数料 1,000円 → 1,500円",
        "「定義」の節を追加",
    ]


def test_labels_are_the_models_docstrings_cut_short() -> None:
    assert [label(Transmission, f) for f in ("name", "purposes", "opt_out_url")] == [
        "道具の名称", "当社の利用目的", "オプトアウトの方法を示すページ"]
