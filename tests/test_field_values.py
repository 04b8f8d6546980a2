"""URL, e-mail and phone fields, and hidden characters in any value: each bad input's exact message,
and (hypothesis) every URL the checker accepts becomes exactly one link and nothing else."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import markdown as python_markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit, messages
from privacy_notices.check import check
from privacy_notices.links import FieldValueError, check_email, check_phone, check_url, link_target
from privacy_notices.markdown import link

A, B = "companies/alpha.yaml", "companies/beta.yaml"
EXAMPLE_URL = "https://www.example.jp/"


def quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def website(group: Path, value: str) -> list[str]:
    edit(group, B, "address: 大阪府大阪市北区架空町二丁目2番2号\n",
         f"address: 大阪府大阪市北区架空町二丁目2番2号\nwebsite: {quoted(value)}\n")
    return messages(group, versions=False)


def url_message(found: str, message: str, fix: str) -> str:
    return f"{B}:4:10: website: {message} ({found}) → {fix}"


BAD_URLS = {
    "markdown breakout": ("https://x/)<svg/onload=alert(1)>", "URL に使えない文字が入っています", "「)」は %29 と書くか、取り除いてください"),
    "javascript": ("javascript:alert(1)", "使えない種類のリンクです",
                   "https:// で始まるウェブページの URL を書いてください (メールアドレスは email、電話番号は phones に書きます)"),
    "data": ("data:text/html,<script>alert(1)</script>", "使えない種類のリンクです",
             "https:// で始まるウェブページの URL を書いてください (メールアドレスは email、電話番号は phones に書きます)"),
    "mailto in a web field": ("mailto:privacy@example.jp", "使えない種類のリンクです",
                              "https:// で始まるウェブページの URL を書いてください (メールアドレスは email、電話番号は phones に書きます)"),
    "http": ("http://www.example.jp/", "http:// のページは通信が暗号化されません",
             "https:// で始まる URL を書いてください (相手のサイトで https:// で開けるか確かめてください)"),
    "no scheme": ("www.example.jp/privacy/", "URL が https:// で始まっていません",
                  "https:// から書いてください (例: https://www.example.jp/)"),
    "userinfo": ("https://www.example.jp@evil.example/", "URL のドメイン名の前に「@」付きの名前が入っています",
                 "「@」とその前を消し、https:// の直後にドメイン名を書いてください (見た目と違うサイトに誘導する手口に使われる書き方です)"),
    "no host": ("https:///privacy/", "URL にドメイン名がありません",
                "https:// の直後にドメイン名を書いてください (例: https://www.example.jp/)"),
    "space": ("https://www.example.jp/個人 情報/", "URL に空白が入っています",
              "空白を取り除いてください (URL の途中の空白は %20 と書きます)"),
    "full-width space": ("https://www.example.jp/個人\u3000情報/", "URL に空白が入っています",
                         "空白を取り除いてください (URL の途中の空白は %20 と書きます)"),
    "double quote": ('https://www.example.jp/"onmouseover="x', "URL に使えない文字が入っています",
                     "「\"」は %22 と書くか、取り除いてください"),
    "single quote": ("https://www.example.jp/'x", "URL に使えない文字が入っています", "「'」は %27 と書くか、取り除いてください"),
    "less-than": ("https://www.example.jp/<b>", "URL に使えない文字が入っています", "「<」は %3C と書くか、取り除いてください"),
    "backtick": ("https://www.example.jp/`x`", "URL に使えない文字が入っています", "「`」は %60 と書くか、取り除いてください"),
    "backslash": ("https://www.example.jp/a\\b", "URL に使えない文字が入っています", "「\\」は %5C と書くか、取り除いてください"),
    "pipe": ("https://www.example.jp/a|b", "URL に使えない文字が入っています", "「|」は %7C と書くか、取り除いてください"),
    "parenthesis": ("https://ja.example.jp/wiki/個人情報_(日本)", "URL に使えない文字が入っています",
                    "「(」は %28 と書くか、取り除いてください"),
    "character reference": ("https://www.example.jp&#64;evil.example/", "URL に使えない文字が入っています",
                            "「&」は %26 と書くか、取り除いてください"),
    "bad percent": ("https://www.example.jp/100%", "URL の「%」の後ろが 16 進数 2 桁ではありません",
                    "「%」そのものを表すときは %25 と書いてください"),
    "ip address": ("https://192.0.2.1/privacy/", "URL にドメイン名ではなく IP アドレスが書かれています",
                   "ドメイン名で書いてください (例: https://www.example.jp/)"),
    "one-label host": ("https://intranet/privacy/", "URL のドメイン名が正しくありません",
                       "英数字・ハイフン・日本語を「.」で区切って書いてください (例: www.example.jp)"),
    "underscore in host": ("https://www_example.jp/", "URL のドメイン名が正しくありません",
                           "英数字・ハイフン・日本語を「.」で区切って書いてください (例: www.example.jp)"),
}
FOUND_HOST = {"ip address": "192.0.2.1", "one-label host": "intranet", "underscore in host": "www_example.jp"}


@pytest.mark.parametrize("case", BAD_URLS, ids=list(BAD_URLS))
def test_bad_url(group: Path, case: str) -> None:
    value, message, fix = BAD_URLS[case]
    found = FOUND_HOST.get(case, value if len(value) <= 40 else value[:39] + "…")
    assert website(group, value) == [url_message(found, message, fix)]


@pytest.mark.parametrize("value", ["https://www.example.jp/", "https://例え.jp/お問い合わせ/",
                                   "https://xn--r8jz45g.jp/", "https://www.example.jp:8443/a?b=1&c=2#top",
                                   "https://www.example.jp/%E5%80%8B%E4%BA%BA/", "https://ja.example.jp/wiki/a_%28b%29"])
def test_good_url(group: Path, value: str) -> None:
    assert website(group, value) == []


def test_every_url_field_uses_the_same_check(group: Path) -> None:
    edit(group, B, "    email: mailto:privacy@example.jp\n",
         "    email: mailto:privacy@example.jp\n    form_url: javascript:alert(1)\n")
    edit(group, B, "documents:", "external_transmissions:\n  - tool: google_analytics_4\n"
                                 "    opt_out_url: https://x/)<svg>\n    privacy_policy_url: http://www.example.jp/\ndocuments:")
    assert [m.split(": ", 2)[1:] for m in messages(group, versions=False)] == [
        ["contacts[0].form_url", "使えない種類のリンクです (javascript:alert(1)) → https:// で始まるウェブページの URL を書いてください"
         " (メールアドレスは email、電話番号は phones に書きます)"],
        ["external_transmissions[0].opt_out_url", "URL に使えない文字が入っています (https://x/)<svg>) → 「)」は %29 と書くか、取り除いてください"],
        ["external_transmissions[0].privacy_policy_url", "http:// のページは通信が暗号化されません (http://www.example.jp/)"
         " → https:// で始まる URL を書いてください (相手のサイトで https:// で開けるか確かめてください)"],
    ]


def test_catalogue_links_pass_the_check() -> None:
    from privacy_notices.catalogue import catalogue

    links = [url for item in catalogue().values() for url in (item.opt_out_url, item.privacy_policy_url) if url]
    assert links and all(check_url(url) == url for url in links)


# --- e-mail -------------------------------------------------------------------------------------

def email(group: Path, value: str) -> list[str]:
    edit(group, B, "mailto:privacy@example.jp", quoted(value))
    return messages(group, versions=False)


BAD_EMAILS = {
    "not an address": ("privacy.example.jp", None, "メールアドレスの形ではありません",
                       "「名前@ドメイン名」の形で書いてください (例: privacy@example.jp)"),
    "full-width at": ("privacy＠example.jp", None, "メールアドレスの「＠」が全角です", "半角の「@」に直してください"),
    "domain without a dot": ("privacy@example", "example", "メールアドレスのドメイン名 (@ より後ろ) が正しくありません",
                             "英数字・ハイフン・日本語を「.」で区切って書いてください (例: example.jp)"),
    "query after the address": ("mailto:privacy@example.jp?subject=x", "example.jp?subject=x",
                                "メールアドレスのドメイン名 (@ より後ろ) が正しくありません",
                                "英数字・ハイフン・日本語を「.」で区切って書いてください (例: example.jp)"),
    "pipe": ("a|b@example.jp", None, "メールアドレスの @ より前に使えない文字が入っています",
             "「|」を取り除き、半角の英数字と . _ + - で書いてください"),
    "angle brackets": ("<privacy@example.jp>", None, "メールアドレスの @ より前に使えない文字が入っています",
                       "「<」を取り除き、半角の英数字と . _ + - で書いてください"),
    "space": ("privacy desk@example.jp", None, "メールアドレスの @ より前に使えない文字が入っています",
              "空白を取り除き、半角の英数字と . _ + - で書いてください"),
    "japanese local part": ("お問い合わせ@example.jp", None, "メールアドレスの @ より前に使えない文字が入っています",
                            "「お」を取り除き、半角の英数字と . _ + - で書いてください"),
    "two dots": ("privacy..desk@example.jp", None, "メールアドレスの @ より前の書き方が正しくありません",
                 "「.」を先頭や末尾に置いたり、二つ続けたりしないでください"),
}


@pytest.mark.parametrize("case", BAD_EMAILS, ids=list(BAD_EMAILS))
def test_bad_email(group: Path, case: str) -> None:
    value, found, message, fix = BAD_EMAILS[case]
    assert email(group, value) == [f"{B}:20:12: contacts[0].email: {message} ({found or value}) → {fix}"]


@pytest.mark.parametrize("value, kept", [
    ("privacy@example.jp", "mailto:privacy@example.jp"),
    ("mailto:privacy@example.jp", "mailto:privacy@example.jp"),
    ("MAILTO:Privacy.Desk+web@Example.JP", "mailto:Privacy.Desk+web@example.jp"),
    ("privacy@例え.jp", "mailto:privacy@例え.jp"),
])
def test_good_email_kept_as_mailto(group: Path, value: str, kept: str) -> None:
    assert email(group, value) == []
    loaded, _ = check(group, versions=False)
    assert loaded is not None and loaded.companies["beta"].data.contacts[0].email == kept


# --- phone numbers --------------------------------------------------------------------------------

def phone(group: Path, value: str) -> list[str]:
    edit(group, A, "0120-000-001", quoted(value))
    return messages(group, versions=False)


def phone_message(value: str, message: str, fix: str, found: str | None = None) -> str:
    return f"{A}:15:17: contacts[0].phones[0].number: {message} ({found or value}) → {fix}"


BAD_PHONES = {
    "too few digits": ("03-1234-567", "電話番号の桁数が違います", "市外局番から始まる固定電話は 10 桁です (例: 03-1234-5678)", "03-1234-567 は 9 桁"),
    "too many digits": ("045-123-45678", "電話番号の桁数が違います", "市外局番から始まる固定電話は 10 桁です (例: 03-1234-5678)",
                        "045-123-45678 は 11 桁"),
    "free dial too short": ("0120-12-345", "電話番号の桁数が違います", "0120 で始まるフリーダイヤルは 10 桁です (例: 0120-123-456)",
                            "0120-12-345 は 9 桁"),
    "free dial too long": ("0120-123-4567", "電話番号の桁数が違います", "0120 で始まるフリーダイヤルは 10 桁です (例: 0120-123-456)",
                           "0120-123-4567 は 11 桁"),
    "navi dial too long": ("0570-123-4567", "電話番号の桁数が違います", "0570 で始まるナビダイヤルは 10 桁です (例: 0570-123-456)",
                           "0570-123-4567 は 11 桁"),
    "ip phone too short": ("050-1234-567", "電話番号の桁数が違います", "050 で始まる IP 電話は 11 桁です (例: 050-1234-5678)",
                           "050-1234-567 は 10 桁"),
    "mobile too short": ("090-1234-567", "電話番号の桁数が違います", "090 で始まる携帯電話は 11 桁です (例: 090-1234-5678)",
                         "090-1234-567 は 10 桁"),
    "+81 too short": ("+81-3-1234-567", "電話番号の桁数が違います", "市外局番から始まる固定電話は 10 桁です (例: 03-1234-5678)",
                      "+81-3-1234-567 は 9 桁"),
    "parentheses": ("03(1234)5678", "電話番号の形が違います", "半角数字とハイフンで書いてください (例: 03-1234-5678)", None),
    "no leading zero": ("3-1234-5678", "電話番号の始まりが違います",
                        "市外局番などの 0 から書くか、+81 で始めてください (例: 03-1234-5678)", None),
    "country code without +": ("81-3-1234-5678", "電話番号の始まりが違います",
                               "市外局番などの 0 から書くか、+81 で始めてください (例: 03-1234-5678)", None),
    "full-width digits": ("０３-1234-5678", "全角の数字・記号が使われています", "半角で書いてください", None),
}


@pytest.mark.parametrize("case", BAD_PHONES, ids=list(BAD_PHONES))
def test_bad_phone(group: Path, case: str) -> None:
    value, message, fix, found = BAD_PHONES[case]
    assert phone(group, value) == [phone_message(value, message, fix, found)]


GOOD_PHONES = ["0120-123-456", "0800-123-4567", "0570-123-456", "050-1234-5678", "090-1234-5678", "070-1234-5678",
               "03-1234-5678", "0465-12-3456", "+81-3-1234-5678", "+81-90-1234-5678", "+81312345678",
               "03-0000-1234"]  # not in service, but numbers in examples are customary: only the digits count


@pytest.mark.parametrize("value", GOOD_PHONES)
def test_good_phone_kept_as_written_in_text_and_link(group: Path, value: str) -> None:
    assert phone(group, value) == []
    assert link(f"tel:{value}") == f"[{value}](<tel:{value}>)"


def test_link_refuses_what_the_model_would_refuse() -> None:
    for value in ("javascript:alert(1)", "https://x/)<svg>", "tel:03-1234-567", "mailto:a|b@example.jp", "http://example.jp/"):
        with pytest.raises(ValueError, match="unvalidated URL"):
            link(value)


# --- hidden characters in any key or value ------------------------------------------------------------

HIDDEN = {
    "NUL": ("\x00", "U+0000 NUL", "使えない制御文字が入っています",
            "この文字を削除してください (ほかの文書から貼り付けたときに紛れ込む、画面に見えない文字です)"),
    "C1 control": ("\x9b", "U+009B CSI", "使えない制御文字が入っています",
                   "この文字を削除してください (ほかの文書から貼り付けたときに紛れ込む、画面に見えない文字です)"),
    "right-to-left override": ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE", "文字の並びや区切りを変える見えない文字が入っています",
                               "この文字を削除してください (画面には見えませんが、公開される文の見え方が変わります)"),
    "left-to-right isolate": ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE", "文字の並びや区切りを変える見えない文字が入っています",
                              "この文字を削除してください (画面には見えませんが、公開される文の見え方が変わります)"),
    "right-to-left mark": ("\u200f", "U+200F RIGHT-TO-LEFT MARK", "文字の並びや区切りを変える見えない文字が入っています",
                           "この文字を削除してください (画面には見えませんが、公開される文の見え方が変わります)"),
    "line separator": ("\u2028", "U+2028 LINE SEPARATOR", "文字の並びや区切りを変える見えない文字が入っています",
                       "この文字を削除してください (画面には見えませんが、公開される文の見え方が変わります)"),
}


@pytest.mark.parametrize("case", HIDDEN, ids=list(HIDDEN))
def test_hidden_character_escaped_in_a_value(group: Path, case: str) -> None:
    ch, name, message, fix = HIDDEN[case]
    edit(group, A, "department: お客様窓口", f"department: {quoted('お客様' + ch + '窓口')}".replace(ch, f"\\u{ord(ch):04x}"))
    assert messages(group, versions=False) == [f"{A}:13:17: contacts[0].department: {message} ({name}、値の 4 文字目) → {fix}"]


@pytest.mark.parametrize("case", HIDDEN, ids=list(HIDDEN))
def test_hidden_character_written_in_the_file(group: Path, case: str) -> None:
    ch, name, message, fix = HIDDEN[case]
    edit(group, A, "department: お客様窓口", f"department: お客様{ch}窓口")
    assert messages(group, versions=False) == [f"{A}:13:20: (ファイル全体): {message} ({name}) → {fix}"]


def test_hidden_character_in_a_key(group: Path) -> None:
    edit(group, A, "        note: 通話無料", '        "no\\u202ete": 通話無料')
    assert messages(group, versions=False) == [
        f"{A}:16:9: contacts[0].phones[0].no<U+202E>te: 文字の並びや区切りを変える見えない文字が入っています"
        " (U+202E RIGHT-TO-LEFT OVERRIDE、キーの 3 文字目) → この文字を削除してください (画面には見えませんが、公開される文の見え方が変わります)",
    ]


def test_hidden_character_in_a_comment(group: Path) -> None:
    edit(group, A, "contacts:\n", "contacts:  # 窓口\u202e\n")
    assert messages(group, versions=False) == [
        f"{A}:10:16: (ファイル全体): 文字の並びや区切りを変える見えない文字が入っています (U+202E RIGHT-TO-LEFT OVERRIDE)"
        " → この文字を削除してください (画面には見えませんが、公開される文の見え方が変わります)",
    ]


def test_tab_and_line_breaks_stay_allowed_in_text(group: Path) -> None:
    edit(group, A, "department: お客様窓口", 'department: "お客様\\t窓口"')
    edit(group, A, "name: 株式会社アルファ\n", "name: 株式会社アルファ\nbusiness: |\n  一行目\r\n  二行目\r\n")
    assert messages(group, versions=False) == []


def test_a_nul_never_reaches_the_site(group: Path) -> None:
    """The file with the NUL is not loaded at all, so no page, feed or JSON can carry it."""
    edit(group, A, "summary: 改正法の施行に伴う改定", 'summary: "改正法の施行に伴う\\0改定"')
    loaded, problems = check(group, versions=False)
    assert [p.found for p in problems] == ["U+0000 NUL、値の 10 文字目"]
    assert loaded is not None and "alpha" not in loaded.companies


# --- whatever the checker accepts becomes one link and nothing else -------------------------------------

class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def rendered(markdown_text: str) -> _Elements:
    parser = _Elements()
    parser.feed(python_markdown.markdown(markdown_text, extensions=["admonition", "attr_list", "tables", "toc"]))
    return parser


TABLE = {"table", "thead", "tbody", "tr", "th", "td"}


def assert_one_link(target: str, href: str, label: str) -> None:
    for text, wrapper in ((f"前 {link(target)} 後", {"p"}),
                          (f"| 項目 | 内容 |\n|---|---|\n| 窓口 | {link(target)} |", TABLE)):
        html = rendered(text)
        links = [attrs for tag, attrs in html.elements if tag == "a"]
        assert links == [[("href", href)]], text
        assert {tag for tag, _ in html.elements} - {"a"} <= wrapper, text
        assert all(attrs == [] for tag, attrs in html.elements if tag != "a"), text
        assert label in "".join(html.text)


SAFE_URL_CHARS = list("abcXYZ019-._~:/?#@!$&*+,;=") + ["%2F", "%28", "%3C", "%25", "個人", "ー", "é", "/"]
HOSTILE_URL_CHARS = list("()<>\"'`\\|{}[]^% \u3000\u202e\x00\n") + ["{: onclick=x}", "<svg/onload=alert(1)>", "&lt;"]
URL_CHARS = st.sampled_from(SAFE_URL_CHARS * 4 + HOSTILE_URL_CHARS)
"""Mostly characters a URL may hold, so that most examples are accepted and rendered."""
SCHEMES = st.sampled_from(["https://"] * 8 + ["HTTPS://", "http://", "javascript:", "https:", "data:text/html,"])
HOSTS = st.sampled_from(["www.example.jp", "例え.jp", "xn--r8jz45g.jp", "a-b.example.com", "EXAMPLE.JP",
                         "www.example.jp:8443"] * 3 + ["x", "user@www.example.jp", "192.0.2.1", "ex_ample.jp", "[::1]"])


@settings(max_examples=400, deadline=None)
@given(SCHEMES, HOSTS, st.lists(URL_CHARS, max_size=12).map("".join))
def test_every_accepted_url_renders_as_exactly_one_link(scheme: str, host: str, path: str) -> None:
    url = scheme + host + "/" + path
    try:
        check_url(url)
    except FieldValueError:
        return
    assert_one_link(url, url, url)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["03", "06", "0465", "0120", "0800", "0570", "050", "070", "090", "+81-3", "+81-90", "+81"]),
       st.from_regex(r"\A-?[0-9]{1,4}-?[0-9]{3,4}\Z"))
def test_every_accepted_phone_number_renders_as_one_tel_link(prefix: str, rest: str) -> None:
    number = prefix + rest
    try:
        check_phone(number)
    except FieldValueError:
        return
    assert_one_link(f"tel:{number}", link_target(f"tel:{number}"), number)


EMAIL_PARTS = st.sampled_from(list("abcXYZ019._+-") * 3 + list("|<>\"'`()[]{}&;:,!#$%*/=?^~ @") + ["例", "&#64;"])


@settings(max_examples=300, deadline=None)
@given(st.lists(EMAIL_PARTS, min_size=1, max_size=10).map("".join),
       st.sampled_from(["example.jp", "例え.jp", "EXAMPLE.JP", "example", "ex_ample.jp", "example.jp?subject=x"]))
def test_every_accepted_email_renders_as_one_mailto_link(local: str, domain: str) -> None:
    value = f"mailto:{local}@{domain}"
    try:
        href = check_email(value)
    except FieldValueError:
        return
    assert_one_link(value, href, f"{local}@{domain}")
