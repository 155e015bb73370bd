"""Application tables: the 申请审批 list (ApplicationsTableModel, rows coloured by deadline), one
application's history (TransitionsTableModel), 临时救助 grants (GrantsTableModel), and a plain
text table (PlainTableModel) for the short lists of the standards page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.money import format_fen
from app.domain.roles import ROLE_LABELS
from app.domain.workflow import DUE_STATUS_LABELS, STEP_LABELS, Step
from app.services.application_queries import ApplicationRow
from app.services.applications import TransitionRow
from app.services.temporary import GrantRow
from app.ui.models.base import SORT_ROLE, Index, ReadOnlyRowsModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # application / grant id of the row

DUE_COLOURS = {"due_soon": QColor("#ffe3a3"), "overdue": QColor("#f6c1bd")}  # amber, red
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _RowsModel(ReadOnlyRowsModel):
    """Read-only rows replaced as a whole; subclasses say what each cell shows."""

    context = "ApplicationsTableModel"
    columns: Sequence[str] = ()
    numeric: frozenset[int] = frozenset()

    @property
    def headers(self) -> Sequence[str]:  # type: ignore[override] - the columns are the headers
        return self.columns

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, col = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col in self.numeric else _LEFT
        if role == SORT_ROLE:
            return self.sort_value(row, col)
        if role == ID_ROLE:
            return getattr(row, "id", None)
        return self.extra(row, col, role)

    def cell(self, row, col: int) -> str:
        return _text(row[col])

    def sort_value(self, row, col: int):
        return self.cell(row, col)

    def extra(self, row, col: int, role: int):
        return None



# (header, ApplicationRow attribute)
APPLICATION_COLUMNS = (
    ("编号", "id"), ("村(社区)", "village"), ("申请人", "applicant"), ("项目", "program"), ("状态", "state"),
    ("月救助金(元)", "amount_fen"), ("登记日期", "created_on"), ("待办事项", "next_due_label"),
    ("期限", "next_due"), ("期限状态", "due_status"),
)


class ApplicationsTableModel(_RowsModel):
    """Applications with their next deadline; due-soon rows amber, overdue rows red."""

    columns = tuple(h for h, _ in APPLICATION_COLUMNS)
    numeric = frozenset({0, 5})

    def application_id(self, row: int) -> int:
        return self._rows[row].id

    def cell(self, row: ApplicationRow, col: int) -> str:
        attr = APPLICATION_COLUMNS[col][1]
        value = getattr(row, attr)
        if attr == "amount_fen":
            return "" if value is None else format_fen(value)
        if attr == "due_status":
            return QCoreApplication.translate(self.context, DUE_STATUS_LABELS.get(value, "")) if value else ""
        return _text(value)

    def sort_value(self, row: ApplicationRow, col: int):
        attr = APPLICATION_COLUMNS[col][1]
        value = getattr(row, attr)
        if attr in ("amount_fen", "id"):
            return -1 if value is None else value
        return _text(value)

    def extra(self, row: ApplicationRow, col: int, role: int):
        colour = DUE_COLOURS.get(row.due_status)
        if role == Qt.ItemDataRole.BackgroundRole and colour is not None:
            return QBrush(colour)
        if role == Qt.ItemDataRole.ForegroundRole and colour is not None:
            return QBrush(QColor("black"))  # readable on the tint in dark themes too
        return None


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


class TransitionsTableModel(_RowsModel):
    """Every step taken on one application, oldest first: when, what, who, opinion, what was recorded."""

    context = "TransitionsTableModel"
    columns = ("日期", "办理步骤", "状态变化", "办理人", "意见", "记录")

    def cell(self, t: TransitionRow, col: int) -> str:
        if col == 0:
            return t.on.isoformat()
        if col == 1:
            return step_label(t.step)
        if col == 2:
            return t.to_state if t.from_state == t.to_state else f"{t.from_state} → {t.to_state}"
        if col == 3:
            return f"{t.actor}（{ROLE_LABELS.get(t.role, t.role)}）"
        if col == 4:
            return t.opinion
        return describe_data(t.data)


class GrantsTableModel(_RowsModel):
    """临时救助 grants, newest first; `names` maps household id -> head name."""

    context = "GrantsTableModel"
    columns = ("编号", "申请人", "类型", "金额(元)", "人数", "事由", "状态", "申请日期", "补齐材料期限", "发放月份")
    numeric = frozenset({0, 3, 4})

    def __init__(self, rows: Sequence[GrantRow] | None = None, names: dict[int, str] | None = None,
                 parent=None) -> None:
        super().__init__(rows, parent)
        self.names = dict(names or {})
        self.today: date | None = None  # None: the real today (tests pin it)

    def set_grants(self, rows: Sequence[GrantRow], names: dict[int, str]) -> None:
        self.names = dict(names)
        self.set_rows(rows)

    def grant_id(self, row: int) -> int:
        return self._rows[row].id

    def cell(self, g: GrantRow, col: int) -> str:
        values = (g.id, self.names.get(g.household_id, f"户 {g.household_id}"), g.kind, format_fen(g.amount_fen),
                  g.persons, g.reason, g.status, g.applied_on, g.papers_due, g.paid_month)
        return _text(values[col])

    def sort_value(self, g: GrantRow, col: int):
        numbers = {0: g.id, 3: g.amount_fen, 4: g.persons}
        return numbers[col] if col in numbers else self.cell(g, col)

    def extra(self, g: GrantRow, col: int, role: int):
        today = self.today or date.today()
        late = g.status == "先行救助" and g.papers_due is not None and g.papers_due < today
        if role == Qt.ItemDataRole.BackgroundRole and late:
            return QBrush(DUE_COLOURS["overdue"])
        return None


class PlainTableModel(_RowsModel):
    """Rows of already formatted text cells under fixed headers (standards, subsidy months, holidays)."""

    context = "StandardsPage"

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[object]] | None = None,
                 numeric: Sequence[int] = (), parent=None) -> None:
        super().__init__(rows, parent)
        self.columns = tuple(columns)
        self.numeric = frozenset(numeric)
