"""The township change feed: which objects changed since a batch, and their records.

The audit log is the feed: every write appends a record naming its object type and id, so a
batch carries every household, application, case and confirmed roster named by an audit record
after the last exported one, at its current content (or everything, for a full batch), plus
tombstones for removed members, closed households, ended cases and rows that no longer exist.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Application,
    AuditRecord,
    Case,
    CaseEvent,
    CaseMember,
    Household,
    Income,
    Member,
    Roster,
    Village,
)
from app.services.rosters import roster_content

FEED_TYPES = {"household": Household, "application": Application, "case": Case, "roster": Roster}
CHUNK = 500


def changed_ids(s: Session, after: int, through: int, full: bool) -> dict[str, set[int]]:
    """Object ids per feed type named by audit records in (after, through] (or every row, if full)."""
    if full:
        return {t: set(s.scalars(select(model.id))) for t, model in FEED_TYPES.items()}
    rows = s.execute(select(AuditRecord.object_type, AuditRecord.object_id).distinct().where(
        AuditRecord.id > after, AuditRecord.id <= through, AuditRecord.object_type.in_(FEED_TYPES),
        AuditRecord.object_id.is_not(None)))
    out: dict[str, set[int]] = {t: set() for t in FEED_TYPES}
    for object_type, object_id in rows:
        out[object_type].add(object_id)
    return out


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i:i + CHUNK]


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _tomb(kind: str, id_: int, reason: str, household_id: int | None = None) -> dict:
    return {"type": "tombstone", "kind": kind, "id": id_, "household_id": household_id, "reason": reason}


def household_record(h) -> dict:  # noqa: ANN001 - a row of household columns + village_name, village_code
    return {"type": "household", "id": h.id, "version": h.version, "village": h.village_name,
            "village_code": h.village_code, "address": h.address, "hukou_type": h.hukou_type, "phone": h.phone,
            "bank_name": h.bank_name, "bank_account": h.bank_account,
            "separately_registered": h.separately_registered, "deductions_fen": h.deductions_fen, "notes": h.notes,
            "legacy_no": h.legacy_no, "status": h.status, "updated_at": _iso(h.updated_at)}


def member_record(m, version: int, incomes: dict[str, int]) -> dict:  # noqa: ANN001 - a member row
    return {"type": "member", "id": m.id, "household_id": m.household_id, "version": version, "name": m.name,
            "id_number": m.id_number, "relation": m.relation, "co_resident": m.co_resident,
            "labour_ability": m.labour_ability, "disability_category": m.disability_category,
            "disability_grade": m.disability_grade, "serious_illness": m.serious_illness, "student": m.student,
            "selfcare_items_failed": m.selfcare_items_failed, "death_date": _iso(m.death_date), "incomes": incomes}


def households(s: Session, ids: set[int], out: dict[str, list[dict]]) -> None:
    """Households with all their members, read as plain rows (a full batch holds every household:
    ORM objects cost several times the raw read here, SPEC §11)."""
    for chunk in _chunks(ids):
        found = s.execute(select(Household.__table__, Village.name.label("village_name"),
                                 Village.code.label("village_code"))
                          .join(Village, Village.id == Household.village_id)
                          .where(Household.id.in_(chunk)).order_by(Household.id)).all()
        members: dict[int, list] = {}
        for m in s.execute(select(Member.__table__).where(Member.household_id.in_(chunk)).order_by(Member.id)):
            members.setdefault(m.household_id, []).append(m)
        incomes: dict[int, dict[str, int]] = {}
        for member_id, category, amount in s.execute(
                select(Income.member_id, Income.category, Income.amount_fen).join(Member, Member.id == Income.member_id)
                .where(Member.household_id.in_(chunk)).order_by(Income.id)):
            incomes.setdefault(member_id, {})[category] = amount
        for h in found:
            out["households"].append(household_record(h))
            for m in members.get(h.id, []):
                if m.removed:
                    out["tombstones"].append(_tomb("member", m.id, "removed", h.id))
                else:
                    out["members"].append(member_record(m, h.version, incomes.get(m.id, {})))
            if h.status != "active":
                out["tombstones"].append(_tomb("household", h.id, "closed", h.id))
        gone = set(chunk) - {h.id for h in found}
        out["tombstones"].extend(_tomb("household", i, "deleted") for i in sorted(gone))


def _transition(t) -> dict:  # noqa: ANN001 - ApplicationTransition
    return {"step": t.step, "from_state": t.from_state, "to_state": t.to_state, "actor": t.actor, "role": t.role,
            "on": _iso(t.on), "opinion": t.opinion, "data": json.loads(t.data or "{}")}


def applications(s: Session, ids: set[int], out: dict[str, list[dict]]) -> None:
    for chunk in _chunks(ids):
        found = s.scalars(select(Application).where(Application.id.in_(chunk))
                          .options(selectinload(Application.transitions))).all()
        for a in found:
            out["applications"].append({
                "type": "application", "id": a.id, "household_id": a.household_id, "version": a.version,
                "program": a.program, "state": a.state, "covered_member_ids": json.loads(a.covered_member_ids),
                "created_on": _iso(a.created_on), "accepted_on": _iso(a.accepted_on),
                "decided_on": _iso(a.decided_on), "amount_fen": a.amount_fen,
                "computed_amount_fen": a.computed_amount_fen, "case_id": a.case_id,
                "transitions": [_transition(t) for t in a.transitions]})
        gone = set(chunk) - {a.id for a in found}
        out["tombstones"].extend(_tomb("application", i, "deleted") for i in sorted(gone))


def _events(s: Session, case_ids: list[int]) -> dict[int, list[dict]]:
    events: dict[int, list[dict]] = {}
    q = (select(CaseEvent.case_id, CaseEvent.id, CaseEvent.kind, CaseEvent.effective_month, CaseEvent.amount_fen,
                CaseEvent.months, CaseEvent.reason).where(CaseEvent.case_id.in_(case_ids)).order_by(CaseEvent.id))
    for case_id, *e in s.execute(q):
        events.setdefault(case_id, []).append(dict(zip(
            ("id", "kind", "effective_month", "amount_fen", "months", "reason"), e, strict=True)))
    return events


def cases(s: Session, ids: set[int], out: dict[str, list[dict]]) -> None:
    """Cases with their covered members and events, read as plain rows (like households)."""
    for chunk in _chunks(ids):
        found = s.execute(select(Case.__table__).where(Case.id.in_(chunk)).order_by(Case.id)).all()
        members: dict[int, list[int]] = {}
        for case_id, member_id in s.execute(select(CaseMember.case_id, CaseMember.member_id)
                                            .where(CaseMember.case_id.in_(chunk))):
            members.setdefault(case_id, []).append(member_id)
        events = _events(s, chunk)
        for c in found:
            out["cases"].append({
                "type": "case", "id": c.id, "household_id": c.household_id, "version": c.version,
                "program": c.program, "start_month": c.start_month, "end_month": c.end_month,
                "amount_fen": c.amount_fen, "initial_amount_fen": c.initial_amount_fen, "status": c.status,
                "support_mode": c.support_mode, "payee_name": c.payee_name, "payee_account": c.payee_account,
                "end_reason": c.end_reason, "member_ids": sorted(members.get(c.id, [])),
                "events": events.get(c.id, [])})
            if c.status == "ended":
                out["tombstones"].append(_tomb("case", c.id, "ended", c.household_id))
        gone = set(chunk) - {c.id for c in found}
        out["tombstones"].extend(_tomb("case", i, "deleted") for i in sorted(gone))


def rosters(s: Session, ids: set[int], out: dict[str, list[dict]]) -> None:
    """Confirmed (or exported) rosters only: a draft is not a fact yet."""
    for chunk in _chunks(ids):
        found = s.scalars(select(Roster).where(Roster.id.in_(chunk))).all()
        for r in found:
            if r.state == "draft":
                continue
            out["rosters"].append({
                "type": "roster", "id": r.id, "month": r.month, "program": r.program, "state": r.state,
                "content_hash": r.content_hash, "confirmed_by": r.confirmed_by,
                "confirmed_at": _iso(r.confirmed_at), "content": roster_content(s, r)})
        gone = set(chunk) - {r.id for r in found}
        out["tombstones"].extend(_tomb("roster", i, "deleted") for i in sorted(gone))


def collect(s: Session, after: int, through: int, full: bool) -> dict[str, list[dict]]:
    """Every record for a batch, by payload content; empty contents are dropped."""
    ids = changed_ids(s, after, through, full)
    out: dict[str, list[dict]] = {c: [] for c in
                                  ("households", "members", "applications", "cases", "rosters", "tombstones")}
    households(s, ids["household"], out)
    applications(s, ids["application"], out)
    cases(s, ids["case"], out)
    rosters(s, ids["roster"], out)
    return {k: v for k, v in out.items() if v}
