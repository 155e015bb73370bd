"""The one table model shape of the UI: a list of `Column`s over one model class.

A `Column` says what a cell of a row shows (title, value, text, sort value, alignment, colours,
tooltip); `ColumnsTableModel` does the Qt part for any column list: plain service rows replaced as
a whole (`set_rows`) or, for county-size lists, only the row ids with the rows fetched a block at a
time when the view first shows them (`set_ids`, the Anki browser's approach). Headers are
translated in the model's `context`; the vertical header numbers the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

Index = QModelIndex | QPersistentModelIndex
FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's key (household, application, record id ...)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the raw value a column sorts by (fen, dates), not the shown text
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
_DISPLAY, _TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
_MISSING = object()  # a lazy row not fetched yet
_GONE = object()  # a lazy row its fetch did not return (deleted since the ids were listed)


def plain_text(value: object) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    """One column: `key` is a row attribute name or a function of the row giving the cell's value.

    `display` turns the value into the shown text (default: the value as text, "" for None);
    `sort` gives the raw value the column sorts by from the row (default: the value);
    `tooltip`, `foreground`, `background` and `bold` are functions of the row (the tooltip defaults
    to the shown text; a colour may be a QColor or a QBrush)."""

    title: str
    key: str | Callable[[Any], object]
    width: int | None = None
    align: Qt.AlignmentFlag = LEFT
    sort: Callable[[Any], object] | None = None
    display: Callable[[Any], str] | None = None
    tooltip: Callable[[Any], object] | None = None
    foreground: Callable[[Any], QColor | QBrush | None] | None = None
    background: Callable[[Any], QColor | QBrush | None] | None = None
    bold: Callable[[Any], bool] | None = None
    editable: bool = False

    def value(self, row: Any) -> object:
        return getattr(row, self.key) if isinstance(self.key, str) else self.key(row)

    def text(self, row: Any) -> str:
        value = self.value(row)
        return self.display(value) if self.display is not None else plain_text(value)

    def sort_value(self, row: Any) -> object:
        return self.sort(row) if self.sort is not None else self.value(row)


def sorted_by_text(columns: Sequence[Column]) -> tuple[Column, ...]:
    """The columns, each without a sort of its own sorting by its shown text."""
    return tuple(c if c.sort else replace(c, sort=c.text) for c in columns)


def _brush(colour: QColor | QBrush | None) -> QBrush | None:
    return QBrush(colour) if isinstance(colour, QColor) else colour


class ColumnsTableModel(QAbstractTableModel):
    """Rows under a column list; a concrete model is a `COLUMNS` tuple and a translation `context`
    (both may also be given to the constructor). `key(row)` (the row's `id` unless a subclass says
    otherwise) answers KEY_ROLE and matches fetched rows to ids in lazy mode."""

    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    context: str = ""  # translation context of the headers; "" = the class name
    BLOCK = 200  # rows fetched at a time in lazy mode

    def __init__(self, rows: Sequence | None = None, parent=None, *,  # noqa: ANN001 - any QObject
                 columns: Sequence[Column] | None = None, context: str | None = None) -> None:
        super().__init__(parent)
        self._columns: tuple[Column, ...] = tuple(columns) if columns is not None else tuple(self.COLUMNS)
        if context is not None:
            self.context = context
        self._rows: list = []
        self._ids: list | None = None
        self._fetch: Callable[[list], Sequence] | None = None
        self.set_rows(rows or [])

    # -- rows ---------------------------------------------------------------------------------------
    def key(self, row: Any) -> object:
        return getattr(row, "id", None)

    def set_rows(self, rows: Sequence) -> None:
        self.reset(rows)

    def reset(self, rows: Sequence, columns: Sequence[Column] | None = None) -> None:
        """Replace the rows (and the columns, when given) in one model reset."""
        self.beginResetModel()
        self._rows, self._ids, self._fetch = list(rows), None, None
        if columns is not None:
            self._columns = tuple(columns)
        self.endResetModel()

    def set_ids(self, ids: Sequence, fetch: Callable[[list], Sequence]) -> None:
        """Lazy mode: `fetch(ids)` returns the rows of those ids (any order, gone ones left out)
        when the view first needs one of them, `BLOCK` ids at a time."""
        self.beginResetModel()
        self._ids, self._fetch = list(ids), fetch
        self._rows = [_MISSING] * len(self._ids)
        self.endResetModel()

    def replace_row(self, row: int, new: Any) -> None:
        self._rows[row] = new
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))

    def row_at(self, row: int) -> Any:
        """The row's data; in lazy mode its block is fetched first (KeyError: the row went away)."""
        return self._row(row)

    def _row(self, row: int) -> Any:
        value = self._rows[row]
        if value is _MISSING:
            self._fetch_block(row)
            value = self._rows[row]
        if value is _GONE:
            raise KeyError(row)
        return value

    def _fetch_block(self, row: int) -> None:
        assert self._ids is not None and self._fetch is not None
        start = row - row % self.BLOCK
        block = self._ids[start:start + self.BLOCK]
        fetched = {self.key(r): r for r in self._fetch(block)}
        for offset, key in enumerate(block):
            self._rows[start + offset] = fetched.get(key, _GONE)  # asked once, not on every repaint

    def row_key(self, row: int) -> object:
        """The key of a row without fetching it in lazy mode."""
        return self._ids[row] if self._ids is not None else self.key(self._rows[row])

    def rows(self) -> list:
        """The rows (in lazy mode: the ones fetched so far)."""
        return [r for r in self._rows if r is not _MISSING and r is not _GONE]

    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def headers(self) -> list[str]:
        return [self.headerData(c, Qt.Orientation.Horizontal) for c in range(self.columnCount())]

    # -- Qt model API -------------------------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return QCoreApplication.translate(self.context or type(self).__name__, self._columns[section].title)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(self._columns)):
            return None
        if role == KEY_ROLE:
            return self.row_key(index.row())
        try:
            row = self._row(index.row())
        except KeyError:  # the row went away since the ids were listed
            return None
        col = self._columns[index.column()]
        return self.cell_data(row, col, role)

    def cell_data(self, row: Any, col: Column, role: int):  # noqa: ANN201 - whatever the role holds
        if role == _DISPLAY:
            return col.text(row)
        if role == _TOOLTIP:
            return col.tooltip(row) if col.tooltip is not None else col.text(row)
        if role == SORT_ROLE:
            return col.sort_value(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align)
        if role == Qt.ItemDataRole.ForegroundRole and col.foreground is not None:
            return _brush(col.foreground(row))
        if role == Qt.ItemDataRole.BackgroundRole and col.background is not None:
            return _brush(col.background(row))
        if role == Qt.ItemDataRole.FontRole and col.bold is not None and col.bold(row):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        editable = 0 <= index.column() < len(self._columns) and self._columns[index.column()].editable
        return FLAGS | Qt.ItemFlag.ItemIsEditable if editable else FLAGS
