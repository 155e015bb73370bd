"""用户: the county users with their roles and lockouts; an admin adds a user (county clerk, county
reviewer, admin) and lifts a lockout."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.county.admin import County
from app.county.users import COUNTY_ROLES, add_user, list_users, unlock_user
from app.domain.roles import Actor
from app.errors import AppError, InvalidInput
from app.ui.county.common import heading, hint, refused
from app.ui.models.county_tables import users_model
from app.ui.widgets import MessageLabel, make_table


class CountyUsersPage(QWidget):
    def __init__(self, county: County, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.county, self.actor = county, actor
        self.model = users_model(self)
        self.table = make_table(self.model)
        self.table.setAccessibleName(self.tr("县级用户"))
        form = self._form()
        self.message = MessageLabel()
        self.message.setAccessibleName(self.tr("结果"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.unlock_button)
        buttons.addStretch(1)
        admin = actor.role == "admin"
        for w in (self.name_edit, self.role_combo, self.password_edit, self.again_edit, self.add_button,
                  self.unlock_button):
            w.setEnabled(admin)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("县级用户")))
        layout.addWidget(hint(self.tr("县级经办人拟办、导入批次；县级审核人另可审定并写出决定批次；管理员另管理用户、"
                                      "乡镇密钥与设置。连续输错 5 次密码锁定 15 分钟。")
                              + ("" if admin else self.tr("添加用户需要管理员角色。"))))
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add)
        self.unlock_button.clicked.connect(self.unlock)
        self.refresh()

    def _form(self) -> QFormLayout:
        """The new user's name, role and password (typed twice)."""
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("用户名"))
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName(self.tr("角色"))
        for role, label in COUNTY_ROLES.items():
            self.role_combo.addItem(label, role)
        self.password_edit, self.again_edit = QLineEdit(), QLineEdit()
        for edit, name in ((self.password_edit, self.tr("密码")), (self.again_edit, self.tr("确认密码"))):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
        self.add_button = QPushButton(self.tr("添加用户"))
        self.unlock_button = QPushButton(self.tr("解除选中用户的锁定"))
        for w in (self.name_edit, self.role_combo, self.password_edit, self.again_edit):
            w.setMaximumWidth(320)
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.name_edit)
        form.addRow(self.tr("角色："), self.role_combo)
        form.addRow(self.tr("密码："), self.password_edit)
        form.addRow(self.tr("确认密码："), self.again_edit)
        return form

    def refresh(self) -> None:
        self.model.set_rows(list_users(self.county))

    def add(self) -> None:
        try:
            if self.password_edit.text() != self.again_edit.text():
                raise InvalidInput("两次输入的密码不一致")
            row = add_user(self.county, self.actor, self.name_edit.text(), self.role_combo.currentData(),
                           self.password_edit.text())
        except AppError as exc:
            return refused(self, self.tr("未能添加用户"), exc)
        for edit in (self.name_edit, self.password_edit, self.again_edit):
            edit.clear()
        self.message.show_text(self.tr("已添加县级用户 {0}（{1}）").format(row.name, row.role_label), error=False)
        self.refresh()

    def unlock(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        try:
            if not rows:
                raise InvalidInput("请先在列表中选择一名用户")
            user = self.model.row_at(self.table.model().mapToSource(rows[0]).row())
            unlock_user(self.county, self.actor, user.name)
        except AppError as exc:
            return refused(self, self.tr("未能解除锁定"), exc)
        self.message.show_text(self.tr("已解除 {0} 的锁定").format(user.name), error=False)
        self.refresh()
