"""What both alembic environments do (the township's, app/models/migrations, and the county's,
app/county/migrations): run the migrations on the connection migrate.py hands over, or on an engine
made from the alembic config (the command line), batch mode for SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData, engine_from_config, pool


def run(target_metadata: MetaData, **configure: object) -> None:
    def migrate(connection) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          **configure)
        with context.begin_transaction():
            context.run_migrations()

    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        migrate(connection)
        return
    engine = engine_from_config(config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as conn:
        migrate(conn)
