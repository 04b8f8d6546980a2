"""Web addresses, e-mail addresses and phone numbers: parsed by well-kept libraries, checked once.

The model's URL, e-mail and phone fields are typed with the checks below, and
:func:`privacy_notices.markdown.link` builds every link target with :func:`link_target`, so the
same code decides what is accepted in a file and what may become a link on a page.

What a URL field accepts (DECISIONS.md, "URL, e-mail and phone fields"):

* ``https://`` only. ``http://`` is refused: the pages a notice points to (contact forms,
  opt-out pages, privacy policies) carry personal data or choices and must be encrypted.
* A host that is a domain name with at least one dot, checked with ``idna`` (IDNA 2008), so
  ``例え.jp`` is accepted; no IP address, no ``user@`` before the host (a phishing trick:
  ``https://www.example.jp@evil.example/`` opens evil.example), an optional valid port.
* Only the characters of RFC 3986 that cannot end the surrounding Markdown or HTML: ASCII
  letters, digits and ``- . _ ~ : / ? # @ ! $ & * + , ; = %`` (``%`` followed by two hex digits),
  plus non-ASCII letters, marks and digits (Japanese paths). Refused, with the percent-encoding
  to write instead: spaces, ``< > " ' ` \\ | { } ^ [ ]`` and ``( )`` (a parenthesis ends a
  Markdown link, so ``https://x/)<svg/onload=…>`` would break out of it), and ``&`` when it starts
  an HTML character reference (``&#64;`` would become ``@`` in the page: ``&`` alone is fine).

E-mail addresses go through ``email-validator`` (syntax only, no DNS lookup); the local part is
further limited to ASCII letters, digits and ``. _ + -``, which every mail client handles and no
Markdown table or link can trip on. They may be written with or without ``mailto:`` and are kept
as ``mailto:`` + the normalised address. Phone numbers go through ``phonenumbers`` with region
JP; a Japanese number must have the digits the numbering plan gives its prefix (whether a number
is in service is phonenumbers' monthly-changing data: a library update must never fail a notice,
and example numbers such as 03-0000-1234 are customary). The form written is kept, in the text
and in the ``tel:`` link, so published text does not depend on the library's formatting.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, urlsplit

import idna
import phonenumbers
from email_validator import EmailNotValidError, validate_email


class FieldValueError(ValueError):
    """A URL, e-mail address or phone number that cannot be used: what is wrong, what to write.

    ``found`` replaces the value in the message when something more telling can be shown
    (the host of a URL, the number of digits of a phone number).
    """

    def __init__(self, message: str, fix: str, found: str | None = None) -> None:
        super().__init__(message)
        self.message, self.fix, self.found = message, fix, found


# --- web addresses ------------------------------------------------------------------------------

MAX_URL = 2000
_URL_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&*+,;=%")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CHARACTER_REFERENCE = re.compile(r"&#?[0-9A-Za-z]+;")
"""``&lt;`` or ``&#64;``: Markdown passes it to HTML, where it becomes another character (``@``)."""
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_EXAMPLE_URL = "https://www.example.jp/"


@lru_cache(maxsize=8192)  # pure: a group repeats its addresses in every file and notice (issue 14)
def check_url(text: str) -> str:
    """``text`` when it is an https URL a page may link to; raises :class:`FieldValueError` saying why not."""
    if len(text) > MAX_URL:
        raise FieldValueError(message="URL が長すぎます", fix=f"{MAX_URL} 文字以内の URL にしてください")
    if any(ch.isspace() for ch in text):
        raise FieldValueError(message="URL に空白が入っています",
                              fix="空白を取り除いてください (URL の途中の空白は %20 と書きます)")
    _check_scheme(text)
    bad = next((ch for ch in text if not _url_char(ch)), None)
    if bad is not None:
        raise FieldValueError(message="URL に使えない文字が入っています",
                              fix=f"{_label(bad)}は {quote(bad, safe='')} と書くか、取り除いてください")
    if _CHARACTER_REFERENCE.search(text):
        raise FieldValueError(message="URL に使えない文字が入っています", fix="「&」は %26 と書くか、取り除いてください")
    if _BAD_PERCENT.search(text):
        raise FieldValueError(message="URL の「%」の後ろが 16 進数 2 桁ではありません",
                              fix="「%」そのものを表すときは %25 と書いてください")
    _check_authority(text)
    return text


def _check_scheme(text: str) -> None:
    scheme = _SCHEME.match(text)
    if scheme is None:
        raise FieldValueError(message="URL が https:// で始まっていません",
                              fix=f"https:// から書いてください (例: {_EXAMPLE_URL})")
    name = scheme.group(0)[:-1].lower()
    if name == "http":
        raise FieldValueError(message="http:// のページは通信が暗号化されません",
                              fix="https:// で始まる URL を書いてください (相手のサイトで https:// で開けるか確かめてください)")
    if name != "https":
        raise FieldValueError(message="使えない種類のリンクです",
                              fix="https:// で始まるウェブページの URL を書いてください (メールアドレスは email、電話番号は phones に書きます)")


def _url_char(ch: str) -> bool:
    if ch.isascii():
        return ch in _URL_ASCII
    return unicodedata.category(ch)[0] in "LMN"  # Japanese paths; symbols and invisible characters are not


def _check_authority(text: str) -> None:
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise FieldValueError(message="URL のドメイン名かポート番号が正しくありません",
                              fix=f"{_EXAMPLE_URL} のように書いてください") from None
    if not text[len(parts.scheme) + 1:].startswith("//") or not parts.hostname:
        raise FieldValueError(message="URL にドメイン名がありません",
                              fix=f"https:// の直後にドメイン名を書いてください (例: {_EXAMPLE_URL})")
    if "@" in parts.netloc:
        raise FieldValueError(message="URL のドメイン名の前に「@」付きの名前が入っています",
                              fix="「@」とその前を消し、https:// の直後にドメイン名を書いてください"
                                  " (見た目と違うサイトに誘導する手口に使われる書き方です)")
    host = parts.hostname
    if _is_ip(host):
        raise FieldValueError(message="URL にドメイン名ではなく IP アドレスが書かれています",
                              fix=f"ドメイン名で書いてください (例: {_EXAMPLE_URL})", found=host)
    if not _is_domain(host):
        raise FieldValueError(message="URL のドメイン名が正しくありません",
                              fix="英数字・ハイフン・日本語を「.」で区切って書いてください (例: www.example.jp)", found=host)
    if port == 0:
        raise FieldValueError(message="URL のドメイン名かポート番号が正しくありません",
                              fix=f"{_EXAMPLE_URL} のように書いてください")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_domain(host: str) -> bool:
    """A public domain name: IDNA 2008 labels, at least one dot, a top-level label that is not a number."""
    labels = host.rstrip(".").split(".")
    if len(labels) < 2 or labels[-1].isdigit():
        return False
    try:
        idna.encode(host, uts46=False)
    except (idna.IDNAError, UnicodeError):
        return False
    return True


def _label(ch: str) -> str:
    """A character as a message can show it: 「<」, or its code point when it would be invisible."""
    if ch == " ":
        return "空白"
    if ch.isprintable() and not ch.isspace():
        return f"「{ch}」"
    return f"U+{ord(ch):04X} の文字"


# --- e-mail addresses ---------------------------------------------------------------------------

_LOCAL_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-")
_EMAIL_OPTIONS = {"check_deliverability": False, "allow_smtputf8": False, "allow_quoted_local": False,
                  "allow_domain_literal": False, "allow_display_name": False}
_EXAMPLE_EMAIL = "privacy@example.jp"


@lru_cache(maxsize=8192)  # pure: a group repeats its addresses in every file and notice (issue 14)
def check_email(text: str) -> str:
    """``mailto:`` + the normalised address; ``text`` may be written with or without ``mailto:``."""
    address = text[7:] if text[:7].lower() == "mailto:" else text
    if "@" not in address and "＠" in address:
        raise FieldValueError(message="メールアドレスの「＠」が全角です", fix="半角の「@」に直してください")
    local, at, domain = address.rpartition("@")
    if not (local and at and domain):
        raise FieldValueError(message="メールアドレスの形ではありません",
                              fix=f"「名前@ドメイン名」の形で書いてください (例: {_EXAMPLE_EMAIL})")
    bad = next((ch for ch in local if ch not in _LOCAL_SAFE), None)
    if bad is not None:
        raise FieldValueError(message="メールアドレスの @ より前に使えない文字が入っています",
                              fix=f"{_label(bad)}を取り除き、半角の英数字と . _ + - で書いてください")
    try:
        return "mailto:" + validate_email(address, **_EMAIL_OPTIONS).normalized
    except EmailNotValidError:
        pass
    try:
        validate_email("x@" + domain, **_EMAIL_OPTIONS)
    except EmailNotValidError:
        raise FieldValueError(message="メールアドレスのドメイン名 (@ より後ろ) が正しくありません",
                              fix="英数字・ハイフン・日本語を「.」で区切って書いてください (例: example.jp)",
                              found=domain) from None
    raise FieldValueError(message="メールアドレスの @ より前の書き方が正しくありません",
                          fix="「.」を先頭や末尾に置いたり、二つ続けたりしないでください")


# --- phone numbers ------------------------------------------------------------------------------

_PHONE_FORM = re.compile(r"\+?[0-9]+(?:-[0-9]+)*")
_DIGITS = (  # prefix, digits including the leading 0, what the numbers are called, an example
    ("0120", 10, "0120 で始まるフリーダイヤル", "0120-123-456"),
    ("0800", 11, "0800 で始まるフリーダイヤル", "0800-123-4567"),
    ("0570", 10, "0570 で始まるナビダイヤル", "0570-123-456"),
    ("050", 11, "050 で始まる IP 電話", "050-1234-5678"),
    ("070", 11, "070 で始まる携帯電話", "070-1234-5678"),
    ("080", 11, "080 で始まる携帯電話", "080-1234-5678"),
    ("090", 11, "090 で始まる携帯電話", "090-1234-5678"),
    ("020", 11, "020 で始まる番号", "020-1234-5678"),
    ("060", 11, "060 で始まる番号", "060-1234-5678"),
    ("0", 10, "市外局番から始まる固定電話", "03-1234-5678"),
)
"""The digits of a Japanese number by its prefix (総務省の電気通信番号計画): first match wins."""


@lru_cache(maxsize=8192)  # pure: a group repeats its addresses in every file and notice (issue 14)
def check_phone(text: str) -> str:
    """``text`` when it is a phone number with the right number of digits; the form written is kept."""
    parse_phone(text)
    return text


def parse_phone(text: str) -> phonenumbers.PhoneNumber:
    """The number ``text`` names (region JP unless it starts with ``+``), or :class:`FieldValueError`."""
    if not _PHONE_FORM.fullmatch(text):
        raise FieldValueError(message="電話番号の形が違います", fix="半角数字とハイフンで書いてください (例: 03-1234-5678)")
    if not text.startswith(("0", "+")):
        raise FieldValueError(message="電話番号の始まりが違います",
                              fix="市外局番などの 0 から書くか、+81 で始めてください (例: 03-1234-5678)")
    try:
        number = phonenumbers.parse(text, "JP")
    except phonenumbers.NumberParseException:
        raise FieldValueError(message="電話番号の形が違います",
                              fix="半角数字とハイフンで書いてください (例: 03-1234-5678)") from None
    if number.country_code != 81:
        if phonenumbers.is_valid_number(number):
            return number
        raise FieldValueError(message="電話番号として使われていない番号です", fix="番号を確かめてください (例: +65 6123 4567)")
    digits = "0" + str(number.national_number)
    _, count, kind, example = next(row for row in _DIGITS if digits.startswith(row[0]))
    if len(digits) != count:
        raise FieldValueError(message="電話番号の桁数が違います", found=f"{text} は {len(digits)} 桁",
                              fix=f"{kind}は {count} 桁です (例: {example})")
    return number


# --- link targets ---------------------------------------------------------------------------------


@lru_cache(maxsize=8192)  # pure: a group repeats its addresses in every file and notice (issue 14)
def link_target(value: str) -> str:
    """The href for a checked value: ``tel:`` + E.164, ``mailto:`` + address, or the https URL."""
    if value[:4].lower() == "tel:":
        parse_phone(value[4:])
        return value  # as written: digits, hyphens and a leading + only (RFC 3966 allows the hyphens)
    if value[:7].lower() == "mailto:":
        return check_email(value)
    return check_url(value)


def is_link_target(value: str) -> bool:
    """Whether :func:`link_target` accepts ``value`` (for filters that keep or drop a link)."""
    try:
        link_target(value)
    except FieldValueError:
        return False
    return True
