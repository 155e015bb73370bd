"""Indicators for a year or a month (SPEC §6), the `stats --json` shape, and the dashboard figures.

Indicators come from confirmed (or exported) rosters only: what was paid. A draft roster, or a
month without any roster, counts as nothing paid. Money is attributed to the month whose roster
paid it (a 补发 line in March counts in March).

JSON (SPEC §6): money (`total_paid`, `avg_amount_per_person`) is a decimal string with 2 places;
`avg_households` and `avg_persons` are averages of counts, not money, and are JSON numbers rounded
half up to 2 places (16.92); `households_times` is an integer. With a month the shape is the same
and the averages are over that one month.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.domain import lifecycle as lc
from app.domain.indicators import Indicators, MonthFigures, change_pct, coverage_pct, money_text, summarize
from app.domain.months import check_period
from app.domain.programs import ALL_PROGRAMS, CASE_PROGRAMS, PROGRAM_NAMES
from app.domain.roster_lines import COUNTED_KINDS
from app.models import Case, CaseEvent, CaseMember, Household, Member, Roster, RosterLine, Township
from app.models.uow import UnitOfWork


@dataclass(frozen=True)
class MonthPoint:
    month: str  # YYYY-MM
    households: int
    persons: int
    paid_fen: int


@dataclass(frozen=True)
class ProgramStats:
    program: str
    name: str
    current: Indicators
    previous: Indicators  # the same period one year earlier
    coverage_pct: Decimal | None  # average persons / township population, in percent
    new_cases: int | None  # cases whose first month falls in the period (dibao / tekun only)
    ended_cases: int | None  # cases whose last month falls in the period (dibao / tekun only)

    def change(self, attr: str) -> Decimal | None:
        """Percent change of an Indicators attribute against the previous year."""
        return change_pct(getattr(self.current, attr), getattr(self.previous, attr))


@dataclass(frozen=True)
class StatsReport:
    year: int
    month: int | None
    township: str
    township_code: str
    population: int
    programs: dict[str, ProgramStats]
    total: ProgramStats  # 合计: persons / households of the four dibao and tekun programs, money of all six
    monthly: dict[str, list[MonthPoint]] = field(default_factory=dict)  # the 12 months of `year`

    @property
    def period(self) -> str:
        return f"{self.year} 年 {self.month} 月" if self.month else f"{self.year} 年 1—12 月"


def _months(year: int, month: int | None) -> list[str]:
    return [f"{year:04d}-{month:02d}"] if month else [f"{year:04d}-{m:02d}" for m in range(1, 13)]


def month_figures(s: Session, months: list[str]) -> dict[str, dict[str, MonthFigures]]:
    """{program: {month: figures}} from the confirmed rosters of `months` (two aggregate queries)."""
    paid = select(Roster.program, Roster.month, func.coalesce(func.sum(RosterLine.amount_fen), 0)).join(
        RosterLine, RosterLine.roster_id == Roster.id, isouter=True)
    paid = paid.where(Roster.state != "draft", Roster.month.in_(months)).group_by(Roster.program, Roster.month)
    counted = (select(Roster.program, Roster.month, func.count(func.distinct(RosterLine.household_id)),
                      func.coalesce(func.sum(RosterLine.persons), 0), func.count())
               .join(RosterLine, RosterLine.roster_id == Roster.id)
               .where(Roster.state != "draft", Roster.month.in_(months), RosterLine.kind.in_(COUNTED_KINDS),
                      RosterLine.amount_fen > 0)
               .group_by(Roster.program, Roster.month))
    out: dict[str, dict[str, MonthFigures]] = defaultdict(dict)
    for program, month, fen in s.execute(paid):
        out[program][month] = MonthFigures(paid_fen=int(fen))
    for program, month, households, persons, lines in s.execute(counted):
        times = lines if program == "temporary" else households  # 临时救助: one 户次 per grant
        fen = out[program].get(month, MonthFigures()).paid_fen
        out[program][month] = MonthFigures(households, int(persons), times, fen)
    return out


def _case_counts(s: Session, first: str, last: str) -> tuple[dict[str, int], dict[str, int]]:
    new = dict(s.execute(select(Case.program, func.count()).where(Case.start_month.between(first, last))
                         .group_by(Case.program)).all())
    ended = dict(s.execute(select(Case.program, func.count()).where(Case.end_month.between(first, last))
                           .group_by(Case.program)).all())
    return new, ended


def _township(s: Session) -> tuple[str, str, int]:
    t = s.scalar(select(Township).limit(1))
    return (t.name, t.code, t.population or 0) if t else ("", "", 0)


def indicators(uow: UnitOfWork, year: object, month: object = None) -> StatsReport:
    """Every program's indicators for `year` (or one month of it), with the previous year alongside."""
    year, month = check_period(year, month)
    months, before = _months(year, month), _months(year - 1, month)
    with uow.read() as s:
        figures = month_figures(s, months + before + [m for m in _months(year, None) if m not in months])
        new, ended = _case_counts(s, months[0], months[-1])
        name, code, population = _township(s)
    programs = {}
    for key in ALL_PROGRAMS:
        by_month = figures.get(key, {})
        current = summarize((by_month[m] for m in months if m in by_month), len(months))
        previous = summarize((by_month[m] for m in before if m in by_month), len(before))
        is_case = key in CASE_PROGRAMS
        programs[key] = ProgramStats(key, PROGRAM_NAMES[key], current, previous,
                                     coverage_pct(current.avg_persons, population) if is_case else None,
                                     new.get(key, 0) if is_case else None, ended.get(key, 0) if is_case else None)
    total = _total(figures, months, before, population, programs)
    monthly = {key: [_point(m, figures.get(key, {}).get(m)) for m in _months(year, None)] for key in ALL_PROGRAMS}
    return StatsReport(year, month, name, code, population, programs, total, monthly)


def _total(figures: dict, months: list[str], before: list[str], population: int,
           programs: dict[str, ProgramStats]) -> ProgramStats:
    """合计: households and persons of the dibao and tekun programs, money and 户次 of all six."""
    def combined(period: list[str]) -> Indicators:
        people = summarize((f for k in CASE_PROGRAMS for m, f in figures.get(k, {}).items() if m in period),
                           len(period))
        everything = summarize((f for k in ALL_PROGRAMS for m, f in figures.get(k, {}).items() if m in period),
                               len(period))
        return Indicators(len(period), people.avg_households, people.avg_persons, people.avg_amount_per_person,
                          everything.total_paid_fen, everything.households_times, people.person_times)

    current = combined(months)
    return ProgramStats("total", "合计", current, combined(before), coverage_pct(current.avg_persons, population),
                        sum(programs[k].new_cases or 0 for k in CASE_PROGRAMS),
                        sum(programs[k].ended_cases or 0 for k in CASE_PROGRAMS))


def _point(month: str, f: MonthFigures | None) -> MonthPoint:
    f = f or MonthFigures()
    return MonthPoint(month, f.households, f.persons, f.paid_fen)


def report_json(report: StatsReport) -> dict:
    """The SPEC §6 JSON of a report (see the module docstring for the types)."""
    return {"year": report.year, "programs": {key: {
        "avg_households": float(p.current.avg_households),
        "avg_persons": float(p.current.avg_persons),
        "avg_amount_per_person": f"{p.current.avg_amount_per_person:.2f}",
        "total_paid": money_text(p.current.total_paid_fen),
        "households_times": p.current.households_times,
    } for key, p in report.programs.items()}}


def stats_json(uow: UnitOfWork, year: object, month: object = None) -> dict:
    """`jiuzhu stats --year Y [--month M] --json`: exactly {"year": Y, "programs": {KEY: {...}}}."""
    return report_json(indicators(uow, year, month))


def years_with_rosters(uow: UnitOfWork) -> list[int]:
    """Years that have at least one confirmed roster, newest first."""
    with uow.read() as s:
        months = s.scalars(select(Roster.month).where(Roster.state != "draft").distinct())
        return sorted({int(m[:4]) for m in months}, reverse=True)


@dataclass(frozen=True)
class Overview:
    """The dashboard's counts for one month."""

    month: str
    households: int  # registered, not closed
    members: int
    in_care: dict[str, tuple[int, int]]  # program -> (cases paying this month, covered persons)


def overview(uow: UnitOfWork, today: date | None = None) -> Overview:
    """Registered households and persons, and who is in care in the month of `today` by program.

    Set-based: every case, its events and member counts in three queries, replayed in memory.
    """
    today = today or date.today()
    month = f"{today.year:04d}-{today.month:02d}"
    with uow.read() as s:
        households = s.scalar(select(func.count()).select_from(Household).where(Household.status == "active"))
        members = s.scalar(select(func.count()).select_from(Member).join(Household).where(
            Household.status == "active", Member.removed.is_(False), Member.death_date.is_(None)))
        cases = s.execute(select(Case.id, Case.program, Case.start_month, Case.initial_amount_fen).where(
            Case.start_month <= month, Case.program.in_(CASE_PROGRAMS),
            or_(Case.status != "ended", and_(Case.end_month.is_not(None), Case.end_month >= month)))).all()
        events: dict[int, list[lc.CaseEvent]] = defaultdict(list)
        for cid, kind, eff, amount, n in s.execute(select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.effective_month,
                                                          CaseEvent.amount_fen, CaseEvent.months)):
            events[cid].append(lc.CaseEvent(kind, eff, amount, n))
        persons = dict(s.execute(select(CaseMember.case_id, func.count()).group_by(CaseMember.case_id)).all())
    in_care = {key: (0, 0) for key in CASE_PROGRAMS}
    for cid, program, start, amount in cases:
        if lc.state_in(start, amount, events[cid], month).pays:
            n, p = in_care[program]
            in_care[program] = (n + 1, p + persons.get(cid, 0))
    return Overview(month, households or 0, members or 0, in_care)
