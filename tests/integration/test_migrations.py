"""Migrations: an empty database upgrades to head, the models match it, a backup comes first."""

import sqlite3

import pytest
from alembic import command
from sqlalchemy import inspect

from app.models.db import make_engine
from app.models.migrate import HEAD_REVISION, alembic_config, current_revision, head_revision, migrate


def test_empty_database_upgrades_to_head_and_alembic_check_is_clean(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    engine = make_engine(url)
    migrate(engine)
    assert current_revision(engine) == head_revision(url)
    command.check(alembic_config(url))  # raises when models and migrations differ
    assert {"household", "member", "assistance_case", "audit_log", "user"} <= set(inspect(engine).get_table_names())


def test_migrating_an_old_database_backs_it_up_first(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(str(path))
    command.upgrade(alembic_config(f"sqlite:///{path}"), "0001")
    if head_revision(f"sqlite:///{path}") == "0001":
        assert migrate(engine, backup_dir=tmp_path / "backups") is None  # nothing to migrate, no copy
        return
    backup = migrate(engine, backup_dir=tmp_path / "backups")
    assert backup is not None and backup.exists()


def test_connections_use_wal_full_sync_and_foreign_keys(tmp_path):
    engine = make_engine(str(tmp_path / "p.db"))
    with engine.connect() as conn:
        pragmas = [conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in ("journal_mode", "synchronous", "foreign_keys")]
    assert pragmas == ["wal", 2, 1]


def test_the_head_constant_matches_the_migration_scripts(tmp_path):
    assert HEAD_REVISION == head_revision(f"sqlite:///{tmp_path / 'x.db'}")


def test_a_migration_that_fails_midway_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    import alembic.op

    path = tmp_path / "old.db"
    command.upgrade(alembic_config(f"sqlite:///{path}"), "0005")
    before = _schema(path)
    real = alembic.op.execute

    def power_cut_before_the_last_step(sql, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if "INSERT INTO paid_month_count" in str(sql):  # 0006 has created its tables by now
            raise RuntimeError("断电")
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(alembic.op, "execute", power_cut_before_the_last_step)
    engine = make_engine(str(path))
    with pytest.raises(RuntimeError, match="断电"):
        migrate(engine)
    engine.dispose()
    assert _schema(path) == before  # no half-made tables under the old version stamp
    monkeypatch.undo()
    engine = make_engine(str(path))
    migrate(engine)  # and the next open migrates cleanly
    assert current_revision(engine) == HEAD_REVISION
    engine.dispose()


def _schema(path):
    with sqlite3.connect(path) as conn:
        tables = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        return tables, conn.execute("SELECT version_num FROM alembic_version").fetchall()
