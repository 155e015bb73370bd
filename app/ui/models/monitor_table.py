"""Tables of the 低收入人口 monitoring page: the warnings (WarningsTableModel), the register
(RegisterTableModel), the kept imports (ImportsTableModel) and, in the household dialog, the
household's warnings (HouseholdWarningsTableModel: rows of (rule, name, status, detail) text)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.domain import monitoring as dom
from app.services.monitoring_handle import WarningRow
from app.ui.models.base import Column, ColumnsTableModel, sorted_by_text

OVERDUE = QColor("#b03a2e")
CLOSED = QColor("#2e7d32")


def _status(w: WarningRow) -> str:
    status = w.status + ("（逾期）" if w.overdue else "")
    if w.application_id:
        status += f"，申请 {w.application_id}"
    elif w.referral:
        status += f"：{w.referral}"
    return status


def _status_colour(w: WarningRow) -> QColor | None:
    return OVERDUE if w.overdue else CLOSED if w.status not in dom.OPEN_STATUSES else None


def _household(r) -> str:  # noqa: ANN001 - any row with a household_id
    return str(r.household_id or "未登记")


WARNING_COLUMNS = sorted_by_text((
    Column("编号", "id", sort=lambda w: w.id),
    Column("规则", "rule_name"),
    Column("姓名", "name"),
    Column("身份证号", "id_number_masked"),
    Column("户", _household),
    Column("状态", _status, foreground=_status_colour),
    Column("预警日", lambda w: w.raised.isoformat()),
    Column("应办结", lambda w: w.due.isoformat()),
    Column("说明", lambda w: w.detail + (f"（{w.reason}）" if w.reason else "")),
))


class WarningsTableModel(ColumnsTableModel):
    COLUMNS = WARNING_COLUMNS
    context = "WarningsTableModel"


REGISTER_COLUMNS = sorted_by_text((
    Column("姓名", "name"),
    Column("身份证号", "id_number_masked"),
    Column("户", _household),
    Column("村(社区)", "village"),
    Column("类别（起始）", lambda r: "、".join(f"{k}（{v}）" for k, v in r.kinds)),
))


class RegisterTableModel(ColumnsTableModel):
    COLUMNS = REGISTER_COLUMNS
    context = "RegisterTableModel"


IMPORT_COLUMNS = sorted_by_text((
    Column("编号", "id", sort=lambda r: r.id),
    Column("名单类别", "kind"),
    Column("文件", "file_name"),
    Column("行数", "rows", sort=lambda r: r.rows),
    Column("导入人", "imported_by"),
    Column("导入时间", lambda r: f"{r.imported_at:%Y-%m-%d %H:%M}"),
    Column("SHA-256", "sha256"),
))


class ImportsTableModel(ColumnsTableModel):
    COLUMNS = IMPORT_COLUMNS
    context = "ImportsTableModel"


class HouseholdWarningsTableModel(ColumnsTableModel):
    COLUMNS = sorted_by_text(tuple(Column(title, lambda r, i=i: r[i])
                                   for i, title in enumerate(("规则", "姓名", "状态", "说明"))))
    context = "HouseholdWarningsTableModel"
