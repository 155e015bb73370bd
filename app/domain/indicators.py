"""Performance indicators (SPEC §6) from what was paid each month: pure arithmetic, no database.

The figures of one program in one month come from its confirmed roster: households and persons
counted on the lines that pay a regular amount (正常 / 临时救助 / 价格补贴 with money), 户次 (the
households paid; for temporary assistance one per grant), and the amount paid (every line,
补发 and adjustments included, in the month whose roster paid it).

Averages divide by the months of the period (12 for a year, 1 for a month): a month without a
confirmed roster contributes zeros, so it counts as nothing paid. Each average is computed exactly
(Fraction) and rounded once, half up, to 2 places. The average amount per person is the amount
paid divided by the person-months paid (累计保障人次), i.e. the monthly amount per person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class MonthFigures:
    """What one program paid in one month."""

    households: int = 0
    persons: int = 0
    times: int = 0  # 户次 in the month: households paid (temporary: grants paid)
    paid_fen: int = 0

    def __add__(self, other: MonthFigures) -> MonthFigures:
        return MonthFigures(self.households + other.households, self.persons + other.persons,
                            self.times + other.times, self.paid_fen + other.paid_fen)


@dataclass(frozen=True)
class Indicators:
    """The indicators of one program over a period of `months` months."""

    months: int
    avg_households: Decimal
    avg_persons: Decimal
    avg_amount_per_person: Decimal  # yuan per person per month
    total_paid_fen: int
    households_times: int  # 户次: households paid, summed over the months
    person_times: int  # 人次: persons paid, summed over the months


def round2(value: Fraction | Decimal | int) -> Decimal:
    """Exactly half up to 2 places: Fraction(1, 200) -> 0.01; Fraction(-1, 200) -> -0.01."""
    if isinstance(value, Decimal):
        return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    value = Fraction(value)
    hundredths = abs(value) * 100
    n = (hundredths + Fraction(1, 2)).__floor__()
    return (Decimal(n if value >= 0 else -n) / 100).quantize(TWO_PLACES)


def summarize(figures: Iterable[MonthFigures], months: int) -> Indicators:
    """Indicators over `months` months from the figures of the months that had a roster."""
    if months < 1:
        raise ValueError("统计期间至少一个月")
    total = sum(figures, MonthFigures())
    per_person = Fraction(total.paid_fen, total.persons * 100) if total.persons else Fraction(0)
    return Indicators(
        months=months,
        avg_households=round2(Fraction(total.households, months)),
        avg_persons=round2(Fraction(total.persons, months)),
        avg_amount_per_person=round2(per_person),
        total_paid_fen=total.paid_fen,
        households_times=total.times,
        person_times=total.persons,
    )


def change_pct(current: Decimal | int, previous: Decimal | int) -> Decimal | None:
    """Change against the previous period in percent, 2 places; None when there was nothing before."""
    if not previous:
        return None
    return round2((Fraction(current) - Fraction(previous)) / Fraction(previous) * 100)


def coverage_pct(persons: Decimal | int, population: int) -> Decimal | None:
    """Coverage rate in percent (persons / township population); None without a population setting."""
    if population <= 0:
        return None
    return round2(Fraction(persons) / population * 100)


def money_text(fen: int) -> str:
    """Fen as yuan with 2 places: 1234567 -> '12345.67'."""
    return f"{round2(Fraction(fen, 100)):.2f}"


def pct_text(value: Decimal | None) -> str:
    """A percentage for reports: 12.5 -> '12.50%', None -> '—'."""
    return "—" if value is None else f"{value:.2f}%"
