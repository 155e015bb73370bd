"""The State Council's yearly holiday notice (国务院办公厅关于某年部分节假日安排的通知), entered in one go.

From 1 November a township needs next year's 放假 and 调休上班 days, or every working-day deadline
across 春节 is only a Monday-Friday estimate. The admin types the notice's days or imports them
from an xlsx (日期, 类型 放假/调休上班, 说明); the whole year is written in one transaction and the
year is then known to the calendar. Where the admin table and the library both speak, the table wins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from app.domain import canonical
from app.domain.roles import Actor, require_role
from app.domain.workdays import WorkCalendar
from app.errors import ImportRejected, InvalidInput, RowProblem
from app.models import Holiday, Setting
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.standards import HOLIDAY_YEARS_KEY, work_calendar

KIND_NAMES = {"放假": "holiday", "休息": "holiday", "调休上班": "workday", "上班": "workday", "补班": "workday"}
NOTICE_FROM = (11, 1)  # from 1 November the admin is told when next year is missing


@dataclass(frozen=True)
class HolidayDay:
    day: date
    kind: str  # holiday / workday
    note: str = ""


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = canonical.text(value).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
    text = text.replace(".", "-")
    try:
        y, m, d = (int(p) for p in text.split("-"))
        return date(y, m, d)
    except ValueError:
        raise ValueError(f"应为日期，如 2027-02-10，实为「{canonical.text(value)}」") from None


def read_notice_xlsx(path: Path) -> list[HolidayDay]:
    """Rows of 日期 | 类型 | 说明 under a header row; every bad row is named (sheet row numbers)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is the same refusal for the admin
        raise InvalidInput(f"无法读取 {Path(path).name}：请另存为 .xlsx 工作簿后重试") from None
    try:
        rows = list(wb.worksheets[0].iter_rows(min_row=1, max_row=200, max_col=3, values_only=True))
    finally:
        wb.close()
    out, problems = [], []
    for number, row in enumerate(rows, start=1):
        cells = [*row, None, None, None][:3]
        if number == 1 and canonical.text(cells[0]) in ("日期", "date"):
            continue
        if all(canonical.text(c) == "" for c in cells):
            continue
        try:
            day = _day(cells[0])
        except ValueError as exc:
            problems.append(RowProblem(number, "日期", str(exc)))
            continue
        kind = KIND_NAMES.get(canonical.text(cells[1]))
        if kind is None:
            problems.append(RowProblem(number, "类型", f"应为 放假 或 调休上班，实为「{canonical.text(cells[1])}」"))
            continue
        out.append(HolidayDay(day, kind, canonical.text(cells[2])))
    if problems:
        raise ImportRejected(problems)
    return out


def record_notice(uow: UnitOfWork, actor: Actor, year: int, days: list[HolidayDay]) -> int:
    """Write the year's 放假 / 调休上班 days and mark the year known; returns the days written."""
    require_role(actor, "admin")
    if not 2000 <= year <= 2099:
        raise InvalidInput(f"年份应为 2000-2099，实为 {year}")
    if not days:
        raise InvalidInput(f"{year} 年的放假安排没有任何日期")
    stray = sorted({d.day.isoformat() for d in days if d.day.year != year})
    if stray:
        raise InvalidInput(f"不是 {year} 年的日期：{'、'.join(stray)}")
    WorkCalendar(extra_holidays=[d.day for d in days if d.kind == "holiday"],
                 extra_workdays=[d.day for d in days if d.kind == "workday"])  # one day cannot be both
    with uow.begin() as s:
        for d in days:
            s.merge(Holiday(day=d.day, kind=d.kind, note=d.note))
        row = s.scalar(select(Setting).where(Setting.key == HOLIDAY_YEARS_KEY, Setting.effective_month == "2000-01"))
        if row is None:
            row = Setting(key=HOLIDAY_YEARS_KEY, value="[]", effective_month="2000-01")
            s.add(row)
        years = sorted({*json.loads(row.value), year})
        row.value = json.dumps(years)
        s.flush()
        audit.append(s, actor, "holiday.notice", "holiday", None,
                     after={"year": year, "days": [(d.day.isoformat(), d.kind) for d in days]},
                     note=f"录入 {year} 年节假日安排 {len(days)} 天")
    return len(days)


def missing_next_year(uow: UnitOfWork, today: date) -> int | None:
    """Next year, when it is 1 November or later and next year's holidays are not known; else None."""
    if (today.month, today.day) < NOTICE_FROM:
        return None
    with uow.read() as s:
        calendar = work_calendar(s)
    return None if calendar.covers(today.year + 1) else today.year + 1
