"""Sync fixtures: a township with keys, a county receiver that trusts it, an application sent up to
the county, and the attacker's tools (re-zip, re-sign, forge) used by the attack tests."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

import app.cli
from app.county.admin import County, county_init, load_county, register_township
from app.county.models import CountyBase, CountyRejection
from app.domain.registry import HouseholdInput, MemberInput
from app.services.applications import create_application, take_step
from app.services.exchange.export import export_batch
from app.services.exchange.keyring import keygen, trust_county
from app.services.households import register_household
from app.sync import batch, keys
from app.sync.strictjson import canonical
from tests.conftest import PASSWORD

TOWNSHIP = "430902101"
ID_HEAD, ID_SPOUSE = "430902194501010013", "11010519491231002X"
NAME_HEAD, NAME_SPOUSE = "张三丰", "李四娘"
ACCOUNT, PHONE = "6228000011112222333", "13907371234"
INVESTIGATION = {"investigators": ["clerk", "王调查"], "visit_date": "2020-09-29",
                 "findings": "家中无劳动力，收入低", "data_check": "比对无异常"}


def county_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'county' / 'county.db'}"


@pytest.fixture(scope="session")
def county_template(tmp_path_factory) -> Path:
    """An empty, migrated county database, copied for each test (migrating costs more than copying)."""
    from app.county.db import open_county

    path = tmp_path_factory.mktemp("county-template") / "county.db"
    open_county(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def county(tmp_path, county_template) -> County:
    (tmp_path / "county").mkdir()
    shutil.copyfile(county_template, tmp_path / "county" / "county.db")
    county_init(county_url(tmp_path), tmp_path / "C.pub", code="430902", name="赫山区民政局")
    c = load_county(county_url(tmp_path))
    yield c
    c.close()


@pytest.fixture
def linked(db_ctx, admin, county, tmp_path) -> County:
    """Township keys made, registered at the county; the county's keys trusted by the township."""
    keygen(db_ctx.uow, admin, tmp_path / "T.pub")
    register_township(county, tmp_path / "T.pub", TOWNSHIP)
    trust_county(db_ctx.uow, admin, tmp_path / "C.pub")
    return county


@pytest.fixture
def household(db_ctx, clerk) -> int:
    return register_household(db_ctx.uow, clerk, HouseholdInput(
        village="新市社区", hukou_type="城镇", bank_account=ACCOUNT, phone=PHONE, members=[
            MemberInput(NAME_HEAD, ID_HEAD, "本人", incomes={"工资性": 20000}),
            MemberInput(NAME_SPOUSE, ID_SPOUSE, "配偶")]))


@pytest.fixture
def submitted(db_ctx, clerk, reviewer, household) -> int:
    """An urban dibao application walked to 已报县 (the township is not delegated)."""
    app_id = create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    take_step(db_ctx.uow, clerk, app_id, "accept", on=date(2020, 9, 28))
    take_step(db_ctx.uow, clerk, app_id, "start_investigation", on=date(2020, 9, 29))
    take_step(db_ctx.uow, clerk, app_id, "record_investigation", on=date(2020, 9, 30), data=INVESTIGATION)
    take_step(db_ctx.uow, reviewer, app_id, "first_review_approve", on=date(2020, 10, 9), opinion="同意")
    take_step(db_ctx.uow, clerk, app_id, "notice_end", on=date(2020, 10, 16))
    assert take_step(db_ctx.uow, clerk, app_id, "submit_to_county", on=date(2020, 10, 19)) == "已报县"
    return app_id


@pytest.fixture
def outdir(tmp_path) -> Path:
    path = tmp_path / "stick"
    path.mkdir()
    return path


@pytest.fixture
def export(db_ctx, clerk, linked, outdir) -> Callable[..., Path]:
    def run(**kw) -> Path:
        return export_batch(db_ctx.uow, clerk, outdir, **kw).path
    return run


@pytest.fixture
def jiuzhu(db_ctx, monkeypatch, capsys):
    """Run `jiuzhu ...` on the test township; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)

    def run(*argv: str, user: str = "admin") -> tuple[int, str, str]:
        code = app.cli.main(["--db", str(db_ctx.db_path), "--user", user, *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err
    return run


# ---- the attacker's tools -----------------------------------------------------------------------


def entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def rezip(items: list[tuple[str, bytes]], compress: int = zipfile.ZIP_STORED) -> bytes:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names on purpose
        return batch.zip_entries(items, compress)


def township_keys() -> keys.KeyPair:
    return keys.load("township", TOWNSHIP, "测试镇")


def resign(data: bytes, edit: Callable[[bytes], bytes], signer: keys.KeyPair | None = None) -> bytes:
    """Change the manifest bytes and sign them again with a real key (the township's, by default)."""
    signer = signer or township_keys()
    items = dict(entries(data))
    manifest = edit(items["manifest.json"])
    items["manifest.json"], items["manifest.sig"] = manifest, batch.sign_line(signer, manifest)
    return rezip(list(items.items()))


def edit_json(change: Callable[[dict], None]) -> Callable[[bytes], bytes]:
    def edit(raw: bytes) -> bytes:
        m = json.loads(raw)
        change(m)
        return canonical(m)
    return edit


def county_state(county: County) -> dict[str, list]:
    """Every row of every county table except the rejection log: equal snapshots mean nothing changed."""
    out = {}
    with county.db.engine.connect() as conn:
        for table in CountyBase.metadata.sorted_tables:
            if table.name != "county_rejection":
                out[table.name] = sorted(map(tuple, conn.execute(table.select())), key=repr)
    return out


def rejections(county: County) -> list[str]:
    with county.db.uow.read() as s:
        return list(s.scalars(select(CountyRejection.error_code).order_by(CountyRejection.id)))


def drop_county_tables(engine) -> None:  # noqa: ANN001
    CountyBase.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS county_alembic_version"))
