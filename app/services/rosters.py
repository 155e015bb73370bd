"""Monthly payment rosters (SPEC §5): generate drafts, confirm (four eyes, hashed), compare months.

Generation is set-based: a handful of queries load every case, event, household and earlier
payment, then the lines are built in memory and inserted in bulk, in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.domain.lifecycle import CaseEvent as Ev
from app.domain.lifecycle import month_add, state_in
from app.domain.programs import PROGRAM_NAMES
from app.domain.roles import Actor, require_role
from app.domain.standards import month_text, parse_month
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from app.models import (
    Case,
    CaseEvent,
    CaseMember,
    Household,
    Member,
    PaymentAdjustment,
    PriceSubsidyMonth,
    Roster,
    RosterLine,
    TemporaryGrant,
    Village,
)
from app.models.base import utcnow
from app.models.uow import UnitOfWork
from app.services import audit

Progress = Callable[[int, int], None]
CASE_PROGRAMS = ("urban_dibao", "rural_dibao", "urban_tekun", "rural_tekun")
ALL_PROGRAMS = (*CASE_PROGRAMS, "temporary", "price_subsidy")
COUNTED_KINDS = ("正常", "临时救助", "价格补贴")  # lines that count households / persons for the month
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


def check_month(month: str) -> str:
    return month_text(parse_month(month, "月份"))


@dataclass
class _Household:
    village: str
    bank_name: str
    head_id: str
    area_urban: bool


def _households(s: Session) -> dict[int, _Household]:
    heads = dict(s.execute(select(Member.household_id, Member.id_number)
                           .where(Member.relation == "本人", Member.removed.is_(False))).all())
    q = select(Household.id, Village.name, Household.bank_name, Household.hukou_type).join(Village)
    return {hid: _Household(v, bank, heads.get(hid, ""), hukou == "城镇") for hid, v, bank, hukou in s.execute(q)}


def _case_lines(s: Session, month: str, hh: dict[int, _Household]) -> dict[str, list[dict]]:
    """正常 / 停发 / 补发 / 调整 lines of every dibao and tekun case for `month`."""
    cases = s.execute(select(Case.id, Case.household_id, Case.program, Case.start_month, Case.initial_amount_fen,
                             Case.payee_name, Case.payee_account, Case.support_mode, Case.end_month)
                      .where(Case.start_month <= month, Case.program.in_(CASE_PROGRAMS))).all()
    events: dict[int, list[Ev]] = defaultdict(list)
    for cid, kind, eff, amount, months in s.execute(select(CaseEvent.case_id, CaseEvent.kind,
                                                           CaseEvent.effective_month, CaseEvent.amount_fen,
                                                           CaseEvent.months)):
        events[cid].append(Ev(kind, eff, amount, months))
    persons = dict(s.execute(select(CaseMember.case_id, func.count()).group_by(CaseMember.case_id)).all())
    tekun_ids = dict(s.execute(select(CaseMember.case_id, Member.id_number).join(Member)
                               .join(Case, Case.id == CaseMember.case_id).where(Case.program.like("%tekun"))).all())
    paid = _paid_before(s, month)
    adjustments = defaultdict(list)
    for a in s.scalars(select(PaymentAdjustment).where(PaymentAdjustment.pay_month == month)):
        adjustments[a.case_id].append(a)
    out: dict[str, list[dict]] = defaultdict(list)
    for cid, hid, program, start, amount, payee, account, mode, end in cases:
        h = hh[hid]
        payee_id = h.head_id if program.endswith("dibao") else ("" if mode == "集中供养" else tekun_ids.get(cid, ""))
        base = dict(case_id=cid, household_id=hid, village=h.village, payee_name=payee, payee_id_number=payee_id,
                    bank_name=h.bank_name, bank_account=account, persons=persons.get(cid, 0))
        st = state_in(start, amount, events[cid], month)
        if st.status == "active":
            out[program].append({**base, "amount_fen": st.amount_fen, "kind": "正常", "for_month": month,
                                 "note": st.note})
        elif st.status == "suspended":
            out[program].append({**base, "amount_fen": 0, "kind": "停发", "for_month": month, "note": "暂停发放"})
        for m in paid.missed(program, cid, start, month, end):
            back = state_in(start, amount, events[cid], m)
            if back.pays:
                out[program].append({**base, "amount_fen": back.amount_fen, "kind": "补发", "for_month": m,
                                     "note": f"补发 {m}"})
        for a in adjustments.get(cid, []):
            out[program].append({**base, "amount_fen": a.amount_fen, "kind": "调整", "for_month": a.for_month,
                                 "note": a.reason[:200]})
    return out


class _Paid:
    """Which months each case was paid for by confirmed rosters, and which months had a roster.

    Most cases were paid every month since they started, so the count of paid months settles
    them; only a case whose count falls short has its months looked up (set-based, SPEC §11).
    """

    def __init__(self, s: Session, month: str) -> None:
        self.months: dict[str, list[str]] = defaultdict(list)
        for m, program in s.execute(select(Roster.month, Roster.program)
                                    .where(Roster.month < month, Roster.state != "draft").order_by(Roster.month)):
            self.months[program].append(m)
        paid = (select(RosterLine.case_id, func.count(func.distinct(RosterLine.for_month))).join(Roster)
                .where(Roster.state != "draft", RosterLine.case_id.is_not(None), RosterLine.for_month < month,
                       RosterLine.kind.in_(("正常", "补发"))).group_by(RosterLine.case_id))
        self.counts: dict[int, int] = dict(s.execute(paid).all())
        self._s, self._month = s, month

    def missed(self, program: str, case_id: int, start: str, month: str, end: str | None = None) -> list[str]:
        """Months with a confirmed roster, from `start` up to the case's last month, not paid."""
        months = self.months.get(program, [])
        last = min(month, month_add(end, 1)) if end else month
        due = months[bisect_left(months, start):bisect_left(months, last)]
        if len(due) <= self.counts.get(case_id, 0):
            return []
        have = set(self._s.scalars(select(RosterLine.for_month).join(Roster).where(
            RosterLine.case_id == case_id, Roster.state != "draft", RosterLine.kind.in_(("正常", "补发")))))
        return [m for m in due if m not in have]


def _paid_before(s: Session, month: str) -> _Paid:
    return _Paid(s, month)


def _temporary_lines(s: Session, month: str, hh: dict[int, _Household]) -> list[dict]:
    q = (select(TemporaryGrant, Household.bank_account)
         .join(Household, Household.id == TemporaryGrant.household_id)
         .where(TemporaryGrant.paid_month == month, TemporaryGrant.status.in_(("已批准", "先行救助"))))
    heads = dict(s.execute(select(Member.household_id, Member.name)
                           .where(Member.relation == "本人", Member.removed.is_(False))).all())
    return [dict(grant_id=g.id, household_id=g.household_id, village=hh[g.household_id].village,
                 payee_name=heads.get(g.household_id, ""), payee_id_number=hh[g.household_id].head_id,
                 bank_name=hh[g.household_id].bank_name, bank_account=account, persons=g.persons,
                 amount_fen=g.amount_fen, kind="临时救助", for_month=month, note=f"{g.kind}：{g.reason}"[:200])
            for g, account in s.execute(q)]


def _price_lines(s: Session, month: str, case_lines: dict[str, list[dict]], hh: dict[int, _Household]) -> list[dict]:
    """价格临时补贴: every person covered by a dibao or tekun case paid this month."""
    trigger = s.get(PriceSubsidyMonth, month)
    if trigger is None:
        return []
    out = []
    for program in CASE_PROGRAMS:
        per_person = trigger.urban_fen if program.startswith("urban") else trigger.rural_fen
        for line in case_lines.get(program, []):
            if line["kind"] == "正常" and per_person:
                out.append({**line, "amount_fen": line["persons"] * per_person, "kind": "价格补贴",
                            "note": f"{PROGRAM_NAMES[program]}对象"})
    return out


def _ordered(lines: list[dict]) -> list[dict]:
    return sorted(lines, key=lambda x: (x["village"], x["household_id"], x.get("case_id") or 0, x["for_month"]))


def _summary_counts(lines: list[dict]) -> tuple[int, int, int]:
    counted = [x for x in lines if x["kind"] in COUNTED_KINDS and x["amount_fen"] > 0]
    return (len({x["household_id"] for x in counted}), sum(x["persons"] for x in counted),
            sum(x["amount_fen"] for x in lines))


def generate_rosters(uow: UnitOfWork, actor: Actor, month: str, progress: Progress | None = None
                     ) -> list[RosterSummary]:
    """(Re)build the draft roster of every program for `month`; confirmed rosters stay as they are."""
    require_role(actor, "clerk", "reviewer")
    month = check_month(month)
    with uow.begin() as s:
        existing = {r.program: r for r in s.scalars(select(Roster).where(Roster.month == month))}
        hh = _households(s)
        case_lines = _case_lines(s, month, hh)
        built = {**case_lines, "temporary": _temporary_lines(s, month, hh),
                 "price_subsidy": _price_lines(s, month, case_lines, hh)}
        for done, program in enumerate(ALL_PROGRAMS, start=1):
            old = existing.get(program)
            if old is not None and old.state != "draft":
                continue
            if old is not None:
                s.execute(delete(RosterLine).where(RosterLine.roster_id == old.id))
                s.delete(old)
                s.flush()
            _insert_roster(s, actor, month, program, _ordered(built.get(program, [])))
            if progress:
                progress(done, len(ALL_PROGRAMS))
        audit.append(s, actor, "roster.generate", "roster", None, after={"month": month})
    return roster_summaries(uow, month)


def _insert_roster(s: Session, actor: Actor, month: str, program: str, lines: list[dict]) -> None:
    households, persons, total = _summary_counts(lines)
    roster = Roster(month=month, program=program, generated_by=actor.name, households=households,
                    persons=persons, total_fen=total)
    s.add(roster)
    s.flush()
    if lines:
        defaults = {"case_id": None, "grant_id": None}
        s.execute(RosterLine.__table__.insert(), [{**defaults, **x, "roster_id": roster.id, "line_no": i}
                                                  for i, x in enumerate(lines, start=1)])


def roster_content(s: Session, roster: Roster) -> dict:
    """What the content hash covers: the header figures and every line in order."""
    cols = (RosterLine.line_no, RosterLine.case_id, RosterLine.grant_id, RosterLine.household_id,
            RosterLine.village, RosterLine.payee_name, RosterLine.payee_id_number, RosterLine.bank_name,
            RosterLine.bank_account, RosterLine.persons, RosterLine.amount_fen, RosterLine.kind,
            RosterLine.for_month, RosterLine.note)
    rows = s.execute(select(*cols).where(RosterLine.roster_id == roster.id).order_by(RosterLine.line_no)).all()
    return {"month": roster.month, "program": roster.program, "households": roster.households,
            "persons": roster.persons, "total_fen": roster.total_fen, "lines": [list(r) for r in rows]}


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
            audit.append(s, actor, "roster.confirm", "roster", r.id,
                         after={"month": month, "program": r.program, "content_hash": r.content_hash})
    return roster_summaries(uow, month)


def roster_summaries(uow: UnitOfWork, month: str) -> list[RosterSummary]:
    month = check_month(month)
    with uow.read() as s:
        counts = dict(s.execute(select(RosterLine.roster_id, func.count()).join(Roster)
                                .where(Roster.month == month).group_by(RosterLine.roster_id)).all())
        rows = s.scalars(select(Roster).where(Roster.month == month)).all()
        order = {p: i for i, p in enumerate(ALL_PROGRAMS)}
        return [RosterSummary(r.month, r.program, r.state, r.households, r.persons, r.total_fen,
                              counts.get(r.id, 0), r.generated_by, r.confirmed_by, r.content_hash)
                for r in sorted(rows, key=lambda r: order[r.program])]


def add_adjustment(uow: UnitOfWork, actor: Actor, case_id: int, *, pay_month: str, for_month: str,
                   amount_fen: int, reason: str) -> int:
    """A correction after confirmation: paid (or recovered, if negative) in a later month's roster."""
    require_role(actor, "clerk", "reviewer")
    pay_month, for_month = check_month(pay_month), check_month(for_month)
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


def previous_month(month: str) -> str:
    return month_add(month, -1)
