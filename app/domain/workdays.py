"""Working-day arithmetic: weekends, Chinese public holidays and make-up workdays (调休).

The official calendar comes from `chinese_calendar`; an administrator can extend it with
an extra table of holidays and workdays (a new year's schedule published before the library
is updated, or a local day off). For a year the library does not cover, the calendar falls
back to Monday-Friday plus the extra table instead of failing, so deadlines can still be
shown; the extra table always wins over both.

The calendar knows which years it knows: the library's years, and the years for which the
administrator entered the State Council's yearly notice. A deadline that runs through any other
year is only an estimate (Monday-Friday), and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import chinese_calendar
from chinese_calendar import constants

from app.errors import InvalidInput

_ONE_DAY = timedelta(days=1)


def add_calendar_days(start: date, n: int) -> date:
    """The date n calendar days after start (negative n goes back)."""
    return start + timedelta(days=n)


def add_months(d: date, months: int) -> date:
    """Same day `months` later, clamped to the month's last day (08-31 + 6 -> 02-28/29)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_first - date(year, month, 1)).days
    return date(year, month, min(d.day, last_day))


def library_years() -> frozenset[int]:
    """The years the installed chinese_calendar release covers (1.11.0: 2004-2026)."""
    return frozenset(d.year for d in constants.holidays) | frozenset(d.year for d in constants.workdays)


_LIBRARY_YEARS = library_years()


def _official_workday(d: date) -> bool:
    """chinese_calendar's answer, or Monday-Friday for a year it does not cover."""
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return d.weekday() < 5


class WorkCalendar:
    """Working days for deadlines; immutable once built (rebuild it when the table changes)."""

    def __init__(self, extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = (),
                 declared_years: Iterable[int] = ()) -> None:
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        self.declared_years = frozenset(declared_years)  # years whose State Council notice was entered
        both = self.extra_holidays & self.extra_workdays
        if both:
            days = "、".join(sorted(d.isoformat() for d in both))
            raise InvalidInput(f"同一天不能既是节假日又是调休工作日：{days}")

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(extra_holidays={sorted(self.extra_holidays)}, "
            f"extra_workdays={sorted(self.extra_workdays)})"
        )

    def covers(self, year: int) -> bool:
        """True when the year's holidays are known (the library, or the admin entered its notice)."""
        return year in _LIBRARY_YEARS or year in self.declared_years

    def estimated(self, start: date, end: date) -> bool:
        """True when a span of working days from `start` to `end` crosses a year not covered."""
        low, high = min(start, end).year, max(start, end).year
        return any(not self.covers(y) for y in range(low, high + 1))

    def is_workday(self, d: date) -> bool:
        """True when offices work on d (a make-up Saturday counts, a holiday Monday does not)."""
        if d in self.extra_workdays:
            return True
        if d in self.extra_holidays:
            return False
        return _official_workday(d)

    def is_holiday(self, d: date) -> bool:
        """True when d is a rest day (weekend or public holiday)."""
        return not self.is_workday(d)

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after start; start itself is not counted.

        n = 0 returns start unchanged; a negative n counts back to the n-th working day
        before start. add_workdays(2020-09-30, 1) is 2020-10-09 (National Day week).
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining = abs(n)
        day = start
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in the half-open range (a, b]; negative when b is before a.

        The inverse of add_workdays: workdays_between(a, add_workdays(a, n)) == n for n >= 0.
        """
        if b < a:
            return -self.workdays_between(b, a)
        count = 0
        day = a
        while day < b:
            day += _ONE_DAY
            if self.is_workday(day):
                count += 1
        return count
