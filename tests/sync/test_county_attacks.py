"""Attacks on the county receiver, after python-tuf's attack tests: each one asserts the specific
error code AND that the county's state did not change (only the rejection log grows)."""

import zipfile

import pytest

from app.county import apply as county_apply
from app.county.admin import revoke_key
from app.county.ingest import ingest, ingest_bytes, verify
from app.services.exchange.export import plan_export
from app.sync import batch
from app.sync.errors import SyncRefused
from app.sync.strictjson import sha256_hex
from tests.sync.conftest import county_state, edit_json, entries, rejections, resign, rezip, township_keys


@pytest.fixture
def first(export, household, linked):
    """Batch 1, ingested."""
    path = export()
    ingest(linked, path)
    return path


def refuse(county, data: bytes, code: str) -> SyncRefused:
    """Ingest must fail with `code`, change nothing but the rejection log, and verify must agree."""
    before, log = county_state(county), rejections(county)
    with pytest.raises(SyncRefused) as info:
        ingest_bytes(county, data, "attack.zip")
    assert info.value.code == code, info.value.text
    assert county_state(county) == before
    assert rejections(county) == [*log, code]
    return info.value


def test_a_valid_batch_is_accepted_and_recorded(export, household, linked):
    outcome = ingest(linked, export())
    assert (outcome.status, outcome.sequence, outcome.counts) == ("accepted", 1, {"households": 1, "members": 2})
    assert outcome.receipt_path.exists() and rejections(linked) == []


def test_the_same_batch_again_is_a_no_op(first, linked):
    before = county_state(linked)
    assert ingest(linked, first).status == "duplicate"
    assert county_state(linked) == before and rejections(linked) == []


def test_same_sequence_other_content_is_a_fork(first, linked):
    forged = resign(first.read_bytes(), edit_json(lambda m: m.update(created="2031-01-01T00:00:00Z")))
    refuse(linked, forged, "E_SYNC_FORK")


def test_a_gap_is_refused_naming_the_missing_numbers(first, linked):
    forged = resign(first.read_bytes(), edit_json(lambda m: m.update(sequence=4, previous_manifest_sha256="a" * 64)))
    err = refuse(linked, forged, "E_SYNC_GAP")
    assert "2、3" in err.text


def test_an_older_sequence_is_a_rollback(export, household, linked):
    one = export()
    two, three = export(), export()
    for path in (one, two, three):
        ingest(linked, path)
    forged = resign(two.read_bytes(), edit_json(lambda m: m.update(created="2031-01-01T00:00:00Z")))
    refuse(linked, forged, "E_SYNC_ROLLBACK")


def _flip(raw: bytes, at: int = 40) -> bytes:
    return raw[:at] + bytes([raw[at] ^ 1]) + raw[at + 1:]


def _replace(data: bytes, name: str, change) -> bytes:
    return rezip([(n, change(b) if n == name else b) for n, b in entries(data)])


@pytest.mark.parametrize(("name", "code"), [
    ("manifest.json", "E_SYNC_SIGNATURE"),
    ("manifest.sig", "E_SYNC_SIGNATURE"),
    ("payload/households.jsonl.age", "E_SYNC_HASH"),
])
def test_one_flipped_byte_in_a_valid_zip_is_caught(export, household, linked, name, code):
    refuse(linked, _replace(export().read_bytes(), name, _flip), code)


def test_one_flipped_byte_in_the_file_itself_fails_the_zip_checks(export, household, linked):
    data = export().read_bytes()
    refuse(linked, _flip(data, len(data) // 2), "E_SYNC_ZIP")


def test_a_truncated_file_is_refused(export, household, linked):
    data = export().read_bytes()
    refuse(linked, data[: len(data) - 30], "E_SYNC_ZIP")


def _entries_attack(data: bytes, kind: str) -> bytes:
    items = entries(data)
    payload = [(n, b) for n, b in items if n.startswith("payload/")]
    if kind == "extra":
        return rezip([*items, ("notes.txt", b"hello")])
    if kind == "extra_payload":
        return rezip([*items, ("payload/rosters.jsonl.age", payload[0][1])])
    if kind == "missing":
        return rezip([(n, b) for n, b in items if n != payload[0][0]])
    if kind == "duplicated":
        return rezip([*items, payload[0]])
    if kind == "compressed":
        return rezip(items, zipfile.ZIP_DEFLATED)
    if kind == "traversal":
        return rezip([*items, ("../../evil.sh", b"x")])
    return rezip([*items, ("/etc/cron.d/evil", b"x")])


@pytest.mark.parametrize("kind", ["extra", "extra_payload", "missing", "duplicated", "compressed", "traversal",
                                  "absolute"])
def test_unexpected_zip_entries_are_refused(export, household, linked, kind):
    refuse(linked, _entries_attack(export().read_bytes(), kind), "E_SYNC_ZIP")


def test_a_manifest_over_the_size_cap_is_refused_before_anything_else(export, household, linked):
    huge = edit_json(lambda m: m.update(padding="x" * (batch.MAX_MANIFEST_BYTES + 1)))
    refuse(linked, resign(export().read_bytes(), huge), "E_SYNC_SIZE")


@pytest.mark.parametrize("edit", [
    lambda raw: raw[:-1] + b',"sequence":1}',  # duplicate key
    lambda raw: raw.replace(b'"sequence":1', b'"sequence":NaN'),
    lambda raw: raw.replace(b'"sequence":1', b'"sequence":1.0'),
    lambda raw: raw.replace(b'"records":2', b'"records":2.5'),
], ids=["duplicate-key", "nan", "float-sequence", "float-count"])
def test_a_signed_but_malformed_manifest_is_refused(export, household, linked, edit):
    refuse(linked, resign(export().read_bytes(), edit), "E_SYNC_MANIFEST")


def _crafted(db_ctx, change_records) -> bytes:
    """A batch the township's key really signs, whose records were tampered before encryption."""
    with db_ctx.uow.read() as s:
        plan = plan_export(s)
    change_records(plan.payloads)
    return batch.build(plan.manifest, plan.payloads, plan.sender, plan.recipient).data


@pytest.mark.parametrize("change", [
    lambda p: p["households"][0].update(deductions_fen=12.5),
    lambda p: p["members"][0].update(id_number="430902194501010012"),
    lambda p: p["members"][0].update(relation="邻居"),
    lambda p: p["members"][0].update(household_id=999),
    lambda p: p["households"][0].update(unknown_field=1),
], ids=["float-money", "id-checksum", "enum", "dangling-reference", "unknown-field"])
def test_invalid_records_are_refused(db_ctx, household, linked, change):
    refuse(linked, _crafted(db_ctx, change), "E_SYNC_RECORD")


def test_the_inner_header_must_match_the_manifest(db_ctx, household, linked):
    with db_ctx.uow.read() as s:
        a, b = plan_export(s), plan_export(s)
    one = batch.build(a.manifest, a.payloads, a.sender, a.recipient).data
    other = dict(entries(batch.build(b.manifest, b.payloads, b.sender, b.recipient).data))
    swap = "payload/households.jsonl.age"

    def fix(m):
        f = next(f for f in m["files"] if f["path"] == swap)
        f["length"], f["sha256"] = len(other[swap]), sha256_hex(other[swap])

    forged = rezip([(n, other[swap] if n == swap else body) for n, body in entries(resign(one, edit_json(fix)))])
    refuse(linked, forged, "E_SYNC_HEADER")


def test_a_key_of_another_township_is_refused(export, household, linked, tmp_path):
    from app.county.admin import register_township
    from app.sync import keys

    other, _ = keys.generate("township", "430902102", "邻镇", tmp_path / "other")
    keys.write_public(other.public, tmp_path / "other.pub")
    register_township(linked, tmp_path / "other.pub", "430902102")
    refuse(linked, resign(export().read_bytes(), lambda raw: raw, other), "E_SYNC_SENDER")


def test_an_unregistered_key_is_refused(export, household, linked, tmp_path):
    from app.sync import keys

    stranger, _ = keys.generate("township", "430902101", "测试镇", tmp_path / "stranger")
    refuse(linked, resign(export().read_bytes(), lambda raw: raw, stranger), "E_SYNC_SIGNATURE")


def test_a_revoked_key_is_refused(export, household, linked):
    path = export()
    revoke_key(linked, township_keys().public.key_id)
    refuse(linked, path.read_bytes(), "E_SYNC_REVOKED")


def test_a_batch_for_another_recipient_is_refused(export, household, linked):
    other = edit_json(lambda m: m["recipient"].update(code="430903", key_id="0" * 16))
    refuse(linked, resign(export().read_bytes(), other), "E_SYNC_RECIPIENT")


def test_an_audit_log_that_went_backwards_is_refused(first, linked):
    def back(m):
        m.update(sequence=2, previous_manifest_sha256=sha256_hex(dict(entries(first.read_bytes()))[
            "manifest.json"]), audit_head={"id": 1, "sha256": "f" * 64})
    refuse(linked, resign(first.read_bytes(), edit_json(back)), "E_SYNC_AUDIT")


def test_a_killed_ingest_leaves_nothing_half_applied_and_can_be_rerun(export, household, linked, monkeypatch):
    path = export()
    before = county_state(linked)
    real = county_apply._tombstones

    def crash(*args):
        real(*args)
        raise RuntimeError("power cut")

    monkeypatch.setattr(county_apply, "_tombstones", crash)
    with pytest.raises(RuntimeError):
        ingest(linked, path)
    assert county_state(linked) == before
    monkeypatch.setattr(county_apply, "_tombstones", real)
    assert ingest(linked, path).status == "accepted"


def test_verify_checks_everything_and_writes_nothing(first, export, linked):
    before = county_state(linked)
    assert verify(linked, export()).status == "verified"
    bad = first.with_name("bad.zip")
    bad.write_bytes(first.read_bytes()[:-10])
    with pytest.raises(SyncRefused):
        verify(linked, bad)
    assert county_state(linked) == before and rejections(linked) == []


def test_a_refused_batch_still_gets_a_signed_rejection_receipt(db_ctx, clerk, first, export, linked):
    from app.services.exchange.incoming import import_file

    forged = resign(export().read_bytes(), edit_json(lambda m: m.update(sequence=5)))
    path = first.with_name("forged.zip")
    path.write_bytes(forged)
    with pytest.raises(SyncRefused) as info:
        ingest(linked, path)
    assert "拒收回执" in info.value.text
    receipt = next(first.parent.glob("*-receipt-000005-rejected.zip"))
    assert receipt.exists()
    with pytest.raises(SyncRefused):  # it answers a batch the township never made: refused too
        import_file(db_ctx.uow, clerk, receipt)


def test_a_township_cannot_send_a_stream_that_only_the_county_writes(export, household, linked):
    def as_decisions(m):
        m["stream"] = "decisions"
        for f in m["files"]:
            f["content"], f["path"] = "decisions", "payload/decisions.jsonl.age"
    refuse(linked, resign(export().read_bytes(), edit_json(as_decisions)), "E_SYNC_MANIFEST")
