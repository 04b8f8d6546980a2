"""Each kind of bad input gives its exact message (file:line:col: key: what → fix)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit, messages

A = "companies/alpha.yaml"
G = "content/group.yaml"


def test_minimal_group_is_clean(group: Path) -> None:
    assert messages(group, strict=True) == []


def write(group: Path, relative: str, data: bytes | str) -> None:
    path = group / relative
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def bomb(levels: int) -> str:
    """A 'billion laughs' file: each level lists the previous one twelve times."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 12) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


FILE_CASES = {
    "yaml syntax": ("name: [株式会社アルファ\ndocuments: {}\n",
                    "companies/alpha.yaml:2:10: (ファイル全体): YAML の書き方に誤りがあります ([ ] の閉じ忘れか、区切りの , がありません)"
                    " → 字下げ・コロン (:)・引用符の対応を確認してください"),
    "empty": ("# 何も書いていない\n\n",
              "companies/alpha.yaml:1:1: (ファイル全体): ファイルが空です → 必要な項目を書いてください"),
    "bom": ("\ufeffname: 株式会社アルファ\n",
            "companies/alpha.yaml:1:1: (ファイル全体): ファイルの先頭に BOM があります (UTF-8 (BOM付き)) → BOMなしの UTF-8 で保存し直してください"),
    "shift_jis": ("name: 株式会社アルファ\n".encode("shift_jis"),
                  "companies/alpha.yaml:1:7: (ファイル全体): 文字コードが UTF-8 ではありません (0x8A) → UTF-8 で保存し直してください (Shift_JIS は使えません)"),
    "tab": ("name: 株式会社アルファ\nrepresentative:\n\ttitle: 社長\n",
            "companies/alpha.yaml:3:1: (ファイル全体): 字下げにタブ文字が使われています (タブ) → 字下げは半角スペースで書いてください"),
    "duplicate key": ("name: 株式会社アルファ\nname: 株式会社アルファ2\n",
                      "companies/alpha.yaml:2:1: (ファイル全体): 同じキーが二度書かれています (name) → どちらか一方を削除してください"),
    "alias bomb": (bomb(9),
                   "companies/alpha.yaml:1:5: (ファイル全体): エイリアス (*名前) が多すぎます (100 個を超えています) → エイリアスを 100 個以下にするか、値を直接書いてください"),
    "too large": ("name: 株式会社アルファ\n" + "# " + "あ" * 400_000 + "\n",
                  "companies/alpha.yaml:1:1: (ファイル全体): ファイルが大きすぎます (1,200,034 バイト) → 1,000,000 バイト以下に分けてください"),
}


@pytest.mark.parametrize("case", FILE_CASES, ids=list(FILE_CASES))
def test_unreadable_file(group: Path, case: str) -> None:
    data, expected = FILE_CASES[case]
    write(group, A, data)
    assert messages(group)[0] == expected


EDIT_CASES = {
    'unknown key with suggestion': (A, 'representative:', 'representatve:', [
        'companies/alpha.yaml:4:1: representatve: 知らないキーです (representatve) → 「representative」の書き間違いではありませんか',
    ]),
    'missing required field': (A, '    title: 個人情報保護方針\n', '', [
        'companies/alpha.yaml:18:3: documents.policy.title: 必須の項目がありません → 「title:」を書いてください',
    ]),
    'wrong type: string for int': (G, 'amount: 500', 'amount: "500"', [
        'content/group.yaml:28:17: defaults.requests.fees[0].amount: 整数を書いてください ("500") → 半角数字だけで書いてください (例: 1000)',
    ]),
    'wrong type: map for list': (G, 'items: [氏名, 住所]', 'items: {氏名: 住所}', [
        "content/group.yaml:37:12: joint_uses[0].items: リストを書いてください ({'氏名': '住所'}) → 「- 」で始まる行を並べてください",
    ]),
    'full-width digits in a number': (G, 'amount: 500', 'amount: ５００', [
        'content/group.yaml:28:17: defaults.requests.fees[0].amount: 全角の数字・記号が使われています (５００) → 半角で書いてください',
    ]),
    'impossible date': (A, 'date: 2022-04-01', 'date: 2023-02-30', [
        'companies/alpha.yaml:24:15: documents.policy.history[1].date: 存在しない日付です (2023-02-30) → 暦にある日付を書いてください',
    ]),
    'full-width date': (A, 'date: 2022-04-01', 'date: ２０２２-０４-０１', [
        'companies/alpha.yaml:24:15: documents.policy.history[1].date: 日付に全角の文字が使われています (２０２２-０４-０１) → 半角で YYYY-MM-DD の形に書いてください (例: 2024-04-01)',
    ]),
    'slashed date': (A, 'date: 2022-04-01', 'date: 2022/04/01', [
        'companies/alpha.yaml:24:15: documents.policy.history[1].date: 日付の形が違います (2022/04/01) → YYYY-MM-DD の形で書いてください (例: 2024-04-01)',
    ]),
    'revisions out of order': (A, 'date: 2022-04-01', 'date: 2019-04-01', [
        'companies/alpha.yaml:24:15: documents.policy.history[1].date: 改定が日付の順に並んでいません (2019-04-01) → 古い順に並べてください (直前は 2020-04-01)',
    ]),
    'duplicated revision': (A, 'date: 2022-04-01', 'date: 2020-04-01', [
        'companies/alpha.yaml:24:15: documents.policy.history[1].date: 同じ日付の改定が二つあります (2020-04-01) → 一つにまとめるか、日付を直してください',
    ]),
    'duplicate company id': (G, '  - beta\n', '  - beta\n  - alpha\n', [
        'content/group.yaml:6:5: companies[2]: 同じ会社が二度登録されています (alpha) → 一方を削除してください',
    ]),
    'company not in register': (G, '  - beta\n', '', [
        'companies/beta.yaml:1:1: (ファイル全体): グループに登録されていない会社です (beta) → content/group.yaml の companies に「- beta」を加えてください',
        'content/group.yaml:33:5: joint_uses[0].participants: 共同して利用する者の範囲が一社だけです【個人情報保護法27条5項3号】 (alpha) → 共同して利用する会社を二社以上にしてください',
    ]),
    'unknown company': (G, 'responsible: alpha', 'responsible: alfa', [
        'content/group.yaml:35:18: joint_uses[0].responsible: 知らない会社です (alfa) → 「alpha」の書き間違いではありませんか',
    ]),
    'unknown category': (G, '    employee:\n      - 人事', '    employe:\n      - 人事', [
        'content/group.yaml:16:5: defaults.purposes.employe: 知らない区分です (employe) → 「employee」の書き間違いではありませんか (区分は content/group.yaml の categories に定義します)',
    ]),
    'unknown catalogue tool': (G, 'tool: google_analytics_4', 'tool: google_analytics4', [
        'content/group.yaml:32:13: defaults.external_transmissions[0].tool: 組み込みの一覧にない道具です (google_analytics4) → 「google_analytics_4」の書き間違いではありませんか。独自の道具なら name・recipient・information・purposes を書いてください',
    ]),
    'javascript url': ('companies/beta.yaml', 'mailto:privacy@example.jp', 'javascript:alert(1)', [
        'companies/beta.yaml:20:12: contacts[0].email: メールアドレスの形ではありません (javascript:alert(1)) → 「名前@ドメイン名」の形で書いてください (例: privacy@example.jp)',
    ]),
    'unknown contact window': (G, 'window: desk', 'window: dsk', [
        'content/group.yaml:25:13: defaults.requests.window: 知らない窓口です (dsk) → 「desk」の書き間違いではありませんか (companies/alpha.yaml の contacts の id)',
        'content/group.yaml:25:13: defaults.requests.window: 知らない窓口です (dsk) → 「desk」の書き間違いではありませんか (companies/beta.yaml の contacts の id)',
    ]),
    'bad literal': (A, 'template: policy', 'template: polcy', [
        "companies/alpha.yaml:20:15: documents.policy.template: 使えない値です (polcy) → 次のどれかを書いてください: 'policy', 'handling', 'consent', 'cookies' or 'joint_use'",
    ]),
    'bad id characters': (A, '  policy:', '  Policy:', [
        'companies/alpha.yaml:18:3: documents.Policy: キーに使えない文字があります (Policy) → 英小文字で始め、英小文字・数字・- ・_ だけで書いてください (例: customer)',
    ]),
}


EDIT_CASES["custom tool located in the company's own list"] = (
    "companies/beta.yaml", "documents:", "external_transmissions:\n  - tool: widget\n    name: ウィジェット\ndocuments:", sorted(
        f"companies/beta.yaml:22:5: external_transmissions[0]: widget の{item}が書かれていません【電気通信事業法27条の12】"
        f" → {key}: を書いてください"
        for key, item in [("information", "送信される情報"), ("recipient", "送信先の名称"), ("purposes", "利用目的")]
    ))


@pytest.mark.parametrize("case", EDIT_CASES, ids=list(EDIT_CASES))
def test_bad_value(group: Path, case: str) -> None:
    relative, old, new, expected = EDIT_CASES[case]
    edit(group, relative, old, new)
    assert messages(group) == expected


def test_section_text_twice_after_merge(group: Path) -> None:
    edit(group, G, "  abroad:", "  sections:\n    - id: note\n      body: 共通の本文\n  abroad:")
    edit(group, "companies/beta.yaml", "documents:", "sections:\n  - id: note\n    file: note.md\ndocuments:")
    (group / "content" / "note.md").write_text("ベータ社の本文\n", encoding="utf-8")
    assert messages(group) == [
        "companies/beta.yaml:22:5: sections[0]: グループの節と合わせると本文が二重になります (note)"
        " → グループの節と同じ項目 (body か file) で上書きしてください",
    ]
