"""BeneficiariesPage (救助对象): cases in force in a month, reviewers' decisions on them, reviews due, 调标.

Every decision (调整金额 / 暂停 / 恢复 / 渐退期 / 终止 / 复核) takes effect from the month after the
decision date (SPEC §4); the dialog shows that month before it is saved. 调标 previews every
active case of a program under the standard in force and applies the changes in one go.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.lifecycle import END_REASONS, EVENT_KINDS, month_after
from app.domain.money import format_fen, yuan_to_fen
from app.domain.programs import CASE_PROGRAMS, PROGRAM_NAMES
from app.domain.roles import Actor
from app.domain.standards import month_text
from app.errors import AppError, Cancelled
from app.services.case_lifecycle import CaseRow, case_rows, record_event, reviews_due
from app.services.restandard import apply, preview
from app.ui import ops, prompts
from app.ui.changes import CASES, announce
from app.ui.models.rosters_table import (
    CASE_STATUS_NAMES,
    CasesTableModel,
    RestandardTableModel,
    ReviewsDueTableModel,
)
from app.ui.rosters_page import MonthEdit
from app.ui.widgets import DateEdit, make_table

STATUS_FILTERS = (("在保（正常、暂停）", ("active", "suspended")), ("全部", ()), ("正常发放", ("active",)),
                  ("暂停发放", ("suspended",)), ("已终止", ("ended",)))
ERROR_STYLE = "color: #c0392b;"


def _selected_row(table) -> int | None:
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    index = rows[0]
    model = table.model()
    return model.mapToSource(index).row() if hasattr(model, "mapToSource") else index.row()


class ChangeCaseDialog(QDialog):
    """A reviewer's decision on one case; saved by record_event, effective the month after."""

    case_changed = Signal(int, str)  # case id, effective month

    def __init__(self, ctx: AppContext, actor: Actor, case: CaseRow, kind: str = "change",
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.case = ctx, actor, case
        self.setWindowTitle(self.tr("救助对象变更"))
        who = QLabel(self.tr("{0} · {1} · {2} 人 · 现 {3} 元/月 · {4}").format(
            case.name or case.payee, case.program, case.persons, format_fen(case.amount_fen),
            CASE_STATUS_NAMES.get(case.status, case.status)))
        who.setStyleSheet("font-weight: bold;")
        self.kind_combo = QComboBox()
        for key, label in EVENT_KINDS.items():
            self.kind_combo.addItem(self.tr(label), key)
        self.amount_spin = QDoubleSpinBox(decimals=2, maximum=99999.99, suffix=self.tr(" 元/月"))
        self.amount_spin.setValue(case.amount_fen / 100)
        self.months_spin = QSpinBox(minimum=0, maximum=24, suffix=self.tr(" 个月"))
        self.months_spin.setSpecialValueText(self.tr("按现行规定"))
        self.end_reason_combo = QComboBox()
        self.end_reason_combo.addItems(END_REASONS)
        self.date_edit = DateEdit()
        d = today or date.today()
        self.date_edit.setDate(QDate(d.year, d.month, d.day))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("复核结论或变更理由（必填）"))
        self.effective_label = QLabel()
        self.effective_label.setStyleSheet("font-weight: bold; color: #1f5fa8;")
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)

        self.form = QFormLayout()
        self.form.addRow(self.tr("变更类型："), self.kind_combo)
        self.form.addRow(self.tr("新金额："), self.amount_spin)
        self.form.addRow(self.tr("渐退期："), self.months_spin)
        self.form.addRow(self.tr("终止原因："), self.end_reason_combo)
        self.form.addRow(self.tr("决定日期："), self.date_edit)
        self.form.addRow(self.tr("理由："), self.reason_edit)
        self.form.addRow(self.tr("执行月份："), self.effective_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.kind_combo.currentIndexChanged.connect(self._update)
        self.date_edit.dateChanged.connect(self._update)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.set_kind(kind)
        self._update()

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))

    def effective_month(self) -> str:
        return max(month_after(self.date_edit.date().toPython()), self.case.start_month)

    def _update(self) -> None:
        kind = self.kind()
        for widget, shown in ((self.amount_spin, kind == "change"), (self.months_spin, kind == "taper"),
                              (self.end_reason_combo, kind == "terminate")):
            self.form.setRowVisible(widget, shown)
        self.effective_label.setText(self.tr("自 {0} 起执行（决定日期的次月）").format(self.effective_month()))
        self.error_label.clear()
        self.adjustSize()

    def save(self) -> None:
        kind, reason = self.kind(), self.reason_edit.text().strip()
        if kind == "terminate":
            reason = f"{self.end_reason_combo.currentText()}：{reason}" if reason else self.end_reason_combo.currentText()
        try:
            effective = record_event(
                self.ctx.uow, self.actor, self.case.id, kind, decided_on=self.date_edit.date().toPython(),
                reason=reason, amount_fen=yuan_to_fen(f"{self.amount_spin.value():.2f}") if kind == "change" else None,
                months=(self.months_spin.value() or None) if kind == "taper" else None)
        except AppError as exc:
            self.error_label.setText(exc.text)
            return
        announce(self, {CASES})
        self.case_changed.emit(self.case.id, effective)
        self.accept()


class RestandardDialog(QDialog):
    """调标: program + month -> preview old/new per household -> 确认调整 applies them in one go."""

    applied = Signal(int)  # number of cases changed

    def __init__(self, ctx: AppContext, actor: Actor, month: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self._op: ops.Op | None = None
        self.setWindowTitle(self.tr("调整保障标准（调标）"))
        self.resize(760, 560)
        self.program_combo = QComboBox()
        for key in CASE_PROGRAMS:
            self.program_combo.addItem(PROGRAM_NAMES[key], key)
        self.month_edit = MonthEdit(month)
        self.preview_button = QPushButton(self.tr("预览"))
        top = QHBoxLayout()
        for w in (QLabel(self.tr("项目：")), self.program_combo, QLabel(self.tr("新标准执行月份：")), self.month_edit,
                  self.preview_button):
            top.addWidget(w)
        top.addStretch(1)
        self.model = RestandardTableModel(parent=self)
        self.table = make_table(self.model, (60, 100, 100, 100, 90), numbered=False)
        self.summary_label = QLabel(self.tr("选择项目和月份后点击“预览”，逐户查看按现行标准重新计算的金额。"))
        self.summary_label.setWordWrap(True)
        self.apply_button = QPushButton(self.tr("确认调整"))
        close = QPushButton(self.tr("关闭"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.apply_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.program_combo.currentIndexChanged.connect(self._clear)
        self.month_edit.dateChanged.connect(self._clear)
        self.preview_button.clicked.connect(self.run_preview)
        self.apply_button.clicked.connect(self.apply_changes)
        close.clicked.connect(self.reject)
        self._update_buttons()

    def changes(self) -> list:
        return [x for x in self.model.rows() if x.eligible and x.new_fen > 0 and x.new_fen != x.old_fen]

    def _clear(self) -> None:
        self.model.set_rows([])
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._op is not None and not self._op.is_finished
        self.preview_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy and bool(self.changes()) and self.actor.role in ("reviewer", "admin"))

    def _run(self, work, label: str, on_done, touches: frozenset[str] = frozenset()) -> None:
        self._op = ops.run(self, work, label=label, on_done=on_done, on_error=self._on_failed, touches=touches)
        self._op.done.connect(self._update_buttons)
        self._update_buttons()

    def run_preview(self) -> None:
        uow, program, month = self.ctx.uow, self.program_combo.currentData(), self.month_edit.month()
        self._run(lambda _p: preview(uow, program, month), self.tr("正在逐户计算…"), self._on_previewed)

    def _on_previewed(self, lines: list) -> None:
        self.model.set_rows(lines)
        changes = self.changes()
        delta = sum(x.new_fen - x.old_fen for x in changes)
        lost = sum(1 for x in lines if not x.eligible or x.new_fen <= 0)
        text = self.tr("在保 {0} 户，{1} 户金额变化，每月{2} {3} 元。").format(
            len(lines), len(changes), self.tr("增支") if delta >= 0 else self.tr("减支"), format_fen(abs(delta)))
        if lost:
            text += self.tr("{0} 户按新标准不再符合条件，调标不停保，请另行复核。").format(lost)
        self.summary_label.setText(text)
        self._update_buttons()

    def apply_changes(self) -> None:
        program, month = self.program_combo.currentData(), self.month_edit.month()
        n = len(self.changes())
        if not prompts.current().confirm(self, self.tr("确认调标"), self.tr(
                "自 {0} 起按新标准调整 {1} {2} 户的救助金额？\n全部调整在一次操作中完成，并逐户记入变更记录。")
                .format(month, PROGRAM_NAMES[program], n)):
            return
        uow, actor = self.ctx.uow, self.actor
        self._run(lambda _p: apply(uow, actor, program, month), self.tr("正在调整…"), self._on_applied,
                  touches={CASES})

    def _on_applied(self, count: int) -> None:
        self.applied.emit(count)
        prompts.current().info(self, self.tr("调标完成"), self.tr("已调整 {0} 户，自 {1} 起执行。")
                               .format(count, self.month_edit.month()))
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            prompts.current().show_error(self, self.tr("调标失败"), exc)


class BeneficiariesPage(QWidget):

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None, month: str | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self.today = today or date.today()
        self.month_edit = MonthEdit(month or month_text(self.today))
        self.program_combo = QComboBox()
        self.program_combo.addItem(self.tr("全部项目"), "")
        for key in CASE_PROGRAMS:
            self.program_combo.addItem(PROGRAM_NAMES[key], key)
        self.status_combo = QComboBox()
        for label, statuses in STATUS_FILTERS:
            self.status_combo.addItem(self.tr(label), statuses)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("收款人姓名"))
        self.search_edit.setClearButtonEnabled(True)
        self.change_button = QPushButton(self.tr("变更…"))
        self.restandard_button = QPushButton(self.tr("调标…"))
        reviewer = actor.role == "reviewer"
        self.change_button.setToolTip("" if reviewer else self.tr("只有审核人可以作出变更决定"))
        self.restandard_button.setEnabled(actor.role in ("reviewer", "admin"))
        top = QHBoxLayout()
        for w in (QLabel(self.tr("月份：")), self.month_edit, QLabel(self.tr("项目：")), self.program_combo,
                  QLabel(self.tr("状态：")), self.status_combo, self.search_edit):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.change_button)
        top.addWidget(self.restandard_button)

        self.model = CasesTableModel(parent=self)
        self.table = make_table(self.model, (55, 90, 120, 70, 80, 130, 110), numbered=False)
        self.count_label = QLabel()
        cases_tab = QWidget()
        cl = QVBoxLayout(cases_tab)
        cl.addWidget(self.table, 1)
        cl.addWidget(self.count_label)

        self.reviews_model = ReviewsDueTableModel(today=self.today, parent=self)
        self.reviews_table = make_table(self.reviews_model, (55, 90, 120, 100, 80, 100), numbered=False)
        self.review_button = QPushButton(self.tr("登记复核…"))
        rl_buttons = QHBoxLayout()
        rl_buttons.addWidget(QLabel(self.tr("低保对象：全部保障成员年满 60 周岁、重度残疾或患重病的每年复核，其余每半年复核。")))
        rl_buttons.addStretch(1)
        rl_buttons.addWidget(self.review_button)
        reviews_tab = QWidget()
        rl = QVBoxLayout(reviews_tab)
        rl.addWidget(self.reviews_table, 1)
        rl.addLayout(rl_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(cases_tab, self.tr("救助对象"))
        self.tabs.addTab(reviews_tab, self.tr("复核到期"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.month_edit.dateChanged.connect(lambda _d: self.refresh())
        self.program_combo.currentIndexChanged.connect(self.refresh)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.search_edit.textChanged.connect(self.refresh)
        self.change_button.clicked.connect(lambda: self.open_change_dialog())
        self.restandard_button.clicked.connect(self.open_restandard_dialog)
        self.review_button.clicked.connect(self.open_review_dialog)
        self.table.doubleClicked.connect(lambda _i: self.open_change_dialog())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reviews_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    # -- lists -------------------------------------------------------------------------------
    def month(self) -> str:
        return self.month_edit.month()

    def set_month(self, month: str) -> None:
        self.month_edit.set_month(month)

    def refresh(self) -> None:
        selected = self.selected_case()
        statuses, text = self.status_combo.currentData(), self.search_edit.text().strip()
        rows = [r for r in case_rows(self.ctx.uow, self.month(), self.program_combo.currentData() or "")
                if (not statuses or r.status in statuses) and (not text or text in r.payee or text in r.name)]
        self.model.set_rows(rows)
        paying = [r for r in rows if r.status == "active"]
        self.count_label.setText(self.tr("共 {0} 件；{1} 正常发放 {2} 件，月救助金合计 {3} 元。").format(
            len(rows), self.month(), len(paying), format_fen(sum(r.amount_fen for r in paying))))
        due = reviews_due(self.ctx.uow, self.today)
        self.reviews_model.set_rows(due)
        overdue = sum(1 for r in due if r.due < self.today)
        self.tabs.setTabText(1, self.tr("复核到期（{0}，逾期 {1}）").format(len(due), overdue))
        if selected is not None:
            self.select_case(selected.id)
        self._update_buttons()

    def selected_case(self) -> CaseRow | None:
        row = _selected_row(self.table)
        return self.model.row_at(row) if row is not None else None

    def select_case(self, case_id: int) -> None:
        proxy = self.table.model()
        for r in range(proxy.rowCount()):
            if self.model.case_id(proxy.mapToSource(proxy.index(r, 0)).row()) == case_id:
                self.table.selectRow(r)
                return

    def case_texts(self, case_id: int) -> list[str]:
        for r in range(self.model.rowCount()):
            if self.model.case_id(r) == case_id:
                return [self.model.index(r, c).data() for c in range(self.model.columnCount())]
        return []

    def _update_buttons(self) -> None:
        reviewer = self.actor.role == "reviewer"
        self.change_button.setEnabled(reviewer and self.selected_case() is not None)
        self.review_button.setEnabled(reviewer and _selected_row(self.reviews_table) is not None)

    # -- dialogs -----------------------------------------------------------------------------
    def open_change_dialog(self, case: CaseRow | None = None, kind: str = "change") -> ChangeCaseDialog | None:
        case = case or self.selected_case()
        if case is None or self.actor.role != "reviewer":
            return None
        dialog = ChangeCaseDialog(self.ctx, self.actor, case, kind, parent=self, today=self.today)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.case_changed.connect(self._on_case_changed)
        dialog.open()
        return dialog

    def open_review_dialog(self) -> ChangeCaseDialog | None:
        row = _selected_row(self.reviews_table)
        if row is None:
            return None
        due = self.reviews_model.row_at(row)
        case = next((c for c in case_rows(self.ctx.uow, month_text(self.today)) if c.id == due.case_id), None)
        return self.open_change_dialog(case, "review") if case else None

    def open_restandard_dialog(self) -> RestandardDialog:
        dialog = RestandardDialog(self.ctx, self.actor, self.month(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.applied.connect(lambda _n: self._after_change())
        dialog.open()
        return dialog

    def _on_case_changed(self, case_id: int, effective: str) -> None:
        self._after_change()
        self.select_case(case_id)

    def _after_change(self) -> None:
        self.refresh()


def make_beneficiaries_page(window) -> BeneficiariesPage:
    return BeneficiariesPage(window.ctx, window.actor, window)
