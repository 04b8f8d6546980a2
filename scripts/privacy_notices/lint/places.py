"""Foreign places named in Japanese text: countries, regions, large cities and cloud regions.

Country names come from pycountry's Japanese translation of ISO 3166-1 (every country, in the form
Japanese reference texts use), not from a hand-kept list; the short forms notices write (米国, 韓国,
EU域内), the cities where data centres and contact centres sit, and the region codes of the large cloud
providers are added here. Japan's own cloud regions (ap-northeast-1, asia-northeast1, japaneast, ...)
are not foreign.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import cache, lru_cache

import pycountry

SHORT_FORMS = (
    "外国", "海外", "国外", "米国", "アメリカ", "中国", "韓国", "台湾", "香港", "マカオ", "英国", "イギリス", "タイ王国",
    "欧州", "ヨーロッパ", "欧州連合", "欧州経済領域", "EU", "EEA", "北米", "南米", "中南米", "東南アジア", "アジア太平洋",
)
JAPAN = {"日本", "日本国"}
CLOUD_REGION = re.compile(
    r"(?<![A-Za-z0-9-])(?:"
    r"(?!ap-northeast-[13](?![0-9]))(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?(?:east|west|north|south|central|northeast|"
    r"southeast|southwest|northwest)-[0-9]"
    r"|(?!asia-northeast[12](?![0-9]))(?:us|europe|asia|australia|southamerica|northamerica|me|africa)-(?:east|west|north|"
    r"south|central|northeast|southeast|southwest|northwest)[0-9]"
    r"|(?:east|west|central|north|south|northcentral|southcentral|westcentral)(?:us|europe|asia)[0-9]?|southeastasia|eastasia"
    r"|(?:uk|france|germany|korea|australia|canada|brazil|india|switzerland|norway|uae|southafrica)"
    r"(?:south|north|east|west|central)[0-9]?"
    r")(?![A-Za-z0-9-])")
"""The region codes of AWS, Google Cloud and Azure outside Japan (us-west-2, europe-west1, eastus, koreacentral)."""
KATAKANA = "ァ-ヺー・"


def _variants(name: str) -> set[str]:
    """「大韓民国 (韓国)」 -> 大韓民国, 韓国; 「中国領・台湾」 -> 台湾; a name as written otherwise."""
    found = {name}
    if m := re.fullmatch(r"(.+?)\s*[（(](.+)[)）]", name):
        found = {m.group(1), m.group(2)}
    found = {v.split("領・")[-1].strip() for v in found if v.strip()}
    return found | {m.group(1) for v in found if (m := re.fullmatch(r"(.{2,}?)(?:連邦|共和国|王国|合衆国|連合王国)", v))}


ALIASES = {"米国": "US", "アメリカ": "US", "英国": "GB", "イギリス": "GB", "中国": "CN", "韓国": "KR", "台湾": "TW",
           "香港": "HK", "マカオ": "MO", "タイ王国": "TH"}
CITY_COUNTRY = {
    "ソウル": "KR", "釜山": "KR", "北京": "CN", "上海": "CN", "大連": "CN", "深圳": "CN", "広州": "CN", "台北": "TW",
    "高雄": "TW", "ニューヨーク": "US", "ロサンゼルス": "US", "サンフランシスコ": "US", "シアトル": "US", "シリコンバレー": "US",
    "バージニア": "US", "オレゴン": "US", "カリフォルニア": "US", "オハイオ": "US", "テキサス": "US", "ロンドン": "GB",
    "パリ": "FR", "フランクフルト": "DE", "アムステルダム": "NL", "ダブリン": "IE", "ストックホルム": "SE", "チューリッヒ": "CH",
    "ミラノ": "IT", "シドニー": "AU", "メルボルン": "AU", "バンガロール": "IN", "ムンバイ": "IN", "デリー": "IN",
    "チェンナイ": "IN", "ホーチミン": "VN", "ハノイ": "VN", "ダナン": "VN", "マニラ": "PH", "セブ": "PH", "バンコク": "TH",
    "ジャカルタ": "ID", "クアラルンプール": "MY", "トロント": "CA", "バンクーバー": "CA", "モントリオール": "CA",
    "サンパウロ": "BR",
}
"""Where each city of CITIES is (ISO 3166-1 alpha-2)."""
CITIES = tuple(CITY_COUNTRY)


@cache
def _codes() -> dict[str, str]:
    """Every country name (pycountry's Japanese names, their short forms, ALIASES) -> its alpha-2 code."""
    ja = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])
    codes = dict(ALIASES)
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if hasattr(country, attr):
                codes.update({v: country.alpha_2 for v in _variants(ja.gettext(getattr(country, attr)))})
    return {n: code for n, code in codes.items() if n not in JAPAN and len(n) > 1}


@cache
def names() -> tuple[str, ...]:
    """Every foreign place name, longest first (a regex alternation then prefers the longest)."""
    found = set(SHORT_FORMS) | set(CITIES) | {n for n in _codes() if not n.isascii()}
    return tuple(sorted(found, key=lambda n: (-len(n), n)))


EU = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
REGIONS = {
    **dict.fromkeys(("EU", "欧州連合"), EU),
    **dict.fromkeys(("EEA", "欧州経済領域"), EU | {"IS", "LI", "NO"}),
    **dict.fromkeys(("欧州", "ヨーロッパ"), EU | {"IS", "LI", "NO", "GB", "CH"}),
    "北米": frozenset({"US", "CA", "MX"}),
    "東南アジア": frozenset("BN KH ID LA MY MM PH SG TH VN TL".split()),
}
"""Regions a notice names, as the countries they hold (EU: the 27 member states)."""


def country_codes(place: str) -> frozenset[str] | None:
    """The ISO codes of the countries a place name (a country, a city, a region) may be in; None when
    the name does not say (海外, 外国, アジア太平洋, a cloud region code)."""
    code = _codes().get(place) or CITY_COUNTRY.get(place)
    return frozenset({code}) if code else REGIONS.get(place)


def _bounded(name: str) -> str:
    """A name that does not match inside a longer katakana word (タイ in リアルタイム, マリ in マリーナ)."""
    body = re.escape(name)
    if re.fullmatch(f"[{KATAKANA}]+", name):
        return f"(?<![{KATAKANA}]){body}(?![{KATAKANA}])"
    if name == "中国":  # not the 中国地方 of Japan
        return "中国(?!地方|・?四国|地域|エリア)"
    if name.isascii():
        return f"(?<![A-Za-z]){body}(?![A-Za-z])"
    return body


@cache
def pattern() -> re.Pattern[str]:
    return re.compile("|".join(_bounded(n) for n in names()))


@lru_cache(maxsize=65536)  # pure: the group's defaults are searched once, not once per company (issue 14)
def foreign_place(text: str) -> str | None:
    """The first foreign place a text names (compared in NFKC: full-width letters match), or None."""
    text = unicodedata.normalize("NFKC", text)
    m = pattern().search(text) or CLOUD_REGION.search(text)
    return m.group(0) if m else None


def stated_names(abroad: object | None) -> list[str]:
    """The countries an ``abroad`` states personal data is handled in (none when it says it is not)."""
    return [c.name for c in getattr(abroad, "countries", [])] if getattr(abroad, "handled", False) else []


def covers(countries: list[str], place: str) -> bool | None:
    """Whether one of ``countries`` is (or holds) ``place``, compared by ISO code (米国 and アメリカ合衆国 are one,
    ソウル is in 韓国, EU in any member state); None when ``place`` names no country a code can say."""
    codes = country_codes(foreign_place(place) or place)
    if codes is None:
        return None
    return bool(codes & set().union(*(country_codes(foreign_place(name) or name) or () for name in countries)))
