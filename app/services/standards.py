"""Effective-dated standards and settings from the database; admin edits them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import canonical
from app.domain import standards as dom
from app.domain.calc import price_subsidy_proposal
from app.domain.money import yuan_to_fen
from app.domain.programs import AREA_NAMES, FAMILY_NAMES
from app.domain.roles import Actor, require_role
from app.domain.workdays import WorkCalendar
from app.errors import Conflict, InvalidInput
from app.models import Holiday, PriceSubsidyMonth, Setting, Standard
from app.models.uow import UnitOfWork
from app.services import audit

DELEGATED_KEY = "confirmation_delegated"  # the county delegated confirmation to the township
HOLIDAY_YEARS_KEY = "holiday_years"  # years whose State Council holiday notice the admin entered
TOWNSHIP_KEYS = (DELEGATED_KEY, "complaint_phone", HOLIDAY_YEARS_KEY)  # township settings besides the calc defaults


@dataclass(frozen=True)
class StandardRow:
    program: str
    area: str
    amount_fen: int
    effective_month: str


def load_standards(s: Session) -> list[dom.Standard]:
    return [dom.Standard(r.program, r.area, r.amount_fen, r.effective_month)
            for r in s.scalars(select(Standard).order_by(Standard.effective_month))]


def settings_in_force(s: Session, month: str) -> dict:
    """Each setting's latest value effective on or before `month`, over the defaults."""
    values = dict(dom.DEFAULT_SETTINGS)
    q = select(Setting).where(Setting.effective_month <= month).order_by(Setting.effective_month, Setting.id)
    for row in s.scalars(q):
        values[row.key] = json.loads(row.value)
    return values


def is_delegated(s: Session) -> bool:
    return bool(settings_in_force(s, "9999-12").get(DELEGATED_KEY, False))


def work_calendar(s: Session) -> WorkCalendar:
    rows = s.scalars(select(Holiday)).all()
    years = settings_in_force(s, "9999-12").get(HOLIDAY_YEARS_KEY) or []
    return WorkCalendar(extra_holidays={r.day for r in rows if r.kind == "holiday"},
                        extra_workdays={r.day for r in rows if r.kind == "workday"},
                        declared_years=(int(y) for y in years))


def list_standards(uow: UnitOfWork) -> list[StandardRow]:
    with uow.read() as s:
        return [StandardRow(r.program, r.area, r.amount_fen, r.effective_month) for r in load_standards(s)]


def add_standard(uow: UnitOfWork, actor: Actor, *, program: str, area: str, amount_yuan: object,
                 effective_month: str) -> None:
    """A new standard (dibao/tekun, urban/rural) from a month on; earlier months keep theirs."""
    require_role(actor, "admin")
    if program not in FAMILY_NAMES or area not in AREA_NAMES:
        raise InvalidInput(f"标准类别无效：{program}/{area}")
    month = dom.month_text(dom.parse_month(effective_month, "生效年月"))
    try:
        fen = yuan_to_fen(amount_yuan)
    except (ValueError, ArithmeticError) as exc:  # ArithmeticError: decimal.Overflow of "1e999999999"
        raise InvalidInput(f"标准金额：{exc if isinstance(exc, ValueError) else '金额过大'}") from exc
    if fen <= 0:
        raise InvalidInput("标准金额必须大于 0")
    with uow.begin() as s:
        exists = s.scalar(select(Standard).where(Standard.program == program, Standard.area == area,
                                                 Standard.effective_month == month))
        if exists:
            raise Conflict(f"{month} 起的{area}/{program}标准已存在")
        row = Standard(program=program, area=area, amount_fen=fen, effective_month=month)
        s.add(row)
        s.flush()
        audit.append(s, actor, "standard.add", "standard", row.id,
                     after={"program": program, "area": area, "amount_fen": fen, "effective_month": month})


def set_setting(uow: UnitOfWork, actor: Actor, key: str, value: object, effective_month: str = "2000-01") -> None:
    require_role(actor, "admin")
    if key not in dom.DEFAULT_SETTINGS and key not in TOWNSHIP_KEYS:
        raise InvalidInput(f"未知的设置项：{key}")
    effective_month = dom.month_text(dom.parse_month(effective_month, "生效年月"))
    with uow.begin() as s:
        put_setting(s, actor, key, value, effective_month)


def put_setting(s: Session, actor: Actor, key: str, value: object, month: str) -> None:
    """Store `value` for `key` from `month` on, in the caller's transaction, with its audit record
    (the one write path of every effective-dated setting: standards, township, monitoring)."""
    row = s.scalar(select(Setting).where(Setting.key == key, Setting.effective_month == month))
    before = json.loads(row.value) if row else None
    if row is None:
        row = Setting(key=key, value="null", effective_month=month)
        s.add(row)
    row.value = json.dumps(value, ensure_ascii=False)
    s.flush()
    audit.append(s, actor, "setting.set", "setting", row.id, before={"key": key, "value": before},
                 after={"key": key, "value": value, "effective_month": month})


def add_holiday(uow: UnitOfWork, actor: Actor, day: date, kind: str, note: str = "") -> None:
    require_role(actor, "admin")
    if kind not in ("holiday", "workday"):
        raise InvalidInput("类型应为 holiday（放假）或 workday（调休上班）")
    with uow.begin() as s:
        s.merge(Holiday(day=day, kind=kind, note=note))
        audit.append(s, actor, "holiday.set", "holiday", None, after={"day": day, "kind": kind, "note": note})


def set_price_subsidy(uow: UnitOfWork, actor: Actor, month: str, urban_yuan: object, rural_yuan: object,
                      note: str = "") -> None:
    """Record a triggered month with its per-person amounts (SPEC §3.4)."""
    require_role(actor, "admin")
    month = dom.month_text(dom.parse_month(month, "月份"))
    try:
        urban, rural = yuan_to_fen(urban_yuan), yuan_to_fen(rural_yuan)
    except (ValueError, ArithmeticError) as exc:
        raise InvalidInput(f"价格临时补贴金额：{exc if isinstance(exc, ValueError) else '金额过大'}") from exc
    with uow.begin() as s:
        s.merge(PriceSubsidyMonth(month=month, urban_fen=urban, rural_fen=rural, note=note))
        audit.append(s, actor, "price_subsidy.set", "price_subsidy_month", None,
                     after={"month": month, "urban_fen": urban, "rural_fen": rural})


def price_subsidy_months(uow: UnitOfWork) -> list[tuple[str, int, int]]:
    with uow.read() as s:
        return [(r.month, r.urban_fen, r.rural_fen)
                for r in s.scalars(select(PriceSubsidyMonth).order_by(PriceSubsidyMonth.month))]


def propose_price_subsidy(uow: UnitOfWork, month: str, cpi_rise_percent: object) -> tuple[int, int]:
    """SPEC §3.4: the proposed per-person 价格临时补贴 (urban, rural) in fen for `month`,
    round(S × rise) from each area's dibao standard in force; the rise is typed in percent (3.5)."""
    text = canonical.text(cpi_rise_percent).removesuffix("%")
    try:
        rise = Decimal(text) / 100
    except InvalidOperation:
        raise InvalidInput(f"CPI 涨幅：应为百分数，如 3.5，实为「{text}」") from None
    if not rise.is_finite() or not Decimal(0) <= rise <= 1:
        raise InvalidInput(f"CPI 涨幅：应为 0 至 100 之间的百分数，实为「{text}」")
    month = dom.month_text(dom.parse_month(month, "月份"))
    with uow.read() as s:
        standards = load_standards(s)
    out = []
    for area in ("urban", "rural"):
        standard = dom.standard_in_force(standards, "dibao", area, month)
        if standard is None:
            raise InvalidInput(f"{month} 没有{dom.AREA_NAMES[area]}低保标准，无法测算价格临时补贴")
        out.append(price_subsidy_proposal(standard.amount_fen, rise))
    return out[0], out[1]
