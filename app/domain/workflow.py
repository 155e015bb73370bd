"""The dibao / tekun application workflow (SPEC §4): states, steps, who may take them, deadlines.

Pure: `apply_step` checks one step against an `AppSnapshot` and returns the `Transition` to
record (or raises); `apply_transition` folds it back into a new snapshot. Services load the
snapshot, call both, write the new state and the transition in one transaction, and audit.

Choices the SPEC leaves open:
- 初审同意 goes straight to 公示中 with the notice starting that day (there is no separate
  "approved, not yet posted" state). `start_notice` is a clerk step inside 公示中 that records
  the day the notice was actually posted; it restarts the 7-day clock.
- 初审不同意 ends the application as 不予确认 (written notice with reasons, as a refusal).
- 报县 (`submit_to_county`) is open to clerk and reviewer: the clerk exports the batch (§1),
  and a delegated township may still send a case up. Confirming locally needs delegation.
- Four-eyes: confirm and 不予确认 at 待确认 must be taken by someone who is neither among the
  investigators (of any round, objections included) nor the user who recorded the investigation.
- Admins run settings and users; they take no workflow step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from app.domain.programs import CASE_PROGRAMS
from app.domain.roles import COUNTY, ROLE_LABELS, Actor
from app.domain.workdays import WorkCalendar, add_calendar_days, add_months
from app.errors import Conflict, InvalidInput, PermissionDenied

NOTICE_DAYS = 7  # 公示 lasts 7 calendar days in the village


class AppState(StrEnum):
    DRAFT = "登记"
    ACCEPTED = "已受理"
    REFUSED = "不予受理"
    INVESTIGATING = "调查中"
    INVESTIGATED = "已调查"
    NOTICE = "公示中"
    PENDING_CONFIRM = "待确认"
    SUBMITTED = "已报县"
    CONFIRMED = "已确认"
    REJECTED = "不予确认"
    WITHDRAWN = "已撤回"


TERMINAL_STATES = frozenset({AppState.REFUSED, AppState.CONFIRMED, AppState.REJECTED, AppState.WITHDRAWN})
OPEN_STATES = frozenset(AppState) - TERMINAL_STATES


class Step(StrEnum):
    ACCEPT = "accept"
    REFUSE_ACCEPT = "refuse_accept"
    START_INVESTIGATION = "start_investigation"
    RECORD_INVESTIGATION = "record_investigation"
    FIRST_REVIEW_APPROVE = "first_review_approve"
    FIRST_REVIEW_REJECT = "first_review_reject"
    START_NOTICE = "start_notice"
    NOTICE_OBJECTION = "notice_objection"
    NOTICE_END = "notice_end"
    CONFIRM = "confirm"
    REJECT_CONFIRM = "reject_confirm"
    SUBMIT_TO_COUNTY = "submit_to_county"
    COUNTY_CONFIRM = "county_confirm"
    COUNTY_REJECT = "county_reject"
    WITHDRAW = "withdraw"


STEP_LABELS: dict[Step, str] = {
    Step.ACCEPT: "受理",
    Step.REFUSE_ACCEPT: "不予受理",
    Step.START_INVESTIGATION: "开始调查",
    Step.RECORD_INVESTIGATION: "登记调查结果",
    Step.FIRST_REVIEW_APPROVE: "初审同意",
    Step.FIRST_REVIEW_REJECT: "初审不同意",
    Step.START_NOTICE: "登记公示张贴",
    Step.NOTICE_OBJECTION: "公示有异议",
    Step.NOTICE_END: "公示期满",
    Step.CONFIRM: "审核确认",
    Step.REJECT_CONFIRM: "不予确认",
    Step.SUBMIT_TO_COUNTY: "报县确认",
    Step.COUNTY_CONFIRM: "县级确认",
    Step.COUNTY_REJECT: "县级不予确认",
    Step.WITHDRAW: "撤回申请",
}

_S = AppState
# step -> (states it may leave from, state it leads to)
TRANSITIONS: dict[Step, tuple[frozenset[AppState], AppState]] = {
    Step.ACCEPT: (frozenset({_S.DRAFT}), _S.ACCEPTED),
    Step.REFUSE_ACCEPT: (frozenset({_S.DRAFT}), _S.REFUSED),
    Step.START_INVESTIGATION: (frozenset({_S.ACCEPTED}), _S.INVESTIGATING),
    Step.RECORD_INVESTIGATION: (frozenset({_S.INVESTIGATING}), _S.INVESTIGATED),
    Step.FIRST_REVIEW_APPROVE: (frozenset({_S.INVESTIGATED}), _S.NOTICE),
    Step.FIRST_REVIEW_REJECT: (frozenset({_S.INVESTIGATED}), _S.REJECTED),
    Step.START_NOTICE: (frozenset({_S.NOTICE}), _S.NOTICE),
    Step.NOTICE_OBJECTION: (frozenset({_S.NOTICE}), _S.INVESTIGATING),
    Step.NOTICE_END: (frozenset({_S.NOTICE}), _S.PENDING_CONFIRM),
    Step.CONFIRM: (frozenset({_S.PENDING_CONFIRM}), _S.CONFIRMED),
    Step.REJECT_CONFIRM: (frozenset({_S.PENDING_CONFIRM}), _S.REJECTED),
    Step.SUBMIT_TO_COUNTY: (frozenset({_S.PENDING_CONFIRM}), _S.SUBMITTED),
    Step.COUNTY_CONFIRM: (frozenset({_S.SUBMITTED}), _S.CONFIRMED),
    Step.COUNTY_REJECT: (frozenset({_S.SUBMITTED}), _S.REJECTED),
    Step.WITHDRAW: (OPEN_STATES - {_S.SUBMITTED}, _S.WITHDRAWN),
}

_CLERK, _REVIEWER, _COUNTY = frozenset({"clerk"}), frozenset({"reviewer"}), frozenset({COUNTY})
STEP_ROLES: dict[Step, frozenset[str]] = {
    **dict.fromkeys(
        [Step.ACCEPT, Step.REFUSE_ACCEPT, Step.START_INVESTIGATION, Step.RECORD_INVESTIGATION,
         Step.START_NOTICE, Step.NOTICE_OBJECTION, Step.NOTICE_END, Step.WITHDRAW], _CLERK),
    **dict.fromkeys([Step.FIRST_REVIEW_APPROVE, Step.FIRST_REVIEW_REJECT, Step.CONFIRM, Step.REJECT_CONFIRM],
                    _REVIEWER),
    Step.SUBMIT_TO_COUNTY: _CLERK | _REVIEWER,
    **dict.fromkeys([Step.COUNTY_CONFIRM, Step.COUNTY_REJECT], _COUNTY),
}

_REASON_REQUIRED = frozenset(
    {Step.REFUSE_ACCEPT, Step.FIRST_REVIEW_REJECT, Step.NOTICE_OBJECTION, Step.REJECT_CONFIRM,
     Step.COUNTY_REJECT, Step.WITHDRAW}
)
# confirmation at the township: needs delegation and a confirmer who did not investigate
_LOCAL_DECISIONS = frozenset({Step.CONFIRM, Step.REJECT_CONFIRM})
_DECISIONS = frozenset(
    {Step.REFUSE_ACCEPT, Step.FIRST_REVIEW_REJECT, Step.CONFIRM, Step.REJECT_CONFIRM,
     Step.COUNTY_CONFIRM, Step.COUNTY_REJECT, Step.WITHDRAW}
)


@dataclass(frozen=True)
class AppSnapshot:
    """What the rules need to know about one application; states given as text are converted."""

    state: AppState
    program: str
    accepted_on: date | None = None
    notice_start: date | None = None
    investigators: tuple[str, ...] = ()  # everyone who investigated, all rounds
    investigation_recorder: str = ""  # the user who recorded the latest investigation
    extended: bool = False  # a recorded extension of the decision deadline
    amount_fen: int | None = None  # proposed at first review, then as confirmed
    decided_on: date | None = None  # date of the final decision (any terminal state)
    last_step_on: date | None = None
    rejection_notified: bool = False  # written notice of 不予受理 / 不予确认 handed over

    def __post_init__(self) -> None:
        object.__setattr__(self, "state", AppState(self.state))
        object.__setattr__(self, "investigators", tuple(self.investigators))


@dataclass(frozen=True)
class Transition:
    """One audited step; `data` holds what the step recorded (amount_fen, visit_date ...)."""

    from_state: AppState
    to_state: AppState
    step: Step
    actor: str
    role: str
    on: date
    opinion: str = ""
    data: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class DeadlineRules:
    """Working-day limits (SPEC §4 defaults; a county may set others)."""

    start_investigation: int = 3
    decision: int = 30
    decision_extended: int = 45
    decision_delegated: int = 20
    rejection_notice: int = 3
    due_soon: int = 2


DEFAULT_RULES = DeadlineRules()


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due: date


def decision_limit(extended: bool, delegated: bool, rules: DeadlineRules = DEFAULT_RULES) -> int:
    """Working days from acceptance to decision: a recorded extension wins, then delegation."""
    if extended:
        return rules.decision_extended
    return rules.decision_delegated if delegated else rules.decision


def _check_legal(app: AppSnapshot, step: Step) -> AppState:
    sources, target = TRANSITIONS[step]
    if app.state not in sources:
        raise Conflict(f"当前状态「{app.state.value}」不能执行「{STEP_LABELS[step]}」")
    return target


def _check_role(step: Step, actor: Actor, delegated: bool) -> None:
    allowed = STEP_ROLES[step]
    if actor.role not in allowed:
        who = "或".join(ROLE_LABELS[r] for r in sorted(allowed))
        raise PermissionDenied(f"「{STEP_LABELS[step]}」只能由{who}办理，{actor.name}不能办理")
    if step in _LOCAL_DECISIONS and not delegated:
        raise PermissionDenied(f"本乡镇未获县级委托审核确认，不能「{STEP_LABELS[step]}」，请报县确认")


def _check_four_eyes(app: AppSnapshot, step: Step, actor: Actor) -> None:
    if step in _LOCAL_DECISIONS and (actor.name in app.investigators or actor.name == app.investigation_recorder):
        raise PermissionDenied(f"{actor.name}参与了入户调查，不能办理「{STEP_LABELS[step]}」，须由其他人确认")


def notice_period(start: date) -> tuple[date, date]:
    """The 公示 period starting on `start`: 7 calendar days, `start` to start + 6, printed so everywhere."""
    return start, add_calendar_days(start, NOTICE_DAYS - 1)


def _check_date(app: AppSnapshot, on: date, today: date) -> None:
    if on > today:
        raise InvalidInput(f"办理日期 {on.isoformat()} 晚于今天 {today.isoformat()}，步骤不能提前登记")
    if app.last_step_on is not None and on < app.last_step_on:
        raise InvalidInput(f"办理日期 {on.isoformat()} 早于上一步骤日期 {app.last_step_on.isoformat()}")


def _lateness(
    app: AppSnapshot, step: Step, on: date, calendar: WorkCalendar, delegated: bool, rules: DeadlineRules
) -> dict:
    """Late steps are recorded (late_workdays), not refused: blocking a late case only delays it more."""
    if app.accepted_on is None:
        return {}
    if step is Step.START_INVESTIGATION:
        due = calendar.add_workdays(app.accepted_on, rules.start_investigation)
    elif step in _DECISIONS:
        due = calendar.add_workdays(app.accepted_on, decision_limit(app.extended, delegated, rules))
    else:
        return {}
    late = calendar.workdays_between(due, on)
    return {"late_workdays": late} if late > 0 else {}


def _amount(data: Mapping[str, object], key: str = "amount_fen") -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidInput("救助金额必须是大于 0 的整数（分）")
    return value


def _record_investigation(app: AppSnapshot, on: date, data: Mapping[str, object]) -> dict[str, object]:
    names = [str(n).strip() for n in data.get("investigators") or () if str(n).strip()]
    if len(set(names)) < 2:
        raise InvalidInput("入户调查须由至少 2 名调查人员进行")
    visit = data.get("visit_date")
    if not isinstance(visit, date):
        raise InvalidInput("必须填写入户调查日期")
    if visit > on or (app.accepted_on is not None and visit < app.accepted_on):
        raise InvalidInput(f"入户调查日期 {visit.isoformat()} 应在受理日期与登记日期之间")
    findings = str(data.get("findings") or "").strip()
    check = str(data.get("data_check") or "").strip()
    if not findings:
        raise InvalidInput("必须填写调查情况")
    if not check:
        raise InvalidInput("必须填写信息核对结果")
    return {"investigators": tuple(dict.fromkeys(names)), "visit_date": visit,
            "findings": findings, "data_check": check}


def _approve_amount(app: AppSnapshot, opinion: str, data: Mapping[str, object], first: bool) -> dict:
    """Amount for 初审同意 / 确认: required; differing from the computed / proposed amount needs a reason."""
    amount = _amount(data)
    reference = _amount(data, "computed_amount_fen") if first else app.amount_fen
    if amount is None and not first:
        amount = app.amount_fen
    if amount is None:
        raise InvalidInput("必须填写救助金额")
    if reference is not None and amount != reference and not opinion:
        what = "计算金额" if first else "初审金额"
        raise InvalidInput(f"救助金额与{what}不一致，必须在意见中说明理由")
    recorded: dict[str, object] = {"amount_fen": amount}
    if first and reference is not None:
        recorded["computed_amount_fen"] = reference
    return recorded


def _step_data(app: AppSnapshot, step: Step, on: date, opinion: str, data: Mapping[str, object]) -> dict:
    if step is Step.RECORD_INVESTIGATION:
        return _record_investigation(app, on, data)
    if step in (Step.FIRST_REVIEW_APPROVE, Step.CONFIRM, Step.COUNTY_CONFIRM):
        recorded = _approve_amount(app, opinion, data, first=step is Step.FIRST_REVIEW_APPROVE)
        if step is not Step.FIRST_REVIEW_APPROVE:
            recorded["case_start_month"] = case_start_month(on)
        return recorded
    if step is Step.NOTICE_END:
        if app.notice_start is None:
            raise Conflict("没有公示开始日期，不能结束公示")
        earliest = add_calendar_days(app.notice_start, NOTICE_DAYS)
        if on < earliest:
            raise Conflict(f"公示期未满 {NOTICE_DAYS} 天，{earliest.isoformat()} 起方可结束公示")
    if step in (Step.ACCEPT, Step.REFUSE_ACCEPT):  # the papers checklist; missing ones listed once, all together
        return {k: tuple(str(p) for p in data[k]) for k in ("papers", "missing_papers") if data.get(k)}
    return {}


def apply_step(
    app: AppSnapshot,
    step: Step | str,
    actor: Actor,
    *,
    on: date,
    opinion: str = "",
    data: Mapping[str, object] | None = None,
    delegated: bool,
    calendar: WorkCalendar,
    rules: DeadlineRules = DEFAULT_RULES,
    today: date | None = None,
) -> Transition:
    """Check one step and return the transition to record; raises Conflict / PermissionDenied / InvalidInput.

    Checks in order: program, legal from this state, role (and delegation), date (never after
    `today`, default the system date; never before the previous step),
    four-eyes, reason, then the step's own data. A step taken after its deadline is allowed
    and records `late_workdays` in the transition data.
    """
    if step not in set(Step):
        raise InvalidInput(f"未知的办理步骤：{step}")
    step = Step(step)
    if app.program not in CASE_PROGRAMS:
        raise InvalidInput(f"项目 {app.program} 不适用低保/特困审核确认流程")
    target = _check_legal(app, step)
    _check_role(step, actor, delegated)
    _check_date(app, on, today or date.today())
    _check_four_eyes(app, step, actor)
    opinion = (opinion or "").strip()
    if step in _REASON_REQUIRED and not opinion:
        raise InvalidInput(f"「{STEP_LABELS[step]}」必须填写理由")
    recorded = _step_data(app, step, on, opinion, data or {})
    recorded.update(_lateness(app, step, on, calendar, delegated, rules))
    return Transition(
        app.state, target, step, actor.name, actor.role, on, opinion, MappingProxyType(recorded)
    )


def apply_transition(app: AppSnapshot, t: Transition) -> AppSnapshot:
    """The snapshot after a transition returned by apply_step."""
    changes: dict[str, object] = {"state": t.to_state, "last_step_on": t.on}
    if t.step is Step.ACCEPT:
        changes["accepted_on"] = t.on
    elif t.step is Step.RECORD_INVESTIGATION:
        names = tuple(t.data["investigators"])  # type: ignore[arg-type]
        changes["investigators"] = tuple(dict.fromkeys(app.investigators + names))
        changes["investigation_recorder"] = t.actor
    elif t.step in (Step.FIRST_REVIEW_APPROVE, Step.START_NOTICE):
        changes["notice_start"] = t.on
    elif t.step is Step.NOTICE_OBJECTION:
        changes["notice_start"] = None
    if "amount_fen" in t.data:
        changes["amount_fen"] = t.data["amount_fen"]
    if t.step in _DECISIONS:
        changes["decided_on"] = t.on
    return replace(app, **changes)


def available_steps(app: AppSnapshot, actor: Actor, *, delegated: bool) -> list[Step]:
    """Steps this actor may try from the current state (for the UI's buttons)."""
    result = []
    for step, (sources, _target) in TRANSITIONS.items():
        if app.state in sources and actor.role in STEP_ROLES[step]:
            if step in _LOCAL_DECISIONS and not delegated:
                continue
            result.append(step)
    return result


# ---- deadlines -------------------------------------------------------------------------


class DeadlineKind(StrEnum):
    START_INVESTIGATION = "start_investigation"
    DECISION = "decision"
    REJECTION_NOTICE = "rejection_notice"
    NOTICE_END = "notice_end"


DEADLINE_LABELS: dict[DeadlineKind, str] = {
    DeadlineKind.START_INVESTIGATION: "开始入户调查",
    DeadlineKind.DECISION: "作出审核确认决定",
    DeadlineKind.REJECTION_NOTICE: "送达书面告知",
    DeadlineKind.NOTICE_END: "公示期满",
}


def deadlines(
    app: AppSnapshot, calendar: WorkCalendar, delegated: bool, rules: DeadlineRules = DEFAULT_RULES
) -> list[Deadline]:
    """What is still due for this application in its current state, earliest first."""
    found: list[Deadline] = []
    if app.state is AppState.ACCEPTED and app.accepted_on:
        found.append(Deadline(DeadlineKind.START_INVESTIGATION,
                              calendar.add_workdays(app.accepted_on, rules.start_investigation)))
    if app.state in OPEN_STATES and app.accepted_on:
        limit = decision_limit(app.extended, delegated, rules)
        found.append(Deadline(DeadlineKind.DECISION, calendar.add_workdays(app.accepted_on, limit)))
    if app.state is AppState.NOTICE and app.notice_start:
        found.append(Deadline(DeadlineKind.NOTICE_END, add_calendar_days(app.notice_start, NOTICE_DAYS)))
    rejected = app.state in (AppState.REFUSED, AppState.REJECTED)
    if rejected and app.decided_on and not app.rejection_notified:
        found.append(Deadline(DeadlineKind.REJECTION_NOTICE,
                              calendar.add_workdays(app.decided_on, rules.rejection_notice)))
    return sorted(found, key=lambda d: d.due)


def due_status(
    due: date, today: date, calendar: WorkCalendar | None = None, rules: DeadlineRules = DEFAULT_RULES
) -> str:
    """Status for the work list: overdue after the due day; due_soon within `rules.due_soon`
    working days (the due day itself included); else ok."""
    if today > due:
        return "overdue"
    if (calendar or WorkCalendar()).workdays_between(today, due) <= rules.due_soon:
        return "due_soon"
    return "ok"


DUE_STATUS_LABELS = {"ok": "正常", "due_soon": "即将到期", "overdue": "已逾期"}


# ---- case dates ------------------------------------------------------------------------


def case_start_month(decision_date: date) -> str:
    """A case starts paying the month after the decision: 2020-10-15 -> "2020-11"."""
    first = add_months(decision_date.replace(day=1), 1)
    return f"{first.year:04d}-{first.month:02d}"


def review_due(last_review: date, all_covered_elderly_or_severe: bool) -> date:
    """Next review: in 12 months when every covered member is >= 60, severely disabled or
    seriously ill; in 6 months otherwise."""
    return add_months(last_review, 12 if all_covered_elderly_or_severe else 6)
