"""申请材料 settings for the admin (SPEC §14): the paper types (built in and added), whether 受理 needs
every required paper, and how phone photos are kept (size limit, JPEG quality, originals)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.roles import Actor
from app.services.papers import (
    accept_requires_all,
    add_paper_type,
    paper_options,
    paper_types,
    save_paper_options,
    set_accept_requires_all,
)
from app.ui.models.papers_table import PaperTypesTableModel
from app.ui.widgets import MessageLabel, make_table


class PapersSettingsBox(QGroupBox):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("申请材料"), parent)
        self.ctx, self.actor = ctx, actor
        self.model = PaperTypesTableModel(parent=self)
        self.table = make_table(self.model, sortable=False)
        self.table.setAccessibleName(self.tr("材料类型"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("新的材料类型，如 低保边缘证明"))
        self.name_edit.setAccessibleName(self.tr("新材料类型"))
        self.required_check = QCheckBox(self.tr("受理必备"))
        self.add_button = QPushButton(self.tr("添加类型"))
        adding = QHBoxLayout()
        for w in (self.name_edit, self.required_check, self.add_button):
            adding.addWidget(w)

        self.require_all_check = QCheckBox(self.tr("受理时必备材料须齐全（否则只列出缺少的材料）"))
        self.max_px_spin = QSpinBox()
        self.max_px_spin.setRange(200, 10000)
        self.max_px_spin.setSuffix(" px")
        self.max_px_spin.setAccessibleName(self.tr("照片最长边"))
        self.quality_spin = QSpinBox()
        self.quality_spin.setRange(30, 100)
        self.quality_spin.setAccessibleName(self.tr("JPEG 质量"))
        self.original_check = QCheckBox(self.tr("另存原图（占用更多空间）"))
        self.save_button = QPushButton(self.tr("保存材料设置"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)  # a box is clicked on its text
        form.addRow(self.tr("照片最长边："), self.max_px_spin)
        form.addRow(self.tr("JPEG 质量："), self.quality_spin)
        form.addRow("", self.original_check)
        form.addRow("", self.require_all_check)

        self.message_label = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message_label)
        self.add_button.clicked.connect(self.add_type)
        self.name_edit.returnPressed.connect(self.add_type)
        self.save_button.clicked.connect(self.save_options)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(paper_types(self.ctx.uow))
        options = paper_options(self.ctx.uow)
        self.max_px_spin.setValue(options.max_px)
        self.quality_spin.setValue(options.jpeg_quality)
        self.original_check.setChecked(options.keep_original)
        self.require_all_check.setChecked(accept_requires_all(self.ctx.uow))

    def add_type(self) -> bool:
        name, required = self.name_edit.text(), self.required_check.isChecked()
        ok, added = self.message_label.attempt(lambda: add_paper_type(self.ctx.uow, self.actor, name, required=required))
        if ok:
            self.name_edit.clear()
            self.required_check.setChecked(False)
            self.refresh()
            self.message_label.show_text(self.tr("已添加材料类型：{0}").format(added), error=False)
        return ok

    def save_options(self) -> bool:
        def work() -> None:
            save_paper_options(self.ctx.uow, self.actor, max_px=self.max_px_spin.value(),
                               jpeg_quality=self.quality_spin.value(), keep_original=self.original_check.isChecked())
            set_accept_requires_all(self.ctx.uow, self.actor, self.require_all_check.isChecked())

        ok, _ = self.message_label.attempt(work)
        if ok:
            self.refresh()
            self.message_label.show_text(self.tr("材料设置已保存（记入审计日志）"), error=False)
        return ok
