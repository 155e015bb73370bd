"""Application tables: the 申请审批 list (ApplicationsTableModel, rows coloured by deadline), one
application's history (TransitionsTableModel), 临时救助 grants (GrantsTableModel), and a plain
text table (PlainTableModel) for the short lists of the standards page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.domain.money import format_fen
from app.domain.roles import ROLE_LABELS
from app.domain.workflow import DUE_STATUS_LABELS, STEP_LABELS, Step
from app.services.application_queries import ApplicationRow
from app.services.applications import TransitionRow
from app.services.temporary import GrantRow
from app.ui.models.base import LEFT, RIGHT, Column, ColumnsTableModel, sorted_by_text

DUE_COLOURS = {"due_soon": QColor("#ffe3a3"), "overdue": QColor("#f6c1bd")}  # amber, red
BLACK = QColor("black")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _number_or_minus_one(attr: str):  # noqa: ANN202 - a sort function
    return lambda r: -1 if getattr(r, attr) is None else getattr(r, attr)


def _due_label(value: object) -> str:
    return QCoreApplication.translate("ApplicationsTableModel", DUE_STATUS_LABELS.get(value, "")) if value else ""


def _due_tint(r: ApplicationRow) -> QColor | None:
    return DUE_COLOURS.get(r.due_status)


def _due_ink(r: ApplicationRow) -> QColor | None:
    return BLACK if r.due_status in DUE_COLOURS else None  # readable on the tint in dark themes too


def _application_column(title: str, attr: str, **kw) -> Column:  # noqa: ANN003 - Column options
    kw.setdefault("display", _text)
    kw.setdefault("sort", lambda r: _text(getattr(r, attr)))
    return Column(title, attr, background=_due_tint, foreground=_due_ink, **kw)


APPLICATION_COLUMNS = (
    _application_column("编号", "id", align=RIGHT, sort=_number_or_minus_one("id")),
    _application_column("村(社区)", "village"),
    _application_column("申请人", "applicant"),
    _application_column("项目", "program"),
    _application_column("状态", "state"),
    _application_column("月救助金(元)", "amount_fen", align=RIGHT, display=lambda v: "" if v is None else format_fen(v),
                        sort=_number_or_minus_one("amount_fen")),
    _application_column("登记日期", "created_on"),
    _application_column("待办事项", "next_due_label"),
    _application_column("期限", "next_due"),
    _application_column("期限状态", "due_status", display=_due_label),
)


class ApplicationsTableModel(ColumnsTableModel):
    """Applications with their next deadline; due-soon rows amber, overdue rows red."""

    COLUMNS = APPLICATION_COLUMNS
    context = "ApplicationsTableModel"

    def application_id(self, row: int) -> int:
        return self._rows[row].id


def step_label(step: str) -> str:
    return STEP_LABELS.get(Step(step), step) if step in Step._value2member_map_ else step


def describe_data(data: dict) -> str:
    """What a step recorded, in one line: investigators, visit date, amounts, lateness."""
    tr = QCoreApplication.translate
    parts = []
    if data.get("investigators"):
        parts.append(tr("TransitionsTableModel", "调查人：{0}").format("、".join(data["investigators"])))
    if data.get("visit_date"):
        parts.append(tr("TransitionsTableModel", "入户 {0}").format(data["visit_date"]))
    if data.get("findings"):
        parts.append(tr("TransitionsTableModel", "调查情况：{0}").format(data["findings"]))
    if data.get("data_check"):
        parts.append(tr("TransitionsTableModel", "核对：{0}").format(data["data_check"]))
    if data.get("amount_fen") is not None:
        parts.append(tr("TransitionsTableModel", "金额 {0} 元").format(format_fen(data["amount_fen"])))
    computed = data.get("computed_amount_fen")
    if computed is not None and computed != data.get("amount_fen"):
        parts.append(tr("TransitionsTableModel", "计算金额 {0} 元").format(format_fen(computed)))
    if data.get("missing_papers"):
        parts.append(tr("TransitionsTableModel", "缺少材料：{0}").format("、".join(data["missing_papers"])))
    if data.get("case_start_month"):
        parts.append(tr("TransitionsTableModel", "自 {0} 起发放").format(data["case_start_month"]))
    if data.get("late_workdays"):
        parts.append(tr("TransitionsTableModel", "逾期 {0} 个工作日").format(data["late_workdays"]))
    return "；".join(parts)


def _state_change(t: TransitionRow) -> str:
    return t.to_state if t.from_state == t.to_state else f"{t.from_state} → {t.to_state}"


TRANSITION_COLUMNS = sorted_by_text((
    Column("日期", lambda t: t.on.isoformat()),
    Column("办理步骤", lambda t: step_label(t.step)),
    Column("状态变化", _state_change),
    Column("办理人", lambda t: f"{t.actor}（{ROLE_LABELS.get(t.role, t.role)}）"),
    Column("意见", "opinion"),
    Column("记录", lambda t: describe_data(t.data)),
))


class TransitionsTableModel(ColumnsTableModel):
    """Every step taken on one application, oldest first: when, what, who, opinion, what was recorded."""

    COLUMNS = TRANSITION_COLUMNS
    context = "TransitionsTableModel"


class GrantsTableModel(ColumnsTableModel):
    """临时救助 grants, newest first; `names` maps household id -> head name; rows whose papers are
    overdue (先行救助 past the deadline) are red."""

    context = "GrantsTableModel"

    def __init__(self, rows: Sequence[GrantRow] | None = None, names: dict[int, str] | None = None,
                 parent=None) -> None:  # noqa: ANN001
        self.names = dict(names or {})
        self.today: date | None = None  # None: the real today (tests pin it)

        def grant(title: str, value, align=LEFT, sort=None) -> Column:  # noqa: ANN001
            return Column(title, value, align=align, display=_text, sort=sort, background=self._late_tint)

        super().__init__(rows, parent, columns=sorted_by_text((
            grant("编号", "id", RIGHT, sort=lambda g: g.id),
            grant("申请人", lambda g: self.names.get(g.household_id, f"户 {g.household_id}")),
            grant("类型", "kind"),
            grant("金额(元)", lambda g: format_fen(g.amount_fen), RIGHT, sort=lambda g: g.amount_fen),
            grant("人数", "persons", RIGHT, sort=lambda g: g.persons),
            grant("事由", "reason"),
            grant("状态", "status"),
            grant("申请日期", "applied_on"),
            grant("补齐材料期限", "papers_due"),
            grant("发放月份", "paid_month"),
        )))

    def _late_tint(self, g: GrantRow) -> QColor | None:
        today = self.today or date.today()
        late = g.status == "先行救助" and g.papers_due is not None and g.papers_due < today
        return DUE_COLOURS["overdue"] if late else None

    def set_grants(self, rows: Sequence[GrantRow], names: dict[int, str]) -> None:
        self.names = dict(names)
        self.set_rows(rows)

    def grant_id(self, row: int) -> int:
        return self._rows[row].id


class PlainTableModel(ColumnsTableModel):
    """Rows of already formatted text cells under fixed headers (standards, subsidy months, holidays)."""

    context = "StandardsPage"

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[object]] | None = None,
                 numeric: Sequence[int] = (), parent=None) -> None:  # noqa: ANN001
        super().__init__(rows, parent, columns=text_columns(columns, numeric))


def text_columns(titles: Sequence[str], numeric: Sequence[int] = ()) -> tuple[Column, ...]:
    """Columns over rows that are sequences of cells: column i shows cell i as text ("" past the end)."""
    return sorted_by_text(tuple(
        Column(title, lambda r, i=i: r[i] if i < len(r) else "", align=RIGHT if i in numeric else LEFT,
               display=_text) for i, title in enumerate(titles)))
