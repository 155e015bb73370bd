"""Registering and editing households: validation, one ID in one household, history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from app.domain.ids import normalize_id
from app.domain.registry import HouseholdInput, MemberInput, canonicalize, name_initials, validate_household
from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.errors import Conflict, InvalidInput, NotFound
from app.models import Household, Income, Member, Village
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.township import get_or_create_village

MEMBER_FIELDS = ("name", "id_number", "relation", "co_resident", "labour_ability", "disability_category",
                 "disability_grade", "serious_illness", "student", "selfcare_items_failed", "death_date")
HOUSEHOLD_FIELDS = ("address", "hukou_type", "phone", "bank_name", "bank_account", "separately_registered",
                    "deductions_fen", "notes", "legacy_no")


def household_snapshot(h: Household) -> dict:
    """The content the audit digest covers (and `audit verify` recomputes)."""
    data = {f: getattr(h, f) for f in HOUSEHOLD_FIELDS}
    data.update(id=h.id, village=h.village.name, status=h.status)
    data["members"] = [
        {**{f: getattr(m, f) for f in MEMBER_FIELDS}, "id": m.id, "removed": m.removed,
         "incomes": {i.category: i.amount_fen for i in m.incomes}}
        for m in h.members
    ]
    return data


def _load(s: Session, household_id: int) -> Household:
    h = s.scalar(
        select(Household).where(Household.id == household_id)
        .options(selectinload(Household.members).selectinload(Member.incomes))
    )
    if h is None:
        raise NotFound(f"户 {household_id}")
    return h


def _check_ids_free(s: Session, members: list[MemberInput], household_id: int | None) -> None:
    """One person in one household (SPEC §2): each ID (in its stored form) held by another household's
    active member is named with that household's village and head, so the clerk can find it."""
    head = aliased(Member)
    q = (select(Member.id_number, Member.household_id, Village.name, head.name)
         .join(Household, Household.id == Member.household_id).join(Village, Village.id == Household.village_id)
         .outerjoin(head, (head.household_id == Member.household_id) & (head.relation == "本人")
                    & head.removed.is_(False))
         .where(Member.id_number.in_([m.id_number for m in members]), Member.removed.is_(False),
                Member.household_id != (household_id or 0))
         .order_by(Member.id))
    taken = [f"身份证号 {number} 已是 {' '.join(filter(None, (village, head_name)))} 户（户 {hid}）的成员，"
             "一人只能属于一户" for number, hid, village, head_name in s.execute(q)]
    if taken:
        raise Conflict("；".join(taken))


def _validated(data: HouseholdInput) -> None:
    problems = validate_household(data)
    if problems:
        raise InvalidInput("；".join(f"{f}：{r}" for f, r in problems))


def new_household(s: Session, data: HouseholdInput) -> Household:
    """A validated household added to the session, not yet flushed (bulk callers flush once).
    Its values are put in their canonical form here too: the import reaches the table through this."""
    canonicalize(data)
    village = get_or_create_village(s, data.village)
    h = Household(village=village, **{f: getattr(data, f) for f in HOUSEHOLD_FIELDS})
    h.members = [_new_member(m) for m in data.members]
    s.add(h)
    return h


def audit_created(s: Session, actor: Actor | str, h: Household) -> None:
    audit.append(s, actor, "household.create", "household", h.id, after=household_snapshot(h), household_id=h.id)


def add_household_in(s: Session, actor: Actor | str, data: HouseholdInput) -> Household:
    """Insert a validated household in the caller's transaction (used by import and demo too)."""
    h = new_household(s, data)
    s.flush()
    audit_created(s, actor, h)
    return h


def _new_member(m: MemberInput) -> Member:
    info = normalize_id(m.id_number)
    member = Member(birth_date=info.birth_date, sex=info.sex, name_initials=name_initials(m.name),
                    **{f: getattr(m, f) for f in MEMBER_FIELDS if f != "id_number"}, id_number=info.number)
    member.incomes = [Income(category=c, amount_fen=v) for c, v in m.incomes.items() if v]
    return member


def register_household(uow: UnitOfWork, actor: Actor, data: HouseholdInput) -> int:
    require_role(actor, *CLERK_ROLES)
    _validated(data)
    with uow.begin() as s:
        _check_ids_free(s, data.members, None)
        return add_household_in(s, actor, data).id


def update_household(uow: UnitOfWork, actor: Actor, household_id: int, data: HouseholdInput) -> None:
    """Replace the household's fields and members; members not listed are marked removed."""
    require_role(actor, *CLERK_ROLES)
    _validated(data)
    with uow.begin() as s:
        h = _load(s, household_id)
        _check_ids_free(s, data.members, household_id)
        before = household_snapshot(h)
        h.village = get_or_create_village(s, data.village)
        for f in HOUSEHOLD_FIELDS:
            setattr(h, f, getattr(data, f))
        _apply_members(s, h, data.members)
        h.version += 1
        s.flush()
        audit.append(s, actor, "household.update", "household", h.id, before=before,
                     after=household_snapshot(h), household_id=h.id)


def _apply_members(s: Session, h: Household, members: list[MemberInput]) -> None:
    existing = {m.id: m for m in h.members if not m.removed}
    keep: set[int] = set()
    for m in members:
        if m.id is not None and m.id in existing:
            row = existing[m.id]
            info = normalize_id(m.id_number)
            for f in MEMBER_FIELDS:
                setattr(row, f, getattr(m, f))
            row.id_number, row.birth_date, row.sex = info.number, info.birth_date, info.sex
            row.name_initials = name_initials(m.name)
            row.incomes = [Income(category=c, amount_fen=v) for c, v in m.incomes.items() if v]
            keep.add(row.id)
        else:
            h.members.append(_new_member(m))
    for mid, row in existing.items():
        if mid not in keep:
            row.removed = True
    s.flush()


def household_input(uow: UnitOfWork, household_id: int) -> HouseholdInput:
    """The editable form of a household (full ID numbers: the editor is allowed to show them)."""
    with uow.read() as s:
        h = _load(s, household_id)
        snap = household_snapshot(h)
        members = [
            MemberInput(**{f: m[f] for f in MEMBER_FIELDS}, incomes=dict(m["incomes"]), id=m["id"])
            for m in snap["members"] if not m["removed"]
        ]
        return HouseholdInput(village=snap["village"], members=members,
                              **{f: snap[f] for f in HOUSEHOLD_FIELDS})


def history(uow: UnitOfWork, household_id: int) -> list[audit.HistoryEntry]:
    with uow.read() as s:
        return audit.household_history(s, household_id)
