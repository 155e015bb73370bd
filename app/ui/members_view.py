"""The household dialog's member table view: editors per column kind and keyboard entry like a sheet.

The view opens the cell's editor when a cell becomes current (a click, Tab, Shift+Tab), skips the
derived columns (birth date, sex), and turns Enter into "next cell"; Enter on the last cell asks
for the next member (`next_member_requested`). Every keystroke is committed to the model, so the
derived cells and the problem list follow the typing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
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
from app.ui.models.base import Index
from app.ui.models.members_table import (
    COLUMNS,
    ID_COLUMN,
    LAST_COLUMN,
    NAME_COLUMN,
    MembersTableModel,
    header,
)


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
