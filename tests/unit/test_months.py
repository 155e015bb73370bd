"""The one month type (domain/months.py): range, parsing, arithmetic that never runs away."""

import pytest

from app.domain import lifecycle, standards
from app.domain.lifecycle import CaseEvent, check_event, state_in
from app.domain.months import (
    month_add,
    month_date,
    months_between,
    parse_month,
    parse_year,
)
from app.errors import InvalidInput


@pytest.mark.parametrize("typed, month", [
    ("2020-12", "2020-12"), ("2000-01", "2000-01"), ("2099-12", "2099-12"), (" 2020-03 ", "2020-03"),
    ("２０２０－０３", "2020-03"),
])
def test_months_in_range_are_accepted_in_their_canonical_form(typed, month):
    assert parse_month(typed) == month


@pytest.mark.parametrize("typed", [
    "9999-12", "0000-01", "1999-12", "2100-01", "10000-01", "2020-13", "2020-00", "2020-1", "202012", "",
    None, 202012, "2020-12-01", "२०२०-१२",
])
def test_months_outside_the_range_or_malformed_are_refused_naming_the_field(typed):
    with pytest.raises(InvalidInput) as info:
        parse_month(typed, "纳入年月")
    assert info.value.text.startswith("输入无效：纳入年月：") and "2000-01 至 2099-12" in info.value.text


@pytest.mark.parametrize("typed, year", [("2020", 2020), (2000, 2000), ("2099", 2099), (" ２０２０ ", 2020)])
def test_years_in_range(typed, year):
    assert parse_year(typed) == year


@pytest.mark.parametrize("typed", ["1999", "2100", "99999", "0", "-2020", "2_020", "20.0", "", None, True, 2100])
def test_years_outside_the_range_are_refused(typed):
    with pytest.raises(InvalidInput, match="统计年度：年份应为 2000 至 2099"):
        parse_year(typed, "统计年度")


@pytest.mark.parametrize("month, n, out", [
    ("2020-12", 1, "2021-01"), ("2020-01", -1, "2019-12"), ("2099-12", 1, "2100-01"), ("2020-06", 0, "2020-06"),
    ("2000-01", -12 * 1000, "1000-01"),
])
def test_month_add_counts_months_as_integers(month, n, out):
    assert month_add(month, n) == out


@pytest.mark.parametrize("month, n", [("9999-12", 1), ("2020-01", 10**9), ("1000-01", -1)])
def test_month_add_refuses_a_year_that_would_not_sort_as_text(month, n):
    with pytest.raises(InvalidInput):
        month_add(month, n)


def test_months_between_is_inclusive_and_bounded():
    assert months_between("2020-11", "2021-02") == ["2020-11", "2020-12", "2021-01", "2021-02"]
    assert months_between("2021-02", "2020-11") == []
    with pytest.raises(InvalidInput):  # formerly: "10000-01" < "9999-12", a loop for ever
        months_between("2020-01", "9999-12")


def test_month_date_refuses_year_zero():
    assert month_date("2020-03").isoformat() == "2020-03-01"
    with pytest.raises(InvalidInput):
        month_date("0000-01")


@pytest.mark.parametrize("typed", ["9999-12", "1900-01", "0000-01", "2100-01"])
def test_standards_parse_month_uses_the_one_range(typed):
    with pytest.raises(InvalidInput, match="2000-01 至 2099-12"):
        standards.parse_month(typed, "生效年月")


def test_a_taper_too_long_is_refused_and_a_stored_one_does_not_run_away():
    with pytest.raises(InvalidInput, match="渐退期月数应为 1 至 60"):
        check_event("2020-01", [], CaseEvent("taper", "2020-05", months=10**9))
    stored = [CaseEvent("taper", "2099-01", months=10**9)]
    assert state_in("2020-01", 50000, stored, "2099-12").amount_fen == 50000


def test_month_after_a_date_past_the_range_is_refused_not_wrapped():
    from datetime import date

    assert lifecycle.month_after(date(2020, 12, 31)) == "2021-01"
    with pytest.raises(InvalidInput):
        lifecycle.month_after(date(9999, 12, 31))
