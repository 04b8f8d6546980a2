"""Characters no file may contain: control characters and invisible formatting characters.

A NUL stops every Atom feed (XML cannot carry it); a right-to-left override (U+202E) or an
isolate (U+2066) makes a sentence read differently from what reviewers saw in the pull
request. None of them has a use in a Japanese notice, so they are refused wherever they are:
in the raw text of a file (comments included, at their exact line and column, before parsing)
and in every key and value once parsed (written as YAML escapes such as ``"\\0"`` or ``"\\u202E"``).

Refused: the C0 controls except tab and line feed (and carriage return in the raw text, where
CRLF line endings are fine), DEL, the C1 controls (NEL included), the bidirectional marks,
embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), the
line and paragraph separators U+2028/U+2029 (YAML and JavaScript read them as line breaks), the
byte-order mark U+FEFF inside text, the interlinear annotation characters U+FFF9–U+FFFB,
surrogates and the noncharacters U+FDD0–U+FDEF, U+FFFE and U+FFFF. Zero-width spaces and joiners
and variation selectors (異体字セレクタ U+FE00–U+FE0F, U+E0100–U+E01EF, which names need) stay allowed.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import Problem

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
_FORMAT = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb"
FORBIDDEN = re.compile(f"[{_CONTROLS}{_FORMAT}\r]")
"""In a parsed key or value: a carriage return there can only come from an escape (``"\\r"``)."""
FORBIDDEN_RAW = re.compile(f"[{_CONTROLS}{_FORMAT}]")
"""In the raw text of a file."""
MAX_REPORTED = 20
"""Problems reported per file for its raw text: a binary file pasted in would otherwise give thousands."""

_C0 = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB "
       "ESC FS GS RS US").split()
_C1 = ("PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 DCS PU1 PU2 STS CCH MW SPA EPA SOS "
       "SGCI SCI CSI ST OSC PM APC").split()


def describe(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``; controls, which have no Unicode name, by their abbreviation."""
    code = ord(ch)
    if code < 0x20:
        name = _C0[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code < 0xA0:
        name = _C1[code - 0x80]
    else:
        name = unicodedata.name(ch, "名前のない文字")
    return f"U+{code:04X} {name}"


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs", "Cn")


def problem(path: str, line: int, column: int, key: str, ch: str, where: str = "") -> Problem:
    """The problem for ``ch`` found at ``line:column`` (``where`` adds its place in a value: 値の 3 文字目)."""
    found = describe(ch) + (f"、{where}" if where else "")
    if _is_control(ch):
        return Problem(path, line, column, key, message="使えない制御文字が入っています", found=found,
                       fix="この文字を削除してください (ほかの文書から貼り付けたときに紛れ込む、画面に見えない文字です)")
    return Problem(path, line, column, key, message="文字の並びや区切りを変える見えない文字が入っています", found=found,
                   fix="この文字を削除してください (画面には見えませんが、公開される文の見え方が変わります)")


def in_raw_text(path: str, text: str) -> list[Problem]:
    """Every forbidden character of a file's text at its exact line and column (up to MAX_REPORTED)."""
    found = []
    for match in FORBIDDEN_RAW.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        found.append(problem(path, line, column, "", match.group(0)))
        if len(found) == MAX_REPORTED:
            break
    return found


def visible(text: str) -> str:
    """``text`` with each forbidden character written as ``<U+0000>`` (for key paths in messages)."""
    return FORBIDDEN.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", text)


def first_in(text: str) -> tuple[str, int] | None:
    """The first forbidden character of a parsed key or value and its 1-based position, or None."""
    match = FORBIDDEN.search(text)
    return (match.group(0), match.start() + 1) if match else None
