"""Cases in force (dibao per household, tekun per person): creation and their audit snapshot."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.domain.roles import Actor
from app.models import Case, CaseMember, Household, Member
from app.services import audit


def case_snapshot(c: Case) -> dict:
    return {
        "id": c.id, "household_id": c.household_id, "program": c.program, "start_month": c.start_month,
        "end_month": c.end_month, "amount_fen": c.amount_fen, "status": c.status,
        "support_mode": c.support_mode, "payee_name": c.payee_name, "payee_account": c.payee_account,
        "end_reason": c.end_reason, "members": sorted(cm.member_id for cm in c.members),
    }


def create_case_in(
    s: Session, actor: Actor | str, household: Household, program: str, start_month: str, amount_fen: int,
    members: list[Member], *, payee_name: str = "", payee_account: str = "", support_mode: str = "",
) -> Case:
    """Insert an active case in the caller's transaction and audit it."""
    case = Case(household_id=household.id, program=program, start_month=start_month, amount_fen=amount_fen,
                initial_amount_fen=amount_fen,
                support_mode=support_mode, payee_name=payee_name, payee_account=payee_account)
    case.members = [CaseMember(member_id=m.id) for m in members]
    s.add(case)
    s.flush()
    audit.append(s, actor, "case.create", "case", case.id, after=case_snapshot(case), household_id=household.id)
    return case
