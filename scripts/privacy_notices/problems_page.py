"""The page a preview shows instead of the site while the data has errors.

`mkdocs serve` would otherwise keep serving nothing (or the last good site) and show the problems
only in the terminal. This is plain Markdown, for any engine: the mkdocs hook makes it the top
page and the page of every URL not found, so the page the editor had open shows the same
messages as `check`, and the next save that fixes the data brings the site back.
"""

from __future__ import annotations

from .errors import Problem, Severity
from .markdown import escape
from .site import Page, Site

TITLE = "データに誤りがあります"


def problems_site(problems: list[Problem]) -> Site:
    """A site of one page, ``index.md``, listing ``problems`` (errors first, then warnings)."""
    return Site([Page("index.md", problems_markdown(problems))], [{TITLE: "index.md"}])


def problems_markdown(problems: list[Problem]) -> str:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is not Severity.ERROR]
    lines = [f"---\ntitle: {TITLE}\nsearch:\n  exclude: true\n---\n", f"# {TITLE}\n",
             f"データに誤りがあるため、サイトを表示できません。次の {len(errors)} 件を直してファイルを保存すると、"
             "このページは自動で元のサイトに戻ります。\n",
             *_items(errors)]
    if warnings:
        lines += ["\n## 警告\n", "サイトは作れますが、直してください。\n", *_items(warnings)]
    return "\n".join(lines)


def _items(problems: list[Problem]) -> list[str]:
    """One list item per problem, exactly as `check` prints it (values the editor wrote escaped)."""
    return [f"- {escape(p.format())}" for p in problems]
