"""The paper types an admin sees on the 申请材料 settings (SPEC §14)."""

from __future__ import annotations

from app.ui.models.base import Column, ColumnsTableModel


def _yes(flag: bool) -> str:
    return "是" if flag else ""


class PaperTypesTableModel(ColumnsTableModel):
    COLUMNS = (
        Column("材料类型", "name", width=220),
        Column("受理必备", lambda t: t.required, display=_yes, width=80),
        Column("来源", lambda t: "内置" if t.builtin else "本乡镇添加", width=100),
    )

    def key(self, row) -> object:  # noqa: ANN001 - a PaperType
        return row.name
