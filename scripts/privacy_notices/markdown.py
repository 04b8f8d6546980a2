"""Put YAML values into Markdown so that they appear exactly as written.

Every ``{{ value }}`` in a template passes through :func:`escape` (Jinja's ``finalize``): a
company name with ``<script>``, ``*``, ``_``, ``|``, ``[`` or a backslash is shown literally,
in running text and in table cells. Fields the model declares as Markdown go through
:func:`prose`, which keeps Markdown but never raw HTML or unvalidated links.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from .model import _URL

_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
"""Characters that start Markdown syntax mid-line. Each is one Python-Markdown unescapes (with
tables); escaping any other would show a backslash. ``(``, ``)`` and ``!`` need no escape once
``[`` and ``]`` are escaped."""
_LEADING = re.compile(r"^([-+]|\d+\.)(?=\s|$)")
"""A list marker at the start of a value would turn a table cell or list item into a list."""
_NEEDS_ESCAPE = re.compile(r"[\\`*_{}\[\]#|&<>\n]|^\s|\s$|^([-+]|\d+\.)(\s|$)")
_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])\n[ \t]*(?=[^\x00-\x7f\s])")
"""A line break inside a Japanese paragraph: browsers would show it as a space, so lines are joined."""
_LINK = re.compile(r"\]\(([^)\s]*)")


def escape(value: object) -> str:
    """Plain text as Markdown that renders to exactly that text (one line)."""
    if isinstance(value, Markup):
        return str(value)
    text = str(value)
    if not _NEEDS_ESCAPE.search(text):
        return text  # the common case: plain Japanese text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", re.sub(r"\s*\n\s*", " ", text.strip()))
    return _LEADING.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


def prose(value: str) -> Markup:
    """Markdown written by the group's editors: kept as Markdown, raw HTML shown as text.

    Links are kept only when their target is an https, http, mailto or tel URL or a path
    inside the site; anything else (``javascript:``) is shown as text.
    """
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _CJK_BREAK.sub("", text)
    text = _LINK.sub(lambda m: m.group(0) if _safe_target(m.group(1)) else "\\](" + m.group(1), text)
    return Markup(text.strip())


def _safe_target(target: str) -> bool:
    return bool(_URL.match(target)) or (target.startswith(("/", "#", "../", "./")) and ":" not in target)


def link(url: str, text: str | None = None) -> Markup:
    """A Markdown link to a validated URL (the model admits only https/http/mailto/tel)."""
    if not _URL.match(url):
        raise ValueError(f"unvalidated URL reached a template: {url!r}")
    label = escape(text if text is not None else url.removeprefix("mailto:").removeprefix("tel:"))
    return Markup(f"[{label}](<{url}>)")
