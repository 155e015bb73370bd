"""AdminPage (用户与备份): my password for everyone; for admins the users (add, reset password,
disable / enable, unlock) and the backups (back up now, restore from a backup).

Restoring replaces the database file under the running program. Pages hold the old context
and the logged-in user may not exist (or have another role) in the restored copy, so after a
restore the program says so and closes; the next start opens the restored database and asks
for a login.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.roles import ROLES, Actor
from app.errors import AppError
from app.paths import data_dir
from app.services.auth import add_user
from app.services.backup import backup_database, backup_dir, list_backups, restore_database
from app.services.users import UserStatusRow, set_active, unlock_user, user_rows
from app.ui import ops, prompts
from app.ui.models.audit_table import BackupsTableModel, UsersTableModel
from app.ui.papers_settings_box import PapersSettingsBox
from app.ui.password_dialog import PasswordDialog
from app.ui.widgets import MessageLabel, make_table


def _table(model) -> QTableView:  # noqa: ANN001 - a table model
    table = make_table(model, sortable=False, row_height=24)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _selected_row(table: QTableView) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


class AddUserDialog(QDialog):
    user_added = Signal(str)

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self.setWindowTitle(self.tr("添加用户"))
        self.setMinimumWidth(360)
        self.name_edit = QLineEdit()
        self.role_combo = QComboBox()
        for key, label in ROLES.items():
            self.role_combo.addItem(label, key)
        self.password_edit, self.again_edit = QLineEdit(), QLineEdit()
        for edit in (self.password_edit, self.again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.name_edit)
        form.addRow(self.tr("角色："), self.role_combo)
        form.addRow(self.tr("初始密码："), self.password_edit)
        form.addRow(self.tr("再次输入："), self.again_edit)
        self.message_label = MessageLabel()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("添加"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

    def submit(self) -> bool:
        if self.password_edit.text() != self.again_edit.text():
            self.message_label.show_text(self.tr("两次输入的密码不一致"))
            return False
        name = self.name_edit.text().strip()
        ok, _ = self.message_label.attempt(lambda: add_user(
            self.ctx.uow, self.actor, name, self.role_combo.currentData(), self.password_edit.text()))
        if ok:
            self.user_added.emit(name)
            self.accept()
        return ok


class AdminPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, main_window: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.main_window = ctx, actor, main_window
        self.is_admin = actor.role == "admin"
        self._op: ops.Op | None = None

        me = QGroupBox(self.tr("我的账户"))
        self.password_button = QPushButton(self.tr("修改我的密码"))
        mine = QHBoxLayout(me)
        mine.addWidget(QLabel(self.tr("当前用户：{0}（{1}）").format(actor.name, actor.role_label)))
        mine.addStretch(1)
        mine.addWidget(self.password_button)
        self.password_button.clicked.connect(lambda: self.make_password_dialog().open())

        self.message_label = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(me)
        layout.addWidget(self.message_label)
        if not self.is_admin:
            note = QLabel(self.tr("用户管理和备份恢复只对管理员开放。"))
            note.setStyleSheet("color: #777;")
            layout.addWidget(note)
            layout.addStretch(1)
            return
        sections = QHBoxLayout()
        sections.addWidget(self._users_box(), 1)
        sections.addWidget(self._backups_box(), 1)
        self.papers_box = PapersSettingsBox(ctx, actor, self)
        sections.addWidget(self.papers_box, 1)
        layout.addLayout(sections, 1)
        self.refresh_users()
        self.refresh_backups()

    # -- users -------------------------------------------------------------------------------
    def _users_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("用户"))
        self.users_model = UsersTableModel(parent=self)
        self.users_table = _table(self.users_model)
        self.add_user_button = QPushButton(self.tr("添加用户"))
        self.reset_button = QPushButton(self.tr("重置密码"))
        self.active_button = QPushButton(self.tr("停用"))
        self.unlock_button = QPushButton(self.tr("解锁"))
        buttons = QHBoxLayout()
        for b in (self.add_user_button, self.reset_button, self.active_button, self.unlock_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.users_table, 1)
        layout.addLayout(buttons)
        self.add_user_button.clicked.connect(lambda: self.make_add_user_dialog().open())
        self.reset_button.clicked.connect(self._reset_selected)
        self.active_button.clicked.connect(self.toggle_selected_active)
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.users_table.selectionModel().selectionChanged.connect(self._update_user_buttons)
        return box

    def refresh_users(self, select: str | None = None) -> None:
        select = select or (self.selected_user().name if self.selected_user() else None)
        self.users_model.set_rows(user_rows(self.ctx.uow, self.actor))
        for r in range(self.users_model.rowCount()):
            if self.users_model.row_at(r).name == select:
                self.users_table.selectRow(r)
        self._update_user_buttons()

    def selected_user(self) -> UserStatusRow | None:
        row = _selected_row(self.users_table)
        return None if row is None else self.users_model.row_at(row)

    def select_user(self, name: str) -> None:
        self.refresh_users(select=name)

    def _update_user_buttons(self) -> None:
        user = self.selected_user()
        for b in (self.reset_button, self.active_button):
            b.setEnabled(user is not None)
        self.unlock_button.setEnabled(user is not None and user.locked_until is not None)
        self.active_button.setText(self.tr("启用") if user is not None and not user.active else self.tr("停用"))

    def make_add_user_dialog(self) -> AddUserDialog:
        dialog = AddUserDialog(self.ctx, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.user_added.connect(lambda name: self._done(self.tr("已添加用户「{0}」").format(name), name))
        return dialog

    def make_password_dialog(self, target: str | None = None) -> PasswordDialog:
        dialog = PasswordDialog(self.ctx.uow, self.actor, target, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if target is None:
            dialog.password_changed.connect(lambda _n: self._done(self.tr("密码已修改，下次登录请使用新密码")))
        else:
            dialog.password_changed.connect(lambda n: self._done(self.tr("已重置「{0}」的密码").format(n), n))
        return dialog

    def _reset_selected(self) -> None:
        user = self.selected_user()
        if user is not None:
            self.make_password_dialog(user.name).open()

    def toggle_selected_active(self) -> bool:
        user = self.selected_user()
        if user is None:
            return False
        if user.active and not prompts.current().confirm(
                self, self.tr("停用用户"), self.tr("停用后「{0}」不能再登录，确定停用？").format(user.name)):
            return False
        ok, _ = self.message_label.attempt(lambda: set_active(self.ctx.uow, self.actor, user.name, not user.active))
        if ok:
            self._done((self.tr("已启用「{0}」") if not user.active else self.tr("已停用「{0}」")).format(user.name),
                       user.name)
        return ok

    def unlock_selected(self) -> bool:
        user = self.selected_user()
        if user is None:
            return False
        ok, _ = self.message_label.attempt(lambda: unlock_user(self.ctx.uow, self.actor, user.name))
        if ok:
            self._done(self.tr("已解除「{0}」的锁定").format(user.name), user.name)
        return ok

    def _done(self, text: str, user: str | None = None) -> None:
        self.message_label.show_text(text, error=False)
        if self.is_admin:
            self.refresh_users(select=user)

    # -- backups -----------------------------------------------------------------------------
    def _backups_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("备份"))
        self.backups_model = BackupsTableModel(parent=self)
        self.backups_table = _table(self.backups_model)
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.restore_button = QPushButton(self.tr("从备份恢复"))
        folder = QLabel(self.tr("备份文件夹：{0}（每天首次启动自动备份，保留 30 天）").format(backup_dir(data_dir())))
        folder.setWordWrap(True)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder.setStyleSheet("color: #777;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.backups_table, 1)
        layout.addWidget(folder)
        layout.addLayout(buttons)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.backups_table.selectionModel().selectionChanged.connect(self._update_backup_buttons)
        return box

    def refresh_backups(self) -> None:
        self.backups_model.set_rows(list_backups(data_dir()))
        self._update_backup_buttons()

    def backup_names(self) -> list[str]:
        return [self.backups_model.row_at(r).name for r in range(self.backups_model.rowCount())]

    def selected_backup(self) -> Path | None:
        row = _selected_row(self.backups_table)
        return None if row is None else self.backups_model.row_at(row)

    def _update_backup_buttons(self) -> None:
        busy = self._op is not None and not self._op.is_finished
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self.selected_backup() is not None)

    def backup_now(self) -> None:
        uow, actor, db_path, folder = self.ctx.uow, self.actor, self.ctx.db_path, data_dir()
        self._op = ops.run(self, lambda _progress: backup_database(uow, actor, db_path, folder),
                           label=self.tr("正在备份数据库…"), on_done=self._on_backed_up,
                           on_error=lambda exc: prompts.current().show_error(self, self.tr("备份失败"), exc))
        self._op.done.connect(self._update_backup_buttons)
        self._update_backup_buttons()

    def _on_backed_up(self, path: Path) -> None:
        self.refresh_backups()
        self.message_label.show_text(self.tr("已备份到 {0}").format(path), error=False)

    def restore_selected(self) -> bool:
        source = self.selected_backup()
        if source is None:
            return False
        question = self.tr("用备份「{0}」替换当前数据库？\n\n当前数据库会先另存一份，不会删除。"
                           "恢复后程序将关闭，请重新启动并登录。").format(source.name)
        if not prompts.current().confirm(self, self.tr("从备份恢复"), question):
            return False
        ops.wait_all()  # no background work may hold the database while its file is replaced
        try:  # the service checks the file and the township, keeps a copy and records the restore in it
            kept = restore_database(self.ctx.uow, self.actor, self.ctx.db_path, source, data_dir()).kept
        except AppError as exc:
            prompts.current().show_error(self, self.tr("恢复失败"), exc)
            return False
        self.ctx.close()
        kept_text = self.tr("原数据库另存为 {0}。").format(kept.name) if kept else ""
        prompts.current().info(self, self.tr("恢复完成"), self.tr("已从 {0} 恢复。{1}\n程序将关闭，请重新启动并登录。")
                               .format(source.name, kept_text))
        if self.main_window is not None:
            self.main_window.close()
        return True


def make_admin_page(window) -> AdminPage:  # noqa: ANN001 - a MainWindow
    """Factory for the "admin" area."""
    return AdminPage(window.ctx, window.actor, window, window)
