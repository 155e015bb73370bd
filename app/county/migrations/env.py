"""Alembic environment of the county receiver database (its own tables and version table)."""

from __future__ import annotations

from app.county.db import VERSION_TABLE
from app.county.models import CountyBase
from app.models.migration_env import run

run(CountyBase.metadata, version_table=VERSION_TABLE)
