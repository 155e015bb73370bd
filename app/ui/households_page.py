"""HouseholdsPage (家庭台账): search and filter the registry, add / edit, import / export rosters."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.programs import PROGRAM_NAMES
from app.domain.roles import Actor
from app.errors import AppError, Cancelled, ImportRejected
from app.services.queries import STATUS_OPTIONS, HouseholdFilter, household_ids, household_rows_for
from app.services.township import village_names
from app.ui import changes, ops, prompts
from app.ui.models.households_table import HouseholdsTableModel
from app.ui.widgets import make_table, refill_combo

if TYPE_CHECKING:
    from app.ui.household_dialog import HouseholdDialog

SEARCH_DELAY_MS = 250  # wait for a pause in typing before querying
SORT_LIMIT = 5000  # column sorting loads every row, so it is offered for lists up to this size


class HouseholdsPage(QWidget):

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self._op: ops.Op | None = None

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("姓名 / 身份证号任意部分 / 拼音首字母（如 zsf）"))
        self.search_edit.setClearButtonEnabled(True)
        self.village_combo = QComboBox()
        self.program_combo = QComboBox()
        self.program_combo.addItem(self.tr("全部项目"), "")
        for key, name in PROGRAM_NAMES.items():
            self.program_combo.addItem(name, key)
        self.status_combo = QComboBox()
        for status in STATUS_OPTIONS:
            self.status_combo.addItem(status or self.tr("全部状态"), status)
        self.reload_villages()

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("查找：")))
        filters.addWidget(self.search_edit, 3)
        for label, combo in ((self.tr("村(社区)："), self.village_combo), (self.tr("项目："), self.program_combo),
                             (self.tr("状态："), self.status_combo)):
            filters.addSpacing(8)
            filters.addWidget(QLabel(label))
            filters.addWidget(combo, 1)

        self.model = HouseholdsTableModel(parent=self)
        # query order (registration) first
        self.table = make_table(self.model, (150, 80, 170, 50, 170, 110, 120, 60))
        self.proxy = self.table.model()
        self.table.doubleClicked.connect(self._on_double_clicked)

        self.count_label = QLabel()
        self.add_button = QPushButton(self.tr("新增家庭"))
        self.edit_button = QPushButton(self.tr("编辑"))
        self.reveal_button = QPushButton(self.tr("显示完整身份证号"))
        self.import_button = QPushButton(self.tr("导入花名册"))
        self.import_dialog_button = QPushButton(self.tr("导入花名册…"))  # preview, column mapping, check
        self.export_button = QPushButton(self.tr("导出花名册"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        for b in (self.add_button, self.edit_button, self.reveal_button, self.import_button,
                  self.import_dialog_button, self.export_button):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.refresh)
        for combo in (self.village_combo, self.program_combo, self.status_combo):
            combo.currentIndexChanged.connect(self.refresh)
        self.add_button.clicked.connect(self.add_household)
        self.edit_button.clicked.connect(self.edit_selected)
        self.reveal_button.clicked.connect(self.reveal_selected_id)
        self.import_button.clicked.connect(self.import_roster)
        self.import_dialog_button.clicked.connect(self.open_import_dialog)
        self.export_button.clicked.connect(self.export_roster)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    # -- list --------------------------------------------------------------------------------
    def current_filter(self) -> HouseholdFilter:
        return HouseholdFilter(text=self.search_edit.text().strip(), village=self.village_combo.currentData() or "",
                               program=self.program_combo.currentData() or "",
                               status=self.status_combo.currentData() or "")

    def refresh(self) -> None:
        self._search_timer.stop()
        selected = self.selected_household_id()
        uow = self.ctx.uow
        ids = household_ids(uow, self.current_filter())
        self.model.set_ids(ids, lambda block: household_rows_for(uow, block))
        # sorting by a column needs every row: offered up to SORT_LIMIT rows, else registration order
        self.table.setSortingEnabled(len(ids) <= SORT_LIMIT)
        self.count_label.setText(self.tr("共 {0} 户").format(self.model.rowCount()))
        if selected is not None:
            self.select_household(selected)
        self._update_buttons()

    def reload_villages(self) -> None:
        refill_combo(self.village_combo, self.tr("全部村(社区)"), village_names(self.ctx.uow))

    def visible_head_names(self) -> list[str]:
        return [self.proxy.index(r, 1).data() for r in range(self.proxy.rowCount())]

    def selected_household_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.household_id(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def select_household(self, household_id: int) -> None:
        for r in range(self.proxy.rowCount()):
            src = self.proxy.mapToSource(self.proxy.index(r, 0))
            if self.model.household_id(src.row()) == household_id:
                self.table.selectRow(r)
                self.table.scrollTo(self.proxy.index(r, 0))
                return

    def _update_buttons(self) -> None:
        busy = self._op is not None and not self._op.is_finished
        self.edit_button.setEnabled(self.selected_household_id() is not None)
        self.reveal_button.setEnabled(self.selected_household_id() is not None)
        self.import_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)

    # -- editing -----------------------------------------------------------------------------
    def make_dialog(self, household_id: int | None = None) -> HouseholdDialog:
        from app.ui.household_dialog import HouseholdDialog  # the editor (and ID checks) load when first used

        dialog = HouseholdDialog(self.ctx, self.actor, household_id=household_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.household_saved.connect(self._on_saved)
        return dialog

    def add_household(self) -> None:
        self.make_dialog().open()

    def edit_selected(self) -> None:
        household_id = self.selected_household_id()
        if household_id is not None:
            self.make_dialog(household_id).open()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.edit_selected()

    def _on_saved(self, household_id: int) -> None:
        self.reload_villages()
        self.refresh()
        self.select_household(household_id)

    def reveal_selected_id(self) -> None:
        """Show the head's full ID number; the list keeps it masked, and each look is audited."""
        household_id = self.selected_household_id()
        if household_id is None:
            return
        from app.services.households import household_input
        from app.services.users import record_reveal

        try:
            members = household_input(self.ctx.uow, household_id).members
            head = next((m for m in members if m.relation == "本人"), members[0])
            record_reveal(self.ctx.uow, self.actor, "member", head.id, "id_number", household_id)
        except AppError as exc:
            prompts.current().show_error(self, self.tr("不能显示"), exc)
            return
        prompts.current().info(self, self.tr("完整身份证号"), self.tr("{0}：{1}\n\n本次查看已记入审计日志。")
                               .format(head.name, head.id_number))

    # -- files -------------------------------------------------------------------------------
    def import_roster(self) -> None:
        path = prompts.current().open_file(self, self.tr("选择要导入的花名册"))
        if path is None:
            return
        from app.services.legacy_io import import_legacy  # openpyxl loads only when a file is used

        ctx, actor = self.ctx, self.actor
        self._start(lambda progress: import_legacy(ctx.uow, actor, path, progress=progress),
                    self.tr("正在导入 {0}…").format(path.name), self._on_imported, self.tr("导入失败"),
                    touches={changes.HOUSEHOLDS, changes.CASES})

    def open_import_dialog(self):  # noqa: ANN201 - the ImportDialog, for tests
        from app.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, self.actor, self)
        dialog.imported.connect(lambda _summary: (self.reload_villages(), self.refresh()))  # the dialog announces it
        dialog.open()
        return dialog

    def export_roster(self) -> None:
        path = prompts.current().save_file(self, self.tr("导出花名册"), "花名册.xlsx")
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        from app.services.legacy_io import export_legacy

        ctx, actor = self.ctx, self.actor
        self._start(lambda progress: export_legacy(ctx.uow, actor, path, progress=progress),
                    self.tr("正在导出到 {0}…").format(path.name),
                    lambda n: self._on_exported(path, n), self.tr("导出失败"))

    def _start(self, work, label: str, on_done, error_title: str, touches: frozenset[str] = frozenset()) -> None:
        self._op = ops.run(self, work, label=label, on_done=on_done,
                           on_error=lambda exc: self._on_failed(error_title, exc), touches=touches)
        self._op.done.connect(self._update_buttons)
        self._update_buttons()

    def _on_imported(self, summary) -> None:  # noqa: ANN001 - legacy_io.ImportSummary
        self.reload_villages()
        self.refresh()
        cases = "、".join(f"{PROGRAM_NAMES.get(k, k)} {n} 件" for k, n in summary.cases.items()) or self.tr("无")
        notes = "".join(f"\n{self.tr('提示')}：{w}" for w in summary.warnings)  # e.g. an account failing Luhn
        prompts.current().info(self, self.tr("导入完成"), self.tr("已导入 {0} 户、{1} 人。\n建立救助案件：{2}")
                               .format(summary.households, summary.members, cases) + notes)

    def _on_exported(self, path: Path, count: int) -> None:
        prompts.current().info(self, self.tr("导出完成"), self.tr("已导出 {0} 户到\n{1}").format(count, path))

    def _on_failed(self, title: str, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            prompts.current().info(self, title, exc.text)
        elif isinstance(exc, ImportRejected):
            prompts.current().error(self, title, exc.text)
        else:
            prompts.current().show_error(self, title, exc)


def make_households_page(window) -> HouseholdsPage:  # noqa: ANN001 - a MainWindow
    """Factory for the main window's "households" area."""
    return HouseholdsPage(window.ctx, window.actor, window)
