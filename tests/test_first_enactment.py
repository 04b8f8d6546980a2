"""First enactment: a document whose first version takes effect later is 制定予定, never 改定."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import edit
from privacy_notices.check import check
from privacy_notices.record import record
from privacy_notices.site import plan_site
from privacy_notices.versions import Archive

NEW_DOCUMENT = """  handling:
    title: 個人情報の取扱いについて
    template: handling
    history:
      - date: 2027-04-01
        summary: 制定
"""


def announced(group: Path) -> dict[str, str]:
    edit(group, "companies/alpha.yaml", "documents:\n", "documents:\n" + NEW_DOCUMENT)
    record(group, "alpha", "handling", dt.date(2027, 4, 1), "")
    loaded, problems = check(group)
    assert loaded is not None and not problems, problems
    return {p.path: p.text for p in plan_site(loaded, dt.date(2026, 11, 23), Archive(group)).pages}


def test_the_document_page_shows_the_text_to_come_and_its_date(group: Path) -> None:
    page = announced(group)["alpha/handling/index.md"]
    assert '!!! info "制定のお知らせ (施行予定)"\n\n    この文書は令和9年4月1日から施行します。[施行される全文](2027-04-01.md)\n' in page
    assert "\n# 個人情報の取扱いについて\n" in page and "制定日 令和9年4月1日" in page  # the text itself
    assert "改定のお知らせ" not in page and "改定後" not in page  # the notice's own text links its 改定履歴 page


def test_the_version_page_and_history_say_enactment(group: Path) -> None:
    pages = announced(group)
    version = pages["alpha/handling/2027-04-01.md"]
    assert '!!! info "制定予定の版"\n\n    この文書は令和9年4月1日から施行されます。[制定の予定](history.md)\n' in version
    assert "現在施行中" not in version
    history = pages["alpha/handling/history.md"]
    assert "\n# 制定の予定: 個人情報の取扱いについて\n" in history and "改定" not in history
    assert "| 令和9年4月1日 | 制定(施行予定) | 制定 | [全文](2027-04-01.md)・[PDF](2027-04-01.pdf) | ― |" in history
    assert "<title>制定のお知らせ: 個人情報の取扱いについて | 株式会社アルファ</title>" in pages["alpha/handling/feed.xml"]


def test_company_and_top_pages_name_the_date_to_come(group: Path) -> None:
    pages = announced(group)
    assert "| [個人情報の取扱いについて](handling/index.md) | 令和9年4月1日 (制定予定) | ― |" in pages["alpha/index.md"]
    assert "[個人情報の取扱いについて](alpha/handling/index.md) (令和9年4月1日 制定予定)" in pages["index.md"]
    assert "| [個人情報保護方針](policy/index.md) | 令和2年4月1日 | 令和4年4月1日 |" in pages["alpha/index.md"]


def test_once_in_force_it_is_an_ordinary_document(group: Path) -> None:
    announced(group)
    loaded, _ = check(group)
    assert loaded is not None
    pages = {p.path: p.text for p in plan_site(loaded, dt.date(2027, 4, 1), Archive(group)).pages}
    assert "施行予定" not in pages["alpha/handling/index.md"]
    assert "| [個人情報の取扱いについて](handling/index.md) | 令和9年4月1日 | ― |" in pages["alpha/index.md"]
    assert "制定予定" not in pages["index.md"]
