"""ApplicationDialog: one dibao / tekun application - its header and deadlines, the history of every
step (who, when, opinion), and a button per step the current user may take, each opening a small
form (StepForm). Services check every rule; their refusals are shown inline, in Chinese.

The first-review form shows the computed amount with its breakdown before the reviewer signs;
the amount may be changed only with an opinion saying why (the service enforces it).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.money import format_fen
from app.domain.programs import PROGRAM_NAMES
from app.domain.roles import Actor
from app.domain.workflow import DEADLINE_LABELS, DUE_STATUS_LABELS, OPEN_STATES, AppState, DeadlineKind, Step
from app.services.application_queries import application_detail
from app.services.applications import (
    ApplicationDetail,
    compute_amount,
    mark_rejection_notified,
    record_extension,
    take_step,
)
from app.ui import changes, ops, prompts
from app.ui.models.applications_table import TransitionsTableModel, step_label
from app.ui.widgets import MessageLabel, date_edit

EXTEND = "extend"  # not a workflow step: a recorded extension of the decision deadline (reviewer)
REASON_STEPS = frozenset({Step.REFUSE_ACCEPT, Step.FIRST_REVIEW_REJECT, Step.NOTICE_OBJECTION,
                          Step.REJECT_CONFIRM, Step.COUNTY_REJECT, Step.WITHDRAW, EXTEND})
AMOUNT_STEPS = frozenset({Step.FIRST_REVIEW_APPROVE, Step.CONFIRM, Step.COUNTY_CONFIRM})
REJECTED_STATES = frozenset({AppState.REFUSED.value, AppState.REJECTED.value})
DUE_TEXT_COLOURS = {"due_soon": "#b26a00", "overdue": "#c0392b"}
PDF_FILTER = "PDF 文件 (*.pdf)"
_SPLIT = re.compile(r"[、,，;；\s]+")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ApplicationDialog", text)


def split_names(text: str) -> list[str]:
    return [part for part in _SPLIT.split(text.strip()) if part]


class StepForm(QGroupBox):
    """The fields of one step: date (today by default), opinion or reason, and the step's own data."""

    def __init__(self, ctx: AppContext, detail: ApplicationDetail, step: str, actor: Actor, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(_tr("办理：{0}").format(_tr("延期") if step == EXTEND else step_label(step)), parent)
        self.ctx, self.detail, self.step = ctx, detail, step
        self.date_edit = date_edit(today)
        self.opinion_edit = QPlainTextEdit()
        self.opinion_edit.setFixedHeight(56)
        self.form = QFormLayout(self)
        if step != EXTEND:
            self.form.addRow(_tr("办理日期："), self.date_edit)
        if step == Step.RECORD_INVESTIGATION:
            self._investigation_fields(actor, today)
        if step in (Step.ACCEPT, Step.REFUSE_ACCEPT):  # ticked by the attached papers (申请材料…)
            from app.ui.papers_dialog import checklist_html

            self.checklist_label = QLabel(checklist_html(ctx, detail.id))
            self.checklist_label.setTextFormat(Qt.TextFormat.RichText)
            self.checklist_label.setWordWrap(True)
            self.form.addRow(_tr("受理材料："), self.checklist_label)
        if step == Step.REFUSE_ACCEPT:
            self.missing_papers_edit = QLineEdit()
            self.missing_papers_edit.setAccessibleName(_tr("缺少材料"))
            self.missing_papers_edit.setPlaceholderText(_tr("清单中未附加的已自动列入；其他缺少的材料用顿号分隔"))
            self.form.addRow(_tr("缺少材料："), self.missing_papers_edit)
        if step in AMOUNT_STEPS:
            self._amount_fields()
        reason = step in REASON_STEPS
        hint = _tr("必须写明理由") if reason else _tr("可不填；修改金额时必须说明理由") if step in AMOUNT_STEPS else ""
        self.opinion_edit.setPlaceholderText(hint)
        self.form.addRow(_tr("理由（必填）：") if reason else _tr("意见："), self.opinion_edit)
        self.submit_button = QPushButton(_tr("确定办理"))
        self.submit_button.setDefault(True)
        self.cancel_button = QPushButton(_tr("取消"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.submit_button)
        self.form.addRow(buttons)

    def _investigation_fields(self, actor: Actor, today: date) -> None:
        self.investigators_edit = QLineEdit(actor.name)
        self.investigators_edit.setPlaceholderText(_tr("至少 2 名调查人员，用顿号分隔"))
        self.visit_date_edit = date_edit(today)
        self.findings_edit = QPlainTextEdit()
        self.findings_edit.setFixedHeight(56)
        self.findings_edit.setPlaceholderText(_tr("家庭人口、收入、财产、居住和生活状况"))
        self.data_check_combo = QComboBox()
        self.data_check_combo.setEditable(True)
        self.data_check_combo.addItems([_tr("信息比对无异常"), _tr("信息比对发现异常，见调查情况")])
        self.form.addRow(_tr("调查人员："), self.investigators_edit)
        self.form.addRow(_tr("入户日期："), self.visit_date_edit)
        self.form.addRow(_tr("调查情况："), self.findings_edit)
        self.form.addRow(_tr("信息核对结果："), self.data_check_combo)

    def _amount_fields(self) -> None:
        self.amount_edit = QLineEdit()
        self.amount_edit.setMaximumWidth(140)
        if self.step == Step.FIRST_REVIEW_APPROVE:
            self.calc_label = QLabel()
            self.calc_label.setStyleSheet("font-weight: bold;")
            self.calc_lines = QPlainTextEdit()
            self.calc_lines.setReadOnly(True)
            self.calc_lines.setFixedHeight(150)
            self.form.addRow(_tr("计算金额："), self.calc_label)
            self.form.addRow(_tr("计算过程："), self.calc_lines)
            self.date_edit.dateChanged.connect(self.recompute)  # the standard in force depends on the month
            self.recompute()
        elif self.detail.amount_fen is not None:
            self.amount_edit.setText(format_fen(self.detail.amount_fen))
        self.form.addRow(_tr("核定月救助金（元）："), self.amount_edit)

    def recompute(self) -> None:
        """Show the amount the rules give for the step date's month, and prefill the amount with it."""
        try:
            result = compute_amount(self.ctx.uow, self.detail.id, on=self.date_edit.date().toPython())
        except Exception as exc:  # noqa: BLE001 - e.g. no standard in force: shown, the reviewer can still reject
            self.calc_label.setText(_tr("无法计算"))
            self.calc_lines.setPlainText(prompts.error_text(exc))
            return
        verdict = _tr("符合条件") if result["eligible"] else _tr("不符合条件")
        self.calc_label.setText(_tr("{0} 元/月（人均收入 {1} 元，{2}）").format(
            result["amount"], result["per_capita_income"], verdict))
        self.calc_label.setStyleSheet("font-weight: bold;" + ("" if result["eligible"] else " color: #c0392b;"))
        lines = [line for line in result["lines"] if not line.startswith("未给出的参数")]  # a note for calc files
        self.calc_lines.setPlainText("\n".join(lines))
        self.computed_amount = result["amount"]
        self.amount_edit.setText(result["amount"])

    def step_date(self) -> date:
        return self.date_edit.date().toPython()

    def opinion(self) -> str:
        return self.opinion_edit.toPlainText().strip()

    def data(self) -> dict:
        if self.step == Step.RECORD_INVESTIGATION:
            return {"investigators": split_names(self.investigators_edit.text()),
                    "visit_date": self.visit_date_edit.date().toPython().isoformat(),
                    "findings": self.findings_edit.toPlainText().strip(),
                    "data_check": self.data_check_combo.currentText().strip()}
        if self.step == Step.REFUSE_ACCEPT:
            papers = split_names(self.missing_papers_edit.text())
            return {"missing_papers": papers} if papers else {}
        if self.step in AMOUNT_STEPS:
            return {"amount": self.amount_edit.text().strip()}
        return {}


class ApplicationDialog(QDialog):
    """One application: header, deadlines, history, and the steps the user may take now."""

    application_changed = Signal(int)

    def __init__(self, ctx: AppContext, actor: Actor, application_id: int, *, today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.application_id, self.today = ctx, actor, application_id, today
        self.detail: ApplicationDetail | None = None
        self.step_form: StepForm | None = None
        self.step_buttons: dict[str, QPushButton] = {}
        self._op: ops.Op | None = None
        self.setWindowTitle(_tr("申请办理"))
        self.resize(980, 760)

        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self.deadlines_label = QLabel()
        self.deadlines_label.setTextFormat(Qt.TextFormat.RichText)
        self.history_model = TransitionsTableModel(parent=self)
        self.history_table = QTableView()
        self.history_table.setModel(self.history_model)
        self.history_table.setWordWrap(True)
        self.history_table.verticalHeader().setVisible(False)
        header = self.history_table.horizontalHeader()
        for col, width in enumerate((90, 110, 130, 130, 180)):
            self.history_table.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(lambda *_: self.history_table.resizeRowsToContents())  # wrapped text
        history_box = QGroupBox(_tr("办理记录"))
        QVBoxLayout(history_box).addWidget(self.history_table)

        self.steps_row = QHBoxLayout()
        self.no_steps_label = QLabel()
        self.no_steps_label.setStyleSheet("color: #777;")
        self.form_holder = QVBoxLayout()
        self.message_label = MessageLabel()
        steps_box = QGroupBox(_tr("可办理的步骤"))
        steps_layout = QVBoxLayout(steps_box)
        steps_layout.addLayout(self.steps_row)
        steps_layout.addLayout(self.form_holder)
        steps_layout.addWidget(self.message_label)

        self.print_buttons = self._print_buttons()
        self.papers_button = QPushButton(_tr("申请材料…"))
        self.papers_button.clicked.connect(self.open_papers)
        self.refresh_button = QPushButton(_tr("刷新"))  # another user may have taken a step meanwhile
        self.refresh_button.clicked.connect(self.reload)
        self.close_button = QPushButton(_tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.papers_button)
        for button in self.print_buttons.values():
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        for w in (self.title_label, self.info_label, self.deadlines_label):
            layout.addWidget(w)
        layout.addWidget(history_box, 1)
        layout.addWidget(steps_box)
        layout.addLayout(bottom)
        self.reload()

    # -- showing -----------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        QTimer.singleShot(0, self.history_table.resizeRowsToContents)  # wrapped text, at the final widths

    def reload(self) -> None:
        d = self.detail = application_detail(self.ctx.uow, self.application_id, self.actor,
                                             today=self.today or date.today())
        program = PROGRAM_NAMES[d.program] + (_tr("（单人保）") if d.single_person else "")
        self.setWindowTitle(_tr("申请办理 - {0}（{1}）").format(d.applicant, program))
        self.title_label.setText(_tr("{0}　{1}　当前状态：{2}").format(d.applicant, program, d.state))
        covered = "、".join(m.name for m in d.members if m.covered)
        amount = _tr("{0} 元/月").format(format_fen(d.amount_fen)) if d.amount_fen is not None else _tr("未核定")
        info = _tr("编号 {0}　村(社区)：{1}　保障人口：{2}（{3} 人）　月救助金：{4}").format(
            d.id, d.village, covered, sum(m.covered for m in d.members), amount)
        if d.notice_period is not None:
            first, last = d.notice_period
            info += _tr("　公示期：{0} 至 {1}").format(first.isoformat(), last.isoformat())
        if d.case_id is not None:
            info += _tr("　已建立救助对象（编号 {0}）").format(d.case_id)
        self.info_label.setText(info)
        self.deadlines_label.setText(self._deadlines_html(d))
        self.history_model.set_rows(d.transitions)
        self.history_table.resizeRowsToContents()
        self._show_step_buttons(d)
        has_investigation = any(t.step == Step.RECORD_INVESTIGATION for t in d.transitions)
        for key, button in self.print_buttons.items():
            button.setVisible(key != "notice" or d.state in REJECTED_STATES)
            button.setEnabled(key != "investigation" or has_investigation)

    @staticmethod
    def _deadlines_html(d: ApplicationDetail) -> str:
        if not d.deadlines:
            return _tr("办理期限：无待办期限")
        parts = []
        for label, due, status in d.deadlines:
            colour = DUE_TEXT_COLOURS.get(status, "#2e7d32")
            parts.append(f"{label} {due.isoformat()} <span style='color:{colour}; font-weight:bold;'>"
                         f"（{DUE_STATUS_LABELS.get(status, status)}）</span>")
        return _tr("办理期限：") + "；".join(parts)

    def _show_step_buttons(self, d: ApplicationDetail) -> None:
        while self.steps_row.count():
            item = self.steps_row.takeAt(0)
            if item.widget() is not None and item.widget() is not self.no_steps_label:
                item.widget().deleteLater()
        self.step_buttons = {}
        keys = list(d.steps)
        if self.actor.role == "reviewer" and AppState(d.state) in OPEN_STATES:
            keys.append(EXTEND)
        if d.state in REJECTED_STATES and any(label == DEADLINE_LABELS[DeadlineKind.REJECTION_NOTICE]
                                              for label, _due, _status in d.deadlines):
            keys.append("notified")
        for key in keys:
            text = {EXTEND: _tr("延期"), "notified": _tr("书面告知已送达")}.get(key) or step_label(key)
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, k=key: self.open_step(k))
            self.step_buttons[key] = button
            self.steps_row.addWidget(button)
        if not keys:
            self.no_steps_label.setText(_tr("您（{0}）当前没有可办理的步骤").format(self.actor.role_label))
        self.no_steps_label.setVisible(not keys)
        self.steps_row.addWidget(self.no_steps_label)
        self.steps_row.addStretch(1)

    # -- steps -------------------------------------------------------------------------------
    def open_step(self, step: str) -> StepForm | None:
        """Show the form for `step` (replacing any open one); "notified" needs no form."""
        self.close_step()
        self.message_label.show_text("")
        if step == "notified":
            self._run(lambda: mark_rejection_notified(self.ctx.uow, self.actor, self.application_id),
                      _tr("已登记：书面告知已送达"))
            return None
        assert self.detail is not None
        form = StepForm(self.ctx, self.detail, step, self.actor, self.today or date.today(), self)
        form.submit_button.clicked.connect(self.submit)
        form.cancel_button.clicked.connect(self.close_step)
        self.form_holder.addWidget(form)
        self.step_form = form
        return form

    def close_step(self) -> None:
        if self.step_form is not None:
            self.form_holder.removeWidget(self.step_form)
            self.step_form.deleteLater()
            self.step_form = None

    def submit(self) -> bool:
        """Take the open form's step through the service; on refusal nothing is written."""
        form, d = self.step_form, self.detail
        if form is None or d is None:
            return False
        if form.step == EXTEND:
            return self._run(lambda: record_extension(self.ctx.uow, self.actor, d.id, form.opinion()),
                             _tr("已延期：作出决定的期限延长为 45 个工作日"))
        label = step_label(form.step)
        return self._run(lambda: take_step(self.ctx.uow, self.actor, d.id, form.step, on=form.step_date(),
                                           opinion=form.opinion(), data=form.data(), expected_version=d.version),
                         _tr("已办理：{0}").format(label))

    def _run(self, work, done_text: str) -> bool:
        if not self.message_label.attempt(work)[0]:
            return False
        self.close_step()
        self.reload()
        self.message_label.show_text(done_text + _tr("，当前状态：{0}").format(self.detail.state), error=False)
        changes.announce(self, changes.APPLICATION_STEP)
        self.application_changed.emit(self.application_id)
        return True

    def open_papers(self):  # noqa: ANN201 - a PapersDialog
        """The application's papers; attaching one ticks the 受理 checklist of an open step form."""
        from app.ui.papers_dialog import PapersDialog

        d = self.detail
        dialog = PapersDialog(self.ctx, self.actor, "application", self.application_id,
                              title=f"{d.applicant}（{PROGRAM_NAMES[d.program]}）" if d else "",
                              household_id=d.household_id if d else None, parent=self)
        dialog.papers_changed.connect(self._papers_changed)
        dialog.show()
        return dialog

    def _papers_changed(self) -> None:
        form = self.step_form
        if form is not None and hasattr(form, "checklist_label"):
            from app.ui.papers_dialog import checklist_html

            form.checklist_label.setText(checklist_html(self.ctx, self.application_id))

    # -- printing ----------------------------------------------------------------------------
    def _print_buttons(self) -> dict[str, QPushButton]:
        """打印 buttons for the forms, when the forms module is installed."""
        try:
            from app.reports import forms as pdf  # noqa: F401 - only to know whether forms exist
            from app.services import forms  # noqa: F401
        except ImportError:
            return {}
        buttons = {"review": QPushButton(_tr("打印审核确认表")), "investigation": QPushButton(_tr("打印入户调查表")),
                   "notice": QPushButton(_tr("打印不予受理/不予确认告知书"))}
        for key, button in buttons.items():
            button.clicked.connect(lambda _checked=False, k=key: self.print_form(k))
        return buttons

    def print_form(self, kind: str) -> None:
        from app.reports import forms as pdf
        from app.services.forms import form_data

        writer, name = {"review": (pdf.review_form_pdf, "审核确认表"),
                        "investigation": (pdf.investigation_form_pdf, "入户调查表"),
                        "notice": (pdf.rejection_notice_pdf, "书面告知书")}[kind]
        d = self.detail
        suggested = f"{name}-{d.applicant}-{d.id}.pdf" if d else f"{name}.pdf"
        path = prompts.current().save_file(self, _tr("保存 {0}").format(name), suggested, PDF_FILTER)
        if path is None:
            return
        path = path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")
        uow, app_id = self.ctx.uow, self.application_id
        self._op = ops.run(self, lambda _progress: writer(form_data(uow, app_id), path),
                           label=_tr("正在生成 {0}…").format(name),
                           on_done=lambda written: self._printed(Path(written or path)),
                           on_error=lambda exc: self.message_label.show_text(prompts.error_text(exc)))

    def _printed(self, path: Path) -> None:
        self.message_label.show_text(_tr("已保存到 {0}").format(path), error=False)
        prompts.current().print_preview(self, path)
