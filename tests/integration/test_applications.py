"""Dibao applications through the services: the whole procedure, refusals, and the case it starts."""

from datetime import date

import pytest
from sqlalchemy import select

from app.domain.registry import HouseholdInput, MemberInput
from app.errors import Conflict, InvalidInput, PermissionDenied
from app.models import Case, Household
from app.services.application_queries import application_detail, application_rows, work_list
from app.services.applications import compute_amount, create_application, take_step
from app.services.households import register_household
from app.services.standards import DELEGATED_KEY, set_setting
from tests.conftest import dump_content

INVESTIGATION = {"investigators": ["clerk", "王调查"], "visit_date": "2020-09-29",
                 "findings": "家中无劳动力，收入低", "data_check": "比对无异常"}


@pytest.fixture
def household(db_ctx, clerk):
    return register_household(db_ctx.uow, clerk, HouseholdInput(
        village="新市社区", hukou_type="城镇", bank_account="6228000011112222333", members=[
            MemberInput("张三丰", "430902194501010013", "本人", incomes={"工资性": 20000}),
            MemberInput("李四娘", "11010519491231002X", "配偶")]))


def _to_pending(ctx, clerk, reviewer, app_id):
    take_step(ctx.uow, clerk, app_id, "accept", on=date(2020, 9, 28))
    take_step(ctx.uow, clerk, app_id, "start_investigation", on=date(2020, 9, 29))
    take_step(ctx.uow, clerk, app_id, "record_investigation", on=date(2020, 9, 30), data=INVESTIGATION)
    take_step(ctx.uow, reviewer, app_id, "first_review_approve", on=date(2020, 10, 9), opinion="同意")
    return take_step(ctx.uow, clerk, app_id, "notice_end", on=date(2020, 10, 16))


def test_dibao_application_walks_to_confirmed_and_starts_a_case_next_month(db_ctx, admin, clerk, reviewer,
                                                                           household):
    set_setting(db_ctx.uow, admin, DELEGATED_KEY, True)
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    assert _to_pending(db_ctx, clerk, reviewer, app_id) == "待确认"
    assert take_step(db_ctx.uow, reviewer, app_id, "confirm", on=date(2020, 10, 19), opinion="确认") == "已确认"
    with db_ctx.uow.read() as s:
        case = s.scalar(select(Case))
        assert (case.program, case.start_month, case.amount_fen, len(case.members)) == (
            "urban_dibao", "2020-11", 2 * 58000 - 20000, 2)


def test_first_review_shows_the_computed_amount_and_its_breakdown(db_ctx, clerk, household):
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao")
    result = compute_amount(db_ctx.uow, app_id, on=date(2020, 10, 9))
    assert (result["eligible"], result["amount"], result["per_capita_income"]) == (True, "960.00", "100.00")
    assert any("补差" in line for line in result["lines"])


def test_confirmation_refused_is_recorded_with_reason(db_ctx, admin, clerk, reviewer, household):
    set_setting(db_ctx.uow, admin, DELEGATED_KEY, True)
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    _to_pending(db_ctx, clerk, reviewer, app_id)
    with pytest.raises(InvalidInput, match="理由"):
        take_step(db_ctx.uow, reviewer, app_id, "reject_confirm", on=date(2020, 10, 19))
    take_step(db_ctx.uow, reviewer, app_id, "reject_confirm", on=date(2020, 10, 19), opinion="有隐瞒收入")
    detail = application_detail(db_ctx.uow, app_id, reviewer, today=date(2020, 10, 20))
    assert detail.state == "不予确认" and detail.case_id is None
    assert [t.to_state for t in detail.transitions][-1] == "不予确认"
    assert detail.deadlines[0][1] == date(2020, 10, 22)  # written notice within 3 working days


def test_without_delegation_the_application_goes_to_the_county(db_ctx, clerk, reviewer, household):
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    _to_pending(db_ctx, clerk, reviewer, app_id)
    with pytest.raises(PermissionDenied):
        take_step(db_ctx.uow, reviewer, app_id, "confirm", on=date(2020, 10, 19))
    assert take_step(db_ctx.uow, clerk, app_id, "submit_to_county", on=date(2020, 10, 19)) == "已报县"


@pytest.mark.parametrize(("who", "step", "error"), [
    ("reviewer", "accept", PermissionDenied),
    ("admin", "accept", PermissionDenied),
    ("clerk", "start_investigation", Conflict),
    ("clerk", "confirm", Conflict),
    ("clerk", "refuse_accept", InvalidInput),  # no reason given
])
def test_illegal_steps_and_wrong_roles_are_refused_and_change_nothing(db_ctx, admin, clerk, reviewer, household,
                                                                       who, step, error):
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao")
    before = dump_content(db_ctx.db_path)
    with pytest.raises(error):
        take_step(db_ctx.uow, {"admin": admin, "clerk": clerk, "reviewer": reviewer}[who], app_id, step)
    assert dump_content(db_ctx.db_path) == before


def test_an_investigator_cannot_confirm(db_ctx, admin, clerk, reviewer, household):
    set_setting(db_ctx.uow, admin, DELEGATED_KEY, True)
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    take_step(db_ctx.uow, clerk, app_id, "accept", on=date(2020, 9, 28))
    take_step(db_ctx.uow, clerk, app_id, "start_investigation", on=date(2020, 9, 29))
    take_step(db_ctx.uow, clerk, app_id, "record_investigation", on=date(2020, 9, 30),
              data={**INVESTIGATION, "investigators": ["reviewer", "王调查"]})
    take_step(db_ctx.uow, reviewer, app_id, "first_review_approve", on=date(2020, 10, 9))
    take_step(db_ctx.uow, clerk, app_id, "notice_end", on=date(2020, 10, 16))
    with pytest.raises(PermissionDenied):
        take_step(db_ctx.uow, reviewer, app_id, "confirm", on=date(2020, 10, 19))


def test_objection_during_notice_goes_back_to_investigation(db_ctx, clerk, reviewer, household):
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    take_step(db_ctx.uow, clerk, app_id, "accept", on=date(2020, 9, 28))
    take_step(db_ctx.uow, clerk, app_id, "start_investigation", on=date(2020, 9, 29))
    take_step(db_ctx.uow, clerk, app_id, "record_investigation", on=date(2020, 9, 30), data=INVESTIGATION)
    take_step(db_ctx.uow, reviewer, app_id, "first_review_approve", on=date(2020, 10, 9))
    with pytest.raises(Conflict):  # the 7 days are not over
        take_step(db_ctx.uow, clerk, app_id, "notice_end", on=date(2020, 10, 12))
    assert take_step(db_ctx.uow, clerk, app_id, "notice_objection", on=date(2020, 10, 12),
                     opinion="村民反映有车辆") == "调查中"


def test_work_list_shows_an_overdue_investigation_start(db_ctx, clerk, household):
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    take_step(db_ctx.uow, clerk, app_id, "accept", on=date(2020, 9, 29))
    # 3 working days after 9-29 across National Day is 10-10 (a make-up Saturday)
    assert application_rows(db_ctx.uow, today=date(2020, 10, 9))[0].next_due == date(2020, 10, 10)
    overdue = work_list(db_ctx.uow, today=date(2020, 10, 13))
    assert [(r.id, r.due_status) for r in overdue] == [(app_id, "overdue")]


def test_a_tekun_person_cannot_also_be_covered_by_dibao(db_ctx, admin, clerk, reviewer, household):
    set_setting(db_ctx.uow, admin, DELEGATED_KEY, True)
    app_id = create_application(db_ctx.uow, clerk, household, "urban_tekun", on=date(2020, 9, 25))
    _to_pending(db_ctx, clerk, reviewer, app_id)
    take_step(db_ctx.uow, reviewer, app_id, "confirm", on=date(2020, 10, 19))
    with pytest.raises(Conflict, match="特困"):
        create_application(db_ctx.uow, clerk, household, "urban_dibao")


def test_single_person_dibao_goes_from_application_to_a_case_that_keeps_it(db_ctx, admin, clerk, reviewer,
                                                                           household):
    """单人保 (SPEC §3.1): only 李四娘 covered, counted on her own income (0), so 580 元 and not the
    580 - 200 of an ordinary one-person case; the case keeps the flag for re-standardisation."""
    from app.services.restandard import case_calc

    set_setting(db_ctx.uow, admin, DELEGATED_KEY, True)
    with db_ctx.uow.read() as s:
        wife = next(m.id for m in s.get(Household, household).members
                    if m.relation == "配偶")
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", [wife], on=date(2020, 9, 25),
                                single_person=True)
    result = compute_amount(db_ctx.uow, app_id, on=date(2020, 10, 9))
    assert result["amount"] == "580.00" and result["lines"][0] == "城市低保 2020-10（单人保）"
    assert application_detail(db_ctx.uow, app_id, clerk, today=date(2020, 10, 9)).single_person is True
    _to_pending(db_ctx, clerk, reviewer, app_id)
    take_step(db_ctx.uow, reviewer, app_id, "confirm", on=date(2020, 10, 19), opinion="确认")
    with db_ctx.uow.read() as s:
        case = s.scalar(select(Case))
        assert (case.single_person, case.amount_fen, [cm.member_id for cm in case.members]) == (True, 58000, [wife])
        assert case_calc(case, "2020-11")["single_person"] is True


@pytest.mark.parametrize("program, covered, message", [
    ("urban_dibao", "both", "单人保：只保障一人，请只勾选一名保障人口（现勾选 2 人）"),
    ("urban_tekun", "wife", "单人保：只适用于城市低保、农村低保"),
])
def test_single_person_is_refused_where_it_does_not_apply(db_ctx, clerk, household, program, covered, message):
    with db_ctx.uow.read() as s:
        members = {m.relation: m.id for m in s.get(Household, household).members}
    ids = list(members.values()) if covered == "both" else [members["配偶"]]
    before = dump_content(db_ctx.db_path)
    with pytest.raises(InvalidInput) as err:
        create_application(db_ctx.uow, clerk, household, program, ids, single_person=True)
    assert str(err.value).endswith(message)
    assert dump_content(db_ctx.db_path) == before
