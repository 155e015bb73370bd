"""MonitorPage (低收入人口, SPEC §13): import lists from other offices, scan the warning rules, handle
warnings (核实 -> 纳入救助 / 转介 / 不符合), see the register and the kept imports.

The import and the scan run off the GUI thread (ops.run, cancellable progress); a handling step is
one short transaction. Every input carries an accessible name equal to its label.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain import monitoring as dom
from app.domain.roles import Actor
from app.errors import ImportRejected
from app.reports.monitor_xlsx import write_monitor_xlsx
from app.services.monitoring import import_list, list_imports
from app.services.monitoring_handle import MonitorReport, WarningRow, handle_warning, list_warnings, report
from app.services.monitoring_scan import household_monitoring, register, scan
from app.services.township import township_info
from app.ui import changes, ops, prompts
from app.ui.models.monitor_table import (
    HouseholdWarningsTableModel,
    ImportsTableModel,
    RegisterTableModel,
    WarningsTableModel,
)
from app.ui.widgets import DateEdit, make_table

STATUS_FILTERS = (("未办结", "open"), ("逾期", "overdue"), ("全部", ""), *((s, s) for s in dom.STATUSES))


class RuleBars(QWidget):
    """Warnings raised per rule as bars, each labelled with its rule and count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[tuple[str, int]] = []
        self.setMinimumSize(600, 220)

    def set_report(self, r: MonitorReport) -> None:
        self.values = [(name, r.raised.get(key, 0)) for key, name in dom.RULES.items()]
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802, ANN001 - Qt API
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        top = max((v for _, v in self.values), default=0) or 1
        slot = self.width() / max(len(self.values), 1)
        base = self.height() - 26.0
        for i, (name, v) in enumerate(self.values):
            h = (base - 28) * v / top
            p.fillRect(QRectF(i * slot + slot * 0.25, base - h, slot * 0.5, h), QColor("#2f6db5"))
            p.setPen(QColor("#333"))
            p.drawText(QRectF(i * slot, base - h - 20, slot, 18), Qt.AlignmentFlag.AlignHCenter, str(v))
            p.drawText(QRectF(i * slot, base + 4, slot, 20), Qt.AlignmentFlag.AlignHCenter, name)
        p.end()


def _named(widget: QWidget, name: str) -> QWidget:
    widget.setAccessibleName(name)
    return widget


class MonitorPage(QWidget):

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.today = ctx, actor, today
        self._op: ops.Op | None = None

        self.kind_combo = _named(QComboBox(), "名单类别")
        self.kind_combo.setEditable(True)
        self.kind_combo.addItems(dom.LIST_KINDS)
        self.import_button = QPushButton(self.tr("导入名单…"))
        self.scan_button = QPushButton(self.tr("扫描预警"))
        self.status_combo = _named(QComboBox(), "状态")
        for label, value in STATUS_FILTERS:
            self.status_combo.addItem(label, value)
        self.rule_combo = _named(QComboBox(), "规则")
        self.rule_combo.addItem(self.tr("全部规则"), "")
        for key, name in dom.RULES.items():
            self.rule_combo.addItem(name, key)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("名单类别：")))
        top.addWidget(self.kind_combo)
        top.addWidget(self.import_button)
        top.addWidget(self.scan_button)
        top.addStretch(1)
        for label, combo in ((self.tr("状态："), self.status_combo), (self.tr("规则："), self.rule_combo)):
            top.addWidget(QLabel(label))
            top.addWidget(combo)

        self.warnings = WarningsTableModel(parent=self)
        self.table = make_table(self.warnings, sortable=False, stretch=False, row_height=None)
        self.table.horizontalHeader().setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((50, 110, 80, 150, 60, 130, 90, 90)):
            self.table.setColumnWidth(col, width)
        self.register_model = RegisterTableModel(parent=self)
        self.register_table = make_table(self.register_model, sortable=False, stretch=True, row_height=None)
        for col, width in enumerate((90, 160, 60, 100)):
            self.register_table.setColumnWidth(col, width)
        self.imports_model = ImportsTableModel(parent=self)
        self.imports_table = make_table(self.imports_model, sortable=False, stretch=True, row_height=None)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._warnings_tab(), self.tr("预警处理"))
        self.tabs.addTab(self.register_table, self.tr("低收入人口库"))
        self.tabs.addTab(self.imports_table, self.tr("名单导入记录"))
        self.tabs.addTab(self._report_tab(), self.tr("统计"))

        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.count_label)

        self.import_button.clicked.connect(self.import_file)
        self.scan_button.clicked.connect(self.run_scan)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.rule_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    def _warnings_tab(self) -> QWidget:
        tab = QWidget()
        self.visit_edit = _named(DateEdit(QDate(self._today())), "入户核实日期")
        self.investigators_edit = _named(QLineEdit(), "调查人员")
        self.investigators_edit.setPlaceholderText(self.tr("两名调查人员，用逗号分隔"))
        self.findings_edit = _named(QLineEdit(), "核实情况")
        self.referral_combo = _named(QComboBox(), "转介去向")
        self.referral_combo.setEditable(True)
        self.referral_combo.addItems(dom.REFERRAL_TARGETS)
        self.reason_edit = _named(QLineEdit(), "不符合原因")
        self.program_combo = _named(QComboBox(), "纳入项目")
        self.program_combo.addItem(self.tr("低保"), "dibao")
        self.program_combo.addItem(self.tr("特困"), "tekun")
        form = QFormLayout()
        for label, widget in (("入户核实日期", self.visit_edit), ("调查人员", self.investigators_edit),
                              ("核实情况", self.findings_edit), ("纳入项目", self.program_combo),
                              ("转介去向", self.referral_combo), ("不符合原因", self.reason_edit)):
            form.addRow(self.tr(label) + "：", widget)
        self.step_buttons = {step: QPushButton(self.tr(name)) for step, name in dom.STEP_NAMES.items()}
        buttons = QHBoxLayout()
        for step, button in self.step_buttons.items():
            button.clicked.connect(lambda _c=False, s=step: self.take_step(s))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return tab

    def _report_tab(self) -> QWidget:
        tab = QWidget()
        self.year_combo = _named(QComboBox(), "年度")
        for y in range(self._today().year, 2019, -1):
            self.year_combo.addItem(str(y), y)
        self.month_combo = _named(QComboBox(), "月份")
        self.month_combo.addItem(self.tr("全年"), 0)
        for m in range(1, 13):
            self.month_combo.addItem(self.tr("{0} 月").format(m), m)
        self.export_button = QPushButton(self.tr("导出 xlsx…"))
        self.report_label = QLabel()
        self.report_label.setWordWrap(True)
        self.bars = RuleBars()
        row = QHBoxLayout()
        for label, combo in ((self.tr("年度："), self.year_combo), (self.tr("月份："), self.month_combo)):
            row.addWidget(QLabel(label))
            row.addWidget(combo)
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(self.report_label)
        layout.addWidget(self.bars, 1)
        self.year_combo.currentIndexChanged.connect(lambda _i: self.show_report())
        self.month_combo.currentIndexChanged.connect(lambda _i: self.show_report())
        self.export_button.clicked.connect(self.export_report)
        return tab

    def current_report(self) -> MonitorReport:
        return report(self.ctx.uow, self.year_combo.currentData(), self.month_combo.currentData() or None,
                      today=self._today())

    def show_report(self) -> None:
        r = self.current_report()
        self.report_label.setText(self.tr(
            "{0}：预警 {1} 条；已处理 {2} 条（纳入救助启动申请 {3} 户，其中已确认 {4} 户；转介 {5} 条；不符合 {6} 条）；"
            "情形消除 {7} 条；当前未办结 {8} 条，逾期 {9} 条").format(
            r.period, sum(r.raised.values()), r.handled, r.brought_in, r.approved, r.referred, r.not_eligible,
            r.closed, r.open_now, r.overdue_now))
        self.bars.set_report(r)

    def export_report(self) -> None:
        r = self.current_report()
        path = prompts.current().save_file(self, self.tr("导出监测预警统计"), f"监测预警统计{r.period}.xlsx")
        if path is None:
            return
        info = township_info(self.ctx.uow)
        try:
            write_monitor_xlsx(r, Path(path), info[1] if info else "")
        except Exception as exc:  # noqa: BLE001 - shown through the one error path
            prompts.current().show_error(self, self.tr("导出失败"), exc)
            return
        prompts.current().info(self, self.tr("已导出"), self.tr("已导出到 {0}").format(path))

    def _today(self) -> date:
        return self.today or date.today()

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        today = self._today()
        rows = list_warnings(self.ctx.uow, status=self.status_combo.currentData() or None,
                             rule=self.rule_combo.currentData() or None, today=today)
        self.warnings.set_rows(rows)  # one line a warning: sized before the page is laid out, rows came out
        # three lines tall for a narrow 说明 column; the full text is the cell's tooltip
        self.register_model.set_rows(register(self.ctx.uow, today))
        self.imports_model.set_rows(list_imports(self.ctx.uow))
        opened = list_warnings(self.ctx.uow, status="open", today=today)
        self.count_label.setText(self.tr("未办结预警 {0} 条，其中逾期 {1} 条；低收入人口库 {2} 人").format(
            len(opened), sum(w.overdue for w in opened), self.register_model.rowCount()))
        self.show_report()
        self._update_buttons()

    def selected(self) -> WarningRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.warnings.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        busy = self._op is not None and not self._op.is_finished
        self.import_button.setEnabled(not busy)
        self.scan_button.setEnabled(not busy)
        w = self.selected()
        for step, button in self.step_buttons.items():
            button.setEnabled(w is not None and w.status in dom.STEPS[step][0])

    # -- background work -------------------------------------------------------------------
    def import_file(self) -> None:
        kind = self.kind_combo.currentText().strip()
        path = prompts.current().open_file(self, self.tr("选择{0}名单（.xlsx / .xls，至少有姓名、身份证号）").format(kind))
        if path is None:
            return
        uow, actor, today = self.ctx.uow, self.actor, self._today()
        self._start(lambda _p: ("import", import_list(uow, actor, Path(path), kind, today=today)),
                    self.tr("正在导入 {0}…").format(Path(path).name))

    def run_scan(self) -> None:
        uow, actor, today = self.ctx.uow, self.actor, self._today()
        self._start(lambda _p: ("scan", scan(uow, actor, today)), self.tr("正在按预警规则扫描…"))

    def _start(self, work, label: str) -> None:  # noqa: ANN001
        self._op = ops.run(self, work, label=label, on_done=self._on_done, on_error=self._on_failed)
        self._op.done.connect(self._update_buttons)
        self._update_buttons()

    def _on_done(self, result: tuple) -> None:
        what, r = result
        if what == "import":
            text = self.tr("已导入{0}名单 {1} 人（{2}）。可点击「扫描预警」比对。").format(r.kind, r.rows, r.sheet)
        else:
            raised = "，".join(f"{dom.RULES[k]} {n}" for k, n in r.raised.items())
            text = self.tr("新增预警 {0} 条{1}；仍未办结 {2} 条；情形消除关闭 {3} 条").format(
                sum(r.raised.values()), f"（{raised}）" if raised else "", r.kept, r.closed)
        self.refresh()
        prompts.current().info(self, self.tr("低收入人口监测"), text)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportRejected):
            prompts.current().error(self, self.tr("名单有误"), exc.text)
        else:
            prompts.current().show_error(self, self.tr("操作失败"), exc)

    # -- handling --------------------------------------------------------------------------
    def take_step(self, step: str) -> None:
        w = self.selected()
        if w is None:
            return
        people = self.investigators_edit.text().replace("，", ",").replace("、", ",").split(",")
        data = {"visit_date": self.visit_edit.date().toPython(), "investigators": [p for p in people if p.strip()],
                "findings": self.findings_edit.text(), "program": self.program_combo.currentData(),
                "referral": self.referral_combo.currentText(), "reason": self.reason_edit.text()}
        try:
            done = handle_warning(self.ctx.uow, self.actor, w.id, step, data, on=self._today())
        except Exception as exc:  # noqa: BLE001 - shown through the one error path
            prompts.current().show_error(self, self.tr("处理失败"), exc)
            return
        if done.application_id:  # 纳入救助 starts an application
            changes.announce(self, {changes.APPLICATIONS})
        self.refresh()
        row = next((i for i, r in enumerate(self.warnings._rows) if r.id == w.id), None)  # noqa: SLF001
        if row is not None:
            self.table.selectRow(row)


class HouseholdMonitorView(QWidget):
    """The household page's 低收入监测 tab: each member's register kinds and the household's warnings."""

    def __init__(self, ctx: AppContext, household_id: int, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        kinds, warnings = household_monitoring(ctx.uow, household_id, today)
        self.kinds_model = RegisterTableModel(kinds, parent=self)
        self.kinds_table = make_table(self.kinds_model, sortable=False, stretch=True, row_height=None)
        self.kinds_table.setAccessibleName(self.tr("低收入人口类别"))
        self.warnings_model = HouseholdWarningsTableModel(warnings, parent=self)
        self.warnings_table = make_table(self.warnings_model, sortable=False, stretch=True, row_height=None)
        self.warnings_table.setAccessibleName(self.tr("监测预警"))
        open_n = sum(status in dom.OPEN_STATUSES for _, _, status, _ in warnings)
        self.summary = QLabel(self.tr("低收入人口 {0} 人；预警 {1} 条，未办结 {2} 条").format(
            len(kinds), len(warnings), open_n) if kinds or warnings else self.tr("本户不在低收入人口库中，也没有预警"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("类别")))
        layout.addWidget(self.kinds_table, 1)
        layout.addWidget(QLabel(self.tr("预警")))
        layout.addWidget(self.warnings_table, 1)


def make_monitor_page(window) -> MonitorPage:  # noqa: ANN001 - a MainWindow
    """Factory for main_window.register_page("monitor", ...)."""
    return MonitorPage(window.ctx, window.actor, window)
