"""ApplicationsPage (申请审批): dibao / tekun applications by state with their deadlines coloured,
the 待办 work list, a new application started from a household, and 临时救助 grants
(register, decide, papers completed after 先行救助)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.programs import CASE_PROGRAMS, PROGRAM_NAMES, is_dibao
from app.domain.roles import Actor
from app.domain.workflow import AppState
from app.errors import InvalidInput
from app.services.application_queries import application_rows, work_list
from app.services.applications import create_application
from app.services.households import household_input
from app.services.monitoring_handle import warning_counts
from app.services.queries import HouseholdFilter, household_rows
from app.services.temporary import KINDS, complete_papers, decide_grant, grant_rows, register_grant
from app.ui import changes
from app.ui.application_dialogs import ApplicationDialog
from app.ui.models.applications_table import (
    DUE_COLOURS,
    ApplicationsTableModel,
    GrantsTableModel,
)
from app.ui.widgets import MessageLabel, date_edit, make_table

SEARCH_DELAY_MS = 250
PICK_LIMIT = 200  # households listed at once in the picker; typing narrows it
PROGRAMS = list(CASE_PROGRAMS)  # 城市低保 农村低保 城市特困 农村特困


def _sorted_table(model, widths: tuple[int, ...]) -> tuple[QTableView, QSortFilterProxyModel]:  # noqa: ANN001
    table = make_table(model, widths, numbered=False, alternating=False)  # the 编号 column numbers the rows
    return table, table.model()


def selected_source_row(table: QTableView, proxy: QSortFilterProxyModel) -> int | None:
    rows = table.selectionModel().selectedRows()
    return proxy.mapToSource(rows[0]).row() if rows else None


class PickHouseholdDialog(QDialog):
    """A dialog that starts from a household found by name, ID part or pinyin initials."""

    saved = Signal(int)  # the id of what was registered
    title = ""

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self.setWindowTitle(self.tr(self.title))
        self.resize(620, 600)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("姓名 / 身份证号任意部分 / 拼音首字母"))
        self.search_edit.setClearButtonEnabled(True)
        self.household_list = QListWidget()
        self.date_edit = date_edit(date.today())
        self.form = QFormLayout()
        self.message_label = MessageLabel()
        self.ok_button = QPushButton(self.tr("登记"))
        self.ok_button.setDefault(True)
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        for w in (QLabel(self.tr("查找家庭：")), self.search_edit, self.household_list):
            layout.addWidget(w, 1 if w is self.household_list else 0)
        layout.addLayout(self.form)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(self._timer.start)
        self.search_edit.returnPressed.connect(self.search)
        self.household_list.currentItemChanged.connect(lambda *_: self.household_changed())
        self.ok_button.clicked.connect(self.accept_form)
        self.add_fields()
        self.search()

    def add_fields(self) -> None:
        """Subclasses add their fields to `self.form`."""

    def search(self) -> None:
        self._timer.stop()
        rows = household_rows(self.ctx.uow, HouseholdFilter(text=self.search_edit.text().strip()), limit=PICK_LIMIT)
        self.household_list.clear()
        for r in rows:
            if r.status == "已注销":
                continue
            programs = f"　{r.programs}" if r.programs else ""
            item = QListWidgetItem(f"{r.head_name}　{r.village}　{r.head_id_masked}　{r.members} 人{programs}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            self.household_list.addItem(item)
        if self.household_list.count():
            self.household_list.setCurrentRow(0)
        else:
            self.household_changed()

    def household_id(self) -> int | None:
        item = self.household_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def household_changed(self) -> None:
        """Subclasses refresh what depends on the household."""

    def accept_form(self) -> bool:
        household_id = self.household_id()
        if household_id is None:
            self.message_label.show_text(self.tr("请先选择一户"))
            return False
        ok, new_id = self.message_label.attempt(lambda: self.save(household_id, self.date_edit.date().toPython()))
        if ok:
            self.saved.emit(new_id)
            self.accept()
        return ok

    def save(self, household_id: int, on: date) -> int:
        raise NotImplementedError


class NewApplicationDialog(PickHouseholdDialog):
    """新建申请: the household, the program and the covered members (co-resident ones by default)."""

    title = QT_TRANSLATE_NOOP("PickHouseholdDialog", "新建申请")

    def add_fields(self) -> None:
        self.program_combo = QComboBox()
        for key in PROGRAMS:
            self.program_combo.addItem(PROGRAM_NAMES[key], key)
        self.members_list = QListWidget()
        self.members_list.setMaximumHeight(130)
        self.single_check = QCheckBox(self.tr("单人保（全家人均收入低于 1.5 倍标准时，只保障勾选的一人，按其本人收入计算）"))
        self.single_check.setAccessibleName(self.tr("单人保"))
        self.form.addRow(self.tr("救助项目："), self.program_combo)
        self.form.addRow(self.tr("保障人口："), self.members_list)
        self.form.addRow("", self.single_check)
        self.form.addRow(self.tr("登记日期："), self.date_edit)
        self.program_combo.currentIndexChanged.connect(self._on_program)
        self._on_program()

    def _on_program(self) -> None:
        dibao = is_dibao(str(self.program_combo.currentData()))
        self.single_check.setEnabled(dibao)
        if not dibao:
            self.single_check.setChecked(False)

    def household_changed(self) -> None:
        self.members_list.clear()
        household_id = self.household_id()
        if household_id is None:
            return
        for m in household_input(self.ctx.uow, household_id).members:
            item = QListWidgetItem(f"{m.name}（{m.relation}）" + (self.tr("　已故") if m.death_date else ""))
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            default = m.co_resident and m.death_date is None
            item.setCheckState(Qt.CheckState.Checked if default else Qt.CheckState.Unchecked)
            self.members_list.addItem(item)

    def covered_ids(self) -> list[int]:
        items = (self.members_list.item(i) for i in range(self.members_list.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    def save(self, household_id: int, on: date) -> int:
        covered = self.covered_ids()
        if not covered:
            raise InvalidInput(self.tr("至少勾选一名保障人口"))
        return create_application(self.ctx.uow, self.actor, household_id, self.program_combo.currentData(),
                                  covered, on=on, single_person=self.single_check.isChecked())


class GrantDialog(PickHouseholdDialog):
    """登记临时救助: type, one-off amount with its reason, persons, and 先行救助 for 急难型."""

    title = QT_TRANSLATE_NOOP("PickHouseholdDialog", "登记临时救助")

    def add_fields(self) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.addItems(KINDS)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText(self.tr("元，最多两位小数"))
        self.persons_spin = QSpinBox()
        self.persons_spin.setRange(1, 30)
        self.reason_edit = QLineEdit()
        self.paid_first_check = QCheckBox(self.tr("先行救助（急难型，10 个工作日内补齐材料）"))
        for label, w in ((self.tr("救助类型："), self.kind_combo), (self.tr("救助金额（元）："), self.amount_edit),
                         (self.tr("救助人数："), self.persons_spin), (self.tr("救助事由："), self.reason_edit),
                         (self.tr("申请日期："), self.date_edit), ("", self.paid_first_check)):
            self.form.addRow(label, w)
        self.kind_combo.currentTextChanged.connect(self._on_kind)

    def _on_kind(self, kind: str) -> None:
        self.paid_first_check.setEnabled(kind == "急难型")  # only 急难型 may be paid first
        if kind != "急难型":
            self.paid_first_check.setChecked(False)

    def household_changed(self) -> None:
        household_id = self.household_id()
        if household_id is not None:
            self.persons_spin.setValue(max(1, len(household_input(self.ctx.uow, household_id).members)))

    def save(self, household_id: int, on: date) -> int:
        return register_grant(self.ctx.uow, self.actor, household_id, kind=self.kind_combo.currentText(),
                              amount=self.amount_edit.text().strip(), persons=self.persons_spin.value(),
                              reason=self.reason_edit.text(), on=on,
                              paid_first=self.paid_first_check.isChecked())


class TemporaryPanel(QWidget):
    """临时救助 grants: register (clerk), decide (reviewer), papers completed after 先行救助."""

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self.model = GrantsTableModel(parent=self)
        self.table, self.proxy = _sorted_table(self.model, (50, 80, 70, 80, 50, 200, 90, 90, 100))
        self.register_button = QPushButton(self.tr("登记临时救助"))
        self.approve_button = QPushButton(self.tr("批准"))
        self.refuse_button = QPushButton(self.tr("不予批准"))
        self.papers_button = QPushButton(self.tr("材料已补齐"))
        self.attachments_button = QPushButton(self.tr("申请材料…"))  # scans and photos of the grant (SPEC §14)
        self.attachments_button.clicked.connect(self.open_papers)
        self.opinion_edit = QLineEdit()
        self.opinion_edit.setPlaceholderText(self.tr("审批意见（不予批准必须写明理由）"))
        self.date_edit = date_edit(date.today())
        self.message_label = MessageLabel()
        row = QHBoxLayout()
        for w in (self.register_button, QLabel(self.tr("　办理日期：")), self.date_edit, self.opinion_edit,
                  self.approve_button, self.refuse_button, self.papers_button, self.attachments_button):
            row.addWidget(w, 1 if w is self.opinion_edit else 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message_label)
        self.register_button.clicked.connect(self.register)
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        self.papers_button.clicked.connect(self.papers_done)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        names = {r.id: r.head_name for r in household_rows(self.ctx.uow)}
        self.model.set_grants(grant_rows(self.ctx.uow), names)
        self._update_buttons()

    def selected_grant(self):
        row = selected_source_row(self.table, self.proxy)
        return self.model.row_at(row) if row is not None else None

    def _update_buttons(self) -> None:
        g = self.selected_grant()
        self.approve_button.setEnabled(g is not None and g.status == "待审批" and self.actor.role == "reviewer")
        self.refuse_button.setEnabled(self.approve_button.isEnabled())
        self.papers_button.setEnabled(g is not None and g.status == "先行救助")
        self.attachments_button.setEnabled(g is not None)

    def open_papers(self):  # noqa: ANN201 - a PapersDialog
        from app.ui.papers_dialog import PapersDialog

        g = self.selected_grant()
        if g is None:
            return None
        dialog = PapersDialog(self.ctx, self.actor, "temporary_grant", g.id, title=self.tr("临时救助 {0}").format(g.id),
                              parent=self)
        dialog.show()
        return dialog

    def register(self) -> GrantDialog:
        dialog = GrantDialog(self.ctx, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _id: self.done_message(self.tr("已登记临时救助")))
        dialog.open()
        return dialog

    def decide(self, approve: bool) -> None:
        g, on = self.selected_grant(), self.date_edit.date().toPython()
        if g is None:
            return
        ok, status = self.message_label.attempt(lambda: decide_grant(
            self.ctx.uow, self.actor, g.id, approve=approve, opinion=self.opinion_edit.text(), on=on))
        if ok:
            self.done_message(self.tr("审批结果：{0}").format(status))

    def papers_done(self) -> None:
        g, on = self.selected_grant(), self.date_edit.date().toPython()
        if g is None:
            return
        ok, in_time = self.message_label.attempt(lambda: complete_papers(self.ctx.uow, self.actor, g.id, on=on))
        if ok:
            self.done_message(self.tr("材料已补齐") + ("" if in_time else self.tr("（已超过 10 个工作日）")))

    def done_message(self, text: str) -> None:
        self.opinion_edit.clear()
        self.refresh()
        self.message_label.show_text(text, error=False)


class ApplicationsPage(QWidget):

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None,
                 navigate: Callable[[str], object] | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.navigate = ctx, actor, navigate
        self.today: date | None = None  # None: the real today (tests pin it)
        self.state_combo = QComboBox()
        self.state_combo.addItem(self.tr("全部状态"), "")
        for state in AppState:
            self.state_combo.addItem(state.value, state.value)
        self.todo_button = QPushButton(self.tr("待办（即将到期 / 已逾期）"))
        self.todo_button.setCheckable(True)
        self.count_label = QLabel()
        # SPEC §13: the work list shows the open and overdue monitoring warnings beside the applications
        self.warnings_button = QPushButton()
        self.warnings_button.setFlat(True)
        self.warnings_button.setStyleSheet("text-align: left; color: #a61b1b;")
        self.warnings_button.setVisible(False)
        soon, late = DUE_COLOURS["due_soon"].name(), DUE_COLOURS["overdue"].name()
        legend = QLabel(f"<span style='background:{soon};'>&nbsp;&nbsp;&nbsp;&nbsp;</span> {self.tr('即将到期')}"
                        f"&nbsp;&nbsp;<span style='background:{late};'>&nbsp;&nbsp;&nbsp;&nbsp;</span> "
                        f"{self.tr('已逾期')}")
        filters = QHBoxLayout()
        for w in (QLabel(self.tr("状态：")), self.state_combo, self.todo_button):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(legend)

        self.model = ApplicationsTableModel(parent=self)
        self.table, self.proxy = _sorted_table(self.model, (50, 100, 80, 80, 70, 95, 90, 130, 90))
        self.new_button = QPushButton(self.tr("新建申请"))
        self.open_button = QPushButton(self.tr("办理"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addWidget(self.warnings_button)
        buttons.addStretch(1)
        for b in (self.new_button, self.open_button, self.refresh_button):
            buttons.addWidget(b)
        apps_tab = QWidget()
        apps_layout = QVBoxLayout(apps_tab)
        apps_layout.addLayout(filters)
        apps_layout.addWidget(self.table, 1)
        apps_layout.addLayout(buttons)

        self.temporary = TemporaryPanel(ctx, actor, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(apps_tab, self.tr("低保 / 特困申请"))
        self.tabs.addTab(self.temporary, self.tr("临时救助"))
        QVBoxLayout(self).addWidget(self.tabs)

        self.state_combo.currentIndexChanged.connect(self.refresh)
        self.todo_button.toggled.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.warnings_button.clicked.connect(lambda: self.navigate("monitor") if self.navigate else None)
        self.new_button.clicked.connect(self.new_application)
        self.open_button.clicked.connect(self.open_selected)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())  # the click selected the row
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        today = self.today or date.today()
        selected = self.selected_application_id()
        if self.todo_button.isChecked():
            rows = work_list(self.ctx.uow, today)
            state = self.state_combo.currentData()
            rows = [r for r in rows if not state or r.state == state]
        else:
            rows = application_rows(self.ctx.uow, state=self.state_combo.currentData() or "", today=today)
        self.model.set_rows(rows)
        self.temporary.model.today = self.today
        self.count_label.setText(self.tr("共 {0} 件").format(len(rows)))
        open_, overdue = warning_counts(self.ctx.uow, today)
        self.warnings_button.setVisible(self.todo_button.isChecked() and open_ > 0)
        self.warnings_button.setText(self.tr("监测预警未办结 {0} 条，其中逾期 {1} 条 →").format(open_, overdue) if overdue
                                     else self.tr("监测预警未办结 {0} 条 →").format(open_))
        if selected is not None:
            self.select_application(selected)
        self._update_buttons()

    def selected_application_id(self) -> int | None:
        row = selected_source_row(self.table, self.proxy)
        return self.model.application_id(row) if row is not None else None

    def select_application(self, application_id: int) -> None:
        for r in range(self.proxy.rowCount()):
            if self.model.application_id(self.proxy.mapToSource(self.proxy.index(r, 0)).row()) == application_id:
                self.table.selectRow(r)
                return

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_application_id() is not None)

    def new_application(self) -> NewApplicationDialog:
        dialog = NewApplicationDialog(self.ctx, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_created)
        dialog.open()
        return dialog

    def _on_created(self, application_id: int) -> None:
        self.refresh()
        self.select_application(application_id)
        changes.announce(self, {changes.APPLICATIONS})
        self.open_application(application_id)

    def open_application(self, application_id: int) -> ApplicationDialog:
        dialog = ApplicationDialog(self.ctx, self.actor, application_id, today=self.today, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.application_changed.connect(lambda _id: self.refresh())  # the dialog announces the change
        dialog.open()
        return dialog

    def open_selected(self) -> ApplicationDialog | None:
        application_id = self.selected_application_id()
        return self.open_application(application_id) if application_id is not None else None

def make_applications_page(window) -> ApplicationsPage:
    """Factory for MainWindow's "applications" area."""
    return ApplicationsPage(window.ctx, window.actor, window, navigate=getattr(window, "show_page", None))
