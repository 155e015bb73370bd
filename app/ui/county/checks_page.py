"""比对: county-only checks across townships - one ID number covered in two townships, dibao + tekun for
one person in different townships, payments after a death date anywhere in the county."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.county.admin import County
from app.county.checks import county_checks
from app.domain.roles import Actor
from app.ui import ops
from app.ui.county.common import heading, hint, refused
from app.ui.models.county_tables import checks_model
from app.ui.widgets import make_table


class CrossChecksPage(QWidget):
    def __init__(self, county: County, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.county, self.actor = county, actor
        self.model = checks_model(self)
        self.table = make_table(self.model)
        self.table.setAccessibleName(self.tr("跨乡镇比对结果"))
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("跨乡镇比对")))
        layout.addWidget(hint(self.tr("按各乡镇报送的在保对象比对：同一身份证号在两个以上乡镇享受救助，"
                                      "或在不同乡镇分别享受低保与特困；死亡日期之后仍在任何乡镇的花名册上发放。请通知相关乡镇核实。")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.refresh()

    def refresh(self) -> None:
        """The checks read every township's records: off the GUI thread, with a progress dialog if slow."""
        county = self.county
        self.summary.setText(self.tr("正在比对…"))
        ops.run(self, lambda _progress: county_checks(county), label=self.tr("正在跨乡镇比对…"), on_done=self._show,
                on_error=lambda exc: refused(self, self.tr("比对失败"), exc))

    def _show(self, hits: list) -> None:
        self.model.set_rows(hits)
        self.summary.setText(self.tr("发现 {0} 条疑点").format(len(hits)) if hits else self.tr("未发现跨乡镇疑点"))
