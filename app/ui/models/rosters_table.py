"""Read-only tables of the payment pages: roster summary, lines, village totals, month-on-month diff,
notice preview, cases in force, reviews due and the 调标 preview.

Each model is a list of plain service rows plus a column spec; the base class does the Qt part.
Display text goes through DisplayRole, the raw value (fen, not yuan) through SORT_ROLE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.money import format_fen
from app.domain.programs import PROGRAM_NAMES
from app.services.case_lifecycle import CaseRow, ReviewDue
from app.services.notices import NoticeRow
from app.services.restandard import RestandardLine
from app.services.roster_queries import DiffRow, LineRow, VillageTotal
from app.services.rosters import STATE_NAMES, RosterSummary
from app.ui.models.base import SORT_ROLE

Index = QModelIndex | QPersistentModelIndex

CASE_STATUS_NAMES = {"active": "正常发放", "suspended": "暂停发放（停发）", "ended": "已终止", "not_started": "未开始"}
DRAFT = QColor("#c0392b")
MUTED = QColor("#888888")
GOOD = QColor("#1e7b34")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], object]  # raw value: sorting and SORT_ROLE
    money: bool = False  # fen shown as yuan, right aligned
    numeric: bool = False

    def text(self, row: Any) -> str:
        v = self.value(row)
        if v is None:
            return ""
        return format_fen(v) if self.money else str(v)


def _money(header: str, value: Callable[[Any], object]) -> Column:
    return Column(header, value, money=True)


def _count(header: str, value: Callable[[Any], object]) -> Column:
    return Column(header, value, numeric=True)


class RowsTableModel(QAbstractTableModel):
    """A read-only table of plain rows; subclasses set COLUMNS and may colour or embolden rows."""

    COLUMNS: ClassVar[tuple[Column, ...]] = ()

    def __init__(self, rows: list | None = None, parent=None) -> None:
        super().__init__(parent)
        self._rows: list = []
        if rows:
            self.set_rows(rows)

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list:
        return list(self._rows)

    def columns(self) -> tuple[Column, ...]:
        return self.COLUMNS

    def headers(self) -> list[str]:
        return [self.headerData(c, Qt.Orientation.Horizontal) for c in range(self.columnCount())]

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.columns())

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns()):
            return QCoreApplication.translate(type(self).__name__, self.columns()[section].header)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(self.columns())):
            return None
        row, col = self._rows[index.row()], self.columns()[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return col.text(row)
        if role == SORT_ROLE:
            return col.value(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if col.money or col.numeric else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.colour(row, col)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.FontRole and self.bold(row, col):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def colour(self, row: Any, col: Column) -> QColor | None:
        return None

    def bold(self, row: Any, col: Column) -> bool:
        return False

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


# -- rosters ---------------------------------------------------------------------------------
def _program(key: str) -> str:
    return PROGRAM_NAMES.get(key, key) if key else "合计"


class RosterSummaryTableModel(RowsTableModel):
    """One row per program of the month, then a 合计 row (program "") covering all of them."""

    COLUMNS = (
        Column("救助项目", lambda r: _program(r.program)),
        Column("状态", lambda r: STATE_NAMES.get(r.state, r.state)),
        _count("户数", lambda r: r.households),
        _count("人数", lambda r: r.persons),
        _money("金额(元)", lambda r: r.total_fen),
        _count("明细行数", lambda r: r.lines),
        Column("生成人", lambda r: r.generated_by),
        Column("确认人", lambda r: r.confirmed_by),
    )

    def set_rows(self, rows: list[RosterSummary]) -> None:
        rows = list(rows)
        if rows:
            states = {r.state for r in rows}
            total = replace(rows[0], program="", state=states.pop() if len(states) == 1 else "",
                            households=sum(r.households for r in rows), persons=sum(r.persons for r in rows),
                            total_fen=sum(r.total_fen for r in rows), lines=sum(r.lines for r in rows),
                            generated_by="", confirmed_by="", content_hash="")
            rows.append(total)
        super().set_rows(rows)

    def program_at(self, row: int) -> str:
        """The program key of a row; "" for the 合计 row."""
        return self._rows[row].program

    def summaries(self) -> list[RosterSummary]:
        return [r for r in self._rows if r.program]

    def colour(self, row: RosterSummary, col: Column) -> QColor | None:
        if col.header == "状态":
            return DRAFT if row.state == "draft" else GOOD
        return None

    def bold(self, row: RosterSummary, col: Column) -> bool:
        return not row.program or (col.header == "状态" and row.state == "draft")


class RosterLinesTableModel(RowsTableModel):
    """Roster lines with the ID number and bank account masked (SPEC §5, §10)."""

    COLUMNS = (
        _count("序号", lambda r: r.line_no),
        Column("救助项目", lambda r: _program(r.program)),
        Column("村(社区)", lambda r: r.village),
        Column("救助对象", lambda r: r.person),
        Column("收款人", lambda r: r.payee_name),
        Column("身份证号", lambda r: r.id_masked),
        Column("开户行", lambda r: r.bank_name),
        Column("账号", lambda r: r.account_masked),
        _count("人数", lambda r: r.persons),
        _money("金额(元)", lambda r: r.amount_fen),
        Column("类别", lambda r: r.kind),
        Column("所属月份", lambda r: r.for_month),
        Column("备注", lambda r: r.note),
    )

    def colour(self, row: LineRow, col: Column) -> QColor | None:
        if row.kind == "停发":
            return MUTED
        if row.kind in ("补发", "调整") and col.header in ("类别", "金额(元)"):
            return QColor("#1f5fa8")
        return None


class VillageTotalsTableModel(RowsTableModel):
    COLUMNS = (
        Column("救助项目", lambda r: _program(r.program)),
        Column("村(社区)", lambda r: r.village),
        _count("户数", lambda r: r.households),
        _count("人数", lambda r: r.persons),
        _money("金额(元)", lambda r: r.total_fen),
    )

    def set_rows(self, rows: list[VillageTotal]) -> None:
        rows = sorted(rows, key=lambda r: (list(PROGRAM_NAMES).index(r.program) if r.program in PROGRAM_NAMES
                                           else 99, r.village))
        super().set_rows(rows)


class RosterDiffTableModel(RowsTableModel):
    """新增 / 停止 / 金额变化 against the previous month's roster."""

    COLUMNS = (
        Column("救助项目", lambda r: _program(r.program)),
        Column("变化", lambda r: r.change),
        Column("收款人", lambda r: r.payee_name),
        Column("村(社区)", lambda r: r.village),
        _money("上月金额(元)", lambda r: r.before_fen),
        _money("本月金额(元)", lambda r: r.after_fen),
        _money("增减(元)", lambda r: r.after_fen - r.before_fen),
    )

    def colour(self, row: DiffRow, col: Column) -> QColor | None:
        if col.header in ("变化", "增减(元)"):
            delta = row.after_fen - row.before_fen
            return GOOD if delta > 0 else DRAFT if delta < 0 else None
        return None


# -- notices ---------------------------------------------------------------------------------
def _notice_period(r: NoticeRow) -> str:
    return f"{r.start:%Y-%m-%d} 至 {r.end:%Y-%m-%d}" if r.start and r.end else ""


# exactly the columns the notice PDF prints (app/reports/notices_pdf.py); 序号 restarts in each village
PENDING_COLUMNS = (
    Column("村(社区)", lambda r: r[1].village),
    _count("序号", lambda r: r[0]),
    Column("申请人", lambda r: r[1].name),
    _count("家庭人口", lambda r: r[1].household_size),
    Column("救助项目", lambda r: r[1].program),
    _money("拟救助金额(元/月)", lambda r: r[1].amount_fen),
    Column("公示起止日期", lambda r: _notice_period(r[1])),
)
CURRENT_COLUMNS = (
    Column("村(社区)", lambda r: r[1].village),
    _count("序号", lambda r: r[0]),
    Column("户主/对象姓名", lambda r: r[1].name),
    _count("家庭人口", lambda r: r[1].household_size),
    Column("救助项目", lambda r: r[1].program),
    _money("月救助金额(元)", lambda r: r[1].amount_fen),
)


class NoticePreviewTableModel(RowsTableModel):
    """The rows of a 初审公示 (kind "pending") or 长期公示 (kind "current") as the PDF prints them."""

    def __init__(self, rows: list[NoticeRow] | None = None, kind: str = "current", parent=None) -> None:
        super().__init__(None, parent)
        self.kind = kind
        self.set_rows(rows or [], kind)

    def set_rows(self, rows: list[NoticeRow], kind: str | None = None) -> None:
        self.kind = kind or self.kind
        numbered, last, n = [], None, 0
        for r in rows:
            n = n + 1 if r.village == last else 1
            last = r.village
            numbered.append((n, r))
        super().set_rows(numbered)

    def columns(self) -> tuple[Column, ...]:
        return PENDING_COLUMNS if self.kind == "pending" else CURRENT_COLUMNS


# -- cases -----------------------------------------------------------------------------------
class CasesTableModel(RowsTableModel):
    """Cases started by the chosen month, with their state and amount in that month."""

    COLUMNS = (
        _count("编号", lambda r: r.id),
        Column("救助项目", lambda r: r.program),
        Column("救助对象", lambda r: r.name),
        Column("收款人", lambda r: r.payee),
        _count("保障人数", lambda r: r.persons),
        Column("起始月", lambda r: r.start_month),
        Column("本月状态", lambda r: CASE_STATUS_NAMES.get(r.status, r.status)),
        _money("月救助金(元)", lambda r: r.amount_fen),
        Column("说明", lambda r: r.note),
    )

    def case_id(self, row: int) -> int:
        return self._rows[row].id

    def colour(self, row: CaseRow, col: Column) -> QColor | None:
        if row.status == "suspended":
            return DRAFT if col.header == "本月状态" else None
        return MUTED if row.status in ("ended", "not_started") else None


class ReviewsDueTableModel(RowsTableModel):
    def __init__(self, rows: list[ReviewDue] | None = None, today: date | None = None, parent=None) -> None:
        super().__init__(rows, parent)
        self.today = today or date.today()

        self._columns = (
            _count("编号", lambda r: r.case_id),
            Column("救助项目", lambda r: r.program),
            Column("收款人", lambda r: r.payee),
            Column("上次复核", lambda r: f"{r.last_review:%Y-%m-%d}"),
            Column("复核周期", lambda r: "每年" if r.yearly else "每半年"),
            Column("到期日", lambda r: f"{r.due:%Y-%m-%d}"),
            Column("情况", self._overdue),
        )

    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def _overdue(self, r: ReviewDue) -> str:
        days = (r.due - self.today).days
        return f"已逾期 {-days} 天" if days < 0 else "今天到期" if days == 0 else f"{days} 天后到期"

    def colour(self, row: ReviewDue, col: Column) -> QColor | None:
        return DRAFT if col.header == "情况" and row.due < self.today else None


class RestandardTableModel(RowsTableModel):
    """调标 preview: each active case's amount now and under the standard in force from the month."""

    COLUMNS = (
        _count("编号", lambda r: r.case_id),
        Column("收款人", lambda r: r.payee),
        _money("现金额(元)", lambda r: r.old_fen),
        _money("新金额(元)", lambda r: r.new_fen),
        _money("增减(元)", lambda r: r.new_fen - r.old_fen),
        Column("结果", lambda r: restandard_outcome(r)),
    )

    def colour(self, row: RestandardLine, col: Column) -> QColor | None:
        if col.header == "结果" and not row.eligible:
            return DRAFT
        if col.header == "增减(元)" and row.new_fen != row.old_fen:
            return GOOD if row.new_fen > row.old_fen else DRAFT
        return None


def restandard_outcome(r: RestandardLine) -> str:
    if not r.eligible or r.new_fen <= 0:
        return "按新标准不符合条件，金额不变，请复核"
    return "不变" if r.new_fen == r.old_fen else "调整"
