from __future__ import annotations

import datetime as dt

import pytest

from privacy_notices.dates import format_date


@pytest.mark.parametrize("day, era", [
    ("2022-03-31", "令和4年3月31日"),
    ("2019-05-01", "令和元年5月1日"),
    ("2019-04-30", "平成31年4月30日"),
    ("1989-01-08", "平成元年1月8日"),
    ("1989-01-07", "昭和64年1月7日"),
    ("2011-10-28", "平成23年10月28日"),
    ("2020-01-01", "令和2年1月1日"),
])
def test_era(day: str, era: str) -> None:
    assert format_date(dt.date.fromisoformat(day), "era") == era


def test_styles() -> None:
    day = dt.date(2024, 3, 1)
    assert format_date(day, "gregorian") == "2024年3月1日"
    assert format_date(day, "both") == "令和6年3月1日 (2024年3月1日)"
