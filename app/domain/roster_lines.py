"""The kinds of roster line (SPEC §5): what each line of a monthly roster pays, stored as its Chinese text."""

from __future__ import annotations

from enum import StrEnum


class LineKind(StrEnum):
    REGULAR = "正常"  # a case's amount for this month
    BACK_PAY = "补发"  # a case's amount for an earlier month a confirmed roster missed
    SUSPENDED = "停发"  # a suspended case: listed, paid nothing
    ADJUSTMENT = "调整"  # a correction after a roster was confirmed (may be negative)
    TEMPORARY = "临时救助"  # one 临时救助 grant
    PRICE_SUBSIDY = "价格补贴"  # 价格临时补贴 for the persons of a regular line


# the lines that count households, persons and 户次 (when they pay something)
COUNTED_KINDS: tuple[LineKind, ...] = (LineKind.REGULAR, LineKind.TEMPORARY, LineKind.PRICE_SUBSIDY)
# the lines that pay a case for the month they name (paid_month keeps these)
CASE_MONTH_KINDS: tuple[LineKind, ...] = (LineKind.REGULAR, LineKind.BACK_PAY)
# the lines that pay money to a case's payee
CASE_PAID_KINDS: tuple[LineKind, ...] = (LineKind.REGULAR, LineKind.BACK_PAY, LineKind.ADJUSTMENT,
                                         LineKind.PRICE_SUBSIDY)

