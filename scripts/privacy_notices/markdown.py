"""Put YAML values into Markdown so that they appear exactly as written.

Every ``{{ value }}`` in a template passes through :func:`escape` (Jinja's ``finalize``): a
company name with ``<script>``, ``*``, ``_``, ``|``, ``[`` or a backslash is shown literally,
in running text and in table cells. Fields the model declares as Markdown go through
:func:`prose`, which keeps the Markdown of the documented subset (:mod:`privacy_notices.prose`) and
never emits raw HTML, an attribute list or an unsafe link, even were the check skipped.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from .links import FieldValueError, link_target
from .prose import acceptable, join_lines, published

_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
"""Characters that start Markdown syntax mid-line. Each is one Python-Markdown unescapes (with
tables); escaping any other would show a backslash. ``(``, ``)`` and ``!`` need no escape once
``[`` and ``]`` are escaped."""
_LEADING = re.compile(r"^([-+]|\d+\.)(?=\s|$)")
"""A list marker at the start of a value would turn a table cell or list item into a list."""
_NEEDS_ESCAPE = re.compile(r"[\\`*_{}\[\]#|&<>\n]|^\s|\s$|^([-+]|\d+\.)(\s|$)")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


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
    """Markdown written by the group's editors, as it goes on the page: raw HTML shown as text,
    the lines of a Japanese paragraph joined.

    ``check`` reports anything outside the subset. Should such a text reach a page all the same,
    it is inspected here again and shown whole as plain text: nothing an editor wrote becomes
    markup, and nothing of it disappears silently.
    """
    text = published(value)
    return Markup(text if acceptable(value) else _as_text(value))


def _as_text(value: str) -> str:
    """Every paragraph of ``value`` as plain text (no link, list, heading or admonition)."""
    paragraphs = (escape(join_lines(p)) for p in _PARAGRAPHS.split(value.strip()) if p.strip())
    return "\n\n".join("\\" + p if p.startswith("!") else p for p in paragraphs)


def link(url: str, text: str | None = None) -> Markup:
    """A Markdown link to a value the model checked: an https URL, ``mailto:`` + address or ``tel:`` +
    number (dialled in its E.164 form); anything else is a bug in the caller and raises."""
    try:
        target = link_target(url)
    except FieldValueError:
        raise ValueError(f"unvalidated URL reached a template: {url!r}") from None
    label = escape(text if text is not None else url.removeprefix("mailto:").removeprefix("tel:"))
    return Markup(f"[{label}](<{target}>)")
