"""TownshipSettingsBox (乡镇参数): every township parameter of SPEC §3 and §5 in one form.

The complaint phone printed on notices, rounding, minimum payment, 分类施保 rates, the minimum
wage, the township population, the temporary-assistance approval limit and the 渐退期 months.
Dated parameters apply from the chosen month on; the service refuses a bad field by name.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.context import AppContext
from app.domain.roles import Actor
from app.domain.township_settings import FIELDS, ROUNDING_NAMES
from app.services.township_settings import save_township_settings, township_settings
from app.ui.widgets import DateEdit, MessageLabel


class TownshipSettingsBox(QGroupBox):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("乡镇参数"), parent)
        self.ctx, self.actor = ctx, actor
        form = QFormLayout(self)
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        for f in FIELDS:
            if f.kind == "rounding":
                widget: QLineEdit | QComboBox = QComboBox()
                widget.addItems(list(ROUNDING_NAMES.values()))
            else:
                widget = QLineEdit()
            widget.setAccessibleName(f.label)
            self.inputs[f.key] = widget
            form.addRow(QLabel(f.label), widget)
        today = date.today()
        self.month_edit = DateEdit(QDate(today.year, today.month, 1), display_format="yyyy-MM")
        self.month_edit.setAccessibleName("参数起始月份")
        form.addRow(QLabel(self.tr("参数起始月份")), self.month_edit)
        note = QLabel(self.tr("计算参数自起始月份起生效，之前的月份仍按原参数；投诉电话和户籍人口立即生效。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form.addRow(note)
        self.save_button = QPushButton(self.tr("保存参数"))
        self.save_button.clicked.connect(self.save)
        form.addRow(self.save_button)
        self.message_label = MessageLabel()
        form.addRow(self.message_label)
        self.month_edit.dateChanged.connect(lambda _d: self.refresh())
        self.refresh()

    def month(self) -> str:
        return self.month_edit.date().toString("yyyy-MM")

    def refresh(self) -> None:
        for key, value in township_settings(self.ctx.uow, self.month()).items():
            widget = self.inputs[key]
            if isinstance(widget, QComboBox):
                widget.setCurrentText(value)
            else:
                widget.setText(value)

    def typed(self) -> dict[str, str]:
        return {key: (w.currentText() if isinstance(w, QComboBox) else w.text()) for key, w in self.inputs.items()}

    def save(self) -> bool:
        ok, saved = self.message_label.attempt(
            lambda: save_township_settings(self.ctx.uow, self.actor, self.typed(), self.month()))
        if ok:
            self.message_label.show_text(self.tr("已保存：{0}").format("、".join(saved)) if saved
                                         else self.tr("没有改动"), error=False)
            self.refresh()
        return ok
