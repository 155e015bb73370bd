"""Money: integer fen in storage, Decimal yuan at the edges, one rounding at the end."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

ROUNDING_STEPS = {"yuan": Decimal("1"), "jiao": Decimal("0.1"), "fen": Decimal("0.01")}


def to_decimal(value: object) -> Decimal:
    """Yuan from a number, decimal string or Fraction; floats go through their repr (0.1 -> 0.1)."""
    if isinstance(value, bool):
        raise ValueError("金额不能是布尔值")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"不是有效的金额：{value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"不是有效的金额：{value!r}")
    return result


def yuan_to_fen(value: object, *, allow_negative: bool = False) -> int:
    """Parse yuan (at most 2 decimals) to integer fen; ValueError with a Chinese reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    amount = to_decimal(value)
    if amount < 0 and not allow_negative:
        raise ValueError(f"金额不能为负：{value}")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"金额最多两位小数：{value}")
    return int(fen)


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def format_fen(fen: int) -> str:
    """Fen as a yuan string with two decimals: 69200 -> '692.00'."""
    return f"{fen_to_yuan(fen):.2f}"


def round_yuan(value: Decimal | Fraction, mode: str = "yuan") -> Decimal:
    """Round once, half up, to whole yuan / jiao / fen; returns Decimal yuan with 2 places."""
    if mode not in ROUNDING_STEPS:
        raise ValueError(f"未知的取整方式：{mode}")
    if isinstance(value, Fraction):
        # exact half-up on a Fraction: scale, floor(x + 1/2) for x >= 0 (symmetric for x < 0)
        step = Fraction(ROUNDING_STEPS[mode])
        units = value / step
        sign = -1 if units < 0 else 1
        n = (abs(units) + Fraction(1, 2)).__floor__()
        return (Decimal(sign * n) * ROUNDING_STEPS[mode]).quantize(Decimal("0.01"))
    return value.quantize(ROUNDING_STEPS[mode], rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def decimal_to_fen(value: Decimal) -> int:
    return int((value * 100).to_integral_value(rounding=ROUND_HALF_UP))
