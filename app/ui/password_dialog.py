"""PasswordDialog: change my own password (old, new, new again), or as an admin set a new
password for another user (no old password). A refusal is shown inline, in Chinese."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.roles import Actor
from app.services.users import change_password, reset_password
from app.ui.widgets import MessageLabel


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class PasswordDialog(QDialog):
    """`target=None`: the actor's own password. Else an admin resets `target`'s password.
    `uow` is the context's unit of work (ctx.uow), handed to the user services as it is."""

    password_changed = Signal(str)  # the user name

    def __init__(self, uow: object, actor: Actor, target: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._uow, self._actor, self.target = uow, actor, target
        self.setWindowTitle(self.tr("重置密码") if target else self.tr("修改我的密码"))
        self.setMinimumWidth(380)

        heading = QLabel(self.tr("为用户「{0}」设置新密码，对方下次登录时使用。").format(target) if target
                         else self.tr("用户：{0}").format(actor.name))
        heading.setWordWrap(True)
        self.old_edit = _password_edit()
        self.new_edit = _password_edit()
        self.again_edit = _password_edit()
        form = QFormLayout()
        if target is None:
            form.addRow(self.tr("旧密码："), self.old_edit)
        else:
            self.old_edit.hide()
        form.addRow(self.tr("新密码："), self.new_edit)
        form.addRow(self.tr("再次输入："), self.again_edit)
        hint = QLabel(self.tr("密码至少 6 个字符。"))
        hint.setStyleSheet("color: #777;")
        self.message_label = MessageLabel()

        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        (self.new_edit if target else self.old_edit).setFocus()

    def submit(self) -> bool:
        new = self.new_edit.text()
        if new != self.again_edit.text():
            self.message_label.show_text(self.tr("两次输入的新密码不一致"))
            self.again_edit.clear()
            return False
        if self.target is None:
            work = lambda: change_password(self._uow, self._actor, self.old_edit.text(), new)  # noqa: E731
        else:
            work = lambda: reset_password(self._uow, self._actor, self.target, new)  # noqa: E731
        ok, _ = self.message_label.attempt(work)
        for edit in (self.old_edit, self.new_edit, self.again_edit):
            edit.clear()  # a password stays on screen no longer than needed
        if ok:
            self.password_changed.emit(self.target or self._actor.name)
            self.accept()
        return ok
