"""Household tables: the 家庭台账 list (HouseholdsTableModel, masked ID, money in yuan) and one
household's change history (HouseholdHistoryTableModel, newest first, each change summarised)."""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QCoreApplication

from app.domain.audit_labels import ACTION_LABELS
from app.domain.money import format_fen
from app.domain.programs import PROGRAM_NAMES
from app.services.audit import HistoryEntry
from app.ui.models.base import RIGHT, Column, ColumnsTableModel

COLUMNS = (
    Column("村(社区)", "village"),
    Column("户主", "head_name"),
    Column("身份证号", "head_id_masked"),
    Column("人数", "members", align=RIGHT),
    Column("救助项目", "programs"),
    Column("月救助金(元)", "monthly_amount_fen", align=RIGHT, display=format_fen),
    Column("联系电话", "phone"),
    Column("状态", "status"),
)

ACTIONS = ACTION_LABELS  # the audit log's labels, the same as the audit viewer's
HOUSEHOLD_LABELS = {"village": "村(社区)", "address": "地址", "hukou_type": "户籍类型", "phone": "联系电话",
                    "bank_name": "开户行", "bank_account": "银行账号", "separately_registered": "单独登记备案",
                    "deductions_fen": "刚性支出", "notes": "备注", "status": "状态"}
CASE_LABELS = {"amount_fen": "月救助金", "status": "状态", "start_month": "起始月", "end_month": "终止月",
               "end_reason": "终止原因", "payee_name": "收款人", "support_mode": "供养方式"}


class HouseholdsTableModel(ColumnsTableModel):
    """Rows are either given whole (`set_rows`) or as household ids whose rows are fetched a block
    at a time when the view first shows them (`set_ids`), so a county-size list of 50,000
    households opens as fast as a short one."""

    COLUMNS = COLUMNS
    context = "HouseholdsTableModel"

    def household_id(self, row: int) -> int:
        return self.row_key(row)


def _history_time(e: HistoryEntry) -> str:
    ts = e.ts.replace(tzinfo=UTC) if e.ts.tzinfo is None else e.ts  # audit times are stored in UTC
    return ts.astimezone().strftime("%Y-%m-%d %H:%M")


HISTORY_COLUMNS = (
    Column("时间", _history_time),
    Column("操作人", "actor"),
    Column("操作", lambda e: ACTIONS.get(e.action, e.action)),
    Column("内容", lambda e: describe_entry(e)),
)


class HouseholdHistoryTableModel(ColumnsTableModel):
    """A household's history entries, newest first: time (local), actor, action, what changed."""

    COLUMNS = HISTORY_COLUMNS
    context = "HouseholdHistoryTableModel"

    def __init__(self, entries: list[HistoryEntry] | None = None, parent=None) -> None:  # noqa: ANN001
        super().__init__(None, parent)
        self.set_entries(entries or [])

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.set_rows(list(reversed(entries)))


def _tr(text: str) -> str:
    return QCoreApplication.translate("HouseholdHistoryTableModel", text)


def describe_entry(e: HistoryEntry) -> str:
    """A one-line Chinese summary of a history entry (household or case snapshots before/after)."""
    before = e.before if isinstance(e.before, dict) else {}
    after = e.after if isinstance(e.after, dict) else {}
    parts: list[str] = []
    if e.object_type == "household":
        if after and not before:
            members = [m for m in after.get("members", []) if not m.get("removed")]
            head = next((m["name"] for m in members if m.get("relation") == "本人"), "")
            parts.append(_tr("户主 {0}，共 {1} 人").format(head, len(members)))
        else:
            parts += _field_changes(before, after, HOUSEHOLD_LABELS)
            parts += _member_changes(before.get("members", []), after.get("members", []))
    elif e.object_type == "case" and after:
        if not before:
            parts.append(_tr("{0}，{1} 元/月，自 {2} 起").format(
                PROGRAM_NAMES.get(after.get("program"), after.get("program")),
                format_fen(after.get("amount_fen") or 0), after.get("start_month")))
        else:
            parts += _field_changes(before, after, CASE_LABELS)
    if e.note:
        parts.append(e.note)
    return "；".join(parts)


def _shown(key: str, value: object) -> str:
    if key.endswith("_fen") and isinstance(value, int):
        return format_fen(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else str(value)


def _field_changes(before: dict, after: dict, labels: dict[str, str]) -> list[str]:
    return [f"{label}：{_shown(k, before.get(k))} → {_shown(k, after.get(k))}" for k, label in labels.items()
            if k in after and before.get(k) != after.get(k)]


def _member_changes(before: list[dict], after: list[dict]) -> list[str]:
    old = {m["id"]: m for m in before if not m.get("removed")}
    new = {m["id"]: m for m in after if not m.get("removed")}
    groups = ((_tr("新增成员"), [m["name"] for k, m in new.items() if k not in old]),
              (_tr("移除成员"), [m["name"] for k, m in old.items() if k not in new]),
              (_tr("修改成员"), [m["name"] for k, m in new.items() if k in old and old[k] != m]))
    return [f"{label}：{'、'.join(names)}" for label, names in groups if names]
