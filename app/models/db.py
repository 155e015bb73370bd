"""The only engine factory: SQLite pragmas of SPEC §10 on every connection; and the one mapping of
database driver errors a person can meet (a busy file, a concurrent writer) to AppErrors.

Engines hide statement parameters: a driver error's text never carries ID numbers, bank accounts
or phone numbers into a message or a log line.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from app.errors import AppError, ConcurrentWrite, DatabaseBusy


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path)}"


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, synchronous=FULL, foreign keys and a busy timeout."""
    if "://" not in url:
        url = sqlite_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 5}, future=True, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI types
    # autocommit mode while setting pragmas: journal_mode cannot change inside a transaction
    previous = dbapi_conn.isolation_level
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()
    dbapi_conn.isolation_level = previous


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


_BUSY = ("database is locked", "database table is locked", "database is busy", "could not obtain lock",
         "lock timeout", "deadlock detected")


def driver_text(exc: BaseException) -> str:
    """The driver's own message without SQLAlchemy's "[SQL: ...]" and "[parameters: ...]" tail."""
    orig = exc.orig if isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None else exc
    return str(orig).split("\n")[0].split("[SQL:")[0].strip()


def as_app_error(exc: BaseException) -> AppError | None:
    """A busy or concurrently written database as the AppError a person can act on; None for anything else.

    The CLI's main() and the GUI's prompts.error_text() both ask this first (STYLE item 6)."""
    if isinstance(exc, AppError):
        return exc
    if isinstance(exc, sa_exc.OperationalError | sqlite3.OperationalError):
        text = driver_text(exc)
        if any(mark in text.lower() for mark in _BUSY):
            return DatabaseBusy(f"数据库文件正被另一个程序写入（{text}），等待超时；本次操作未写入任何数据，请稍后重试")
    if isinstance(exc, sa_exc.IntegrityError | sqlite3.IntegrityError):
        return ConcurrentWrite(driver_text(exc))
    return None
