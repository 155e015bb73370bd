"""The county window's idle lock (SPEC §10, as the township's: app/ui/idle.py) with the county's login."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.ui.county.login_dialog import CountyLoginDialog
from app.ui.county.window import CountyWindow
from app.ui.idle import IDLE_LOCK_MS, IdleLockBase


class CountyIdleLock(IdleLockBase):
    def __init__(self, app: QApplication, window: CountyWindow, timeout_ms: int = IDLE_LOCK_MS) -> None:
        super().__init__(app, window, timeout_ms)

    def login_dialog(self, window: CountyWindow) -> CountyLoginDialog:
        return CountyLoginDialog(window.county, user=window.actor.name, locked=True, parent=window)
