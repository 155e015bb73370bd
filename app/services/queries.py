"""Read-only list queries: rows ready for a table (masked personal data by default)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select

from app.domain.masking import mask_account, mask_id
from app.domain.programs import PROGRAM_NAMES
from app.models import Case, Household, Member, Village
from app.models.uow import UnitOfWork

STATUS_OPTIONS = ("", "在保", "未在保", "已注销")


@dataclass(frozen=True)
class HouseholdFilter:
    text: str = ""
    village: str = ""
    program: str = ""  # program key
    status: str = ""  # one of STATUS_OPTIONS


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    village: str
    head_name: str
    head_id_masked: str
    members: int
    programs: str
    monthly_amount_fen: int
    phone: str
    account_masked: str
    status: str


def _member_match(text: str):
    like = f"%{text}%"
    cond = [Member.name.like(like), Member.id_number.like(f"%{text.upper()}%")]
    if text.isascii() and text.isalpha():
        cond.append(Member.name_initials.like(f"{text.lower()}%"))
    return exists().where(Member.household_id == Household.id, Member.removed.is_(False), or_(*cond))


def household_rows(uow: UnitOfWork, flt: HouseholdFilter = HouseholdFilter(), limit: int | None = None
                   ) -> list[HouseholdRow]:
    head = (select(Member.household_id, Member.name, Member.id_number)
            .where(Member.relation == "本人", Member.removed.is_(False)).subquery())
    count = (select(Member.household_id, func.count().label("n")).where(Member.removed.is_(False))
             .group_by(Member.household_id).subquery())
    active_case = and_(Case.household_id == Household.id, Case.status == "active")
    q = (select(Household.id, Village.name, head.c.name, head.c.id_number, count.c.n, Household.phone,
                Household.bank_account, Household.status)
         .join(Village, Village.id == Household.village_id)
         .outerjoin(head, head.c.household_id == Household.id)
         .outerjoin(count, count.c.household_id == Household.id))
    text = flt.text.strip()
    if text:
        q = q.where(_member_match(text))
    if flt.village:
        q = q.where(Village.name == flt.village)
    if flt.program:
        q = q.where(exists().where(active_case, Case.program == flt.program))
    if flt.status == "已注销":
        q = q.where(Household.status == "closed")
    elif flt.status == "在保":
        q = q.where(exists().where(active_case))
    elif flt.status == "未在保":
        q = q.where(~exists().where(active_case), Household.status == "active")
    q = q.order_by(Household.id)
    if limit:
        q = q.limit(limit)
    with uow.read() as s:
        rows = s.execute(q).all()
        cases = _cases_by_household(s, [r[0] for r in rows])
    return [
        HouseholdRow(id=r[0], village=r[1], head_name=r[2] or "", head_id_masked=mask_id(r[3]),
                     members=r[4] or 0, programs="、".join(PROGRAM_NAMES[p] for p, _ in cases.get(r[0], [])),
                     monthly_amount_fen=sum(a for _, a in cases.get(r[0], [])), phone=r[5],
                     account_masked=mask_account(r[6]), status="已注销" if r[7] == "closed" else "正常")
        for r in rows
    ]


def _cases_by_household(s, ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    out: dict[int, list[tuple[str, int]]] = {}
    for chunk_start in range(0, len(ids), 900):
        chunk = ids[chunk_start:chunk_start + 900]
        q = select(Case.household_id, Case.program, Case.amount_fen).where(
            Case.household_id.in_(chunk), Case.status == "active").order_by(Case.id)
        for hid, program, amount in s.execute(q):
            out.setdefault(hid, []).append((program, amount))
    return out


def count_households(uow: UnitOfWork) -> int:
    with uow.read() as s:
        return s.scalar(select(func.count()).select_from(Household)) or 0
