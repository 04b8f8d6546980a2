"""Golden tests of the notice comparison (``privacy_notices.diff``) and its renderers."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy_notices.diff import Comparison, Segment, Stats, compare, diff_text, parse_blocks
from privacy_notices.diff_render import to_html, to_json, to_markdown, to_terminal

OLD = "お客様の個人情報を以下の利用目的の範囲内で利用します。"
NEW = "お客様の個人データを以下の利用目的の達成に必要な範囲内で共同して利用します。"
GOLDEN_SEGMENTS = (
    Segment("equal", "お客様の"),
    Segment("delete", "個人情報"),
    Segment("insert", "個人データ"),
    Segment("equal", "を以下の利用目的の"),
    Segment("insert", "達成に必要な"),
    Segment("equal", "範囲内で"),
    Segment("insert", "共同して"),
    Segment("equal", "利用します。"),
)


def notice(body: str, title: str = "個人情報の取扱いについて") -> str:
    """A notice as the generator writes it: front matter, then the body."""
    return f'---\ntitle: "{title}"\n---\n\n{body}'


class _Balance(HTMLParser):
    """Fails on a closing tag that does not match the open one (the renderers write no void tag but br)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag != "br":
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes nothing"


def assert_balanced(fragment: str) -> None:
    parser = _Balance()
    parser.feed(fragment)
    parser.close()
    assert parser.stack == []


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def assert_complete(old: str, new: str, comparison: Comparison) -> None:
    """Every block of both versions appears once, in order: nothing is lost or invented."""
    assert [b.old for b in comparison.blocks if b.old is not None] == [x.text for x in parse_blocks(old)]
    assert [b.new for b in comparison.blocks if b.new is not None] == [y.text for y in parse_blocks(new)]
    for block in comparison.blocks:
        if block.kind != "equal" and not block.cells:
            assert "".join(s.text for s in block.segments if s.kind != "delete") == (block.new or "")
            assert norm("".join(s.text for s in block.segments if s.kind != "insert")) == norm(block.old or "")


# The example sentence: pinned segments and the output of every renderer.


def test_sentence_segments() -> None:
    comparison = compare(OLD, NEW)
    [block] = comparison.blocks
    assert (block.kind, block.block_type, block.old, block.new) == ("replace", "paragraph", OLD, NEW)
    assert block.segments == GOLDEN_SEGMENTS
    assert comparison.stats == Stats(inserted=0, deleted=0, changed=1, unchanged=0)
    assert diff_text(OLD, NEW) == GOLDEN_SEGMENTS


def test_sentence_terminal() -> None:
    comparison = compare(OLD, NEW)
    assert to_terminal(comparison, colour=False) == (
        "変更: お客様の[-個人情報-]{+個人データ+}を以下の利用目的の{+達成に必要な+}範囲内で{+共同して+}利用します。\n"
    )
    red, green, reset = "\x1b[31m", "\x1b[32m", "\x1b[0m"
    assert to_terminal(comparison, colour=True) == (
        f"変更: お客様の{red}[-個人情報-]{reset}{green}{{+個人データ+}}{reset}を以下の利用目的の"
        f"{green}{{+達成に必要な+}}{reset}範囲内で{green}{{+共同して+}}{reset}利用します。\n"
    )


def test_sentence_markdown() -> None:
    assert to_markdown(compare(OLD, NEW)) == (
        "- お客様の<del>個人情報</del><ins>個人データ</ins>を以下の利用目的の<ins>達成に必要な</ins>"
        "範囲内で<ins>共同して</ins>利用します。\n"
    )


def test_sentence_html() -> None:
    ins = '<ins class="pn-ins"><span class="pn-diff-label">追加: </span>'
    delete = '<del class="pn-del"><span class="pn-diff-label">削除: </span>'
    assert to_html(compare(OLD, NEW)) == (
        f'<div class="pn-diff pn-diff-inline"><p class="pn-diff-replace">お客様の{delete}個人情報</del>'
        f"{ins}個人データ</ins>を以下の利用目的の{ins}達成に必要な</ins>範囲内で{ins}共同して</ins>"
        "利用します。</p></div>"
    )
    side = to_html(compare(OLD, NEW), view="side-by-side")
    assert '<div class="pn-sbs-head" aria-hidden="true"><div>旧</div><div>新</div></div>' in side
    old_column, new_column = side.split('<div class="pn-sbs-new">')
    assert '<span class="pn-sbs-side">旧</span>' in old_column and '<span class="pn-sbs-side">新</span>' in new_column
    assert "個人情報" in old_column and "<ins" not in old_column and "個人データ" not in old_column
    assert "個人データ" in new_column and "<del" not in new_column and "個人情報" not in new_column
    assert_balanced(side)


def test_sentence_json() -> None:
    data = to_json(compare(OLD, NEW))
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["changed"] is True
    assert data["stats"] == {"inserted": 0, "deleted": 0, "changed": 1, "unchanged": 0, "moved": 0}
    assert data["blocks"][0]["segments"] == [{"kind": s.kind, "text": s.text} for s in GOLDEN_SEGMENTS]


# Blocks: lists, tables, no change.


def test_list_item_added_and_changed() -> None:
    old = notice("### 請求できること\n\n- 利用目的の通知\n- 開示\n- 利用の停止\n")
    new = notice("### 請求できること\n\n- 利用目的の通知\n- 開示 (電磁的記録による提供を含みます)\n- 利用の停止\n- 第三者への提供の停止\n")
    comparison = compare(old, new)
    assert [(b.kind, b.block_type) for b in comparison.blocks] == [
        ("equal", "heading"), ("equal", "list_item"), ("replace", "list_item"),
        ("equal", "list_item"), ("insert", "list_item"),
    ]  # fmt: skip
    assert comparison.blocks[2].segments == (Segment("equal", "開示"), Segment("insert", " (電磁的記録による提供を含みます)"))
    assert comparison.stats == Stats(inserted=1, deleted=0, changed=1, unchanged=3)
    assert to_terminal(comparison) == "変更: 開示{+ (電磁的記録による提供を含みます)+}\n追加: {+第三者への提供の停止+}\n"
    assert to_markdown(comparison) == "- 開示<ins> (電磁的記録による提供を含みます)</ins>\n- 追加: <ins>第三者への提供の停止</ins>\n"


TABLE_OLD = """| 項目 | 内容 |
|---|---|
| 名称 | 株式会社あおばチケット |
| 住所 | 東京都渋谷区みずき坂二丁目8番5号 |
| 代表者 | 代表取締役社長 桜井 陽介 |
| FAX | 03-0000-2101 |
"""
TABLE_NEW = """| 項目 | 内容 |
|---|---|
| 名称 | 株式会社あおばチケット |
| 住所 | 東京都渋谷区みずき坂三丁目1番1号 |
| 代表者 | 代表取締役社長 桜井 陽介 |
| 個人情報保護管理者 | 取締役 管理本部長 小野寺 真紀 |
"""


def test_table_rows_added_removed_and_one_cell_changed() -> None:
    comparison = compare(notice(TABLE_OLD), notice(TABLE_NEW))
    assert [(b.kind, b.block_type) for b in comparison.blocks] == [
        ("equal", "table_header"), ("equal", "table_row"), ("replace", "table_row"),
        ("equal", "table_row"), ("delete", "table_row"), ("insert", "table_row"),
    ]  # fmt: skip
    changed = comparison.blocks[2]
    assert changed.header == ("項目", "内容")
    assert changed.cells[0] == (Segment("equal", "住所"),)  # only the address cell has changes
    assert changed.cells[1] == (
        Segment("equal", "東京都渋谷区みずき坂"),
        Segment("delete", "二丁目8番5"),
        Segment("insert", "三丁目1番1"),
        Segment("equal", "号"),
    )
    assert comparison.blocks[4].cells == ((Segment("delete", "FAX"),), (Segment("delete", "03-0000-2101"),))
    assert to_terminal(comparison) == (
        "変更: 住所 | 内容: 東京都渋谷区みずき坂[-二丁目8番5-]{+三丁目1番1+}号\n"
        "削除: [-FAX-] | [-03-0000-2101-]\n"
        "追加: {+個人情報保護管理者+} | {+取締役 管理本部長 小野寺 真紀+}\n"
    )


def test_table_html_is_a_table_with_its_header() -> None:
    html = to_html(compare(notice(TABLE_OLD), notice(TABLE_NEW)))
    assert_balanced(html)
    assert "\n" not in html  # one line: a blank line would end the raw HTML block of the page's Markdown
    assert '<table class="pn-diff-table"><thead><tr class="pn-diff-equal"><th>項目</th><th>内容</th></tr></thead>' in html
    rows = html.split("<tr ")[2:]
    assert [row.split('"')[1] for row in rows] == [
        "pn-diff-equal", "pn-diff-replace", "pn-diff-equal", "pn-diff-delete", "pn-diff-insert",
    ]  # fmt: skip
    label_cell, address_cell = rows[1].split("</td><td>")
    assert "<ins" not in label_cell and "<del" not in label_cell
    assert address_cell.count("<del") == 1 and address_cell.count("<ins") == 1
    # A whole added row is labelled once, not in every cell.
    assert rows[4].count("追加: ") == 1 and rows[4].count("<ins") == 2


def test_identical_texts() -> None:
    text = notice("## 1. 事業者 { #company }\n\n" + TABLE_OLD + "\n当社は、次のとおり取り扱います。\n")
    comparison = compare(text, text)
    assert not comparison.changed
    assert comparison.stats == Stats(inserted=0, deleted=0, changed=0, unchanged=7)
    assert to_terminal(comparison) == "変更はありません。\n"
    assert to_markdown(comparison) == "変更はありません。\n"


def test_nfkc_only_difference_is_no_change() -> None:
    comparison = compare("1回の請求につき 1,000円(税込)", "１回の請求につき　１，０００円（税込）")
    assert not comparison.changed
    # Inside a real change, a width difference is still not marked; the new text is shown.
    assert diff_text("第1条の規定により", "第１条の規定によって") == (
        Segment("equal", "第１条の規定によ"),
        Segment("delete", "り"),
        Segment("insert", "って"),
    )


def test_front_matter_is_ignored() -> None:
    body = "# 個人情報保護方針\n\n当社は、個人情報を適正に取り扱います。\n"
    comparison = compare(notice(body, "個人情報保護方針 | 株式会社A"), notice(body, "個人情報保護方針 | 株式会社B"))
    assert not comparison.changed
    assert [b.block_type for b in comparison.blocks] == ["heading", "paragraph"]


def test_markdown_syntax_becomes_plain_text() -> None:
    text = (
        "## 9. 窓口 { #contacts }\n\n"
        "株式会社あおば\n{: .pn-company }\n\n"
        "受付窓口は「[管理部 個人情報お問い合わせ係](#contact-privacy-desk)」です。\n\n"
        "| 項目 | 内容 |\n|---|---|\n"
        "| 電話 | [03-0000-2190](<tel:03-0000-2190>)<br>平日 9:00〜17:00 |\n"
        "| 名称 | A\\_B \\*株式会社\\* \\| &lt;script&gt; **重要** |\n\n"
        "---\n\n制定日 平成27年6月1日<br>\n最終改定日 令和5年7月1日\n"
    )
    assert [(b.type, b.text) for b in parse_blocks(text)] == [
        ("heading", "9. 窓口"),
        ("paragraph", "株式会社あおば"),
        ("paragraph", "受付窓口は「管理部 個人情報お問い合わせ係」です。"),
        ("table_header", "項目 | 内容"),
        ("table_row", "電話 | 03-0000-2190\n平日 9:00〜17:00"),
        ("table_row", "名称 | A_B *株式会社* | <script> 重要"),
        ("paragraph", "制定日 平成27年6月1日\n最終改定日 令和5年7月1日"),
    ]
    assert parse_blocks(text)[5].cells == ("名称", "A_B *株式会社* | <script> 重要")


def test_renumbered_headings_are_not_changes() -> None:
    old = notice("## 1. 定義 { #definitions }\n\n言葉の意味です。\n\n## 2. 利用目的 { #purposes }\n\n次のとおりです。\n")
    new = notice("## 1. 利用目的 { #purposes }\n\n次のとおりです。\n")
    comparison = compare(old, new)
    assert [(b.kind, b.old, b.new) for b in comparison.blocks] == [
        ("delete", "1. 定義", None), ("delete", "言葉の意味です。", None),
        ("equal", "2. 利用目的", "1. 利用目的"), ("equal", "次のとおりです。", "次のとおりです。"),
    ]  # fmt: skip
    assert comparison.blocks[2].segments == (Segment("equal", "1. 利用目的"),)
    side = to_html(comparison, view="side-by-side")
    row = next(row for row in side.split('<div class="pn-sbs-row') if "利用目的" in row)  # one row: both columns
    old_column, new_column = row.split('<div class="pn-sbs-new">')
    assert "<strong>2. 利用目的</strong>" in old_column and "<strong>1. 利用目的</strong>" in new_column


def test_rows_with_the_same_label_are_an_edit_however_different() -> None:
    old = "| 項目 | 内容 |\n|---|---|\n| 住所 | 〒250-0099 神奈川県あおば市中央三丁目5番8号 |\n"
    new = "| 項目 | 内容 |\n|---|---|\n| 住所 | 〒135-0098 東京都江東区しおさい町四丁目3番10号 |\n"
    [_, row] = compare(old, new).blocks
    assert row.kind == "replace" and row.cells[0] == (Segment("equal", "住所"),)
    # The address shares too little to diff word by word: one deletion, one insertion.
    assert [s.kind for s in row.cells[1]] == ["delete", "insert"]



def test_rows_with_another_label_are_another_row() -> None:
    header = "| サービス | 送信先 | 送信される情報 |\n|---|---|---|\n"
    old = header + "| Google タグ マネージャー | Google LLC | 閲覧したページの URL、IP アドレス |\n"
    new = header + "| Google アナリティクス 4 | Google LLC | 閲覧したページの URL とタイトル、参照元、IP アドレス |\n"
    assert [b.kind for b in compare(old, new).blocks] == ["equal", "delete", "insert"]
    relabelled = header + "| Google タグマネージャー (GTM) | Google LLC | 閲覧したページの URL、IP アドレス |\n"
    assert [b.kind for b in compare(old, relabelled).blocks] == ["equal", "replace"]


def test_rewritten_sentences_are_replaced_whole_and_edited_ones_word_by_word() -> None:
    old = "当社から所定の請求書をお送りします。窓口は総務部です。"
    new = "当社から所定の請求書をお送りします。お問い合わせはメールでも受け付けます。窓口は広報部です。"
    assert diff_text(old, new) == (
        Segment("equal", "当社から所定の請求書をお送りします。"),
        Segment("insert", "お問い合わせはメールでも受け付けます。"),
        Segment("equal", "窓口は"),
        Segment("delete", "総務"),
        Segment("insert", "広報"),
        Segment("equal", "部です。"),
    )


def test_compound_words_keep_their_common_part() -> None:
    assert diff_text("個人情報保護管理者", "個人情報保護責任者") == (
        Segment("equal", "個人情報保護"), Segment("delete", "管理"), Segment("insert", "責任"), Segment("equal", "者"),
    )  # fmt: skip


def test_line_breaks_in_a_cell_keep_changes_apart() -> None:
    segments = diff_text("最終改定日 令和5年6月16日\n東京都千代田区", "最終改定日 令和4年4月1日\n東京都港区")
    assert "\n" in [s.text for s in segments if s.kind == "equal"][-2]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="個人情報データのを、。にて１1 \nアイ", max_size=40), st.text(alphabet="個人情報データのを、。にて１1 \nアイ", max_size=40))
def test_segments_rebuild_both_texts(old: str, new: str) -> None:
    segments = diff_text(old, new)
    assert "".join(s.text for s in segments if s.kind != "delete") == new
    # Unchanged text is shown as it is in the new version: the old one is rebuilt up to NFKC.
    assert norm("".join(s.text for s in segments if s.kind != "insert")) == norm(old)


# Escaping: the input may contain HTML and Markdown.


@pytest.mark.parametrize("script", ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"])
def test_script_is_escaped_in_every_renderer(script: str) -> None:
    old = notice(f"当社は個人情報を取り扱います。\n\n| 項目 | 内容 |\n|---|---|\n| 名称 | {script}株式会社 |\n")
    new = notice(f"当社は個人情報を適正に取り扱います。{script}\n\n| 項目 | 内容 |\n|---|---|\n| 名称 | {script}株式会社A |\n")
    comparison = compare(old, new)
    for view in ("inline", "side-by-side"):
        html = to_html(comparison, view=view)
        assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&amp;lt;" not in html  # an entity in the Markdown is unescaped once, then escaped once
        assert_balanced(html)
    markdown = to_markdown(comparison)
    assert "<script" not in markdown and "&lt;script&gt;" in markdown
    assert "<script>" in to_terminal(comparison)  # the terminal shows the text as it is


def test_markdown_output_escapes_markdown() -> None:
    comparison = compare("1. 項目", "1. 項目 \\*注\\* [参考] | a_b")
    assert to_markdown(comparison) == "- 項目<ins> \\*注\\* \\[参考\\] \\| a\\_b</ins>\n"
    # A paragraph that reads "1. ..." (written 1\. in Markdown) must not become a nested list.
    comparison = compare("1\\. 個人情報を利用します。", "1\\. 個人情報を適正に利用します。")
    assert to_markdown(comparison) == "- 1\\. 個人情報を<ins>適正に</ins>利用します。\n"


# HTML views: folding unchanged runs.


def test_long_unchanged_runs_are_folded_and_the_section_heading_kept() -> None:
    paragraphs = "".join(f"第{n}の段落です。\n\n" for n in range(1, 6))
    old = notice(f"## 1. 前文\n\n{paragraphs}## 2. 利用目的\n\n個人情報を利用します。\n")
    new = notice(f"## 1. 前文\n\n{paragraphs}## 2. 利用目的\n\n個人情報を適正に利用します。\n")
    html = to_html(compare(old, new))
    assert '<details class="pn-diff-unchanged"><summary>変更のない 6 件</summary>' in html
    assert html.index("</details>") < html.index("2. 利用目的") < html.index("適正に")
    side = to_html(compare(old, new), view="side-by-side")
    assert '<div class="pn-sbs-row pn-sbs-span"><details class="pn-diff-unchanged"><summary>変更のない 6 件</summary>' in side
    assert_balanced(html)
    assert_balanced(side)


# Bounds and determinism.

SENTENCES = (Path(__file__).parent / "fixtures" / "sentences.txt").read_text(encoding="utf-8").splitlines()[:8]


def unrelated(seed: int, shape: str) -> str:
    """About 15 KB of notice-like text, the sentences in an order drawn from ``seed``."""
    rng, parts = random.Random(seed), list[str]()
    while sum(len(part.encode("utf-8")) for part in parts) < 15_000:
        sentence = rng.choice(SENTENCES)
        parts.append({"blocks": f"{sentence}\n\n- {rng.choice(SENTENCES)}\n\n", "one paragraph": sentence}[shape])
    return "".join(parts)


@pytest.mark.parametrize("shape", ["blocks", "one paragraph"])
def test_unrelated_texts_compare_quickly(shape: str) -> None:
    old, new = unrelated(0, shape), unrelated(1, shape)
    start = time.perf_counter()
    comparison = compare(old, new)
    to_html(comparison)
    assert time.perf_counter() - start < 0.5
    assert comparison.changed
    assert_complete(old, new, comparison)


def test_a_long_rewrite_loses_no_block() -> None:
    # Past 50 x 50 unmatched blocks, blocks are paired by position instead of by similarity.
    old = "".join(f"- {SENTENCES[n % 4]}{n}\n" for n in range(80))
    new = "".join(f"- {SENTENCES[4 + n % 4]}{n}\n" for n in range(90))
    assert_complete(old, new, compare(old, new))


def test_repetitive_text_is_bounded() -> None:
    # difflib's cost grows with the cube of repetition; such input is compared by its ends only.
    start = time.perf_counter()
    segments = diff_text("の" * 3000, "のを" * 1500)
    assert time.perf_counter() - start < 0.5
    assert "".join(s.text for s in segments if s.kind != "insert") == "の" * 3000


def test_same_input_same_output_across_hash_seeds() -> None:
    code = (
        "import json, sys; from privacy_notices.diff import compare; from privacy_notices.diff_render import to_json;"
        "print(json.dumps(to_json(compare(sys.argv[1], sys.argv[2])), ensure_ascii=False))"
    )
    old, new = unrelated(0, "blocks")[:3000], unrelated(1, "blocks")[:3000]
    outputs = {
        subprocess.run([sys.executable, "-c", code, old, new], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}).stdout  # fmt: skip
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


# Tables compared by their columns' headers, moved blocks.

COLUMNS_OLD = """| 名称 | 目的 | 送信先 |
|---|---|---|
| 解析ツール | 利用状況の分析 | 米国の事業者 |
| 広告タグ | 広告の配信 | 国内の事業者 |
"""


@pytest.mark.parametrize(("new", "expected_columns", "changed_column"), [
    # a column inserted in the middle: every later cell stays under its own header
    ("| 名称 | 送信する情報 | 目的 | 送信先 |\n|---|---|---|---|\n| 解析ツール | 閲覧したページ | 利用状況の分析 | 米国の事業者 |\n"
     "| 広告タグ | 端末の識別子 | 広告の配信 | 国内の事業者 |\n", ("equal", "insert", "equal", "equal"), "送信する情報"),
    # a column removed
    ("| 名称 | 送信先 |\n|---|---|\n| 解析ツール | 米国の事業者 |\n| 広告タグ | 国内の事業者 |\n",
     ("equal", "delete", "equal"), "目的"),
    # two columns swapped: one column reads as moved out and in, nothing else changes
    ("| 名称 | 送信先 | 目的 |\n|---|---|---|\n| 解析ツール | 米国の事業者 | 利用状況の分析 |\n"
     "| 広告タグ | 国内の事業者 | 広告の配信 |\n", None, None),
])  # fmt: skip
def test_table_columns_are_matched_by_their_header(new: str, expected_columns: tuple[str, ...] | None,
                                                  changed_column: str | None) -> None:
    comparison = compare(notice(COLUMNS_OLD), notice(new))
    rows = [b for b in comparison.blocks if b.block_type == "table_row"]
    assert len(rows) == 2 and all(row.kind == "replace" for row in rows)
    for row in rows:  # a kept cell is unchanged whatever happened to the columns around it
        kept = [cell for cell, kind in zip(row.cells, row.columns) if kind == "equal"]
        assert all(segment.kind == "equal" for cell in kept for segment in cell)
        assert {"利用状況の分析", "広告の配信", "米国の事業者", "国内の事業者"} & {s.text for cell in kept for s in cell}
    if expected_columns is not None:
        assert rows[0].columns == expected_columns
        changed = [line for line in to_terminal(comparison).splitlines() if line.startswith("変更: 解析ツール")]
        assert changed and f"{changed_column}: " in changed[0]
        assert "送信先: " not in changed[0] and "目的: {+" not in changed[0]  # never the wrong column
        html = to_html(comparison)
        kind = expected_columns[[i for i, k in enumerate(expected_columns) if k != "equal"][0]]
        assert html.count(f'class="pn-col-{kind}"') == 3  # the header and both rows
        assert_balanced(html)


def test_a_moved_list_item_is_shown_as_moved_once() -> None:
    old = notice("- 商品の発送のため\n- お問い合わせへの回答のため\n- 新商品のご案内のため\n- 不正利用の防止のため\n")
    new = notice("- お問い合わせへの回答のため\n- 新商品のご案内のため\n- 不正利用の防止のため\n- 商品の発送のため\n")
    comparison = compare(old, new)
    assert [b.kind for b in comparison.blocks] == ["move_from", "equal", "equal", "equal", "move_to"]
    assert comparison.stats.moved == 1 and comparison.stats.inserted == comparison.stats.deleted == 0
    assert to_terminal(comparison) == "移動元: [-商品の発送のため-]\n移動先: {+商品の発送のため+}\n"
    html = to_html(comparison)
    assert html.count("<span class=\"pn-diff-label\">移動元: </span>商品の発送のため</del>") == 1
    assert html.count("<span class=\"pn-diff-label\">移動先: </span>商品の発送のため</ins>") == 1
    side = to_html(comparison, "side-by-side")  # where it was on the old side, where it is on the new
    first, last = side.split('<div class="pn-sbs-row')[1], side.split('<div class="pn-sbs-row')[-1]
    assert "移動元" in first.split('<div class="pn-sbs-new">')[0] and "商品の発送" not in first.split('<div class="pn-sbs-new">')[1]
    assert '<span class="pn-sbs-none">(移動)</span>' in first.split('<div class="pn-sbs-new">')[1]
    assert "移動先" in last.split('<div class="pn-sbs-new">')[1] and "商品の発送" not in last.split('<div class="pn-sbs-new">')[0]


def test_a_row_added_after_a_table_stays_in_its_table() -> None:
    old = notice("| 項目 | 内容 |\n|---|---|\n| 名称 | 株式会社あおば |\n\n以上\n")
    new = notice("| 項目 | 内容 |\n|---|---|\n| 名称 | 株式会社あおば |\n| 電話 | 03-0000-0000 |\n")
    html = to_html(compare(old, new))
    assert html.count("<table") == 1 and html.index("03-0000-0000") < html.index("以上")
