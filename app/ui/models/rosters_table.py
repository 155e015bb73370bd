"""Read-only tables of the payment pages: roster summary, lines, village totals, month-on-month diff,
notice preview, cases in force, reviews due and the 调标 preview.

Each model is a list of plain service rows plus a column spec; the base class does the Qt part.
Display text goes through DisplayRole, the raw value (fen, not yuan) through SORT_ROLE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtGui import QColor

from app.domain.money import format_fen
from app.domain.programs import PROGRAM_NAMES
from app.domain.roster_lines import LineKind
from app.services.case_lifecycle import ReviewDue
from app.services.notices import NoticeRow
from app.services.restandard import RestandardLine
from app.services.roster_queries import DiffRow, LineRow, VillageTotal
from app.services.rosters import STATE_NAMES, RosterSummary
from app.ui.models.base import RIGHT, Column, ColumnsTableModel

CASE_STATUS_NAMES = {"active": "正常发放", "suspended": "暂停发放（停发）", "ended": "已终止", "not_started": "未开始"}
DRAFT = QColor("#c0392b")
MUTED = QColor("#888888")
GOOD = QColor("#1e7b34")
MARKED = QColor("#1f5fa8")
Colour = Callable[[Any], QColor | None]


def _yuan(fen: object) -> str:
    return "" if fen is None else format_fen(fen)


def _money(title: str, value: Callable[[Any], object], **kw: Any) -> Column:
    """Fen shown as yuan, right aligned, sorted by the fen."""
    return Column(title, value, align=RIGHT, display=_yuan, **kw)


def _count(title: str, value: Callable[[Any], object], **kw: Any) -> Column:
    return Column(title, value, align=RIGHT, **kw)


def _coloured(columns: tuple[Column, ...], foreground: Colour) -> tuple[Column, ...]:
    """The columns, those without a colour of their own coloured by `foreground`."""
    return tuple(c if c.foreground else replace(c, foreground=foreground) for c in columns)


def _by_sign(delta: Callable[[Any], int]) -> Colour:
    return lambda r: GOOD if delta(r) > 0 else DRAFT if delta(r) < 0 else None


# -- rosters ---------------------------------------------------------------------------------
def _program(key: str) -> str:
    return PROGRAM_NAMES.get(key, key) if key else "合计"


def _total_bold(r: RosterSummary) -> bool:
    return not r.program


class RosterSummaryTableModel(ColumnsTableModel):
    """One row per program of the month, then a 合计 row (program "") covering all of them."""

    COLUMNS = (
        Column("救助项目", lambda r: _program(r.program), bold=_total_bold),
        Column("状态", lambda r: STATE_NAMES.get(r.state, r.state),
               foreground=lambda r: DRAFT if r.state == "draft" else GOOD,
               bold=lambda r: not r.program or r.state == "draft"),
        _count("户数", lambda r: r.households, bold=_total_bold),
        _count("人数", lambda r: r.persons, bold=_total_bold),
        _money("金额(元)", lambda r: r.total_fen, bold=_total_bold),
        _count("明细行数", lambda r: r.lines, bold=_total_bold),
        Column("生成人", lambda r: r.generated_by, bold=_total_bold),
        Column("确认人", lambda r: r.confirmed_by, bold=_total_bold),
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


def _line_marked(r: LineRow) -> QColor | None:
    return MUTED if r.kind == LineKind.SUSPENDED else MARKED if r.kind in (LineKind.BACK_PAY, LineKind.ADJUSTMENT) else None


class RosterLinesTableModel(ColumnsTableModel):
    """Roster lines with the ID number and bank account masked (SPEC §5, §10)."""

    COLUMNS = _coloured((
        _count("序号", lambda r: r.line_no),
        Column("救助项目", lambda r: _program(r.program)),
        Column("村(社区)", lambda r: r.village),
        Column("救助对象", lambda r: r.person),
        Column("收款人", lambda r: r.payee_name),
        Column("身份证号", lambda r: r.id_masked),
        Column("开户行", lambda r: r.bank_name),
        Column("账号", lambda r: r.account_masked),
        _count("人数", lambda r: r.persons),
        _money("金额(元)", lambda r: r.amount_fen, foreground=_line_marked),
        Column("类别", lambda r: r.kind, foreground=_line_marked),
        Column("所属月份", lambda r: r.for_month),
        Column("备注", lambda r: r.note),
    ), lambda r: MUTED if r.kind == LineKind.SUSPENDED else None)


class VillageTotalsTableModel(ColumnsTableModel):
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


def _diff_delta(r: DiffRow) -> int:
    return r.after_fen - r.before_fen


class RosterDiffTableModel(ColumnsTableModel):
    """新增 / 停止 / 金额变化 against the previous month's roster."""

    COLUMNS = (
        Column("救助项目", lambda r: _program(r.program)),
        Column("变化", lambda r: r.change, foreground=_by_sign(_diff_delta)),
        Column("收款人", lambda r: r.payee_name),
        Column("村(社区)", lambda r: r.village),
        _money("上月金额(元)", lambda r: r.before_fen),
        _money("本月金额(元)", lambda r: r.after_fen),
        _money("增减(元)", _diff_delta, foreground=_by_sign(_diff_delta)),
    )


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


class NoticePreviewTableModel(ColumnsTableModel):
    """The rows of a 初审公示 (kind "pending") or 长期公示 (kind "current") as the PDF prints them."""

    def __init__(self, rows: list[NoticeRow] | None = None, kind: str = "current", parent=None) -> None:  # noqa: ANN001
        self.kind = kind
        super().__init__(rows, parent)

    def set_rows(self, rows: list[NoticeRow], kind: str | None = None) -> None:
        self.kind = kind or self.kind
        numbered, last, n = [], None, 0
        for r in rows:
            n = n + 1 if r.village == last else 1
            last = r.village
            numbered.append((n, r))
        self.reset(numbered, PENDING_COLUMNS if self.kind == "pending" else CURRENT_COLUMNS)


# -- cases -----------------------------------------------------------------------------------
class CasesTableModel(ColumnsTableModel):
    """Cases started by the chosen month, with their state and amount in that month."""

    COLUMNS = _coloured((
        _count("编号", lambda r: r.id),
        Column("救助项目", lambda r: r.program),
        Column("救助对象", lambda r: r.name),
        Column("收款人", lambda r: r.payee),
        _count("保障人数", lambda r: r.persons),
        Column("起始月", lambda r: r.start_month),
        Column("本月状态", lambda r: CASE_STATUS_NAMES.get(r.status, r.status),
               foreground=lambda r: DRAFT if r.status == "suspended"
               else MUTED if r.status in ("ended", "not_started") else None),
        _money("月救助金(元)", lambda r: r.amount_fen),
        Column("说明", lambda r: r.note),
    ), lambda r: MUTED if r.status in ("ended", "not_started") else None)

    def case_id(self, row: int) -> int:
        return self._rows[row].id


class ReviewsDueTableModel(ColumnsTableModel):
    def __init__(self, rows: list[ReviewDue] | None = None, today: date | None = None,
                 parent=None) -> None:  # noqa: ANN001
        self.today = today or date.today()
        super().__init__(rows, parent, columns=(
            _count("编号", lambda r: r.case_id),
            Column("救助项目", lambda r: r.program),
            Column("收款人", lambda r: r.payee),
            Column("上次复核", lambda r: f"{r.last_review:%Y-%m-%d}"),
            Column("复核周期", lambda r: "每年" if r.yearly else "每半年"),
            Column("到期日", lambda r: f"{r.due:%Y-%m-%d}"),
            Column("情况", self._overdue, foreground=lambda r: DRAFT if r.due < self.today else None),
        ))

    def _overdue(self, r: ReviewDue) -> str:
        days = (r.due - self.today).days
        return f"已逾期 {-days} 天" if days < 0 else "今天到期" if days == 0 else f"{days} 天后到期"


def _restandard_delta(r: RestandardLine) -> int:
    return r.new_fen - r.old_fen


class RestandardTableModel(ColumnsTableModel):
    """调标 preview: each active case's amount now and under the standard in force from the month."""

    COLUMNS = (
        _count("编号", lambda r: r.case_id),
        Column("收款人", lambda r: r.payee),
        _money("现金额(元)", lambda r: r.old_fen),
        _money("新金额(元)", lambda r: r.new_fen),
        _money("增减(元)", _restandard_delta, foreground=_by_sign(_restandard_delta)),
        Column("结果", lambda r: restandard_outcome(r), foreground=lambda r: None if r.eligible else DRAFT),
    )


def restandard_outcome(r: RestandardLine) -> str:
    if not r.eligible or r.new_fen <= 0:
        return "按新标准不符合条件，金额不变，请复核"
    return "不变" if r.new_fen == r.old_fen else "调整"
