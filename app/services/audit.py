"""Audit records: every write appends one, chained to the previous record by SHA-256.

Reading the chain back (verify, the links a batch carries to the county) goes through the raw
column values, not the ORM: a value edited behind the application's back (a time that no longer
parses, a digest of the wrong length) is then a finding naming the record, never a crash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, select, type_coerce
from sqlalchemy.engine import Row
from sqlalchemy.engine.processors import str_to_datetime
from sqlalchemy.orm import Session

from app.domain.audit_chain import GENESIS, canonical, digest, record_hash  # noqa: F401 - the chain's names
from app.domain.roles import Actor
from app.models import AuditRecord
from app.models.base import utcnow


def _chained_fields(rec: AuditRecord) -> dict:
    return {
        "ts": rec.ts.isoformat(), "actor": rec.actor, "action": rec.action,
        "object_type": rec.object_type, "object_id": rec.object_id, "household_id": rec.household_id,
        "before_digest": rec.before_digest, "after_digest": rec.after_digest, "detail": rec.detail,
    }


def head_hash(session: Session) -> str:
    last = session.scalar(select(AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1))
    return last or GENESIS


def _chain_head(session: Session) -> str:
    """The head for the next record; kept in the session during a transaction (one writer: SQLite)."""
    cached = session.info.get("audit_head")
    if cached is None:
        cached = head_hash(session)
    return cached


def append(
    session: Session, actor: Actor | str, action: str, object_type: str, object_id: int | None,
    *, before: object | None = None, after: object | None = None, household_id: int | None = None,
    note: str = "",
) -> AuditRecord:
    """Append one chained record in the caller's transaction."""
    session.flush()
    name = actor.name if isinstance(actor, Actor) else actor
    detail = canonical({"before": before, "after": after, "note": note})
    rec = AuditRecord(
        ts=utcnow(), actor=name, action=action, object_type=object_type, object_id=object_id,
        household_id=household_id, before_digest=digest(before), after_digest=digest(after), detail=detail,
        prev_hash=_chain_head(session),
    )
    rec.hash = record_hash(rec.prev_hash, _chained_fields(rec))
    session.add(rec)
    session.info["audit_head"] = rec.hash
    return rec


@dataclass(frozen=True)
class ChainProblem:
    record_id: int
    reason: str


A = AuditRecord
RAW_COLUMNS = (A.id, type_coerce(A.ts, String).label("ts"), A.actor, A.action, A.object_type, A.object_id,
               A.household_id, A.before_digest, A.after_digest, A.detail, A.prev_hash, A.hash)
_HEX64 = re.compile(r"[0-9a-f]{64}")


def raw_records(session: Session, after: int = 0) -> Iterator[Row]:
    """Audit rows with id > `after` in chain order, every column as stored (the time as its text)."""
    yield from session.execute(select(*RAW_COLUMNS).where(A.id > after).order_by(A.id))


def _digest_problem(name: str, value: object, *, empty_ok: bool) -> str | None:
    if not isinstance(value, str):
        return f"{name} 不是文本"
    if (value == "" and empty_ok) or _HEX64.fullmatch(value):
        return None
    return f"{name} 应为 64 位十六进制摘要，实为 {len(value)} 个字符"


def _is_time(text: str) -> bool:
    try:
        str_to_datetime(text)
    except ValueError:
        return False
    return True


def malformed(row: Row) -> list[str]:
    """What in a raw audit row is not a value the application writes (each one means the row was edited)."""
    out = []
    if not isinstance(row.ts, str):
        out.append("时间（ts）为空或不是文本")
    elif not _is_time(row.ts):
        out.append(f"时间（ts）「{row.ts[:40]}」不是有效的时间")
    for name in ("actor", "action", "object_type", "detail"):
        if not isinstance(getattr(row, name), str):
            out.append(f"{name} 不是文本")
    for name in ("object_id", "household_id"):
        value = getattr(row, name)
        if value is not None and (type(value) is not int):
            out.append(f"{name} 不是整数")
    for name, empty_ok in (("before_digest", True), ("after_digest", True), ("prev_hash", False), ("hash", False)):
        problem = _digest_problem(name, getattr(row, name), empty_ok=empty_ok)
        if problem:
            out.append(problem)
    return out


def row_fields(row: Row) -> dict:
    """The chained fields of a raw row, exactly as append() hashed them (the row must not be malformed)."""
    return {
        "ts": str_to_datetime(row.ts).isoformat(), "actor": row.actor, "action": row.action,
        "object_type": row.object_type, "object_id": row.object_id, "household_id": row.household_id,
        "before_digest": row.before_digest, "after_digest": row.after_digest, "detail": row.detail,
    }


def verify_chain(session: Session) -> list[ChainProblem]:
    """Walk the chain: an edited, inserted or deleted record breaks a link; a malformed value is named."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    for row in raw_records(session):
        bad = malformed(row)
        if bad:
            problems.append(ChainProblem(row.id, f"记录的值无效（记录被改动）：{'；'.join(bad)}"))
            prev = row.hash if isinstance(row.hash, str) else ""
            continue
        if row.prev_hash != prev:
            problems.append(ChainProblem(row.id, "与上一条记录的链接断开（记录被删除或插入）"))
        if record_hash(row.prev_hash, row_fields(row)) != row.hash:
            problems.append(ChainProblem(row.id, "记录内容被修改"))
        prev = row.hash
    return problems


@dataclass(frozen=True)
class HistoryEntry:
    ts: datetime
    actor: str
    action: str
    object_type: str
    before: object
    after: object
    note: str


def household_history(session: Session, household_id: int) -> list[HistoryEntry]:
    rows = session.scalars(
        select(AuditRecord).where(AuditRecord.household_id == household_id).order_by(AuditRecord.id)
    )
    out = []
    for r in rows:
        d = json.loads(r.detail)
        out.append(HistoryEntry(r.ts, r.actor, r.action, r.object_type, d.get("before"), d.get("after"),
                                d.get("note", "")))
    return out
