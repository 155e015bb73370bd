"""Rows of text cells under headers given at run time (the import dialog's sheet preview, the
vocabulary and the refusal report); a short row shows empty cells."""

from __future__ import annotations

from collections.abc import Sequence

from app.ui.models.base import Column, ColumnsTableModel, sorted_by_text


def grid_columns(headers: Sequence[str]) -> tuple[Column, ...]:
    return sorted_by_text(tuple(Column(h, lambda r, i=i: r[i] if i < len(r) else "", display=str)
                                for i, h in enumerate(headers)))


class GridTableModel(ColumnsTableModel):
    context = "ImportDialog"

    def __init__(self, headers: Sequence[str], rows: Sequence | None = None, parent=None) -> None:  # noqa: ANN001
        super().__init__(rows, parent, columns=grid_columns(headers))

    def set_grid(self, headers: Sequence[str], rows: Sequence) -> None:
        self.reset(rows, grid_columns(headers))
