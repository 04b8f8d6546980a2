"""取得する個人情報・取得の方法、区分の中の見出し (themes) と利用目的が使う情報 (uses) (issue 12, points 2-3).

A fixture group whose categories are its own (会員, 視聴者: no お客様 or 従業員 anywhere) is given a collection
table, acquisition methods, themes and links, then checked, rendered and built as editors do.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable
import pytest

from privacy_notices.check import check
from privacy_notices.render import Renderer
from conftest import AS_OF, edit, make_site_root, messages, mkdocs_build, record_all, run_cli
from test_lint import CABLE, change

GROUP = """\
name: テスト用グループ
companies:
  - alpha
  - beta
categories:
  member:
    label: 会員
    description: 会員登録をされた方
    show_description: true
  viewer:
    label: 視聴者
defaults:
  collected_information:
    - id: basic
      label: 基本情報
      items: [氏名, 住所, 電話番号]
      purposes: [ご本人の確認, ご連絡]
    - id: history
      label: 視聴の記録
      items: [視聴した番組と日時]
  acquisition_methods:
    - id: form
      channel: web
      description: 会員登録のフォーム
      information: [basic]
    - id: partner
      channel: third_party
      source: 提携する放送事業者
      information: [basic, history]
  purposes:
    member:
      items:
        - 会員サービスを提供するため
        - text: ご本人を確認するため
          uses: [basic]
      themes:
        - title: 広告・マーケティング
          items:
            - text: 番組のおすすめをお送りするため
              uses: [basic, history]
      notes:
        - 配信の停止はいつでもできます。
    viewer:
      - 番組を配信するため
  security_measures:
    organizational:
      - 責任者を置き、取扱いの状況を定期的に点検します。
    technical:
      - アクセスできる者を限り、記録を残します。
  requests:
    accepted: [purpose_notice, disclosure, third_party_record, correction, suspension, third_party_stop]
    window: desk
    fees:
      - requests: [purpose_notice, disclosure]
        amount: 500
  abroad:
    handled: false
  external_transmissions:
    - tool: google_analytics_4
joint_uses:
  - id: group
    responsible: alpha
    started: 2020-04-01
    items: [氏名, 住所]
    purposes: [グループの商品のご案内のため]
"""

COLLECTION = """\
### 取得する個人情報 { #collected-information }

当社は、次の個人情報を取得します。

| 情報の種類 | 項目 | 主な利用目的 |
|---|---|---|
| 基本情報 | 氏名、住所、電話番号 | ・ご本人の確認<br>・ご連絡 |
| 視聴の記録 | 視聴した番組と日時 | ― |

### 取得の方法 { #acquisition-methods }

| 取得の方法 | 取得元 | 取得する情報 |
|---|---|---|
| ウェブサイト・アプリの入力フォーム<br>会員登録のフォーム | ご本人 | 基本情報 |
| 第三者からの提供 | 提携する放送事業者 | 基本情報、視聴の記録 |
"""

THEMED = """\
### 会員 { #purposes-member }

会員登録をされた方

- 会員サービスを提供するため
- ご本人を確認するため (利用する情報: 基本情報)

#### 広告・マーケティング { #purposes-member-1 }

- 番組のおすすめをお送りするため (利用する情報: 基本情報、視聴の記録)

※配信の停止はいつでもできます。

### 視聴者 { #purposes-viewer }

- 番組を配信するため
"""

TABLE = """\
| 区分 | 利用目的 |
|---|---|
| 会員<br>(会員登録をされた方) | ・会員サービスを提供するため<br>・ご本人を確認するため (利用する情報: 基本情報)<br>※配信の停止はいつでもできます。 |
| 視聴者 | ・番組を配信するため |
"""


@pytest.fixture
def themed(group: Path) -> Path:
    (group / "content" / "group.yaml").write_text(GROUP, encoding="utf-8")
    edit(group, "companies/beta.yaml", "  customer:\n", "  member:\n")
    return group


def _section(page: str, title: str) -> str:
    """The body of the numbered section ``title`` (its ``## N.`` heading left out), up to the next one."""
    match = re.search(rf"^## \d+\. {re.escape(title)} {{ #[a-z-]+ }}\n\n(.*?)(?=^## )", page, re.S | re.M)
    assert match, page
    return match.group(1).strip() + "\n"


def _rendered(root: Path, company: str, document: str = "policy") -> str:
    """The company's policy as rendered from the current data (no recorded version needed)."""
    loaded, _ = check(root, versions=False)
    assert loaded is not None
    renderer = Renderer(loaded, dt.date.fromisoformat(AS_OF))
    return renderer.notice(loaded.companies[company], document)


def _generated(root: Path, tmp_path: Path) -> str:
    record_all(root, "2026-11-01", "取得する個人情報の表を追加")
    out = tmp_path / "out"
    result = run_cli("generate", str(out), "--root", str(root), "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    return (out / "docs" / "alpha" / "policy" / "index.md").read_text(encoding="utf-8")


def test_group_own_categories_themes_and_links_render(themed: Path, tmp_path: Path) -> None:
    assert messages(themed, strict=True, versions=False) == []
    page = _generated(themed, tmp_path)
    assert _section(page, "取得する個人情報と取得の方法") == COLLECTION
    purposes = _section(page, "個人情報の利用目的")
    assert purposes.split("\n\n", 1)[1] == THEMED  # after the sentence introducing the purposes
    assert page.index("取得する個人情報と取得の方法") < page.index("個人情報の利用目的")


def test_without_themes_the_table_stays_and_shows_links_and_description(themed: Path, tmp_path: Path) -> None:
    edit(themed, "content/group.yaml", "      themes:\n        - title: 広告・マーケティング\n          items:\n"
         "            - text: 番組のおすすめをお送りするため\n              uses: [basic, history]\n", "")
    page = _generated(themed, tmp_path)
    assert _section(page, "個人情報の利用目的").split("\n\n", 1)[1] == TABLE


def test_short_forms_stay_valid(group: Path) -> None:
    """The minimal group writes categories as plain lists of strings: same table, no collection section."""
    page = _rendered(group, "alpha")
    assert "| お客様 | ・商品をお届けするため<br>・お問い合わせに答えるため |" in page
    assert "取得する個人情報と取得の方法" not in page


def test_consent_document_shows_the_collection(themed: Path) -> None:
    edit(themed, "companies/beta.yaml", "documents:\n", "documents:\n  consent:\n    title: 会員登録の同意事項\n"
         "    template: consent\n    history:\n      - date: 2026-11-01\n        summary: 制定\n")
    assert messages(themed, versions=False) == []
    assert _section(_rendered(themed, "beta", "consent"), "取得する個人情報と取得の方法") == COLLECTION


def test_mkdocs_build_strict(themed: Path, tmp_path: Path) -> None:
    record_all(themed, "2026-11-01", "取得する個人情報の表を追加")
    root = make_site_root(themed, tmp_path / "root")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "alpha" / "policy" / "index.html").read_text(encoding="utf-8")
    assert 'id="purposes-member-1"' in html and 'id="acquisition-methods"' in html
    assert "<td>提携する放送事業者</td>" in html


# --- problems, with their exact messages ---------------------------------------------------------------

CASES: dict[str, tuple[str, str, str, str]] = {
    "unknown-use": (
        "content/group.yaml", "          uses: [basic]\n", "          uses: [basik]\n",
        "content/group.yaml:35:18: defaults.purposes.member.items[1].uses[0]: 知らない情報の種類です"
        "【個人情報保護法17条1項・21条1項 (利用目的の特定と、取得する情報の示し方)】 (basik (alpha・beta の文書)) → "
        "「basic」の書き間違いではありませんか。collected_information にある id のどれかを書いてください: basic, history"),
    "unknown-method-information": (
        "content/group.yaml", "      information: [basic, history]\n", "      information: [basic, viewing]\n",
        "content/group.yaml:29:28: defaults.acquisition_methods[1].information[1]: 知らない情報の種類です"
        "【個人情報保護法17条1項・21条1項 (利用目的の特定と、取得する情報の示し方)】 (viewing (alpha・beta の文書)) → "
        "collected_information にある id のどれかを書いてください: basic, history"),
    "no-items": (
        "content/group.yaml", "      items: [視聴した番組と日時]\n", "",
        "content/group.yaml:18:7: defaults.collected_information[1]: 情報の種類「視聴の記録」の項目が書かれていません"
        "【個人情報保護法17条1項・21条1項 (利用目的の特定と、取得する情報の示し方)】 → "
        "items: に項目 (例: 氏名、住所) を一つ以上書くか、この種類を削除してください"),
    "method-without-information": (
        "content/group.yaml", "      information: [basic]\n", "",
        "content/group.yaml:22:7: defaults.acquisition_methods[0]: 取得の方法「form」で取得する情報が書かれていません"
        "【個人情報保護法17条1項・21条1項 (利用目的の特定と、取得する情報の示し方)】 → "
        "information: に collected_information の id を一つ以上書いてください"),
    "sensitive-item": (
        "content/group.yaml", "      items: [視聴した番組と日時]\n", "      items: [視聴した番組と日時, 病歴]\n",
        "content/group.yaml:20:26: defaults.collected_information[1].items[1]: "
        "要配慮個人情報に当たる「病歴」を取り扱うのに、本人の同意を得ることが書かれていません【個人情報保護法2条3項・20条2項】"
        " (policy: 病歴) → この文書に載る節 (sections) か注記 (notes) に「要配慮個人情報は、あらかじめご本人の同意を得て取得します」"
        "と書いてください"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_problem_has_its_exact_message(themed: Path, case: str) -> None:
    relative, old, new, expected = CASES[case]
    edit(themed, relative, old, new)
    found = messages(themed, versions=False)
    assert expected in found, "\n".join(found)


def test_company_reference_to_information_it_disabled(themed: Path) -> None:
    """A company that stops collecting a kind of information is told which of its purposes still use it."""
    edit(themed, "companies/alpha.yaml", "documents:\n",
         "collected_information:\n  - id: history\n    disabled: true\nacquisition_methods:\n"
         "  - id: partner\n    information: [basic]\npurposes:\n  viewer:\n    - text: 番組を録画するため\n      uses: [history]\n"
         "documents:\n")
    found = [m for m in messages(themed, versions=False) if "知らない情報の種類です" in m]
    assert [m.split(" → ")[0].split("】")[1] for m in found] == [" (history)", " (history (alpha の文書))"]
    assert found[0].startswith("companies/alpha.yaml:") and found[1].startswith("content/group.yaml:")


def test_short_purpose_list_may_hold_linked_purposes(themed: Path) -> None:
    edit(themed, "content/group.yaml", "    viewer:\n      - 番組を配信するため\n",
         "    viewer:\n      - 番組を配信するため\n      - text: 視聴の傾向を分析するため\n        uses: [histry]\n")
    [line] = [m for m in messages(themed, versions=False) if "知らない情報の種類です" in m]
    assert line.startswith("content/group.yaml:46:16: defaults.purposes.viewer[1].uses[0]: ")
    assert "「history」の書き間違いではありませんか" in line


def test_bad_acquisition_channel_lists_the_choices(themed: Path) -> None:
    edit(themed, "content/group.yaml", "      channel: web\n", "      channel: email\n")
    [line] = messages(themed, versions=False)
    assert line.startswith("content/group.yaml:23:16: defaults.acquisition_methods[0].channel: 使えない値です (email) → ")
    assert "'in_person'" in line


# --- the demo: 加入者 with themes and links in aoba-cable ----------------------------------------------------


def test_demo_cable_uses_its_own_category(demo: Path) -> None:
    page = _rendered(demo, "aoba-cable")
    assert "#### 加入者 { #purposes-subscriber }" in page
    assert "##### 広告・マーケティング { #purposes-subscriber-3 }" in page
    assert "(利用する情報: 基本情報、ご契約の情報、通信の記録)" in page
    assert "| 視聴履歴 | 視聴したチャンネル・番組と日時、受信機の識別番号 |" in page

DEMO_CASES: dict[str, tuple[Callable[[Path], None], str]] = {  # in test_lint_consistency.NEW_CASES: one exact line per rule
    "collection-items": (
        lambda root: change(root, CABLE, lambda d: d["collected_information"][1]["items"].clear()),
        f"{CABLE}:85:3: collected_information[1]: 情報の種類「視聴履歴」の項目が書かれていません"
        "【個人情報保護法17条1項・21条1項 (利用目的の特定と、取得する情報の示し方)】 → "
        "items: に項目 (例: 氏名、住所) を一つ以上書くか、この種類を削除してください"),
    "collection-references": (
        lambda root: change(root, CABLE, lambda d: d["purposes"]["subscriber"]["themes"][1]["items"][0]["uses"]
                            .__setitem__(0, "viewng")),
        f"{CABLE}:151:16: purposes.subscriber.themes[1].items[0].uses[0]: 知らない情報の種類です"
        "【個人情報保護法17条1項・21条1項 (利用目的の特定と、取得する情報の示し方)】 (viewng) → "
        "「viewing」の書き間違いではありませんか。collected_information にある id のどれかを書いてください: "
        "basic, transaction, inquiry, online, personnel, mynumber, contract, viewing, connection"),
}


def test_new_company_skeleton_uses_the_group_own_category(themed: Path) -> None:
    result = run_cli("new-company", "gamma", cwd=themed)
    assert result.returncode == 0, result.stderr
    text = (themed / "companies" / "gamma.yaml").read_text(encoding="utf-8")
    assert "\npurposes:\n  member:\n" in text
    assert not [m for m in messages(themed, versions=False) if "知らない区分です" in m]
