"""Deleting any legally required item from the demo group makes `check` name it and its article."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import messages
from privacy_notices.lint import RULES
from privacy_notices.yamlio import new_yaml

G = "content/group.yaml"
HD, TICKET, SHOP, CABLE, BPO = (f"companies/aoba-{c}.yaml" for c in ("hd", "ticket", "shop", "cable", "bpo"))


def change(root: Path, relative: str, apply: Callable[[Any], None]) -> None:
    """Edit one file through ruamel.yaml, as an editor deleting a line would."""
    yaml = new_yaml()
    path = root / relative
    data = yaml.load(path.read_text(encoding="utf-8"))
    apply(data)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def test_demo_group_passes_strict(demo: Path) -> None:
    assert messages(demo, strict=True) == []


def custom_tool(data: Any) -> Any:
    return next(t for t in data["external_transmissions"] if "name" in t)


CASES: dict[str, tuple[str, Callable[[Any], None], str]] = {
    "appi-32-address": (TICKET, lambda d: d.pop("address"), "住所が書かれていません【個人情報保護法32条1項1号】"),
    "appi-32-representative": (CABLE, lambda d: d.pop("representative"),
                               "代表者の氏名が書かれていません【個人情報保護法32条1項1号】"),
    "appi-32-purposes": (SHOP, lambda d: d.__setitem__("purposes", {"customer": {"items": [], "common": "exclude"}}),
                         "区分「customer」の利用目的が書かれていません【個人情報保護法32条1項2号】"),
    "appi-32-requests": (G, lambda d: d["defaults"].pop("requests"),
                         "開示等の請求の手続が書かれていません【個人情報保護法32条1項3号】"),
    "appi-32-request-kinds": (G, lambda d: d["defaults"]["requests"]["accepted"].remove("correction"),
                              "「訂正等」の請求 (34条1項)が書かれていません【個人情報保護法32条1項3号】"),
    "appi-33-5-records": (G, lambda d: d["defaults"]["requests"]["accepted"].remove("third_party_record"),
                          "「第三者提供記録の開示」の請求 (33条5項)が書かれていません【個人情報保護法32条1項3号・33条5項】"),
    "appi-32-fee": (G, lambda d: d["defaults"]["requests"]["fees"][0].pop("amount"),
                    "手数料の額が書かれていません【個人情報保護法32条1項3号・38条】"),
    "order-10-1-security": (G, lambda d: d["defaults"].pop("security_measures"),
                            "安全管理措置が書かれていません【個人情報保護法施行令10条1号】"),
    "order-10-2-complaints": (CABLE, lambda d: [c["roles"].remove("complaints") for c in d["contacts"]
                                                if "complaints" in c["roles"]],
                              "苦情の申出先が書かれていません【個人情報保護法施行令10条2号】"),
    "order-10-3-certified": (TICKET, lambda d: d["certified_organization"].pop("desk"),
                             "認定個人情報保護団体の苦情の解決の申出先が書かれていません【個人情報保護法施行令10条3号】"),
    "officer": (BPO, lambda d: d.pop("privacy_officer"), "個人情報保護管理者が書かれていません【JIS Q 15001"),
    "abroad-stated": (G, lambda d: d["defaults"].pop("abroad"),
                      "外国での取扱いの有無が書かれていません【ガイドライン通則編10-7"),
    "abroad-countries": (BPO, lambda d: d["abroad"].__setitem__("countries", []),
                         "外国の名称が書かれていません【個人情報保護法28条"),
    "tba-27-12": (SHOP, lambda d: custom_tool(d).pop("recipient"),
                  "の送信先の名称が書かれていません【電気通信事業法27条の12】"),
    "appi-43-3": (BPO, lambda d: d["anonymized"].__setitem__("items", []),
                  "匿名加工情報の項目が書かれていません【個人情報保護法43条3項】"),
    "appi-43-4": (BPO, lambda d: d["anonymized"].pop("provision_method"),
                  "匿名加工情報の提供の方法が書かれていません【個人情報保護法43条4項】"),
    "appi-27-5-3-responsible": (HD, lambda d: d.pop("address"),
                                "責任を有する者 (株式会社あおばホールディングス) の住所が書かれていません【個人情報保護法27条5項3号】"),
    "appi-27-5-3-scope": (G, lambda d: d["joint_uses"][0].__setitem__("participants", ["aoba-hd"]),
                          "共同して利用する者の範囲が一社だけです【個人情報保護法27条5項3号】"),
    "joint-use-started": (G, lambda d: d["joint_uses"][0].pop("started"),
                          "共同利用を始めた日が書かれていません【ガイドライン通則編3-6-3"),
}


def test_every_rule_has_a_case() -> None:
    # issue 11's rules, each with its exact message; issue 12's, pinned beside their feature
    from test_lint_consistency import NEW_CASES, TESTED_ELSEWHERE

    assert {r.id for r in RULES} == set(CASES) | set(NEW_CASES) | set(TESTED_ELSEWHERE)


@pytest.mark.parametrize("rule", CASES, ids=list(CASES))
def test_deleting_a_required_item_is_reported(demo: Path, rule: str) -> None:
    relative, apply, expected = CASES[rule]
    change(demo, relative, apply)
    found = messages(demo, strict=True, versions=False)
    assert any(expected in line for line in found), "\n".join(found)
    assert all("【" in line for line in found), "only the lint should complain:\n" + "\n".join(found)


def test_warnings_are_marked_unless_strict(demo: Path) -> None:
    change(demo, BPO, lambda d: d.pop("privacy_officer"))
    [line] = messages(demo, versions=False)
    assert line.startswith(f"{BPO}:") and ": 警告: 個人情報保護管理者が書かれていません" in line
