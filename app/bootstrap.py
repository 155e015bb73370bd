"""The one composition root: paths, logging, engine, migrate on open.

Importing this module stays cheap (no SQLAlchemy): the GUI entry starts the database's
quick_check on a worker thread first, so the check overlaps the imports and Qt start-up.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import sys
import threading
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir

from app.errors import DatabaseError, InvalidInput
from app.permissions import make_db_private, make_private

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.models.uow import UnitOfWork

log = logging.getLogger(__name__)


INSTALL_CONFIG = "jiuzhu-install.json"  # written by the installers beside the executable


def _installed_data_dir() -> str | None:
    """A per-machine data folder chosen at install time (Windows installer), if any."""
    if not getattr(sys, "frozen", False):
        return None
    config = Path(sys.executable).resolve().parent / INSTALL_CONFIG
    try:
        return json.loads(config.read_text(encoding="utf-8")).get("data_dir") or None
    except (OSError, ValueError):
        return None


def data_dir() -> Path:
    """Data folder (keys, backups, logs, default database): JIUZHU_HOME, else the folder the
    installer configured, else the per-user application data folder (platformdirs)."""
    chosen = os.environ.get("JIUZHU_HOME") or _installed_data_dir()
    path = Path(chosen or user_data_dir("jiuzhu", appauthor=False))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


# -- data at rest (SPEC §10): only the user who runs the program reads the data folder -------------
DATA_SUBFOLDERS = ("backups", "logs", "keys", "receipts")


def secure_data_dir() -> Path:
    """Tighten a data folder made by an older version: the folder, its own subfolders and their files,
    and the databases at its top. Nothing else under it is touched (JIUZHU_HOME may be any folder)."""
    home = data_dir()
    make_private(home)
    for name in DATA_SUBFOLDERS:
        folder = home / name
        if folder.is_dir() and not folder.is_symlink():
            make_private(folder)
            for f in folder.iterdir():
                if f.is_file():
                    make_private(f)
    for f in home.glob("*.db"):
        make_db_private(f)
    return home


def default_db_path() -> Path:
    return Path(os.environ.get("JIUZHU_DB") or data_dir() / "township.db")


def resources_dir() -> Path:
    """resources/ beside the app package (a checkout, or the PyInstaller bundle's _internal)."""
    return Path(__file__).resolve().parent.parent / "resources"


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


@dataclass
class AppContext:
    engine: Engine
    uow: UnitOfWork
    db_path: Path

    def close(self) -> None:
        self.engine.dispose()


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
    from app.models.db import make_engine
    from app.models.migrate import migrate
    from app.models.uow import UnitOfWork

    if existed:
        quick_check(db_path)
    engine = make_engine(str(db_path))
    backup = migrate(engine, backup_dir=data_dir() / "backups")
    if backup:
        make_private(backup)
        log.info("database %s migrated, backup at %s", db_path, backup)
    make_db_private(db_path)
    return AppContext(engine=engine, uow=UnitOfWork(engine), db_path=db_path)
