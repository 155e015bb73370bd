"""RostersPage (发放花名册): generate a month's rosters, check them, confirm (four eyes), export.

The summary table has one row per program and a 合计 row; the selected row is the scope of the
lines table, the village totals, 确认 and the exports. Drafts are marked 草稿 everywhere; the bank
file is only offered for confirmed rosters (the service refuses it too).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.lifecycle import month_add
from app.domain.money import format_fen
from app.domain.programs import PROGRAM_NAMES
from app.domain.roles import Actor
from app.domain.standards import month_text
from app.errors import Cancelled
from app.services.roster_export import ExportResult, export_roster
from app.services.roster_queries import LineRow, roster_diff, roster_lines, village_totals
from app.services.rosters import RosterSummary, confirm_rosters, generate_rosters, roster_summaries
from app.ui import changes, ops, prompts
from app.ui.models.rosters_table import (
    RosterDiffTableModel,
    RosterLinesTableModel,
    RosterSummaryTableModel,
    VillageTotalsTableModel,
)
from app.ui.widgets import DateEdit, make_table

PDF_FILTER = "PDF 文件 (*.pdf)"
BANNER_STYLE = "padding: 6px 10px; border-radius: 3px; font-weight: bold;"


class MonthEdit(DateEdit):
    """A month picker showing "yyyy-MM"; `month()` gives the YYYY-MM text the services take."""

    def __init__(self, month: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent, display_format="yyyy-MM")
        self.setCalendarPopup(False)
        self.setMaximumDate(QDate(2099, 12, 1))
        self.setCurrentSection(QDateTimeEdit.Section.MonthSection)
        self.setMinimumWidth(100)
        self.set_month(month or month_text(date.today()))

    def month(self) -> str:
        d = self.date()
        return f"{d.year():04d}-{d.month():02d}"

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt API
        """Up / Down / the arrows / the wheel on the month step across years (2020-12 -> 2021-01);
        on the year they step years."""
        if self.currentSection() == QDateTimeEdit.Section.YearSection:
            super().stepBy(steps)
            return
        target = self.date().addMonths(steps)
        self.setDate(max(self.minimumDate(), min(self.maximumDate(), target)))
        self.setCurrentSection(QDateTimeEdit.Section.MonthSection)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 - Qt API
        if self.currentSection() == QDateTimeEdit.Section.YearSection:
            return super().stepEnabled()
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.date() < self.maximumDate():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if self.date() > self.minimumDate():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def set_month(self, month: str) -> None:
        self.setDate(QDate(int(month[:4]), int(month[5:7]), 1))


class RostersPage(QWidget):

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None, month: str | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self._op: ops.Op | None = None
        self._lines: list[LineRow] = []
        self._loading = False

        self.month_edit = MonthEdit(month)
        self.generate_button = QPushButton(self.tr("生成花名册"))
        self.confirm_button = QPushButton(self.tr("审核确认"))
        self.xlsx_button = QPushButton(self.tr("导出 Excel"))
        self.pdf_button = QPushButton(self.tr("打印 PDF"))
        self.bank_button = QPushButton(self.tr("银行代发文件"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("发放月份：")))
        top.addWidget(self.month_edit)
        top.addWidget(self.generate_button)
        top.addWidget(self.confirm_button)
        top.addStretch(1)
        for b in (self.xlsx_button, self.pdf_button, self.bank_button):
            top.addWidget(b)

        self.state_label = QLabel()
        self.state_label.setWordWrap(True)

        self.summary_model = RosterSummaryTableModel(parent=self)
        self.summary_table = make_table(self.summary_model, (130, 70, 70, 70, 110, 80, 90), sortable=False,
                                        numbered=False)
        self.summary_table.setFixedHeight(26 * 7 + 32)
        self.lines_model = RosterLinesTableModel(parent=self)
        self.lines_table = make_table(self.lines_model, (40, 75, 75, 60, 140, 110, 110, 40, 80, 50, 70),
                                      numbered=False)
        self.lines_table.setTextElideMode(Qt.TextElideMode.ElideLeft)  # keep the last digits of accounts
        self.villages_model = VillageTotalsTableModel(parent=self)
        self.villages_table = make_table(self.villages_model, (70, 75, 40, 40, 80), numbered=False)
        self.scope_label = QLabel()
        self.scope_label.setStyleSheet("font-weight: bold;")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.lines_table)
        split.addWidget(self.villages_table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([880, 320])
        roster_tab = QWidget()
        rl = QVBoxLayout(roster_tab)
        rl.addWidget(self.summary_table)
        rl.addWidget(self.scope_label)
        rl.addWidget(split, 1)

        self.diff_model = RosterDiffTableModel(parent=self)
        self.diff_table = make_table(self.diff_model, (90, 80, 90, 100, 110, 110, 100), stretch=False)
        self.diff_label = QLabel()
        self.diff_label.setWordWrap(True)
        diff_tab = QWidget()
        dl = QVBoxLayout(diff_tab)
        dl.addWidget(self.diff_label)
        dl.addWidget(self.diff_table, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(roster_tab, self.tr("花名册"))
        self.tabs.addTab(diff_tab, self.tr("与上月比较"))
        self.message_label = QLabel()
        self.message_label.setStyleSheet("color: #555;")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.state_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message_label)

        self.month_edit.dateChanged.connect(lambda _d: self.refresh())
        self.generate_button.clicked.connect(self.generate)
        self.confirm_button.clicked.connect(self.confirm)
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.bank_button.clicked.connect(lambda: self.export("bank"))
        self.summary_table.selectionModel().selectionChanged.connect(self._show_scope)
        self.refresh()

    # -- state -------------------------------------------------------------------------------
    def month(self) -> str:
        return self.month_edit.month()

    def set_month(self, month: str) -> None:
        self.month_edit.set_month(month)

    def scope(self) -> str:
        """The selected program key, or "" for every program of the month (the 合计 row)."""
        rows = self.summary_table.selectionModel().selectedRows()
        return self.summary_model.program_at(rows[0].row()) if rows else ""

    def select_program(self, program: str) -> None:
        for r in range(self.summary_model.rowCount()):
            if self.summary_model.program_at(r) == program:
                self.summary_table.selectRow(r)
                return

    def scoped_summaries(self) -> list[RosterSummary]:
        scope = self.scope()
        return [s for s in self.summary_model.summaries() if not scope or s.program == scope]

    def summary_texts(self, program: str) -> list[str]:
        """The summary row of `program` as shown ("" for the 合计 row)."""
        for r in range(self.summary_model.rowCount()):
            if self.summary_model.program_at(r) == program:
                return [self.summary_model.index(r, c).data() for c in range(self.summary_model.columnCount())]
        return []

    def refresh(self) -> None:
        scope, month = self.scope(), self.month()
        self.summary_model.set_rows(roster_summaries(self.ctx.uow, month))
        self._lines = roster_lines(self.ctx.uow, month)
        self._loading = True  # one _show_scope below, not one per selection change
        try:
            self.select_program(scope)
            if not self.summary_table.selectionModel().selectedRows():
                self.select_program("")
        finally:
            self._loading = False
        self._show_scope()
        self._refresh_diff(month)

    def _show_scope(self) -> None:
        if self._loading:
            return
        scope = self.scope()
        lines = [x for x in self._lines if not scope or x.program == scope]
        self.lines_model.set_rows(lines)
        self.villages_model.set_rows(village_totals(lines))
        name = PROGRAM_NAMES.get(scope, self.tr("全部项目"))
        total = sum(x.amount_fen for x in lines)
        self.scope_label.setText(self.tr("{0} {1}：{2} 行，金额合计 {3} 元（右侧为各村小计）")
                                 .format(self.month(), name, len(lines), format_fen(total)))
        self._update_state()

    def _refresh_diff(self, month: str) -> None:
        if not self.summary_model.summaries():
            self.diff_model.set_rows([])
            self.diff_label.setText(self.tr("{0} 尚未生成花名册。").format(month))
            return
        rows = roster_diff(self.ctx.uow, month)
        self.diff_model.set_rows(rows)
        before = month_add(month, -1)
        counts = {k: sum(1 for r in rows if r.change == k) for k in ("新增", "停止", "金额变化")}
        text = self.tr("与 {0} 比较：新增 {1} 户次，停止 {2} 户次，金额变化 {3} 户次。").format(
            before, counts["新增"], counts["停止"], counts["金额变化"])
        if not roster_summaries(self.ctx.uow, before):
            text += self.tr("（{0} 没有花名册，本月在保对象全部列为新增。）").format(before)
        self.diff_label.setText(text)

    def _update_state(self) -> None:
        busy = self._op is not None and not self._op.is_finished
        scoped = self.scoped_summaries()
        drafts = [s for s in scoped if s.state == "draft"]
        if not self.summary_model.summaries():
            self.state_label.setText(self.tr("{0} 尚未生成花名册，请点击“生成花名册”。").format(self.month()))
            self.state_label.setStyleSheet(BANNER_STYLE + "background: #eef2f7; color: #333;")
        elif drafts:
            self.state_label.setText(self.tr("草稿 — {0} 花名册（{1} 个项目）尚未经审核人确认：打印件带“草稿”字样，"
                                             "不能生成银行代发文件。").format(self.month(), len(drafts)))
            self.state_label.setStyleSheet(BANNER_STYLE + "background: #fdecea; color: #a93226;")
        else:
            by = "、".join(sorted({s.confirmed_by for s in scoped if s.confirmed_by}))
            self.state_label.setText(self.tr("已确认（审核人：{0}），内容已冻结；更正请在以后月份作为调整。").format(by))
            self.state_label.setStyleSheet(BANNER_STYLE + "background: #e9f7ef; color: #1e7b34;")
        reviewer = self.actor.role == "reviewer"
        self.generate_button.setEnabled(not busy and self.actor.role in ("clerk", "reviewer"))
        self.confirm_button.setEnabled(not busy and reviewer and bool(drafts))
        self.confirm_button.setToolTip("" if reviewer else self.tr("只有审核人可以确认花名册"))
        for b in (self.xlsx_button, self.pdf_button):
            b.setEnabled(not busy and bool(scoped))
        self.bank_button.setEnabled(not busy and bool(scoped) and not drafts)
        self.bank_button.setToolTip(self.tr("须先由审核人确认花名册") if drafts else "")

    # -- actions -----------------------------------------------------------------------------
    def generate(self) -> None:
        uow, actor, month = self.ctx.uow, self.actor, self.month()
        self._start(lambda progress: generate_rosters(uow, actor, month, progress=progress),
                    self.tr("正在生成 {0} 花名册…").format(month), self._on_generated, self.tr("生成失败"),
                    touches={changes.ROSTERS})

    def confirm(self) -> None:
        month, scope = self.month(), self.scope()
        drafts = [s for s in self.scoped_summaries() if s.state == "draft"]
        names = "、".join(PROGRAM_NAMES[s.program] for s in drafts)
        if not prompts.current().confirm(self, self.tr("确认花名册"), self.tr(
                "确认 {0} {1}的花名册？\n确认后内容冻结、不能重新生成，并记录校验值；以后的更正只能作为调整计入以后月份。")
                .format(month, names)):
            return
        uow, actor = self.ctx.uow, self.actor
        self._start(lambda _progress: confirm_rosters(uow, actor, month, scope or None),
                    self.tr("正在确认 {0} 花名册…").format(month), self._on_confirmed, self.tr("确认失败"),
                    touches={changes.ROSTERS})

    def export(self, what: str) -> None:
        month, scope = self.month(), self.scope()
        name = PROGRAM_NAMES.get(scope, "")
        suggested, title, name_filter = {
            "xlsx": (f"{month}{name}发放花名册.xlsx", self.tr("导出花名册"), prompts.XLSX_FILTER),
            "pdf": (f"{month}{name}发放花名册.pdf", self.tr("打印花名册 PDF"), PDF_FILTER),
            "bank": (f"{month}{name}银行代发文件.xlsx", self.tr("生成银行代发文件"), prompts.XLSX_FILTER),
        }[what]
        path = prompts.current().save_file(self, title, suggested, name_filter)
        if path is None:
            return
        path = path if path.suffix.lower() == Path(suggested).suffix else path.with_suffix(Path(suggested).suffix)
        uow, actor = self.ctx.uow, self.actor
        self._start(lambda progress: export_roster(uow, actor, month, program=scope or None, progress=progress,
                                                   **{what: path}),
                    self.tr("正在导出到 {0}…").format(path.name), self._on_exported, self.tr("导出失败"))

    def _start(self, work, label: str, on_done, error_title: str, touches: frozenset[str] = frozenset()) -> None:
        self._op = ops.run(self, work, label=label, on_done=on_done,
                           on_error=lambda exc: self._on_failed(error_title, exc), touches=touches)
        self._op.done.connect(self._update_state)
        self._update_state()

    def _on_generated(self, summaries: list[RosterSummary]) -> None:
        self.refresh()
        kept = [PROGRAM_NAMES[s.program] for s in summaries if s.state != "draft"]
        text = self.tr("已生成 {0} 花名册草稿，共 {1} 行。").format(
            self.month(), sum(s.lines for s in summaries if s.state == "draft"))
        if kept:
            text += self.tr("已确认的{0}保持不变。").format("、".join(kept))
        self.message_label.setText(text)

    def _on_confirmed(self, summaries: list[RosterSummary]) -> None:
        self.refresh()
        self.message_label.setText(self.tr("{0} 花名册已由 {1} 确认。").format(self.month(), self.actor.name))

    def _on_exported(self, results: list[ExportResult]) -> None:
        self.refresh()
        for r in results:
            mark = self.tr("（草稿）") if r.draft else ""
            text = self.tr("已导出{0} {1} 行，金额合计 {2} 元，到\n{3}").format(mark, r.lines, format_fen(r.total_fen),
                                                                     r.path)
            self.message_label.setText(text.replace("\n", " "))
            if r.path.suffix.lower() == ".pdf":  # the roster for signature: straight to the print preview
                if prompts.current().confirm(self, self.tr("导出完成"), text + self.tr("\n现在打开打印预览吗？")):
                    prompts.current().print_preview(self, r.path)
            else:
                prompts.current().info(self, self.tr("导出完成"), text)

    def _on_failed(self, title: str, exc: BaseException) -> None:
        self.refresh()
        if isinstance(exc, Cancelled):
            self.message_label.setText(exc.text)
        else:
            prompts.current().show_error(self, title, exc)


def make_rosters_page(window) -> RostersPage:
    return RostersPage(window.ctx, window.actor, window)
