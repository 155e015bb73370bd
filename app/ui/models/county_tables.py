"""The county application's lists (`county gui`), each a column list over the one table model
(ui/models/base.py): applications awaiting confirmation, townships, batches, county indicators,
cross-township checks, the county audit log. Rows are the plain dataclasses of app/county."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtGui import QColor

from app.domain.money import format_fen
from app.ui.models.base import RIGHT, Column, ColumnsTableModel

SILENT = QColor("#fde2e1")
REFUSED = QColor("#c0392b")
WAITING = QColor("#8a6d00")
READY = QColor("#1e7b34")
STAGE_COLOURS = {"待拟办": None, "待审定": WAITING, "待写出决定批次": READY}


def local_time(value: datetime | None) -> str:
    """County times are stored in UTC; shown in local time to the minute."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def _fen(value: int | None) -> str:
    return "" if value is None else format_fen(value)


PENDING_COLUMNS = (
    Column("乡镇", lambda r: r.township_name, width=110),
    Column("申请编号", "application_id", width=72, align=RIGHT),
    Column("户主", "head", width=80),
    Column("村（社区）", "village", width=100),
    Column("项目", lambda r: r.program_name, width=80),
    Column("测算金额(元)", "computed_amount_fen", width=100, align=RIGHT, display=_fen,
           sort=lambda r: r.computed_amount_fen or 0),
    Column("乡镇初审金额(元)", "amount_fen", width=120, align=RIGHT, display=_fen, sort=lambda r: r.amount_fen or 0),
    Column("乡镇意见", "township_opinion", width=110,
           tooltip=lambda r: "\n".join(r.opinions)),
    Column("进度", "stage", width=110, foreground=lambda r: STAGE_COLOURS.get(r.stage)),
    Column("拟办 / 审定", lambda r: r.proposal.text if r.proposal else "", width=260),
)

TOWNSHIP_COLUMNS = (
    Column("乡镇代码", "code", width=90),
    Column("乡镇", "name", width=100),
    Column("密钥指纹", "fingerprints", width=170),
    Column("最新序号", "last_sequence", width=72, align=RIGHT),
    Column("审计头", "audit_head", width=160),
    Column("最近批次", "last_received", width=130, display=local_time,
           sort=lambda r: r.last_received or datetime.min),
    Column("待确认", "submitted", width=60, align=RIGHT),
    Column("决定批次序号", "decisions_sequence", width=96, align=RIGHT),
    Column("状态", lambda r: "长期未上报" if r.silent else "正常", width=90,
           foreground=lambda r: REFUSED if r.silent else None),
)

# a silent township's whole row is tinted
TOWNSHIP_COLUMNS = tuple(replace(c, background=lambda r: SILENT if r.silent else None) for c in TOWNSHIP_COLUMNS)

BATCH_COLUMNS = (
    Column("时间", "when", width=130, display=local_time),
    Column("乡镇", "township", width=90),
    Column("方向", "direction", width=56, foreground=lambda r: REFUSED if r.refused else None),
    Column("数据流", lambda r: {"data": "数据", "decisions": "决定", "receipts": "回执"}.get(r.stream, r.stream),
           width=60),
    Column("序号", "sequence", width=56, align=RIGHT, sort=lambda r: r.sequence or 0),
    Column("记录数", "records", width=60, align=RIGHT),
    Column("文件或拒收原因", "detail", width=400, foreground=lambda r: REFUSED if r.refused else None),
)

STATS_COLUMNS = (
    Column("乡镇", "township", width=110),
    Column("项目", "program", width=110),
    Column("月均户数", "avg_households", width=80, align=RIGHT),
    Column("月均人数", "avg_persons", width=80, align=RIGHT),
    Column("人均救助(元)", "avg_amount_per_person", width=100, align=RIGHT),
    Column("发放金额(元)", "total_paid", width=110, align=RIGHT),
    Column("户次", "households_times", width=70, align=RIGHT),
)

CHECK_COLUMNS = (
    Column("比对项", "check", width=140, foreground=lambda _r: REFUSED),
    Column("身份证号", "id_number", width=160),
    Column("姓名", "name", width=80),
    Column("乡镇数", "townships", width=60, align=RIGHT),
    Column("救助情况", "covers", width=420),
)

def _user_state(row) -> str:  # noqa: ANN001 - a CountyUserRow
    if not row.active:
        return "已停用"
    if row.locked_until is not None and row.locked_until > datetime.now(UTC).replace(tzinfo=None):
        return f"已锁定至 {local_time(row.locked_until)}"
    return "正常"


USER_COLUMNS = (
    Column("用户名", "name", width=140),
    Column("角色", "role_label", width=120),
    Column("状态", _user_state, width=220, foreground=lambda r: REFUSED if _user_state(r) != "正常" else None),
)

AUDIT_COLUMNS = (
    Column("时间", "at", width=130, display=local_time),
    Column("用户", "actor", width=90),
    Column("操作", "action_label", width=120),
    Column("对象", "target", width=250),
    Column("详情", "detail", width=360),
)


def _model(columns: tuple[Column, ...], context: str, parent=None) -> ColumnsTableModel:  # noqa: ANN001
    return ColumnsTableModel(parent=parent, columns=columns, context=context)


def pending_model(parent=None) -> ColumnsTableModel:  # noqa: ANN001 - any QObject
    return ColumnsTableModel(parent=parent, columns=PENDING_COLUMNS, context="CountyPendingTable")


def townships_model(parent=None) -> ColumnsTableModel:  # noqa: ANN001
    return _model(TOWNSHIP_COLUMNS, "CountyTownshipsTable", parent)


def batches_model(parent=None) -> ColumnsTableModel:  # noqa: ANN001
    return _model(BATCH_COLUMNS, "CountyBatchesTable", parent)


def stats_model(parent=None) -> ColumnsTableModel:  # noqa: ANN001
    return ColumnsTableModel(parent=parent, columns=STATS_COLUMNS, context="CountyStatsTable")


def checks_model(parent=None) -> ColumnsTableModel:  # noqa: ANN001
    return _model(CHECK_COLUMNS, "CountyChecksTable", parent)


def audit_model(parent=None) -> ColumnsTableModel:  # noqa: ANN001
    return _model(AUDIT_COLUMNS, "CountyAuditTable", parent)


def users_model(parent=None) -> ColumnsTableModel:  # noqa: ANN001
    return _model(USER_COLUMNS, "CountyUsersTable", parent)
