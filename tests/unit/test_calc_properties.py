"""Properties of the dibao and tekun formulas that must hold for any household (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from app.domain.calc import CalcMember, DibaoParams, TekunParams, dibao_amount, tekun_amount
from app.domain.money import ROUNDING_STEPS

MONTH = date(2020, 12, 1)
CATEGORIES = ("elderly", "minor", "severe_disability", "serious_illness")


def make_id(born: date, seq: int) -> str:
    body = f"430902{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


@st.composite
def households(draw) -> list[CalcMember]:
    size = draw(st.integers(1, 6))
    people = [
        CalcMember(
            id_number=make_id(draw(st.dates(date(1920, 1, 1), date(2020, 12, 31))), seq),
            covered=draw(st.booleans()),
            monthly_income_fen=draw(st.integers(0, 150_000)),
            disability_grade=draw(st.integers(0, 4)),
            serious_illness=draw(st.booleans()),
        )
        for seq in range(1, size + 1)
    ]
    return [replace(people[0], covered=True), *people[1:]]


rates = st.decimals(Decimal(0), Decimal("0.5"), places=2)
dibao_params = st.builds(
    DibaoParams,
    standard=st.decimals(Decimal(100), Decimal(1000), places=2),
    increments=st.fixed_dictionaries({c: rates for c in CATEGORIES}),
    min_payment=st.decimals(Decimal(0), Decimal(50), places=2),
    rounding=st.sampled_from(["yuan", "jiao", "fen"]),
)


@given(households(), dibao_params, st.integers(0, 100_000))
def test_dibao_amount_is_never_negative(members, params, deductions_fen):
    assert dibao_amount(members, params, MONTH, deductions_fen).amount_fen >= 0


@given(households(), dibao_params, st.data())
def test_dibao_amount_does_not_rise_when_one_members_income_rises(members, params, data):
    index = data.draw(st.integers(0, len(members) - 1))
    richer = list(members)
    richer[index] = replace(
        members[index],
        monthly_income_fen=members[index].monthly_income_fen + data.draw(st.integers(1, 50_000)),
    )
    assert dibao_amount(richer, params, MONTH).amount_fen <= dibao_amount(members, params, MONTH).amount_fen


@given(households(), dibao_params)
def test_increments_never_lower_a_dibao_amount(members, params):
    without = replace(params, increments={})
    assert dibao_amount(members, params, MONTH).amount_fen >= dibao_amount(members, without, MONTH).amount_fen


@given(households(), dibao_params)
def test_eligible_exactly_when_per_capita_income_is_below_standard(members, params):
    covered = [m for m in members if m.covered]
    per_capita = Fraction(sum(m.monthly_income_fen for m in covered), 100 * len(covered))
    assert dibao_amount(members, params, MONTH).eligible is (per_capita < params.standard)


@given(households(), dibao_params)
def test_dibao_rounding_moves_at_most_half_a_step(members, params):
    result = dibao_amount(members, replace(params, min_payment=Decimal(0)), MONTH)
    half_step = Fraction(ROUNDING_STEPS[params.rounding]) / 2
    assert not result.eligible or abs(Fraction(result.amount_fen, 100) - result.unrounded) <= half_step


@given(st.integers(0, 5), st.decimals(Decimal(100), Decimal(1000), places=2), st.integers(500, 3000))
def test_tekun_amount_does_not_fall_as_more_selfcare_items_fail(items, basic, min_wage):
    care = {"全自理": Fraction(1, 10), "半护理": Fraction(1, 6), "全护理": Fraction(1, 3)}
    params = TekunParams(basic, Decimal(min_wage), care)
    person = CalcMember(make_id(date(1940, 1, 1), 1), True, selfcare_items_failed=items)
    worse = replace(person, selfcare_items_failed=items + 1)
    assert tekun_amount([worse], params, MONTH).amount_fen >= tekun_amount([person], params, MONTH).amount_fen
