"""The household dialog's member table: an editable model over the member inputs, its delegate and view.

One row is one member as typed (`MemberDraft`: raw text for the ID and the incomes, so a wrong
character stays visible with a message instead of vanishing). Birth date and sex are derived from
the ID number as it is typed and are read-only columns. The view opens the cell's editor when a
cell becomes current (a click, Tab, Shift+Tab), skips the derived columns, and turns Enter into
"next cell"; Enter on the last cell asks for the next member (`next_member_requested`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.domain import canonical
from app.domain.ids import normalize_id
from app.domain.money import format_fen, yuan_to_fen
from app.domain.registry import INCOME_CATEGORIES, LABOUR_ABILITIES, RELATIONS, MemberInput
from app.errors import IdNumberError

Index = QModelIndex | QPersistentModelIndex
Problem = tuple[str, str]
DISABILITY_CATEGORIES = ("", "视力", "听力", "言语", "肢体", "智力", "精神", "多重")
GRADES = ("无", "一级", "二级", "三级", "四级")  # index = grade 0-4
PROBLEM_BRUSH = QBrush(QColor("#f9d6d2"))
DERIVED_BRUSH = QBrush(QColor("#f2f2f2"))


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    kind: str  # text | id | derived | choice | check | count | money
    choices: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("name", QT_TRANSLATE_NOOP("HouseholdDialog", "姓名"), 80, "text"),
    Column("id_number", QT_TRANSLATE_NOOP("HouseholdDialog", "身份证号"), 160, "id"),
    Column("birth_date", QT_TRANSLATE_NOOP("HouseholdDialog", "出生日期"), 84, "derived"),
    Column("sex", QT_TRANSLATE_NOOP("HouseholdDialog", "性别"), 40, "derived"),
    Column("relation", QT_TRANSLATE_NOOP("HouseholdDialog", "与户主关系"), 86, "choice", RELATIONS),
    Column("co_resident", QT_TRANSLATE_NOOP("HouseholdDialog", "共同生活"), 60, "check"),
    Column("labour_ability", QT_TRANSLATE_NOOP("HouseholdDialog", "劳动能力"), 88, "choice", LABOUR_ABILITIES),
    Column("disability_category", QT_TRANSLATE_NOOP("HouseholdDialog", "残疾类别"), 70, "choice",
           DISABILITY_CATEGORIES),
    Column("disability_grade", QT_TRANSLATE_NOOP("HouseholdDialog", "残疾等级"), 60, "choice", GRADES),
    Column("serious_illness", QT_TRANSLATE_NOOP("HouseholdDialog", "重病"), 40, "check"),
    Column("student", QT_TRANSLATE_NOOP("HouseholdDialog", "在校生"), 50, "check"),
    Column("selfcare_items_failed", QT_TRANSLATE_NOOP("HouseholdDialog", "自理缺失项"), 72, "count"),
) + tuple(Column(cat, f"{cat}收入", 80, "money") for cat in INCOME_CATEGORIES)  # yuan per month
COLUMN = {c.key: i for i, c in enumerate(COLUMNS)}
ID_COLUMN, NAME_COLUMN = COLUMN["id_number"], COLUMN["name"]
LAST_COLUMN = len(COLUMNS) - 1


def header(column: int) -> str:
    return QCoreApplication.translate("HouseholdDialog", COLUMNS[column].header)


@dataclass
class MemberDraft:
    """One member line as typed; `incomes` holds the yuan text per category."""

    relation: str
    name: str = ""
    id_number: str = ""  # canonical (id_text) but not yet validated
    co_resident: bool = True
    labour_ability: str = ""
    disability_category: str = ""
    disability_grade: int = 0
    serious_illness: bool = False
    student: bool = False
    selfcare_items_failed: int = 0
    incomes: dict[str, str] = field(default_factory=lambda: dict.fromkeys(INCOME_CATEGORIES, ""))
    death_date: date | None = None  # kept as loaded; not edited here
    member_id: int | None = None
    id_touched: bool = False  # an ID problem is shown once 18 characters are typed or the cell is left

    @classmethod
    def of(cls, m: MemberInput) -> MemberDraft:
        return cls(relation=m.relation, name=m.name, id_number=m.id_number, co_resident=m.co_resident,
                   labour_ability=m.labour_ability, disability_category=m.disability_category,
                   disability_grade=m.disability_grade, serious_illness=m.serious_illness, student=m.student,
                   selfcare_items_failed=m.selfcare_items_failed, death_date=m.death_date, member_id=m.id,
                   incomes={c: format_fen(m.incomes[c]) if m.incomes.get(c) else "" for c in INCOME_CATEGORIES},
                   id_touched=True)

    def id_info(self):  # noqa: ANN201 - IdInfo or None
        try:
            return normalize_id(self.id_number)
        except IdNumberError:
            return None

    def id_problem(self) -> str | None:
        """The ID number's problem once it is worth showing (typed out or left), else None."""
        if not self.id_number or (len(self.id_number) < 18 and not self.id_touched):
            return None
        try:
            normalize_id(self.id_number)
        except IdNumberError as exc:
            return str(exc.params["detail"])
        return None

    def money_problems(self) -> dict[str, str]:
        """Category -> reason for each income that is not a valid amount (a minus sign, letters ...)."""
        out = {}
        for cat, typed in self.incomes.items():
            try:
                yuan_to_fen(canonical.compact(typed))
            except ValueError as exc:
                out[cat] = str(exc)
        return out

    def to_input(self) -> MemberInput:
        incomes = {}
        for cat, typed in self.incomes.items():
            try:
                fen = yuan_to_fen(canonical.compact(typed))
            except ValueError:
                continue  # reported by money_problems
            if fen:
                incomes[cat] = fen
        return MemberInput(
            name=canonical.text(self.name), id_number=self.id_number, relation=self.relation,
            co_resident=self.co_resident, labour_ability=self.labour_ability,
            disability_category=canonical.text(self.disability_category), disability_grade=self.disability_grade,
            serious_illness=self.serious_illness, student=self.student,
            selfcare_items_failed=self.selfcare_items_failed, death_date=self.death_date, incomes=incomes,
            id=self.member_id)

    def state(self) -> tuple:
        """Everything the clerk can change, to tell whether the form was edited."""
        return (self.relation, self.name, self.id_number, self.co_resident, self.labour_ability,
                self.disability_category, self.disability_grade, self.serious_illness, self.student,
                self.selfcare_items_failed, tuple(self.incomes.values()))


class MembersTableModel(QAbstractTableModel):
    """Editable rows of MemberDraft; `edited` fires after every change a person makes."""

    edited = Signal()

    def __init__(self, parent=None) -> None:  # noqa: ANN001 - any QObject
        super().__init__(parent)
        self.drafts: list[MemberDraft] = []

    # -- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.drafts)

    def columnCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return header(section)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.drafts):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        kind = COLUMNS[index.column()].kind
        if kind == "derived":
            return base
        if kind == "check":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        d, col = self.drafts[index.row()], COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._value(d, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.CheckStateRole and col.kind == "check":
            return Qt.CheckState.Checked if getattr(d, col.key) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.kind == "money":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col.kind in ("derived", "count"):
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            problem = self.cell_problem(index.row(), index.column())
            if role == Qt.ItemDataRole.ToolTipRole:
                return problem
            return PROBLEM_BRUSH if problem else (DERIVED_BRUSH if col.kind == "derived" else None)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{header(index.column())} {self._value(d, col, False) or ''}".strip()
        return None

    def _value(self, d: MemberDraft, col: Column, edit: bool):  # noqa: ANN202 - str or int
        if col.kind == "money":
            return d.incomes[col.key]
        if col.key in ("birth_date", "sex"):
            info = d.id_info()
            return "" if info is None else (info.birth_date.isoformat() if col.key == "birth_date" else info.sex)
        if col.key == "disability_grade":
            return d.disability_grade if edit else GRADES[d.disability_grade] if 0 <= d.disability_grade < 5 else ""
        if col.kind == "check":
            return None
        value = getattr(d, col.key)
        return value if edit else str(value)

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802, ANN001
        if not index.isValid():
            return False
        d, col = self.drafts[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and col.kind == "check":
            setattr(d, col.key, Qt.CheckState(value) == Qt.CheckState.Checked)
        elif role != Qt.ItemDataRole.EditRole or col.kind in ("derived", "check"):
            return False
        elif col.kind == "money":
            d.incomes[col.key] = str(value)
        elif col.kind == "id":
            d.id_number = canonical.id_text(value)
        elif col.key in ("disability_grade", "selfcare_items_failed"):
            setattr(d, col.key, int(value))
        else:
            setattr(d, col.key, str(value))
        last = ID_COLUMN + 2 if col.kind == "id" else index.column()  # the ID also changes birth date and sex
        self.dataChanged.emit(index, self.index(index.row(), max(last, index.column())))
        self.edited.emit()
        return True

    # -- the dialog's API -----------------------------------------------------------------------
    def cell_problem(self, row: int, column: int) -> str | None:
        d, col = self.drafts[row], COLUMNS[column]
        if col.kind == "id":
            return d.id_problem()
        if col.kind == "money":
            return d.money_problems().get(col.key)
        return None

    def touch_id(self, row: int) -> None:
        """The ID cell was left: from now on its problem is shown even if it is short."""
        if 0 <= row < len(self.drafts) and not self.drafts[row].id_touched:
            self.drafts[row].id_touched = True
            self.dataChanged.emit(self.index(row, ID_COLUMN), self.index(row, ID_COLUMN))
            self.edited.emit()

    def next_relation(self) -> str:
        taken = {d.relation for d in self.drafts}
        return next(r for r in ("本人", "配偶", "子") if r not in taken or r == "子")

    def add_member(self, relation: str | None = None) -> int:
        row = len(self.drafts)
        self.beginInsertRows(QModelIndex(), row, row)
        self.drafts.append(MemberDraft(relation=relation or self.next_relation()))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_member(self, row: int) -> None:
        if 0 <= row < len(self.drafts):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.drafts[row]
            self.endRemoveRows()
            self.edited.emit()

    def load(self, members: list[MemberInput]) -> None:
        self.beginResetModel()
        self.drafts = [MemberDraft.of(m) for m in members]
        self.endResetModel()

    def member_inputs(self) -> tuple[list[MemberInput], list[Problem]]:
        """The members as MemberInput, and the amounts that are not amounts (named by row and column)."""
        problems = [(f"成员第 {i} 行「{cat}收入」", reason)
                    for i, d in enumerate(self.drafts, start=1) for cat, reason in d.money_problems().items()]
        return [d.to_input() for d in self.drafts], problems

    def live_problems(self) -> list[Problem]:
        """What is shown while typing: ID numbers typed out or left, and every amount that is not one."""
        out: list[Problem] = []
        for i, d in enumerate(self.drafts, start=1):
            problem = d.id_problem()
            if problem:
                out.append((f"成员第 {i} 行「身份证号」", problem))
            out += [(f"成员第 {i} 行「{cat}收入」", reason) for cat, reason in d.money_problems().items()]
        return out

    def state(self) -> tuple:
        return tuple(d.state() for d in self.drafts)


class MembersDelegate(QStyledItemDelegate):
    """Editors per column kind; every keystroke is committed, so derived cells follow the typing."""

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:  # noqa: N802, ANN001 - Qt API
        col = COLUMNS[index.column()]
        if col.kind == "choice":
            editor = QComboBox(parent)
            editor.addItems(list(col.choices))
            current = index.data(Qt.ItemDataRole.EditRole)
            if isinstance(current, str) and current not in col.choices:
                editor.addItem(current)  # a category loaded from an old roster stays choosable
            editor.currentIndexChanged.connect(lambda _i, e=editor: self.commitData.emit(e))
        elif col.kind == "count":
            editor = QSpinBox(parent)
            editor.setRange(0, 6)
            editor.valueChanged.connect(lambda _v, e=editor: self.commitData.emit(e))
        else:
            editor = QLineEdit(parent)
            if col.kind == "id":
                editor.setMaxLength(32)  # room for spaces and full-width digits, canonicalised on entry
            elif col.kind == "money":
                editor.setAlignment(Qt.AlignmentFlag.AlignRight)
                editor.setPlaceholderText("0.00")
            editor.textEdited.connect(lambda _t, e=editor: self.commitData.emit(e))
        editor.setAccessibleName(header(index.column()))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802 - Qt API
        value = index.data(Qt.ItemDataRole.EditRole)
        blocked = editor.blockSignals(True)  # showing the model's value is not an edit to commit back
        try:
            self._show(editor, index, value)
        finally:
            editor.blockSignals(blocked)

    def _show(self, editor: QWidget, index: Index, value) -> None:  # noqa: ANN001 - str or int
        if isinstance(editor, QComboBox):
            if COLUMNS[index.column()].key == "disability_grade":
                target = int(value)
            else:
                target = editor.findText(str(value))
            if editor.currentIndex() != target:
                editor.setCurrentIndex(max(target, 0))
        elif isinstance(editor, QSpinBox):
            if editor.value() != int(value):
                editor.setValue(int(value))
        elif isinstance(editor, QLineEdit):
            typed = canonical.id_text(editor.text()) if COLUMNS[index.column()].kind == "id" else editor.text()
            if typed != value:  # never reset the text being typed (the cursor would jump to the end)
                editor.setText(str(value))

    def setModelData(self, editor: QWidget, model, index: Index) -> None:  # noqa: N802, ANN001 - Qt API
        if isinstance(editor, QComboBox):
            grade = COLUMNS[index.column()].key == "disability_grade"
            value = editor.currentIndex() if grade else editor.currentText()
        elif isinstance(editor, QSpinBox):
            value = editor.value()
        else:
            value = editor.text()
        if value != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, value, Qt.ItemDataRole.EditRole)

    def paint(self, painter, option, index: Index) -> None:  # noqa: ANN001 - Qt API
        if COLUMNS[index.column()].kind != "check":
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else QApplication.style()
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)  # background, focus
        box = QStyleOptionViewItem(opt)
        box.rect = QRect(0, 0, style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, opt, opt.widget),
                         style.pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, opt, opt.widget))
        box.rect.moveCenter(option.rect.center())
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        box.state = (box.state & ~(QStyle.StateFlag.State_On | QStyle.StateFlag.State_Off)) | (
            QStyle.StateFlag.State_On if checked else QStyle.StateFlag.State_Off)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, box, painter, opt.widget)

    def editorEvent(self, event, model, option, index: Index) -> bool:  # noqa: N802, ANN001 - Qt API
        """A check cell toggles on a click anywhere in it (the box is drawn centred), or on Space."""
        if COLUMNS[index.column()].kind != "check" or not index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            return super().editorEvent(event, model, option, index)
        toggle = (event.type() == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton
                  and option.rect.contains(event.position().toPoint()))
        toggle = toggle or (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select))
        if toggle:
            checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            value = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
            return model.setData(index, value.value, Qt.ItemDataRole.CheckStateRole)
        return event.type() == QEvent.Type.MouseButtonDblClick  # a press still makes the cell current

    def destroyEditor(self, editor: QWidget, index: Index) -> None:  # noqa: N802 - Qt API
        if index.isValid() and index.column() == ID_COLUMN:
            model = index.model()
            if isinstance(model, MembersTableModel):
                model.touch_id(index.row())
        super().destroyEditor(editor, index)


class MembersView(QTableView):
    """A click, Tab or Shift+Tab puts the cursor in the cell; Enter moves on like Tab, and on the
    last cell asks for the next member."""

    next_member_requested = Signal()

    def __init__(self, model: MembersTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(MembersDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.CurrentChanged
                             | QAbstractItemView.EditTrigger.SelectedClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        for col, c in enumerate(COLUMNS):
            self.setColumnWidth(col, c.width)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setDefaultSectionSize(30)
        self.setAccessibleName(QCoreApplication.translate("HouseholdDialog", "家庭成员"))

    def is_stop(self, row: int, column: int) -> bool:
        """Cells the keyboard stops at: every one a person can change (not birth date and sex)."""
        return COLUMNS[column].kind != "derived"

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers) -> QModelIndex:  # noqa: N802, ANN001
        if action not in (QAbstractItemView.CursorAction.MoveNext, QAbstractItemView.CursorAction.MovePrevious):
            return super().moveCursor(action, modifiers)
        step = 1 if action == QAbstractItemView.CursorAction.MoveNext else -1
        current, cols = self.currentIndex(), len(COLUMNS)
        if not current.isValid():
            return self.model().index(0, 0) if self.model().rowCount() else QModelIndex()
        pos = current.row() * cols + current.column() + step
        while 0 <= pos < self.model().rowCount() * cols:
            if self.is_stop(pos // cols, pos % cols):
                return self.model().index(pos // cols, pos % cols)
            pos += step
        return QModelIndex()  # past the first or last cell: Tab leaves the table

    def start_at(self, row: int, column: int = NAME_COLUMN) -> None:
        """Make the cell current and put the cursor in it."""
        index = self.model().index(row, column)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.currentIndex() == index:
            self.edit(index)
        else:
            self.setCurrentIndex(index)  # the CurrentChanged trigger opens the editor
        self.scrollTo(index)

    def advance(self) -> None:
        """Enter: the next cell, or on the last one the next member."""
        current = self.currentIndex()
        if current.isValid() and current.row() == self.model().rowCount() - 1 and current.column() == LAST_COLUMN:
            self.next_member_requested.emit()
            return
        target = self.moveCursor(QAbstractItemView.CursorAction.MoveNext, Qt.KeyboardModifier.NoModifier)
        if target.isValid():
            self.start_at(target.row(), target.column())

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # the delegate's answer to Enter
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.advance()
            return
        super().closeEditor(editor, hint)

    def mousePressEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        super().mousePressEvent(event)
        index = self.indexAt(event.position().toPoint())
        if (index.isValid() and index == self.currentIndex() and index.flags() & Qt.ItemFlag.ItemIsEditable
                and self.state() != QAbstractItemView.State.EditingState):
            self.edit(index)  # a click on the current cell edits it at once, not after the double-click wait

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            event.accept()  # never let Enter reach the dialog's default button from inside the table
            if self.state() != QAbstractItemView.State.EditingState:
                self.advance()  # else the delegate closes the editor (queued) and closeEditor advances
            return
        super().keyPressEvent(event)
