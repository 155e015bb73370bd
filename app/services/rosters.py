"""Monthly payment rosters (SPEC §5): generate drafts, confirm (four eyes, hashed), compare months.

Generation is set-based (models/roster_build.py): plain cases are one INSERT ... SELECT per
program, only cases with lifecycle events, back pay and adjustments go through Python; all of
it in one transaction. Confirming records the months the roster paid (paid_month).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.programs import ALL_PROGRAMS, CASE_PROGRAMS
from app.domain.roles import Actor, require_role
from app.domain.standards import month_text, parse_month
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from app.models import Case, PaymentAdjustment, Roster, RosterLine
from app.models import roster_build as build
from app.models.base import utcnow
from app.models.uow import UnitOfWork
from app.services import audit

Progress = Callable[[int, int], None]
STATE_NAMES = {"draft": "草稿", "confirmed": "已确认", "exported": "已导出"}


@dataclass(frozen=True)
class RosterSummary:
    month: str
    program: str
    state: str
    households: int
    persons: int
    total_fen: int
    lines: int
    generated_by: str
    confirmed_by: str
    content_hash: str


def check_month(month: str, field: str = "花名册月份") -> str:
    """A typed roster month -> "YYYY-MM" within 2000-01..2099-12 (domain/months.py), or InvalidInput."""
    return month_text(parse_month(month, field))


def generate_rosters(uow: UnitOfWork, actor: Actor, month: str, progress: Progress | None = None
                     ) -> list[RosterSummary]:
    """(Re)build the draft roster of every program for `month`; confirmed rosters stay as they are.

    A previous draft keeps its row and is rewritten only where its lines changed.
    """
    require_role(actor, "clerk", "reviewer")
    month = check_month(month)
    with uow.begin() as s:
        existing = {r.program: r for r in s.scalars(select(Roster).where(Roster.month == month))}
        drafts: dict[str, tuple[Roster, bool]] = {}  # program: (roster, fresh)
        for program in ALL_PROGRAMS:
            roster = existing.get(program)
            if roster is None:
                roster = Roster(month=month, program=program, generated_by=actor.name)
                s.add(roster)
            elif roster.state != "draft":
                continue
            else:
                roster.generated_by, roster.generated_at = actor.name, utcnow()
            drafts[program] = (roster, program not in existing)
        s.flush()
        build.start(s)
        case_rosters = {p: r.id for p, (r, _) in drafts.items() if p in CASE_PROGRAMS}
        same = build.number_case_lines(s, case_rosters, month) if case_rosters else set()
        for done, program in enumerate(ALL_PROGRAMS, start=1):
            if program in drafts:
                roster, fresh = drafts[program]
                if program == "temporary":
                    build.number_temporary_lines(s, roster.id, month)
                elif program == "price_subsidy":  # from the case rosters' lines, written by now
                    build.number_price_lines(s, roster.id, month)
                if roster.id not in same:  # a draft with these very lines keeps them and its totals
                    build.finish(s, roster, fresh)
                if progress:
                    progress(done, len(ALL_PROGRAMS))
        build.clear(s)
        audit.append(s, actor, "roster.generate", "roster", None, after={"month": month})
        return _summaries(s, month)


CONTENT_COLUMNS = (RosterLine.line_no, RosterLine.case_id, RosterLine.grant_id, RosterLine.household_id,
                   RosterLine.village, RosterLine.payee_name, RosterLine.payee_id_number, RosterLine.bank_name,
                   RosterLine.bank_account, RosterLine.persons, RosterLine.amount_fen, RosterLine.kind,
                   RosterLine.for_month, RosterLine.note)


def roster_content(s: Session, roster: Roster) -> dict:
    """What the content hash covers: the header figures and every line in order."""
    return roster_contents(s, [roster])[roster.id]


def roster_contents(s: Session, rosters: list[Roster]) -> dict[int, dict]:
    """`roster_content` of several rosters at once (one query for all their lines), by roster id."""
    lines: dict[int, list[list]] = {r.id: [] for r in rosters}
    for i in range(0, len(rosters), 500):
        ids = [r.id for r in rosters[i:i + 500]]
        q = (select(RosterLine.roster_id, *CONTENT_COLUMNS).where(RosterLine.roster_id.in_(ids))
             .order_by(RosterLine.roster_id, RosterLine.line_no))
        for roster_id, *line in s.connection().execute(q).all():
            lines[roster_id].append(line)
    return {r.id: {"month": r.month, "program": r.program, "households": r.households, "persons": r.persons,
                   "total_fen": r.total_fen, "lines": lines[r.id]} for r in rosters}


def content_hash(content: dict) -> str:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def confirm_rosters(uow: UnitOfWork, actor: Actor, month: str, program: str | None = None) -> list[RosterSummary]:
    """A reviewer other than the generator freezes the draft(s) and records their SHA-256."""
    require_role(actor, "reviewer")
    month = check_month(month)
    with uow.begin() as s:
        q = select(Roster).where(Roster.month == month, Roster.state == "draft")
        if program:
            q = q.where(Roster.program == program)
        drafts = s.scalars(q).all()
        if not drafts:
            raise NotFound(f"{month} 没有待确认的花名册草稿，请先生成")
        for r in drafts:
            if r.generated_by == actor.name:
                raise PermissionDenied(f"花名册由 {actor.name} 生成，须由另一名审核人确认")
            r.content_hash = content_hash(roster_content(s, r))
            r.state, r.confirmed_by, r.confirmed_at = "confirmed", actor.name, utcnow()
            build.record_paid(s, r.id)
            audit.append(s, actor, "roster.confirm", "roster", r.id,
                         after={"month": month, "program": r.program, "content_hash": r.content_hash})
    return roster_summaries(uow, month)


def roster_summaries(uow: UnitOfWork, month: str) -> list[RosterSummary]:
    month = check_month(month)
    with uow.read() as s:
        return _summaries(s, month)


def _summaries(s: Session, month: str) -> list[RosterSummary]:
    rows = s.scalars(select(Roster).where(Roster.month == month)).all()
    # one index-only count per roster (the roster_id index holds every line's roster)
    counts = {r.id: s.scalar(select(func.count()).where(RosterLine.roster_id == r.id)) for r in rows}
    order = {p: i for i, p in enumerate(ALL_PROGRAMS)}
    return [RosterSummary(r.month, r.program, r.state, r.households, r.persons, r.total_fen,
                          counts[r.id], r.generated_by, r.confirmed_by, r.content_hash)
            for r in sorted(rows, key=lambda r: order[r.program])]


def add_adjustment(uow: UnitOfWork, actor: Actor, case_id: int, *, pay_month: str, for_month: str,
                   amount_fen: int, reason: str) -> int:
    """A correction after confirmation: paid (or recovered, if negative) in a later month's roster."""
    require_role(actor, "clerk", "reviewer")
    pay_month, for_month = check_month(pay_month, "计入月份"), check_month(for_month, "所属月份")
    if not reason.strip() or amount_fen == 0:
        raise InvalidInput("调整须填写非零金额和原因")
    with uow.begin() as s:
        if s.get(Case, case_id) is None:
            raise NotFound(f"救助对象 {case_id}")
        confirmed = s.scalar(select(Roster.id).where(Roster.month == pay_month, Roster.state != "draft").limit(1))
        if confirmed and pay_month <= for_month:
            raise Conflict(f"{pay_month} 的花名册已确认，调整只能计入以后的月份")
        a = PaymentAdjustment(case_id=case_id, pay_month=pay_month, for_month=for_month, amount_fen=amount_fen,
                              reason=reason.strip(), created_by=actor.name)
        s.add(a)
        s.flush()
        audit.append(s, actor, "adjustment.add", "payment_adjustment", a.id,
                     after={"case_id": case_id, "pay_month": pay_month, "amount_fen": amount_fen, "reason": reason})
        return a.id
