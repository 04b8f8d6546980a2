"""One comparison engine, two routes: a pair compared when the site is built (diff.py, diff_render.py)
and the same pair compared in the visitor's browser (docs/assets/javascripts/comparison.js) give the
same blocks, the same marked spans, the same change counts and the same HTML, in Chromium.

Pairs: every two versions of every demo document (both directions), Japanese fixtures written for the
cases that broke the old browser route (a moved item, an inserted column, a width-only change, ...),
the bounds (a rewrite too long to pair, text too repetitive to align) and seeded random edits."""

from __future__ import annotations

import json
import random
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from privacy_notices.diff import compare
from privacy_notices.diff_render import to_html, to_json

REPO = Path(__file__).resolve().parent.parent
ENGINE = REPO / "docs" / "assets" / "javascripts" / "comparison.js"
SENTENCES = (Path(__file__).parent / "fixtures" / "sentences.txt").read_text(encoding="utf-8").splitlines()

FIXTURES: dict[str, tuple[str, str]] = {
    "a moved list item": ("- 商品の発送\n- お問い合わせへの回答\n- 新商品のご案内\n",
                          "- お問い合わせへの回答\n- 新商品のご案内\n- 商品の発送\n"),
    "a moved and an edited item": ("- 商品の発送\n- お問い合わせへの回答\n- 新商品のご案内\n- 抽選の実施\n",
                                   "- お問い合わせへの回答\n- 新商品やイベントのご案内\n- 抽選の実施\n- 商品の発送\n"),
    "a column inserted in the middle": (
        "| 名称 | 目的 | 送信先 |\n|---|---|---|\n| 解析 | 分析 | 米国の事業者 |\n| 広告 | 配信 | 国内の事業者 |\n",
        "| 名称 | 送信する情報 | 目的 | 送信先 |\n|---|---|---|---|\n| 解析 | 閲覧したページ | 分析 | 米国の事業者 |\n"
        "| 広告 | 端末の識別子 | 配信 | 国内の事業者 |\n| 地図 | 位置情報 | 表示 | 国内の事業者 |\n"),
    "a column removed and one renamed": (
        "| 名称 | 目的 | 送信先 | 停止方法 |\n|---|---|---|---|\n| 解析 | 分析 | 米国 | 設定画面 |\n",
        "| 名称 | 送信先 | オプトアウト |\n|---|---|---|\n| 解析 | 米国 | 設定画面から |\n"),
    "columns swapped": ("| 名称 | 目的 | 送信先 |\n|---|---|---|\n| 解析 | 分析 | 米国 |\n",
                        "| 名称 | 送信先 | 目的 |\n|---|---|---|\n| 解析 | 米国 | 分析 |\n"),
    "a table replaced by another": ("| 項目 | 内容 |\n|---|---|\n| 名称 | あおば |\n\n以上\n",
                                    "| 窓口 | 電話 | 受付時間 |\n|---|---|---|\n| お客様相談室 | 03-0000-0000 | 平日 |\n"),
    "a row added at the end of a table before a removed paragraph": (
        "| 項目 | 内容 |\n|---|---|\n| 名称 | 株式会社あおば |\n\n以上\n",
        "| 項目 | 内容 |\n|---|---|\n| 名称 | 株式会社あおば |\n| 電話 | 03-0000-0000 |\n"),
    "width only": ("お問い合わせは０３－１２３４－５６７８（平日９時～１７時）まで。\n",
                   "お問い合わせは03-1234-5678(平日9時~17時)まで。\n"),
    "spaces only": ("個人情報の　取扱い について\n", "個人情報の 取扱い  について\n"),
    "renumbered headings": ("## 1. 定義\n\n言葉の意味です。\n\n## 2. 利用目的\n\n次のとおりです。\n",
                            "## 1. 利用目的\n\n次のとおりです。\n"),
    "full-width numbered items": ("１. 氏名\n２. 住所\n", "１. 氏名\n２. 住所\n３. 電話番号\n"),
    "characters outside the BMP": ("𠮷野家の𩸽定食を提供します。\n", "𠮷田屋の𩸽定食と🍣を提供します。\n"),
    "a short unchanged run between two changes": ("記録は東京にて保管し、適切に管理します。\n",
                                                 "記録は大阪にて管理し、適切に保管します。\n"),
    "compound words": ("個人情報保護管理者が監督します。\n", "個人情報保護責任者が監督します。\n"),
    "kanji numerals and amounts": ("手数料は金千円です。1,000円を超えません。\n", "手数料は金千五百円です。1,500円を超えません。\n"),
    "markup, links, entities and escapes": (
        "**重要** [窓口](https://example.jp/a) に &lt;連絡&gt; ください \\* 注\n",
        "**重要** [相談窓口](<https://example.jp/b>) に &lt;ご連絡&gt; ください \\* 注 &amp; 補足\n"),
    "line breaks in cells": ("| 窓口 | 連絡先 |\n|---|---|\n| 相談室 | 電話<br>メール |\n",
                             "| 窓口 | 連絡先 |\n|---|---|\n| 相談室 | 電話<br>メール<br>郵送 |\n"),
    "front matter and attribute lists": ("---\ntitle: 旧\n---\n\n# 方針 { #top }\n\n本文です。\n{: .pn-company }\n",
                                         "---\ntitle: 新\n---\n\n# 方針 { #top }\n\n本文です。改めました。\n"),
    "hostile text": ("<script>alert(1)</script> と \"引用\" と 'これ'\n", "<img src=x onerror=alert(2)> と \"引用\" と 'それ'\n"),
    "empty old": ("", "# 新しい文書\n\n本文です。\n"),
    "nothing changed": ("# 同じ\n\n同じ本文です。\n", "# 同じ\n\n同じ本文です。\n"),
}


def _demo_pairs() -> list[tuple[str, str, str]]:
    pairs = []
    for folder in sorted({path.parent for path in (REPO / "versions").glob("*/*/*.md")}):
        texts = [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.md"))]
        for (a, old), (b, new) in combinations(texts, 2):
            name = f"{folder.relative_to(REPO / 'versions')} {a}→{b}"
            pairs += [(name, old, new), (f"{name} (reversed)", new, old)]
    return pairs


def _bounds() -> list[tuple[str, str, str]]:
    rewrite_old = "".join(f"第{n}項は旧い文です。\n\n" for n in range(60))
    rewrite_new = "".join(f"別の{n}番目の新しい段落になります。\n\n" for n in range(70))
    return [("a rewrite too long to pair", rewrite_old, rewrite_new),
            ("repetitive text", "の" * 300 + "\n", "のを" * 200 + "\n")]


def _random_pairs(count: int = 40) -> list[tuple[str, str, str]]:
    """Seeded edits of notice-like text: blocks dropped, added, moved, sentences and words changed."""
    rng = random.Random(20261201)
    pairs = []
    for number in range(count):
        blocks = [rng.choice(["", "- ", "## 1. ", "| 項目 | "]) + rng.choice(SENTENCES) for _ in range(rng.randint(3, 12))]
        blocks = [b + " |" if b.startswith("| ") else b for b in blocks]
        edited = list(blocks)
        for _ in range(rng.randint(1, 4)):
            action = rng.choice(["drop", "add", "move", "word"])
            if action == "drop" and edited:
                edited.pop(rng.randrange(len(edited)))
            elif action == "add":
                edited.insert(rng.randint(0, len(edited)), rng.choice(["", "- "]) + rng.choice(SENTENCES))
            elif action == "move" and len(edited) > 1:
                edited.insert(rng.randint(0, len(edited) - 1), edited.pop(rng.randrange(len(edited))))
            elif edited:
                k = rng.randrange(len(edited))
                edited[k] = edited[k].replace("個人情報", rng.choice(["個人データ", "ｺｼﾞﾝ情報", "個人 情報"]), 1)
        pairs.append((f"random {number}", "\n\n".join(blocks) + "\n", "\n\n".join(edited) + "\n"))
    return pairs


CASES = _demo_pairs() + [(name, *pair) for name, pair in FIXTURES.items()] + _bounds() + _random_pairs()


@pytest.fixture(scope="module")
def engine(browser: Any) -> Any:
    page = browser.new_page()
    page.set_content("<!doctype html><meta charset='utf-8'><title>engine</title>")
    page.add_script_tag(content=ENGINE.read_text(encoding="utf-8"))
    yield page
    page.close()


def test_the_demo_gives_many_pairs_with_changes_of_every_kind() -> None:
    demo = _demo_pairs()
    kinds = {block.kind for _, old, new in demo for block in compare(old, new).blocks}
    assert len(demo) >= 100 and {"insert", "delete", "replace", "equal"} <= kinds
    fixture_kinds = {block.kind for old, new in FIXTURES.values() for block in compare(old, new).blocks}
    assert {"move_from", "move_to"} <= fixture_kinds
    columns = {kind for old, new in FIXTURES.values() for b in compare(old, new).blocks for kind in b.columns}
    assert {"insert", "delete", "replace", "equal"} <= columns


def test_both_routes_give_the_same_comparison(engine: Any) -> None:
    results = engine.evaluate(
        """(pairs) => pairs.map(([oldText, newText]) => {
             const c = PnComparison.compare(oldText, newText);
             return [JSON.stringify(PnComparison.toJson(c)), PnComparison.toHtml(c, "inline"),
                     PnComparison.toHtml(c, "side-by-side")];
           })""",
        [[old, new] for _, old, new in CASES])
    differ = []
    for (name, old, new), (data, inline, side) in zip(CASES, results):
        comparison = compare(old, new)
        if json.loads(data) != to_json(comparison):
            differ.append(f"{name}: blocks differ")
        elif inline != to_html(comparison, "inline") or side != to_html(comparison, "side-by-side"):
            differ.append(f"{name}: HTML differs")
    assert not differ, f"{len(differ)} of {len(CASES)} pairs differ:\n" + "\n".join(differ[:20])


def test_the_engine_sees_a_change_the_python_engine_sees(engine: Any) -> None:
    """The agreement above is not two engines that find nothing: marks exist on both sides."""
    old, new = FIXTURES["a column inserted in the middle"]
    html = engine.evaluate("([a, b]) => PnComparison.toHtml(PnComparison.compare(a, b), 'inline')", [old, new])
    assert 'class="pn-col-insert"' in html and "追加: </span>送信する情報" in html
