"""Dates as Japanese legal notices print them: 令和4年3月31日, 2022年3月31日, or both.

Era boundaries are the first day of each era (平成 from 1989-01-08, 令和 from 2019-05-01);
the first year of an era is written 元年.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Literal
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")
AS_OF_VARIABLE = "PRIVACY_NOTICES_AS_OF"
"""Environment variable that sets the as-of date of `mkdocs build` / `mkdocs serve`."""
TODAY_VARIABLE = "PRIVACY_NOTICES_TODAY"
"""Environment variable that stands for today's date (tests, rehearsals): never the real clock in tests."""

ERAS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1912, 7, 30), "大正"),
    (dt.date(1873, 1, 1), "明治"),  # the solar calendar starts here (明治6年); earlier dates are refused
)
"""Each era's first day, newest first."""

_MEIJI_FIRST_YEAR = 1868


def era(day: dt.date) -> str:
    """``2022-03-31`` -> ``令和4年3月31日``; ``2019-05-01`` -> ``令和元年5月1日``."""
    for start, name in ERAS:
        if day >= start:
            first = _MEIJI_FIRST_YEAR if name == "明治" else start.year
            year = day.year - first + 1
            return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    raise ValueError(f"和暦にできない日付です: {day.isoformat()}")


def gregorian(day: dt.date) -> str:
    """``2022-03-31`` -> ``2022年3月31日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_date(day: dt.date, style: Literal["era", "gregorian", "both"]) -> str:
    """The date in the style a group or document chose."""
    if style == "era":
        return era(day)
    if style == "gregorian":
        return gregorian(day)
    return f"{era(day)} ({gregorian(day)})"


def today_in_tokyo() -> dt.date:
    """Today's date in Japan (or $PRIVACY_NOTICES_TODAY): which version of a notice is in force depends on it."""
    if text := os.environ.get(TODAY_VARIABLE):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{TODAY_VARIABLE} の日付は YYYY-MM-DD の形で指定してください ({text})") from None
    return dt.datetime.now(TOKYO).date()


def as_of_date(value: str | None = None) -> dt.date:
    """The date the site shows: ``value``, else $PRIVACY_NOTICES_AS_OF, else today in Tokyo.

    Raises ValueError with a Japanese message for a malformed date.
    """
    text = value if value is not None else os.environ.get(AS_OF_VARIABLE)
    if not text:
        return today_in_tokyo()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"日付は YYYY-MM-DD の形で指定してください ({text})") from None


def epoch_of(day: dt.date) -> int:
    """Midnight of ``day`` in Tokyo as a Unix time (SOURCE_DATE_EPOCH of a build as of that day)."""
    return int(dt.datetime.combine(day, dt.time(), TOKYO).timestamp())
