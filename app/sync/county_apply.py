"""Stage 7 (references) and stage 8 (apply) of county ingest: the latest version of every object
per township, as received, with tombstones marking removed or ended ones."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.sync.county_models import CountyRecord
from app.sync.errors import RecordRefused
from app.sync.strictjson import canonical

CHUNK = 500
KIND = {"households": "household", "members": "member", "applications": "application", "cases": "case",
        "rosters": "roster"}


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i:i + CHUNK]


def known_ids(s: Session, township: str, kind: str, ids: Iterable[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(ids):
        found.update(s.scalars(select(CountyRecord.object_id).where(
            CountyRecord.township_code == township, CountyRecord.kind == kind, CountyRecord.object_id.in_(chunk))))
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


def _rows(township: str, sequence: int, kind: str, records: list[dict]) -> list[dict]:
    now = utcnow()
    out = []
    for r in records:
        status = str(r.get("state", r.get("status", "")))
        hid = r["id"] if kind == "household" else r.get("household_id")
        out.append({"township_code": township, "kind": kind, "object_id": r["id"], "household_id": hid,
                    "version": r.get("version", 1), "status": status, "active": True, "end_reason": "",
                    "content": canonical(r).decode(), "batch_sequence": sequence, "updated_at": now})
    return out


def _upsert(s: Session, township: str, kind: str, rows: list[dict]) -> None:
    existing = known_ids(s, township, kind, (r["object_id"] for r in rows))
    new = [r for r in rows if r["object_id"] not in existing]
    old = [r for r in rows if r["object_id"] in existing]
    if new:
        s.execute(insert(CountyRecord), new)
    if old:
        s.execute(update(CountyRecord), old)


def _tombstones(s: Session, township: str, sequence: int, tombs: list[dict]) -> None:
    now = utcnow()
    for t in tombs:
        key = (township, t["kind"], t["id"])
        row = s.get(CountyRecord, key)
        if row is None:
            row = CountyRecord(township_code=township, kind=t["kind"], object_id=t["id"],
                               household_id=t["household_id"], content=canonical(t).decode())
            s.add(row)
        row.active, row.end_reason, row.batch_sequence, row.updated_at = False, t["reason"], sequence, now


def apply_records(s: Session, township: str, sequence: int, payloads: dict[str, list[dict]]) -> None:
    """Upsert every object at its received content; tombstones last (they may name objects just sent)."""
    for content, kind in KIND.items():
        if payloads.get(content):
            _upsert(s, township, kind, _rows(township, sequence, kind, payloads[content]))
    s.flush()
    _tombstones(s, township, sequence, payloads.get("tombstones", []))
    s.flush()
