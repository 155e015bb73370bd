"""Alembic environment of the county receiver database (its own tables and version table)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from app.county.models import CountyBase

VERSION_TABLE = "county_alembic_version"
config = context.config
target_metadata = CountyBase.metadata


def _run(connection) -> None:  # noqa: ANN001
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = engine_from_config(config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
