"""The one composition root, used by the entry points only: logging, engine, migrate on open.

Importing this module stays cheap (no SQLAlchemy): the GUI entry starts the database's
quick_check on a worker thread first, so the check overlaps the imports and Qt start-up.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.context import AppContext
from app.errors import DatabaseError, InvalidInput
from app.paths import data_dir, default_db_path, secure_data_dir
from app.permissions import make_db_private, make_private

log = logging.getLogger(__name__)


# an ID number (18 characters, or the old 15 digits) or any other run of 11+ digits (phone, bank
# account) standing on its own; digits inside a hex digest or a file name stamp are left alone
_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
_ID_RE = re.compile(rf"(?<![{_ALNUM}])(\d{{17}}[\dXxＸｘ]|\d{{15}})(?![{_ALNUM}])")
_DIGITS_RE = re.compile(rf"(?<![{_ALNUM}])\d{{11,}}(?![{_ALNUM}])")


def mask_personal(text: str) -> str:
    """ID numbers as the lists show them (first 6 and last 4), phones and accounts with the last 4 only."""
    from app.domain.masking import mask_account, mask_id

    text = _ID_RE.sub(lambda m: mask_id(m.group(1)), text)
    return _DIGITS_RE.sub(lambda m: mask_account(m.group(0)), text)


class MaskingFormatter(logging.Formatter):
    """Every log line (message and traceback) goes through mask_personal before it reaches the file."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_personal(super().format(record))


def setup_logging() -> None:
    logs = data_dir() / "logs"
    logs.mkdir(mode=0o700, exist_ok=True)
    root = logging.getLogger()
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return
    secure_data_dir()
    handler = RotatingFileHandler(logs / "jiuzhu.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    make_private(logs / "jiuzhu.log")
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


class _Check(threading.Thread):
    """PRAGMA quick_check on its own connection; SQLite releases the GIL while it reads the file."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="quick_check", daemon=True)
        self.path, self.error = path, None

    def run(self) -> None:
        try:
            with sqlite3.connect(self.path) as conn:
                result = conn.execute("PRAGMA quick_check").fetchone()[0]
            conn.close()
        except sqlite3.DatabaseError as exc:
            self.error = DatabaseError(f"{self.path} 不是有效的数据库文件：{exc}")
            return
        if result != "ok":
            self.error = DatabaseError(f"{self.path} 完整性检查未通过：{result}")


_started: dict[Path, _Check] = {}


def start_quick_check(path: str | Path) -> None:
    """Begin checking an existing database in the background; open_database() waits for the verdict."""
    key = Path(path).resolve()
    if key.exists() and key not in _started:
        _started[key] = check = _Check(key)
        check.start()


def quick_check(path: Path) -> None:
    """SPEC §10: PRAGMA quick_check on open (the one started early, or now); DatabaseError if damaged."""
    check = _started.pop(Path(path).resolve(), None)
    if check is None:
        check = _Check(Path(path))
        check.run()
    else:
        check.join()
    if check.error is not None:
        raise check.error


def open_database(path: str | Path | None = None, *, create: bool = False) -> AppContext:
    """Open (or with create=True make) a township database, checked and migrated to head."""
    db_path = Path(path) if path else default_db_path()
    existed = db_path.exists()
    if existed:
        start_quick_check(db_path)  # overlaps the imports below when nobody started it earlier
    elif not create:
        raise InvalidInput(f"数据库文件 {db_path} 不存在，请先运行 jiuzhu init 或 jiuzhu demo")
    else:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    from app.models.db import as_app_error, make_engine
    from app.models.migrate import migrate
    from app.models.uow import UnitOfWork

    if existed:
        quick_check(db_path)
    engine = make_engine(str(db_path))
    try:
        backup = migrate(engine, backup_dir=data_dir() / "backups")
    except Exception as exc:
        error = as_app_error(exc)  # a database another program is writing: as the person can act on it
        if error is None or error is exc:
            raise
        raise error from exc
    if backup:
        make_private(backup)
        log.info("database %s migrated, backup at %s", db_path, backup)
    make_db_private(db_path)
    return AppContext(engine=engine, uow=UnitOfWork(engine), db_path=db_path)


def database_error(exc: BaseException):  # noqa: ANN201 - AppError | None
    """A busy or concurrently written database as the AppError a person can act on (models.db)."""
    from app.models.db import as_app_error

    return as_app_error(exc)


def internal_text(exc: BaseException) -> str:
    """An unexpected error's text without SQL parameters (models.db)."""
    from app.models.db import driver_text

    return driver_text(exc)
