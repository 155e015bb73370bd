"""Public notices (公示, SPEC §5): who is posted, with only the fields a notice may show.

A notice never carries ID numbers, addresses, bank accounts, income, illness or disability
details: the rows built here have no such fields, so no template can print them by mistake.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain import lifecycle as lc
from app.domain.programs import CASE_PROGRAMS, PROGRAM_NAMES, is_dibao
from app.domain.standards import month_text
from app.domain.workflow import AppState, notice_period
from app.errors import NotFound
from app.models import Application, Case, CaseEvent, CaseMember, Household, Setting, Township
from app.models.uow import UnitOfWork
from app.services.cases import beneficiary_name

PHONE_KEY = "complaint_phone"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class NoticeRow:
    village: str
    name: str
    household_size: int
    program: str
    amount_fen: int
    start: date | None = None
    end: date | None = None


def _head(h: Household) -> str:
    return next((m.name for m in h.members if m.relation == "本人" and not m.removed), "")


def _size(h: Household) -> int:
    return sum(1 for m in h.members if not m.removed)


def pending_rows(uow: UnitOfWork, village: str = "") -> list[NoticeRow]:
    """初审公示: applications being posted (公示中), with the proposed monthly amount."""
    with uow.read() as s:
        q = (select(Application).where(Application.state == AppState.NOTICE.value)
             .options(selectinload(Application.household).selectinload(Household.members),
                      selectinload(Application.household).selectinload(Household.village)))
        rows = []
        for a in s.scalars(q):
            h = a.household
            if village and h.village.name != village:
                continue
            end = notice_period(a.notice_start)[1] if a.notice_start else None
            rows.append(NoticeRow(h.village.name, _head(h), _size(h), PROGRAM_NAMES[a.program], a.amount_fen or 0,
                                  a.notice_start, end))
    return sorted(rows, key=lambda r: (r.village, r.program, r.name))


def current_rows(uow: UnitOfWork, village: str = "", month: str | None = None) -> list[NoticeRow]:
    """长期公示: every case paying in `month` (default: this month), name of the payee's household head."""
    month = month or month_text(date.today())
    with uow.read() as s:
        events: dict[int, list[lc.CaseEvent]] = {}
        for e in s.scalars(select(CaseEvent)):
            events.setdefault(e.case_id, []).append(lc.CaseEvent(e.kind, e.effective_month, e.amount_fen, e.months))
        q = (select(Case).where(Case.start_month <= month, Case.program.in_(CASE_PROGRAMS))
             .options(selectinload(Case.household).selectinload(Household.members),
                      selectinload(Case.household).selectinload(Household.village),
                      selectinload(Case.members).selectinload(CaseMember.member)))
        rows = []
        for c in s.scalars(q):
            st = lc.state_in(c.start_month, c.initial_amount_fen, events.get(c.id, []), month)
            if not st.pays or (village and c.household.village.name != village):
                continue
            name = beneficiary_name(c)  # a 集中供养 person under their own name, never the institution's
            size = _size(c.household) if is_dibao(c.program) else len(c.members)
            rows.append(NoticeRow(c.household.village.name, name, size, PROGRAM_NAMES[c.program], st.amount_fen))
    return sorted(rows, key=lambda r: (r.village, r.program, r.name))


def township_header(uow: UnitOfWork) -> tuple[str, str]:
    """Township name and the complaint phone printed on notices."""
    with uow.read() as s:
        name = s.scalar(select(Township.name)) or ""
        phone = s.scalar(select(Setting.value).where(Setting.key == PHONE_KEY).order_by(Setting.id.desc()).limit(1))
        return name, (json.loads(phone) if phone else "")


def write_notice(uow: UnitOfWork, kind: str, path: Path, *, village: str = "", month: str | None = None,
                 today: date | None = None) -> int:
    """Write the 初审公示 (kind="pending") or 长期公示 (kind="current") PDF; returns the row count."""
    from app.reports.notices_pdf import notice_pdf

    rows = pending_rows(uow, village) if kind == "pending" else current_rows(uow, village, month)
    if not rows:
        what = "公示中的申请" if kind == "pending" else "在保对象"
        raise NotFound(f"{village or '全乡镇'}没有{what}，无需公示")
    township, phone = township_header(uow)
    notice_pdf(rows, Path(path), kind=kind, township=township, phone=phone, today=today or date.today())
    return len(rows)
