"""Audit records: every write appends one, chained to the previous record by SHA-256."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.roles import Actor
from app.models import AuditRecord
from app.models.base import utcnow

GENESIS = "0" * 64


def canonical(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def digest(obj: object | None) -> str:
    return "" if obj is None else hashlib.sha256(canonical(obj).encode()).hexdigest()


def record_hash(prev_hash: str, fields: dict) -> str:
    return hashlib.sha256((prev_hash + canonical(fields)).encode()).hexdigest()


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


def verify_chain(session: Session) -> list[ChainProblem]:
    """Walk the chain: an edited, inserted or deleted record breaks a link."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    for rec in session.scalars(select(AuditRecord).order_by(AuditRecord.id)):
        if rec.prev_hash != prev:
            problems.append(ChainProblem(rec.id, "与上一条记录的链接断开（记录被删除或插入）"))
        if record_hash(rec.prev_hash, _chained_fields(rec)) != rec.hash:
            problems.append(ChainProblem(rec.id, "记录内容被修改"))
        prev = rec.hash
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
