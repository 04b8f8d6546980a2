"""The ``history`` and ``diff`` commands: a document's versions listed, and two of them compared.

Both read the frozen versions only (the archive), never today's rendering.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

from .changes import summarize
from .diff import compare
from .diff_render import to_html, to_json, to_markdown, to_terminal
from .loader import load_group
from .lookup import RecordError, company_of, document_of
from .versions import Archive, Frozen


def history_lines(root: Path, company_id: str, document: str | None) -> list[str]:
    """One line per revision: date, 制定/改定, whether its text is frozen, and the summary."""
    group, problems = load_group(root)
    if group is None:
        raise RecordError("データを読めません。check の指摘を直してください")
    company = company_of(group, company_id)
    documents = [document] if document else list(company.data.documents)
    archive = Archive(root)
    lines = []
    for doc in documents:
        spec = document_of(company, doc)
        frozen = set(archive.dates(company_id, doc))
        lines.append(f"{company_id}/{doc}: {spec.title}")
        for i, revision in enumerate(spec.history):
            kind = "制定" if i == 0 else "改定"
            mark = "版あり" if revision.date in frozen else "本文なし"
            lines.append(f"  {revision.date.isoformat()}  {kind}  [{mark}]  {revision.summary}")
            lines += [f"      {a.on.isoformat()}  修正  {a.summary}" for a in revision.amended or []]
            if revision.withdrawn:
                lines.append(f"      {revision.withdrawn.on.isoformat()}  取り下げ  {revision.withdrawn.reason}")
    return lines


def compare_versions(root: Path, company_id: str, document: str, date_a: str, date_b: str,
                     output: str = "terminal", colour: bool = False) -> str:
    """Two frozen versions compared: the change summary from the data, then the text."""
    group, _ = load_group(root)
    if group is None:
        raise RecordError("データを読めません。check の指摘を直してください")
    document_of(company_of(group, company_id), document)
    archive = Archive(root)
    dates = archive.dates(company_id, document)
    versions = [_version(company_id, document, text, dates) for text in (date_a, date_b)]
    old_text, new_text = (archive.text(v) for v in versions)
    changes = summarize(*(archive.data(v) for v in versions))
    comparison = compare(old_text, new_text)
    if output == "json":
        return json.dumps({"from": date_a, "to": date_b, "changes": changes, "comparison": to_json(comparison)},
                          ensure_ascii=False, indent=1) + "\n"
    if output == "html":
        items = "".join(f"<li>{html.escape(line)}</li>" for line in changes)
        return f"<ul class=\"pn-changes\">{items}</ul>\n{to_html(comparison)}\n"
    if output == "markdown":
        return "".join(f"- {line}\n" for line in changes) + "\n" + to_markdown(comparison)
    head = f"{company_id}/{document}: {date_a} → {date_b}\n" + "".join(f"  ・{line}\n" for line in changes)
    return head + "\n" + to_terminal(comparison, colour=colour)


def _version(company_id: str, document: str, text: str, dates: list[dt.date]) -> Frozen:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise RecordError(f"日付は YYYY-MM-DD の形で指定してください ({text})") from None
    if day not in dates:
        raise RecordError(f"{company_id}/{document} に {text} の版はありません → 次のどれかを指定してください: "
                          + ", ".join(d.isoformat() for d in dates))
    return Frozen(company_id, document, day)
