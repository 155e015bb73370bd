"""The application workflow (SPEC §4): transitions, roles, reasons, four-eyes, 公示, deadlines."""

from datetime import date

import pytest

from app.domain.roles import Actor
from app.domain.workdays import WorkCalendar
from app.domain.workflow import (
    STEP_LABELS,
    TRANSITIONS,
    AppSnapshot,
    AppState,
    Deadline,
    DeadlineKind,
    Step,
    apply_step,
    apply_transition,
    available_steps,
    case_start_month,
    deadlines,
    due_status,
    review_due,
)
from app.errors import Conflict, InvalidInput, PermissionDenied

CAL = WorkCalendar()
D = date
S = AppState
CLERK = Actor(0, "王经办", "clerk")
CLERK2 = Actor(0, "赵经办", "clerk")
REVIEWER = Actor(0, "李审核", "reviewer")
REVIEWER2 = Actor(0, "钱审核", "reviewer")
COUNTY = Actor(0, "县民政局", "county")
ADMIN = Actor(0, "管理员", "admin")
INVESTIGATION = {
    "investigators": ["王经办", "村干部刘"],
    "visit_date": D(2020, 9, 16),
    "findings": "家中无劳动力，收入来源为务农",
    "data_check": "车辆、工商、公积金均无记录",
}
AMOUNT = {"amount_fen": 67000, "computed_amount_fen": 67000}


def snap(state, **kw):
    base = dict(
        program="rural_dibao",
        accepted_on=D(2020, 9, 15),
        notice_start=D(2020, 9, 20),
        investigators=("王经办", "村干部刘"),
        investigation_recorder="王经办",
        amount_fen=67000,
    )
    return AppSnapshot(state=state, **{**base, **kw})


ON = D(2020, 10, 12)


def step(app, st, actor, *, on=ON, opinion="同意", data=None, delegated=True):
    return apply_step(app, st, actor, on=on, opinion=opinion, data=data, delegated=delegated, calendar=CAL)


# step, from state, actor, data -> to state
LEGAL = [
    (Step.ACCEPT, S.DRAFT, CLERK, None, S.ACCEPTED),
    (Step.REFUSE_ACCEPT, S.DRAFT, CLERK, None, S.REFUSED),
    (Step.START_INVESTIGATION, S.ACCEPTED, CLERK, None, S.INVESTIGATING),
    (Step.RECORD_INVESTIGATION, S.INVESTIGATING, CLERK, INVESTIGATION, S.INVESTIGATED),
    (Step.FIRST_REVIEW_APPROVE, S.INVESTIGATED, REVIEWER, AMOUNT, S.NOTICE),
    (Step.FIRST_REVIEW_REJECT, S.INVESTIGATED, REVIEWER, None, S.REJECTED),
    (Step.START_NOTICE, S.NOTICE, CLERK, None, S.NOTICE),
    (Step.NOTICE_OBJECTION, S.NOTICE, CLERK, None, S.INVESTIGATING),
    (Step.NOTICE_END, S.NOTICE, CLERK, None, S.PENDING_CONFIRM),
    (Step.CONFIRM, S.PENDING_CONFIRM, REVIEWER, None, S.CONFIRMED),
    (Step.REJECT_CONFIRM, S.PENDING_CONFIRM, REVIEWER, None, S.REJECTED),
    (Step.SUBMIT_TO_COUNTY, S.PENDING_CONFIRM, REVIEWER, None, S.SUBMITTED),
    (Step.SUBMIT_TO_COUNTY, S.PENDING_CONFIRM, CLERK, None, S.SUBMITTED),
    (Step.COUNTY_CONFIRM, S.SUBMITTED, COUNTY, None, S.CONFIRMED),
    (Step.COUNTY_REJECT, S.SUBMITTED, COUNTY, None, S.REJECTED),
    (Step.WITHDRAW, S.NOTICE, CLERK, None, S.WITHDRAWN),
]


@pytest.mark.parametrize(("st", "source", "actor", "data", "target"), LEGAL)
def test_each_step_leads_from_its_state_to_the_next(st, source, actor, data, target):
    t = step(snap(source), st, actor, data=data)
    assert (t.from_state, t.to_state, t.step, t.actor, t.on) == (source, target, st, actor.name, ON)


def test_every_step_is_a_conflict_from_any_other_state():
    for st, (sources, _target) in TRANSITIONS.items():
        for state in set(AppState) - sources:
            with pytest.raises(Conflict):
                step(snap(state), st, CLERK)


@pytest.mark.parametrize(
    ("state", "st", "message"),
    [
        (S.DRAFT, Step.FIRST_REVIEW_APPROVE, "当前状态「登记」不能执行「初审同意」"),
        (S.ACCEPTED, Step.RECORD_INVESTIGATION, "当前状态「已受理」不能执行「登记调查结果」"),
        (S.CONFIRMED, Step.CONFIRM, "当前状态「已确认」不能执行「审核确认」"),
        (S.SUBMITTED, Step.WITHDRAW, "当前状态「已报县」不能执行「撤回申请」"),
    ],
)
def test_illegal_transition_names_state_and_step(state, st, message):
    with pytest.raises(Conflict) as err:
        step(snap(state), st, REVIEWER)
    assert message in err.value.text


@pytest.mark.parametrize(
    ("st", "source", "actor"),
    [
        (Step.ACCEPT, S.DRAFT, REVIEWER),
        (Step.ACCEPT, S.DRAFT, ADMIN),
        (Step.FIRST_REVIEW_APPROVE, S.INVESTIGATED, CLERK),
        (Step.FIRST_REVIEW_APPROVE, S.INVESTIGATED, ADMIN),
        (Step.NOTICE_END, S.NOTICE, REVIEWER),
        (Step.CONFIRM, S.PENDING_CONFIRM, CLERK2),
        (Step.CONFIRM, S.PENDING_CONFIRM, COUNTY),
        (Step.COUNTY_CONFIRM, S.SUBMITTED, REVIEWER),
        (Step.SUBMIT_TO_COUNTY, S.PENDING_CONFIRM, ADMIN),
    ],
)
def test_wrong_role_is_permission_denied(st, source, actor):
    with pytest.raises(PermissionDenied):
        step(snap(source), st, actor, data=AMOUNT)


@pytest.mark.parametrize(
    ("st", "source", "actor"),
    [
        (Step.REFUSE_ACCEPT, S.DRAFT, CLERK),
        (Step.FIRST_REVIEW_REJECT, S.INVESTIGATED, REVIEWER),
        (Step.REJECT_CONFIRM, S.PENDING_CONFIRM, REVIEWER),
        (Step.COUNTY_REJECT, S.SUBMITTED, COUNTY),
        (Step.NOTICE_OBJECTION, S.NOTICE, CLERK),
        (Step.WITHDRAW, S.ACCEPTED, CLERK),
    ],
)
@pytest.mark.parametrize("opinion", ["", "   "])
def test_refusals_and_objections_need_a_reason(st, source, actor, opinion):
    with pytest.raises(InvalidInput, match="必须填写理由"):
        step(snap(source), st, actor, opinion=opinion)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"investigators": ["王经办"]}, "至少 2 名"),
        ({"investigators": ["王经办", " 王经办 "]}, "至少 2 名"),
        ({"visit_date": None}, "调查日期"),
        ({"visit_date": D(2020, 10, 13)}, "之间"),  # after the day it is recorded
        ({"visit_date": D(2020, 9, 14)}, "之间"),  # before acceptance
        ({"findings": " "}, "调查情况"),
        ({"data_check": ""}, "核对结果"),
    ],
)
def test_investigation_record_needs_two_people_a_visit_and_findings(change, message):
    with pytest.raises(InvalidInput, match=message):
        step(snap(S.INVESTIGATING), Step.RECORD_INVESTIGATION, CLERK, data={**INVESTIGATION, **change})


@pytest.mark.parametrize(
    ("data", "opinion", "message"),
    [
        ({}, "同意", "必须填写救助金额"),
        ({"amount_fen": 0}, "同意", "大于 0"),
        ({"amount_fen": 670.5}, "同意", "整数"),
        ({"amount_fen": 70000, "computed_amount_fen": 67000}, "", "说明理由"),
    ],
)
def test_first_review_approval_needs_an_amount_not_silently_edited(data, opinion, message):
    with pytest.raises(InvalidInput, match=message):
        step(snap(S.INVESTIGATED), Step.FIRST_REVIEW_APPROVE, REVIEWER, data=data, opinion=opinion)


def test_first_review_may_change_the_computed_amount_with_a_reason():
    data = {"amount_fen": 70000, "computed_amount_fen": 67000}
    t = step(snap(S.INVESTIGATED), Step.FIRST_REVIEW_APPROVE, REVIEWER, data=data, opinion="刚性支出核增")
    assert dict(t.data) == data


@pytest.mark.parametrize(
    ("confirmer", "allowed"),
    [(Actor(0, "村干部刘", "reviewer"), False), (Actor(0, "王经办", "reviewer"), False), (REVIEWER, True)],
)
@pytest.mark.parametrize("st", [Step.CONFIRM, Step.REJECT_CONFIRM])
def test_confirmer_must_not_have_investigated(confirmer, allowed, st):
    app = snap(S.PENDING_CONFIRM, investigators=("村干部刘", "张调查"), investigation_recorder="王经办")
    if allowed:
        assert step(app, st, confirmer).to_state in (S.CONFIRMED, S.REJECTED)
    else:
        with pytest.raises(PermissionDenied, match="参与了入户调查"):
            step(app, st, confirmer)


@pytest.mark.parametrize("st", [Step.CONFIRM, Step.REJECT_CONFIRM])
def test_township_confirms_only_when_delegated(st):
    with pytest.raises(PermissionDenied, match="报县"):
        step(snap(S.PENDING_CONFIRM), st, REVIEWER, delegated=False)


def test_without_delegation_the_county_decides():
    t = step(snap(S.PENDING_CONFIRM), Step.SUBMIT_TO_COUNTY, REVIEWER, delegated=False)
    app = apply_transition(snap(S.PENDING_CONFIRM), t)
    decided = step(app, Step.COUNTY_CONFIRM, COUNTY, on=D(2020, 10, 20), delegated=False)
    assert (decided.to_state, decided.data["amount_fen"], decided.data["case_start_month"]) == (
        S.CONFIRMED, 67000, "2020-11")


@pytest.mark.parametrize(
    ("on", "ok"),
    [(D(2020, 10, 16), False), (D(2020, 10, 17), True), (D(2020, 10, 30), True)],
)
def test_notice_ends_only_after_seven_calendar_days(on, ok):
    app = snap(S.NOTICE, notice_start=D(2020, 10, 10))
    if ok:
        assert step(app, Step.NOTICE_END, CLERK, on=on).to_state is S.PENDING_CONFIRM
    else:
        with pytest.raises(Conflict, match="2020-10-17"):
            step(app, Step.NOTICE_END, CLERK, on=on)


def test_posting_the_notice_later_restarts_the_seven_days():
    app = snap(S.NOTICE, notice_start=D(2020, 10, 10))
    app = apply_transition(app, step(app, Step.START_NOTICE, CLERK, on=D(2020, 10, 12)))
    with pytest.raises(Conflict):
        step(app, Step.NOTICE_END, CLERK, on=D(2020, 10, 18))
    assert step(app, Step.NOTICE_END, CLERK, on=D(2020, 10, 19)).to_state is S.PENDING_CONFIRM


def _run(app, *steps):
    for st, actor, on, data, opinion in steps:
        app = apply_transition(app, step(app, st, actor, on=on, data=data, opinion=opinion))
    return app


def test_objection_sends_the_case_back_and_every_investigator_counts_for_four_eyes():
    first = {**INVESTIGATION, "investigators": ["王经办", "钱审核"]}
    app = _run(
        AppSnapshot(S.DRAFT, "rural_tekun"),
        (Step.ACCEPT, CLERK, D(2020, 9, 15), None, ""),
        (Step.START_INVESTIGATION, CLERK, D(2020, 9, 16), None, ""),
        (Step.RECORD_INVESTIGATION, CLERK, D(2020, 9, 17), first, ""),
        (Step.FIRST_REVIEW_APPROVE, REVIEWER, D(2020, 9, 18), AMOUNT, "同意"),
        (Step.NOTICE_OBJECTION, CLERK, D(2020, 9, 21), None, "村民反映其子有稳定收入"),
    )
    assert (app.state, app.notice_start) == (S.INVESTIGATING, None)
    app = _run(
        app,
        (Step.RECORD_INVESTIGATION, CLERK2, D(2020, 9, 22), {**INVESTIGATION, "visit_date": D(2020, 9, 22),
                                                              "investigators": ["赵经办", "村干部刘"]}, ""),
        (Step.FIRST_REVIEW_APPROVE, REVIEWER, D(2020, 9, 23), AMOUNT, "复查属实，同意"),
        (Step.NOTICE_END, CLERK, D(2020, 9, 30), None, ""),
    )
    assert app.investigators == ("王经办", "钱审核", "赵经办", "村干部刘")
    with pytest.raises(PermissionDenied):
        step(app, Step.CONFIRM, REVIEWER2, on=D(2020, 9, 30))
    assert step(app, Step.CONFIRM, REVIEWER, on=D(2020, 9, 30)).to_state is S.CONFIRMED


def test_confirm_uses_the_proposed_amount_and_starts_next_month():
    t = step(snap(S.PENDING_CONFIRM), Step.CONFIRM, REVIEWER, on=D(2020, 12, 31))
    assert (t.data["amount_fen"], t.data["case_start_month"]) == (67000, "2021-01")
    assert apply_transition(snap(S.PENDING_CONFIRM), t).decided_on == D(2020, 12, 31)


def test_confirming_a_different_amount_needs_a_reason():
    with pytest.raises(InvalidInput, match="初审金额"):
        step(snap(S.PENDING_CONFIRM), Step.CONFIRM, REVIEWER, opinion="", data={"amount_fen": 60000})


def test_a_step_cannot_be_dated_before_the_previous_one():
    with pytest.raises(InvalidInput, match="早于上一步骤"):
        step(snap(S.ACCEPTED, last_step_on=D(2020, 10, 13)), Step.START_INVESTIGATION, CLERK)


def test_unknown_step_is_invalid_input():
    with pytest.raises(InvalidInput, match="未知的办理步骤"):
        step(snap(S.DRAFT), "approve_everything", CLERK)


def test_only_dibao_and_tekun_use_this_workflow():
    with pytest.raises(InvalidInput, match="temporary"):
        step(snap(S.DRAFT, program="temporary"), Step.ACCEPT, CLERK)


@pytest.mark.parametrize(
    ("st", "source", "on", "late"),
    [
        (Step.START_INVESTIGATION, S.ACCEPTED, D(2020, 9, 18), None),
        (Step.START_INVESTIGATION, S.ACCEPTED, D(2020, 9, 21), 1),
        (Step.CONFIRM, S.PENDING_CONFIRM, D(2020, 10, 19), None),  # day 20 with delegation
        (Step.CONFIRM, S.PENDING_CONFIRM, D(2020, 10, 21), 2),
    ],
)
def test_late_steps_are_allowed_and_record_how_late(st, source, on, late):
    actor = REVIEWER if st is Step.CONFIRM else CLERK
    assert step(snap(source), st, actor, on=on).data.get("late_workdays") == late


def test_refusal_lists_all_missing_papers_once():
    data = {"missing_papers": ["户口簿复印件", "收入证明"]}
    t = step(snap(S.DRAFT), Step.REFUSE_ACCEPT, CLERK, opinion="材料不全", data=data)
    assert t.data["missing_papers"] == ("户口簿复印件", "收入证明")


@pytest.mark.parametrize(
    ("state", "actor", "delegated", "expected"),
    [
        (S.DRAFT, CLERK, True, [Step.ACCEPT, Step.REFUSE_ACCEPT, Step.WITHDRAW]),
        (S.DRAFT, REVIEWER, True, []),
        (S.PENDING_CONFIRM, REVIEWER, True, [Step.CONFIRM, Step.REJECT_CONFIRM, Step.SUBMIT_TO_COUNTY]),
        (S.PENDING_CONFIRM, REVIEWER, False, [Step.SUBMIT_TO_COUNTY]),
        (S.SUBMITTED, COUNTY, False, [Step.COUNTY_CONFIRM, Step.COUNTY_REJECT]),
        (S.CONFIRMED, ADMIN, True, []),
    ],
)
def test_available_steps_follow_state_role_and_delegation(state, actor, delegated, expected):
    assert available_steps(snap(state), actor, delegated=delegated) == expected


def test_snapshot_accepts_state_text_and_every_step_has_a_chinese_label():
    assert AppSnapshot("待确认", "urban_dibao").state is S.PENDING_CONFIRM
    assert set(STEP_LABELS) == set(Step) and STEP_LABELS[Step.REFUSE_ACCEPT] == "不予受理"


# ---- deadlines -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("app", "delegated", "expected"),
    [
        (snap(S.ACCEPTED, accepted_on=D(2020, 9, 29)), False,
         [Deadline(DeadlineKind.START_INVESTIGATION, D(2020, 10, 10)),
          Deadline(DeadlineKind.DECISION, D(2020, 11, 17))]),
        (snap(S.INVESTIGATING), False, [Deadline(DeadlineKind.DECISION, D(2020, 11, 2))]),
        (snap(S.INVESTIGATING), True, [Deadline(DeadlineKind.DECISION, D(2020, 10, 19))]),
        (snap(S.INVESTIGATING, extended=True), False, [Deadline(DeadlineKind.DECISION, D(2020, 11, 23))]),
        (snap(S.NOTICE, notice_start=D(2020, 9, 28)), False,
         [Deadline(DeadlineKind.NOTICE_END, D(2020, 10, 5)),
          Deadline(DeadlineKind.DECISION, D(2020, 11, 2))]),
        (snap(S.REJECTED, decided_on=D(2020, 9, 30)), False,
         [Deadline(DeadlineKind.REJECTION_NOTICE, D(2020, 10, 12))]),
        (snap(S.REFUSED, accepted_on=None, decided_on=D(2020, 9, 29)), False,
         [Deadline(DeadlineKind.REJECTION_NOTICE, D(2020, 10, 10))]),
        (snap(S.REJECTED, decided_on=D(2020, 9, 30), rejection_notified=True), False, []),
        (snap(S.CONFIRMED, decided_on=D(2020, 10, 9)), True, []),
        (snap(S.DRAFT, accepted_on=None), False, []),
    ],
)
def test_deadlines_follow_the_state_in_working_days(app, delegated, expected):
    assert deadlines(app, CAL, delegated) == expected


def test_admin_holiday_table_moves_the_deadline():
    cal = WorkCalendar(extra_holidays={D(2020, 10, 10)})
    due = deadlines(snap(S.ACCEPTED, accepted_on=D(2020, 9, 29)), cal, False)[0]
    assert due == Deadline(DeadlineKind.START_INVESTIGATION, D(2020, 10, 12))


@pytest.mark.parametrize(
    ("due", "today", "status"),
    [
        (D(2020, 11, 2), D(2020, 11, 3), "overdue"),
        (D(2020, 11, 2), D(2020, 11, 2), "due_soon"),
        (D(2020, 11, 4), D(2020, 11, 2), "due_soon"),
        (D(2020, 11, 5), D(2020, 11, 2), "ok"),
        (D(2020, 10, 9), D(2020, 9, 30), "due_soon"),  # 9 calendar days, 1 working day
        (D(2020, 10, 12), D(2020, 9, 28), "ok"),
    ],
)
def test_due_status_counts_working_days_left(due, today, status):
    assert due_status(due, today, CAL) == status


@pytest.mark.parametrize(
    ("decided", "month"),
    [(D(2020, 10, 15), "2020-11"), (D(2020, 12, 31), "2021-01"), (D(2020, 1, 1), "2020-02")],
)
def test_case_starts_the_month_after_the_decision(decided, month):
    assert case_start_month(decided) == month


@pytest.mark.parametrize(
    ("last", "elderly_or_severe", "due"),
    [
        (D(2020, 3, 10), True, D(2021, 3, 10)),
        (D(2020, 3, 10), False, D(2020, 9, 10)),
        (D(2020, 8, 31), False, D(2021, 2, 28)),
        (D(2020, 2, 29), True, D(2021, 2, 28)),
    ],
)
def test_reviews_are_yearly_for_elderly_or_severe_households_else_half_yearly(last, elderly_or_severe, due):
    assert review_due(last, elderly_or_severe) == due


def test_rejection_records_the_decision_date_for_the_notice_deadline():
    app = snap(S.INVESTIGATED)
    t = step(app, Step.FIRST_REVIEW_REJECT, REVIEWER, on=D(2020, 9, 30), opinion="收入超标")
    app = apply_transition(app, t)
    assert deadlines(app, CAL, False) == [Deadline(DeadlineKind.REJECTION_NOTICE, D(2020, 10, 12))]
