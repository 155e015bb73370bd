"""run_gui: the GUI composition root — fonts, translations, database, login, main window, idle lock."""

from __future__ import annotations

import gc
import logging
import sqlite3
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.bootstrap import setup_logging
from app.context import AppContext
from app.errors import AppError, DatabaseError, InvalidInput
from app.instance_lock import InstanceLock
from app.paths import data_dir, default_db_path, resources_dir
from app.ui import prompts
from app.ui.idle import IDLE_LOCK_MS, IdleLockBase
from app.ui.login_dialog import LoginDialog

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

CJK_FONT = "fonts/wqy-microhei.ttc"


def install_cjk_font(app: QApplication) -> str | None:
    """Register the bundled CJK font and put it behind the default family as the fallback.

    Latin text keeps the platform font; any character it lacks (all of Chinese on a machine
    without CJK fonts) comes from the bundled font. Returns the family name, or None.
    """
    path = resources_dir() / CJK_FONT
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("bundled CJK font %s could not be loaded", path)
        return None
    cjk = families[0]
    font = QFont(app.font())
    base = font.family()
    if base != cjk:
        font.setFamilies([base, cjk])
        QFont.insertSubstitution(base, cjk)
    app.setFont(font)
    return cjk


def install_translations(app: QApplication) -> None:
    """zh_CN is the default locale: Qt's own strings and the app's .qm files, when present."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    sources = [(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase_zh_CN"),
               (str(resources_dir() / "i18n"), "jiuzhu_zh_CN")]
    for folder, name in sources:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("jiuzhu")
    app.setApplicationDisplayName("乡镇社会救助工作台")
    install_translations(app)
    install_cjk_font(app)
    return app


class IdleLock(IdleLockBase):
    """The township window's idle lock: the same user logs in again (app/ui/idle.py)."""

    def __init__(self, app: QApplication, window: MainWindow, township: str, timeout_ms: int = IDLE_LOCK_MS):
        self._township = township
        super().__init__(app, window, timeout_ms)

    def login_dialog(self, window: MainWindow) -> LoginDialog:
        return LoginDialog(window.ctx.uow, user=window.actor.name, township=self._township, locked=True,
                           parent=window)


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def _offer_backup(path: Path, exc: DatabaseError) -> AppContext | None:
    """A damaged database: offer the newest good backup instead of opening the damaged file."""
    from app.bootstrap import open_database
    from app.services.backup import newest_good_backup, restore_backup

    candidate = newest_good_backup(path, data_dir())
    if candidate is None:
        return None
    question = (f"{exc.text}\n\n" + _tr("是否从最新的完好备份恢复？") + f"\n{candidate.name}\n"
                + _tr("当前的数据库文件会另存一份，不会删除。"))
    if not prompts.current().confirm(None, _tr("数据库已损坏"), question):
        return None
    restore_backup(path, candidate, data_dir())
    return open_database(path)


class Opening:
    """The database opened on a thread while the login window is already on screen (SPEC §11 v2: the
    first window before SQLAlchemy, the models and the services are imported). The thread checks and
    migrates the file (app.bootstrap.open_database) and imports what the first page needs; Qt's event
    loop releases the GIL while the clerk types. `ready()` says whether it has finished."""

    WARM = ("app.services.auth", "app.services.township", "app.services.queries", "app.ui.main_window",
            "app.ui.households_page")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ctx: AppContext | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="open_database", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from importlib import import_module

        try:
            from app.bootstrap import open_database

            self.ctx = open_database(self.path)
            for module in self.WARM:
                import_module(module)
            self._warm_first_page()
            # what start-up loaded (modules, SQLAlchemy's compiled statements) lives as long as the
            # program: out of the collector's sight, the first full collection - which came during the
            # households list's first 20,000-id fetch, 60 ms at 20,000 households - has nothing to walk
            gc.freeze()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which reports it
            self.error = exc

    def _warm_first_page(self) -> None:
        """Run the households page's two queries once: SQLAlchemy compiles and caches each statement the
        first time a process runs it, which would otherwise happen after the login, on the GUI thread."""
        from app.services.queries import household_ids, household_rows_for

        assert self.ctx is not None
        household_rows_for(self.ctx.uow, household_ids(self.ctx.uow)[:200])

    def ready(self) -> bool:
        return not self._thread.is_alive()

    def wait(self) -> AppContext:
        """The opened context (the GUI thread waits); the error the thread met, raised here."""
        self._thread.join()
        if self.error is not None:
            raise self.error
        assert self.ctx is not None
        return self.ctx

    @property
    def uow(self) -> object:
        return self.wait().uow

    def close(self) -> None:
        """Wait for the thread and close what it opened (the window was closed without logging in)."""
        self._thread.join()
        if self.ctx is not None:
            self.ctx.close()


def _township_name(path: Path) -> str:
    """The township's name for the login window, read with the standard library (no SQLAlchemy yet)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT name FROM township LIMIT 1").fetchone()
        conn.close()
    except sqlite3.Error:
        return ""
    return row[0] if row else ""


def _lock(path: Path) -> InstanceLock | None:
    """One writer: the file's lock, or the refusal shown (a missing file is refused here too)."""
    lock = InstanceLock(path)
    try:
        if not path.exists():
            raise InvalidInput(f"数据库文件 {path} 不存在，请先运行 jiuzhu init 或 jiuzhu demo")
        lock.acquire()
    except AppError as exc:
        lock.release()
        log.error("cannot open database %s: %s", path, exc)
        prompts.current().show_error(None, _tr("无法打开数据库"), exc)
        return None
    return lock


def _opened(opening: Opening, lock: InstanceLock) -> AppContext | None:
    """The context the thread opened, or a good backup of a damaged file, or None (refusal shown)."""
    try:
        try:
            return opening.wait()
        except DatabaseError as exc:
            ctx = _offer_backup(opening.path, exc)
            if ctx is None:
                raise
            return ctx
    except AppError as exc:
        lock.release()
        log.error("cannot open database %s: %s", opening.path, exc)
        prompts.current().show_error(None, _tr("无法打开数据库"), exc)
        return None


def _open(db_path: str | Path | None) -> tuple[AppContext, InstanceLock] | None:
    """Lock the file (one writer) and open it (or a good backup of it), waiting for the result."""
    path = Path(db_path) if db_path else default_db_path()
    lock = _lock(path)
    if lock is None:
        return None
    ctx = _opened(Opening(path), lock)
    return (ctx, lock) if ctx is not None else None


def _daily_backup(path: Path) -> None:
    from app.services.backup import daily_backup

    try:
        daily_backup(path, data_dir())
    except (AppError, OSError, sqlite3.Error) as exc:  # a failed backup is logged, it must not keep the office out
        log.error("daily backup failed: %s", exc)


def start_daily_backup(path: Path) -> threading.Thread:
    """The first start of a day backs the database up on a thread (about 1 s for a county-size file),
    while the clerk logs in; its own SQLite connection reads a consistent snapshot (WAL)."""
    worker = threading.Thread(target=_daily_backup, args=(path,), name="daily_backup")
    worker.start()
    return worker


def run_gui(db_path: str | Path | None = None, user: str | None = None) -> int:
    """Open the GUI on `db_path` (default database when None); returns the process exit code.

    The login window comes first; the database opens behind it (Opening) and the password is checked
    once both are there. A file that cannot be opened closes the login window and is reported as before."""
    try:
        setup_logging()
    except OSError:  # a read-only data folder must not keep the clerk out
        pass
    app = make_app()
    path = Path(db_path) if db_path else default_db_path()
    lock = _lock(path)
    if lock is None:
        return 1
    opening = Opening(path)
    backup = _backup_once_open(opening)  # the day's first start backs up while the clerk logs in
    township = _township_name(path)
    login = LoginDialog(opening, user=user, township=township, waiting=opening.ready)
    accepted = bool(login.exec()) and login.actor is not None
    if not accepted and not login.open_failed:  # the clerk closed the window: nothing more to ask
        backup.join()
        opening.close()
        lock.release()
        return 0
    ctx = _opened(opening, lock)
    if ctx is None:
        return 1
    try:
        if ctx is not opening.ctx:  # restored from a backup: the person logs in to that one
            backup = start_daily_backup(ctx.db_path)
            login = LoginDialog(ctx.uow, user=user, township=township)
            if not login.exec() or login.actor is None:
                backup.join()
                return 0
        return _main_window(app, ctx, login.actor, township, backup)
    finally:
        ctx.close()
        lock.release()


def _backup_once_open(opening: Opening) -> threading.Thread:
    """The daily backup, started as soon as the opening thread has the file open (nothing if it failed)."""
    def run() -> None:
        opening._thread.join()  # noqa: SLF001 - the opening's own thread, in this module
        if opening.ctx is not None:
            _daily_backup(opening.ctx.db_path)

    worker = threading.Thread(target=run, name="daily_backup")
    worker.start()
    return worker


def _main_window(app: QApplication, ctx: AppContext, actor, township: str,  # noqa: ANN001 - Actor
                 backup: threading.Thread) -> int:
    from app.ui import ops
    from app.ui.main_window import MainWindow

    try:
        window = MainWindow(ctx, actor, township)
        IdleLock(app, window, township)
        window.show()
        return app.exec()
    finally:
        ops.wait_all()
        backup.join()  # never leave a half-written backup behind
