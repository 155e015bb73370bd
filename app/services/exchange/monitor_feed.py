"""Monitoring warnings into the township's batch (SPEC §13): the rows named by the audit records, at
their current state, as the records app/sync/monitor_records.py describes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import MonitorWarning as W
from app.sync.monitor_records import CONTENT, KIND

COLUMNS = (W.id, W.version, W.household_id, W.rule, W.status, W.name, W.id_number, W.raised_on, W.due,
           W.closed_on, W.referral, W.application_id, W.handled_by)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def collect(s: Session, ids: set[int] | None, out: dict[str, list[dict]]) -> None:
    """The named warnings (None: all) as batch records."""
    q = select(*COLUMNS).order_by(W.id)
    rows = s.execute(q).all() if ids is None else [
        r for i in range(0, len(sorted(ids)), 500) for r in s.execute(q.where(W.id.in_(sorted(ids)[i:i + 500])))]
    out.setdefault(CONTENT, []).extend(
        {"type": KIND, "id": id_, "version": version, "household_id": hid, "rule": rule, "status": status,
         "name": name, "id_number": number, "raised_on": _iso(raised), "due": _iso(due), "closed_on": _iso(closed),
         "referral": referral, "application_id": app_id, "handled_by": handled_by}
        for id_, version, hid, rule, status, name, number, raised, due, closed, referral, app_id, handled_by in rows)
