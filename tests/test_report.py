"""`privacy-notices report`: the group consistency report for editors (never on the public site)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import AS_OF, edit, run_cli
from privacy_notices.report import build_report, to_html, to_markdown
from test_lint import CABLE, HD, SHOP

DAY = dt.date.fromisoformat(AS_OF)


def test_demo_report_shows_deviations_and_differences(demo: Path) -> None:
    text = to_markdown(build_report(demo, DAY))
    assert "| 外国での取扱い |  |  | 置き換え |  | 置き換え |" in text
    assert "| 保有個人データの利用目的 |" in text and "| 区分: customer, partner | 区分: subscriber, partner |" in text
    assert "| 個人情報保護管理者の役職 | 取締役 グループ個人情報保護統括責任者 |" in text
    assert "| 手数料 |" not in text  # every company charges the same: not listed
    assert "## 法令の改正の後に改定されていない文書" in text and "## check の指摘" in text
    # the demo no longer leaves out the common purposes anywhere: a category that does is marked
    edit(demo, SHOP, "purposes:\n  customer:\n    items:", "purposes:\n  customer:\n    common: exclude\n    items:")
    assert "| 区分: customer (共通を除外), partner |" in to_markdown(build_report(demo, DAY))


def test_a_different_fee_and_a_problem_are_listed_per_company(demo: Path) -> None:
    edit(demo, SHOP, "# Cookie の説明。", "requests:\n  fees:\n    - requests: [disclosure]\n      amount: 800\n# Cookie の説明。")
    text = to_markdown(build_report(demo, DAY))
    assert re.search(r"\| 手数料 \| 1,000円 \| 1,000円 \| 800円 \| 1,000円 \| 1,000円 \|", text), text
    # the prose is the group's, the fee the shop's: listed under the shop, not as the group's
    assert "| 株式会社あおばショッピングチャンネル | エラー | content/group.yaml:268:14: defaults.requests.payment: " in text
    assert "| グループ共通 |" not in text


def test_a_document_not_revised_since_a_change_of_the_law(demo: Path) -> None:
    edit(demo, CABLE, "      - date: 2022-04-01\n        summary: 令和2年改正個人情報保護法の施行に伴う改定 (安全管理措置の公表、第三者提供記録の開示請求、外国での取扱いなど)\n"
         "      - date: 2023-06-16\n        summary: 改正電気通信事業法の外部送信規律の施行に伴い、Cookie・外部送信についての説明を追加\n"
         "      - date: 2024-04-01\n        summary: 共同利用の目的に、不正な利用の防止を追加\n", "")
    text = to_markdown(build_report(demo, DAY))
    assert "| 株式会社あおばケーブルテレビ | 個人情報保護方針 (policy) | 2017-05-30 | 令和2年改正個人情報保護法 (2022-04-01) |" in text
    assert "| 株式会社あおばケーブルテレビ | 個人情報保護方針 (policy) | 2017-05-30 | 電気通信事業法の外部送信規律 (2023-06-16) |" in text


def test_html_is_escaped_and_requests_nothing(demo: Path) -> None:
    edit(demo, HD, "  title: 取締役 グループ個人情報保護統括責任者", "  title: 取締役 <b>統括</b>")
    page = to_html(build_report(demo, DAY))
    assert "&lt;b&gt;統括&lt;/b&gt;" in page and "<b>" not in page
    assert re.findall(r"(?:src|href)=", page) == [] and "<script" not in page
    assert page.count("<circle") == 37 and "stroke-dasharray" in page  # 37 revision dates, the law as dashed lines


def test_cli_writes_both_files(demo: Path, tmp_path: Path) -> None:
    result = run_cli("report", "--root", str(demo), "--output", str(tmp_path / "out"), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "report.md").read_text(encoding="utf-8").startswith("# あおばグループ 整合性の報告 (2026-11-23 時点)")
    assert (tmp_path / "out" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_pull_request_workflow_uploads_the_report() -> None:
    from ruamel.yaml import YAML

    from conftest import ROOT

    steps = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))[
        "jobs"]["review"]["steps"]
    run = next(s for s in steps if s.get("name", "").startswith("Group consistency report"))["run"]
    upload = next(s for s in steps if s.get("with", {}).get("name") == "consistency-report")
    assert "privacy-notices report --output consistency-report" in run and upload["with"]["path"] == "consistency-report/"
