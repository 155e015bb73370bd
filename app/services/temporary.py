"""临时救助 (SPEC §3.3): one-off grants, the township approval limit, 先行救助 with papers later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.calc import temporary_needs_county
from app.domain.money import yuan_to_fen
from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.domain.standards import month_text, standard_for_key
from app.errors import Conflict, InvalidInput, NotFound
from app.models import Household, TemporaryGrant
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.standards import load_standards, settings_in_force, work_calendar

KINDS = ("急难型", "支出型")
PAPERS_WORKDAYS = 10


@dataclass(frozen=True)
class GrantRow:
    id: int
    household_id: int
    kind: str
    amount_fen: int
    persons: int
    reason: str
    status: str
    applied_on: date
    papers_due: date | None
    paid_month: str | None


def _row(g: TemporaryGrant) -> GrantRow:
    return GrantRow(g.id, g.household_id, g.kind, g.amount_fen, g.persons, g.reason, g.status, g.applied_on,
                    g.papers_due, g.paid_month)


def _snap(g: TemporaryGrant) -> dict:
    return {"id": g.id, "kind": g.kind, "amount_fen": g.amount_fen, "persons": g.persons, "status": g.status,
            "paid_month": g.paid_month, "reason": g.reason}


def _limit_parts(s: Session, on: date) -> tuple[int, int]:
    month = month_text(on)
    standard = standard_for_key(load_standards(s), "urban_dibao", month)
    if standard is None:
        raise InvalidInput(f"{month} 没有在用的城市低保标准，无法确定临时救助审批限额")
    return standard.amount_fen, int(settings_in_force(s, month)["temp_limit_multiple"])


def township_limit_fen(s: Session, on: date) -> int:
    """The township may approve up to N x the urban monthly dibao standard (default 3)."""
    standard, multiple = _limit_parts(s, on)
    return standard * multiple


def _needs_county(s: Session, fen: int, on: date) -> bool:
    standard, multiple = _limit_parts(s, on)
    return temporary_needs_county(fen, standard, multiple)


def register_grant(uow: UnitOfWork, actor: Actor, household_id: int, *, kind: str, amount: object, persons: int,
                   reason: str, on: date | None = None, paid_first: bool = False) -> int:
    """Register a 临时救助 application; 急难型 may be paid first (先行救助) within the township limit."""
    require_role(actor, *CLERK_ROLES)
    on = on or date.today()
    if kind not in KINDS:
        raise InvalidInput(f"救助类型：应为 急难型 或 支出型，实为「{kind}」")
    try:
        fen = yuan_to_fen(amount)
    except ValueError as exc:
        raise InvalidInput(f"救助金额：{exc}") from exc
    if fen <= 0 or persons < 1 or not reason.strip():
        raise InvalidInput("救助金额须大于 0，人数至少 1 人，并写明救助事由")
    if paid_first and kind != "急难型":
        raise InvalidInput("只有急难型临时救助可以先行救助")
    with uow.begin() as s:
        if s.get(Household, household_id) is None:
            raise NotFound(f"户 {household_id}")
        if paid_first and _needs_county(s, fen, on):
            raise Conflict(f"金额超过乡镇审批限额 {township_limit_fen(s, on) / 100:.2f} 元，须报县审批，不能先行救助")
        g = TemporaryGrant(household_id=household_id, kind=kind, amount_fen=fen, persons=persons,
                           reason=reason.strip(), applied_on=on, created_by=actor.name, paid_first=paid_first,
                           status="先行救助" if paid_first else "待审批")
        if paid_first:
            g.papers_due = work_calendar(s).add_workdays(on, PAPERS_WORKDAYS)
            g.paid_month = month_text(on)
        s.add(g)
        s.flush()
        audit.append(s, actor, "temporary.register", "temporary_grant", g.id, after=_snap(g),
                     household_id=household_id)
        return g.id


def _load(s: Session, grant_id: int) -> TemporaryGrant:
    g = s.get(TemporaryGrant, grant_id)
    if g is None:
        raise NotFound(f"临时救助 {grant_id}")
    return g


def decide_grant(uow: UnitOfWork, actor: Actor, grant_id: int, *, approve: bool, opinion: str = "",
                 on: date | None = None) -> str:
    """Reviewer decision: within the limit it is approved (paid this month); above it goes to the county."""
    require_role(actor, "reviewer")
    on = on or date.today()
    with uow.begin() as s:
        g = _load(s, grant_id)
        if g.status != "待审批":
            raise Conflict(f"临时救助 {g.id} 当前为「{g.status}」，不能审批")
        before = _snap(g)
        if not approve:
            if not opinion.strip():
                raise InvalidInput("不予批准必须填写理由")
            g.status = "不予批准"
        elif _needs_county(s, g.amount_fen, on):
            g.status = "待县级审批"
        else:
            g.status, g.paid_month = "已批准", month_text(on)
        g.decided_on, g.decided_by = on, actor.name
        audit.append(s, actor, "temporary.decide", "temporary_grant", g.id, before=before, after=_snap(g),
                     household_id=g.household_id, note=opinion)
        return g.status


def complete_papers(uow: UnitOfWork, actor: Actor, grant_id: int, on: date | None = None) -> bool:
    """先行救助 papers handed in; returns whether it was within the 10 working days."""
    require_role(actor, *CLERK_ROLES)
    on = on or date.today()
    with uow.begin() as s:
        g = _load(s, grant_id)
        if g.status != "先行救助":
            raise Conflict(f"临时救助 {g.id} 不是先行救助，无需补办材料")
        before = _snap(g)
        g.papers_completed_on, g.status = on, "已批准"
        audit.append(s, actor, "temporary.papers", "temporary_grant", g.id, before=before, after=_snap(g),
                     household_id=g.household_id)
        return g.papers_due is None or on <= g.papers_due


def grant_rows(uow: UnitOfWork) -> list[GrantRow]:
    with uow.read() as s:
        return [_row(g) for g in s.scalars(select(TemporaryGrant).order_by(TemporaryGrant.id.desc()))]
