"""比对: county-only checks across townships - one ID number covered in two townships, dibao + tekun for
one person in different townships, payments after a death date anywhere in the county; with an external
list of SPEC §6 (deaths, cremations, civil servants, vehicles, business owners) loaded from a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.county.admin import County
from app.county.checks import county_checks
from app.domain.roles import Actor
from app.ui import ops, prompts
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
        self.external: list = []
        self.external_name = ""
        self.import_button = QPushButton(self.tr("导入外部名单…"))
        self.import_button.setToolTip(self.tr("姓名、身份证号、事项、日期：死亡、火化、公务员、车辆、工商"))
        self.clear_button = QPushButton(self.tr("清除外部名单"))
        self.clear_button.setEnabled(False)
        self.external_label = QLabel(self.tr("未导入外部名单"))
        bar = QHBoxLayout()
        for w in (self.import_button, self.clear_button, self.external_label):
            bar.addWidget(w)
        bar.addStretch(1)
        self.import_button.clicked.connect(self.import_external)
        self.clear_button.clicked.connect(self.clear_external)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("跨乡镇比对")))
        layout.addLayout(bar)
        layout.addWidget(hint(self.tr("按各乡镇报送的在保对象比对：同一身份证号在两个以上乡镇享受救助，"
                                      "或在不同乡镇分别享受低保与特困；死亡日期之后仍在任何乡镇的花名册上发放。请通知相关乡镇核实。")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.refresh()

    def refresh(self) -> None:
        """The checks read every township's records: off the GUI thread, with a progress dialog if slow."""
        county, external = self.county, list(self.external)
        self.summary.setText(self.tr("正在比对…"))
        ops.run(self, lambda _progress: county_checks(county, external), label=self.tr("正在跨乡镇比对…"),
                on_done=self._show, on_error=lambda exc: refused(self, self.tr("比对失败"), exc))

    def import_external(self) -> None:
        """Read and check the whole list first (a bad row is named, nothing kept), then compare with it."""
        from app.services.checks import read_external

        path = prompts.current().open_file(self, self.tr("选择外部名单（姓名、身份证号、事项、日期）"))
        if path is None:
            return
        try:
            entries = read_external(Path(path))
        except Exception as exc:  # noqa: BLE001 - a refused list is shown where the person acted
            refused(self, self.tr("外部名单有误"), exc)
            return
        self.external, self.external_name = entries, Path(path).name
        self.external_label.setText(self.tr("外部名单：{0}（{1} 行）").format(self.external_name, len(entries)))
        self.clear_button.setEnabled(True)
        self.refresh()

    def clear_external(self) -> None:
        self.external, self.external_name = [], ""
        self.external_label.setText(self.tr("未导入外部名单"))
        self.clear_button.setEnabled(False)
        self.refresh()

    def _show(self, hits: list) -> None:
        self.model.set_rows(hits)
        self.summary.setText(self.tr("发现 {0} 条疑点").format(len(hits)) if hits else self.tr("未发现跨乡镇疑点"))
