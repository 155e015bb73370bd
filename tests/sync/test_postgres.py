"""The county receiver on a real PostgreSQL server (SQLAlchemy URL), when JIUZHU_TEST_PG_URL is set.

.ci/postgres.sh installs and starts one and exports the URL; without it these tests skip.
"""

import os
from datetime import date

import pytest
from sqlalchemy import select

from app.county import apply as county_apply
from app.county.admin import county_init, load_county, register_township, status
from app.county.decide import decide
from app.county.ingest import ingest
from app.models import Application
from app.models.db import make_engine
from app.services.exchange.incoming import import_file
from app.services.exchange.keyring import keygen, trust_county
from app.sync.errors import ForkRefused
from tests.sync.conftest import TOWNSHIP, county_state, drop_county_tables, edit_json, rejections, resign

PG_URL = os.environ.get("JIUZHU_TEST_PG_URL")
pytestmark = pytest.mark.skipif(
    not PG_URL, reason="JIUZHU_TEST_PG_URL 未设置：运行 `source .ci/postgres.sh` 启动本地 PostgreSQL 后再测")


@pytest.fixture
def pg_county(db_ctx, admin, tmp_path):
    engine = make_engine(PG_URL)
    drop_county_tables(engine)  # a fresh receiver database for every test
    engine.dispose()
    county_init(PG_URL, tmp_path / "C.pub", code="430902", name="赫山区民政局")
    county = load_county(PG_URL)
    keygen(db_ctx.uow, admin, tmp_path / "T.pub")
    register_township(county, tmp_path / "T.pub", TOWNSHIP)
    trust_county(db_ctx.uow, admin, tmp_path / "C.pub")
    yield county
    county.close()


def test_postgresql_round_trip_with_duplicate_and_decision(db_ctx, clerk, submitted, pg_county, outdir):
    from app.services.exchange.export import export_batch

    assert pg_county.db.engine.dialect.name == "postgresql"
    path = export_batch(db_ctx.uow, clerk, outdir).path
    assert ingest(pg_county, path).status == "accepted"
    before = county_state(pg_county)
    assert ingest(pg_county, path).status == "duplicate" and county_state(pg_county) == before
    assert status(pg_county)["townships"][0]["submitted_applications"] == 1
    [written] = decide(pg_county, outdir, confirm=True, decided_by="县审核员", on=date(2020, 10, 20))
    import_file(db_ctx.uow, clerk, written.path)
    with db_ctx.uow.read() as s:
        assert s.scalar(select(Application.state)) == "已确认"


def test_postgresql_refuses_a_fork_and_keeps_its_state(db_ctx, clerk, household, pg_county, outdir):
    from app.services.exchange.export import export_batch

    path = export_batch(db_ctx.uow, clerk, outdir).path
    ingest(pg_county, path)
    before = county_state(pg_county)
    path.write_bytes(resign(path.read_bytes(), edit_json(lambda m: m.update(created="2031-01-01T00:00:00Z"))))
    with pytest.raises(ForkRefused):
        ingest(pg_county, path)
    assert county_state(pg_county) == before and rejections(pg_county) == ["E_SYNC_FORK"]


def test_postgresql_killed_ingest_rolls_back_and_reruns(db_ctx, clerk, household, pg_county, outdir, monkeypatch):
    from app.services.exchange.export import export_batch

    path = export_batch(db_ctx.uow, clerk, outdir).path
    before = county_state(pg_county)
    with monkeypatch.context() as m:
        m.setattr(county_apply, "_tombstones", lambda *a: (_ for _ in ()).throw(RuntimeError("power cut")))
        with pytest.raises(RuntimeError):
            ingest(pg_county, path)
    assert county_state(pg_county) == before
    assert ingest(pg_county, path).status == "accepted"
