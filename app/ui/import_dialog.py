"""ImportDialog (导入花名册…): preview a roster file, map its columns, check, then import (SPEC §7.1).

The clerk picks a file; the first rows are shown, and each field has a combo pre-filled by the
header rules. A second, one-row-per-household sheet can be mapped too. The vocabulary table the
import uses is on its own tab. A mapping can be saved by name and chosen next time. 检查 runs a
dry run, 导入 is offered once the same mapping has passed it; both run off the GUI thread
(ui/ops.py). A refusal is shown as a table of sheet / row / column / reason.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
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
from app.domain.roles import Actor
from app.domain.sheet_table import FIELDS
from app.domain.table_mapping import HOUSEHOLD_FIELDS, REQUIRED, Mapping, SheetMapping
from app.domain.vocab import VOCABULARY
from app.errors import AppError, Cancelled, ImportRejected
from app.ui import changes, ops, prompts
from app.ui.models.grid_table import GridTableModel
from app.ui.widgets import make_table

WORKBOOK_FILTER = "Excel 工作簿 (*.xlsx *.xls)"
NONE = ""  # combo data of "（无此列）"


class SheetMappingBox(QGroupBox):
    """One sheet's choice: sheet, header row, and a combo per field listing that sheet's headers."""

    changed = Signal()

    def __init__(self, title: str, fields: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.fields = fields
        self.sheet_combo = QComboBox()
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 10)
        self.combos: dict[str, QComboBox] = {}
        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("工作表：")), 0, 0)
        grid.addWidget(self.sheet_combo, 0, 1)
        grid.addWidget(QLabel(self.tr("表头行：")), 0, 2)
        grid.addWidget(self.header_spin, 0, 3)
        for i, name in enumerate(fields):
            combo = QComboBox()
            combo.setObjectName(f"field:{name}")
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            self.combos[name] = combo
            mark = "*" if name in REQUIRED else ""
            grid.addWidget(QLabel(f"{name}{mark}"), 1 + i // 2, (i % 2) * 2)
            grid.addWidget(combo, 1 + i // 2, (i % 2) * 2 + 1)

    def set_labels(self, labels: list[str], chosen: dict[str, str]) -> None:
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("（无此列）"), NONE)
            for label in dict.fromkeys(x for x in labels if x):
                combo.addItem(label, label)
            combo.setCurrentIndex(max(combo.findData(chosen.get(name, NONE)), 0))
            combo.blockSignals(False)
        self.changed.emit()

    def mapping(self) -> SheetMapping:
        columns = {n: c.currentData() for n, c in self.combos.items() if c.currentData()}
        return SheetMapping(self.sheet_combo.currentText(), self.header_spin.value(), columns)


class ImportDialog(QDialog):
    imported = Signal(object)  # legacy_io.ImportSummary

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self.setWindowTitle(self.tr("导入花名册"))
        self.resize(1000, 720)
        self.path: Path | None = None
        self.preview = None  # import_mappings.Preview
        self.checked: Mapping | None = None  # the mapping that passed the last dry run
        self._op: ops.Op | None = None

        self.file_label = QLabel(self.tr("尚未选择文件"))
        self.file_button = QPushButton(self.tr("选择文件…"))
        self.saved_combo = QComboBox()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("文件：")))
        top.addWidget(self.file_label, 1)
        top.addWidget(self.file_button)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("已保存的映射：")))
        top.addWidget(self.saved_combo)

        self.preview_model = GridTableModel([])
        self.preview_table = make_table(self.preview_model, sortable=False, single=False)
        self.members_box = SheetMappingBox(self.tr("成员表（一人一行）"), FIELDS)
        self.household_check = QCheckBox(self.tr("另有一户一行的家庭表（按户编号对应）"))
        self.households_box = SheetMappingBox(self.tr("家庭表（一户一行）"), HOUSEHOLD_FIELDS)
        self.households_box.setVisible(False)
        mapping_page = QWidget()
        mp = QVBoxLayout(mapping_page)
        mp.addWidget(QLabel(self.tr("文件的前几行：")))
        mp.addWidget(self.preview_table, 1)
        mp.addWidget(self.members_box)
        mp.addWidget(self.household_check)
        mp.addWidget(self.households_box)

        self.vocab_model = GridTableModel(["列", "文件中写的", "存为"], [list(r) for r in VOCABULARY])
        self.vocab_table = make_table(self.vocab_model, (110, 520, 200), sortable=False)
        self.report_model = GridTableModel(["工作表", "行", "列", "原因"])
        self.report_table = make_table(self.report_model, (120, 50, 120), sortable=False)
        self.tabs = QTabWidget()
        self.tabs.addTab(mapping_page, self.tr("列映射"))
        self.tabs.addTab(self.vocab_table, self.tr("单元格写法对照表"))
        self.tabs.addTab(self.report_table, self.tr("检查结果"))

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("映射名称，如 省系统导出"))
        self.save_button = QPushButton(self.tr("保存映射"))
        self.check_button = QPushButton(self.tr("检查（不写入）"))
        self.import_button = QPushButton(self.tr("导入"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        bottom = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.save_button)
        row.addStretch(1)
        for b in (self.check_button, self.import_button, self.close_button):
            row.addWidget(b)
        bottom.addRow(row)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(bottom)

        self.file_button.clicked.connect(self.choose_file)
        self.saved_combo.activated.connect(self._on_saved_chosen)
        self.household_check.toggled.connect(self._on_household_toggled)
        for box in (self.members_box, self.households_box):
            box.sheet_combo.currentIndexChanged.connect(lambda _i, b=box: self._show_sheet(b))
            box.header_spin.valueChanged.connect(lambda _v, b=box: self._show_sheet(b, keep=True))
            box.changed.connect(self._update_buttons)
        self.save_button.clicked.connect(self.save_mapping)
        self.check_button.clicked.connect(lambda: self.run_import(dry_run=True))
        self.import_button.clicked.connect(lambda: self.run_import(dry_run=False))
        self.close_button.clicked.connect(self.reject)
        self.reload_saved()
        self._update_buttons()

    # -- file and preview ----------------------------------------------------------------------
    def choose_file(self) -> None:
        path = prompts.current().open_file(self, self.tr("选择要导入的花名册"), WORKBOOK_FILTER)
        if path is not None:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        from app.services.import_mappings import preview_file

        self.path, self.preview, self.checked = path, None, None
        self.file_label.setText(str(path))
        self._start(lambda _progress: preview_file(path), self.tr("正在读取 {0}…").format(path.name),
                    self._on_preview)

    def _on_preview(self, preview) -> None:  # noqa: ANN001 - import_mappings.Preview
        self.preview = preview
        for box in (self.members_box, self.households_box):
            box.sheet_combo.blockSignals(True)
            box.sheet_combo.clear()
            box.sheet_combo.addItems(preview.sheets)
            box.sheet_combo.blockSignals(False)
        self.members_box.sheet_combo.setCurrentText(preview.chosen.sheet)
        self._show_sheet(self.members_box)
        where = preview.chosen
        self.status_label.setText(
            self.tr("在工作表「{0}」第 {1} 行找到表头，已按表头填好各列；请核对后点「检查」。").format(where.sheet, where.header_row)
            if where.found else self.tr("没有找到已知的表头，请为每个字段选择所在的列。"))

    def _show_sheet(self, box: SheetMappingBox, keep: bool = False, chosen: dict[str, str] | None = None) -> None:
        from app.services.import_mappings import sheet_preview

        if self.preview is None or not box.sheet_combo.currentText():
            return
        name = box.sheet_combo.currentText()
        sp = self.preview.others[name]
        if keep and box.header_spin.value() != sp.header_row:
            sp = sheet_preview(self.preview.data[name], box.header_spin.value())
        box.header_spin.blockSignals(True)
        box.header_spin.setValue(max(1, min(sp.header_row, 10)))
        box.header_spin.blockSignals(False)
        box.set_labels(sp.labels, chosen if chosen is not None else sp.mapping.columns)
        if box is self.members_box or self.household_check.isChecked():
            headers = [label or f"第 {i + 1} 列" for i, label in enumerate(sp.labels)]
            self.preview_model.set_grid(headers, sp.rows)

    def _on_household_toggled(self, on: bool) -> None:
        self.households_box.setVisible(on)
        if on:
            self._show_sheet(self.households_box)
        self._update_buttons()

    # -- saved mappings ------------------------------------------------------------------------
    def reload_saved(self) -> None:
        from app.services.import_mappings import list_mappings

        self.saved_combo.clear()
        self.saved_combo.addItem(self.tr("（按表头自动识别）"), "")
        for name in list_mappings(self.ctx.uow):
            self.saved_combo.addItem(name, name)

    def _on_saved_chosen(self, _index: int) -> None:
        from app.services.import_mappings import load_mapping

        name = self.saved_combo.currentData()
        if not name or self.preview is None:
            if self.preview is not None:
                self._show_sheet(self.members_box)
            return
        try:
            mapping = load_mapping(self.ctx.uow, name)
        except AppError as exc:
            prompts.current().show_error(self, self.tr("映射"), exc)
            return
        self.name_edit.setText(name)
        self.household_check.setChecked(mapping.households is not None)
        for box, sm in ((self.members_box, mapping.members), (self.households_box, mapping.households)):
            if sm is None:
                continue
            if sm.sheet in self.preview.sheets:
                box.sheet_combo.blockSignals(True)
                box.sheet_combo.setCurrentText(sm.sheet)
                box.sheet_combo.blockSignals(False)
            box.header_spin.blockSignals(True)
            box.header_spin.setValue(max(sm.header_row, 1))
            box.header_spin.blockSignals(False)
            self._show_sheet(box, keep=True, chosen=sm.columns)

    def current_mapping(self) -> Mapping:
        households = self.households_box.mapping() if self.household_check.isChecked() else None
        return Mapping(self.members_box.mapping(), households)

    def save_mapping(self) -> None:
        from app.services.import_mappings import save_mapping

        try:
            name = save_mapping(self.ctx.uow, self.actor, self.name_edit.text(), self.current_mapping())
        except AppError as exc:
            prompts.current().show_error(self, self.tr("保存映射"), exc)
            return
        self.reload_saved()
        self.saved_combo.setCurrentIndex(max(self.saved_combo.findData(name), 0))
        self.status_label.setText(self.tr("已保存映射「{0}」，下次可直接选择，或在命令行用 --mapping {0}").format(name))

    # -- check and import ----------------------------------------------------------------------
    def run_import(self, *, dry_run: bool) -> None:
        from app.services.legacy_io import import_legacy

        if self.path is None:
            return
        ctx, actor, path, mapping = self.ctx, self.actor, self.path, self.current_mapping()
        label = self.tr("正在检查 {0}…") if dry_run else self.tr("正在导入 {0}…")
        self._start(lambda progress: import_legacy(ctx.uow, actor, path, dry_run=dry_run, progress=progress,
                                                   mapping=mapping),
                    label.format(path.name), lambda summary: self._on_done(summary, mapping))

    def _on_done(self, summary, mapping: Mapping) -> None:  # noqa: ANN001 - legacy_io.ImportSummary
        rows = [[getattr(w, "sheet", ""), w.row, w.column, self.tr("提示：") + w.reason] for w in summary.warnings]
        self.report_model.set_grid(["工作表", "行", "列", "原因"], rows)
        text = self.tr("{0}：{1} 户、{2} 人，读取 {3}").format(
            self.tr("检查通过（未写入）") if summary.dry_run else self.tr("已导入"), summary.households,
            summary.members, summary.where)
        if summary.warnings:
            text += self.tr("；{0} 条提示见「检查结果」").format(len(summary.warnings))
        self.status_label.setText(text)
        if summary.dry_run:
            self.checked = mapping
        else:
            self.checked = None
            changes.announce(self, {changes.HOUSEHOLDS, changes.CASES})
            self.imported.emit(summary)
        self._update_buttons()

    def _on_failed(self, exc: BaseException) -> None:
        self.checked = None
        if isinstance(exc, ImportRejected):
            rows = [[getattr(p, "sheet", ""), p.row or "", p.column, p.reason] for p in exc.problems]
            self.report_model.set_grid(["工作表", "行", "列", "原因"], rows)
            self.tabs.setCurrentWidget(self.report_table)
            self.status_label.setText(self.tr("未通过：共 {0} 处问题，未写入任何数据。").format(len(exc.problems)))
        elif isinstance(exc, Cancelled):
            self.status_label.setText(exc.text)
        else:
            self.status_label.setText(exc.text if isinstance(exc, AppError) else self.tr("读取失败"))
            prompts.current().show_error(self, self.tr("导入花名册"), exc)
        self._update_buttons()

    def _start(self, work, label: str, on_done) -> None:  # noqa: ANN001
        self._op = ops.run(self, work, label=label, on_done=on_done, on_error=self._on_failed)
        self._op.done.connect(self._update_buttons)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._op is not None and not self._op.is_finished
        ready = self.preview is not None and not busy
        for b in (self.check_button, self.save_button):
            b.setEnabled(ready)
        self.file_button.setEnabled(not busy)
        self.import_button.setEnabled(ready and self.checked is not None and self.checked == self.current_mapping())
