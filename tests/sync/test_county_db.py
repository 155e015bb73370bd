"""The county database: its own alembic history, migrated on open, in step with its models."""

from alembic import command
from sqlalchemy import inspect

from app.county.db import alembic_config, open_county, resolve_url
from app.models.db import make_engine


def test_an_empty_county_database_migrates_on_open_and_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    open_county(url).close()
    command.check(alembic_config(url))  # raises when models and migrations differ
    tables = set(inspect(make_engine(url)).get_table_names())
    assert {"county_record", "county_rejection", "county_alembic_version"} <= tables
    assert "alembic_version" not in tables  # never mistaken for a township database


def test_the_url_is_remembered_by_county_init_and_a_plain_path_means_sqlite(tmp_path):
    from app.county.db import remember_url

    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    remember_url("postgresql+psycopg://u:p@127.0.0.1/db")
    assert resolve_url(None) == "postgresql+psycopg://u:p@127.0.0.1/db"
