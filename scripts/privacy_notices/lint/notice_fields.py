"""Legal rules of the structured notice fields (issue 12): the request form.

Only what the law asks: the other fields (leak response, complaint handling, laws, disclaimer,
revision notice) are good practice a notice may state in its own words, so nothing checks their wording.
The rules register themselves in :data:`privacy_notices.lint.table.RULES` (``lint/__init__.py`` imports this module).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..errors import Problem, Severity, shown
from ..loader import Company, Group
from .table import field_origin, rule

FORM = re.compile(r"請求書|申請書|請求用紙|申請用紙|様式")
OBTAINED = re.compile(r"ダウンロード|印刷|ホームページ|ウェブサイト|ウエブサイト|Web ?サイト|サイトから")


def form_mentioned(steps: list[str]) -> int | None:
    """The index of the first step that tells the reader to get a form from the website, or None."""
    return next((i for i, step in enumerate(steps) if FORM.search(step) and OBTAINED.search(step)), None)


@rule("order-12-request-form", "開示等の請求書をウェブサイトから入手できると書いたときの、その入手先 (requests.form)",
      "個人情報保護法32条1項3号、施行令12条2号 (請求書の様式)", Severity.WARNING)
def _request_form(group: Group, company: Company) -> Iterator[Problem]:
    requests = company.data.requests
    if requests is None or requests.form is not None:
        return
    at = form_mentioned(requests.how_to_apply)
    if at is not None:
        yield field_origin(group, company, "requests", "how_to_apply").problem(
            at, message="請求書をウェブサイトから入手できると書いていますが、その入手先がありません",
            found=shown(requests.how_to_apply[at]),
            fix="requests: の form: に、請求書のファイル (file: forms/request-form.pdf) か、置いたページの URL (url:) を書いてください")
