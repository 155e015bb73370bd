"""Fuzzing the county receiver with hypothesis: a damaged or forged batch never crashes the
receiver with anything but a clear AppError, and never writes anything but the rejection log."""

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.county.ingest import ingest_bytes
from app.errors import AppError
from tests.sync.conftest import county_state, edit_json, entries, resign, rezip

FUZZ = settings(max_examples=int(os.environ.get("JIUZHU_FUZZ_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _ingest_is_clean(county, data: bytes) -> None:
    before = county_state(county)
    try:
        outcome = ingest_bytes(county, data, "fuzz.zip")
    except AppError as exc:
        assert exc.code.startswith("E_") and exc.text
        assert county_state(county) == before
    else:  # a mutation that changed nothing that matters (zip padding): the batch is whole
        assert outcome.status in ("accepted", "duplicate")


@FUZZ
@given(data=st.data())
def test_random_byte_damage_is_refused_cleanly(export, household, linked, data):
    raw = bytearray(export().read_bytes()) if not hasattr(linked, "_fuzz_batch") else bytearray(linked._fuzz_batch)
    linked._fuzz_batch = bytes(raw)
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            raw[pos] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del raw[pos:pos + data.draw(st.integers(1, 64))]
        else:
            raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=16))
        if not raw:
            raw = bytearray(b"\x00")
    _ingest_is_clean(linked, bytes(raw))


json_value = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@FUZZ
@given(key=st.sampled_from(["format", "batch_id", "sender", "recipient", "stream", "sequence", "files", "created",
                            "previous_manifest_sha256", "audit_head", "depends_on", "period", "bogus"]),
       value=json_value)
def test_signed_manifests_with_strange_values_are_refused_cleanly(export, household, linked, key, value):
    if not hasattr(linked, "_fuzz_batch"):
        linked._fuzz_batch = export().read_bytes()
    forged = resign(linked._fuzz_batch, edit_json(lambda m: m.__setitem__(key, value)))
    _ingest_is_clean(linked, forged)


@FUZZ
@given(payload=st.binary(max_size=200), name=st.text(min_size=1, max_size=20))
def test_replaced_or_extra_entries_are_refused_cleanly(export, household, linked, payload, name):
    if not hasattr(linked, "_fuzz_batch"):
        linked._fuzz_batch = export().read_bytes()
    items = entries(linked._fuzz_batch)
    items.append((name, payload))
    _ingest_is_clean(linked, rezip(items))
    assert json.loads(dict(entries(linked._fuzz_batch))["manifest.json"])  # the original is untouched
