"""The one month type of the application: "YYYY-MM" within a sane range.

Months are compared as strings elsewhere, which is only right while every month has four year
digits; the range also keeps a typo such as 9999-12 from looping a roster generator for ever or
putting a year 0 into a date.
"""

from __future__ import annotations

import re

MIN_MONTH = "2000-01"
MAX_MONTH = "2099-12"
_MONTH = re.compile(r"(\d{4})-(\d{2})")


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
    return f"月份应为 {MIN_MONTH} 至 {MAX_MONTH} 之间的 YYYY-MM，实为「{value}」"
