"""Case lifecycle after approval (SPEC §4): change, suspend, resume, 渐退期, terminate, reviews due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain import lifecycle as lc
from app.domain.ids import age_on
from app.domain.months import month_date, parse_month
from app.domain.programs import PROGRAM_NAMES, programs_of
from app.domain.roles import Actor, require_role
from app.domain.workflow import review_due
from app.errors import InvalidInput, NotFound
from app.models import Case, CaseEvent, CaseMember, Household, Member
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.cases import beneficiary_name, case_snapshot
from app.services.standards import settings_in_force


@dataclass(frozen=True)
class CaseRow:
    id: int
    household_id: int
    program: str
    payee: str  # who is paid: the household head, the person, or the institution (集中供养)
    persons: int
    start_month: str
    status: str  # in the given month: active / suspended / ended
    amount_fen: int
    note: str
    name: str = ""  # who the case is for, under their own name (SPEC §5)


def _events(s: Session, case_id: int) -> list[lc.CaseEvent]:
    return [lc.CaseEvent(e.kind, e.effective_month, e.amount_fen, e.months)
            for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))]


def record_event(uow: UnitOfWork, actor: Actor, case_id: int, kind: str, *, decided_on: date, reason: str,
                 amount_fen: int | None = None, months: int | None = None) -> str:
    """A decision on a case, effective from the month after `decided_on`; returns that month."""
    require_role(actor, "reviewer")
    if kind in ("suspend", "terminate", "change", "taper") and not reason.strip():
        raise InvalidInput(f"「{lc.EVENT_KINDS.get(kind, kind)}」必须填写理由")
    with uow.begin() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFound(f"救助对象 {case_id}")
        effective = parse_month(max(lc.month_after(decided_on), case.start_month), "生效月份（决定日期的次月）")
        if kind == "taper" and months is None:
            months = int(settings_in_force(s, effective)["taper_months"])
        new = lc.CaseEvent(kind, effective, amount_fen, months)
        lc.check_event(case.start_month, _events(s, case_id), new)
        before = case_snapshot(case)
        s.add(CaseEvent(case_id=case_id, kind=kind, effective_month=effective, amount_fen=amount_fen, months=months,
                        reason=reason.strip(), created_by=actor.name))
        _apply_to_case(case, new)
        case.version += 1
        s.flush()
        audit.append(s, actor, f"case.{kind}", "case", case.id, before=before, after=case_snapshot(case),
                     household_id=case.household_id, note=reason)
        return effective


def _apply_to_case(case: Case, e: lc.CaseEvent) -> None:
    """Keep the case row's summary fields in step with its latest event."""
    if e.kind == "change":
        case.amount_fen = e.amount_fen or case.amount_fen
    elif e.kind == "suspend":
        case.status = "suspended"
    elif e.kind == "resume":
        case.status = "active"
    elif e.kind == "terminate":
        case.status, case.end_month = "ended", lc.month_add(e.effective_month, -1)
    elif e.kind == "taper":
        case.end_month = lc.month_add(e.effective_month, (e.months or 0) - 1)


def case_rows(uow: UnitOfWork, month: str, program: str = "") -> list[CaseRow]:
    """Every case that has started by `month`, with its state and amount in that month."""
    month = parse_month(month, "月份")
    with uow.read() as s:
        q = (select(Case).where(Case.start_month <= month).order_by(Case.id)
             .options(selectinload(Case.members).selectinload(CaseMember.member),
                      selectinload(Case.household).selectinload(Household.members)))
        if program:
            q = q.where(Case.program == program)
        out = []
        for c in s.scalars(q):
            st = lc.state_in(c.start_month, c.initial_amount_fen, _events(s, c.id), month)
            shown = PROGRAM_NAMES[c.program] + "".join(f"（{t}）" for t in (c.local_class, "单人保" * c.single_person) if t)
            out.append(CaseRow(c.id, c.household_id, shown, c.payee_name, len(c.members),
                               c.start_month, st.status, st.amount_fen, st.note, beneficiary_name(c)))
        return out


@dataclass(frozen=True)
class ReviewDue:
    case_id: int
    household_id: int
    program: str
    payee: str
    last_review: date
    due: date
    yearly: bool


def reviews_due(uow: UnitOfWork, today: date, within_days: int = 30) -> list[ReviewDue]:
    """Dibao reviews: yearly when every covered member is >= 60, severely disabled or ill, else 6-monthly."""
    with uow.read() as s:
        q = (select(Case).where(Case.status == "active", Case.program.in_(programs_of("dibao")))
             .options(selectinload(Case.members).selectinload(CaseMember.member)))
        out = []
        for c in s.scalars(q):
            last = _last_review(s, c)
            yearly = all(_stable(cm.member, today) for cm in c.members)
            due = review_due(last, yearly)
            if (due - today).days <= within_days:
                out.append(ReviewDue(c.id, c.household_id, PROGRAM_NAMES[c.program], c.payee_name, last, due, yearly))
        return sorted(out, key=lambda r: r.due)


def _stable(m: Member, today: date) -> bool:
    return age_on(m.birth_date, today) >= 60 or 1 <= m.disability_grade <= 2 or m.serious_illness


def _last_review(s: Session, c: Case) -> date:
    last = s.scalar(select(CaseEvent.created_at).where(CaseEvent.case_id == c.id, CaseEvent.kind.in_(("change", "review")))
                    .order_by(CaseEvent.id.desc()).limit(1))
    if last:
        return last.date()
    return month_date(c.start_month)
