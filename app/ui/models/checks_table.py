"""The 数据比对 hits (ChecksTableModel): kind, household, what was found, handled or not, the note.
The page replaces the rows after each run and one row when a hit is marked handled."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.services.checks import Hit
from app.ui.models.base import Column, ColumnsTableModel, sorted_by_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChecksTableModel", text)


def _household(h: Hit) -> str:
    return f"户 {h.household_id} {h.household}".strip() if h.household_id else "—"


def _state(h: Hit) -> str:
    return _tr("已处理（{0}）").format(h.handled_by) if h.handled else _tr("未处理")


CHECK_COLUMNS = sorted_by_text((
    Column("类别", "kind"),
    Column("家庭", _household),
    Column("说明", "description"),
    Column("状态", _state, foreground=lambda h: QColor("#2e7d32") if h.handled else QColor("#b03a2e")),
    Column("处理说明", "note"),
))


class ChecksTableModel(ColumnsTableModel):
    COLUMNS = CHECK_COLUMNS
    context = "ChecksTableModel"

    def key(self, row: Hit) -> str:
        return row.key

    def set_hits(self, hits: list[Hit]) -> None:
        self.set_rows(hits)

    def hit(self, row: int) -> Hit:
        return self._rows[row]

    def replace_hit(self, hit: Hit) -> None:
        for row, h in enumerate(self._rows):
            if h.key == hit.key:
                self.replace_row(row, hit)
