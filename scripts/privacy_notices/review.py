"""`privacy-notices compare BASE HEAD`: a pull request's change, as visitors will read it.

Each git ref is exported to a temporary folder (``git archive``: the working copy is never
touched), loaded and checked; every document is rendered as it would be published from that
ref's data, and the two are compared. The report is Markdown for a PR comment, in the group's order:
a summary (counts, warnings, the list of changes), then one section per distinct change listing the
documents it appears in by company name and title. A revision's date line is shown per document,
so a group-wide change recorded on one date reads as one change; :mod:`.review_format` compares dates
whole, shows a new document's whole text and shortens the report to fit a comment.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .changes import summarize
from .check import check
from .dates import as_of_date
from .diff import Comparison, compare
from .diff_render import to_markdown
from .errors import Severity
from .joint_users import GROUP_ID, publishers
from .layout import CONTENT, TEMPLATES
from .loader import Group
from .markdown import escape
from .render import render_version
from .review_format import date_lines, date_only, md, whole_dates_block, whole_text

SHARED = (f"{CONTENT}/", f"{TEMPLATES}/")
"""Paths whose change reaches every company (group data, shared prose, shared templates)."""
INDEX_LIMIT = 30
"""The summary lists at most this many changes; every change still has its section."""


class ReviewError(Exception):
    """A ref that cannot be read; the message says which, in Japanese."""


@dataclass(frozen=True)
class Published:
    """What one ref would publish: text and resolved data per (company, document), and its history."""

    texts: dict[tuple[str, str], str]
    data: dict[tuple[str, str], dict]
    history: dict[tuple[str, str], list[tuple[str, str]]]
    problems: list[str]


def export(repo: Path, ref: str, target: Path) -> None:
    """The tree of ``ref`` written to ``target`` without touching the working copy."""
    result = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", ref], capture_output=True)
    if result.returncode:
        raise ReviewError(f"git の参照「{ref}」を読めません ({result.stderr.decode('utf-8', 'replace').strip()})")
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as tar:
        tar.extractall(target, filter="data")


def changed_paths(repo: Path, base: str, head: str) -> list[str]:
    result = subprocess.run(["git", "-C", str(repo), "diff", "--name-only", f"{base}...{head}"],
                            capture_output=True, text=True)
    return sorted(result.stdout.split()) if result.returncode == 0 else []


def published(root: Path) -> Published:
    group, problems = check(root, versions=False)
    messages = [p.format() for p in problems if p.severity is Severity.ERROR]
    if group is None or messages:
        return Published({}, {}, {}, messages or ["データを読めません"])
    return _render_all(group, messages)


def _render_all(group: Group, messages: list[str]) -> Published:
    texts, data, history = {}, {}, {}
    for company in publishers(group):  # the companies, then the group's list of joint users
        for doc, spec in company.data.documents.items():
            key = (company.id, doc)
            texts[key], data[key] = render_version(group, company, doc, spec.history[-1].date)
            history[key] = [(r.date.isoformat(), r.summary) for r in spec.history]
    return Published(texts, data, history, messages)


def compare_refs(repo: Path, base: str, head: str, as_of: dt.date | None = None) -> str:
    """The review report (Markdown) of the change from ``base`` to ``head``, as of a date
    (default: $PRIVACY_NOTICES_AS_OF, else today in Tokyo), which tells an announced version from one in force."""
    with tempfile.TemporaryDirectory() as tmp:
        trees = {}
        for name, ref in (("base", base), ("head", head)):
            export(repo, ref, Path(tmp) / name)
            trees[name] = published(Path(tmp) / name)
    return report(trees["base"], trees["head"], changed_paths(repo, base, head), as_of or as_of_date())


@dataclass(frozen=True)
class DocumentChange:
    """One document's change, as the report shows it."""

    key: tuple[str, str]
    company: str
    """The company's name, escaped for Markdown."""
    title: str
    """The document's title, escaped for Markdown."""
    kind: str
    """changed, new or deleted."""
    summary: tuple[str, ...]
    """What changed in the data (:func:`.changes.summarize`)."""
    body: str
    """The changed blocks other than date lines (Markdown); a new document's whole text."""
    notes: tuple[str, ...]
    """This document's own lines: revisions recorded or edited, a missing record, dates changed."""
    effective: str
    """The date (ISO) the change takes effect: the first revision the branch adds, else the announced
    version that absorbs it; empty when an unrecorded change would alter a version in force."""
    recorded: bool
    """Whether the branch records a revision for the change (a new or deleted document counts as recorded)."""

    @property
    def name(self) -> str:
        """株式会社あおばチケット「個人情報保護方針」: how legal staff name a document."""
        return f"{self.company}「{self.title}」"

    @property
    def group(self) -> tuple[str, tuple[str, ...], str]:
        """Documents with the same group show one change once."""
        return self.kind, self.summary, self.body


def report(base: Published, head: Published, paths: list[str], as_of: dt.date) -> str:
    """The whole review report: a summary (counts, warnings, the list of changes), then one
    section per distinct change listing every document it appears in."""
    lines = ["## 公開される文書の変更", ""]
    if head.problems and not head.texts:
        return "\n".join(lines + ["HEAD のデータに誤りがあるため、変更を比べられません。", "",
                                  *_problems(head.problems)]) + "\n"
    keys = list(head.texts) + [k for k in base.texts if k not in head.texts]
    changes = [_change(k, base, head, as_of.isoformat()) for k in keys if base.texts.get(k) != head.texts.get(k)]
    if not changes and not head.problems:
        return "公開される文書に変更はありません。\n"
    groups: dict[tuple[str, tuple[str, ...], str], list[DocumentChange]] = {}
    for change in changes:
        groups.setdefault(change.group, []).append(change)
    lines += _summary(list(groups.values()), [p for p in paths if p.startswith(SHARED)])
    for number, members in enumerate(groups.values(), 1):
        lines += _section(number, members)
    if head.problems:
        lines += ["### check の指摘 (HEAD)", "", *_problems(head.problems), ""]
    return "\n".join(lines).rstrip() + "\n"


def _change(key: tuple[str, str], base: Published, head: Published, as_of: str) -> DocumentChange:
    old, new = base.texts.get(key), head.texts.get(key)
    data = (head.data if new is not None else base.data)[key]
    name = escape(data["data"].get("name") or key[0]), escape(data["title"])
    if new is None:
        return DocumentChange(key, *name, "deleted", (), "", ("⚠️ この文書はサイトに載らなくなります",), "", True)
    history = head.history[key]
    before = dict(base.history.get(key, []))
    added = [(date, summary) for date, summary in history if date not in before]
    notes = [f"改定の記録: {date} {md(summary)}" for date, summary in added]
    notes += [f"改定の記録を変更: {date} ({md(before[date])} → {md(summary)})" for date, summary in history
              if date in before and before[date] != summary]
    if old is None:
        return DocumentChange(key, *name, "new", (), whole_text(new), tuple(notes), history[0][0], True)
    if not added:
        notes.append(f"⚠️ 本文が変わるのに改定の記録 (history) がありません (最新の版 {history[-1][0]} が変わります)"
                     " → privacy-notices record で記録してください")
    blocks = [whole_dates_block(b) for b in compare(old, new).blocks if b.kind != "equal"]
    notes += [line for b in blocks if date_only(b) for line in date_lines(b)]
    rest = tuple(b for b in blocks if not date_only(b))
    body = to_markdown(Comparison(rest)) if rest else ""
    summary = tuple(md(s) for s in summarize(base.data[key], head.data[key]))
    effective = added[0][0] if added else history[-1][0] if history[-1][0] > as_of else ""
    return DocumentChange(key, *name, "changed", summary, body, tuple(notes), effective, bool(added))


def _summary(groups: list[list[DocumentChange]], shared: list[str]) -> list[str]:
    changes = [c for members in groups for c in members]
    lines = [f"{_count(changes)}の本文が変わります (変更 {len(groups)} 件)。"
             + (f"グループ共通のファイル ({', '.join(shared)}) の変更を含みます。" if shared else ""), ""]
    warnings = _different_dates(groups)
    missing = [c for c in changes if c.kind == "changed" and not c.recorded]
    if missing:
        warnings.append(f"⚠️ 改定の記録 (history) がない文書が {len(missing)} 件あります → privacy-notices record で記録してください")
    lines += [f"- {w}" for w in warnings] + ([""] if warnings else [])
    shown = [f"{n}. {_title(members)} ({_count(members)})" for n, members in enumerate(groups, 1) if len(groups) > 1]
    if len(shown) > INDEX_LIMIT:
        shown = shown[:INDEX_LIMIT] + [f"- ほか {len(shown) - INDEX_LIMIT} 件"]
    return lines + shown + ([""] if shown else [])


def _count(changes: list[DocumentChange]) -> str:
    """「N 社・M 文書」: the group's list of joint users is a document, not a company."""
    return f"{len({c.key[0] for c in changes} - {GROUP_ID})} 社・{len(changes)} 文書"


def _title(members: list[DocumentChange]) -> str:
    first = members[0]
    if first.kind != "changed":
        what = "新しい文書" if first.kind == "new" else "削除される文書"
        return f"{what}: {first.name}" if len(members) == 1 else what
    if not first.summary:
        return "本文の変更 (データの項目は同じ)" if first.body else "日付だけの変更"
    return first.summary[0] + (f" ほか {len(first.summary) - 1} 件" if len(first.summary) > 1 else "")


def _section(number: int, members: list[DocumentChange]) -> list[str]:
    first = members[0]
    lines = [f"### {number}. {_title(members)}", ""]
    lines += [f"- {s}" for s in first.summary] + ([""] if first.summary else [])
    lines += [f"対象の文書 ({_count(members)}):", ""]
    for change in members:
        lines += [f"- {change.name} `{'/'.join(change.key)}`", *(f"  - {note}" for note in change.notes)]
    lines.append("")
    if first.kind == "deleted":
        return lines
    summary = "本文 (全文)" if first.kind == "new" else "本文の変更"
    if first.body:
        lines += [f"<details><summary>{summary}</summary>", "", first.body.rstrip(), "", "</details>", ""]
    return lines


def _different_dates(groups: list[list[DocumentChange]]) -> list[str]:
    """A company whose documents take one change on different dates: one line naming them.

    One change is one sentence of the data's summary (the same fact, however each kind of document
    words it), or, for a change of wording only, one group."""
    by_change: dict[tuple[str, str], dict[DocumentChange, str]] = {}
    for number, members in enumerate(groups, 1):
        for change in (c for c in members if c.kind == "changed" and c.effective):
            for label in change.summary or (f"変更 {number}",):
                by_change.setdefault((change.key[0], label), {})[change] = change.effective
    seen: dict[tuple[str, tuple[tuple[str, str], ...]], list[str]] = {}
    for (_, label), dates in by_change.items():
        if len(set(dates.values())) > 1:
            docs = tuple((c.title, day) for c, day in dates.items())
            seen.setdefault((next(iter(dates)).company, docs), []).append(label)
    return [f"⚠️ {company}の文書で、同じ変更の施行日が違います: {'、'.join(f'「{title}」{day}' for title, day in docs)}"
            f" ({_some(labels)})" for (company, docs), labels in seen.items()]


def _some(labels: list[str], shown: int = 3) -> str:
    return "、".join(labels[:shown]) + (f" ほか {len(labels) - shown} 件" if len(labels) > shown else "")


def _problems(problems: list[str]) -> list[str]:
    return [f"- `{line}`" for line in problems]
