"""Identifier cells from spreadsheets (SPEC §7.1): numbers that lost digits, and the Luhn check.

Excel keeps 15 significant digits of a number, so an 18-digit ID or a 19-digit bank account that
was typed into a General cell has already lost its last digits when the file reaches us: the
value is refused, never repaired. Scientific text ("4.3090219560412E+17") is the same number
copied out of such a cell.
"""

from __future__ import annotations

import re

from stdnum import luhn

from app.domain.canonical import compact

LOST_DIGITS = "数值格式，Excel 只保留 15 位有效数字，请把该列设为文本后按原始资料重新录入"
LUHN_WARNING = "账号校验位（Luhn）不符，请对照存折或银行卡核对（部分存折账号本身不符合此规则）"
_SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d*)?E[+-]?\d+", re.IGNORECASE)


def lost_digits(value: object) -> bool:
    """True for a number cell (int or float from the reader) or its scientific text.

    `value` is the raw cell value; text has already been through canonical.compact() or not,
    either way full-width digits of a scientific text are caught (NFKC happens here too).
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        return bool(_SCIENTIFIC.fullmatch(compact(value)))
    return False


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check most bank card numbers carry; False for anything but digits."""
    return digits.isdigit() and luhn.is_valid(digits)
