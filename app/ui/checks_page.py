"""ChecksPage (数据比对): run the cross-checks, import an external list, open a hit's household,
mark a hit handled with a note (SPEC §6)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.monitoring import RULES
from app.domain.roles import Actor
from app.errors import ImportRejected
from app.services.checks import ExternalEntry, Hit, mark_handled, read_external, run_checks
from app.services.monitoring_scan import feed_external
from app.ui import ops, prompts
from app.ui.household_dialog import HouseholdDialog
from app.ui.models.base import Index
from app.ui.models.checks_table import ChecksTableModel
from app.ui.widgets import make_table


class ChecksPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.today = ctx, actor, today
        self.external: list[ExternalEntry] | None = None
        self.external_name = ""
        self.external_path: Path | None = None
        self.hits: list[Hit] = []
        self._op: ops.Op | None = None

        self.run_button = QPushButton(self.tr("运行比对"))
        self.import_button = QPushButton(self.tr("导入外部名单…"))
        self.clear_button = QPushButton(self.tr("清除外部名单"))
        self.monitor_button = QPushButton(self.tr("记入监测预警"))
        self.monitor_button.setToolTip(self.tr("把外部名单记入低收入监测名单并扫描：在保人员命中成为待核实的监测预警"))
        self.external_label = QLabel(self.tr("未导入外部名单（仅内部核查）"))
        self.kind_combo = QComboBox()
        self.unhandled_check = QCheckBox(self.tr("只看未处理"))
        top = QHBoxLayout()
        for w in (self.run_button, self.import_button, self.clear_button, self.monitor_button, self.external_label):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("类别：")))
        top.addWidget(self.kind_combo)
        top.addWidget(self.unhandled_check)

        self.model = ChecksTableModel(parent=self)
        self.table = make_table(self.model, sortable=False, stretch=False, row_height=None)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((130, 170, 0, 120, 200)):
            if width:
                self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(self._open_household)

        self.count_label = QLabel(self.tr("点击「运行比对」开始核查"))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("处理说明（如：已核实，下月停发；已追回多发资金）"))
        self.handle_button = QPushButton(self.tr("标记已处理"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(QLabel(self.tr("处理说明：")))
        bottom.addWidget(self.note_edit, 2)
        bottom.addWidget(self.handle_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.run_button.clicked.connect(self.run)
        self.import_button.clicked.connect(self.import_external)
        self.clear_button.clicked.connect(self.clear_external)
        self.monitor_button.clicked.connect(self.feed_monitoring)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._show())
        self.unhandled_check.toggled.connect(lambda _on: self._show())
        self.handle_button.clicked.connect(self.mark_selected)
        self.note_edit.textChanged.connect(lambda _t: self._update_buttons())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # -- running -----------------------------------------------------------------------------
    def _today(self) -> date:
        return self.today or date.today()

    def run(self) -> None:
        uow, external, today = self.ctx.uow, self.external, self._today()
        self._start(lambda _p: (None, run_checks(uow, external, today=today)), self.tr("正在比对…"))

    def import_external(self) -> None:
        path = prompts.current().open_file(self, self.tr("选择外部名单（姓名、身份证号、事项、日期）"))
        if path is None:
            return
        uow, today = self.ctx.uow, self._today()

        def work(_progress):  # noqa: ANN001, ANN202
            entries = read_external(Path(path), today=today)
            return (entries, path.name, Path(path)), run_checks(uow, entries, today=today)

        self._start(work, self.tr("正在读取 {0} 并比对…").format(path.name))

    def feed_monitoring(self) -> None:
        """SPEC §6 -> §13: the loaded list becomes a monitoring list and is scanned (two audited writes)."""
        if self.external_path is None:
            return
        uow, actor, path, today = self.ctx.uow, self.actor, self.external_path, self._today()

        def done(fed) -> None:  # noqa: ANN001 - ExternalFed
            raised = "，".join(f"{RULES[k]} {n} 条" for k, n in fed.scan.raised.items()) or self.tr("无新预警")
            prompts.current().info(self, self.tr("已记入监测预警"), self.tr(
                "外部名单 {0} 已记入低收入监测名单（{1} 行，导入记录 {2}），扫描结果：{3}。\n请到“低收入监测”处理。").format(
                path.name, fed.rows, fed.imported, raised))

        op = ops.run(self, lambda _p: feed_external(uow, actor, path, today=today), label=self.tr("正在记入监测名单并扫描…"),
                     on_done=done, touches=frozenset({"households"}),
                     on_error=lambda exc: prompts.current().show_error(self, self.tr("记入监测预警失败"), exc))
        op.done.connect(self._update_buttons)

    def clear_external(self) -> None:
        self.external, self.external_name, self.external_path = None, "", None
        self.external_label.setText(self.tr("未导入外部名单（仅内部核查）"))
        self.run()

    def _start(self, work, label: str) -> None:  # noqa: ANN001
        self._op = ops.run(self, work, label=label, on_done=self._on_done, on_error=self._on_failed)
        self._op.done.connect(self._update_buttons)
        self._update_buttons()

    def _on_done(self, result: tuple) -> None:
        external, hits = result
        if external is not None:
            self.external, self.external_name, self.external_path = external
            self.external_label.setText(self.tr("外部名单：{0}（{1} 行）").format(self.external_name, len(self.external)))
        self.hits = hits
        kinds = sorted({h.kind for h in hits})
        current = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.addItem(self.tr("全部"), "")
        for k in kinds:
            self.kind_combo.addItem(k, k)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(current), 0))
        self.kind_combo.blockSignals(False)
        self._show()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportRejected):
            prompts.current().error(self, self.tr("外部名单有误"), exc.text)
        else:
            prompts.current().show_error(self, self.tr("比对失败"), exc)

    def _show(self) -> None:
        kind, only_open = self.kind_combo.currentData(), self.unhandled_check.isChecked()
        shown = [h for h in self.hits if (not kind or h.kind == kind) and not (only_open and h.handled)]
        self.model.set_hits(shown)
        self.table.resizeRowsToContents()
        open_count = sum(not h.handled for h in self.hits)
        self.count_label.setText(self.tr("共 {0} 条，未处理 {1} 条").format(len(self.hits), open_count))
        self._update_buttons()

    # -- a hit -------------------------------------------------------------------------------
    def selected_hit(self) -> Hit | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.hit(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_buttons(self) -> None:
        busy = self._op is not None and not self._op.is_finished
        for b in (self.run_button, self.import_button):
            b.setEnabled(not busy)
        self.clear_button.setEnabled(not busy and self.external is not None)
        self.monitor_button.setEnabled(not busy and self.external_path is not None)
        self.handle_button.setEnabled(self.selected_hit() is not None and bool(self.note_edit.text().strip()))

    def mark_selected(self) -> None:
        hit = self.selected_hit()
        if hit is None:
            return
        note = self.note_edit.text().strip()
        try:
            mark_handled(self.ctx.uow, self.actor, hit.key, note, kind=hit.kind, household_id=hit.household_id)
        except Exception as exc:  # noqa: BLE001 - shown to the user through the one error path
            prompts.current().show_error(self, self.tr("标记失败"), exc)
            return
        done = replace(hit, handled=True, note=note, handled_by=self.actor.name)
        self.hits = [done if h.key == hit.key else h for h in self.hits]
        self.model.replace_hit(done)
        self.note_edit.clear()
        open_count = sum(not h.handled for h in self.hits)
        self.count_label.setText(self.tr("共 {0} 条，未处理 {1} 条").format(len(self.hits), open_count))

    def _open_household(self, index: Index) -> None:
        hit = self.model.hit(index.row())
        if hit.household_id is None:
            return
        dialog = HouseholdDialog(self.ctx, self.actor, household_id=hit.household_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.household_saved.connect(lambda _id: self.run())  # the fix may clear the hit
        dialog.open()


def make_checks_page(window) -> ChecksPage:  # noqa: ANN001 - a MainWindow
    """Factory for main_window.register_page("checks", ...)."""
    return ChecksPage(window.ctx, window.actor, window)
