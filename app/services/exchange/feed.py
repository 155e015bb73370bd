"""The township change feed: which objects changed since a batch, and their records.

The audit log is the feed: every write appends a record naming its object type and id, so a
batch carries every household, application, case and confirmed roster named by an audit record
after the last exported one, at its current content (or everything, for a full batch), plus
tombstones for removed members, closed households, ended cases and rows that no longer exist.
"""

from __future__ import annotations

import json
from collections import defaultdict
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
    MonitorWarning,
    Roster,
    Village,
)
from app.services.exchange import monitor_feed
from app.services.rosters import roster_contents
from app.sync import monitor_records

FEED_TYPES = {"household": Household, "application": Application, "case": Case, "roster": Roster,
              monitor_records.KIND: MonitorWarning}
CHUNK = 500


def changed_ids(s: Session, after: int, through: int, full: bool) -> dict[str, set[int] | None]:
    """Object ids per feed type named by audit records in (after, through]; None = every row (full)."""
    if full:
        return dict.fromkeys(FEED_TYPES)
    rows = s.execute(select(AuditRecord.object_type, AuditRecord.object_id).distinct().where(
        AuditRecord.id > after, AuditRecord.id <= through, AuditRecord.object_type.in_(FEED_TYPES),
        AuditRecord.object_id.is_not(None)))
    out: dict[str, set[int] | None] = {t: set() for t in FEED_TYPES}
    for object_type, object_id in rows:
        out[object_type].add(object_id)
    return out


def _parts(ids: set[int] | None) -> Iterator[list[int] | None]:
    """The id lists to read: None (the whole table, in one pass: a full batch) or chunks of ids."""
    if ids is None:
        yield None
        return
    ordered = sorted(ids)
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i:i + CHUNK]


def _gone(chunk: list[int] | None, found: Iterable[int]) -> list[int]:
    """Ids asked for that no longer exist (a whole-table read asks for none)."""
    return [] if chunk is None else sorted(set(chunk) - set(found))


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _tomb(kind: str, id_: int, reason: str, household_id: int | None = None) -> dict:
    return {"type": "tombstone", "kind": kind, "id": id_, "household_id": household_id, "reason": reason}


H, M = Household, Member
HOUSEHOLD_COLUMNS = (H.id, H.version, Village.name, Village.code, H.address, H.hukou_type, H.phone, H.bank_name,
                     H.bank_account, H.separately_registered, H.deductions_fen, H.notes, H.legacy_no, H.status,
                     H.updated_at)
MEMBER_COLUMNS = (M.id, M.household_id, M.name, M.id_number, M.relation, M.co_resident, M.labour_ability,
                  M.disability_category, M.disability_grade, M.serious_illness, M.student,
                  M.selfcare_items_failed, M.death_date, M.removed)


def household_record(row: tuple) -> dict:
    """A row of HOUSEHOLD_COLUMNS as a batch record."""
    (id_, version, village, village_code, address, hukou_type, phone, bank_name, bank_account, separately,
     deductions, notes, legacy_no, status, updated_at) = row
    return {"type": "household", "id": id_, "version": version, "village": village, "village_code": village_code,
            "address": address, "hukou_type": hukou_type, "phone": phone, "bank_name": bank_name,
            "bank_account": bank_account, "separately_registered": separately, "deductions_fen": deductions,
            "notes": notes, "legacy_no": legacy_no, "status": status, "updated_at": _iso(updated_at)}


def member_record(row: tuple, version: int, incomes: dict[str, int]) -> dict:
    """A row of MEMBER_COLUMNS (its household's version) as a batch record."""
    (id_, household_id, name, id_number, relation, co_resident, labour, disability_category, disability_grade,
     illness, student, selfcare, death_date, _removed) = row
    return {"type": "member", "id": id_, "household_id": household_id, "version": version, "name": name,
            "id_number": id_number, "relation": relation, "co_resident": co_resident, "labour_ability": labour,
            "disability_category": disability_category, "disability_grade": disability_grade,
            "serious_illness": illness, "student": student, "selfcare_items_failed": selfcare,
            "death_date": _iso(death_date), "incomes": incomes}


def households(s: Session, ids: set[int] | None, out: dict[str, list[dict]]) -> None:
    """Households with all their members, read as plain tuples: a full batch reads each table once
    (ORM objects and IN lists cost several times the raw read here, SPEC §11)."""
    for chunk in _parts(ids):
        hq = select(*HOUSEHOLD_COLUMNS).join(Village, Village.id == H.village_id).order_by(H.id)
        mq = select(*MEMBER_COLUMNS).order_by(M.id)
        iq = select(Income.member_id, Income.category, Income.amount_fen).order_by(Income.id)
        if chunk is not None:
            hq, mq = hq.where(H.id.in_(chunk)), mq.where(M.household_id.in_(chunk))
            iq = iq.join(M, M.id == Income.member_id).where(M.household_id.in_(chunk))
        members: dict[int, list[tuple]] = defaultdict(list)
        for m in s.connection().execute(mq).all():
            members[m[1]].append(m)
        incomes: dict[int, dict[str, int]] = defaultdict(dict)
        for member_id, category, amount in s.connection().execute(iq).all():
            incomes[member_id][category] = amount
        found = s.connection().execute(hq).all()
        records, members_out, tombs = out["households"], out["members"], out["tombstones"]
        for h in found:
            records.append(household_record(h))
            hid, version = h[0], h[1]
            for m in members.get(hid, ()):
                if m[-1]:  # removed
                    tombs.append(_tomb("member", m[0], "removed", hid))
                else:
                    members_out.append(member_record(m, version, incomes.get(m[0], {})))
            if h[13] != "active":
                tombs.append(_tomb("household", hid, "closed", hid))
        tombs.extend(_tomb("household", i, "deleted") for i in _gone(chunk, (h[0] for h in found)))


def _transition(t) -> dict:  # noqa: ANN001 - ApplicationTransition
    return {"step": t.step, "from_state": t.from_state, "to_state": t.to_state, "actor": t.actor, "role": t.role,
            "on": _iso(t.on), "opinion": t.opinion, "data": json.loads(t.data or "{}")}


def applications(s: Session, ids: set[int] | None, out: dict[str, list[dict]]) -> None:
    for chunk in _parts(ids):
        q = select(Application).options(selectinload(Application.transitions)).order_by(Application.id)
        found = s.scalars(q if chunk is None else q.where(Application.id.in_(chunk))).all()
        for a in found:
            out["applications"].append({
                "type": "application", "id": a.id, "household_id": a.household_id, "version": a.version,
                "program": a.program, "state": a.state, "covered_member_ids": json.loads(a.covered_member_ids),
                "created_on": _iso(a.created_on), "accepted_on": _iso(a.accepted_on),
                "decided_on": _iso(a.decided_on), "amount_fen": a.amount_fen,
                "computed_amount_fen": a.computed_amount_fen, "case_id": a.case_id,
                "transitions": [_transition(t) for t in a.transitions]})
        out["tombstones"].extend(_tomb("application", i, "deleted") for i in _gone(chunk, (a.id for a in found)))


EVENT_KEYS = ("id", "kind", "effective_month", "amount_fen", "months", "reason")
CASE_COLUMNS = (Case.id, Case.household_id, Case.version, Case.program, Case.start_month, Case.end_month,
                Case.amount_fen, Case.initial_amount_fen, Case.status, Case.support_mode, Case.payee_name,
                Case.payee_account, Case.end_reason)


def cases(s: Session, ids: set[int] | None, out: dict[str, list[dict]]) -> None:
    """Cases with their covered members and events, read as plain tuples (like households)."""
    for chunk in _parts(ids):
        cq = select(*CASE_COLUMNS).order_by(Case.id)
        mq = select(CaseMember.case_id, CaseMember.member_id)
        eq = select(CaseEvent.case_id, CaseEvent.id, CaseEvent.kind, CaseEvent.effective_month, CaseEvent.amount_fen,
                    CaseEvent.months, CaseEvent.reason).order_by(CaseEvent.id)
        if chunk is not None:
            cq, mq, eq = cq.where(Case.id.in_(chunk)), mq.where(CaseMember.case_id.in_(chunk)), \
                eq.where(CaseEvent.case_id.in_(chunk))
        members: dict[int, list[int]] = defaultdict(list)
        for case_id, member_id in s.connection().execute(mq).all():
            members[case_id].append(member_id)
        events: dict[int, list[dict]] = defaultdict(list)
        for case_id, *e in s.connection().execute(eq).all():
            events[case_id].append(dict(zip(EVENT_KEYS, e, strict=True)))
        found = s.connection().execute(cq).all()
        for (id_, household_id, version, program, start, end, amount, initial, status, support_mode, payee_name,
             payee_account, end_reason) in found:
            out["cases"].append({
                "type": "case", "id": id_, "household_id": household_id, "version": version, "program": program,
                "start_month": start, "end_month": end, "amount_fen": amount, "initial_amount_fen": initial,
                "status": status, "support_mode": support_mode, "payee_name": payee_name,
                "payee_account": payee_account, "end_reason": end_reason,
                "member_ids": sorted(members.get(id_, ())), "events": events.get(id_, [])})
            if status == "ended":
                out["tombstones"].append(_tomb("case", id_, "ended", household_id))
        out["tombstones"].extend(_tomb("case", i, "deleted") for i in _gone(chunk, (c[0] for c in found)))


def rosters(s: Session, ids: set[int] | None, out: dict[str, list[dict]]) -> None:
    """Confirmed (or exported) rosters only: a draft is not a fact yet. Lines are read for all the
    rosters of a chunk in one query; `roster_contents` gives exactly what the content hash covers."""
    for chunk in _parts(ids):
        q = select(Roster).order_by(Roster.id)
        found = s.scalars(q if chunk is None else q.where(Roster.id.in_(chunk))).all()
        facts = [r for r in found if r.state != "draft"]
        contents = roster_contents(s, facts)
        for r in facts:
            out["rosters"].append({
                "type": "roster", "id": r.id, "month": r.month, "program": r.program, "state": r.state,
                "content_hash": r.content_hash, "confirmed_by": r.confirmed_by,
                "confirmed_at": _iso(r.confirmed_at), "content": contents[r.id]})
        out["tombstones"].extend(_tomb("roster", i, "deleted") for i in _gone(chunk, (r.id for r in found)))


def collect(s: Session, after: int, through: int, full: bool) -> dict[str, list[dict]]:
    """Every record for a batch, by payload content; empty contents are dropped."""
    ids = changed_ids(s, after, through, full)
    out: dict[str, list[dict]] = {c: [] for c in
                                  ("households", "members", "applications", "cases", "rosters", "tombstones")}
    households(s, ids["household"], out)
    applications(s, ids["application"], out)
    cases(s, ids["case"], out)
    rosters(s, ids["roster"], out)
    monitor_feed.collect(s, ids[monitor_records.KIND], out)
    return {k: v for k, v in out.items() if v}
