"""Migrations: an empty database upgrades to head, the models match it, a backup comes first."""

from alembic import command
from sqlalchemy import inspect

from app.models.db import make_engine
from app.models.migrate import alembic_config, current_revision, head_revision, migrate


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
    from app.models.migrate import HEAD_REVISION

    assert HEAD_REVISION == head_revision(f"sqlite:///{tmp_path / 'x.db'}")
