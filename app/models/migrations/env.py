"""Alembic environment: runs from code (migrate.py) on a given connection, batch mode for SQLite."""

from __future__ import annotations

from app.models import Base
from app.models.migration_env import run

target_metadata = Base.metadata


def _include(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """The search index (an FTS5 table and its shadow tables, migration 0011) is not a model table."""
    return not (type_ == "table" and name is not None and name.startswith("member_search"))


run(target_metadata, include_object=_include)
