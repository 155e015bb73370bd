"""Migrate on open, backup first: alembic `upgrade head` from code with a file backup before."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from app.errors import DatabaseError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


# The newest revision in migrations/versions; a test checks it against alembic's own view, so
# opening an up-to-date database does not need to import alembic (start-up time, SPEC §11).
HEAD_REVISION = "0011"


def alembic_config(url: str):  # noqa: ANN201 - alembic.config.Config, imported lazily
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision(url: str) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def sqlite_backup(src: Path, dest: Path) -> Path:
    """Copy a live SQLite file with the online backup API and check the copy."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        source.backup(target)
        ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        # the copy took the source's WAL mode: back to a single file, so no -wal / -shm stay beside it
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        source.close()
        target.close()
    if ok != "ok":
        dest.unlink(missing_ok=True)
        raise DatabaseError(f"备份文件校验失败：{ok}")
    return dest


def migrate(engine: Engine, backup_dir: Path | None = None) -> Path | None:
    """Bring the database to head. Backs up a non-empty SQLite file first; returns the backup."""
    url = engine.url.render_as_string(hide_password=False)
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return None
    from alembic import command

    head = head_revision(url)
    if current == head:
        return None
    backup = None
    db_path = engine.url.database
    if engine.dialect.name == "sqlite" and current is not None and db_path and backup_dir:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = sqlite_backup(Path(db_path), backup_dir / f"{Path(db_path).stem}-pre-migrate-{stamp}.db")
        log.info("migration backup written to %s", backup)
    cfg = alembic_config(url)
    with engine.connect() as conn, upgrade_transaction(conn):
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup


@contextmanager
def upgrade_transaction(conn: Connection) -> Iterator[None]:
    """One transaction for every step of the upgrade, DDL included (SPEC §10).

    Python's sqlite3 driver opens a transaction only before INSERT / UPDATE / DELETE, so a
    migration's CREATE TABLE ran on its own and stayed when a later step failed: the file then
    had the new tables under the old version stamp and would not open again. For SQLite the
    driver is put in autocommit mode and the transaction is begun explicitly, so a failure or a
    kill anywhere in the upgrade leaves the database exactly as it was.

    Foreign keys are off meanwhile (SQLite's own procedure for rebuilding a table, which batch mode
    does): with them on, dropping the old copy of a table deletes every row that refers to it ON
    DELETE CASCADE (a member's incomes). They are checked before the commit instead."""
    raw = conn.connection.dbapi_connection if conn.dialect.name == "sqlite" else None
    previous = raw.isolation_level if raw is not None else None
    if raw is not None:
        raw.isolation_level = None
        raw.execute("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction: before BEGIN
    try:
        with conn.begin():
            if raw is not None:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield
            if raw is not None and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise DatabaseError("升级后外键引用不一致，已撤销升级，数据库未做任何修改")
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")
            raw.isolation_level = previous
