"""Building one month's roster lines, set-based (SPEC §5, §11).

The lines of every roster being (re)generated are first built in TEMP tables, numbered in
village / household / case order, and then written over the roster's previous draft line by
line, so regenerating a draft rewrites only the lines that changed. The bulk - every case with
no lifecycle event, paying its approved amount - comes from one INSERT ... SELECT for all
programs; Python handles only what needs the lifecycle replay: cases with events (suspended,
changed, tapering, ended), back pay (补发) for months a confirmed roster missed, adjustments,
temporary grants and the price subsidy.

How many months a case was already paid for comes from paid_month_count, which
`record_paid` keeps when a roster is confirmed, as long as every confirmed roster is of an
earlier month; generating a month before a confirmed one counts them from the lines instead.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.domain.lifecycle import CaseEvent as Ev
from app.domain.lifecycle import month_add, months_between, state_in
from app.domain.programs import CASE_PROGRAMS, PROGRAM_NAMES, programs_of
from app.domain.roster_lines import CASE_MONTH_KINDS, COUNTED_KINDS, LineKind
from app.models import PriceSubsidyMonth, Roster, RosterLine

LINE_COLUMNS = ("case_id", "grant_id", "household_id", "village", "payee_name", "payee_id_number", "bank_name",
                "bank_account", "persons", "amount_fen", "kind", "for_month", "note")
_COLS = ", ".join(LINE_COLUMNS)
_LINE_TYPES = ("case_id INTEGER, grant_id INTEGER, household_id INTEGER, village VARCHAR, payee_name VARCHAR, "
               "payee_id_number VARCHAR, bank_name VARCHAR, bank_account VARCHAR, persons INTEGER, "
               "amount_fen INTEGER, kind VARCHAR, for_month VARCHAR, note VARCHAR")

_TEMP_TABLES = {
    # every line of the rosters being generated (src 0: a plain case, 1: built in Python; seq: the
    # order Python built it in, the numbering's last tie-break); short: a plain case paid for fewer
    # months than there were confirmed rosters from its start on
    "roster_stage": f"(k INTEGER PRIMARY KEY, roster_id INTEGER, src INTEGER, seq INTEGER, short INTEGER, {_LINE_TYPES})",
    # the stage's lines in roster order
    "roster_number": "(roster_id INTEGER, line_no INTEGER, k INTEGER, PRIMARY KEY (roster_id, line_no)) WITHOUT ROWID",
    # case lines Python decided on, completed from the case in SQL
    "roster_pending": "(roster_id INTEGER, seq INTEGER, case_id INTEGER, amount_fen INTEGER, kind VARCHAR, "
                      "for_month VARCHAR, note VARCHAR)",
    # how many confirmed months of a program from a start month on
    "due_from": "(program VARCHAR, start_month VARCHAR, n INTEGER, PRIMARY KEY (program, start_month)) WITHOUT ROWID",
    "paid_exact": "(case_id INTEGER PRIMARY KEY, months INTEGER)",
    # a previous draft's line ids and line count
    "roster_span": "(roster_id INTEGER PRIMARY KEY, lo INTEGER, hi INTEGER, n INTEGER)",
}

_DIBAO = ", ".join(f"'{p}'" for p in programs_of("dibao"))  # paid to the household head
# the line fields every kind of case line shares, for the case joined in as `c`
_CASE_BASE = f"""
  c.id AS case_id, NULL AS grant_id, c.household_id, v.name AS village, c.payee_name,
  CASE WHEN c.program IN ({_DIBAO}) THEN coalesce((SELECT m.id_number FROM member m
         WHERE m.household_id = c.household_id AND m.relation = '本人' AND m.removed = 0 LIMIT 1), '')
       WHEN c.support_mode = '集中供养' THEN ''
       ELSE coalesce((SELECT m.id_number FROM case_member cm JOIN member m ON m.id = cm.member_id
         WHERE cm.case_id = c.id ORDER BY cm.id LIMIT 1), '') END AS payee_id_number,
  h.bank_name, c.payee_account AS bank_account,
  (SELECT count(*) FROM case_member cm WHERE cm.case_id = c.id) AS persons"""
_CASE_JOIN = "JOIN household h ON h.id = c.household_id JOIN village v ON v.id = h.village_id"
# the plain cases of all the programs at once (`+c.program`: one pass over the cases beats one
# index range per program)
_STAGE_PLAIN = f"""
INSERT INTO roster_stage (roster_id, src, seq, short, {_COLS})
SELECT {{roster_of}}, 0, 0, coalesce(p.months, 0) < coalesce(d.n, {{total}}),
  {_CASE_BASE}, c.initial_amount_fen, :regular, :month, ''
FROM assistance_case c {_CASE_JOIN} LEFT JOIN {{paid}} p ON p.case_id = c.id
  LEFT JOIN due_from d ON d.program = c.program AND d.start_month = c.start_month
WHERE +c.program IN ({{programs}}) AND c.start_month <= :month
  AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id)
"""
_STAGE_PENDING = f"""
INSERT INTO roster_stage (roster_id, src, seq, short, {_COLS})
SELECT p.roster_id, 1, p.seq, 0, {_CASE_BASE}, p.amount_fen, p.kind, p.for_month, p.note
FROM roster_pending p JOIN assistance_case c ON c.id = p.case_id {_CASE_JOIN}
"""
# the cases the plain INSERT does not settle: with events, or short (a superset: missed() decides)
_ATTENTION = """
SELECT c.program, c.id, c.start_month, c.end_month, c.initial_amount_fen, coalesce(p.months, 0)
FROM assistance_case c LEFT JOIN {paid} p ON p.case_id = c.id
WHERE c.id IN (SELECT case_id FROM case_event UNION SELECT case_id FROM roster_stage WHERE short)
  AND +c.program IN ({programs}) AND c.start_month <= :month
"""
_NUMBER = """
INSERT INTO roster_number (roster_id, line_no, k)
SELECT roster_id, row_number() OVER (PARTITION BY roster_id
  ORDER BY village, household_id, coalesce(case_id, 0), for_month, src, seq), k
FROM roster_stage WHERE roster_id IN ({rosters})
"""
# per previous draft: its staged lines, and how many of them the draft has exactly (the id range
# keeps the lookup on the case or household index to the draft's own lines; `+` keeps it off the
# roster_id one, which would scan the whole draft per line)
_MATCHED = f"""
SELECT s.roster_id, p.n, count(*), sum(EXISTS (SELECT 1 FROM roster_line l
  WHERE l.case_id = s.case_id AND l.id BETWEEN p.lo AND p.hi AND +l.roster_id = s.roster_id
    AND {" AND ".join(f"l.{c} IS s.{c}" for c in LINE_COLUMNS)}))
FROM roster_stage s JOIN roster_span p ON p.roster_id = s.roster_id GROUP BY s.roster_id
"""
_NEW_LINES = "roster_number n JOIN roster_stage s ON s.k = n.k"
_DIFFERS = " OR ".join(f"l.{c} IS NOT s.{c}" for c in LINE_COLUMNS)
_REWRITE_CHANGED = f"""
UPDATE roster_line AS l SET ({_COLS}) = ({", ".join(f"s.{c}" for c in LINE_COLUMNS)})
FROM {_NEW_LINES} WHERE l.roster_id = :roster_id AND n.roster_id = :roster_id AND n.line_no = l.line_no
  AND ({_DIFFERS})
"""
_COUNTED = ", ".join(f"'{k.value}'" for k in COUNTED_KINDS)
_TOTALS = f"""
SELECT count(DISTINCT CASE WHEN kind IN ({_COUNTED}) AND amount_fen > 0 THEN household_id END),
       coalesce(sum(CASE WHEN kind IN ({_COUNTED}) AND amount_fen > 0 THEN persons END), 0),
       coalesce(sum(amount_fen), 0)
FROM roster_stage WHERE roster_id = :roster_id
"""


def start(s: Session) -> None:
    """The connection's TEMP work tables, empty."""
    for name, columns in _TEMP_TABLES.items():
        s.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS {name} {columns}"))
    clear(s)


def clear(s: Session) -> None:
    for name in _TEMP_TABLES:
        s.execute(text(f"DELETE FROM {name}"))


class Paid:
    """Which months each case was paid for by confirmed rosters, and which months had a roster.

    Most cases were paid every month since they started, so the count of paid months settles
    them; only a case whose count falls short has its months looked up. The counts come from
    paid_month_count while every confirmed roster is of an earlier month (then so is every
    month it counts); before a confirmed month they are counted from the lines.
    """

    def __init__(self, s: Session, month: str) -> None:
        self.months: dict[str, list[str]] = defaultdict(list)
        for m, program in s.execute(select(Roster.month, Roster.program)
                                    .where(Roster.month < month, Roster.state != "draft").order_by(Roster.month)):
            self.months[program].append(m)
        later = s.scalar(select(Roster.id).where(Roster.month >= month, Roster.state != "draft").limit(1))
        self.table = "paid_month_count"
        if later is not None:
            self.table = "paid_exact"
            s.execute(text("""
                INSERT INTO paid_exact (case_id, months)
                SELECT l.case_id, count(DISTINCT l.for_month) FROM roster_line l JOIN roster r ON r.id = l.roster_id
                WHERE r.state != 'draft' AND l.case_id IS NOT NULL AND l.for_month < :month
                  AND l.kind IN (:regular, :back_pay) GROUP BY l.case_id"""),
                {"month": month, "regular": LineKind.REGULAR.value, "back_pay": LineKind.BACK_PAY.value})
        self._s = s

    def stage_plain(self, rosters: dict[str, int], month: str) -> None:
        """Stage the plain lines of the case programs ({program: roster id}), marking the short cases."""
        programs = list(rosters)
        due = [{"p": p, "m": m, "n": len(self.months[p]) - bisect_left(self.months[p], m)}
               for p in programs if self.months.get(p) for m in months_between(self.months[p][0], month)]
        if due:  # a start month before the first confirmed one: all of them (`total`)
            self._s.execute(text("INSERT INTO due_from (program, start_month, n) VALUES (:p, :m, :n)"), due)
        q = _STAGE_PLAIN.format(
            roster_of=_case_of(rosters), paid=self.table, programs=_literals(programs),
            total=_case_of({p: len(self.months.get(p, [])) for p in programs}))
        self._s.execute(text(q), {"month": month, "regular": LineKind.REGULAR.value})

    def attention(self, programs: list[str], month: str) -> list[tuple]:
        """(program, case, start, end, initial amount, months paid) of the cases the plain INSERT leaves."""
        q = _ATTENTION.format(paid=self.table, programs=_literals(programs))
        return sorted(self._s.connection().exec_driver_sql(q, {"month": month}).fetchall())  # raw rows: thousands

    def missed(self, program: str, case_id: int, start: str, month: str, end: str | None, count: int) -> list[str]:
        """Months with a confirmed roster, from `start` up to the case's last month, not paid."""
        months = self.months.get(program, [])
        last = min(month, month_add(end, 1)) if end else month
        due = months[bisect_left(months, start):bisect_left(months, last)]
        if len(due) <= count:
            return []
        have = set(self._s.scalars(select(RosterLine.for_month).join(Roster).where(
            RosterLine.case_id == case_id, Roster.state != "draft", RosterLine.kind.in_(CASE_MONTH_KINDS))))
        return [m for m in due if m not in have]


def _literals(programs: list[str]) -> str:
    return ", ".join(f"'{p}'" for p in programs if p in CASE_PROGRAMS)


def _case_of(values: dict[str, int]) -> str:
    """A program's value ({program: int}) as an SQL expression on `c.program`."""
    return "CASE c.program " + " ".join(f"WHEN '{p}' THEN {int(v)}" for p, v in values.items()) + " END"


def record_paid(s: Session, roster_id: int) -> None:
    """A roster was confirmed: add the months its lines pay for to paid_month and their counts."""
    s.execute(text("CREATE TEMP TABLE IF NOT EXISTS paid_new (case_id INTEGER, for_month VARCHAR)"))
    s.execute(text("""
        INSERT INTO paid_new (case_id, for_month)
        SELECT DISTINCT l.case_id, l.for_month FROM roster_line l
        WHERE l.roster_id = :roster_id AND l.case_id IS NOT NULL AND l.kind IN (:regular, :back_pay)
          AND NOT EXISTS (SELECT 1 FROM paid_month p WHERE p.case_id = l.case_id AND p.for_month = l.for_month)"""),
              {"roster_id": roster_id, "regular": LineKind.REGULAR.value, "back_pay": LineKind.BACK_PAY.value})
    s.execute(text("INSERT INTO paid_month (case_id, for_month) SELECT case_id, for_month FROM paid_new"))
    s.execute(text("""
        INSERT INTO paid_month_count (case_id, months) SELECT case_id, count(*) FROM paid_new WHERE true
        GROUP BY case_id ON CONFLICT (case_id) DO UPDATE SET months = months + excluded.months"""))
    s.execute(text("DELETE FROM paid_new"))


def number_case_lines(s: Session, rosters: dict[str, int], month: str) -> set[int]:
    """Stage and number the lines of the case programs' rosters ({program: roster id}); returns
    those whose previous draft already has exactly these lines (not numbered: nothing to write)."""
    programs = list(rosters)
    paid = Paid(s, month)
    paid.stage_plain(rosters, month)
    events: dict[int, list[Ev]] = defaultdict(list)  # every case's events, future ones included: the
    for cid, kind, eff, amount, months in s.connection().exec_driver_sql(  # plain INSERT leaves all such
            "SELECT case_id, kind, effective_month, amount_fen, months FROM case_event").fetchall():  # cases
        events[cid].append(Ev(kind, eff, amount, months))  # to Python (raw rows: a county has thousands)
    pending: list[tuple[int, int, int, str, str, str]] = []  # (roster, case, amount, kind, for_month, note)
    for program, cid, start, end, amount, count in paid.attention(programs, month):
        rid = rosters[program]
        if cid in events:
            st = state_in(start, amount, events[cid], month)
            if st.status == "active":
                pending.append((rid, cid, st.amount_fen, LineKind.REGULAR, month, st.note))
            elif st.status == "suspended":
                pending.append((rid, cid, 0, LineKind.SUSPENDED, month, "暂停发放"))
        for m in paid.missed(program, cid, start, month, end, count):
            back = state_in(start, amount, events.get(cid, []), m)
            if back.pays:
                pending.append((rid, cid, back.amount_fen, LineKind.BACK_PAY, m, f"{LineKind.BACK_PAY.value} {m}"))
    adjustments = s.execute(text(f"""
        SELECT c.program, a.case_id, a.amount_fen, a.for_month, a.reason
        FROM payment_adjustment a CROSS JOIN assistance_case c ON c.id = a.case_id
        WHERE a.pay_month = :month AND c.program IN ({_literals(programs)}) AND c.start_month <= :month
        ORDER BY a.id"""), {"month": month})
    pending.extend((rosters[p], cid, amount, LineKind.ADJUSTMENT, m, reason) for p, cid, amount, m, reason in adjustments)
    if pending:  # thousands of rows at county size: straight to the driver's executemany
        s.connection().exec_driver_sql(
            "INSERT INTO roster_pending (roster_id, seq, case_id, amount_fen, kind, for_month, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(r, i, c, a, str(k), m, note[:200]) for i, (r, c, a, k, m, note) in enumerate(pending)])
        s.execute(text(_STAGE_PENDING))
    same = set() if any(kind == LineKind.ADJUSTMENT for _, _, _, kind, _, _ in pending) else _unchanged(s, rosters.values())
    todo = [r for r in rosters.values() if r not in same]
    if todo:
        s.execute(text(_NUMBER.format(rosters=", ".join(str(int(r)) for r in todo))))
    return same


def _unchanged(s: Session, rosters: Iterable[int]) -> set[int]:
    """The rosters whose previous draft has exactly the staged lines, so also in the same order.

    Each staged line has its own (case, kind, month) - only adjustments could share one, and the
    caller does not ask when there are any - so when every staged line is in the draft and the
    draft has no other line, the two hold the same lines. Then their order is the same too: every
    version of the generator numbered the lines sorted by village, household, case and month,
    and without adjustments no two lines of a case roster share those.
    """
    ids = ", ".join(str(int(r)) for r in rosters)
    s.execute(text(f"INSERT INTO roster_span (roster_id, lo, hi, n) SELECT roster_id, min(id), max(id), count(*) "
                   f"FROM roster_line WHERE roster_id IN ({ids}) GROUP BY roster_id"))
    return {r for r, old, staged, matched in s.execute(text(_MATCHED)) if old == staged == matched}


def _number_built(s: Session, roster_id: int, lines: list[dict]) -> None:
    if lines:
        s.execute(text(f"INSERT INTO roster_stage (roster_id, src, seq, short, {_COLS}) "
                       f"VALUES (:roster_id, 1, :seq, 0, {', '.join(':' + c for c in LINE_COLUMNS)})"),
                  [{**x, "roster_id": roster_id, "seq": i} for i, x in enumerate(lines)])
        s.execute(text(_NUMBER.format(rosters=int(roster_id))))


def _line(base: dict, amount: int, kind: str, for_month: str, note: str) -> dict:
    line = {k: base[k] for k in LINE_COLUMNS[:9]}
    line.update(amount_fen=amount, kind=kind, for_month=for_month, note=note[:200])
    return line


def number_temporary_lines(s: Session, roster_id: int, month: str) -> None:
    """临时救助 grants paid this month: one line per grant (one 户次 with its person count)."""
    q = text("""
        SELECT NULL AS case_id, g.id AS grant_id, g.household_id, v.name AS village,
          coalesce(hm.name, '') AS payee_name, coalesce(hm.id_number, '') AS payee_id_number, h.bank_name,
          h.bank_account, g.persons, g.amount_fen, g.kind || '：' || g.reason AS note
        FROM temporary_grant g JOIN household h ON h.id = g.household_id JOIN village v ON v.id = h.village_id
        LEFT JOIN member hm ON hm.household_id = h.id AND hm.relation = '本人' AND hm.removed = 0
        WHERE g.paid_month = :m AND g.status IN ('已批准', '先行救助')""")
    _number_built(s, roster_id, [_line(dict(row), row["amount_fen"], LineKind.TEMPORARY, month, row["note"])
                                 for row in s.execute(q, {"m": month}).mappings()])


def number_price_lines(s: Session, roster_id: int, month: str) -> None:
    """价格临时补贴: every person covered by a dibao or tekun case paid a regular amount this month."""
    trigger = s.get(PriceSubsidyMonth, month)
    if trigger is None:
        return
    q = (select(Roster.program, *(getattr(RosterLine, c) for c in LINE_COLUMNS[:9])).join(Roster)
         .where(Roster.month == month, Roster.program.in_(CASE_PROGRAMS), RosterLine.kind == LineKind.REGULAR,
                RosterLine.for_month == month))
    out = []
    for row in s.execute(q).mappings():
        per_person = trigger.urban_fen if row["program"].startswith("urban") else trigger.rural_fen
        if per_person:
            base = {k: row[k] for k in LINE_COLUMNS[:9]}
            out.append(_line(base, row["persons"] * per_person, LineKind.PRICE_SUBSIDY, month,
                             f"{PROGRAM_NAMES[row['program']]}对象"))
    _number_built(s, roster_id, out)


def finish(s: Session, roster: Roster, fresh: bool) -> None:
    """Write the roster's numbered lines over its lines and record its totals (a draft whose
    lines all stayed as they were keeps the totals it had: the same lines give the same)."""
    if _write_lines(s, roster.id, fresh):
        households, persons, total = s.execute(text(_TOTALS), {"roster_id": roster.id}).one()
        roster.households, roster.persons, roster.total_fen = households, int(persons), int(total)


def _write_lines(s: Session, roster_id: int, fresh: bool) -> bool:
    """Make the roster's lines those numbered in roster_number; True if any line changed.

    A previous draft (numbered 1..m, as this module and its predecessor leave it) has lines
    1..n rewritten only where they differ, and lines past n deleted."""
    p = {"roster_id": roster_id}
    n = s.scalar(text("SELECT count(*) FROM roster_number WHERE roster_id = :roster_id"), p)
    old = 0 if fresh else s.scalar(text("SELECT count(*) FROM roster_line WHERE roster_id = :roster_id"), p)
    changed = old != n or fresh
    if old:
        changed = s.execute(text(_REWRITE_CHANGED), p).rowcount > 0 or changed
    if old > n:
        s.execute(text("DELETE FROM roster_line WHERE roster_id = :roster_id AND line_no > :n"), {**p, "n": n})
    if n > old:
        s.execute(text(f"INSERT INTO roster_line (roster_id, line_no, {_COLS}) "
                       f"SELECT n.roster_id, n.line_no, {', '.join('s.' + c for c in LINE_COLUMNS)} FROM {_NEW_LINES} "
                       "WHERE n.roster_id = :roster_id AND n.line_no > :old ORDER BY n.line_no"), {**p, "old": old})
    return changed
