"""Indicator arithmetic (SPEC §6): averages over the period, half-up rounding, change and coverage."""

from decimal import Decimal
from fractions import Fraction

import pytest

from app.domain.indicators import (
    MonthFigures,
    change_pct,
    coverage_pct,
    money_text,
    pct_text,
    round2,
    summarize,
)

D = Decimal


@pytest.mark.parametrize(("value", "expected"), [
    (Fraction(1, 200), D("0.01")),  # exactly half a fen rounds up
    (Fraction(1, 201), D("0.00")),
    (Fraction(-1, 200), D("-0.01")),  # symmetric for negative changes
    (Fraction(203, 12), D("16.92")),
    (Fraction(17, 1), D("17.00")),
    (D("2.345"), D("2.35")),
    (0, D("0.00")),
])
def test_round2_is_half_up_to_two_places(value, expected):
    assert round2(value) == expected


@pytest.mark.parametrize(("figures", "months", "households", "persons", "per_person", "paid", "times"), [
    # twelve equal months
    ([MonthFigures(10, 30, 10, 900000)] * 12, 12, D("10.00"), D("30.00"), D("300.00"), 10800000, 120),
    # one month paid in a year: the other eleven count as nothing paid
    ([MonthFigures(17, 53, 17, 1428000)], 12, D("1.42"), D("4.42"), D("269.43"), 1428000, 17),
    # a single month is its own average
    ([MonthFigures(17, 53, 17, 1428000)], 1, D("17.00"), D("53.00"), D("269.43"), 1428000, 17),
    # growing over the year: 12 + 13 + ... (uneven averages)
    ([MonthFigures(12 + i // 5, 38 + i, 12 + i // 5, 1700000 + i * 100) for i in range(12)], 12,
     D("12.75"), D("43.50"), D("390.93"), 20406600, 153),
    # nothing paid at all
    ([], 12, D("0.00"), D("0.00"), D("0.00"), 0, 0),
    # temporary assistance: 户次 counts grants, not households
    ([MonthFigures(1, 3, 2, 150000)], 12, D("0.08"), D("0.25"), D("500.00"), 150000, 2),
])
def test_summarize(figures, months, households, persons, per_person, paid, times):
    got = summarize(figures, months)
    assert (got.avg_households, got.avg_persons, got.avg_amount_per_person, got.total_paid_fen,
            got.households_times) == (households, persons, per_person, paid, times)


def test_summarize_refuses_an_empty_period():
    with pytest.raises(ValueError):
        summarize([], 0)


@pytest.mark.parametrize(("current", "previous", "expected"), [
    (110, 100, D("10.00")),
    (D("90.5"), D("100"), D("-9.50")),
    (1, 3, D("-66.67")),
    (5, 0, None),  # nothing last year: no percentage
    (0, 0, None),
])
def test_change_against_the_previous_year(current, previous, expected):
    assert change_pct(current, previous) == expected


@pytest.mark.parametrize(("persons", "population", "expected"), [
    (D("43.92"), 21500, D("0.20")),
    (300, 10000, D("3.00")),
    (300, 0, None),  # population not set
])
def test_coverage_rate(persons, population, expected):
    assert coverage_pct(persons, population) == expected


@pytest.mark.parametrize(("fen", "text"), [(0, "0.00"), (5, "0.05"), (1428000, "14280.00"), (-150, "-1.50")])
def test_money_text(fen, text):
    assert money_text(fen) == text


def test_percent_text():
    assert (pct_text(D("12.5")), pct_text(None)) == ("12.50%", "—")
