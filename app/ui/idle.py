"""The idle lock of a main window (SPEC §10): after 15 minutes without input the window's content is
hidden and the same user must log in again; cancelling closes the window. The township's window and
the county's share it, each with its own login dialog (`login_dialog`)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

IDLE_LOCK_MS = 15 * 60 * 1000


class IdleLockBase(QObject):
    """`window` has `actor` and `login_dialog` (the dialog of 切换用户 while one is open)."""

    INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}

    def __init__(self, app: QApplication, window: QMainWindow, timeout_ms: int = IDLE_LOCK_MS) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: QDialog | None = None
        self._timer = QTimer(self, singleShot=True, interval=timeout_ms)
        self._timer.timeout.connect(self.lock)
        app.installEventFilter(self)
        self._timer.start()

    def login_dialog(self, window: QMainWindow) -> QDialog:  # pragma: no cover - each window says
        raise NotImplementedError

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in self.INPUT and self._timer.isActive():
            self._timer.start()
        return False

    def lock(self) -> QDialog:
        """Hide the content and ask for the password again (non-blocking); returns the dialog."""
        # hide the content, not the window: closing a parentless dialog while no other window
        # is visible would end the application (quitOnLastWindowClosed)
        win = self._window
        self._timer.stop()
        if win.login_dialog is not None:  # 切换用户 / 注销 already asks for a login: nothing is on screen
            return win.login_dialog
        win.centralWidget().hide()
        self.dialog = self.login_dialog(win)
        self.dialog.finished.connect(self._unlocked)
        self.dialog.open()
        return self.dialog

    def _unlocked(self, result: int) -> None:
        if result and self.dialog.actor is not None:
            self._window.centralWidget().show()
            self._timer.start()
        else:
            self._window.close()
        self.dialog.deleteLater()
