"""HouseholdDialog: register or edit one household and its members, with inline validation.

Birth date and sex are derived from the ID number as it is typed, never entered. Problems are
listed in Chinese under the form (from `validate_household`); save is refused while any remain.
The member table is a model/view (ui/models/members_table.py): a click or Tab puts the cursor in
a cell, Enter moves on. Every input carries its label as accessible name. Closing a changed form
asks (through the prompts seam) before the typing is thrown away.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain import canonical
from app.domain.money import format_fen, yuan_to_fen
from app.domain.registry import HUKOU_TYPES, HouseholdInput, validate_household
from app.domain.roles import Actor
from app.errors import AppError
from app.services.households import history, household_input, register_household, update_household
from app.services.township import village_names
from app.ui import changes, prompts
from app.ui.members_view import MembersView
from app.ui.models.households_table import HouseholdHistoryTableModel
from app.ui.models.members_table import MembersTableModel

Problem = tuple[str, str]
MAX_SHOWN_PROBLEMS = 6


def _tr(text: str) -> str:
    return QCoreApplication.translate("HouseholdDialog", text)


def _combo(items, editable: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(items))
    combo.setEditable(editable)
    return combo


class HouseholdDialog(QDialog):
    household_saved = Signal(int)

    def __init__(self, ctx: AppContext, actor: Actor, household_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.household_id = ctx, actor, household_id
        self._show_all = False  # after a refused save every problem is listed, not only typed IDs
        self._legacy_no: str | None = None
        self.setWindowTitle(self.tr("新增家庭") if household_id is None else self.tr("编辑家庭"))
        self.resize(1340, 700)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_household_tab(), self.tr("家庭信息"))
        self.history_model = HouseholdHistoryTableModel(parent=self)
        self.history_view = QTableView()
        self.history_view.setModel(self.history_model)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.horizontalHeader().setStretchLastSection(True)
        self.history_view.setAccessibleName(self.tr("历史"))
        self.tabs.addTab(self.history_view, self.tr("历史"))
        if household_id is not None:  # SPEC §13: the household's register kinds and warnings
            from app.ui.monitor_page import HouseholdMonitorView
            self.tabs.addTab(HouseholdMonitorView(ctx, household_id, self), self.tr("低收入监测"))

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #c0392b;")
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setAccessibleName(self.tr("问题"))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.papers_button = None
        if household_id is not None:  # SPEC §14: ID cards, 户口簿 and other papers of the household
            self.papers_button = buttons.addButton(self.tr("家庭材料…"), QDialogButtonBox.ButtonRole.ActionRole)
            self.papers_button.setToolTip(self.tr("身份证、户口簿等家庭材料的扫描件和照片"))
            self.papers_button.clicked.connect(self.open_papers)
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.setToolTip(self.tr("保存 (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

        if household_id is None:
            self.members_model.add_member("本人")
        else:
            self.load(household_input(ctx.uow, household_id))
            self.load_history()
        self.members_model.edited.connect(self.revalidate)
        self._saved_state = self.form_state()
        self.revalidate()

    def open_papers(self) -> QDialog:
        from app.ui.papers_dialog import PapersDialog

        dialog = PapersDialog(self.ctx, self.actor, "household", self.household_id,
                              title=self.tr("家庭 {0}").format(self.household_id), parent=self)
        dialog.open()
        return dialog

    # -- building ----------------------------------------------------------------------------
    def _build_household_tab(self) -> QWidget:
        self.village_combo = _combo(village_names(self.ctx.uow), editable=True)
        self.village_combo.setCurrentText("")
        self.village_combo.lineEdit().setPlaceholderText(self.tr("选择或输入村(社区)名称"))
        self.hukou_combo = _combo(HUKOU_TYPES)
        self.hukou_combo.setCurrentText("农业")
        self.address_edit, self.phone_edit = QLineEdit(), QLineEdit()
        self.bank_name_edit, self.bank_account_edit = QLineEdit(), QLineEdit()
        self.deductions_edit = QLineEdit()
        self.deductions_edit.setPlaceholderText("0.00")
        self.separate_check = QCheckBox(self.tr("单独登记备案（成员为经办人员或村干部近亲属）"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(52)
        self.notes_edit.setTabChangesFocus(True)

        grid = QGridLayout()
        cells = [(0, 0, QT_TRANSLATE_NOOP("HouseholdDialog", "村(社区)"), self.village_combo),
                 (0, 2, QT_TRANSLATE_NOOP("HouseholdDialog", "户籍类型"), self.hukou_combo),
                 (0, 4, QT_TRANSLATE_NOOP("HouseholdDialog", "联系电话"), self.phone_edit),
                 (1, 0, QT_TRANSLATE_NOOP("HouseholdDialog", "开户行"), self.bank_name_edit),
                 (1, 2, QT_TRANSLATE_NOOP("HouseholdDialog", "银行账号"), self.bank_account_edit),
                 (1, 4, QT_TRANSLATE_NOOP("HouseholdDialog", "刚性支出(元/月)"), self.deductions_edit),
                 (2, 0, QT_TRANSLATE_NOOP("HouseholdDialog", "地址"), self.address_edit),
                 (3, 0, QT_TRANSLATE_NOOP("HouseholdDialog", "备注"), self.notes_edit)]
        for row, col, label, widget in cells:
            caption = QLabel(_tr(label) + "：")
            caption.setBuddy(widget)
            widget.setAccessibleName(_tr(label))
            grid.addWidget(caption, row, col, Qt.AlignmentFlag.AlignTop if widget is self.notes_edit
                           else Qt.AlignmentFlag(0))
        for row, col, _label, widget in cells[:6]:
            grid.addWidget(widget, row, col + 1)
        grid.addWidget(self.address_edit, 2, 1, 1, 3)
        grid.addWidget(self.separate_check, 2, 4, 1, 2)
        grid.addWidget(self.notes_edit, 3, 1, 1, 5)
        self.separate_check.setAccessibleName(self.separate_check.text())
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)

        self.members_model = MembersTableModel(self)
        self.members_table = MembersView(self.members_model)
        self.members_table.next_member_requested.connect(self.add_member)
        self.add_member_button = QPushButton(self.tr("添加成员"))
        self.remove_member_button = QPushButton(self.tr("删除成员"))
        self.remove_member_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the cell the user was in
        self.add_member_button.clicked.connect(self.add_member)
        self.remove_member_button.clicked.connect(self.remove_current_member)
        member_bar = QHBoxLayout()
        member_bar.addWidget(QLabel(self.tr("家庭成员（出生日期、性别由身份证号自动得出；收入为每月金额，单位：元）")))
        member_bar.addStretch(1)
        member_bar.addWidget(self.add_member_button)
        member_bar.addWidget(self.remove_member_button)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(grid)
        layout.addLayout(member_bar)
        layout.addWidget(self.members_table, 1)
        for w in (self.address_edit, self.phone_edit, self.bank_name_edit, self.bank_account_edit,
                  self.deductions_edit):
            w.textChanged.connect(self.revalidate)
        self.village_combo.currentTextChanged.connect(self.revalidate)
        self.hukou_combo.currentTextChanged.connect(self.revalidate)
        QWidget.setTabOrder(self.notes_edit, self.members_table)  # the form, then its members, then the buttons
        QWidget.setTabOrder(self.members_table, self.add_member_button)
        return page

    def add_member(self) -> int:
        """A new member line (relation 本人, then 配偶, then 子) with the cursor in its 姓名."""
        row = self.members_model.add_member()
        self.members_table.start_at(row)
        return row

    def remove_current_member(self) -> None:
        index = self.members_table.currentIndex()
        if index.isValid():
            self.members_table.closePersistentEditor(index)
            self.members_model.remove_member(index.row())

    # -- loading -----------------------------------------------------------------------------
    def load(self, data: HouseholdInput) -> None:
        self._legacy_no = data.legacy_no
        self.village_combo.setCurrentText(data.village)
        self.hukou_combo.setCurrentText(data.hukou_type)
        self.address_edit.setText(data.address)
        self.phone_edit.setText(data.phone)
        self.bank_name_edit.setText(data.bank_name)
        self.bank_account_edit.setText(data.bank_account)
        self.deductions_edit.setText(format_fen(data.deductions_fen) if data.deductions_fen else "")
        self.separate_check.setChecked(data.separately_registered)
        self.notes_edit.setPlainText(data.notes)
        self.members_model.load(data.members)
        head = next((m.name for m in data.members if m.relation == "本人"), "")
        self.setWindowTitle(self.tr("编辑家庭 - 户主 {0}").format(head))

    def load_history(self) -> None:
        self.history_model.set_entries(history(self.ctx.uow, self.household_id) if self.household_id else [])
        self.history_view.resizeColumnsToContents()
        self.history_view.resizeRowsToContents()

    # -- validation and saving ---------------------------------------------------------------
    def collect(self) -> tuple[HouseholdInput, list[Problem]]:
        """The form as a HouseholdInput (IDs normalised) and every problem with it."""
        members, problems = self.members_model.member_inputs()
        try:
            deductions = yuan_to_fen(canonical.compact(self.deductions_edit.text()))
        except ValueError as exc:
            deductions = 0
            problems.append(("刚性支出", str(exc)))
        data = HouseholdInput(
            village=canonical.text(self.village_combo.currentText()), members=members,
            address=canonical.text(self.address_edit.text()), hukou_type=self.hukou_combo.currentText(),
            phone=canonical.compact(self.phone_edit.text()), bank_name=canonical.text(self.bank_name_edit.text()),
            bank_account=canonical.compact(self.bank_account_edit.text()),
            separately_registered=self.separate_check.isChecked(), deductions_fen=deductions,
            notes=self.notes_edit.toPlainText().strip(), legacy_no=self._legacy_no)
        return data, problems + validate_household(data)

    def revalidate(self) -> list[Problem]:
        """Refresh the problem list; returns the problems shown. While typing only ID numbers typed out
        and amounts that are not amounts are named; after a refused save, everything."""
        if self._show_all:
            shown = self.collect()[1]
        else:
            shown = self.members_model.live_problems()
            try:
                yuan_to_fen(canonical.compact(self.deductions_edit.text()))
            except ValueError as exc:
                shown.append(("刚性支出", str(exc)))
        self._show_problems(shown)
        return shown

    def _show_problems(self, problems: list[Problem]) -> None:
        lines = [f"{field}：{reason}" for field, reason in problems[:MAX_SHOWN_PROBLEMS]]
        if len(problems) > MAX_SHOWN_PROBLEMS:
            lines.append(self.tr("……另有 {0} 处问题").format(len(problems) - MAX_SHOWN_PROBLEMS))
        self.message_label.setText("\n".join(lines))
        self.message_label.setVisible(bool(lines))

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def form_state(self) -> tuple:
        """Everything typed, to tell a changed form from an untouched one."""
        return (self.village_combo.currentText(), self.hukou_combo.currentText(), self.address_edit.text(),
                self.phone_edit.text(), self.bank_name_edit.text(), self.bank_account_edit.text(),
                self.deductions_edit.text(), self.separate_check.isChecked(), self.notes_edit.toPlainText(),
                self.members_model.state())

    def is_changed(self) -> bool:
        return self.form_state() != self._saved_state

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Enter in a household field moves on to the next field, as in the member table; saving is
        the 保存 button (or Ctrl+S), never a stray Enter in the middle of the form."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        field = QApplication.focusWidget()
        if enter and isinstance(field, (QLineEdit, QComboBox)) and self.isAncestorOf(field):
            event.accept()
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Cancel, Esc or the window's close button: a changed form asks before it is discarded."""
        if self.is_changed() and not prompts.current().confirm(
                self, self.tr("放弃修改"), self.tr("本户信息已修改但尚未保存。确定放弃这些修改吗？")):
            return
        super().reject()

    def save(self) -> bool:
        """Validate and write; on success emit household_saved(id) and close. Returns success."""
        data, problems = self.collect()
        if problems:
            self._show_all = True
            self.revalidate()
            return False
        try:
            if self.household_id is None:
                self.household_id = register_household(self.ctx.uow, self.actor, data)
            else:
                update_household(self.ctx.uow, self.actor, self.household_id, data)
        except AppError as exc:
            self.show_message(exc.text)
            return False
        self._saved_state = self.form_state()
        changes.announce(self, {changes.HOUSEHOLDS})
        self.household_saved.emit(self.household_id)
        self.accept()
        return True
