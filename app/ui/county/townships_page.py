"""乡镇: every registered township with its key fingerprints, last sequence, audit head and last batch;
townships silent for more than N days (the county setting, 40 by default) are marked. An admin
registers a township's key from its .pub file (after comparing the fingerprint on the phone) and
revokes a township's key."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from app.county.admin import County, read_township_key
from app.county.office import (
    register_key,
    revoke,
    set_silent_days,
    silent_days,
    township_rows,
)
from app.domain.roles import Actor
from app.errors import AppError, InvalidInput
from app.ui import prompts
from app.ui.county.common import PUB_FILTER, heading, hint, refused
from app.ui.models.county_tables import townships_model
from app.ui.widgets import MessageLabel, make_table


class TownshipsPage(QWidget):
    def __init__(self, county: County, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.county, self.actor = county, actor
        admin = actor.role == "admin"
        top = self._top()
        for w in (self.code_edit, self.register_button, self.revoke_button):
            w.setEnabled(admin)
        self.model = townships_model(self)
        self.table = make_table(self.model)
        self.table.setAccessibleName(self.tr("乡镇列表"))
        self.summary = QLabel()
        self.message = MessageLabel()
        self.message.setAccessibleName(self.tr("结果"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("乡镇与密钥")))
        layout.addWidget(hint(self.tr("登记公钥前，请与乡镇电话核对密钥指纹；吊销的密钥签名的批次一律拒收。")
                              + ("" if admin else self.tr("登记与吊销需要管理员角色。"))))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        self.save_days.setVisible(admin)  # once in the layout: shown before it, a widget is a window of its own
        self.days_spin.valueChanged.connect(lambda _v: self.refresh())
        self.save_days.clicked.connect(self.save_setting)
        self.register_button.clicked.connect(self.register)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.refresh()

    def _top(self) -> QHBoxLayout:
        """The silent-days setting, then the township code and the key buttons."""
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 366)
        self.days_spin.setValue(silent_days(self.county))
        self.days_spin.setSuffix(self.tr(" 天"))
        self.days_spin.setAccessibleName(self.tr("未上报天数"))
        self.save_days = QPushButton(self.tr("设为默认"))
        self.code_edit = QLineEdit()
        self.code_edit.setAccessibleName(self.tr("乡镇代码"))
        self.code_edit.setPlaceholderText(self.tr("9 位乡镇代码"))
        self.code_edit.setMaximumWidth(140)
        self.register_button = QPushButton(self.tr("登记乡镇公钥…"))
        self.revoke_button = QPushButton(self.tr("吊销选中乡镇的密钥…"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("超过")))
        top.addWidget(self.days_spin)
        top.addWidget(QLabel(self.tr("未收到批次的乡镇标为“长期未上报”")))
        top.addWidget(self.save_days)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("乡镇代码：")))
        top.addWidget(self.code_edit)
        top.addWidget(self.register_button)
        top.addWidget(self.revoke_button)
        return top

    def refresh(self) -> None:
        rows = township_rows(self.county, self.days_spin.value())
        self.model.set_rows(rows)
        silent = [r.name for r in rows if r.silent]
        self.summary.setText(self.tr("共 {0} 个乡镇；长期未上报 {1} 个{2}").format(
            len(rows), len(silent), f"：{'、'.join(silent)}" if silent else ""))
        self.summary.setStyleSheet("color: #c0392b;" if silent else "")

    def save_setting(self) -> None:
        try:
            set_silent_days(self.county, self.actor, self.days_spin.value())
        except AppError as exc:
            return refused(self, self.tr("未能保存设置"), exc)
        self.message.show_text(self.tr("已保存：超过 {0} 天未上报即标出").format(self.days_spin.value()), error=False)

    def register(self) -> None:
        try:
            code = self.code_edit.text().strip()
            if not code:
                raise InvalidInput("乡镇代码：请先填写要登记的 9 位乡镇代码")
            path = prompts.current().open_file(self, self.tr("选择乡镇公钥文件"), PUB_FILTER)
            if path is None:
                return
            key = read_township_key(path)  # its fingerprint is compared before trusting it
            question = self.tr("乡镇：{0}（{1}）\n密钥指纹：{2}\n\n请与乡镇电话核对指纹，一致后再登记。是否登记？").format(
                key.name, key.code, key.fingerprint)
            if not prompts.current().confirm(self, self.tr("核对密钥指纹"), question):
                return
            info = register_key(self.county, self.actor, path, code)
        except AppError as exc:
            return refused(self, self.tr("未能登记公钥"), exc)
        self.code_edit.clear()
        self.message.show_text(self.tr("已登记乡镇 {0}（{1}）的公钥，指纹 {2}").format(
            info.name, info.code, info.fingerprint), error=False)
        self.refresh()

    def selected(self):  # noqa: ANN201 - TownshipRow | None
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.table.model().mapToSource(rows[0]).row()) if rows else None

    def revoke_selected(self) -> None:
        try:
            town = self.selected()
            if town is None:
                raise InvalidInput("请先在列表中选择一个乡镇")
            if not town.key_ids:
                raise InvalidInput(f"乡镇 {town.name} 没有未吊销的密钥")
            question = self.tr("吊销乡镇 {0}（{1}）的密钥 {2}？\n吊销后该密钥签名的批次一律拒收，且不能恢复。").format(
                town.name, town.code, "、".join(town.key_ids))
            if not prompts.current().confirm(self, self.tr("吊销密钥"), question):
                return
            for key_id in town.key_ids:
                revoke(self.county, self.actor, key_id)
        except AppError as exc:
            return refused(self, self.tr("未能吊销密钥"), exc)
        self.message.show_text(self.tr("已吊销乡镇 {0} 的密钥").format(town.name), error=False)
        self.refresh()
