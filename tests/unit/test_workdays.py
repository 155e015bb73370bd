"""Working days: the 2020 National Day week, make-up workdays, the admin table, uncovered years."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.workdays import WorkCalendar, add_calendar_days, add_months
from app.errors import InvalidInput

CAL = WorkCalendar()
D = date


@pytest.mark.parametrize(
    ("day", "works"),
    [
        (D(2020, 9, 26), False),  # ordinary Saturday
        (D(2020, 9, 27), True),  # Sunday, make-up workday for National Day
        (D(2020, 9, 30), True),
        *[(D(2020, 10, d), False) for d in range(1, 9)],  # 国庆节 + 中秋节, 10-01 .. 10-08
        (D(2020, 10, 9), True),
        (D(2020, 10, 10), True),  # Saturday, make-up workday
        (D(2020, 10, 11), False),  # ordinary Sunday
    ],
)
def test_national_day_2020_holidays_and_make_up_workdays(day, works):
    assert CAL.is_workday(day) is works
    assert CAL.is_holiday(day) is not works


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2020, 9, 30), 1, D(2020, 10, 9)),  # the whole holiday week is skipped
        (D(2020, 9, 29), 3, D(2020, 10, 10)),  # 09-30, 10-09, then the make-up Saturday
        (D(2020, 9, 25), 1, D(2020, 9, 27)),  # Friday -> make-up Sunday
        (D(2020, 9, 15), 3, D(2020, 9, 18)),
        (D(2020, 9, 15), 20, D(2020, 10, 19)),
        (D(2020, 9, 15), 30, D(2020, 11, 2)),  # a September acceptance, 30 working days
        (D(2020, 9, 30), 30, D(2020, 11, 18)),
        (D(2020, 9, 15), 45, D(2020, 11, 23)),
        (D(2020, 10, 3), 0, D(2020, 10, 3)),  # n = 0 is the start itself
        (D(2020, 10, 9), -1, D(2020, 9, 30)),  # counting back skips the holiday too
    ],
)
def test_add_workdays_counts_working_days_after_the_start(start, n, expected):
    assert CAL.add_workdays(start, n) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2020, 9, 30), D(2020, 10, 9), 1),
        (D(2020, 10, 1), D(2020, 10, 8), 0),
        (D(2020, 9, 15), D(2020, 11, 2), 30),
        (D(2020, 10, 9), D(2020, 9, 30), -1),
        (D(2020, 10, 9), D(2020, 10, 9), 0),
    ],
)
def test_workdays_between_counts_the_half_open_range(a, b, expected):
    assert CAL.workdays_between(a, b) == expected


@pytest.mark.parametrize(
    ("day", "works"),
    [
        (D(2020, 11, 2), False),  # extra holiday on a Monday
        (D(2020, 11, 7), True),  # extra workday on a Saturday
        (D(2020, 10, 5), True),  # the table wins over the official holiday
        (D(2020, 11, 3), True),  # untouched days keep the official answer
    ],
)
def test_admin_table_overrides_the_official_calendar(day, works):
    cal = WorkCalendar(extra_holidays={D(2020, 11, 2)}, extra_workdays={D(2020, 11, 7), D(2020, 10, 5)})
    assert cal.is_workday(day) is works


def test_admin_holiday_moves_a_deadline():
    cal = WorkCalendar(extra_holidays={D(2020, 10, 9)})
    assert cal.add_workdays(D(2020, 9, 30), 1) == D(2020, 10, 10)


def test_a_day_cannot_be_both_extra_holiday_and_extra_workday():
    with pytest.raises(InvalidInput, match="既是节假日又是调休工作日"):
        WorkCalendar(extra_holidays={D(2020, 11, 2)}, extra_workdays={D(2020, 11, 2)})


@pytest.mark.parametrize(
    ("day", "works"),
    [
        (D(2099, 1, 2), True),  # Friday in a year chinese_calendar does not cover
        (D(2099, 1, 3), False),  # Saturday
        (D(2099, 1, 1), True),  # no holiday data: Mon-Fri only, unless the table says so
        (D(1999, 10, 1), True),
    ],
)
def test_uncovered_years_fall_back_to_monday_to_friday(day, works):
    assert CAL.is_workday(day) is works


def test_uncovered_years_still_use_the_admin_table():
    cal = WorkCalendar(extra_holidays={D(2099, 1, 1)}, extra_workdays={D(2099, 1, 3)})
    assert cal.add_workdays(D(2098, 12, 31), 2) == D(2099, 1, 3)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2020, 9, 28), 7, D(2020, 10, 5)),
        (D(2020, 12, 28), 7, D(2021, 1, 4)),
        (D(2020, 3, 1), -1, D(2020, 2, 29)),
    ],
)
def test_add_calendar_days_ignores_holidays(start, n, expected):
    assert add_calendar_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2020, 8, 31), 6, D(2021, 2, 28)),
        (D(2019, 8, 31), 6, D(2020, 2, 29)),
        (D(2020, 12, 15), 1, D(2021, 1, 15)),
        (D(2020, 1, 31), -2, D(2019, 11, 30)),
    ],
)
def test_add_months_clamps_to_the_end_of_month(start, months, expected):
    assert add_months(start, months) == expected


@given(start=st.dates(D(2004, 1, 1), D(2030, 12, 31)), n=st.integers(0, 60))
def test_workdays_between_inverts_add_workdays(start, n):
    end = CAL.add_workdays(start, n)
    assert CAL.workdays_between(start, end) == n
    assert n == 0 or CAL.is_workday(end)


@given(start=st.dates(D(2004, 1, 1), D(2030, 12, 31)), n=st.integers(1, 40))
def test_add_workdays_never_lands_before_n_calendar_days(start, n):
    assert CAL.add_workdays(start, n) >= start + timedelta(days=n)
