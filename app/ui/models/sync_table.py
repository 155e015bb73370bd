"""Tables of the 数据交换 page: the batch history (both directions, newest first) and the county
decisions held for review. Rows are the plain dicts of app.sync (batch_history, held_decisions)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.money import format_fen
from app.ui.models.base import SORT_ROLE, Index, ReadOnlyRowsModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # held decision id

KINDS = {("out", "data"): "数据批次（上报）", ("in", "decisions"): "县级决定", ("in", "receipts"): "县级回执"}
STATUS = {"written": "已写出，待县级回执", "received": "县级已接收", "rejected": "县级拒收", "imported": "已导入",
          "refused": "县级拒收，该序号将重新导出", "superseded": "已作废，将重新导出"}
STATUS_COLOURS = {"received": QColor("#1e7b34"), "rejected": QColor("#c0392b"), "written": QColor("#8a6d00"),
                  "refused": QColor("#c0392b"), "superseded": QColor("#777777")}
DECISIONS = {"confirm": "确认", "reject": "不予确认"}


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def local_time(iso: str) -> str:
    """Batch times are stored in UTC; show them in local time to the minute."""
    try:
        ts = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    ts = ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts
    return ts.astimezone().strftime("%Y-%m-%d %H:%M")


class _DictTableModel(ReadOnlyRowsModel):
    """Read-only rows of dicts; subclasses give HEADERS and `cell(row, column) -> (text, sort value)`."""

    CONTEXT = "SyncTables"
    HEADERS: tuple[str, ...] = ()

    @property
    def context(self) -> str:  # type: ignore[override]
        return self.CONTEXT

    @property
    def headers(self) -> tuple[str, ...]:  # type: ignore[override]
        return self.HEADERS

    def rows(self) -> list[dict]:
        return list(self._rows)

    def cell(self, row: dict, column: int) -> tuple[str, object]:
        raise NotImplementedError

    def foreground(self, row: dict, column: int) -> QColor | None:
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(self.HEADERS)):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(row, index.column())[0]
        if role == SORT_ROLE:
            return self.cell(row, index.column())[1]
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.foreground(row, index.column())
            return QBrush(colour) if colour is not None else None
        if role == ID_ROLE:
            return row.get("id")
        return None


class BatchHistoryTableModel(_DictTableModel):
    """app.services.exchange.export.batch_history rows: what was written to the county and what came back."""

    CONTEXT = "BatchHistoryTableModel"
    HEADERS = ("序号", "批次", "时间", "记录数", "状态", "县级回执", "文件")

    def cell(self, row: dict, column: int) -> tuple[str, object]:
        if column == 0:
            return str(row["sequence"]), row["sequence"]
        if column == 1:
            kind = _tr(self.CONTEXT, KINDS.get((row["direction"], row["stream"]), row["stream"]))
            return (kind + _tr(self.CONTEXT, "（全量）") if row.get("full") else kind), kind
        if column == 2:
            return local_time(row["created_at"]), row["created_at"]
        if column == 3:
            return str(row["records"]), row["records"]
        if column == 4:
            text = _tr(self.CONTEXT, STATUS.get(row["status"], row["status"]))
            return text, text
        if column == 5:
            return row.get("detail") or "", row.get("detail") or ""
        return row.get("file") or "", row.get("file") or ""

    def foreground(self, row: dict, column: int) -> QColor | None:
        return STATUS_COLOURS.get(row["status"]) if column in (4, 5) else None


class HeldDecisionsTableModel(_DictTableModel):
    """app.services.exchange.incoming.held_decisions rows: county decisions not applied, with the reason."""

    CONTEXT = "HeldDecisionsTableModel"
    HEADERS = ("申请编号", "决定针对版本", "县级决定", "金额(元)", "决定日期", "意见", "暂存原因")

    def decision_id(self, row: int) -> int:
        return self._rows[row]["id"]

    def cell(self, row: dict, column: int) -> tuple[str, object]:
        if column == 0:
            return str(row["application_id"]), row["application_id"]
        if column == 1:
            return str(row["version"]), row["version"]
        if column == 2:
            text = _tr(self.CONTEXT, DECISIONS.get(row["decision"], row["decision"]))
            return text, text
        if column == 3:
            fen = row.get("amount_fen")
            return (format_fen(fen) if fen is not None else ""), fen if fen is not None else -1
        if column == 4:
            return row["decided_on"], row["decided_on"]
        if column == 5:
            return row.get("opinion") or "", row.get("opinion") or ""
        return row.get("reason") or "", row.get("reason") or ""
