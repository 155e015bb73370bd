"""The login window comes before the database layer (SPEC §11 v2 first window): SQLAlchemy, the models
and the services load behind it, and a password typed meanwhile is checked as soon as they are there."""

from __future__ import annotations

import subprocess
import sys
import threading

from PySide6.QtCore import Qt

from app.ui.app import Opening
from app.ui.login_dialog import LoginDialog
from tests.ui.conftest import PASSWORD, click, on_screen, type_text


def test_the_gui_entry_and_the_login_window_import_no_database_layer():
    code = ("import sys, app.ui.app, app.ui.login_dialog; "
            "print(sorted(m for m in ('sqlalchemy', 'alembic', 'app.models', 'app.services.auth') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_a_password_typed_while_the_database_opens_is_checked_when_it_is_open(qtbot, ctx, monkeypatch):
    ctx.close()
    release = threading.Event()
    import app.bootstrap

    real = app.bootstrap.open_database

    def slow_open(path):  # noqa: ANN001, ANN202
        release.wait(10)
        return real(path)

    monkeypatch.setattr(app.bootstrap, "open_database", slow_open)
    opening = Opening(ctx.db_path)
    dialog = LoginDialog(opening, user="admin", township="测试镇", waiting=opening.ready)
    qtbot.addWidget(dialog)
    on_screen(qtbot, dialog)
    click(qtbot, dialog.password_edit)
    type_text(qtbot, PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is None and dialog.error_label.text() == "正在打开数据库，请稍候…"
    assert not dialog.login_button.isEnabled()
    release.set()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        pass
    assert dialog.actor.name == "admin" and not dialog.open_failed
    opening.close()


def test_a_database_that_cannot_open_closes_the_login_window_to_be_reported(qtbot, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 300)
    opening = Opening(bad)
    dialog = LoginDialog(opening, user="admin", waiting=opening.ready)
    qtbot.addWidget(dialog)
    on_screen(qtbot, dialog)
    with qtbot.waitSignal(dialog.rejected, timeout=10_000):
        pass
    assert dialog.open_failed and opening.error is not None and "不是有效的数据库文件" in str(opening.error)


def test_run_gui_logs_in_through_the_login_window_opens_the_list_and_backs_up_the_day(qtbot, ctx, monkeypatch):
    """The whole start as a clerk meets it: the login window, the password typed, the households list."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.paths import data_dir
    from app.ui.app import run_gui
    from app.ui.main_window import MainWindow

    monkeypatch.setattr("app.ui.app.setup_logging", lambda: None)
    path = ctx.db_path
    ctx.close()
    seen = {}

    def type_password() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, type_password)
            return
        seen["township"] = dialog.windowTitle()
        on_screen(qtbot, dialog)
        click(qtbot, dialog.password_edit)
        type_text(qtbot, PASSWORD)
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        QTimer.singleShot(20, close_window)

    def close_window() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(20, close_window)
            return
        seen["rows"] = windows[0].stack.currentWidget().model.rowCount()
        windows[0].close()

    def give_up() -> None:  # a failed step must fail the test, not leave the event loop waiting
        for w in QApplication.topLevelWidgets():
            w.close()

    QTimer.singleShot(0, type_password)
    guard = QTimer(singleShot=True, interval=20_000)
    guard.timeout.connect(give_up)
    guard.start()
    try:
        assert run_gui(path, user="admin") == 0
    finally:
        guard.stop()
    assert seen["township"].startswith("登录") and seen["rows"] == 0
    assert list((data_dir() / "backups").glob("*daily*")) or list((data_dir() / "backups").glob("*.db"))
