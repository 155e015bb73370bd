"""Run in a subprocess by the benchmark: time to a usable household list, and peak memory.

    python -m bench.gui_probe app DB      -> open the main window on the households page
    python -m bench.gui_probe baseline    -> a bare QApplication + QMainWindow show
Prints one JSON line: {"seconds": wall time since interpreter start, "rows": .., "peak_mb": ..}
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

T0 = time.perf_counter()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if sys.argv[1] == "app":  # what `jiuzhu` (cmd_gui) does first: check the file while the rest loads
        from app.bootstrap import start_quick_check

        start_quick_check(sys.argv[2])
    from PySide6.QtWidgets import QApplication, QMainWindow

    if sys.argv[1] == "baseline":
        app = QApplication([])
        window = QMainWindow()
        window.show()
        app.processEvents()
        rows, login_seconds = 0, 0.0
    else:
        from app.bootstrap import open_database
        from app.services.auth import login
        from app.ui import pages  # noqa: F401 - what run_gui registers
        from app.ui.app import make_app
        from app.ui.main_window import MainWindow

        app = make_app([])
        ctx = open_database(sys.argv[2])
        t_login = time.perf_counter()
        actor = login(ctx.uow, "admin", os.environ["JIUZHU_PASSWORD"])
        login_seconds = time.perf_counter() - t_login  # argon2 is slow on purpose: not startup work
        window = MainWindow(ctx, actor, "bench")
        window.show()
        app.processEvents()
        page = window.stack.currentWidget()
        rows = page.model.rowCount()
    seconds = time.perf_counter() - T0 - login_seconds
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": _peak_mb()}))


if __name__ == "__main__":
    main()
