"""The monitoring rules (SPEC §13) as tables: kinds, warning conditions, a scan's plan, handling steps."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import monitoring as m
from app.errors import InvalidInput

TODAY = date(2021, 1, 20)
ID = "430902196503030031"
S = 33500  # rural dibao standard, fen


def facts(**kw) -> m.PersonFacts:
    base = {"id_number": ID, "name": "甲", "in_registry": True, "household_id": 1, "is_head": True,
            "per_capita_income_fen": 100_00, "household_income_fen": 200_00, "dibao_standard_fen": S}
    return m.PersonFacts(**{**base, **kw})


LISTED = (m.Listing("脱贫监测户", date(2020, 12, 1)),)


@pytest.mark.parametrize(("kw", "rules"), [
    ({}, {"uncovered_poor"}),  # a registered head of an uncovered poor household
    ({"is_head": False}, set()),  # other members are not raised one by one
    ({"is_head": False, "listings": LISTED}, {"uncovered_poor"}),  # unless they are on a list
    ({"covered": (("dibao", "2020-01"),), "household_covered": True}, set()),
    ({"per_capita_income_fen": 3000_00}, set()),  # well off
    ({"application_open": True}, set()),
    ({"deceased": True}, set()),  # a dead head is not a 漏保
    ({"deceased": True, "covered": (("dibao", "2020-01"),), "household_covered": True}, {"covered_hit"}),  # an application in progress is already being handled
    ({"per_capita_income_fen": S}, set()),  # at the standard is not under it
    ({"in_registry": False, "household_id": None, "is_head": False, "per_capita_income_fen": None,
      "listings": LISTED}, {"unregistered"}),
    ({"per_capita_income_fen": 3000_00, "disabled_in_household": 2}, {"multi_disabled"}),
    ({"per_capita_income_fen": 3000_00, "disabled_in_household": 1, "elderly_in_household": 1},
     {"elderly_disabled"}),
    ({"per_capita_income_fen": 3000_00, "disabled_in_household": 2, "household_covered": True}, set()),
    ({"per_capita_income_fen": 3000_00, "listings": (m.Listing("医疗自付", TODAY, 2_000_000),)}, {"medical_cost"}),
    ({"per_capita_income_fen": 3000_00, "listings": (m.Listing("医疗自付", TODAY, 1_999_999),)}, set()),
    ({"per_capita_income_fen": 3000_00, "is_earner": True, "household_earners": 1,
      "listings": (m.Listing("失业人员", TODAY),)}, {"sole_earner_unemployed"}),
    ({"per_capita_income_fen": 3000_00, "is_earner": True, "household_earners": 2,
      "listings": (m.Listing("失业人员", TODAY),)}, set()),
    ({"covered": (("tekun", "2019-01"),), "household_covered": True, "listings": (m.Listing("死亡", TODAY),)},
     {"covered_hit"}),
    ({"listings": (m.Listing("死亡", TODAY),), "per_capita_income_fen": 3000_00}, set()),  # not covered: no hit
    ({"covered": (("dibao", "2019-01"),), "household_covered": True, "taper_last_month": "2021-02"}, {"taper_ending"}),
    ({"covered": (("dibao", "2019-01"),), "household_covered": True, "taper_last_month": "2021-04"}, set()),
    ({"covered": (("dibao", "2019-01"),), "household_covered": True, "review_due": date(2021, 1, 19)},
     {"review_overdue"}),
    ({"covered": (("dibao", "2019-01"),), "household_covered": True, "review_due": TODAY}, set()),
])
def test_warning_conditions(kw, rules):
    assert {c.rule for c in m.conditions(facts(**kw), {}, TODAY)} == rules


def test_a_switched_off_rule_gives_no_condition():
    assert m.conditions(facts(), {"monitor.rule.uncovered_poor": False}, TODAY) == []


@pytest.mark.parametrize(("kw", "settings", "kinds"), [
    ({"covered": (("dibao", "2020-03"),), "household_covered": True}, {}, {"低保对象": "2020-03"}),
    ({"covered": (("tekun", "2019-01"),), "household_covered": True}, {}, {"特困人员": "2019-01"}),
    ({"per_capita_income_fen": 500_00}, {}, {"低保边缘家庭": TODAY}),  # 500 < 1.5 x 335
    ({"per_capita_income_fen": 510_00}, {}, {}),  # 510 > 502.50
    ({"per_capita_income_fen": 510_00}, {"monitor.edge_factor": "2"}, {"低保边缘家庭": TODAY}),
    ({"per_capita_income_fen": 3000_00, "rigid_costs_fen": 3000_00, "household_income_fen": 5000_00}, {},
     {"刚性支出困难家庭": TODAY}),
    ({"per_capita_income_fen": 3000_00, "rigid_costs_fen": 2000_00, "household_income_fen": 5000_00}, {}, {}),
    ({"per_capita_income_fen": 3000_00, "listings": LISTED}, {}, {"脱贫监测户": date(2020, 12, 1)}),
    ({"per_capita_income_fen": 3000_00, "ended_month": "2020-06"}, {}, {"退出救助不满一年": "2020-06"}),
    ({"per_capita_income_fen": 3000_00, "ended_month": "2020-01"}, {}, {}),
    ({"per_capita_income_fen": 3000_00, "rejected_on": date(2020, 3, 1)}, {}, {"申请未通过不满一年": date(2020, 3, 1)}),
    ({"per_capita_income_fen": 3000_00, "rejected_on": date(2020, 1, 1)}, {}, {}),
])
def test_register_kinds(kw, settings, kinds):
    assert dict(m.kinds(facts(**kw), settings, TODAY)) == kinds


def test_a_scan_plan_raises_only_new_conditions_and_closes_gone_ones():
    found = [m.Condition("uncovered_poor", "A", ""), m.Condition("unregistered", "B", "")]
    open_ = [m.OpenWarning(1, "uncovered_poor", "A"), m.OpenWarning(2, "multi_disabled", "C"),
             m.OpenWarning(3, "medical_cost", "D")]
    plan = m.plan_scan(found, open_, {"medical_cost": False})
    assert [(c.rule, c.id_number) for c in plan.raise_] == [("unregistered", "B")]
    assert plan.close == [(2, "情形已消除（扫描时不再符合）"), (3, "规则已停用")] and plan.kept == 1
    assert m.plan_scan(found, [*open_[:1], m.OpenWarning(9, "unregistered", "B")], {}).raise_ == []


@pytest.mark.parametrize(("step", "status", "data", "error"), [
    ("verify", "待核实", {"visit_date": TODAY, "investigators": ["甲", "乙"], "findings": "x"}, None),
    ("verify", "待核实", {"visit_date": TODAY, "investigators": ["甲", "甲"], "findings": "x"}, "两名调查人员"),
    ("verify", "待核实", {"investigators": ["甲", "乙"], "findings": "x"}, "入户核实日期"),
    ("verify", "待核实", {"visit_date": TODAY, "investigators": ["甲", "乙"]}, "核实情况"),
    ("include", "待核实", {}, "不能纳入救助"),
    ("include", "核实中", {"program": "tekun"}, None),
    ("include", "核实中", {"program": "temporary"}, "纳入项目"),
    ("refer", "核实中", {"referral": " 住房救助 "}, None),
    ("refer", "核实中", {}, "转介去向"),
    ("reject", "核实中", {}, "不符合原因"),
    ("reject", "转介", {"reason": "x"}, "不能不符合"),
    ("close", "核实中", {}, "处理步骤"),
])
def test_handling_steps(step, status, data, error):
    if error:
        with pytest.raises(InvalidInput, match=error):
            m.check_step(step, status, data)
    else:
        m.check_step(step, status, data)


@pytest.mark.parametrize(("cell", "day"), [
    ("2020-05-15", date(2020, 5, 15)), ("2020.5.15", date(2020, 5, 15)), ("2020年5月15日", date(2020, 5, 15)),
    ("20200515", date(2020, 5, 15)), ("2020年11月", date(2020, 11, 1)), ("２０２０-０５-１５", date(2020, 5, 15)),
    ("202011", date(2020, 11, 1)), (None, None), ("", None), (date(2020, 1, 2), date(2020, 1, 2)),
])
def test_list_dates(cell, day):
    assert m.parse_date(cell) == day


@pytest.mark.parametrize("cell", ["明年", "2020-13-01", "2020-02-30"])
def test_bad_list_dates(cell):
    with pytest.raises(ValueError):
        m.parse_date(cell)
