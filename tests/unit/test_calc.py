"""Benefit formulas (SPEC §3) and the calc case file (SPEC §7): golden cases and rule tables."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from stdnum.cn import ric

from app.domain.calc import (
    CalcMember,
    DibaoParams,
    TekunParams,
    dibao_amount,
    price_subsidy_proposal,
    selfcare_tier,
    single_person_dibao,
    single_person_qualifies,
    tekun_amount,
    temporary_needs_county,
)
from app.domain.calc_case import calc_from_json, calc_many
from app.errors import IdNumberError, InvalidInput
from tests.conftest import fixtures_missing

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"
DEC_2020 = date(2020, 12, 1)
RATES = {
    "elderly": Decimal("0.1"),
    "minor": Decimal("0.1"),
    "severe_disability": Decimal("0.2"),
    "serious_illness": Decimal("0.15"),
}
CARE = {"全自理": Fraction(1, 10), "半护理": Fraction(1, 6), "全护理": Fraction(1, 3)}


def make_id(born: str, seq: str = "001") -> str:
    body = "430902" + born.replace("-", "") + seq
    return body + ric.calc_check_digit(body + "0")


def member(born: str = "1980-05-05", income_fen: int = 0, **kw: object) -> CalcMember:
    return CalcMember(make_id(born, str(kw.pop("seq", "001"))), kw.pop("covered", True), income_fen, **kw)


def golden_cases() -> list:
    path = FIXTURES / "calc_cases.json"
    if not path.exists():
        reason = f"共享夹具目录不存在（{FIXTURES}），跳过金标准案例"
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=reason))]
    cases = json.loads(path.read_text(encoding="utf-8"))
    return [
        pytest.param(c["case"], c["expected"], id=f"{i:02d}-{c['case']['program']}")
        for i, c in enumerate(cases)
    ]


def dibao_case(**changes: object) -> dict:
    case = {
        "program": "dibao",
        "area": "urban",
        "month": "2020-12",
        "params": {"standard": 580, "increments": {"elderly": 0.1}, "min_payment": 0, "rounding": "yuan"},
        "members": [{"id_number": make_id("1950-03-03"), "covered": True, "monthly_income": 100}],
        "deductions": 0,
    }
    case.update(changes)
    return case


def tekun_case() -> dict:
    return {
        "program": "tekun",
        "area": "rural",
        "month": "2020-12",
        "params": {
            "basic": "435.50",
            "min_wage": 1540,
            "care_fractions": {"全自理": "1/10", "半护理": "1/6", "全护理": "1/3"},
        },
        "members": [{"id_number": make_id("1945-01-01"), "covered": True, "selfcare_items_failed": 2}],
    }


@pytest.mark.parametrize(("case", "expected"), golden_cases())
def test_golden_case_gives_expected_amount_eligibility_and_per_capita_income(case, expected):
    result = calc_from_json(case)
    assert {key: result[key] for key in expected} == expected


@pytest.mark.skipif(fixtures_missing("calc_cases.json"), reason=f"共享夹具目录不存在（{FIXTURES}）")
def test_calc_many_gives_one_result_per_case_in_order():
    path = FIXTURES / "calc_cases.json"
    cases = [c["case"] for c in json.loads(path.read_text(encoding="utf-8"))]
    assert calc_many(cases) == [calc_from_json(c) for c in cases]
    assert calc_many(cases[0]) == calc_from_json(cases[0])


@pytest.mark.parametrize(
    ("items", "tier"),
    [(0, "全自理"), (1, "半护理"), (2, "半护理"), (3, "半护理"), (4, "全护理"), (6, "全护理")],
)
def test_selfcare_tier_follows_items_failed(items, tier):
    assert selfcare_tier(items) == tier


@pytest.mark.parametrize("items", [-1, 7, True, 2.0, "2"])
def test_selfcare_tier_rejects_counts_outside_zero_to_six(items):
    with pytest.raises(InvalidInput):
        selfcare_tier(items)


@pytest.mark.parametrize(("rounding", "amount_fen"), [("yuan", 69200), ("jiao", 69220), ("fen", 69217)])
def test_tekun_rounds_basic_plus_care_once_in_the_chosen_mode(rounding, amount_fen):
    params = TekunParams(Decimal("435.50"), Decimal(1540), CARE, rounding)
    result = tekun_amount([member("1945-01-01", selfcare_items_failed=2)], params, DEC_2020)
    assert result.amount_fen == amount_fen


def test_tekun_case_amount_is_sum_of_per_person_rounded_amounts():
    params = TekunParams(Decimal("435.50"), Decimal(1540), CARE, "yuan")
    people = [
        member("1945-01-01", selfcare_items_failed=2, seq="001"),
        member("1946-01-01", selfcare_items_failed=2, seq="003"),
        member("1947-01-01", selfcare_items_failed=6, covered=False, seq="005"),
    ]
    result = tekun_amount(people, params, DEC_2020)
    assert (result.amount_fen, result.persons) == (2 * 69200, 2)


@pytest.mark.parametrize(
    ("rate", "income_fen", "rounding", "amount_fen"),
    [
        ("0.15", 5500, "yuan", 33000),
        ("0.15", 5500, "jiao", 33030),
        ("0.15", 5500, "fen", 33025),
        ("0.1", 0, "yuan", 36900),
    ],
)
def test_dibao_rounds_half_up_once_at_the_end(rate, income_fen, rounding, amount_fen):
    params = DibaoParams(Decimal(335), {"serious_illness": Decimal(rate)}, Decimal(0), rounding)
    result = dibao_amount([member(serious_illness=True, income_fen=income_fen)], params, DEC_2020)
    assert result.amount_fen == amount_fen


@pytest.mark.parametrize(
    ("income_fen", "min_payment", "amount_fen"),
    [
        (30000, 0, 1000),
        (30000, 30, 3000),
        (20000, 30, 11000),
        (31000, 30, 0),
        (30950, 30, 3000),
        (30999, 30, 0),
    ],
)
def test_minimum_payment_lifts_small_positive_amounts_only(income_fen, min_payment, amount_fen):
    # SPEC §3.1 compares the rounded amount: 0.01 yuan rounds to 0 and stays 0
    params = DibaoParams(Decimal(310), {}, Decimal(min_payment), "yuan")
    assert dibao_amount([member(income_fen=income_fen)], params, DEC_2020).amount_fen == amount_fen


@pytest.mark.parametrize(
    ("flags", "amount_fen"),
    [
        ({}, 34100),
        ({"serious_illness": True}, 35650),
        ({"disability_grade": 2}, 37200),
        ({"disability_grade": 3}, 34100),
        ({"disability_grade": 1, "serious_illness": True}, 37200),
    ],
)
def test_each_member_gets_only_the_highest_single_increment(flags, amount_fen):
    params = DibaoParams(Decimal(310), RATES, Decimal(0), "fen")
    result = dibao_amount([member("1950-01-01", **flags)], params, DEC_2020)  # elderly 10% always applies
    assert result.amount_fen == amount_fen


@pytest.mark.parametrize(
    ("born", "category_fen"),
    [("1960-12-01", 5800), ("1960-12-02", 0), ("2002-12-01", 0), ("2002-12-02", 5800), ("2020-11-30", 5800)],
)
def test_age_is_taken_on_the_first_day_of_the_month(born, category_fen):
    params = DibaoParams(Decimal(580), {"elderly": Decimal("0.1"), "minor": Decimal("0.1")})
    result = dibao_amount([member(born)], params, date(2020, 12, 15))
    assert result.amount_fen == 58000 + category_fen


def test_per_capita_income_equal_to_standard_is_not_eligible():
    params = DibaoParams(Decimal(310), RATES)
    result = dibao_amount([member(income_fen=31000), member(income_fen=31000, seq="003")], params, DEC_2020)
    assert (result.eligible, result.amount_fen, result.per_capita_income) == (False, 0, Decimal("310.00"))


def test_deductions_above_income_count_as_zero_income():
    params = DibaoParams(Decimal(310))
    result = dibao_amount([member(income_fen=5000), member(seq="003")], params, DEC_2020, deductions_fen=9000)
    assert (result.amount_fen, result.per_capita_income) == (62000, Decimal("0.00"))


def test_members_not_covered_add_neither_persons_nor_income():
    params = DibaoParams(Decimal(310))
    people = [member(income_fen=10000), member(income_fen=99999, covered=False, seq="003")]
    result = dibao_amount(people, params, DEC_2020)
    assert (result.persons, result.amount_fen) == (1, 21000)


def test_breakdown_lines_name_persons_increment_and_rounding():
    params = DibaoParams(Decimal(580), {"elderly": Decimal("0.1")})
    lines = dibao_amount([member("1950-01-01", income_fen=11800, name="张三")], params, DEC_2020).lines
    assert "保障人口 1 人" in lines and "家庭月收入 118.00 元" in lines
    assert "分类施保 张三 老年人 10% × 580.00 = 58.00 元" in lines
    assert "取整（元，四舍五入）520.00 元" in lines


def test_single_person_dibao_counts_only_that_member():
    params = DibaoParams(Decimal(310))
    result = single_person_dibao(member(income_fen=10000, covered=False), params, DEC_2020)
    assert (result.persons, result.amount_fen) == (1, 21000)


@pytest.mark.parametrize(("income_fen", "allowed"), [(92999, True), (93000, False)])
def test_single_person_dibao_needs_household_income_below_one_and_a_half_standards(income_fen, allowed):
    household = [member(income_fen=income_fen), member(seq="003")]
    assert single_person_qualifies(household, Decimal(310)) is allowed


@pytest.mark.parametrize(("amount_fen", "to_county"), [(174000, False), (174001, True), (0, False)])
def test_temporary_assistance_above_three_urban_standards_goes_to_county(amount_fen, to_county):
    assert temporary_needs_county(amount_fen, 58000) is to_county


@pytest.mark.parametrize(
    ("standard_fen", "rise", "proposal_fen"),
    [(58000, "0.035", 2000), (33500, "0.035", 1200), (31000, "0.05", 1600)],
)
def test_price_subsidy_proposal_is_standard_times_rise_to_whole_yuan(standard_fen, rise, proposal_fen):
    assert price_subsidy_proposal(standard_fen, Decimal(rise)) == proposal_fen


def test_case_without_params_uses_standard_in_force_and_default_settings():
    case = dibao_case(month="2019-06", area="rural")
    del case["params"]
    result = calc_from_json(case)
    assert result["amount"] == "210.00"  # rural 2019 standard 310, no increments by default
    assert any("未给出的参数取默认设置" in line for line in result["lines"])


def test_case_without_standard_before_any_standard_is_refused():
    case = dibao_case(month="2018-06", area="rural", params={})
    with pytest.raises(InvalidInput, match=r"params\.standard"):
        calc_from_json(case)


def test_tekun_output_has_no_per_capita_income():
    result = calc_from_json(tekun_case())
    assert (result["amount"], result["per_capita_income"], result["eligible"]) == ("692.00", None, True)


def set_path(case: dict, path: str, value: object) -> dict:
    case = copy.deepcopy(case)
    *parents, last = path.split("/")
    target = case
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return case


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("program", "lowbao", "program"),
        ("area", "town", "area"),
        ("month", "2020-13", "month"),
        ("month", "2020-1", "month"),
        ("params/rounding", "jin", "params.rounding"),
        ("params/standard", -580, "params.standard"),
        ("params/standard", "5.801", "params.standard"),
        ("params/increments/elderly", 10, "params.increments.elderly"),
        ("params/increments/orphan", 0.1, "params.increments.orphan"),
        ("params/extra", 1, "params.extra"),
        ("members/0/id_number", "430902195003030012", "members[0].id_number"),
        ("members/0/monthly_income", -1, "members[0].monthly_income"),
        ("members/0/monthly_income", float("nan"), "members[0].monthly_income"),
        ("members/0/disability_grade", 5, "members[0].disability_grade"),
        ("members/0/serious_illness", "是", "members[0].serious_illness"),
        ("members/0/covered", False, "members"),
        ("members/0/age", 3, "members[0].age"),
        ("deductions", "abc", "deductions"),
        ("members", [], "members"),
    ],
)
def test_invalid_dibao_case_is_refused_naming_the_field(path, value, field):
    with pytest.raises(InvalidInput) as caught:
        calc_from_json(set_path(dibao_case(), path, value))
    assert caught.value.params["detail"].startswith(field + "：")


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("params/care_fractions/半护理", "1/0", "params.care_fractions.半护理"),
        ("params/care_fractions", {"全自理": "1/10"}, "params.care_fractions"),
        ("members/0/selfcare_items_failed", 7, "members[0].selfcare_items_failed"),
        ("deductions", 10, "deductions"),
        ("params/min_wage", "abc", "params.min_wage"),
    ],
)
def test_invalid_tekun_case_is_refused_naming_the_field(path, value, field):
    with pytest.raises(InvalidInput) as caught:
        calc_from_json(set_path(tekun_case(), path, value))
    assert caught.value.params["detail"].startswith(field + "：")


def test_duplicate_member_id_is_refused():
    case = dibao_case()
    case["members"].append(dict(case["members"][0]))
    with pytest.raises(InvalidInput, match=r"members\[1\]\.id_number：与 members\[0\] 重复"):
        calc_from_json(case)


def test_calc_many_error_names_the_case_in_the_list():
    with pytest.raises(InvalidInput, match="第 2 个案例 area"):
        calc_many([dibao_case(), dibao_case(area="town")])


@pytest.mark.parametrize("obj", ["text", 3, None])
def test_calc_many_refuses_anything_but_an_object_or_a_list(obj):
    with pytest.raises(InvalidInput):
        calc_many(obj)


def test_bad_id_number_keeps_the_id_error_code_and_names_the_member():
    case = set_path(dibao_case(), "members/0/id_number", "430902195003030012")
    with pytest.raises(IdNumberError, match=r"members\[0\]\.id_number：.*校验位错误"):
        calc_many([dibao_case(), case])
