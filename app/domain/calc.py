"""Benefit formulas (SPEC §3): 低保补差 with 分类施保, 特困供养, the 临时救助 limit, 价格临时补贴.

Arithmetic is exact (Fraction); each amount is rounded once, at the end: per household for dibao,
per person for tekun. `calc_from_json` / `calc_many` read the calc case file of SPEC §7.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from app.domain.ids import age_on, normalize_id
from app.domain.masking import mask_id
from app.domain.money import decimal_to_fen, format_fen, round_yuan, to_decimal
from app.errors import InvalidInput

INCREMENT_CATEGORIES: dict[str, str] = {
    "elderly": "老年人",
    "minor": "未成年人",
    "severe_disability": "重度残疾",
    "serious_illness": "重病",
}
CARE_TIERS: tuple[str, ...] = ("全自理", "半护理", "全护理")
ROUNDING_NAMES: dict[str, str] = {"yuan": "元", "jiao": "角", "fen": "分"}
SELFCARE_ITEMS = 6
ELDERLY_AGE = 60
ADULT_AGE = 18


@dataclass(frozen=True)
class CalcMember:
    """A member as the formulas see it; `name` only labels the breakdown lines."""

    id_number: str
    covered: bool
    monthly_income_fen: int = 0
    disability_grade: int = 0
    serious_illness: bool = False
    selfcare_items_failed: int = 0
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or mask_id(self.id_number)


@dataclass(frozen=True)
class DibaoParams:
    """Dibao standard S (yuan/person/month), 分类施保 rates by category, minimum payment, rounding."""

    standard: Decimal
    increments: dict[str, Decimal] = field(default_factory=dict)
    min_payment: Decimal = Decimal(0)
    rounding: str = "yuan"

    def __post_init__(self) -> None:
        if not self.standard > 0:
            raise InvalidInput(f"params.standard：保障标准应大于 0，实为 {self.standard}")
        for category, rate in self.increments.items():
            if category not in INCREMENT_CATEGORIES:
                raise InvalidInput(f"params.increments.{category}：未知的分类施保类别")
            if not 0 <= rate <= 1:
                raise InvalidInput(
                    f"params.increments.{category}：比例应在 0 到 1 之间（0.1 表示 10%），实为 {rate}"
                )
        if self.min_payment < 0:
            raise InvalidInput(f"params.min_payment：最低发放额不能为负，实为 {self.min_payment}")
        _check_rounding(self.rounding)


@dataclass(frozen=True)
class TekunParams:
    """Tekun basic living standard and minimum wage W (yuan/month), care fraction per tier, rounding."""

    basic: Decimal
    min_wage: Decimal
    care_fractions: dict[str, Fraction]
    rounding: str = "yuan"

    def __post_init__(self) -> None:
        if not self.basic > 0:
            raise InvalidInput(f"params.basic：基本生活标准应大于 0，实为 {self.basic}")
        if self.min_wage < 0:
            raise InvalidInput(f"params.min_wage：最低工资标准不能为负，实为 {self.min_wage}")
        missing = [tier for tier in CARE_TIERS if tier not in self.care_fractions]
        if missing or len(self.care_fractions) != len(CARE_TIERS):
            raise InvalidInput(f"params.care_fractions：应恰好包含 {'、'.join(CARE_TIERS)} 三档")
        for tier, fraction in self.care_fractions.items():
            if not 0 <= fraction <= 1:
                raise InvalidInput(f"params.care_fractions.{tier}：护理比例应在 0 到 1 之间，实为 {fraction}")
        _check_rounding(self.rounding)


@dataclass(frozen=True)
class CalcResult:
    """The amount, how it was reached (Chinese lines), and the exact value before rounding."""

    eligible: bool
    amount_fen: int
    per_capita_income: Decimal | None  # dibao: exact value rounded half up to the fen
    lines: list[str]
    persons: int
    unrounded: Fraction = Fraction(0)  # base + increments (dibao) or sum of exact per-person amounts
    increments: Fraction = Fraction(0)  # dibao 分类施保 total, exact

    def to_json(self) -> dict:
        """The calc output of SPEC §7 (per_capita_income is null for tekun)."""
        pci = None if self.per_capita_income is None else f"{self.per_capita_income:.2f}"
        return {
            "eligible": self.eligible,
            "amount": format_fen(self.amount_fen),
            "per_capita_income": pci,
            "lines": list(self.lines),
        }


def _check_rounding(mode: str) -> None:
    if mode not in ROUNDING_NAMES:
        raise InvalidInput(f"params.rounding：未知的取整方式 {mode!r}，应为 yuan、jiao 或 fen")


def show_yuan(value: Fraction | Decimal | int) -> str:
    """Yuan for a breakdown line: two places, or every place of a longer exact decimal (61.875)."""
    exact = Fraction(value)
    as_decimal = Decimal(exact.numerator) / Decimal(exact.denominator)
    if Fraction(as_decimal) != exact or as_decimal == as_decimal.quantize(Decimal("0.01")):
        return f"{round_yuan(exact, 'fen')}"
    return f"{as_decimal.normalize():f}"


def _equals(value: Fraction) -> str:
    """ "= 651.43" when the shown value is exact, "≈ 692.17" when it is not."""
    shown = show_yuan(value)
    return f"{'=' if Fraction(Decimal(shown)) == value else '≈'} {shown}"


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _rounding_line(mode: str, rounded: Decimal) -> str:
    return f"取整（{ROUNDING_NAMES[mode]}，四舍五入）{rounded} 元"


def _covered(members: list[CalcMember]) -> list[CalcMember]:
    covered = [m for m in members if m.covered]
    if not covered:
        raise InvalidInput("members：没有保障人口（所有成员的 covered 均为 false）")
    return covered


def increment_for(member: CalcMember, params: DibaoParams, month: date) -> tuple[str, Decimal] | None:
    """The highest single 分类施保 (category, rate) that applies to a member, or None."""
    age = age_on(normalize_id(member.id_number).birth_date, month)
    applies = {
        "elderly": age >= ELDERLY_AGE,
        "minor": age < ADULT_AGE,
        "severe_disability": member.disability_grade in (1, 2),
        "serious_illness": member.serious_illness,
    }
    best: tuple[str, Decimal] | None = None
    for category in INCREMENT_CATEGORIES:
        rate = params.increments.get(category, Decimal(0))
        if applies[category] and rate > 0 and (best is None or rate > best[1]):
            best = (category, rate)
    return best


def _increments(covered: list[CalcMember], params: DibaoParams, month: date) -> tuple[Fraction, list[str]]:
    total, lines = Fraction(0), []
    standard = Fraction(params.standard)
    for member in covered:
        found = increment_for(member, params, month)
        if found is None:
            continue
        category, rate = found
        amount = Fraction(rate) * standard
        total += amount
        lines.append(
            f"分类施保 {member.label} {INCREMENT_CATEGORIES[category]} {_percent(rate)} × "
            f"{show_yuan(standard)} {_equals(amount)} 元"
        )
    return total, lines


def dibao_amount(
    members: list[CalcMember], params: DibaoParams, month: date, deductions_fen: int = 0
) -> CalcResult:
    """SPEC §3.1: 补差 n×S − max(I−D, 0) plus the highest single increment per covered member."""
    covered, month = _covered(members), month.replace(day=1)
    if deductions_fen < 0:
        raise InvalidInput(f"deductions：刚性支出不能为负，实为 {format_fen(deductions_fen)}")
    n, standard = len(covered), Fraction(params.standard)
    income_fen = sum(m.monthly_income_fen for m in covered)
    net = Fraction(max(income_fen - deductions_fen, 0), 100)
    per_capita = net / n
    pci = round_yuan(per_capita, "fen")
    lines = [
        f"保障标准 {show_yuan(standard)} 元/人/月",
        f"保障人口 {n} 人",
        f"家庭月收入 {format_fen(income_fen)} 元",
    ]
    if deductions_fen:
        lines.append(f"刚性支出 {format_fen(deductions_fen)} 元，计算收入 {show_yuan(net)} 元")
    if per_capita >= standard:
        lines.append(f"人均收入 {show_yuan(net)} ÷ {n} {_equals(per_capita)} 元，不低于保障标准，不符合条件")
        lines.append("月救助金 0.00 元")
        return CalcResult(False, 0, pci, lines, n)
    lines.append(f"人均收入 {show_yuan(net)} ÷ {n} {_equals(per_capita)} 元，低于保障标准，符合条件")
    base = n * standard - net
    lines.append(f"补差 {n} × {show_yuan(standard)} − {show_yuan(net)} {_equals(base)} 元")
    increments, increment_lines = _increments(covered, params, month)
    lines += increment_lines
    total = base + increments
    if increments:
        lines.append(f"补差与分类施保合计 {show_yuan(total)} 元")
    amount_fen = _round_with_minimum(total, params, lines)
    return CalcResult(True, amount_fen, pci, lines, n, total, increments)


def _round_with_minimum(total: Fraction, params: DibaoParams, lines: list[str]) -> int:
    rounded = round_yuan(total, params.rounding)
    lines.append(_rounding_line(params.rounding, rounded))
    amount_fen = decimal_to_fen(rounded)
    minimum_fen = decimal_to_fen(params.min_payment)
    if 0 < amount_fen < minimum_fen:
        amount_fen = minimum_fen
        lines.append(f"低于最低发放额，按 {format_fen(minimum_fen)} 元发放")
    lines.append(f"月救助金 {format_fen(amount_fen)} 元")
    return amount_fen


def single_person_qualifies(members: list[CalcMember], standard: Decimal, deductions_fen: int = 0) -> bool:
    """单人保 is open when the whole household's per-capita income is below 1.5 × S."""
    if not members:
        return False
    net = Fraction(max(sum(m.monthly_income_fen for m in members) - deductions_fen, 0), 100)
    return net / len(members) < Fraction(3, 2) * Fraction(standard)


def single_person_dibao(member: CalcMember, params: DibaoParams, month: date) -> CalcResult:
    """单人保: n = 1, I = that member's income, D = 0."""
    return dibao_amount([replace(member, covered=True)], params, month, 0)


def selfcare_tier(items_failed: int) -> str:
    """Care tier from the number of the six self-care items not achievable: 0 / 1-3 / >= 4."""
    if isinstance(items_failed, bool) or not isinstance(items_failed, int):
        raise InvalidInput(f"自理能力缺失项数：应为 0-{SELFCARE_ITEMS} 的整数，实为 {items_failed!r}")
    if not 0 <= items_failed <= SELFCARE_ITEMS:
        raise InvalidInput(f"自理能力缺失项数：应为 0-{SELFCARE_ITEMS}，实为 {items_failed}")
    if items_failed == 0:
        return "全自理"
    return "半护理" if items_failed <= 3 else "全护理"


def tekun_person(member: CalcMember, params: TekunParams) -> tuple[int, Fraction, str]:
    """One person's tekun amount: round(basic + fraction(tier) × W); (fen, exact, breakdown line)."""
    tier = selfcare_tier(member.selfcare_items_failed)
    fraction = params.care_fractions[tier]
    care = fraction * Fraction(params.min_wage)
    exact = Fraction(params.basic) + care
    rounded = round_yuan(exact, params.rounding)
    line = (
        f"{member.label} 缺失 {member.selfcare_items_failed} 项，{tier}：基本生活 {show_yuan(params.basic)} + "
        f"护理 {fraction} × {show_yuan(params.min_wage)} {_equals(exact)} 元，"
        f"{_rounding_line(params.rounding, rounded)}"
    )
    return decimal_to_fen(rounded), exact, line


def tekun_amount(members: list[CalcMember], params: TekunParams, month: date) -> CalcResult:
    """SPEC §3.2: each covered person rounded on its own; the case amount is their sum."""
    del month  # tekun does not depend on age; kept so both formulas share one call shape
    covered = _covered(members)
    lines = [f"保障人口 {len(covered)} 人"]
    total_fen, exact_total = 0, Fraction(0)
    for member in covered:
        fen, exact, line = tekun_person(member, params)
        total_fen += fen
        exact_total += exact
        lines.append(line)
    lines.append(f"月供养金 {format_fen(total_fen)} 元")
    return CalcResult(True, total_fen, None, lines, len(covered), exact_total)


def temporary_needs_county(
    amount_fen: int, urban_dibao_standard_fen: int, limit_multiple: int | Decimal | Fraction = 3
) -> bool:
    """临时救助 above limit_multiple × the urban monthly dibao standard goes to the county."""
    return Fraction(amount_fen) > Fraction(limit_multiple) * urban_dibao_standard_fen


def price_subsidy_proposal(standard_fen: int, cpi_rise: Decimal) -> int:
    """Proposed 价格临时补贴 per person: round(S × rise) to whole yuan; rise 3.5% is Decimal("0.035")."""
    rise = Fraction(to_decimal(cpi_rise))
    if rise < 0:
        raise InvalidInput(f"CPI 涨幅：不能为负，实为 {cpi_rise}")
    return decimal_to_fen(round_yuan(Fraction(standard_fen, 100) * rise, "yuan"))

