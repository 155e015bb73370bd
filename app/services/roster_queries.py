"""Read-only roster views: the lines of a month, totals per village, the diff against last month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, literal, select

from app.domain.lifecycle import month_add
from app.domain.masking import mask_account, mask_id
from app.domain.programs import ALL_PROGRAMS
from app.domain.roster_lines import COUNTED_KINDS, LineKind
from app.models import Case, CaseMember, Member, Roster, RosterLine
from app.models.uow import UnitOfWork
from app.services.rosters import check_month


@dataclass(frozen=True)
class LineRow:
    line_no: int
    program: str
    village: str
    payee_name: str
    payee_id_number: str
    bank_name: str
    bank_account: str
    persons: int
    amount_fen: int
    kind: str
    for_month: str
    note: str
    case_id: int | None
    household_id: int
    beneficiary: str = ""  # 集中供养: the person the institution (the payee) is paid for (SPEC §5)

    @property
    def person(self) -> str:
        """Who the line is for, under their own name: the person of a 集中供养 case, else the payee."""
        return self.beneficiary or self.payee_name

    @property
    def id_masked(self) -> str:
        return mask_id(self.payee_id_number)

    @property
    def account_masked(self) -> str:
        return mask_account(self.bank_account)


def roster_lines(uow: UnitOfWork, month: str, program: str | None = None, *, confirmed_only: bool = False
                 ) -> list[LineRow]:
    month = check_month(month)
    person = (select(Member.name).join(CaseMember, CaseMember.member_id == Member.id)
              .where(CaseMember.case_id == RosterLine.case_id).order_by(CaseMember.id).limit(1)
              .correlate(RosterLine).scalar_subquery())
    beneficiary = case((Case.support_mode == "集中供养", person), else_=literal(""))
    q = (select(Roster.program, RosterLine.line_no, RosterLine.village, RosterLine.payee_name,
                RosterLine.payee_id_number, RosterLine.bank_name, RosterLine.bank_account, RosterLine.persons,
                RosterLine.amount_fen, RosterLine.kind, RosterLine.for_month, RosterLine.note, RosterLine.case_id,
                RosterLine.household_id, beneficiary)
         .join(Roster).outerjoin(Case, Case.id == RosterLine.case_id).where(Roster.month == month))
    if program:
        q = q.where(Roster.program == program)
    if confirmed_only:
        q = q.where(Roster.state != "draft")
    order = {p: i for i, p in enumerate(ALL_PROGRAMS)}
    with uow.read() as s:
        rows = [LineRow(r[1], r[0], *r[2:]) for r in s.execute(q)]
    return sorted(rows, key=lambda r: (order[r.program], r.line_no))


@dataclass(frozen=True)
class VillageTotal:
    program: str
    village: str
    households: int
    persons: int
    total_fen: int


def village_totals(lines: list[LineRow]) -> list[VillageTotal]:
    groups: dict[tuple[str, str], list[LineRow]] = defaultdict(list)
    for x in lines:
        groups[(x.program, x.village)].append(x)
    out = []
    for (program, village), rows in groups.items():
        counted = [x for x in rows if x.kind in COUNTED_KINDS and x.amount_fen > 0]
        out.append(VillageTotal(program, village, len({x.household_id for x in counted}),
                                sum(x.persons for x in counted), sum(x.amount_fen for x in rows)))
    return out


@dataclass(frozen=True)
class DiffRow:
    program: str
    change: str  # 新增 / 停止 / 金额变化
    payee_name: str
    village: str
    before_fen: int
    after_fen: int


def roster_diff(uow: UnitOfWork, month: str) -> list[DiffRow]:
    """New, ended and changed-amount cases against the previous month's roster."""
    month = check_month(month)
    now, before = roster_lines(uow, month), roster_lines(uow, month_add(month, -1))

    def regular(lines: list[LineRow]) -> dict[tuple[str, int], LineRow]:
        return {(x.program, x.case_id): x for x in lines if x.kind == LineKind.REGULAR and x.case_id is not None}

    a, b = regular(before), regular(now)
    out = [DiffRow(k[0], "新增", x.payee_name, x.village, 0, x.amount_fen) for k, x in b.items() if k not in a]
    out += [DiffRow(k[0], "停止", x.payee_name, x.village, x.amount_fen, 0) for k, x in a.items() if k not in b]
    out += [DiffRow(k[0], "金额变化", x.payee_name, x.village, a[k].amount_fen, x.amount_fen)
            for k, x in b.items() if k in a and a[k].amount_fen != x.amount_fen]
    return out
