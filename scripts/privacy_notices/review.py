"""`privacy-notices compare BASE HEAD`: a pull request's change, as visitors will read it.

Each git ref is exported to a temporary folder (``git archive``: the working copy is never
touched), loaded and checked; every document is rendered as it would be published from that
ref's data, and the two are compared. The report is Markdown for a PR comment, in a stable order.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .changes import summarize
from .check import check
from .diff import compare
from .diff_render import to_markdown
from .errors import Severity
from .loader import Group
from .record import render_version

SHARED = ("content/", "templates/")
"""Paths whose change reaches every company (group data, shared prose, shared templates)."""


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
    for cid, company in group.companies.items():
        for doc, spec in company.data.documents.items():
            key = (cid, doc)
            texts[key], data[key] = render_version(group, company, doc, spec.history[-1].date)
            history[key] = [(r.date.isoformat(), r.summary) for r in spec.history]
    return Published(texts, data, history, messages)


def compare_refs(repo: Path, base: str, head: str) -> str:
    """The review report (Markdown) of the change from ``base`` to ``head``."""
    with tempfile.TemporaryDirectory() as tmp:
        trees = {}
        for name, ref in (("base", base), ("head", head)):
            export(repo, ref, Path(tmp) / name)
            trees[name] = published(Path(tmp) / name)
    return report(trees["base"], trees["head"], changed_paths(repo, base, head))


def report(base: Published, head: Published, paths: list[str]) -> str:
    lines = ["## 公開される文書の変更", ""]
    if head.problems and not head.texts:
        return "\n".join(lines + ["HEAD のデータに誤りがあるため、変更を比べられません。", "",
                                  *_problems(head.problems)]) + "\n"
    keys = sorted(set(base.texts) | set(head.texts))
    changed = [k for k in keys if base.texts.get(k) != head.texts.get(k)]
    if not changed and not head.problems:
        return "公開される文書に変更はありません。\n"
    shared = [p for p in paths if p.startswith(SHARED)]
    if shared:
        companies = sorted({cid for cid, _ in changed})
        lines += [f"グループ共通のファイルの変更 ({', '.join(shared)}) により、{len(companies)} 社・"
                  f"{len(changed)} 文書の本文が変わります: {', '.join(companies)}", ""]
    for key in changed:
        lines += _document(key, base, head)
    if head.problems:
        lines += ["### check の指摘 (HEAD)", "", *_problems(head.problems), ""]
    return "\n".join(lines).rstrip() + "\n"


def _document(key: tuple[str, str], base: Published, head: Published) -> list[str]:
    cid, doc = key
    old, new = base.texts.get(key), head.texts.get(key)
    lines = [f"### {cid}/{doc}", ""]
    if old is None or new is None:
        return lines + [("新しい文書です。" if old is None else "削除される文書です。"), ""]
    lines += [f"- {line}" for line in summarize(base.data[key], head.data[key])] or ["- データの項目に変更はありません"]
    before = dict(base.history[key])
    added = [(date, summary) for date, summary in head.history[key] if date not in before]
    edited = [(date, before[date], summary) for date, summary in head.history[key]
              if date in before and before[date] != summary]
    lines += [f"- 改定の記録: {date} {summary}" for date, summary in added]
    lines += [f"- 改定の記録を変更: {date} ({old_summary} → {summary})" for date, old_summary, summary in edited]
    if not added:
        lines.append("- ⚠️ 本文が変わるのに改定の記録 (history) がありません → privacy-notices record で記録してください")
    body = to_markdown(compare(old, new))
    lines += ["", "<details><summary>本文の変更</summary>", "", body.rstrip(), "", "</details>", ""]
    return lines


def _problems(problems: list[str]) -> list[str]:
    return [f"- `{line}`" for line in problems]
