"""The county's outside copy of the audit log: every data batch carries the chain links from the
audit head the county holds to its new head, and the county recomputes them. Audit history
rewritten and re-chained (which `audit verify` alone cannot see), or the newest records deleted,
is a tampering alarm at the next batch (exit 4, E_SYNC_AUDIT_CHAIN), full batches included."""

import sqlite3

import pytest
from sqlalchemy.engine.processors import str_to_datetime

from app.county.ingest import check_audit_chain, ingest, ingest_bytes
from app.domain.registry import HouseholdInput, MemberInput
from app.services import audit
from app.services.exchange.export import export_batch
from app.services.households import register_household
from app.services.integrity import verify
from app.sync.errors import AuditChainBroken, SyncRefused
from app.sync.strictjson import loads_strict
from tests.sync.conftest import county_state, edit_json, entries, rejections, resign

IDS = ["430902195001010011", "430902195505050025", "430902196003030010", "430902196507070024"]


def rechain(db_path, edit_sql: str) -> None:
    """What someone with write access does: edit history, then recompute every link so the chain verifies."""
    with sqlite3.connect(db_path) as conn:
        conn.execute(edit_sql)
        prev = audit.GENESIS
        rows = conn.execute("SELECT id, ts, actor, action, object_type, object_id, household_id, before_digest,"
                            " after_digest, detail FROM audit_log ORDER BY id").fetchall()
        for id_, ts, *rest in rows:
            keys = ("actor", "action", "object_type", "object_id", "household_id", "before_digest",
                    "after_digest", "detail")
            fields = {"ts": str_to_datetime(ts).isoformat(), **dict(zip(keys, rest, strict=True))}
            digest = audit.record_hash(prev, fields)
            conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, id_))
            prev = digest


def new_household(db_ctx, clerk, n: int) -> None:
    register_household(db_ctx.uow, clerk, HouseholdInput(village="东风村", members=[
        MemberInput(f"王{n}", IDS[n], "本人")]))


@pytest.fixture
def first(db_ctx, clerk, household, linked, outdir):
    """Batch 1 ingested: the county holds the township's audit head."""
    ingest(linked, export_batch(db_ctx.uow, clerk, outdir).path)
    return linked


def refused(county, path) -> SyncRefused:
    before, log = county_state(county), rejections(county)
    with pytest.raises(SyncRefused) as info:
        ingest_bytes(county, path.read_bytes(), path.name)
    assert county_state(county) == before
    assert rejections(county) == [*log, info.value.code]
    assert info.value.exit_code == 4
    return info.value


def test_an_untouched_chain_is_accepted_batch_after_batch_full_ones_too(db_ctx, clerk, first, outdir):
    for n, full in ((0, False), (1, True), (2, False)):
        new_household(db_ctx, clerk, n)
        result = export_batch(db_ctx.uow, clerk, outdir, full=full)
        assert "payload/audit.jsonl.age" in dict(entries(result.path.read_bytes()))
        assert ingest(first, result.path).status == "accepted"


@pytest.mark.parametrize("full", [False, True])
def test_rewritten_and_rechained_history_is_a_tampering_alarm(db_ctx, clerk, first, outdir, full):
    new_household(db_ctx, clerk, 0)
    rechain(db_ctx.db_path, "UPDATE audit_log SET actor = '别人' WHERE id = 2")
    assert verify(db_ctx.uow) == []  # the township's own check cannot see it
    err = refused(first, export_batch(db_ctx.uow, clerk, outdir, full=full).path)
    assert err.code == "E_SYNC_AUDIT_CHAIN" and "篡改告警" in err.text and "不接续" in err.text


def test_deleting_the_newest_records_is_caught_at_the_next_batch(db_ctx, clerk, first, outdir):
    with sqlite3.connect(db_ctx.db_path) as conn:
        top = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
        conn.execute("DELETE FROM audit_log WHERE id > ?", (top - 3,))
    for n in range(4):  # later work reuses the deleted ids and goes past the head the county holds
        new_household(db_ctx, clerk, n)
    assert verify(db_ctx.uow) == []
    err = refused(first, export_batch(db_ctx.uow, clerk, outdir).path)
    assert err.code == "E_SYNC_AUDIT_CHAIN"


def test_the_links_travel_encrypted_and_the_manifest_names_no_person(db_ctx, clerk, first, outdir, linked):
    new_household(db_ctx, clerk, 0)
    data = export_batch(db_ctx.uow, clerk, outdir).path.read_bytes()
    manifest = dict(entries(data))["manifest.json"]
    assert loads_strict(manifest, ValueError, "m")["format_version"] == 2
    for secret in ("王0", IDS[0], "张三丰"):
        assert secret.encode() not in data


def test_a_version_1_data_batch_is_refused_as_too_old(db_ctx, clerk, household, linked, outdir):
    path = export_batch(db_ctx.uow, clerk, outdir).path
    old = resign(path.read_bytes(), edit_json(lambda m: m.update(format_version=1)))
    with pytest.raises(SyncRefused) as info:
        ingest_bytes(linked, old, "old.zip")
    assert info.value.code == "E_SYNC_VERSION" and "请升级乡镇程序" in info.value.text


def _chain(n: int) -> list[dict]:
    prev, out = "a" * 64, []
    for i in range(1, n + 1):
        fields = {"ts": f"2026-12-0{i}T08:00:00", "actor": "clerk", "action": "household.update", "object_type":
                  "household", "object_id": 1, "household_id": 1, "before_digest": "", "after_digest": "", "detail": "{}"}
        out.append({"type": "audit", "id": 10 + i, "prev_hash": prev, "hash": audit.record_hash(prev, fields),
                    "fields": fields})
        prev = out[-1]["hash"]
    return out


def _head(links: list[dict]) -> dict:
    return {"id": links[-1]["id"], "sha256": links[-1]["hash"]}


def _edited(change) -> list[dict]:  # noqa: ANN001
    links = _chain(3)
    change(links)
    return links


@pytest.mark.parametrize(("links", "head", "why"), [
    (_edited(lambda ls: ls[1]["fields"].update(actor="别人")), None, "哈希与其内容不符"),
    (_edited(lambda ls: ls.pop(1)), None, "不接续"),
    (_edited(lambda ls: ls[0].update(prev_hash="b" * 64)), None, "不接续"),
    (_edited(lambda ls: ls[2].update(id=11)), None, "编号不递增"),
    (_chain(3)[:2], _head(_chain(3)), "止于第 12 条"),
    ([], _head(_chain(1)), "止于第 10 条"),
])
def test_links_that_do_not_connect_are_refused(links, head, why):
    with pytest.raises(AuditChainBroken, match=why):
        check_audit_chain(links, (10, "a" * 64), head or _head(links))


def test_links_that_connect_pass_and_no_new_records_need_no_links():
    links = _chain(3)
    check_audit_chain(links, (10, "a" * 64), _head(links))
    check_audit_chain([], (10, "a" * 64), {"id": 10, "sha256": "a" * 64})


def test_a_version_1_receipt_from_an_older_county_is_still_read(db_ctx, clerk, household, linked, outdir,
                                                                 monkeypatch):
    from app.services.exchange.incoming import import_file
    from app.sync import manifest as manifest_module

    path = export_batch(db_ctx.uow, clerk, outdir).path
    monkeypatch.setattr(manifest_module, "FORMAT_VERSION", 1)  # the county as it was
    outcome = ingest(linked, path)
    assert loads_strict(dict(entries(outcome.receipt))["manifest.json"], ValueError, "m")["format_version"] == 1
    assert import_file(db_ctx.uow, clerk, outcome.receipt_path).receipt_status == "accepted"
