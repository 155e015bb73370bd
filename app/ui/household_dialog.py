"""HouseholdDialog: register or edit one household and its members, with inline validation.

Birth date and sex are derived from the ID number as it is typed, never entered. Problems are
listed in Chinese under the form (from `validate_household`); save is refused while any remain.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import AppContext
from app.domain import canonical
from app.domain.ids import normalize_id
from app.domain.money import format_fen, yuan_to_fen
from app.domain.registry import (
    HUKOU_TYPES,
    INCOME_CATEGORIES,
    LABOUR_ABILITIES,
    RELATIONS,
    HouseholdInput,
    MemberInput,
    validate_household,
)
from app.domain.roles import Actor
from app.errors import AppError, IdNumberError
from app.services.households import history, household_input, register_household, update_household
from app.services.township import village_names
from app.ui.models.households_table import HouseholdHistoryTableModel

Problem = tuple[str, str]
DISABILITY_CATEGORIES = ("", "视力", "听力", "言语", "肢体", "智力", "精神", "多重")
GRADES = ("无", "一级", "二级", "三级", "四级")  # index = grade 0-4
YUAN = QRegularExpression(r"^\d{0,9}(\.\d{0,2})?$")
MAX_SHOWN_PROBLEMS = 6
# (header, width); the income columns follow INCOME_CATEGORIES
MEMBER_COLUMNS = (
    (QT_TRANSLATE_NOOP("HouseholdDialog", "姓名"), 80), (QT_TRANSLATE_NOOP("HouseholdDialog", "身份证号"), 150),
    (QT_TRANSLATE_NOOP("HouseholdDialog", "出生日期"), 84), (QT_TRANSLATE_NOOP("HouseholdDialog", "性别"), 40),
    (QT_TRANSLATE_NOOP("HouseholdDialog", "与户主关系"), 86), (QT_TRANSLATE_NOOP("HouseholdDialog", "共同生活"), 60),
    (QT_TRANSLATE_NOOP("HouseholdDialog", "劳动能力"), 88), (QT_TRANSLATE_NOOP("HouseholdDialog", "残疾类别"), 70),
    (QT_TRANSLATE_NOOP("HouseholdDialog", "残疾等级"), 60), (QT_TRANSLATE_NOOP("HouseholdDialog", "重病"), 40),
    (QT_TRANSLATE_NOOP("HouseholdDialog", "在校生"), 50), (QT_TRANSLATE_NOOP("HouseholdDialog", "自理缺失项"), 72),
) + tuple((f"{c}收入", 80) for c in INCOME_CATEGORIES)  # yuan per month


def _tr(text: str) -> str:
    return QCoreApplication.translate("HouseholdDialog", text)


def _centered(widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget, alignment=Qt.AlignmentFlag.AlignCenter)
    return box


def _combo(items, editable: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(items))
    combo.setEditable(editable)
    return combo


class MemberRow:
    """The editor widgets of one member line in the members table."""

    def __init__(self, relation: str) -> None:
        self.member_id: int | None = None
        self.death_date = None  # kept as loaded; not edited here
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(30)  # room for the spaces of "430902 19560412 005X": they are dropped
        self.id_touched = False  # show an ID problem once 18 characters are typed or the field is left
        self.id_number.editingFinished.connect(self._touch)
        self.relation = _combo(RELATIONS)
        self.relation.setCurrentText(relation)
        self.co_resident = QCheckBox()
        self.co_resident.setChecked(True)
        self.labour = _combo(LABOUR_ABILITIES)
        self.disability_category = _combo(DISABILITY_CATEGORIES, editable=True)
        self.disability_grade = _combo(GRADES)
        self.serious_illness = QCheckBox()
        self.student = QCheckBox()
        self.selfcare = QSpinBox()
        self.selfcare.setRange(0, 6)
        self.incomes: dict[str, QLineEdit] = {}
        for cat in INCOME_CATEGORIES:
            edit = QLineEdit()
            edit.setValidator(QRegularExpressionValidator(YUAN, edit))
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setPlaceholderText("0.00")
            self.incomes[cat] = edit

    def _touch(self) -> None:
        self.id_touched = True

    def cells(self) -> dict[int, QWidget]:
        """Column -> widget; columns 2 and 3 (birth date, sex) are derived items, not widgets."""
        out = {0: self.name, 1: self.id_number, 4: self.relation, 5: _centered(self.co_resident),
               6: self.labour, 7: self.disability_category, 8: self.disability_grade,
               9: _centered(self.serious_illness), 10: _centered(self.student), 11: self.selfcare}
        out.update({12 + i: self.incomes[c] for i, c in enumerate(INCOME_CATEGORIES)})
        return out

    def editors(self) -> list[QWidget]:
        return [self.name, self.id_number, self.relation, self.co_resident, self.labour, self.disability_category,
                self.disability_grade, self.serious_illness, self.student, self.selfcare, *self.incomes.values()]

    def connect(self, slot) -> None:
        for w in self.editors():
            for sig in ("textChanged", "currentTextChanged", "toggled", "valueChanged"):
                if hasattr(w, sig) and not (sig == "textChanged" and isinstance(w, QComboBox)):
                    getattr(w, sig).connect(slot)
                    break

    def load(self, m: MemberInput) -> None:
        self.member_id, self.death_date = m.id, m.death_date
        self.name.setText(m.name)
        self.id_number.setText(m.id_number)
        self.id_touched = True
        self.relation.setCurrentText(m.relation)
        self.co_resident.setChecked(m.co_resident)
        self.labour.setCurrentText(m.labour_ability)
        self.disability_category.setCurrentText(m.disability_category)
        self.disability_grade.setCurrentIndex(m.disability_grade if 0 <= m.disability_grade <= 4 else 0)
        self.serious_illness.setChecked(m.serious_illness)
        self.student.setChecked(m.student)
        self.selfcare.setValue(m.selfcare_items_failed)
        for cat, edit in self.incomes.items():
            fen = m.incomes.get(cat, 0)
            edit.setText(format_fen(fen) if fen else "")

    def to_input(self) -> tuple[MemberInput, list[Problem]]:
        problems, incomes = [], {}
        for cat, edit in self.incomes.items():
            try:
                incomes[cat] = yuan_to_fen(edit.text())
            except ValueError as exc:
                problems.append((f"{cat}收入", str(exc)))
        m = MemberInput(
            name=self.name.text().strip(), id_number=self.id_number.text(), relation=self.relation.currentText(),
            co_resident=self.co_resident.isChecked(), labour_ability=self.labour.currentText(),
            disability_category=self.disability_category.currentText().strip(),
            disability_grade=self.disability_grade.currentIndex(), serious_illness=self.serious_illness.isChecked(),
            student=self.student.isChecked(), selfcare_items_failed=self.selfcare.value(),
            death_date=self.death_date, incomes={c: f for c, f in incomes.items() if f}, id=self.member_id)
        return m, problems

    def id_problem(self) -> str | None:
        """The ID number's problem once it is worth showing (typed out or left), else None."""
        text = canonical.id_text(self.id_number.text())
        if not text or (len(text) < 18 and not self.id_touched):
            return None
        try:
            normalize_id(text)
        except IdNumberError as exc:
            return str(exc.params["detail"])
        return None


class HouseholdDialog(QDialog):
    household_saved = Signal(int)

    def __init__(self, ctx: AppContext, actor: Actor, household_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.household_id = ctx, actor, household_id
        self.member_rows: list[MemberRow] = []
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
        self.tabs.addTab(self.history_view, self.tr("历史"))

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #c0392b;")
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

        if household_id is None:
            self.add_member("本人")
        else:
            self.load(household_input(ctx.uow, household_id))
            self.load_history()
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        self.revalidate()

    # -- building ----------------------------------------------------------------------------
    def _build_household_tab(self) -> QWidget:
        self.village_combo = _combo(village_names(self.ctx.uow), editable=True)
        self.village_combo.setCurrentText("")
        self.village_combo.lineEdit().setPlaceholderText(self.tr("选择或输入村(社区)名称"))
        self.hukou_combo = _combo(HUKOU_TYPES)
        self.hukou_combo.setCurrentText("农业")
        self.address_edit, self.phone_edit = QLineEdit(), QLineEdit()
        self.bank_name_edit, self.bank_account_edit = QLineEdit(), QLineEdit()
        self.bank_account_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"^\d{0,32}$")))
        self.deductions_edit = QLineEdit()
        self.deductions_edit.setValidator(QRegularExpressionValidator(YUAN))
        self.deductions_edit.setPlaceholderText("0.00")
        self.separate_check = QCheckBox(self.tr("单独登记备案（成员为经办人员或村干部近亲属）"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(52)

        grid = QGridLayout()
        cells = [(0, 0, "村(社区)：", self.village_combo), (0, 2, "户籍类型：", self.hukou_combo),
                 (0, 4, "联系电话：", self.phone_edit), (1, 0, "开户行：", self.bank_name_edit),
                 (1, 2, "银行账号：", self.bank_account_edit), (1, 4, "刚性支出(元/月)：", self.deductions_edit)]
        for row, col, label, widget in cells:
            grid.addWidget(QLabel(_tr(label)), row, col)
            grid.addWidget(widget, row, col + 1)
        grid.addWidget(QLabel(self.tr("地址：")), 2, 0)
        grid.addWidget(self.address_edit, 2, 1, 1, 3)
        grid.addWidget(self.separate_check, 2, 4, 1, 2)
        grid.addWidget(QLabel(self.tr("备注：")), 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.notes_edit, 3, 1, 1, 5)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)

        self.members_table = QTableWidget(0, len(MEMBER_COLUMNS))
        self.members_table.setHorizontalHeaderLabels([_tr(h) for h, _ in MEMBER_COLUMNS])
        for col, (_, width) in enumerate(MEMBER_COLUMNS):
            self.members_table.setColumnWidth(col, width)
        self.members_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.members_table.verticalHeader().setDefaultSectionSize(30)
        self.members_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_table.setStyleSheet("QTableWidget { selection-background-color: #dbe9f7; selection-color: black; }")
        self.add_member_button = QPushButton(self.tr("添加成员"))
        self.remove_member_button = QPushButton(self.tr("删除成员"))
        self.remove_member_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the row the user was in
        self.add_member_button.clicked.connect(lambda: self.add_member())
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
        return page

    def add_member(self, relation: str | None = None) -> MemberRow:
        if relation is None:
            taken = {r.relation.currentText() for r in self.member_rows}
            relation = next(r for r in ("本人", "配偶", "子") if r not in taken or r == "子")
        row = MemberRow(relation)
        r = self.members_table.rowCount()
        self.members_table.insertRow(r)
        for col, widget in row.cells().items():
            self.members_table.setCellWidget(r, col, widget)
        for col in (2, 3):
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.members_table.setItem(r, col, item)
        self.member_rows.append(row)
        row.connect(self.revalidate)
        self.members_table.selectRow(r)
        row.name.setFocus()
        self.revalidate()
        return row

    def remove_current_member(self) -> None:
        r = self.members_table.currentRow()
        if 0 <= r < len(self.member_rows):
            self.members_table.removeRow(r)
            del self.member_rows[r]
            self.revalidate()

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for row in self.member_rows:
            if new is not None and any(w is new or w.isAncestorOf(new) for w in row.editors()):
                # the focused cell becomes current, its row selected: selectRow() made column 0 current,
                # and the table then gave the focus to the name editor, so no click or Tab reached the ID
                table = self.members_table
                index = table.indexAt(new.mapTo(table.viewport(), new.rect().center()))
                selection = table.selectionModel()
                selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows)
                return

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
        for m in data.members:
            self.add_member(m.relation).load(m)
        head = next((m.name for m in data.members if m.relation == "本人"), "")
        self.setWindowTitle(self.tr("编辑家庭 - 户主 {0}").format(head))

    def load_history(self) -> None:
        self.history_model.set_entries(history(self.ctx.uow, self.household_id) if self.household_id else [])
        self.history_view.resizeColumnsToContents()
        self.history_view.resizeRowsToContents()

    # -- validation and saving ---------------------------------------------------------------
    def collect(self) -> tuple[HouseholdInput, list[Problem]]:
        """The form as a HouseholdInput (IDs normalised) and every problem with it."""
        problems: list[Problem] = []
        members = []
        for i, row in enumerate(self.member_rows, start=1):
            m, bad = row.to_input()
            members.append(m)
            problems += [(f"成员第 {i} 行「{f}」", r) for f, r in bad]
        try:
            deductions = yuan_to_fen(self.deductions_edit.text())
        except ValueError as exc:
            deductions = 0
            problems.append(("刚性支出", str(exc)))
        data = HouseholdInput(
            village=self.village_combo.currentText().strip(), members=members,
            address=self.address_edit.text().strip(), hukou_type=self.hukou_combo.currentText(),
            phone=self.phone_edit.text().strip(), bank_name=self.bank_name_edit.text().strip(),
            bank_account=self.bank_account_edit.text().strip(), separately_registered=self.separate_check.isChecked(),
            deductions_fen=deductions, notes=self.notes_edit.toPlainText().strip(), legacy_no=self._legacy_no)
        return data, problems + validate_household(data)

    def revalidate(self) -> list[Problem]:
        """Refresh derived birth date / sex and the problem list; returns the problems shown."""
        shown: list[Problem] = []
        for i, row in enumerate(self.member_rows):
            self._show_derived(i, row)
            problem = row.id_problem()
            row.id_number.setStyleSheet("QLineEdit { border: 1px solid #c0392b; }" if problem else "")
            if problem and not self._show_all:
                shown.append((f"成员第 {i + 1} 行「身份证号」", problem))
        if self._show_all:
            shown = self.collect()[1]
        self._show_problems(shown)
        return shown

    def _show_derived(self, r: int, row: MemberRow) -> None:
        try:
            info = normalize_id(row.id_number.text())
            birth, sex = info.birth_date.isoformat(), info.sex
        except IdNumberError:
            birth, sex = "", ""
        self.members_table.item(r, 2).setText(birth)
        self.members_table.item(r, 3).setText(sex)

    def _show_problems(self, problems: list[Problem]) -> None:
        lines = [f"{field}：{reason}" for field, reason in problems[:MAX_SHOWN_PROBLEMS]]
        if len(problems) > MAX_SHOWN_PROBLEMS:
            lines.append(self.tr("……另有 {0} 处问题").format(len(problems) - MAX_SHOWN_PROBLEMS))
        self.message_label.setText("\n".join(lines))
        self.message_label.setVisible(bool(lines))

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

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
        self.household_saved.emit(self.household_id)
        self.accept()
        return True
