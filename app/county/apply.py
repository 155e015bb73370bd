"""Stage 7 (references) and stage 8 (apply) of county ingest: the latest version of every object
per township, as received, with tombstones marking removed or ended ones."""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from app.county.models import CountyRecord
from app.models.base import utcnow
from app.sync.errors import RecordRefused
from app.sync.strictjson import canonical

CHUNK = 500
MANY = 10 * CHUNK
KIND = {"households": "household", "members": "member", "applications": "application", "cases": "case",
        "rosters": "roster", "monitor_warnings": "monitor_warning"}


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i:i + CHUNK]


def known_ids(s: Session, township: str, kind: str, ids: Iterable[int]) -> set[int]:
    """Which of `ids` the county holds for this township and kind. Many ids (a full batch): one query
    for all the township holds of that kind (a primary-key range) beats a hundred IN queries."""
    wanted = set(ids)
    held = select(CountyRecord.object_id).where(CountyRecord.township_code == township, CountyRecord.kind == kind)
    if len(wanted) > MANY:
        return wanted.intersection(s.scalars(held))
    found: set[int] = set()
    for chunk in _chunks(wanted):
        found.update(s.scalars(held.where(CountyRecord.object_id.in_(chunk))))
    return found


def _require(s: Session, township: str, kind: str, wanted: dict[int, str], in_batch: set[int]) -> None:
    """Every id in `wanted` (id -> who refers to it) is in the batch or already held for this township."""
    missing = set(wanted) - in_batch
    if missing:
        missing -= known_ids(s, township, kind, missing)
    if missing:
        first = min(missing)
        raise RecordRefused(f"{wanted[first]} 引用的 {kind} {first} 不存在（共 {len(missing)} 个无效引用）")


def check_references(s: Session, township: str, payloads: dict[str, list[dict]]) -> None:
    ids = {c: {r["id"] for r in payloads.get(c, [])} for c in KIND}
    removed_members = {t["id"] for t in payloads.get("tombstones", []) if t["kind"] == "member"}
    households: dict[int, str] = {}
    members: dict[int, str] = {}
    for r in payloads.get("members", []):
        households.setdefault(r["household_id"], f"成员 {r['id']}")
    for r in payloads.get("applications", []):
        households.setdefault(r["household_id"], f"申请 {r['id']}")
        members.update(dict.fromkeys(r["covered_member_ids"], f"申请 {r['id']}"))
    for r in payloads.get("cases", []):
        households.setdefault(r["household_id"], f"救助对象 {r['id']}")
        members.update(dict.fromkeys(r["member_ids"], f"救助对象 {r['id']}"))
    for r in payloads.get("rosters", []):
        for line in r["content"]["lines"]:
            households.setdefault(line[3], f"花名册 {r['id']}")
    _require(s, township, "household", households, ids["households"])
    _require(s, township, "member", members, ids["members"] | removed_members)


VARYING = ("object_id", "household_id", "version", "status", "content")  # the other columns: one value per batch


def _varying(kind: str, records: list[dict], lines: list[str] | None) -> list[tuple]:
    """Each record's VARYING values; `content` is its canonical JSON - its line as received when the
    line was canonical (the same text), else serialised again."""
    texts = lines if lines is not None else [canonical(r).decode() for r in records]
    return [(r["id"], r["id"] if kind == "household" else r.get("household_id"), r.get("version", 1),
             str(r.get("state", r.get("status", ""))), text) for r, text in zip(records, texts, strict=True)]


def _insert(conn: Connection, constants: dict[str, object], rows: list[tuple]) -> None:
    """INSERT county_record rows (`constants` plus each row's VARYING values) as one executemany.

    insert() with a list of dicts converts every value of every row in Python, most of an ingest's
    time; here the statement is compiled once for this database, the constants go through their
    column type's conversion once, and the varying ints and strings need none. A database whose
    types would convert them gets the plain insert()."""
    table, dialect = CountyRecord.__table__, conn.dialect
    process = {c.key: c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.c}
    if any(process[c] for c in VARYING):
        conn.execute(insert(table), [{**constants, **dict(zip(VARYING, row, strict=True))} for row in rows])
        return
    head = tuple(process[c](v) if process[c] else v for c, v in constants.items())
    columns = [*constants, *VARYING]
    compiled = insert(table).compile(dialect=dialect, column_keys=columns)
    if compiled.positional:
        order = itemgetter(*(columns.index(name) for name in compiled.positiontup))
        params: list = [order(head + row) for row in rows]
    else:
        params = [dict(zip(columns, head + row, strict=True)) for row in rows]
    conn.exec_driver_sql(compiled.string, params)


def _upsert(s: Session, township: str, sequence: int, kind: str, rows: list[tuple]) -> None:
    now = utcnow()
    existing = known_ids(s, township, kind, (r[0] for r in rows))
    new = [r for r in rows if r[0] not in existing] if existing else rows
    if new:
        _insert(s.connection(), {"township_code": township, "kind": kind, "active": True, "end_reason": "",
                                 "batch_sequence": sequence, "updated_at": now}, new)
    if existing:
        s.execute(update(CountyRecord), [
            {"township_code": township, "kind": kind, "active": True, "end_reason": "", "batch_sequence": sequence,
             "updated_at": now, **dict(zip(VARYING, r, strict=True))} for r in rows if r[0] in existing])


def _tombstones(s: Session, township: str, sequence: int, tombs: list[dict]) -> None:
    """Mark each named object inactive; one never received is recorded with its tombstone as the content.
    As if applied one by one: the first tombstone of an object gives a new row its content, the last its reason."""
    now = utcnow()
    first: dict[tuple[str, int], dict] = {}
    last: dict[tuple[str, int], dict] = {}
    for t in tombs:
        first.setdefault((t["kind"], t["id"]), t)
        last[t["kind"], t["id"]] = t
    for kind in sorted({k for k, _ in first}):
        ids = sorted(i for k, i in first if k == kind)
        held = known_ids(s, township, kind, ids)
        if held:
            s.execute(update(CountyRecord), [
                {"township_code": township, "kind": kind, "object_id": i, "active": False,
                 "end_reason": last[kind, i]["reason"], "batch_sequence": sequence, "updated_at": now}
                for i in ids if i in held])
        if len(held) < len(ids):
            s.execute(insert(CountyRecord), [
                {"township_code": township, "kind": kind, "object_id": i, "household_id": first[kind, i]["household_id"],
                 "content": canonical(first[kind, i]).decode(), "active": False, "end_reason": last[kind, i]["reason"],
                 "batch_sequence": sequence, "updated_at": now} for i in ids if i not in held])


def apply_records(s: Session, township: str, sequence: int, payloads: dict[str, list[dict]],
                  lines: dict[str, list[str] | None] | None = None) -> None:
    """Upsert every object at its received content; tombstones last (they may name objects just sent).
    `lines`: each payload's canonical lines when it had them (stored as the content, not re-serialised)."""
    lines = lines or {}
    for content, kind in KIND.items():
        if payloads.get(content):
            _upsert(s, township, sequence, kind, _varying(kind, payloads[content], lines.get(content)))
    _tombstones(s, township, sequence, payloads.get("tombstones", []))
    s.flush()
