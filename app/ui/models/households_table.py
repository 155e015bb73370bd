"""Household tables: the 家庭台账 list (HouseholdsTableModel, masked ID, money in yuan) and one
household's change history (HouseholdHistoryTableModel, newest first, each change summarised)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from app.domain.audit_labels import ACTION_LABELS
from app.domain.money import format_fen
from app.domain.programs import PROGRAM_NAMES
from app.services.audit import HistoryEntry
from app.services.queries import HouseholdRow
from app.ui.models.base import SORT_ROLE

Index = QModelIndex | QPersistentModelIndex

# (header, HouseholdRow attribute); headers go through translate() at display time
COLUMNS = (
    ("村(社区)", "village"),
    ("户主", "head_name"),
    ("身份证号", "head_id_masked"),
    ("人数", "members"),
    ("救助项目", "programs"),
    ("月救助金(元)", "monthly_amount_fen"),
    ("联系电话", "phone"),
    ("状态", "status"),
)
NUMERIC = {"members", "monthly_amount_fen"}

HISTORY_COLUMNS = ("时间", "操作人", "操作", "内容")
ACTIONS = ACTION_LABELS  # the audit log's labels, the same as the audit viewer's
HOUSEHOLD_LABELS = {"village": "村(社区)", "address": "地址", "hukou_type": "户籍类型", "phone": "联系电话",
                    "bank_name": "开户行", "bank_account": "银行账号", "separately_registered": "单独登记备案",
                    "deductions_fen": "刚性支出", "notes": "备注", "status": "状态"}
CASE_LABELS = {"amount_fen": "月救助金", "status": "状态", "start_month": "起始月", "end_month": "终止月",
               "end_reason": "终止原因", "payee_name": "收款人", "support_mode": "供养方式"}

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # household id of the row


class HouseholdsTableModel(QAbstractTableModel):
    """Read-only table. Rows are either given whole (`set_rows`) or as household ids whose rows
    are fetched a block at a time when the view first shows them (`set_ids`), so a county-size
    list of 50,000 households opens as fast as a short one (the Anki browser's approach)."""

    BLOCK = 200

    def __init__(self, rows: list[HouseholdRow] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._cache: dict[int, HouseholdRow] = {}
        self._fetch: Callable[[list[int]], list[HouseholdRow]] | None = None
        self.set_rows(rows or [])

    def set_rows(self, rows: list[HouseholdRow]) -> None:
        self.beginResetModel()
        self._ids = [r.id for r in rows]
        self._cache = dict(enumerate(rows))
        self._fetch = None
        self.endResetModel()

    def set_ids(self, ids: list[int], fetch: Callable[[list[int]], list[HouseholdRow]]) -> None:
        """Lazy mode: `fetch(ids)` returns the rows of those ids, in order, when they are needed."""
        self.beginResetModel()
        self._ids, self._cache, self._fetch = list(ids), {}, fetch
        self.endResetModel()

    def row_at(self, row: int) -> HouseholdRow:
        if row not in self._cache:
            start = row - row % self.BLOCK
            block = self._ids[start:start + self.BLOCK]
            fetched = {r.id: r for r in self._fetch(block)} if self._fetch else {}
            for offset, hid in enumerate(block):
                if hid in fetched:
                    self._cache[start + offset] = fetched[hid]
        return self._cache[row]

    def household_id(self, row: int) -> int:
        return self._ids[row]

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return QCoreApplication.translate("HouseholdsTableModel", COLUMNS[section][0])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._ids):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        try:
            row = self.row_at(index.row())
        except KeyError:  # the household went away since the ids were listed
            return None
        attr = COLUMNS[index.column()][1]
        value = getattr(row, attr)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if attr == "monthly_amount_fen":
                return format_fen(value)
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if attr in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return value
        if role == ID_ROLE:
            return row.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class HouseholdHistoryTableModel(QAbstractTableModel):
    """A household's history entries, newest first: time (local), actor, action, what changed."""

    def __init__(self, entries: list[HistoryEntry] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str]] = []
        self.set_entries(entries or [])

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self._rows = [(_local_time(e), e.actor, ACTIONS.get(e.action, e.action), describe_entry(e))
                      for e in reversed(entries)]
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(HISTORY_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HISTORY_COLUMNS):
            return QCoreApplication.translate("HouseholdHistoryTableModel", HISTORY_COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def _tr(text: str) -> str:
    return QCoreApplication.translate("HouseholdHistoryTableModel", text)


def _local_time(e: HistoryEntry) -> str:
    ts = e.ts.replace(tzinfo=UTC) if e.ts.tzinfo is None else e.ts  # audit times are stored in UTC
    return ts.astimezone().strftime("%Y-%m-%d %H:%M")


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
