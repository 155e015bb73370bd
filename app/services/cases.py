"""Cases in force (dibao per household, tekun per person): creation and their audit snapshot."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.domain import canonical
from app.domain.months import parse_month
from app.domain.programs import is_dibao
from app.domain.roles import Actor
from app.models import Case, CaseMember, Household, Member
from app.services import audit


def case_snapshot(c: Case) -> dict:
    return {
        "id": c.id, "household_id": c.household_id, "program": c.program, "start_month": c.start_month,
        "end_month": c.end_month, "amount_fen": c.amount_fen, "status": c.status,
        "support_mode": c.support_mode, "payee_name": c.payee_name, "payee_account": c.payee_account,
        "end_reason": c.end_reason, "members": sorted(cm.member_id for cm in c.members),
        **({"single_person": True} if c.single_person else {}),
        **({"local_class": c.local_class} if c.local_class else {}),
    }


def beneficiary_name(c: Case) -> str:
    """Who the case is for, shown under their own name (SPEC §5): the covered person of a tekun case
    (集中供养 pays an institution, which is the payee, never the name shown), the head of a dibao
    household. Needs `c.members` with their members and `c.household.members` loaded."""
    if not is_dibao(c.program) and c.members:
        return c.members[0].member.name
    head = next((m.name for m in c.household.members if m.relation == "本人" and not m.removed), "")
    return head or c.payee_name


def create_case_in(
    s: Session, actor: Actor | str, household: Household, program: str, start_month: str, amount_fen: int,
    members: list[Member], *, payee_name: str = "", payee_account: str = "", support_mode: str = "",
    single_person: bool = False,
) -> Case:
    """Insert an active case in the caller's transaction and audit it."""
    case = new_case(s, household, program, start_month, amount_fen, members, payee_name=payee_name,
                    payee_account=payee_account, support_mode=support_mode, single_person=single_person)
    s.flush()
    audit_case_created(s, actor, case)
    return case


def new_case(
    s: Session, household: Household, program: str, start_month: str, amount_fen: int, members: list[Member], *,
    payee_name: str = "", payee_account: str = "", support_mode: str = "", single_person: bool = False,
    local_class: str = "",
) -> Case:
    """An active case added to the session, not yet flushed (bulk callers flush once). The payee's name
    and account in their canonical form (SPEC §2): the roster pays to this account."""
    start_month = parse_month(start_month, "起始月份（纳入年月）")
    case = Case(household_id=household.id, program=program, start_month=start_month, amount_fen=amount_fen,
                initial_amount_fen=amount_fen, support_mode=support_mode, payee_name=canonical.text(payee_name),
                payee_account=canonical.compact(payee_account), single_person=single_person,
                local_class=canonical.text(local_class))
    case.members = [CaseMember(member_id=m.id) for m in members]
    s.add(case)
    return case


def audit_case_created(s: Session, actor: Actor | str, case: Case) -> None:
    audit.append(s, actor, "case.create", "case", case.id, after=case_snapshot(case), household_id=case.household_id)
