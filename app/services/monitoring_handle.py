"""Handling monitoring warnings and what they add up to (SPEC §13): the list, the steps, the report.

待核实 -> 核实中 (visit date, two investigators, findings) -> 纳入救助 (a draft application for the
household is started in the same transaction and linked) / 转介 (named) / 不符合 (reason). Each
step is audited. Due dates follow the §4 working-day clock; a warning is overdue past its due day
while it is open.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.domain import monitoring as dom
from app.domain.masking import mask_id
from app.domain.months import parse_year
from app.domain.programs import key_for
from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.domain.workflow import AppState
from app.errors import Conflict, InvalidInput, NotFound
from app.models import Application, Household
from app.models import MonitorWarning as W
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.applications import create_application_in


@dataclass(frozen=True)
class WarningRow:
    id: int
    rule: str
    rule_name: str
    status: str
    name: str
    id_number_masked: str
    household_id: int | None
    raised: date
    due: date
    detail: str
    overdue: bool
    application_id: int | None = None
    referral: str = ""
    reason: str = ""

    def to_json(self) -> dict:
        return {"id": self.id, "rule": self.rule, "status": self.status, "name": self.name,
                "id_number_masked": self.id_number_masked, "household_id": self.household_id,
                "raised": self.raised.isoformat(), "due": self.due.isoformat()}


@dataclass(frozen=True)
class MonitorReport:
    period: str
    raised: dict[str, int]  # rule -> raised in the period
    handled: int  # brought to 纳入救助 / 转介 / 不符合 in the period
    brought_in: int  # applications started
    approved: int  # of those, confirmed
    referred: int
    not_eligible: int
    closed: int
    open_now: int
    overdue_now: int
    referrals: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"period": self.period, "raised": {r: self.raised.get(r, 0) for r in dom.RULES},
                "raised_total": sum(self.raised.values()), "handled": self.handled,
                "brought_in": {"applications_started": self.brought_in, "approved": self.approved},
                "referred": self.referred, "not_eligible": self.not_eligible, "closed": self.closed,
                "open": self.open_now, "overdue": self.overdue_now, "referrals": dict(self.referrals)}


def _row(w: W, today: date) -> WarningRow:
    return WarningRow(w.id, w.rule, dom.RULES.get(w.rule, w.rule), w.status, w.name, mask_id(w.id_number),
                      w.household_id, w.raised_on, w.due, w.detail,
                      w.status in dom.OPEN_STATUSES and w.due < today, w.application_id, w.referral, w.reason)


def list_warnings(uow: UnitOfWork, *, status: str | None = None, rule: str | None = None,
                  household_id: int | None = None, today: date | None = None) -> list[WarningRow]:
    """Warnings, newest first; status 待核实 ... or "open" / "overdue"; rule a RULES key."""
    today = today or date.today()
    if rule is not None and rule not in dom.RULES:
        raise InvalidInput(f"预警规则：应为 {'/'.join(dom.RULES)} 之一，实为「{rule}」")
    if status is not None and status not in (*dom.STATUSES, "open", "overdue"):
        raise InvalidInput(f"状态：应为 {'/'.join(dom.STATUSES)} 或 open/overdue，实为「{status}」")
    with uow.read() as s:
        q = select(W).order_by(W.id.desc())
        if rule:
            q = q.where(W.rule == rule)
        if status in ("open", "overdue"):
            q = q.where(W.status.in_(dom.OPEN_STATUSES))
        elif status:
            q = q.where(W.status == status)
        if status == "overdue":
            q = q.where(W.due < today)
        if household_id is not None:
            q = q.where(W.household_id == household_id)
        return [_row(w, today) for w in s.scalars(q)]


def warning_counts(uow: UnitOfWork, today: date | None = None) -> tuple[int, int]:
    """(open, overdue) for the dashboard and work list."""
    rows = list_warnings(uow, status="open", today=today)
    return len(rows), sum(r.overdue for r in rows)


def handle_warning(uow: UnitOfWork, actor: Actor, warning_id: int, step: str, data: dict | None = None, *,
                   on: date | None = None, version: int | None = None) -> WarningRow:
    """One handling step; 纳入救助 starts the household's draft application in the same transaction."""
    require_role(actor, *CLERK_ROLES)
    on = on or date.today()
    if on > date.today():
        raise InvalidInput(f"处理日期 {on.isoformat()} 不能晚于今天")
    with uow.begin() as s:
        w = s.get(W, warning_id)
        if w is None:
            raise NotFound(f"预警 {warning_id}")
        if version is not None and version != w.version:
            raise Conflict(f"预警 {warning_id} 已被他人处理，请刷新后再试")
        values = dom.check_step(step, w.status, dict(data or {}))
        visit = values.get("visit_date")
        if visit and (visit > on or visit < w.raised_on):
            raise InvalidInput(f"入户核实日期 {visit.isoformat()} 应在预警日 {w.raised_on.isoformat()} 与今天之间")
        before = {"status": w.status}
        if step == "verify":
            w.visit_date, w.findings = visit, values["findings"]
            w.investigators = json.dumps(values["investigators"], ensure_ascii=False)
        elif step == "include":
            if w.household_id is None:
                raise InvalidInput(f"{w.name} 尚未在本镇登记家庭：请先登记其家庭，再纳入救助（{dom.RULES[w.rule]}）")
            h = s.get(Household, w.household_id)
            w.application_id = create_application_in(s, actor, w.household_id, key_for(values["program"], h.area), on=on)
        elif step == "refer":
            w.referral = values["referral"][:100]
        elif step == "reject":
            w.reason = values["reason"]
        w.status = dom.STEPS[step][1]
        if w.status not in dom.OPEN_STATUSES:
            w.closed_on = on
        w.handled_by, w.version = actor.name, w.version + 1
        audit.append(s, actor, f"monitor.{step}", "monitor_warning", w.id, household_id=w.household_id,
                     before=before, after={"status": w.status, **{k: (v.isoformat() if isinstance(v, date) else v)
                                                                  for k, v in values.items()},
                                           **({"application_id": w.application_id} if w.application_id else {})})
        return _row(w, on)


def warning_version(uow: UnitOfWork, warning_id: int) -> int:
    with uow.read() as s:
        w = s.get(W, warning_id)
        if w is None:
            raise NotFound(f"预警 {warning_id}")
        return w.version


def report(uow: UnitOfWork, year: object, month: int | None = None, today: date | None = None) -> MonitorReport:
    """Raised per rule, handled, brought in (started, approved), referred, for a year or one month."""
    y = parse_year(year)
    if month is not None and not 1 <= int(month) <= 12:
        raise InvalidInput(f"月份：应为 1-12，实为「{month}」")
    first = date(y, int(month or 1), 1)
    last = date(y + int(month == 12 or not month), (int(month) % 12 + 1) if month else 1, 1)
    today = today or date.today()

    def within(d: date | None) -> bool:
        return d is not None and first <= d < last

    with uow.read() as s:
        rows = s.scalars(select(W)).all()
        app_ids = [w.application_id for w in rows if w.application_id and within(w.closed_on)]
        approved_n = len(s.scalars(select(Application.id).where(
            Application.id.in_(app_ids), Application.state == AppState.CONFIRMED.value)).all())
        closed_in = [w for w in rows if within(w.closed_on)]
        statuses = Counter(w.status for w in closed_in)
        opened = [w for w in rows if w.status in dom.OPEN_STATUSES]
        return MonitorReport(
            period=f"{y}年{int(month)}月" if month else f"{y}年",
            raised=dict(Counter(w.rule for w in rows if within(w.raised_on))),
            handled=statuses[dom.INCLUDED] + statuses[dom.REFERRED] + statuses[dom.NOT_ELIGIBLE],
            brought_in=len(app_ids), approved=approved_n, referred=statuses[dom.REFERRED],
            not_eligible=statuses[dom.NOT_ELIGIBLE], closed=statuses[dom.CLOSED], open_now=len(opened),
            overdue_now=sum(w.due < today for w in opened),
            referrals=dict(Counter(w.referral for w in closed_in if w.status == dom.REFERRED)))
