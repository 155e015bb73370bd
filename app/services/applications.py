"""Applications through the SPEC §4 workflow: create, take a step, compute the amount.

The rules live in app.domain.workflow; this module loads the snapshot, applies one step, and
writes the new state, the transition, the audit record and (on confirmation) the case in one
transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain import workflow as wf
from app.domain.calc_case import calc_from_json
from app.domain.money import fen_to_yuan, yuan_to_fen
from app.domain.programs import CASE_PROGRAMS, PROGRAM_NAMES, is_dibao, programs_of, split_key
from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.domain.standards import month_text
from app.errors import Conflict, InvalidInput, NotFound
from app.models import Application, ApplicationTransition, Case, CaseMember, Household, Member
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.cases import create_case_in
from app.services.papers import accept_step_data
from app.services.standards import is_delegated, load_standards, settings_in_force, work_calendar


@dataclass(frozen=True)
class TransitionRow:
    step: str
    from_state: str
    to_state: str
    actor: str
    role: str
    on: date
    opinion: str
    data: dict


@dataclass(frozen=True)
class MemberLine:
    id: int
    name: str
    relation: str
    id_masked: str
    covered: bool


@dataclass(frozen=True)
class ApplicationDetail:
    id: int
    household_id: int
    village: str
    applicant: str
    program: str
    state: str
    amount_fen: int | None
    computed_amount_fen: int | None
    members: list[MemberLine]
    transitions: list[TransitionRow]
    deadlines: list[tuple[str, date, str]]  # (label, due, status)
    version: int
    case_id: int | None
    steps: list[str] = field(default_factory=list)  # steps the viewing user may take now
    notice_period: tuple[date, date] | None = None  # 公示 start and last day, as printed on every document
    single_person: bool = False  # 单人保 (SPEC §3.1)


def app_snapshot(a: Application) -> wf.AppSnapshot:
    return wf.AppSnapshot(
        state=wf.AppState(a.state), program=a.program, accepted_on=a.accepted_on, notice_start=a.notice_start,
        investigators=tuple(json.loads(a.investigators)), investigation_recorder=a.investigation_recorder,
        extended=a.extended, amount_fen=a.amount_fen, decided_on=a.decided_on, last_step_on=a.last_step_on,
        rejection_notified=a.rejection_notified,
    )


def load_application(s: Session, application_id: int) -> Application:
    a = s.scalar(select(Application).where(Application.id == application_id)
                 .options(selectinload(Application.household).selectinload(Household.members)))
    if a is None:
        raise NotFound(f"申请 {application_id}")
    return a


def _snap_dict(a: Application) -> dict:
    return {"id": a.id, "program": a.program, "state": a.state, "amount_fen": a.amount_fen,
            "covered": json.loads(a.covered_member_ids), "version": a.version,
            **({"single_person": True} if a.single_person else {})}


def create_application(uow: UnitOfWork, actor: Actor, household_id: int, program: str,
                       covered_member_ids: list[int] | None = None, *, on: date | None = None,
                       single_person: bool = False) -> int:
    """登记 a dibao or tekun application; covered members default to the co-resident ones. 单人保
    (SPEC §3.1) covers exactly one member of a dibao household."""
    require_role(actor, *CLERK_ROLES)
    with uow.begin() as s:
        return create_application_in(s, actor, household_id, program, covered_member_ids, on=on,
                                     single_person=single_person)


def create_application_in(s: Session, actor: Actor, household_id: int, program: str,
                          covered_member_ids: list[int] | None = None, *, on: date | None = None,
                          single_person: bool = False) -> int:
    """create_application in the caller's transaction (a monitoring warning brought in starts one)."""
    require_role(actor, *CLERK_ROLES)
    if program not in CASE_PROGRAMS:
        raise InvalidInput(f"救助项目：申请只适用于低保、特困，实为「{PROGRAM_NAMES.get(program, program)}」")
    h = s.get(Household, household_id)
    if h is None or h.status != "active":
        raise NotFound(f"户 {household_id}")
    members = [m for m in h.members if not m.removed]
    ids = (list(covered_member_ids) if covered_member_ids is not None
           else [m.id for m in members if m.co_resident and not m.death_date])
    if not set(ids) <= {m.id for m in members} or not ids:
        raise InvalidInput("保障人口：必须是本户的在册成员，且至少一人")
    if single_person and not is_dibao(program):
        raise InvalidInput("单人保：只适用于城市低保、农村低保")
    if single_person and len(ids) != 1:
        raise InvalidInput(f"单人保：只保障一人，请只勾选一名保障人口（现勾选 {len(ids)} 人）")
    _check_no_overlap(s, household_id, program, ids)
    a = Application(household_id=household_id, program=program, state=wf.AppState.DRAFT.value,
                    covered_member_ids=json.dumps(sorted(ids)), single_person=single_person,
                    created_by=actor.name,
                    created_on=on or date.today())
    s.add(a)
    s.flush()
    audit.append(s, actor, "application.create", "application", a.id, after=_snap_dict(a),
                 household_id=household_id)
    return a.id


def _check_no_overlap(s: Session, household_id: int, program: str, ids: list[int]) -> None:
    open_states = [st.value for st in wf.OPEN_STATES]
    dup = s.scalar(select(Application.id).where(Application.household_id == household_id,
                                                Application.program == program, Application.state.in_(open_states)))
    if dup:
        raise Conflict(f"本户已有办理中的{PROGRAM_NAMES[program]}申请（编号 {dup}）")
    other = "tekun" if is_dibao(program) else "dibao"
    hit = s.scalar(select(Member.name).join(CaseMember, CaseMember.member_id == Member.id)
                   .join(Case, Case.id == CaseMember.case_id)
                   .where(Member.id.in_(ids), Case.status == "active", Case.program.in_(programs_of(other))))
    if hit:
        raise Conflict(f"{hit} 正在享受{'特困供养' if other == 'tekun' else '低保'}，同一月份不能同时纳入低保和特困")


def calc_case(s: Session, a: Application, month: str) -> dict:
    """The calc case (SPEC §7 shape) of an application in `month`."""
    family, area = split_key(a.program)
    covered = set(json.loads(a.covered_member_ids))
    members = []
    for m in (m for m in a.household.members if not m.removed):
        if family == "tekun" and m.id not in covered:
            continue
        item = {"id_number": m.id_number, "covered": m.id in covered, "name": m.name,
                "monthly_income": str(fen_to_yuan(m.monthly_income_fen)), "disability_grade": m.disability_grade,
                "serious_illness": m.serious_illness}
        if family == "tekun":
            item["selfcare_items_failed"] = m.selfcare_items_failed
        members.append(item)
    case = {"program": family, "area": area, "month": month, "members": members}
    if family == "dibao":
        case["deductions"] = str(fen_to_yuan(a.household.deductions_fen))
    if a.single_person:
        case["single_person"] = True
    return case


def compute(s: Session, a: Application, month: str) -> dict:
    return calc_from_json(calc_case(s, a, month), standards=load_standards(s), settings=settings_in_force(s, month))


def compute_amount(uow: UnitOfWork, application_id: int, on: date | None = None) -> dict:
    """The amount and its breakdown the reviewer sees before signing."""
    with uow.read() as s:
        return compute(s, load_application(s, application_id), month_text(on or date.today()))


def _jsonable(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else list(v) if isinstance(v, tuple) else v)
            for k, v in data.items()}


def _step_data(s: Session, a: Application, step: wf.Step, on: date, data: dict) -> dict:
    """Fill in what the service knows: the computed amount at first review, parsed amounts and dates."""
    data = dict(data)
    if "amount" in data:
        try:
            data["amount_fen"] = yuan_to_fen(data.pop("amount"))
        except ValueError as exc:
            raise InvalidInput(f"核定金额：{exc}") from exc
    if isinstance(data.get("visit_date"), str):
        try:
            data["visit_date"] = date.fromisoformat(data["visit_date"])
        except ValueError as exc:
            raise InvalidInput(f"入户调查日期：应为 YYYY-MM-DD，实为「{data['visit_date']}」") from exc
    if step == wf.Step.FIRST_REVIEW_APPROVE:
        result = compute(s, a, month_text(on))
        computed = yuan_to_fen(result["amount"])
        if not result["eligible"]:
            raise InvalidInput(f"按 {month_text(on)} 标准计算不符合条件（人均收入 {result['per_capita_income']} 元），"
                               "不能初审同意")
        data["computed_amount_fen"] = computed
        data.setdefault("amount_fen", computed)
    if step in (wf.Step.CONFIRM, wf.Step.COUNTY_CONFIRM):
        data.setdefault("amount_fen", a.amount_fen)
    if step in (wf.Step.ACCEPT, wf.Step.REFUSE_ACCEPT):
        data = accept_step_data(s, a, step == wf.Step.ACCEPT, data)
    return data


def take_step(uow: UnitOfWork, actor: Actor, application_id: int, step: str, *, on: date | None = None,
              opinion: str = "", data: dict | None = None, expected_version: int | None = None) -> str:
    """Apply one workflow step; returns the new state. Everything or nothing is written."""
    on = on or date.today()
    with uow.begin() as s:
        a = load_application(s, application_id)
        if expected_version is not None and expected_version != a.version:
            raise Conflict(f"申请 {a.id} 已被修改（版本 {a.version}，预期 {expected_version}），请刷新后重试")
        before = _snap_dict(a)
        step_enum = wf.Step(step) if step in wf.Step._value2member_map_ else step
        t = wf.apply_step(app_snapshot(a), step_enum, actor, on=on, opinion=opinion,
                          data=_step_data(s, a, step_enum, on, data or {}), delegated=is_delegated(s),
                          calendar=work_calendar(s))
        _write_snapshot(a, wf.apply_transition(app_snapshot(a), t))
        if step_enum == wf.Step.FIRST_REVIEW_APPROVE:
            a.computed_amount_fen = t.data.get("computed_amount_fen")
        a.version += 1
        a.transitions.append(ApplicationTransition(
            step=t.step.value, from_state=t.from_state.value, to_state=t.to_state.value, actor=t.actor, role=t.role,
            on=t.on, opinion=t.opinion, data=json.dumps(_jsonable(dict(t.data)), ensure_ascii=False)))
        if t.to_state == wf.AppState.CONFIRMED:
            _start_case(s, actor, a, t.on)
        audit.append(s, actor, f"application.{t.step.value}", "application", a.id, before=before,
                     after=_snap_dict(a), household_id=a.household_id, note=opinion)
        return a.state


def _write_snapshot(a: Application, snap: wf.AppSnapshot) -> None:
    a.state = snap.state.value
    a.accepted_on, a.notice_start, a.extended = snap.accepted_on, snap.notice_start, snap.extended
    a.investigators = json.dumps(list(snap.investigators), ensure_ascii=False)
    a.investigation_recorder = snap.investigation_recorder
    a.amount_fen, a.decided_on, a.last_step_on = snap.amount_fen, snap.decided_on, snap.last_step_on
    a.rejection_notified = snap.rejection_notified


def _start_case(s: Session, actor: Actor | str, a: Application, decided_on: date) -> None:
    """An approved application becomes a case from the month after the decision."""
    covered = set(json.loads(a.covered_member_ids))
    members = [m for m in a.household.members if m.id in covered]
    head = next((m for m in a.household.members if m.relation == "本人" and not m.removed), members[0])
    payee = head if is_dibao(a.program) else members[0]
    case = create_case_in(s, actor, a.household, a.program, wf.case_start_month(decided_on), a.amount_fen or 0,
                          members, payee_name=payee.name, payee_account=a.household.bank_account,
                          support_mode="" if is_dibao(a.program) else "分散供养",
                          single_person=a.single_person)
    a.case_id = case.id


def record_extension(uow: UnitOfWork, actor: Actor, application_id: int, reason: str) -> None:
    """延期: the decision deadline becomes 45 working days (reviewer, with a reason)."""
    require_role(actor, "reviewer")
    if not reason.strip():
        raise InvalidInput("延期必须填写理由")
    with uow.begin() as s:
        a = load_application(s, application_id)
        if wf.AppState(a.state) in wf.TERMINAL_STATES:
            raise Conflict(f"申请已办结（{a.state}），不能延期")
        a.extended, a.version = True, a.version + 1
        audit.append(s, actor, "application.extend", "application", a.id, after=_snap_dict(a),
                     household_id=a.household_id, note=reason)


def mark_rejection_notified(uow: UnitOfWork, actor: Actor, application_id: int) -> None:
    require_role(actor, *CLERK_ROLES)
    with uow.begin() as s:
        a = load_application(s, application_id)
        if a.state not in (wf.AppState.REFUSED.value, wf.AppState.REJECTED.value):
            raise Conflict("只有不予受理或不予确认的申请需要送达书面通知")
        a.rejection_notified, a.version = True, a.version + 1
        audit.append(s, actor, "application.notified", "application", a.id, after=_snap_dict(a),
                     household_id=a.household_id)
