"""Case lifecycle after approval (SPEC §4): what a case pays in a given month.

A case starts in `start_month` with an amount; dated events change it from their effective month
(the month after the decision): amount change, suspension, resumption, 渐退期 (taper: the last
amount keeps being paid for N months, then the case ends), termination. Replaying the events
up to a month gives the case's state and amount in that month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.months import (
    MAX_MONTH,
    month_add,
    month_of,
    months_between,  # noqa: F401 - re-exported for the roster builder
)
from app.errors import Conflict, InvalidInput

EVENT_KINDS = {"change": "调整金额", "suspend": "暂停发放", "resume": "恢复发放", "taper": "进入渐退期",
               "terminate": "终止", "review": "复核（金额不变）"}
END_REASONS = ("死亡", "迁出", "收入超标", "自愿退出", "其他")
MAX_TAPER_MONTHS = 60  # a 渐退期 of more than five years is a typo


@dataclass(frozen=True)
class CaseEvent:
    kind: str
    effective_month: str  # YYYY-MM
    amount_fen: int | None = None  # for "change"
    months: int | None = None  # for "taper"


@dataclass(frozen=True)
class MonthState:
    status: str  # "active" / "suspended" / "ended" / "not_started"
    amount_fen: int
    note: str = ""

    @property
    def pays(self) -> bool:
        return self.status == "active"


def month_after(day: date) -> str:
    """The month after `day`'s month (InvalidInput past the four-digit years, see months.py)."""
    return month_add(month_of(day), 1)


def _taper_last(effective_month: str, months: int) -> str:
    """The last month a taper pays; a stored taper too long to count ends with the month range."""
    try:
        return min(month_add(effective_month, months - 1), MAX_MONTH)
    except InvalidInput:
        return MAX_MONTH if months > 0 else effective_month


def state_in(start_month: str, amount_fen: int, events: list[CaseEvent], month: str) -> MonthState:
    """The case's state and amount in `month`, replaying events effective on or before it."""
    if month < start_month:
        return MonthState("not_started", 0)
    status, amount, note = "active", amount_fen, ""
    for e in sorted(events, key=lambda e: e.effective_month):
        if e.effective_month > month:
            break
        if e.kind == "change":
            amount = e.amount_fen or 0
        elif e.kind == "suspend":
            status, note = "suspended", "停发"
        elif e.kind == "resume":
            status, note = "active", ""
        elif e.kind == "taper":
            last = _taper_last(e.effective_month, e.months or 0)
            if month > last:
                return MonthState("ended", 0, "渐退期满")
            note = f"渐退期（至 {last}）"
        elif e.kind == "terminate":
            return MonthState("ended", 0, "终止")
    return MonthState(status, amount if status == "active" else 0, note)


def check_event(start_month: str, events: list[CaseEvent], new: CaseEvent) -> None:
    """Refuse events that make no sense for the case as it stands at their effective month."""
    if new.kind not in EVENT_KINDS:
        raise InvalidInput(f"未知的变更类型：{new.kind}")
    if new.effective_month < start_month:
        raise InvalidInput(f"生效月份 {new.effective_month} 早于救助开始月份 {start_month}")
    current = state_in(start_month, 0, events, new.effective_month).status
    if current == "ended":
        raise Conflict("救助已终止，不能再变更")
    if new.kind == "suspend" and current == "suspended":
        raise Conflict("救助已暂停")
    if new.kind == "resume" and current != "suspended":
        raise Conflict("救助未暂停，无需恢复")
    if new.kind == "change" and (new.amount_fen is None or new.amount_fen <= 0):
        raise InvalidInput("调整后的金额必须大于 0")
    if new.kind == "taper" and not (new.months and 0 < new.months <= MAX_TAPER_MONTHS):
        raise InvalidInput(f"渐退期月数应为 1 至 {MAX_TAPER_MONTHS}，实为「{new.months}」")
