"""审计日志: who did what in the county application (logins, proposals, decisions, keys, batches)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.county.admin import County
from app.county.users import audit_rows
from app.domain.roles import Actor
from app.ui.county.common import heading
from app.ui.models.county_tables import audit_model
from app.ui.widgets import make_table


class CountyAuditPage(QWidget):
    def __init__(self, county: County, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.county, self.actor = county, actor
        self.model = audit_model(self)
        self.table = make_table(self.model)
        self.table.setAccessibleName(self.tr("县级审计日志"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("县级审计日志")))
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(audit_rows(self.county))
