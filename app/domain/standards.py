"""Effective-dated standards (SPEC §3) and the Yiyang 2020 defaults an administrator can change.

A standard is (program family, area, amount, effective month); the value in force for month M is
the latest one whose effective month is <= M. Months are "YYYY-MM" strings, which sort correctly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.domain import months
from app.domain.programs import AREA_NAMES, FAMILY_NAMES, split_key
from app.errors import InvalidInput


@dataclass(frozen=True)
class Standard:
    """One standard: program family "dibao" | "tekun", area "urban" | "rural", fen per person per month."""

    program: str
    area: str
    amount_fen: int
    effective_month: str

    def __post_init__(self) -> None:
        if self.program not in FAMILY_NAMES:
            raise InvalidInput(f"标准的项目：未知的项目 {self.program!r}，应为 dibao 或 tekun")
        if self.area not in AREA_NAMES:
            raise InvalidInput(f"标准的区域：未知的区域 {self.area!r}，应为 urban 或 rural")
        if isinstance(self.amount_fen, bool) or not isinstance(self.amount_fen, int) or self.amount_fen <= 0:
            raise InvalidInput(f"标准金额：应为正的整数分，实为 {self.amount_fen!r}")
        parse_month(self.effective_month, "标准的起始月份")


def parse_month(text: object, field: str = "month") -> date:
    """ "YYYY-MM" (2000-01..2099-12, months.py) -> the first day of that month; InvalidInput naming `field`."""
    return months.month_date(months.parse_month(text, field))


def month_text(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def standard_in_force(
    standards: Iterable[Standard], program: str, area: str, month: str | date
) -> Standard | None:
    """The latest standard for (program, area) effective on or before `month`, or None."""
    wanted = month_text(month) if isinstance(month, date) else month_text(parse_month(month))
    candidates = [
        s for s in standards if s.program == program and s.area == area and s.effective_month <= wanted
    ]
    return max(candidates, key=lambda s: s.effective_month, default=None)


def standard_for_key(standards: Iterable[Standard], key: str, month: str | date) -> Standard | None:
    """Same, by program key: ("urban_dibao", "2020-12") -> the urban dibao standard in force."""
    family, area = split_key(key)
    return standard_in_force(standards, family, area, month)


DEFAULT_STANDARDS: tuple[Standard, ...] = (
    Standard("dibao", "urban", 58000, "2020-01"),
    Standard("dibao", "rural", 31000, "2019-01"),
    Standard("dibao", "rural", 33500, "2020-01"),
    Standard("tekun", "urban", 75400, "2020-01"),
    Standard("tekun", "rural", 43550, "2020-01"),  # 5226 元/人/年 = 435.50 元/月
)

# Settings an administrator may change; money in yuan as decimal strings, fractions exact.
DEFAULT_SETTINGS: dict[str, object] = {
    "min_wage": "1540",  # prior year's monthly minimum wage (set per county), yuan
    "care_fractions": {"全自理": "1/10", "半护理": "1/6", "全护理": "1/3"},
    "increments": {"elderly": "0", "minor": "0", "severe_disability": "0", "serious_illness": "0"},
    "min_payment": "0",
    "rounding": "yuan",
    "taper_months": 6,
    "temp_limit_multiple": 3,
}
