"""Every failure of a template as a Problem at its file and line, in the editors' words.

Jinja's errors are English and about its parser; an editor needs the place and what to write
instead: 「c.nmae」は未定義です → 「c.name」と書いてください. Syntax errors carry their line; for
errors while rendering, the line is read from the traceback, which Jinja rewrites so that a
template's frame carries the template's file and line. A failure of the generator itself (not
raised by a template's own code) is left alone: it stays an internal error with its traceback.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.sandbox import SecurityError
from jinja2.utils import missing

from .errors import Problem, shown
from .layout import TEMPLATES

if TYPE_CHECKING:
    from .templating import GroupLoader, Sandbox

FOLDER = TEMPLATES
BUILT_IN = "privacy_notices/templates"
"""How messages name the built-in templates (they ship in the package, not in the repository)."""
KEY = "テンプレート"
MAX_ITEMS = 10_000
"""The most items ``range()`` makes and the longest repetition (``"-" * n``) a template may ask
for: a notice never needs more, and a hostile template cannot fill the build's memory in one
expression (loops remain bounded only by the CI job's time limit)."""


class TemplateProblem(Exception):
    """Rendering stopped on a template; ``problems`` say where and what to write instead."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


class TemplateFileError(TemplateError):
    """A template file that must not be read (a link out of templates/, too large, not UTF-8)."""

    def __init__(self, shown_as: str, message: str, found: str | None, fix: str) -> None:
        super().__init__(message)
        self.shown_as, self.found, self.fix = shown_as, found, fix


class TemplatePrint(Exception):
    """A ``{{ … }}`` whose value is no text: a model, a list, a function, or None."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class TemplateLimit(Exception):
    """An expression that would build something larger than :data:`MAX_ITEMS`."""

    def __init__(self, what: str, size: int) -> None:
        super().__init__(what)
        self.what, self.size = what, size


def file_problem(refused: TemplateFileError) -> Problem:
    """A file under templates/ that must not be read, located at the file itself."""
    return Problem(refused.shown_as, 1, 1, "", refused.message or "", refused.found, refused.fix)


def problem(env: Sandbox, exc: BaseException) -> Problem | None:
    """``exc``, raised while rendering, as a problem at the template's line; None when it is not
    a template's failure (a bug of the generator stays an internal error with its traceback)."""
    loader = env.files
    if isinstance(exc, TemplateSyntaxError):
        filename = exc.filename or ""
        return _at(loader, filename, exc.lineno, _syntax(env, exc), _source_line(loader, filename, exc.lineno))
    frames = _template_frames(exc.__traceback__, loader)
    overrides = [f for f in frames if loader.is_override(f[0])]
    in_override = bool(frames) and loader.is_override(frames[-1][0])  # raised by its code or a helper it called
    if not in_override and not isinstance(exc, (TemplateError, TemplateLimit, TemplatePrint, RecursionError)):
        return None
    if isinstance(exc, TemplateFileError) and not frames:
        return file_problem(exc)
    filename, line, names = (overrides or frames or [("", 1, {})])[-1]
    text = _source_line(loader, filename, line)
    return _at(loader, filename, line, _runtime(env, exc, names, text), text)


Said = tuple[str, str | None, str, str | None]
"""message, found, fix, and the text to find in the line for the column (or None)."""


def _at(loader: GroupLoader, filename: str, line: int, said: Said, text: str | None) -> Problem:
    message, found, fix, needle = said
    column = 1
    if text is not None and needle:
        index = text.find(needle)
        column = index + 1 if index >= 0 else 1
    shown_as = loader.shown.get(filename) or (Path(filename).name if filename else FOLDER)
    return Problem(shown_as, line or 1, column, KEY, message, found, fix)


def _template_frames(tb: TracebackType | None, loader: GroupLoader) -> list[tuple[str, int, dict[str, Any]]]:
    """(file, line, names in scope) of every template frame, outermost first (Jinja has rewritten
    the traceback so that a template's frame carries its file name and template line)."""
    frames = []
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in loader.shown:
            frames.append((filename, tb.tb_lineno, dict(tb.tb_frame.f_locals)))
        tb = tb.tb_next
    return frames


def _source_line(loader: GroupLoader, filename: str, line: int) -> str | None:
    lines = loader.sources.get(filename, "").splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else None


def _closest(name: str, candidates: Collection[str]) -> str | None:
    found = difflib.get_close_matches(name, [c for c in candidates if not c.startswith("_")], n=1, cutoff=0.7)
    return found[0] if found else None


def _listing(candidates: Collection[str], limit: int = 15) -> str:
    names = sorted(c for c in candidates if isinstance(c, str) and not c.startswith("_"))
    return ", ".join(names[:limit]) + (" など" if len(names) > limit else "")


def _expression(line: str | None, name: str) -> str:
    """``c.nmae`` for the name ``nmae``: the expression written in the line (``c["nmae"]`` too)."""
    if line is None:
        return name
    quoted = "[\"']" + re.escape(name) + "[\"']\\]"
    match = re.search(r"([\w.'\"\[\]]*?)(\." + re.escape(name) + r"(?!\w)|\[" + quoted + ")", line)
    return match.group(1) + match.group(2) if match and match.group(1) else name


def _runtime(env: Sandbox, exc: BaseException, names: dict[str, Any], line: str | None) -> Said:
    """What went wrong while rendering, and what to write instead."""
    if isinstance(exc, TemplateFileError):
        return exc.message or "", exc.found, exc.fix or "", None
    if isinstance(exc, TemplateNotFound):
        return _not_found(env, exc)
    if isinstance(exc, TemplatePrint):
        printed = re.findall(r"\{\{-?\s*(.*?)\s*-?\}\}", line or "")
        shown_as = f"{{{{ {printed[0]} }}}}" if len(printed) == 1 else "{{ … }}"  # which one, when it is alone
        needle = "{{" if len(printed) == 1 else None
        if exc.kind == "None":
            return (f"「{shown_as}」の値がありません (None)", None,
                    "「{% if … %}」で囲むか、「{{ 値 or \"―\" }}」のように代わりの文字を書いてください", needle)
        return (f"「{shown_as}」は文として書き出せない値です ({exc.kind})", None,
                "項目を書いてください (例: {{ c.name }})。リストは「| join(\"、\")」でつなげてください", needle)
    if isinstance(exc, TemplateLimit):
        return (f"「{exc.what}」で作れるのは {MAX_ITEMS:,} 個までです", f"{exc.size:,}",
                "数を減らしてください", exc.what.rstrip("…)"))
    if isinstance(exc, RecursionError):
        return ("テンプレートの読み込みが循環しています", None,
                "テンプレートから自分自身を include や extends しないでください", None)
    if isinstance(exc, (UndefinedError, SecurityError)) and hasattr(exc, "undefined"):
        return _undefined(env, exc, names, line)
    if isinstance(exc, SecurityError):
        return ("テンプレートでは使えない呼び出しです", None,
                "データの項目と templates/README.md にある関数だけを使ってください", None)
    return ("テンプレートの処理中にエラーが起きました", f"{type(exc).__name__}: {shown(str(exc), 80)}",
            "この行の式を確かめてください", None)


def _undefined(env: Sandbox, exc: TemplateError, names: dict[str, Any], line: str | None) -> Said:
    obj, name = exc.undefined  # type: ignore[attr-defined]
    refused = isinstance(exc, SecurityError)
    while isinstance(obj, Undefined):  # `cycler.__init__`: the unknown name is what to fix
        obj, name, refused = obj._undefined_obj, obj._undefined_name, False
    name = str(name)
    if obj is missing:  # a name no template variable has
        closest = _closest(name, names)
        fix = f"「{closest}」と書いてください" if closest else f"テンプレートで使える名前は次のとおりです: {_listing(names, 40)}"
        return f"「{name}」は未定義です", None, fix, name
    expression = _expression(line, name)
    allowed = env.attributes(obj)
    if refused:
        rule = "「_」で始まる名前は使えません。" if name.startswith("_") else ""
        listed = f" (この値で使える項目: {_listing(allowed)})" if allowed else ""
        return (f"「{expression}」はテンプレートでは使えません", None,
                f"{rule}使えるのはデータの項目と templates/README.md にある名前だけです{listed}", expression)
    if allowed is None:
        allowed = list(obj) if isinstance(obj, dict) else [a for a in dir(obj) if not a.startswith("_")]
    allowed = [a for a in allowed if isinstance(a, str)]
    closest = _closest(name, allowed)
    fix = (f"「{expression[: -len(name)]}{closest}」と書いてください" if closest and expression.endswith(name)
           else f"「{closest}」と書いてください" if closest
           else f"この値で使える項目は次のとおりです: {_listing(allowed)}")
    return f"「{expression}」は未定義です", None, fix, expression


def _not_found(env: Sandbox, exc: TemplateNotFound) -> Said:
    name = str(exc.name)
    if name.startswith("/") or ".." in name.split("/") or "\\" in name:
        return (f"テンプレート「{shown(name)}」は読み込めません。名前に「..」や先頭の「/」は使えません", None,
                "templates/ の中のテンプレートを、templates/ からの名前で書いてください (例: parts/company.md.j2)", name)
    names = env.list_templates(extensions=["j2"])
    closest = _closest(name, names)
    fix = (f"「{closest}」と書いてください" if closest
           else "templates/ にそのファイルを作るか、組み込みのテンプレートの名前を書いてください (例: parts/company.md.j2)")
    return f"テンプレート「{shown(name)}」はありません", None, fix, name


_TAGS = ("if", "elif", "else", "endif", "for", "endfor", "set", "endset", "include", "extends", "block",
         "endblock", "with", "endwith", "macro", "endmacro", "call", "endcall", "filter", "endfilter",
         "import", "from", "raw", "endraw")


def _syntax(env: Sandbox, exc: TemplateSyntaxError) -> Said:
    """A syntax error in the editors' words (Jinja's messages are English and about its parser)."""
    text = exc.message or ""
    innermost = re.search(r"innermost block that needs to be closed is '(\w+)'", text)
    unknown = re.match(r"Encountered unknown tag '(\w+)'", text)
    missing_filter = re.match(r"No (filter|test) named '(\w+)'", text)
    twice = re.match(r"block '(\w+)' defined twice", text)
    if unknown:
        tag = unknown.group(1)
        closest = _closest(tag, _TAGS)
        if innermost and closest in (f"end{innermost.group(1)}", None):
            closest = f"end{innermost.group(1)}"
        fix = f"「{{% {closest} %}}」と書いてください" if closest else "タグの綴りを確かめてください"
        return f"「{{% {tag} %}}」というタグはありません", None, fix, tag
    if text.startswith("Unexpected end of template") and innermost:
        tag = innermost.group(1)
        return (f"「{{% {tag} %}}」が閉じられないまま、テンプレートが終わっています", None,
                f"対応する「{{% end{tag} %}}」を書いてください", None)
    if missing_filter:
        kind, name = missing_filter.groups()
        table = env.filters if kind == "filter" else env.tests
        closest = _closest(name, table)
        label = "フィルタ" if kind == "filter" else "テスト"
        fix = f"「{closest}」と書いてください" if closest else f"使える{label}: {_listing(table, 30)}"
        return f"「{name}」という{label}はありません", None, fix, name
    if twice:
        return (f"「{{% block {twice.group(1)} %}}」が二つあります", None, "ブロックの名前を一つずつにしてください",
                twice.group(1))
    line = (exc.source or "").splitlines()[exc.lineno - 1] if exc.source and exc.lineno else None
    return ("テンプレートの書き方に誤りがあります", shown(line.strip()) if line else None,
            "「{{ }}」「{% %}」の閉じ忘れ・余分な括弧・引用符の対応を確かめてください", None)
