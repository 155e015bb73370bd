"""The read-only table base the page models share: plain service rows replaced as a whole,
translated headers, numbered rows, selectable cells. Subclasses say what a cell shows (data)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the raw value a column sorts by (fen, dates), not the shown text


class ReadOnlyRowsModel(QAbstractTableModel):
    context = "ReadOnlyRowsModel"  # translation context of the headers
    headers: Sequence[str] = ()

    def __init__(self, rows: Sequence | None = None, parent=None) -> None:  # noqa: ANN001 - any QObject
        super().__init__(parent)
        self._rows: list = []
        self.set_rows(rows or [])

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.rows_changed()
        self.endResetModel()

    def rows_changed(self) -> None:
        """Hook run inside the reset, e.g. to precompute display cells."""

    def row_at(self, row: int):  # noqa: ANN201 - the subclass's row type
        return self._rows[row]

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            return QCoreApplication.translate(self.context, self.headers[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags
