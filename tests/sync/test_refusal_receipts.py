"""One over-long field can never wedge the exchange: the township refuses to write a batch the
county's validator would refuse (naming the record and field, no sequence number used), and a
batch the county did refuse for its content gets a signed refusal receipt after which the
township re-issues that sequence number and the county accepts the new batch."""

import json
import shutil
import sqlite3

import pytest

from app.county.ingest import ingest, ingest_bytes
from app.services.exchange import export as export_module
from app.services.exchange.export import export_batch
from app.services.exchange.incoming import import_file
from app.services.households import household_input, update_household
from app.sync.errors import SyncRefused
from tests.sync.conftest import edit_json, rejections, resign

LONG_PHONE = "13807371234、13907375678（儿子）、0737-4321234（村委会）" * 3  # 135 characters


def set_phone(db_path, phone: str) -> None:
    """A value entered before the limits were enforced at entry (SQLite does not check lengths)."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE household SET phone = ?", (phone,))


@pytest.fixture
def no_own_check():
    """The township program as it was before it checked its records before writing a batch
    (`.undo()` brings the new program back)."""
    patch = pytest.MonkeyPatch()
    patch.setattr(export_module, "check_records", lambda payloads, lines=None: None)
    yield patch
    patch.undo()


def test_export_refuses_a_record_the_county_would_refuse_naming_household_and_field(
        db_ctx, clerk, household, linked, outdir):
    set_phone(db_ctx.db_path, LONG_PHONE)
    with pytest.raises(Exception) as info:
        export_batch(db_ctx.uow, clerk, outdir)
    err = info.value
    assert (err.code, err.exit_code) == ("E_SYNC_EXPORT_INVALID", 3)
    assert f"家庭 {household}：字段 phone「联系电话」最多 100 个字符，现为 {len(LONG_PHONE)} 个" in err.text
    assert "序号未占用" in err.text and LONG_PHONE not in err.text
    assert list(outdir.iterdir()) == []
    set_phone(db_ctx.db_path, "13907371234")
    assert export_batch(db_ctx.uow, clerk, outdir).sequence == 1  # the number was not used up


def test_a_refused_sequence_is_reissued_and_then_accepted(db_ctx, clerk, household, linked, outdir, no_own_check):
    set_phone(db_ctx.db_path, LONG_PHONE)
    first = export_batch(db_ctx.uow, clerk, outdir)  # written by the old program
    second = export_batch(db_ctx.uow, clerk, outdir)  # built on the first
    refused_copy, old_second = outdir.parent / "refused-1.zip", outdir.parent / "old-2.zip"
    shutil.copyfile(first.path, refused_copy)
    shutil.copyfile(second.path, old_second)
    with pytest.raises(SyncRefused) as info:
        ingest(linked, first.path)
    assert info.value.code == "E_SYNC_RECORD" and "phone「联系电话」最多 100 个字符" in info.value.text
    receipt = next(outdir.glob("*receipt-000001-rejected.zip"))
    result = import_file(db_ctx.uow, clerk, receipt)
    assert (result.receipt_status, result.reissue) == ("rejected", True)
    no_own_check.undo()
    with pytest.raises(Exception, match="联系电话"):
        export_batch(db_ctx.uow, clerk, outdir)  # the new program: fix the record first
    data = household_input(db_ctx.uow, household)
    data.phone = "13807371234、13907375678（儿子）、0737-4321234（村委会）"  # 45 characters: fine now
    update_household(db_ctx.uow, clerk, household, data)
    again = export_batch(db_ctx.uow, clerk, outdir)
    assert again.sequence == 1 and again.manifest_sha256 != first.manifest_sha256
    outcome = ingest(linked, again.path)
    assert (outcome.status, outcome.sequence) == ("accepted", 1)
    with pytest.raises(SyncRefused) as info:  # the refused batch stays refused for good
        ingest_bytes(linked, refused_copy.read_bytes(), "refused-1.zip")
    assert info.value.code == "E_SYNC_REFUSED"
    with pytest.raises(SyncRefused) as info:  # the old second batch was built on the refused first
        ingest_bytes(linked, old_second.read_bytes(), "old-2.zip")
    assert info.value.code == "E_SYNC_FORK"
    third = export_batch(db_ctx.uow, clerk, outdir)
    assert third.sequence == 2  # the superseded second is re-issued too
    assert ingest(linked, third.path).status == "accepted"
    assert rejections(linked) == ["E_SYNC_RECORD", "E_SYNC_REFUSED", "E_SYNC_FORK"]


def test_an_accepted_sequence_is_never_reissued(db_ctx, clerk, household, linked, outdir):
    """A rejected receipt for a re-sent copy of an accepted batch changes nothing; another batch with an
    accepted number stays a fork alarm."""
    first = export_batch(db_ctx.uow, clerk, outdir)
    ingest(linked, first.path)
    import_file(db_ctx.uow, clerk, next(outdir.glob("*receipt-000001-accepted.zip")))
    forged = resign(first.path.read_bytes(), edit_json(lambda m: m.update(created="2031-01-01T00:00:00Z")))
    with pytest.raises(SyncRefused) as info:
        ingest_bytes(linked, forged, "forged.zip")
    assert info.value.code == "E_SYNC_FORK"
    assert export_batch(db_ctx.uow, clerk, outdir).sequence == 2


def test_the_whole_loop_through_the_commands(jiuzhu, db_ctx, household, tmp_path, no_own_check):
    stick, county_db = tmp_path / "stick", f"sqlite:///{tmp_path / 'c.db'}"
    stick.mkdir()
    jiuzhu("sync", "keygen", "--out", tmp_path / "T.pub")
    jiuzhu("county", "init", "--db", county_db, "--out", tmp_path / "C.pub")
    jiuzhu("county", "register", tmp_path / "T.pub", "--township-code", "430902101")
    jiuzhu("sync", "trust-county", tmp_path / "C.pub")
    set_phone(db_ctx.db_path, LONG_PHONE)  # entered before the fix
    code, out, _ = jiuzhu("sync", "export", "--out", stick, user="clerk")  # the old program writes it
    assert code == 0
    code, _, err = jiuzhu("county", "ingest", out.strip(), "--db", county_db)
    assert code == 4 and "E_SYNC_RECORD" in err and "拒收回执" in err
    receipt = next(stick.glob("*receipt-000001-rejected.zip"))
    no_own_check.undo()  # the new program from here on
    code, out, _ = jiuzhu("sync", "import", receipt, user="clerk")
    assert code == 0 and "下次 sync export 将重新生成第 1 号" in out
    code, out, err = jiuzhu("sync", "export", "--out", stick, user="clerk")
    assert (code, out) == (3, "") and "E_SYNC_EXPORT_INVALID" in err
    assert f"家庭 {household}：字段 phone「联系电话」最多 100 个字符" in err and "Traceback" not in err
    set_phone(db_ctx.db_path, "13907371234")
    code, out, _ = jiuzhu("sync", "export", "--out", stick, user="clerk")
    assert code == 0 and out.strip().endswith("jiuzhu-430902101-data-000001.zip")
    code, out, err = jiuzhu("county", "ingest", out.strip(), "--db", county_db)
    assert code == 0, err
    code, out, _ = jiuzhu("county", "status", "--json", "--db", county_db)
    assert '"last_sequence": 1' in out
    code, out, _ = jiuzhu("sync", "import", next(stick.glob("*receipt-000001-accepted.zip")), user="clerk")
    assert code == 0 and "accepted" in out
    code, out, _ = jiuzhu("sync", "status", "--json")
    sent = [(b["sequence"], b["status"]) for b in json.loads(out)["batches"] if b["direction"] == "out"]
    assert sent == [(1, "received"), (1, "refused")]  # newest first


def test_a_refusal_over_http_releases_the_number_too(db_ctx, clerk, household, linked, outdir, no_own_check):
    import threading

    from app.county.stand_in import make_server
    from app.services.exchange.upload import upload_batch

    server = make_server(linked, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/batches"
    try:
        set_phone(db_ctx.db_path, LONG_PHONE)
        first = export_batch(db_ctx.uow, clerk, outdir)
        with pytest.raises(SyncRefused, match="将在下次导出时重新生成"):
            upload_batch(db_ctx.uow, clerk, first.path, url=url, backoff=0)
        no_own_check.undo()
        set_phone(db_ctx.db_path, "13907371234")
        again = export_batch(db_ctx.uow, clerk, outdir)
        assert again.sequence == 1
        assert upload_batch(db_ctx.uow, clerk, again.path, url=url, backoff=0).outcome == "accepted"
    finally:
        server.shutdown()
        server.server_close()
