"""Entry point of the bundled executables: the same `jiuzhu` command (no arguments opens the GUI).

Linux has one executable, `jiuzhu`. Windows has two built from this file (installer/jiuzhu.spec):
`jiuzhu.exe`, windowed (no console window behind the GUI), and `jiuzhu-cli.exe`, a console
program for the commands of SPEC §9.

JIUZHU_SMOKE_GUI=1 is the packaging self-check (`make package-check`): the GUI starts as usual and,
once the login window is shown, prints one line and closes it; the exit code is 0 only if the login
window appeared, 1 if an error box appeared first or nothing did within JIUZHU_SMOKE_TIMEOUT
seconds (default 60).
"""

import os
import sys


def _install_smoke_check() -> dict:
    """Watch the GUI's first window: the login dialog (success) or a message box (failure)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    import app.ui.app as ui
    from app.ui.login_dialog import LoginDialog

    state = {"seen": None}

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Show and state["seen"] is None:
                if isinstance(obj, LoginDialog):
                    state["seen"] = "login"
                    _say(f"JIUZHU_SMOKE_GUI: 登录窗口已显示（{QApplication.platformName()}）")
                    QTimer.singleShot(0, obj.reject)
                elif isinstance(obj, QMessageBox):
                    state["seen"] = "error"
                    _say(f"JIUZHU_SMOKE_GUI: 出现提示框而不是登录窗口：{obj.text()}")
                    QTimer.singleShot(0, obj.reject)
            return False

    def give_up() -> None:
        _say("JIUZHU_SMOKE_GUI: 超时，登录窗口没有出现")
        os._exit(1)

    make_app = ui.make_app
    watch = Watch()

    def make_app_watched(argv=None):
        qapp = make_app(argv)
        qapp.installEventFilter(watch)
        QTimer.singleShot(int(float(os.environ.get("JIUZHU_SMOKE_TIMEOUT", "60")) * 1000), give_up)
        return qapp

    ui.make_app = make_app_watched
    return state


def _say(text: str) -> None:
    if sys.stdout is not None:  # the windowed Windows executable has no stdout
        print(text, flush=True)


def run() -> int:
    from app.cli import main

    if os.environ.get("JIUZHU_SMOKE_GUI") == "1":
        state = _install_smoke_check()
        code = main()
        return 0 if code == 0 and state["seen"] == "login" else 1
    return main()


if __name__ == "__main__":
    sys.exit(run())
