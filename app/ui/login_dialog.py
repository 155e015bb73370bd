"""LoginDialog: user name and password; a refusal is shown inline, in Chinese, with the tries left
before the account locks (the auth service counts them)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Actor
from app.errors import AppError


class LoginDialog(QDialog):
    """On success `actor` holds the logged-in user and the dialog is accepted.

    With `locked=True` (the idle lock) the user name is fixed: only that user may unlock. `uow` is
    the context's unit of work (ctx.uow), handed to the auth service as it is, or anything with a `uow`
    attribute. At start-up the database is still opening behind the window: `waiting()` says when it
    is ready; a login asked for before then is checked as soon as it is, and an opening that fails
    closes the window (`open_failed`) so the caller reports it.
    """

    def __init__(self, uow: object, *, user: str | None = None, township: str = "",
                 locked: bool = False, title: str = "", cancel_text: str = "",
                 waiting: Callable[[], bool] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._uow, self._ready = uow, waiting
        self.open_failed = False
        self.actor: Actor | None = None
        self.setWindowTitle(title or (self.tr("已锁定 - 请重新登录") if locked else self.tr("登录 - 乡镇社会救助工作台")))
        self.setMinimumWidth(360)

        title = QLabel(township or self.tr("乡镇社会救助工作台"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 16pt; font-weight: bold; margin: 8px;")
        hint = QLabel(self.tr("工作台闲置超过 15 分钟已锁定，请输入密码继续。") if locked else "")
        hint.setWordWrap(True)
        hint.setVisible(locked)

        self.user_edit = QLineEdit(user or "")
        self.user_edit.setReadOnly(locked)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.user_edit.setAccessibleName(self.tr("用户名"))
        self.password_edit.setAccessibleName(self.tr("密码"))
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.user_edit)
        form.addRow(self.tr("密码："), self.password_edit)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()

        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(cancel_text or (self.tr("退出") if locked else self.tr("取消")),
                                               QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        (self.password_edit if user else self.user_edit).setFocus()
        if waiting is not None:  # start-up: watch the opening, so a file that cannot open is said at once
            self._timer = QTimer(self, interval=50)
            self._timer.timeout.connect(self._check_opening)
            self._timer.start()
        self._pending = False

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


    def _opening_failed(self) -> bool:
        return getattr(self._uow, "error", None) is not None

    def _check_opening(self) -> None:
        if self._ready is None or not self._ready():
            return
        self._timer.stop()
        self._ready = None
        if self._opening_failed():
            self.open_failed = True
            self.reject()
        elif self._pending:
            self.try_login()

    def try_login(self) -> None:
        name, password = self.user_edit.text().strip(), self.password_edit.text()
        if not name or not password:
            self.show_error(self.tr("请输入用户名和密码"))
            return
        if self._ready is not None and not self._ready():  # the database is still opening: check then
            self._pending = True
            self.login_button.setEnabled(False)
            self.show_error(self.tr("正在打开数据库，请稍候…"))
            return
        self._pending = False
        self.login_button.setEnabled(True)
        try:
            self.actor = self.check(name, password)
        except AppError as exc:
            self.password_edit.clear()
            self.password_edit.setFocus()
            self.show_error(exc.text)
            return
        self.accept()

    def check(self, name: str, password: str) -> Actor:
        """The township's users (the county's window checks its own: app/ui/county/login_dialog.py)."""
        from app.services.auth import login

        uow = getattr(self._uow, "uow", self._uow)  # the Opening, once open, or the unit of work itself
        return login(uow, name, password)
