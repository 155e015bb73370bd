"""Small widget builders the pages share: the read-only list table, the refillable filter combo, the
date field and the inline message under a form."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QDate,
    QEvent,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QTableView,
    QWidget,
)

from app.ui import prompts
from app.ui.models.base import SORT_ROLE, ColumnsTableModel


def make_table(model: QAbstractItemModel, widths: tuple[int, ...] = (), sortable: bool = True,
               numbered: bool = True, stretch: bool = True, *, single: bool = True, alternating: bool = True,
               row_height: int | None = 26) -> QTableView:
    """A read-only, row-selecting table over `model` (through a sorting proxy when `sortable`:
    the query's order first, then any column by its SORT_ROLE value; `table.model()` is the proxy)."""
    table = QTableView()
    if sortable:
        proxy = QSortFilterProxyModel(table)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        table.setModel(proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    else:
        table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(alternating)
    if row_height is not None:  # None: the style's own row height
        table.verticalHeader().setDefaultSectionSize(row_height)
    table.verticalHeader().setVisible(numbered)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(stretch)
    if not widths and isinstance(model, ColumnsTableModel):  # else the widths the columns carry
        widths = tuple(c.width or table.horizontalHeader().defaultSectionSize() for c in model.columns())
    for col, width in enumerate(widths):
        table.setColumnWidth(col, width)
    return table


def refill_combo(combo: QComboBox, all_label: str, names: Iterable[str]) -> None:
    """Replace a filter combo's choices ("all" first, then each name), keeping the current choice
    when it is still there, without emitting a change."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_label, "")
    for name in names:
        combo.addItem(name, name)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


FIRST_DAY, LAST_DAY = QDate(2000, 1, 1), QDate(2099, 12, 31)  # the months the app accepts (domain/months.py)


class DateEdit(QDateEdit):
    """A yyyy-MM-dd date field a clerk can type into: a click selects the part (year, month, day) under
    the pointer so that typed digits replace it and move on, as Tab into the field does; limited to the
    years the app accepts (2000-2099), with the calendar pop-up."""

    def __init__(self, day: QDate | None = None, parent: QWidget | None = None, *,
                 display_format: str = "yyyy-MM-dd") -> None:
        super().__init__(parent)
        self.setDisplayFormat(display_format)
        self.setDateRange(FIRST_DAY, LAST_DAY)
        self.setCalendarPopup(True)
        if day is not None:
            self.setDate(day)

        self.lineEdit().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.lineEdit() and event.type() == QEvent.Type.MouseButtonRelease:
            QTimer.singleShot(0, lambda: self.setSelectedSection(self.currentSection()))
        return super().eventFilter(watched, event)


def date_edit(day: date) -> QDateEdit:
    edit = DateEdit(QDate(day.year, day.month, day.day))
    edit.setMaximumWidth(140)
    return edit


class MessageLabel(QLabel):
    """Inline feedback under a form: a service's refusal in red (prompts.error_text), a result in green."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_text(self, text: str, error: bool = True) -> None:
        self.setStyleSheet(f"color: {'#c0392b' if error else '#2e7d32'};")
        self.setText(text)
        self.setVisible(bool(text))

    def attempt(self, work) -> tuple[bool, object]:
        """Run `work()`; a refusal (or any error) is shown here and gives (False, None)."""
        try:
            return True, work()
        except Exception as exc:  # noqa: BLE001 - every refusal is shown where the user acted
            self.show_text(prompts.error_text(exc))
            return False, None


def navigation_frame(window: QMainWindow, areas: Iterable[tuple[str, str]], context: str
                     ) -> tuple[QListWidget, QStackedWidget]:
    """A main window's left navigation (one item per (key, label), labels translated in `context`) beside
    the stack of its pages, set as the window's central widget."""
    nav = QListWidget()
    nav.setFixedWidth(150)
    nav.setIconSize(QSize(0, 0))
    nav.setStyleSheet("QListWidget { font-size: 11pt; outline: 0; } QListWidget::item { padding: 9px 12px; }")
    for key, label in areas:
        item = QListWidgetItem(QCoreApplication.translate(context, label))
        item.setData(Qt.ItemDataRole.UserRole, key)
        nav.addItem(item)
    stack = QStackedWidget()
    central = QWidget()
    layout = QHBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(nav)
    layout.addWidget(stack, 1)
    window.setCentralWidget(central)
    return nav, stack


def menu_action(owner: QWidget, menu: QMenu, text: str, slot, shortcut: str = "") -> QAction:  # noqa: ANN001
    """A menu item calling `slot()` (its checked flag dropped), with an optional shortcut."""
    action = QAction(text, owner)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action
