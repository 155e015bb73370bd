"""The roster generator as it was before paid_month and the line-by-line rewrite (commit 440b421).

Kept verbatim (its SQL, its Python replay, its renumbering) as the reference that
test_roster_equivalence.py compares the current generator with, line for line.
"""

# ruff: noqa
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.domain.lifecycle import CaseEvent as Ev
from app.domain.lifecycle import month_add, state_in
from app.domain.programs import PROGRAM_NAMES
from app.models.base import utcnow
from app.models import CaseEvent, PaymentAdjustment, PriceSubsidyMonth, Roster, RosterLine

CASE_PROGRAMS = ("urban_dibao", "rural_dibao", "urban_tekun", "rural_tekun")
COUNTED_KINDS = ("正常", "临时救助", "价格补贴")
LINE_COLUMNS = ("case_id", "grant_id", "household_id", "village", "payee_name", "payee_id_number", "bank_name",
                "bank_account", "persons", "amount_fen", "kind", "for_month", "note")

# one row per case: the line fields every kind of case line shares
_CASE_BASE = """
SELECT c.id AS case_id, NULL AS grant_id, c.household_id, v.name AS village, c.payee_name,
  CASE WHEN c.program LIKE '%dibao' THEN coalesce((SELECT m.id_number FROM member m
         WHERE m.household_id = c.household_id AND m.relation = '本人' AND m.removed = 0 LIMIT 1), '')
       WHEN c.support_mode = '集中供养' THEN ''
       ELSE coalesce((SELECT m.id_number FROM case_member cm JOIN member m ON m.id = cm.member_id
         WHERE cm.case_id = c.id ORDER BY cm.id LIMIT 1), '') END AS payee_id_number,
  h.bank_name, c.payee_account AS bank_account,
  (SELECT count(*) FROM case_member cm WHERE cm.case_id = c.id) AS persons,
  c.initial_amount_fen, c.start_month, c.end_month
FROM assistance_case c JOIN household h ON h.id = c.household_id JOIN village v ON v.id = h.village_id
"""
_INSERT_PLAIN = f"""
INSERT INTO roster_line (roster_id, line_no, {", ".join(LINE_COLUMNS)})
SELECT :roster_id, 0, case_id, grant_id, household_id, village, payee_name, payee_id_number, bank_name,
       bank_account, persons, initial_amount_fen, '正常', :month, ''
FROM ({_CASE_BASE} WHERE c.program = :program AND c.start_month <= :month
      AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id))
"""
_RENUMBER = """
UPDATE roster_line SET line_no = ordered.n FROM (
  SELECT id, row_number() OVER (ORDER BY village, household_id, coalesce(case_id, 0), for_month, id) AS n
  FROM roster_line WHERE roster_id = :roster_id) AS ordered
WHERE roster_line.id = ordered.id
"""


class Paid:
    """Which months each case was paid for by confirmed rosters, and which months had a roster.

    Most cases were paid every month since they started, so the count of paid months settles
    them; only a case whose count falls short has its months looked up.
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
        self._s = s

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


def _bases(s: Session, case_ids: list[int]) -> dict[int, dict]:
    out = {}
    for i in range(0, len(case_ids), 500):
        chunk = case_ids[i:i + 500]
        marks = ", ".join(f":c{j}" for j in range(len(chunk)))
        rows = s.execute(text(f"{_CASE_BASE} WHERE c.id IN ({marks})"), {f"c{j}": c for j, c in enumerate(chunk)})
        for row in rows.mappings():
            out[row["case_id"]] = dict(row)
    return out


def _line(base: dict, amount: int, kind: str, for_month: str, note: str) -> dict:
    line = {k: base[k] for k in LINE_COLUMNS[:9]}
    line.update(amount_fen=amount, kind=kind, for_month=for_month, note=note[:200])
    return line


def case_lines(s: Session, program: str, month: str, paid: Paid) -> tuple[int, list[dict]]:
    """Insert the plain lines of `program` (returns how many) and build the rest in Python."""
    cases = s.execute(text("SELECT id, start_month, end_month, initial_amount_fen FROM assistance_case "
                           "WHERE program = :p AND start_month <= :m"), {"p": program, "m": month}).all()
    events: dict[int, list[Ev]] = defaultdict(list)  # every case with an event, future ones included: the
    for cid, kind, eff, amount, months in s.execute(  # plain INSERT leaves all of them to this replay
            select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.effective_month, CaseEvent.amount_fen,
                   CaseEvent.months)):
        events[cid].append(Ev(kind, eff, amount, months))
    pending: list[tuple[int, int, str, str, str]] = []  # (case, amount, kind, for_month, note)
    for cid, start, end, amount in cases:
        if cid in events:
            st = state_in(start, amount, events[cid], month)
            if st.status == "active":
                pending.append((cid, st.amount_fen, "正常", month, st.note))
            elif st.status == "suspended":
                pending.append((cid, 0, "停发", month, "暂停发放"))
        for m in paid.missed(program, cid, start, month, end):
            back = state_in(start, amount, events.get(cid, []), m)
            if back.pays:
                pending.append((cid, back.amount_fen, "补发", m, f"补发 {m}"))
    ids = {cid for cid, *_ in cases}
    for a in s.scalars(select(PaymentAdjustment).where(PaymentAdjustment.pay_month == month)):
        if a.case_id in ids:
            pending.append((a.case_id, a.amount_fen, "调整", a.for_month, a.reason))
    bases = _bases(s, sorted({p[0] for p in pending}))
    return len(cases), [_line(bases[cid], amount, kind, m, note) for cid, amount, kind, m, note in pending]


def insert_plain(s: Session, roster_id: int, program: str, month: str) -> None:
    s.execute(text(_INSERT_PLAIN), {"roster_id": roster_id, "program": program, "month": month})


def temporary_lines(s: Session, month: str) -> list[dict]:
    """临时救助 grants paid this month: one line per grant (one 户次 with its person count)."""
    q = text("""
        SELECT NULL AS case_id, g.id AS grant_id, g.household_id, v.name AS village,
          coalesce(hm.name, '') AS payee_name, coalesce(hm.id_number, '') AS payee_id_number, h.bank_name,
          h.bank_account, g.persons, g.amount_fen, g.kind || '：' || g.reason AS note
        FROM temporary_grant g JOIN household h ON h.id = g.household_id JOIN village v ON v.id = h.village_id
        LEFT JOIN member hm ON hm.household_id = h.id AND hm.relation = '本人' AND hm.removed = 0
        WHERE g.paid_month = :m AND g.status IN ('已批准', '先行救助')""")
    out = []
    for row in s.execute(q, {"m": month}).mappings():
        out.append(_line(dict(row), row["amount_fen"], "临时救助", month, row["note"]))
    return out


def price_lines(s: Session, month: str) -> list[dict]:
    """价格临时补贴: every person covered by a dibao or tekun case paid a regular amount this month."""
    trigger = s.get(PriceSubsidyMonth, month)
    if trigger is None:
        return []
    q = (select(Roster.program, *(getattr(RosterLine, c) for c in LINE_COLUMNS[:9])).join(Roster)
         .where(Roster.month == month, Roster.program.in_(CASE_PROGRAMS), RosterLine.kind == "正常",
                RosterLine.for_month == month))
    out = []
    for row in s.execute(q).mappings():
        per_person = trigger.urban_fen if row["program"].startswith("urban") else trigger.rural_fen
        if per_person:
            base = {k: row[k] for k in LINE_COLUMNS[:9]}
            out.append(_line(base, row["persons"] * per_person, "价格补贴", month,
                             f"{PROGRAM_NAMES[row['program']]}对象"))
    return out


def finish(s: Session, roster: Roster, lines: list[dict]) -> None:
    """Insert the Python-built lines, number every line, and record the roster's totals."""
    if lines:
        s.execute(RosterLine.__table__.insert(), [{**x, "roster_id": roster.id, "line_no": 0} for x in lines])
    s.execute(text(_RENUMBER), {"roster_id": roster.id})
    mine = RosterLine.roster_id == roster.id
    households, persons = s.execute(
        select(func.count(func.distinct(RosterLine.household_id)), func.coalesce(func.sum(RosterLine.persons), 0))
        .where(mine, RosterLine.kind.in_(COUNTED_KINDS), RosterLine.amount_fen > 0)).one()
    total = s.scalar(select(func.coalesce(func.sum(RosterLine.amount_fen), 0)).where(mine))
    roster.households, roster.persons, roster.total_fen = households, int(persons), int(total)


def generate(uow, actor_name: str, month: str) -> None:
    """generate_rosters of commit 440b421 without the audit record and the summaries."""
    from sqlalchemy import delete

    all_programs = (*CASE_PROGRAMS, "temporary", "price_subsidy")
    with uow.begin() as s:
        existing = {r.program: r for r in s.scalars(select(Roster).where(Roster.month == month))}
        paid = Paid(s, month)
        for program in all_programs:
            old = existing.get(program)
            if old is not None and old.state != "draft":
                continue
            if old is not None:
                s.execute(delete(RosterLine).where(RosterLine.roster_id == old.id))
                s.delete(old)
                s.flush()
            roster = Roster(month=month, program=program, generated_by=actor_name, generated_at=utcnow())
            s.add(roster)
            s.flush()
            if program in CASE_PROGRAMS:
                insert_plain(s, roster.id, program, month)
                lines = case_lines(s, program, month, paid)[1]
            else:
                lines = temporary_lines(s, month) if program == "temporary" else price_lines(s, month)
            finish(s, roster, lines)
