"""单人保 (SPEC §3.1) through the calc case of SPEC §7: one covered member of a household whose
per-capita income is under 1.5 S; n = 1, I = that member's income, D = 0."""

from __future__ import annotations

import pytest

from app.domain.calc_case import calc_from_json
from app.domain.ids import _check_char
from app.errors import InvalidInput


def _id(body: str) -> str:
    return body + _check_char(body)


OLD, SON, WIFE = _id("43090319500101123"), _id("43090319800101123"), _id("43090319820202124")


def case(members, *, single=True, deductions="0", program="dibao"):
    out = {"program": program, "area": "rural", "month": "2020-12", "members": members, "deductions": deductions}
    if program == "tekun":
        out.pop("deductions")
    if single is not None:
        out["single_person"] = single
    return out


def m(id_number, income, covered, **extra):
    return {"id_number": id_number, "monthly_income": income, "covered": covered, **extra}


# rural standard 2020-12 is 335 元: 1.5 S = 502.50 元
@pytest.mark.parametrize("members, deductions, amount", [
    # the old man alone covered: 335 - 100 = 235, whatever the son earns, while the household is under 1.5 S
    ([m(OLD, "100", True), m(SON, "800", False)], "0", "235.00"),
    # D is not counted for 单人保 (it would be 335 if it were)
    ([m(OLD, "100", True), m(SON, "800", False)], "100", "235.00"),
    # per-capita 502.49 < 502.50: still open
    ([m(OLD, "0", True), m(SON, "1004.98", False)], "0", "335.00"),
    # three people, the covered one without income
    ([m(OLD, "0", True), m(SON, "700", False), m(WIFE, "700", False)], "0", "335.00"),
])
def test_single_person_amount(members, deductions, amount):
    result = calc_from_json(case(members, deductions=deductions))
    assert result["amount"] == amount
    assert result["lines"][0].endswith("（单人保）")
    assert any(line.startswith("单人保：全家") for line in result["lines"])
    assert any(line == "保障人口 1 人" for line in result["lines"])


@pytest.mark.parametrize("members, single, message", [
    # per-capita exactly 1.5 S is not under it
    ([m(OLD, "0", True), m(SON, "1005", False)], True, "不低于 1.5 倍保障标准 502.50 元"),
    ([m(OLD, "100", True), m(SON, "2000", False)], True, "全家人均收入 1050.00 元"),
    ([m(OLD, "100", True), m(SON, "100", True)], True, "单人保只保障一人，实为 2 人"),
    ([m(OLD, "100", False), m(SON, "100", False)], True, "单人保只保障一人，实为 0 人"),
    ([m(OLD, "100", True)], "yes", "single_person：应为 true 或 false"),
    ([m(OLD, "100", True)], 1, "single_person：应为 true 或 false"),
])
def test_single_person_refusals_name_the_field(members, single, message):
    with pytest.raises(InvalidInput) as err:
        calc_from_json(case(members, single=single))
    assert message in str(err.value)


def test_single_person_is_for_dibao_only():
    tekun = [m(OLD, "0", True, selfcare_items_failed=0)]
    with pytest.raises(InvalidInput) as err:
        calc_from_json(case(tekun, program="tekun"))
    assert "单人保只适用于低保" in str(err.value)


def test_without_the_flag_the_household_deduction_applies_as_before():
    members = [m(OLD, "100", True), m(SON, "800", False)]
    assert calc_from_json(case(members, deductions="100", single=None))["amount"] == "335.00"
    assert calc_from_json(case(members, deductions="100", single=False))["amount"] == "335.00"
