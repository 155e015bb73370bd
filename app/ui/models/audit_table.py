"""Read-only tables of the audit and admin pages: the audit log (AuditTableModel), the users
(UsersTableModel) and the backup files (BackupsTableModel), each a column list."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.services.users import UserStatusRow
from app.ui.models.base import Column, ColumnsTableModel

AUDIT_COLUMNS = (
    Column("时间", lambda r: r.ts.strftime("%Y-%m-%d %H:%M:%S")),
    Column("操作人", "actor"),
    Column("操作", "action_label"),
    Column("对象", "object"),
    Column("户编号", "household_id"),
    Column("摘要(前→后)", "digests"),
    Column("说明", "note"),
)


class AuditTableModel(ColumnsTableModel):
    COLUMNS = AUDIT_COLUMNS
    context = "AuditTableModel"


def _user_state(row: UserStatusRow) -> str:
    tr = QCoreApplication.translate
    if not row.active:
        return tr("UsersTableModel", "已停用")
    if row.locked_until:
        until = row.locked_until.replace(tzinfo=UTC).astimezone().strftime("%H:%M")
        return tr("UsersTableModel", "已锁定（至 {0}）").format(until)
    return tr("UsersTableModel", "正常")


class UsersTableModel(ColumnsTableModel):
    COLUMNS = (Column("用户名", "name"), Column("角色", "role_label"), Column("状态", _user_state))
    context = "UsersTableModel"

    def key(self, row: UserStatusRow) -> str:
        return row.name


def _backup_cells(row: Path) -> tuple[str, str, str]:
    try:
        stat = row.stat()
    except OSError:  # removed since it was listed (pruned by the daily backup)
        return (row.name, "", "")
    when = datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d %H:%M")
    return (row.name, when, f"{stat.st_size / 1_048_576:.1f} MB")


class BackupsTableModel(ColumnsTableModel):
    """Backup files; a row's cells are read from the file once, when the rows are set."""

    COLUMNS = tuple(Column(title, lambda r, i=i: r[1][i])
                    for i, title in enumerate(("备份文件", "时间", "大小")))
    context = "BackupsTableModel"

    def set_rows(self, rows) -> None:  # noqa: ANN001 - paths
        super().set_rows([(path, _backup_cells(path)) for path in rows])

    def row_at(self, row: int) -> Path:
        return self._row(row)[0]

    def key(self, row: tuple[Path, tuple[str, ...]]) -> Path:
        return row[0]
