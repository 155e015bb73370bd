"""The county receiver database: where it is, opening it, migrating it on open (backup first)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.errors import DatabaseError
from app.models.db import make_engine, sqlite_url
from app.models.migrate import sqlite_backup, upgrade_transaction
from app.models.uow import UnitOfWork

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "county_alembic_version"


def _config_file() -> Path:
    from app.paths import data_dir

    return data_dir() / "county.json"


def remember_url(url: str) -> None:
    """`county init` remembers the database URL for later county commands (mode 0600: it may hold a password)."""
    path = _config_file()
    path.write_text(json.dumps({"db": url}, ensure_ascii=False), encoding="utf-8")
    if os.name == "posix":
        os.chmod(path, 0o600)


def resolve_url(url: str | None) -> str:
    """--db, else JIUZHU_COUNTY_DB, else the URL `county init` remembered, else county.db in the data folder."""
    if url:
        return url if "://" in url else sqlite_url(Path(url).resolve())
    if os.environ.get("JIUZHU_COUNTY_DB"):
        return resolve_url(os.environ["JIUZHU_COUNTY_DB"])
    path = _config_file()
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))["db"]
    return sqlite_url(path.with_name("county.db"))


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def migrate(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    current = _current(engine)
    if current == ScriptDirectory.from_config(alembic_config(url)).get_current_head():
        return
    if engine.dialect.name == "sqlite" and current is not None and engine.url.database:
        src = Path(engine.url.database)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        sqlite_backup(src, src.with_name(f"{src.stem}-pre-migrate-{stamp}.db"))
    cfg = alembic_config(url)
    with engine.connect() as conn, upgrade_transaction(conn):  # all steps or none, DDL included
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass
class CountyDb:
    engine: Engine
    uow: UnitOfWork
    url: str

    def close(self) -> None:
        self.engine.dispose()


def open_county(url: str | None = None) -> CountyDb:
    """Open (creating an SQLite file if needed) and migrate the county database."""
    url = resolve_url(url)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = make_engine(url)
        migrate(engine)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"无法打开县级数据库：{exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}") from exc
    return CountyDb(engine, UnitOfWork(engine), url)
