"""The county window's idle lock (SPEC §10, as the township's): after 15 minutes without input the
content is hidden and the same county user must log in again; cancelling closes the program."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.ui.county.login_dialog import CountyLoginDialog
from app.ui.county.window import CountyWindow

IDLE_LOCK_MS = 15 * 60 * 1000


class CountyIdleLock(QObject):
    INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}

    def __init__(self, app: QApplication, window: CountyWindow, timeout_ms: int = IDLE_LOCK_MS) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: CountyLoginDialog | None = None
        self._timer = QTimer(self, singleShot=True, interval=timeout_ms)
        self._timer.timeout.connect(self.lock)
        app.installEventFilter(self)
        self._timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in self.INPUT and self._timer.isActive():
            self._timer.start()
        return False

    def lock(self) -> CountyLoginDialog:
        win = self._window
        self._timer.stop()
        if win.login_dialog is not None:  # 切换用户 already asks for a login
            return win.login_dialog
        win.centralWidget().hide()
        self.dialog = CountyLoginDialog(win.county, user=win.actor.name, locked=True, parent=win)
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
