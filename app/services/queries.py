"""Read-only list queries: rows ready for a table (masked personal data by default)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select

from app.domain import canonical
from app.domain.masking import mask_account, mask_id
from app.domain.programs import PROGRAM_NAMES
from app.models import Case, Household, Member, Village, member_search
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


def _matching_households(text: str, indexed: bool = False):
    """Households with a member matching by name, any part of the ID, or pinyin initials: through the
    trigram index when the database has one and the text is long enough, else by a LIKE scan."""
    expression = member_search.match_expression(text, canonical.id_text(text)) if indexed else None
    if expression is not None:
        return select(Member.household_id).where(
            Member.removed.is_(False), Member.id.in_(member_search.matching_member_ids(expression)))
    like = f"%{text}%"
    cond = [Member.name.like(like), Member.id_number.like(f"%{canonical.id_text(text)}%")]  # full-width too
    if text.isascii() and text.isalpha():
        cond.append(Member.name_initials.like(f"{text.lower()}%"))
    return select(Member.household_id).where(Member.removed.is_(False), or_(*cond))


def household_ids(uow: UnitOfWork, flt: HouseholdFilter = HouseholdFilter()) -> list[int]:
    """Ids of the households matching the filter, in registration order (one cheap query)."""
    text = canonical.text(flt.text)
    with uow.read() as s:
        q = select(Household.id)
        if text:
            q = q.where(Household.id.in_(_matching_households(text, member_search.has_index(s))))
        if flt.village:
            q = q.where(Household.village_id.in_(select(Village.id).where(Village.name == flt.village)))
        active_case = and_(Case.household_id == Household.id, Case.status == "active")
        if flt.program:
            q = q.where(exists().where(active_case, Case.program == flt.program))
        if flt.status == "已注销":
            q = q.where(Household.status == "closed")
        elif flt.status == "在保":
            q = q.where(exists().where(active_case))
        elif flt.status == "未在保":
            q = q.where(~exists().where(active_case), Household.status == "active")
        # through the connection: a county has 50,000 ids, the ORM layer adds a third
        return s.connection().execute(q.order_by(Household.id)).scalars().all()


def household_rows_for(uow: UnitOfWork, ids: list[int]) -> list[HouseholdRow]:
    """Rows for the given household ids (in that order); the table model fetches them a page at a time."""
    out: dict[int, HouseholdRow] = {}
    with uow.read() as s:
        for i in range(0, len(ids), 900):
            chunk = ids[i:i + 900]
            heads = {hid: (name, number) for hid, name, number in s.execute(
                select(Member.household_id, Member.name, Member.id_number)
                .where(Member.household_id.in_(chunk), Member.relation == "本人", Member.removed.is_(False)))}
            counts = dict(s.execute(select(Member.household_id, func.count())
                                    .where(Member.household_id.in_(chunk), Member.removed.is_(False))
                                    .group_by(Member.household_id)).all())
            cases = _cases_by_household(s, chunk)
            q = (select(Household.id, Village.name, Household.phone, Household.bank_account, Household.status)
                 .join(Village, Village.id == Household.village_id).where(Household.id.in_(chunk)))
            for hid, village, phone, account, status in s.execute(q):
                name, number = heads.get(hid, ("", ""))
                mine = cases.get(hid, [])
                out[hid] = HouseholdRow(
                    id=hid, village=village, head_name=name, head_id_masked=mask_id(number),
                    members=counts.get(hid, 0), programs="、".join(PROGRAM_NAMES[p] for p, _ in mine),
                    monthly_amount_fen=sum(a for _, a in mine), phone=phone, account_masked=mask_account(account),
                    status="已注销" if status == "closed" else "正常")
    return [out[i] for i in ids if i in out]


def household_rows(uow: UnitOfWork, flt: HouseholdFilter = HouseholdFilter(), limit: int | None = None
                   ) -> list[HouseholdRow]:
    ids = household_ids(uow, flt)
    return household_rows_for(uow, ids[:limit] if limit else ids)


def _cases_by_household(s, ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    out: dict[int, list[tuple[str, int]]] = {}
    for chunk_start in range(0, len(ids), 900):
        chunk = ids[chunk_start:chunk_start + 900]
        q = select(Case.household_id, Case.program, Case.amount_fen).where(
            Case.household_id.in_(chunk), Case.status == "active").order_by(Case.id)
        for hid, program, amount in s.execute(q):
            out.setdefault(hid, []).append((program, amount))
    return out
