"""Read-only tables of the audit and admin pages: the audit log (AuditTableModel), the users
(UsersTableModel) and the backup files (BackupsTableModel).

Each is a RowsTableModel: the page hands it a list of plain rows after each query, and the
model turns a row into its display cells once, so data() is a lookup.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt

from app.services.users import AuditRow, UserStatusRow
from app.ui.models.base import Index, ReadOnlyRowsModel

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's key: audit record id, user name, backup path


class RowsTableModel(ReadOnlyRowsModel):
    """Headers (translated in `context`) over rows; subclasses say how a row becomes cells."""

    context = "RowsTableModel"
    headers: tuple[str, ...] = ()

    def cells(self, row) -> tuple[str, ...]:  # noqa: ANN001 - the subclass's row type
        raise NotImplementedError

    def key(self, row) -> object:  # noqa: ANN001
        return row

    def rows_changed(self) -> None:
        self._cells = [self.cells(r) for r in self._rows]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells[index.row()][index.column()]
        if role == KEY_ROLE:
            return self.key(self._rows[index.row()])
        return None


class AuditTableModel(RowsTableModel):
    context = "AuditTableModel"
    headers = ("时间", "操作人", "操作", "对象", "户编号", "摘要(前→后)", "说明")

    def cells(self, row: AuditRow) -> tuple[str, ...]:
        return (row.ts.strftime("%Y-%m-%d %H:%M:%S"), row.actor, row.action_label, row.object,
                "" if row.household_id is None else str(row.household_id), row.digests, row.note)

    def key(self, row: AuditRow) -> int:
        return row.id


class UsersTableModel(RowsTableModel):
    context = "UsersTableModel"
    headers = ("用户名", "角色", "状态")

    def cells(self, row: UserStatusRow) -> tuple[str, ...]:
        tr = QCoreApplication.translate
        if not row.active:
            state = tr(self.context, "已停用")
        elif row.locked_until:
            until = row.locked_until.replace(tzinfo=UTC).astimezone().strftime("%H:%M")
            state = tr(self.context, "已锁定（至 {0}）").format(until)
        else:
            state = tr(self.context, "正常")
        return (row.name, row.role_label, state)

    def key(self, row: UserStatusRow) -> str:
        return row.name


class BackupsTableModel(RowsTableModel):
    context = "BackupsTableModel"
    headers = ("备份文件", "时间", "大小")

    def cells(self, row: Path) -> tuple[str, ...]:
        try:
            stat = row.stat()
        except OSError:  # removed since it was listed (pruned by the daily backup)
            return (row.name, "", "")
        when = datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d %H:%M")
        return (row.name, when, f"{stat.st_size / 1_048_576:.1f} MB")
