"""Tables of the 数据交换 page: the batch history (both directions, newest first) and the county
decisions held for review. Rows are the plain dicts of app.sync (batch_history, held_decisions)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.domain.money import format_fen
from app.ui.models.base import Column, ColumnsTableModel

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


def _item(name: str):  # noqa: ANN202 - a function of the row dict
    return lambda row: row.get(name) or ""


def _kind(row: dict) -> str:
    return _tr("BatchHistoryTableModel", KINDS.get((row["direction"], row["stream"]), row["stream"]))


def _status_colour(row: dict) -> QColor | None:
    return STATUS_COLOURS.get(row["status"])


BATCH_COLUMNS = (
    Column("序号", lambda row: row["sequence"]),
    Column("批次", lambda row: _kind(row) + (_tr("BatchHistoryTableModel", "（全量）") if row.get("full") else ""),
           sort=_kind),
    Column("时间", lambda row: row["created_at"], display=local_time),
    Column("记录数", lambda row: row["records"]),
    Column("状态", lambda row: _tr("BatchHistoryTableModel", STATUS.get(row["status"], row["status"])),
           foreground=_status_colour),
    Column("县级回执", _item("detail"), foreground=_status_colour),
    Column("文件", _item("file")),
)


class BatchHistoryTableModel(ColumnsTableModel):
    """app.services.exchange.export.batch_history rows: what was written to the county and what came back."""

    COLUMNS = BATCH_COLUMNS
    context = "BatchHistoryTableModel"

    def key(self, row: dict) -> object:
        return row.get("id")


def _decision(row: dict) -> str:
    return _tr("HeldDecisionsTableModel", DECISIONS.get(row["decision"], row["decision"]))


HELD_COLUMNS = (
    Column("申请编号", lambda row: row["application_id"]),
    Column("决定针对版本", lambda row: row["version"]),
    Column("县级决定", _decision),
    Column("金额(元)", lambda row: row.get("amount_fen"), display=lambda fen: "" if fen is None else format_fen(fen),
           sort=lambda row: -1 if row.get("amount_fen") is None else row["amount_fen"]),
    Column("决定日期", lambda row: row["decided_on"]),
    Column("意见", _item("opinion")),
    Column("暂存原因", _item("reason")),
)


class HeldDecisionsTableModel(ColumnsTableModel):
    """app.services.exchange.incoming.held_decisions rows: county decisions not applied, with the reason."""

    COLUMNS = HELD_COLUMNS
    context = "HeldDecisionsTableModel"

    def key(self, row: dict) -> object:
        return row.get("id")

    def decision_id(self, row: int) -> int:
        return self._rows[row]["id"]
