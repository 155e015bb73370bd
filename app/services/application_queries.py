"""Read-only views of applications: the list with deadlines, one application, the work list."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain import workflow as wf
from app.domain.masking import mask_id
from app.domain.programs import PROGRAM_NAMES
from app.domain.roles import Actor
from app.models import Application, Household
from app.models.uow import UnitOfWork
from app.services.applications import (
    ApplicationDetail,
    MemberLine,
    TransitionRow,
    app_snapshot,
    load_application,
)
from app.services.standards import is_delegated, work_calendar


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    household_id: int
    village: str
    applicant: str
    program: str  # Chinese name
    state: str
    amount_fen: int | None
    created_on: date
    next_due: date | None
    next_due_label: str
    due_status: str  # ok / due_soon / overdue / ""


ESTIMATED = "（估算：该年节假日未录入）"


def _head_name(h: Household) -> str:
    return next((m.name for m in h.members if m.relation == "本人" and not m.removed), "")


def _due(s: Session, a: Application, today: date, cal, delegated: bool) -> list[tuple[str, date, str]]:
    out = []
    for d in wf.deadlines(app_snapshot(a), cal, delegated):
        label = wf.DEADLINE_LABELS[d.kind]
        if cal.estimated(a.accepted_on or a.decided_on or d.due, d.due):
            label += ESTIMATED  # the year's holidays are not known: Monday-Friday only
        out.append((label, d.due, wf.due_status(d.due, today, cal)))
    return out


def application_rows(uow: UnitOfWork, *, state: str = "", today: date | None = None) -> list[ApplicationRow]:
    today = today or date.today()
    with uow.read() as s:
        q = (select(Application).options(selectinload(Application.household).selectinload(Household.members),
                                         selectinload(Application.household).selectinload(Household.village))
             .order_by(Application.id.desc()))
        if state:
            q = q.where(Application.state == state)
        cal, delegated = work_calendar(s), is_delegated(s)
        rows = []
        for a in s.scalars(q):
            due = _due(s, a, today, cal, delegated)
            first = due[0] if due else None
            rows.append(ApplicationRow(
                a.id, a.household_id, a.household.village.name, _head_name(a.household), PROGRAM_NAMES[a.program],
                a.state, a.amount_fen, a.created_on, first[1] if first else None, first[0] if first else "",
                first[2] if first else ""))
        return rows


def work_list(uow: UnitOfWork, today: date | None = None) -> list[ApplicationRow]:
    """What is due soon or overdue, most urgent first."""
    rows = [r for r in application_rows(uow, today=today) if r.due_status in ("due_soon", "overdue")]
    return sorted(rows, key=lambda r: (r.due_status != "overdue", r.next_due))


def application_detail(uow: UnitOfWork, application_id: int, viewer: Actor | None = None,
                       today: date | None = None) -> ApplicationDetail:
    today = today or date.today()
    with uow.read() as s:
        a = load_application(s, application_id)
        covered = set(json.loads(a.covered_member_ids))
        cal, delegated = work_calendar(s), is_delegated(s)
        steps = ([st.value for st in wf.available_steps(app_snapshot(a), viewer, delegated=delegated)]
                 if viewer else [])
        return ApplicationDetail(
            id=a.id, household_id=a.household_id, village=a.household.village.name,
            applicant=_head_name(a.household), program=a.program, state=a.state, amount_fen=a.amount_fen,
            computed_amount_fen=a.computed_amount_fen,
            members=[MemberLine(m.id, m.name, m.relation, mask_id(m.id_number), m.id in covered)
                     for m in a.household.members if not m.removed],
            transitions=[TransitionRow(t.step, t.from_state, t.to_state, t.actor, t.role, t.on, t.opinion,
                                       json.loads(t.data)) for t in a.transitions],
            deadlines=_due(s, a, today, cal, delegated), version=a.version, case_id=a.case_id, steps=steps,
            notice_period=wf.notice_period(a.notice_start) if a.notice_start else None,
            single_person=a.single_person,
        )
