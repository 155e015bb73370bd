"""Legacy roster import and export (SPEC §7): all-or-nothing, every bad row named."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain.legacy import COLUMNS, DIBAO, LegacyHousehold, parse_sheet
from app.domain.money import fen_to_yuan
from app.domain.programs import PROGRAM_NAMES
from app.domain.registry import HouseholdInput
from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.errors import ImportRejected, InvalidInput, RowProblem
from app.models import Case, Household, Member
from app.models.uow import UnitOfWork
from app.services.cases import audit_case_created, new_case
from app.services.households import audit_created, new_household

Progress = Callable[[int, int], None]  # (done, total); may raise Cancelled


@dataclass(frozen=True)
class ImportSummary:
    households: int
    members: int
    cases: dict[str, int]
    dry_run: bool


def read_sheet(path: Path) -> list[tuple]:
    """All rows of the first sheet; a file that is not a readable workbook is InvalidInput."""
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise InvalidInput(f"无法读取 Excel 文件 {path.name}（不是有效的 .xlsx 工作簿）：{exc}") from exc
    try:
        if not wb.worksheets:
            raise InvalidInput(f"无法读取 Excel 文件 {path.name}：没有工作表")
        return list(wb.worksheets[0].iter_rows(values_only=True))
    except (BadZipFile, KeyError, ValueError, TypeError, ParseError) as exc:  # damaged sheet XML inside the zip
        raise InvalidInput(f"无法读取 Excel 文件 {path.name}：文件已损坏（{exc}）") from exc
    finally:
        wb.close()


def _id_conflicts(s: Session, households: list[LegacyHousehold]) -> list[RowProblem]:
    rows = {m.member.id_number: m.row for h in households for m in h.rows}
    ids, out = list(rows), []
    for i in range(0, len(ids), 900):
        q = select(Member.id_number, Member.household_id).where(
            Member.id_number.in_(ids[i:i + 900]), Member.removed.is_(False))
        for number, hid in s.execute(q):
            out.append(RowProblem(rows[number], "身份证号", f"{number} 已是库中户 {hid} 的成员，一人只能属于一户"))
    return out


def import_legacy(uow: UnitOfWork, actor: Actor, path: Path, *, dry_run: bool = False,
                  progress: Progress | None = None) -> ImportSummary:
    """Validate the whole file, then write everything in one transaction (or nothing)."""
    require_role(actor, *CLERK_ROLES)
    households, problems = parse_sheet(read_sheet(Path(path)))
    try:
        with uow.begin() as s:
            problems += _id_conflicts(s, households)
            if problems:
                raise ImportRejected(sorted(problems, key=lambda p: p.row))
            cases = _write_all(s, actor, households, progress)
            summary = ImportSummary(len(households), sum(len(h.rows) for h in households), cases, dry_run)
            if dry_run:
                raise _DryRun(summary)
    except _DryRun as done:
        return done.summary
    return summary


class _DryRun(Exception):
    """Unwinds the import transaction after a successful dry run."""

    def __init__(self, summary: ImportSummary) -> None:
        self.summary = summary


def _write_all(s: Session, actor: Actor, households: list[LegacyHousehold], progress: Progress | None
               ) -> dict[str, int]:
    """Bulk write: households, then cases, then their audit records, with one flush per phase."""
    who = f"{actor.name}（导入）"
    rows = []
    for done, hh in enumerate(households, start=1):
        data = HouseholdInput(village=hh.village, members=[m.member for m in hh.rows], hukou_type=hh.hukou_type,
                              phone=hh.phone, bank_name=hh.bank_name, bank_account=hh.bank_account,
                              legacy_no=hh.legacy_no)
        rows.append((hh, new_household(s, data)))
        if progress and done % 200 == 0:
            progress(done // 2, len(households))
    s.flush()
    made = [case for hh, household in rows for case in _new_cases(s, hh, household)]
    s.flush()
    for done, (_, household) in enumerate(rows, start=1):
        audit_created(s, who, household)
        if progress and done % 200 == 0:
            progress((len(rows) + done) // 2, len(households))
    counts: dict[str, int] = {}
    for case in made:
        audit_case_created(s, actor, case)
        counts[case.program] = counts.get(case.program, 0) + 1
    if progress:
        progress(len(households), len(households))
    return counts


def _new_cases(s: Session, hh: LegacyHousehold, household: Household) -> list[Case]:
    by_row = dict(zip((m.row for m in hh.rows), household.members, strict=True))
    head, made = hh.head, []
    if head.program in DIBAO:
        covered = [by_row[m.row] for m in hh.rows if m.program == head.program]
        made.append(new_case(s, household, head.program, head.start_month, head.amount_fen, covered,
                             payee_name=head.member.name, payee_account=hh.bank_account))
    for m in hh.rows:
        if m.program and m.program not in DIBAO:
            made.append(new_case(s, household, m.program, m.start_month, m.amount_fen, [by_row[m.row]],
                                 payee_name=m.member.name, payee_account=hh.bank_account, support_mode="分散供养"))
    return made


def export_legacy(uow: UnitOfWork, actor: Actor, path: Path, *, progress: Progress | None = None) -> int:
    """Write every active household in the import template; returns the number of member rows."""
    require_role(actor, *CLERK_ROLES)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(list(COLUMNS))
    count = 0
    with uow.read() as s:
        households = s.scalars(
            select(Household).where(Household.status == "active").order_by(Household.id)
            .options(selectinload(Household.members).selectinload(Member.incomes), selectinload(Household.village))
        ).all()
        cases = _active_cases(s)
        for done, h in enumerate(households, start=1):
            for row in _export_rows(h, cases.get(h.id, [])):
                ws.append(row)
                count += 1
            if progress:
                progress(done, len(households))
    tmp = Path(path).with_suffix(".tmp.xlsx")
    wb.save(tmp)
    tmp.replace(path)
    return count


def _active_cases(s: Session) -> dict[int, list[Case]]:
    out: dict[int, list[Case]] = {}
    for c in s.scalars(select(Case).where(Case.status == "active").options(selectinload(Case.members))):
        out.setdefault(c.household_id, []).append(c)
    return out


def _export_rows(h: Household, cases: list[Case]) -> list[list]:
    program_of: dict[int, Case] = {cm.member_id: c for c in cases for cm in c.members}
    head = next((m for m in h.members if m.relation == "本人" and not m.removed), None)
    dibao = next((c for c in cases if c.program in DIBAO), None)
    rows = []
    for m in (m for m in h.members if not m.removed):
        case = program_of.get(m.id)
        carry = dibao if (m is head and dibao) else (case if case and case.program not in DIBAO else None)
        money = fen_to_yuan(m.monthly_income_fen)
        rows.append([
            h.village.name, h.legacy_no or f"H{h.id:06d}", m.name, m.id_number, m.relation,
            PROGRAM_NAMES[case.program] if case else "无", float(money) if money % 1 else int(money),
            m.disability_grade, "是" if m.serious_illness else "否", m.selfcare_items_failed,
            h.bank_name if m is head else None, h.bank_account if m is head else None, h.phone,
            carry.start_month if carry else None,
            _yuan_cell(carry.amount_fen) if carry else None,
        ])
    return rows


def _yuan_cell(fen: int) -> int | float:
    return fen // 100 if fen % 100 == 0 else fen / 100
