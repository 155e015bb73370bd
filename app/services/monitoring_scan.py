"""The low-income register and the warning scan (SPEC §13).

Facts about every registry member and every person on an imported list are gathered in one read
(households, incomes, cases, applications, listings), the pure rules of app.domain.monitoring say
which kinds and warning conditions hold, and a scan writes the difference against the open
warnings in one transaction: new conditions raise a warning (due in N working days), gone ones
close theirs with the reason. Running it twice raises nothing the second time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain import monitoring as dom
from app.domain.ids import age_on
from app.domain.masking import mask_id
from app.domain.months import month_add, month_of
from app.domain.programs import CASE_PROGRAMS, family
from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.domain.standards import standard_in_force
from app.domain.workflow import OPEN_STATES, AppState
from app.models import (
    Application,
    Case,
    CaseEvent,
    CaseMember,
    Household,
    Member,
    MonitorImport,
    MonitorListed,
)
from app.models import MonitorWarning as W
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.case_lifecycle import reviews_due
from app.services.monitoring import import_list
from app.services.standards import load_standards, settings_in_force, work_calendar

WORK_INCOME = ("工资性", "经营净")
NOT_APPROVED = (AppState.REFUSED.value, AppState.REJECTED.value)


@dataclass(frozen=True)
class RegisterRow:
    id_number_masked: str
    name: str
    household_id: int | None
    village: str
    kinds: list[tuple[str, str]]  # (kind, since as text)


@dataclass(frozen=True)
class ScanResult:
    raised: dict[str, int]  # rule -> new warnings
    closed: int
    kept: int
    people: int


def _listings(s: Session) -> dict[str, list[tuple[str, dom.Listing]]]:
    out: dict[str, list[tuple[str, dom.Listing]]] = defaultdict(list)
    q = select(MonitorListed, MonitorImport.kind, MonitorImport.imported_at).join(MonitorImport)
    for e, kind, at in s.execute(q):
        out[e.id_number].append((e.name, dom.Listing.of(kind, e.matter, e.day or at.date(), e.amount_fen, e.note)))
    return out


def _case_facts(s: Session, today: date) -> tuple[dict, dict, dict]:
    """member id -> covering (family, start month); member id -> last ended month; case id -> taper's last month."""
    covered: dict[int, list[tuple[str, str]]] = defaultdict(list)
    ended: dict[int, str] = {}
    cases = s.scalars(select(Case).options(selectinload(Case.members))).all()
    for c in cases:
        if c.program not in CASE_PROGRAMS:
            continue
        for cm in c.members:
            if c.status == "active":
                covered[cm.member_id].append((family(c.program), c.start_month))
            elif c.status == "ended" and c.end_month:
                ended[cm.member_id] = max(ended.get(cm.member_id, ""), c.end_month)
    taper: dict[int, str] = {}
    for e in s.scalars(select(CaseEvent).where(CaseEvent.kind == "taper").order_by(CaseEvent.id)):
        taper[e.case_id] = month_add(e.effective_month, (e.months or 1) - 1)
    taper_by_member: dict[int, str] = {}
    for cid, last in taper.items():
        for mid in s.scalars(select(CaseMember.member_id).where(CaseMember.case_id == cid)):
            taper_by_member[mid] = last
    return covered, ended, taper_by_member


def _rejected(s: Session) -> dict[int, date]:
    out: dict[int, date] = {}
    for a in s.scalars(select(Application).where(Application.state.in_(NOT_APPROVED))):
        day = a.decided_on or a.last_step_on or a.created_on
        for mid in json.loads(a.covered_member_ids):
            out[mid] = max(out.get(mid, day), day)
    return out


def gather(s: Session, today: date, review_due: dict[int, date] | None = None,
           household_id: int | None = None) -> tuple[list[dom.PersonFacts], dict]:
    """Every person the register knows (members of active households, then listed people not among them);
    with `household_id`, that household's members only."""
    month = month_of(today)
    settings = settings_in_force(s, month)
    standards = load_standards(s)
    listings = _listings(s)
    covered, ended, taper = _case_facts(s, today)
    rejected = _rejected(s)
    applying = set(s.scalars(select(Application.household_id).where(
        Application.state.in_([st.value for st in OPEN_STATES]))))
    elderly_age = int(dom.setting(settings, "elderly_age"))
    review_due = review_due or {}
    out: list[dom.PersonFacts] = []
    seen: set[str] = set()
    q = (select(Household).where(Household.status == "active")
         .options(selectinload(Household.members).selectinload(Member.incomes), selectinload(Household.village)))
    if household_id is not None:
        q = q.where(Household.id == household_id)
    for h in s.scalars(q):
        members = [m for m in h.members if not m.removed]
        family = [m for m in members if m.co_resident and not m.death_date]
        income = sum(m.monthly_income_fen for m in family)
        pci = income // len(family) if family else None
        standard = standard_in_force(standards, "dibao", h.area, month)
        earners = [m for m in family if any(i.category in WORK_INCOME and i.amount_fen > 0 for i in m.incomes)]
        hh_covered = any(covered.get(m.id) for m in members)
        for m in members:
            seen.add(m.id_number)
            out.append(dom.PersonFacts(
                id_number=m.id_number, name=m.name, in_registry=True, household_id=h.id, member_id=m.id,
                is_head=m.relation == "本人", age=age_on(m.birth_date, today), disability_grade=m.disability_grade,
                covered=tuple(covered.get(m.id, ())), household_covered=hh_covered, application_open=h.id in applying,
                per_capita_income_fen=pci,
                household_income_fen=income, household_earners=len(earners), is_earner=m in earners,
                rigid_costs_fen=h.deductions_fen, dibao_standard_fen=standard.amount_fen if standard else None,
                disabled_in_household=sum(1 for x in family if x.disability_grade > 0),
                elderly_in_household=sum(1 for x in family if age_on(x.birth_date, today) >= elderly_age),
                listings=tuple(x for _, x in listings.get(m.id_number, ())), ended_month=ended.get(m.id),
                rejected_on=rejected.get(m.id), created_on=h.created_at.date(), taper_last_month=taper.get(m.id),
                review_due=review_due.get(h.id) if m.relation == "本人" else None, deceased=m.death_date is not None))
    for number, items in listings.items():
        if number not in seen and household_id is None:
            out.append(dom.PersonFacts(id_number=number, name=items[-1][0], in_registry=False,
                                       listings=tuple(x for _, x in items)))
    return out, settings


def _village_names(s: Session) -> dict[int, str]:
    return {h.id: h.village.name for h in s.scalars(select(Household).options(selectinload(Household.village)))}


def register(uow: UnitOfWork, today: date | None = None, kind: str | None = None,
             household_id: int | None = None) -> list[RegisterRow]:
    """The 低收入人口库: everyone with at least one kind (or the given kind), with since when."""
    today = today or date.today()
    with uow.read() as s:
        facts, settings = gather(s, today, household_id=household_id)
        villages = _village_names(s)
    out = []
    for f in facts:
        ks = dom.kinds(f, settings, today)
        if not ks or (kind and kind not in [k for k, _ in ks]):
            continue
        out.append(RegisterRow(mask_id(f.id_number), f.name, f.household_id, villages.get(f.household_id, ""),
                               [(k, v if isinstance(v, str) else v.isoformat()) for k, v in ks]))
    return out


def household_monitoring(uow: UnitOfWork, household_id: int, today: date | None = None
                         ) -> tuple[list[RegisterRow], list[tuple[str, str, str, str]]]:
    """A household page's kinds per member and its warnings (rule name, person, status, detail)."""
    rows = register(uow, today, household_id=household_id)
    with uow.read() as s:
        q = select(W).where(W.household_id == household_id).order_by(W.id.desc())
        warnings = [(dom.RULES.get(w.rule, w.rule), w.name, w.status, w.detail) for w in s.scalars(q)]
    return rows, warnings


def scan(uow: UnitOfWork, actor: Actor, today: date | None = None) -> ScanResult:
    """Raise what holds and has no open warning; close open warnings whose condition has gone."""
    require_role(actor, *CLERK_ROLES)
    today = today or date.today()
    due_reviews = {r.household_id: r.due for r in reviews_due(uow, today, within_days=0)}
    with uow.begin() as s:
        facts, settings = gather(s, today, due_reviews)
        found = [c for f in facts for c in dom.conditions(f, settings, today)]
        open_rows = {w.id: w for w in s.scalars(select(W).where(W.status.in_(dom.OPEN_STATUSES)))}
        enabled = {r: dom.rule_on(settings, r) for r in dom.RULES}
        plan = dom.plan_scan(found, [dom.OpenWarning(w.id, w.rule, w.id_number) for w in open_rows.values()], enabled)
        by_id = {f.id_number: f for f in facts}
        due = work_calendar(s).add_workdays(today, int(dom.setting(settings, "due_workdays")))
        raised: dict[str, int] = defaultdict(int)
        for c in plan.raise_:
            f = by_id[c.id_number]
            w = W(rule=c.rule, id_number=c.id_number, name=f.name[:50], household_id=f.household_id, detail=c.detail,
                  status=dom.PENDING, raised_on=today, due=due, raised_by=actor.name)
            s.add(w)
            s.flush()
            audit.append(s, actor, "monitor.raise", "monitor_warning", w.id, household_id=f.household_id,
                         after={"rule": c.rule, "detail": c.detail, "due": due.isoformat()})
            raised[c.rule] += 1
        for wid, reason in plan.close:
            w = open_rows[wid]
            w.status, w.reason, w.closed_on, w.version = dom.CLOSED, reason, today, w.version + 1
            audit.append(s, actor, "monitor.close", "monitor_warning", w.id, household_id=w.household_id,
                         after={"status": dom.CLOSED, "reason": reason})
        return ScanResult(dict(raised), len(plan.close), plan.kept, len(facts))


@dataclass(frozen=True)
class ExternalFed:
    imported: int  # the monitoring list's import id
    rows: int
    scan: ScanResult


def feed_external(uow: UnitOfWork, actor: Actor, path: Path, today: date | None = None) -> ExternalFed:
    """SPEC §6 -> §13: keep the cross-check list as a monitoring list (每行的事项 its kind) and scan, so a
    covered person on a 死亡 / 火化 / 公务员 / 车辆 / 工商 row becomes a covered_hit warning to handle.
    Two transactions, each all or nothing: the import, then the (idempotent) scan."""
    imported = import_list(uow, actor, path, dom.EXTERNAL_LIST_KIND, today=today)
    return ExternalFed(imported.id or 0, imported.rows, scan(uow, actor, today=today))
