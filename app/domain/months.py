"""The one month type of the application: "YYYY-MM" within a sane range.

Months are compared as strings elsewhere, which is only right while every month has four year
digits; the range also keeps a typo such as 9999-12 from looping a roster generator for ever or
putting a year 0 into a date. Every month that arrives from a person or a file goes through
`parse_month` (or `parse_year` for a year); month arithmetic goes through `month_add` and
`months_between`, which count months as integers and never run away.
"""

from __future__ import annotations

import re
from datetime import date

from app.domain.canonical import compact
from app.errors import InvalidInput

MIN_MONTH = "2000-01"
MAX_MONTH = "2099-12"
MIN_YEAR, MAX_YEAR = int(MIN_MONTH[:4]), int(MAX_MONTH[:4])
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_FOUR_DIGIT_YEARS = (1000 * 12, 10000 * 12 - 1)  # month indexes whose text still sorts as a string
MAX_MONTH_SPAN = 12 * 100  # months_between never lists more than a century


def is_month(value: object) -> bool:
    """True for a "YYYY-MM" text between MIN_MONTH and MAX_MONTH."""
    if not isinstance(value, str):
        return False
    match = _MONTH.fullmatch(value)
    return bool(match) and 1 <= int(match.group(2)) <= 12 and MIN_MONTH <= value <= MAX_MONTH


def month_problem(value: object) -> str | None:
    """None for a valid month, else the Chinese reason (without the field name)."""
    if is_month(value):
        return None
    return f"月份应为 {MIN_MONTH} 至 {MAX_MONTH} 之间的 YYYY-MM，实为「{_shown(value)}」"


def parse_month(value: object, field: str = "月份") -> str:
    """A typed month ("2020-12", "２０２０-１２", " 2020-12 ") -> "2020-12"; InvalidInput naming `field`."""
    text = compact(value) if isinstance(value, str) else value
    problem = month_problem(text)
    if problem:
        raise InvalidInput(f"{field}：{problem}")
    return text  # type: ignore[return-value]


def parse_year(value: object, field: str = "年份") -> int:
    """A typed year ("2020", 2020) -> 2020 within MIN_YEAR..MAX_YEAR; InvalidInput naming `field`."""
    text = compact(value) if not isinstance(value, int) or isinstance(value, bool) else str(value)
    if not (text.isascii() and text.isdigit() and len(text) == 4) or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise InvalidInput(f"{field}：年份应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的四位数字，实为「{_shown(value)}」")
    return int(text)


def month_index(month: str) -> int:
    """ "2020-12" -> 2020 * 12 + 11: months as integers, for arithmetic and spans."""
    match = _MONTH.fullmatch(month) if isinstance(month, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InvalidInput(f"月份应为 YYYY-MM，实为「{_shown(month)}」")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def month_of_index(index: int) -> str:
    """The inverse of month_index; InvalidInput when the year would leave four digits."""
    lo, hi = _FOUR_DIGIT_YEARS
    if not lo <= index <= hi:
        raise InvalidInput(f"月份超出可计算的范围（{MIN_MONTH} 至 {MAX_MONTH}）")
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_add(month: str, n: int) -> str:
    """ "2020-12" + 1 -> "2021-01"; InvalidInput instead of a five-digit (mis-sorting) year."""
    return month_of_index(month_index(month) + n)


def months_between(first: str, last: str) -> list[str]:
    """Inclusive list of months from first to last (empty when last < first), at most a century."""
    start, stop = month_index(first), month_index(last)
    if stop - start >= MAX_MONTH_SPAN:
        raise InvalidInput(f"月份区间 {first} 至 {last} 超过 {MAX_MONTH_SPAN // 12} 年")
    return [month_of_index(i) for i in range(start, stop + 1)]


def month_date(month: str) -> date:
    """ "2020-12" -> date(2020, 12, 1); InvalidInput for year 0 (a stored "0000-01")."""
    i = month_index(month)
    if i < 12:
        raise InvalidInput(f"月份「{month}」不是有效的年月")
    return date(i // 12, i % 12 + 1, 1)


def month_of(day: date) -> str:
    """date(2020, 12, 9) -> "2020-12"."""
    return f"{day.year:04d}-{day.month:02d}"


def _shown(value: object) -> str:
    """The rejected value as the message quotes it: short, one line."""
    text = str(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:40] + "…"


def check_period(year: object, month: object = None) -> tuple[int, int | None]:
    """Year as an int (2000-2099), month as 1-12 or None; "2020-03" is accepted as a month of `year`."""
    y = parse_year(year, "统计年度")
    text = compact(month) if month is not None else ""
    if text == "":
        return y, None
    if len(text) == 7 and text[4] == "-":
        if text[:4] != str(y):
            raise InvalidInput(f"统计月份：{text} 不在 {y} 年内")
        text = parse_month(text, "统计月份")[5:]
    if not (text.isascii() and text.isdigit() and len(text) <= 2) or not 1 <= int(text) <= 12:
        raise InvalidInput(f"统计月份：应为 1—12 或 YYYY-MM，实为「{str(month)[:40]}」")
    return y, int(text)
