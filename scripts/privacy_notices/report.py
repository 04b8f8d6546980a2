"""``report``: the group consistency report for editors (Markdown and HTML), never part of the public site.

A legal department reads it every quarter: where each company departs from the group's defaults, values
that usually agree across the group but do not (fees, answer methods, desk hours, officer titles), documents
some companies have and others lack, documents not revised since a change of the law, the problems of
``check`` per company, and one small chart of the group's revision dates (inline SVG: the page makes no
request to any other host).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field, replace
from pathlib import Path

from .check import check
from .errors import Problem, Severity
from .lint.table import APPI_2020_AMENDMENT, RULES, TBA_EXTERNAL_TRANSMISSION
from .labels import ANSWER_SHORT, field_label
from .loader import Company, Group
from .merge import strategy
from .model import Content

LAW_CHANGES = ((APPI_2020_AMENDMENT, "令和2年改正個人情報保護法", ("policy", "handling", "consent", "joint_use")),
               (TBA_EXTERNAL_TRANSMISSION, "電気通信事業法の外部送信規律", ("policy", "handling", "cookies")))
"""A change of the law and the kinds of document it reaches (the external-transmission rules only
reach a company that has external transmissions)."""


@dataclass
class Table:
    title: str
    note: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Report:
    group: str
    as_of: dt.date
    tables: list[Table]
    revisions: dict[str, list[dt.date]]
    """Company name -> the dates of every revision of its documents (for the chart)."""


def build_report(root: Path, as_of: dt.date) -> Report:
    group, problems = check(root)
    if group is None:
        raise ValueError("グループのデータを読み込めません。privacy-notices check の指摘を直してください")
    tables = [_deviations(group), _differences(group), _documents(group), _not_revised(group, as_of),
              _problems(group, problems)]
    revisions = {c.data.name: sorted({r.date for s in c.data.documents.values() for r in s.history})
                 for c in group.companies.values()}
    return Report(group.file.name, as_of, tables, revisions)


def _label(name: str) -> str:
    return field_label(Content, name)


def _deviation(name: str, own: object) -> str:
    how = strategy(Content, name)
    if how == "fields" and own is not None:
        return "上書き: " + ", ".join(sorted(own.model_fields_set))  # type: ignore[attr-defined]
    if how == "by-category" and isinstance(own, dict):
        return "区分: " + ", ".join(f"{k}{' (共通を除外)' if v.common == 'exclude' else ''}" for k, v in own.items())
    if how.startswith("by-key:") and isinstance(own, list):
        key = how.split(":", 1)[1]
        return ", ".join(f"{getattr(i, key)}{' を外す' if getattr(i, 'disabled', False) else ''}" for i in own)
    return "置き換え"


def _deviations(group: Group) -> Table:
    companies = list(group.companies.values())
    table = Table("グループの既定値と違う項目", "会社のファイルが書いている項目 (空欄はグループ共通のまま)。",
                  ["項目", *[c.data.name for c in companies]])
    for name in Content.model_fields:
        cells = [_deviation(name, getattr(c.own, name)) if name in c.own.model_fields_set else "" for c in companies]
        if any(cells):
            table.rows.append([_label(name), *cells])
    return table


def _window_hours(company: Company) -> str:
    window = company.data.requests.window if company.data.requests else None
    desk = next((c for c in company.data.contacts if c.id == window), None)
    return f"{desk.hours or '―'} / {desk.closed or '―'}" if desk else "―"


VALUES = {
    "手数料": lambda c: ", ".join(f"{f.amount:,}円" for f in c.data.requests.fees if f.amount is not None)
    if c.data.requests and c.data.requests.fees else "無料",
    "回答の方法": lambda c: "・".join(ANSWER_SHORT[m] for m in c.data.requests.answer_methods)
    if c.data.requests else "―",
    "窓口の受付時間 / 休業日": _window_hours,
    "個人情報保護管理者の役職": lambda c: c.data.privacy_officer.title if c.data.privacy_officer else "―",
    "受け付ける請求の数": lambda c: str(len(c.data.requests.accepted or [])) if c.data.requests else "0",
}
"""Values that usually agree across a group; a row is listed only when they differ."""


def _differences(group: Group) -> Table:
    companies = list(group.companies.values())
    table = Table("会社によって違う値", "ふつうはグループでそろう値のうち、会社によって違うもの (違わない値は載せません)。",
                  ["項目", *[c.data.name for c in companies]])
    for label, value in VALUES.items():
        cells = [value(c) for c in companies]
        if len(set(cells)) > 1:
            table.rows.append([label, *cells])
    return table


def _documents(group: Group) -> Table:
    kinds = sorted({s.template for c in group.companies.values() for s in c.data.documents.values()})
    table = Table("文書の有無", "ほかの会社にある種類の文書がない会社に「ない」と示します。", ["会社", *kinds])
    for c in group.companies.values():
        have = {s.template for s in c.data.documents.values()}
        table.rows.append([c.data.name, *("ある" if k in have else "**ない**" for k in kinds)])
    return table


def _not_revised(group: Group, as_of: dt.date) -> Table:
    table = Table("法令の改正の後に改定されていない文書", f"{as_of.isoformat()} 時点で施行されている最新の改定が、改正の施行日より前の文書。",
                  ["会社", "文書", "最新の改定", "改正"])
    for c in group.companies.values():
        for doc_id, spec in c.data.documents.items():
            dates = [r.date for r in spec.history if r.date <= as_of]
            for day, law, kinds in LAW_CHANGES:
                reached = spec.template in kinds and (day != TBA_EXTERNAL_TRANSMISSION or c.data.external_transmissions)
                if dates and reached and max(dates) < day <= as_of:
                    table.rows.append([c.data.name, f"{spec.title} ({doc_id})", max(dates).isoformat(),
                                       f"{law} ({day.isoformat()})"])
    return table


def _company_lines(group: Group) -> dict[str, set[str]]:
    """Company name -> the lines its company rules print: a problem located in the group's defaults is
    listed under every company it arises for (``check`` prints it once)."""
    found: dict[str, set[str]] = {}
    for cid, company in group.companies.items():
        alone = replace(group, companies={cid: company})
        found[company.data.name] = {replace(p, basis=r.basis, severity=Severity.ERROR).format()
                                    for r in RULES if r.scope == "company" for p in r.check(alone, company)}
    return found


def _owners(group: Group, problem: Problem, lines: dict[str, set[str]]) -> list[str]:
    for c in group.companies.values():
        if problem.path == c.origin("name").document.path:
            return [c.data.name]
    text = replace(problem, severity=Severity.ERROR).format()
    return [name for name, printed in lines.items() if text in printed] or ["グループ共通"]


def _problems(group: Group, problems: list[Problem]) -> Table:
    table = Table("check の指摘", "会社ごとの指摘 (--strict なしの重さ)。グループ共通のファイルにある指摘は、それが当たる会社ごとに示します。",
                  ["会社", "重さ", "指摘"])
    lines = _company_lines(group)
    for p in problems:
        kind = "エラー" if p.severity is Severity.ERROR else "警告"
        table.rows += [[owner, kind, p.format()] for owner in _owners(group, p, lines)]
    table.rows.sort(key=lambda row: list(lines).index(row[0]) if row[0] in lines else len(lines))
    return table


# --- output -----------------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    lines = [f"# {report.group} 整合性の報告 ({report.as_of.isoformat()} 時点)", "",
             "編集者のための報告です。公開サイトには載せません。", ""]
    for t in report.tables:
        lines += [f"## {t.title}", "", t.note, ""]
        if not t.rows:
            lines += ["該当なし。", ""]
            continue
        lines += ["| " + " | ".join(map(_cell, t.header)) + " |", "|" + "---|" * len(t.header)]
        lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in t.rows] + [""]
    lines += ["## 改定の日付", ""]
    lines += [f"- {name}: {', '.join(d.isoformat() for d in dates)}" for name, dates in report.revisions.items()]
    return "\n".join(lines) + "\n"


def chart(revisions: dict[str, list[dt.date]], width: int = 720) -> str:
    """One dot per revision date, one row per company, years along the bottom, the changes of the law
    as dashed lines (inline SVG)."""
    dates = [d for ds in revisions.values() for d in ds]
    if not dates:
        return ""
    first, last = min(dates).year, max(dates).year + 1
    left, row = 220, 26
    span = dt.date(last, 1, 1).toordinal() - dt.date(first, 1, 1).toordinal()

    def x(day: dt.date) -> float:
        return left + (width - left - 10) * (day.toordinal() - dt.date(first, 1, 1).toordinal()) / span

    height = row * len(revisions) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="各社の改定の日付">']
    for year in range(first, last + 1):
        px = x(dt.date(year, 1, 1))
        parts.append(f'<line x1="{px:.1f}" y1="0" x2="{px:.1f}" y2="{height - 20}" stroke="#ddd"/>'
                     f'<text x="{px:.1f}" y="{height - 5}" font-size="10" text-anchor="middle">{year}</text>')
    for day, law, _ in LAW_CHANGES:  # the changes of the law, dashed: a row with no dot after one was not revised
        if first <= day.year < last:
            px = x(day)
            parts.append(f'<line x1="{px:.1f}" y1="0" x2="{px:.1f}" y2="{height - 20}" stroke="#b00" '
                         f'stroke-dasharray="4 3"><title>{html.escape(law)} ({day.isoformat()})</title></line>')
    for i, (name, days) in enumerate(revisions.items()):
        y = row * i + row / 2
        parts.append(f'<text x="0" y="{y + 4:.1f}" font-size="12">{html.escape(name)}</text>')
        parts += [f'<circle cx="{x(d):.1f}" cy="{y:.1f}" r="4" fill="#2e6b30"><title>{d.isoformat()}</title></circle>'
                  for d in days]
    return "".join(parts) + "</svg>"


def to_html(report: Report) -> str:
    e = html.escape
    body = [f"<h1>{e(report.group)} 整合性の報告 ({report.as_of.isoformat()} 時点)</h1>",
            "<p>編集者のための報告です。公開サイトには載せません。</p>"]
    for t in report.tables:
        body += [f"<h2>{e(t.title)}</h2>", f"<p>{e(t.note)}</p>"]
        if not t.rows:
            body.append("<p>該当なし。</p>")
            continue
        head = "".join(f"<th>{e(h)}</th>" for h in t.header)
        rows = "".join("<tr>" + "".join(f"<td>{_html_cell(c)}</td>" for c in row) + "</tr>" for row in t.rows)
        body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    body += ["<h2>改定の日付</h2>", chart(report.revisions)]
    style = ("body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;margin-bottom:1em}"
             "th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;font-size:.9em}th{background:#eef}")
    return (f'<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8"><title>{e(report.group)} 整合性の報告</title>'
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>\n")


def _html_cell(text: str) -> str:
    if text.startswith("**") and text.endswith("**"):
        return f"<strong>{html.escape(text[2:-2])}</strong>"
    return html.escape(text)


def write_report(report: Report, directory: Path) -> list[Path]:
    """``report.md`` and ``report.html`` in ``directory`` (created when missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = [directory / "report.md", directory / "report.html"]
    written[0].write_text(to_markdown(report), encoding="utf-8")
    written[1].write_text(to_html(report), encoding="utf-8")
    return written
