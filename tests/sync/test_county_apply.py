"""Stage 8 of county ingest: what county_record holds after applying records and tombstones, on
SQLite and (when JIUZHU_TEST_PG_URL is set) PostgreSQL: the rows are written as one executemany."""

import os

import pytest
from sqlalchemy import select

from app.county.apply import apply_records, known_ids
from app.county.db import open_county
from app.county.models import CountyRecord
from app.models.db import make_engine
from app.sync.strictjson import canonical
from tests.sync.conftest import TOWNSHIP, drop_county_tables

PG_URL = os.environ.get("JIUZHU_TEST_PG_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def receiver(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'county.db'}"
    elif PG_URL:
        url = PG_URL
        engine = make_engine(url)
        drop_county_tables(engine)
        engine.dispose()
    else:
        pytest.skip("JIUZHU_TEST_PG_URL 未设置")
    db = open_county(url)
    yield db
    db.close()


def apply(db, sequence, payloads, lines=None) -> None:
    with db.uow.begin() as s:
        apply_records(s, TOWNSHIP, sequence, payloads, lines)


def rows(db) -> dict[tuple[str, int], tuple]:
    with db.uow.read() as s:
        return {(r.kind, r.object_id): (r.household_id, r.version, r.status, r.active, r.end_reason, r.content,
                                        r.batch_sequence) for r in s.scalars(select(CountyRecord))}


HOUSEHOLD = {"type": "household", "id": 7, "version": 2, "status": "active", "village": "新市社区"}
MEMBER = {"type": "member", "id": 11, "household_id": 7, "version": 2, "name": "张三"}
APPLICATION = {"type": "application", "id": 3, "household_id": 7, "version": 5, "state": "已报县"}
CASE = {"type": "case", "id": 4, "household_id": 7, "version": 1, "status": "active"}
ROSTER = {"type": "roster", "id": 9, "month": "2020-11", "state": "confirmed"}


def text(rec: dict) -> str:
    return canonical(rec).decode()


def test_each_object_is_stored_at_its_received_content(receiver):
    apply(receiver, 1, {"households": [HOUSEHOLD], "members": [MEMBER], "applications": [APPLICATION],
                        "cases": [CASE], "rosters": [ROSTER]})
    assert rows(receiver) == {
        ("household", 7): (7, 2, "active", True, "", text(HOUSEHOLD), 1),
        ("member", 11): (7, 2, "", True, "", text(MEMBER), 1),
        ("application", 3): (7, 5, "已报县", True, "", text(APPLICATION), 1),
        ("case", 4): (7, 1, "active", True, "", text(CASE), 1),
        ("roster", 9): (None, 1, "confirmed", True, "", text(ROSTER), 1),
    }


def test_canonical_lines_are_stored_as_received(receiver):
    apply(receiver, 1, {"members": [MEMBER]}, {"members": [text(MEMBER)]})
    assert rows(receiver)[("member", 11)][5] == text(MEMBER)


def test_a_later_batch_replaces_the_content_and_revives_a_removed_object(receiver):
    apply(receiver, 1, {"households": [HOUSEHOLD], "members": [MEMBER],
                        "tombstones": [{"type": "tombstone", "kind": "member", "id": 11, "household_id": 7,
                                        "reason": "removed"}]})
    assert rows(receiver)[("member", 11)] == (7, 2, "", False, "removed", text(MEMBER), 1)
    newer = dict(MEMBER, version=3, name="张三丰")
    apply(receiver, 2, {"members": [newer, dict(MEMBER, id=12)]})
    assert rows(receiver)[("member", 11)] == (7, 3, "", True, "", text(newer), 2)
    assert rows(receiver)[("member", 12)] == (7, 2, "", True, "", text(dict(MEMBER, id=12)), 2)
    assert rows(receiver)[("household", 7)][6] == 1


def test_tombstones_mark_objects_inactive_and_record_unknown_ones(receiver):
    first = {"type": "tombstone", "kind": "case", "id": 40, "household_id": 8, "reason": "deleted"}
    again = {"type": "tombstone", "kind": "case", "id": 40, "household_id": None, "reason": "ended"}
    ended = {"type": "tombstone", "kind": "case", "id": 4, "household_id": 7, "reason": "ended"}
    apply(receiver, 1, {"cases": [CASE], "tombstones": [first, ended, again]})
    assert rows(receiver) == {
        ("case", 4): (7, 1, "active", False, "ended", text(CASE), 1),  # sent in the same batch: content kept
        ("case", 40): (8, 0, "", False, "ended", text(first), 1),  # the first names it, the last says why
    }
    apply(receiver, 2, {"tombstones": [dict(first, reason="closed")]})
    assert rows(receiver)[("case", 40)] == (8, 0, "", False, "closed", text(first), 2)


@pytest.mark.parametrize("many", [10_000, 2])
def test_known_ids_answers_the_same_for_few_and_many_ids(receiver, monkeypatch, many):
    monkeypatch.setattr("app.county.apply.MANY", many)
    monkeypatch.setattr("app.county.apply.CHUNK", 2)
    apply(receiver, 1, {"members": [dict(MEMBER, id=i) for i in (1, 2, 5, 8, 13)]})
    apply(receiver, 1, {"cases": [dict(CASE, id=3)]})
    with receiver.uow.read() as s:
        assert known_ids(s, TOWNSHIP, "member", [2, 3, 5, 8, 21, 13, 2]) == {2, 5, 8, 13}
        assert known_ids(s, TOWNSHIP, "member", []) == set()
        assert known_ids(s, "430902102", "member", [2, 5, 8]) == set()
