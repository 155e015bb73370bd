"""调标: a new standard, previewed household by household, applied to every case in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain import lifecycle as lc
from app.domain.calc_case import calc_from_json
from app.domain.money import fen_to_yuan, yuan_to_fen
from app.domain.programs import split_key
from app.domain.roles import Actor, require_role
from app.domain.standards import month_text, parse_month
from app.errors import InvalidInput
from app.models import Case, CaseEvent, Household, Member
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.cases import case_snapshot
from app.services.standards import load_standards, settings_in_force


@dataclass(frozen=True)
class RestandardLine:
    case_id: int
    household_id: int
    payee: str
    old_fen: int
    new_fen: int
    eligible: bool


def case_calc(c: Case, month: str) -> dict:
    """The calc case (SPEC §7) of a case in force: its covered members and household deductions."""
    family, area = split_key(c.program)
    covered = {cm.member_id for cm in c.members}
    people = [m for m in c.household.members if not m.removed and (family == "dibao" or m.id in covered)]
    members = [{"id_number": m.id_number, "covered": m.id in covered, "name": m.name,
                "monthly_income": str(fen_to_yuan(m.monthly_income_fen)), "disability_grade": m.disability_grade,
                "serious_illness": m.serious_illness,
                **({"selfcare_items_failed": m.selfcare_items_failed} if family == "tekun" else {})}
               for m in people]
    case = {"program": family, "area": area, "month": month, "members": members}
    if family == "dibao":
        case["deductions"] = str(fen_to_yuan(c.household.deductions_fen))
    if c.single_person:
        case["single_person"] = True
    return case


def _lines(s: Session, program: str, month: str) -> list[RestandardLine]:
    standards, settings = load_standards(s), settings_in_force(s, month)
    q = (select(Case).where(Case.program == program, Case.status == "active", Case.start_month <= month)
         .options(selectinload(Case.members),
                  selectinload(Case.household).selectinload(Household.members).selectinload(Member.incomes))
         .order_by(Case.id))
    out = []
    for c in s.scalars(q):
        events = [lc.CaseEvent(e.kind, e.effective_month, e.amount_fen, e.months)
                  for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == c.id))]
        state = lc.state_in(c.start_month, c.initial_amount_fen, events, month)
        if state.status != "active":
            continue
        result = calc_from_json(case_calc(c, month), standards=standards, settings=settings)
        out.append(RestandardLine(c.id, c.household_id, c.payee_name, state.amount_fen,
                                  yuan_to_fen(result["amount"]), result["eligible"]))
    return out


def preview(uow: UnitOfWork, program: str, month: str) -> list[RestandardLine]:
    """What the standard in force in `month` does to every active case of `program`."""
    month = month_text(parse_month(month, "生效月份"))
    with uow.read() as s:
        return _lines(s, program, month)


def apply(uow: UnitOfWork, actor: Actor, program: str, month: str) -> int:
    """Record an amount change from `month` for every case whose amount moves; returns how many."""
    require_role(actor, "reviewer", "admin")
    month = month_text(parse_month(month, "生效月份"))
    with uow.begin() as s:
        changed = [x for x in _lines(s, program, month) if x.eligible and x.new_fen != x.old_fen and x.new_fen > 0]
        if not changed:
            raise InvalidInput(f"{month} 起没有金额需要调整的救助对象")
        for x in changed:
            case = s.get(Case, x.case_id)
            before = case_snapshot(case)
            s.add(CaseEvent(case_id=x.case_id, kind="change", effective_month=month, amount_fen=x.new_fen,
                            reason=f"调标：{month} 起执行新标准", created_by=actor.name))
            case.amount_fen, case.version = x.new_fen, case.version + 1
            audit.append(s, actor, "case.restandard", "case", x.case_id, before=before, after=case_snapshot(case),
                         household_id=x.household_id, note=f"调标 {month}")
        return len(changed)
