"""Run in a subprocess by the benchmark (SPEC §11 v2): what a person waits for, and peak memory.

    python -m bench.gui_probe app DB            -> v1 start-up: start to the households list, login untimed
    python -m bench.gui_probe first DB          -> start to the login window on screen, as `jiuzhu gui`
    python -m bench.gui_probe bare              -> a bare QApplication + QMainWindow show (its baseline)
    python -m bench.gui_probe list DB           -> login accepted to a usable household list
    python -m bench.gui_probe list_baseline DB  -> sqlite3 fetch of the first 200 rows in a bare QTableView
Prints one JSON line: {"seconds": .., "rows": .., "peak_mb": ..}. peak_mb is this process's own VmHWM
(/proc/self/status), which a new program image starts afresh; ru_maxrss would carry the parent's peak
across fork + exec on Linux (the bench's parent has just built the database).
"""

from __future__ import annotations

import json
import os
import sys
import time

T0 = time.perf_counter()


def peak_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # not Linux: the best this process can say of itself

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _settle(app) -> None:  # noqa: ANN001 - QApplication
    app.processEvents()
    app.processEvents()


def first_window(db: str) -> tuple[float, int]:
    """What run_gui does before the person can type: Qt, fonts, the file's lock, the opening started."""
    from app.ui.app import Opening, _lock, _township_name, make_app
    from app.ui.login_dialog import LoginDialog

    app = make_app([])
    path = __import__("pathlib").Path(db)
    lock = _lock(path)
    opening = Opening(path)
    dialog = LoginDialog(opening, user="admin", township=_township_name(path), waiting=opening.ready)
    dialog.show()
    _settle(app)
    seconds = time.perf_counter() - T0
    opening.close()  # untimed: let the thread finish before the process ends
    lock.release()
    return seconds, 0


def bare_window() -> tuple[float, int]:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.show()
    _settle(app)
    return time.perf_counter() - T0, 0


def login_to_list(db: str) -> tuple[float, int]:
    """The opening done and the password checked (untimed, argon2 is slow on purpose), then the main
    window on its households page until the first rows are painted."""
    from pathlib import Path

    from app.services.auth import login
    from app.ui.app import Opening, make_app

    app = make_app([])
    opening = Opening(Path(db))
    ctx = opening.wait()
    actor = login(ctx.uow, "admin", os.environ["JIUZHU_PASSWORD"])
    started = time.perf_counter()
    from app.ui.main_window import MainWindow

    window = MainWindow(ctx, actor, "bench")
    window.show()
    _settle(app)
    page = window.stack.currentWidget()
    rows = page.model.rowCount()
    page.model.index(0, 0).data()  # the first block fetched, as the view paints it
    _settle(app)
    return time.perf_counter() - started, rows


def list_baseline(db: str) -> tuple[float, int]:
    import sqlite3

    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    app = QApplication([])
    started = time.perf_counter()
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT h.id, v.name, m.name, m.id_number, h.phone, h.bank_account FROM household h "
            "JOIN village v ON v.id = h.village_id LEFT JOIN member m ON m.household_id = h.id AND m.relation = '本人' "
            "ORDER BY h.id LIMIT 200").fetchall()
    conn.close()
    model = QStandardItemModel(len(rows), 6)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            model.setItem(r, c, QStandardItem("" if value is None else str(value)))
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 700)
    view.show()
    _settle(app)
    return time.perf_counter() - started, len(rows)


def app_to_list(db: str) -> tuple[float, int]:
    """v1 start-up (the `startup` key, kept for comparison): start to a usable list without the login."""
    from app.bootstrap import open_database, start_quick_check

    start_quick_check(db)
    from app.services.auth import login
    from app.ui.app import make_app
    from app.ui.main_window import MainWindow

    app = make_app([])
    ctx = open_database(db)
    t_login = time.perf_counter()
    actor = login(ctx.uow, "admin", os.environ["JIUZHU_PASSWORD"])
    login_seconds = time.perf_counter() - t_login  # argon2 is slow on purpose: not start-up work
    window = MainWindow(ctx, actor, "bench")
    window.show()
    _settle(app)
    return time.perf_counter() - T0 - login_seconds, window.stack.currentWidget().model.rowCount()


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    mode, args = sys.argv[1], sys.argv[2:]
    seconds, rows = {"app": app_to_list, "first": first_window, "bare": bare_window, "baseline": bare_window,
                     "list": login_to_list, "list_baseline": list_baseline}[mode](*args)
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak_mb()}))


if __name__ == "__main__":
    main()
