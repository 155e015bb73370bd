"""Legacy roster import and export (SPEC §7, §7.1): all-or-nothing, every bad row named once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain.legacy import COLUMNS, LegacyHousehold, header_problems, parse_records
from app.domain.money import fen_to_yuan
from app.domain.programs import PROGRAM_NAMES, is_dibao
from app.domain.registry import HouseholdInput
from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.domain.sheet_table import Record, SheetData, SheetProblem, not_found_reason, records
from app.domain.table_mapping import Mapping, apply_mapping, auto_table
from app.errors import ImportRejected, RowProblem
from app.models import Case, Household, Member
from app.models.uow import UnitOfWork
from app.reports.xlsx_safe import safe_row
from app.services.cases import audit_case_created, new_case
from app.services.households import audit_created, new_household
from app.services.workbook import read_sheet, read_workbook

__all__ = ["ImportSummary", "export_legacy", "import_legacy", "read_sheet", "table_records"]

Progress = Callable[[int, int], None]  # (done, total); may raise Cancelled


@dataclass(frozen=True)
class ImportSummary:
    households: int
    members: int
    cases: dict[str, int]
    dry_run: bool
    where: str = ""  # the sheet (and header row) read, for the report
    warnings: tuple[RowProblem, ...] = ()  # e.g. accounts failing the Luhn check; imported anyway


def table_records(sheets: list[SheetData], mapping: Mapping | None = None
                  ) -> tuple[list[Record], str, list[RowProblem]]:
    """The roster's rows (by the header rules, or by a saved mapping), where they were found, and problems
    with the table itself (no header, a missing column): those come alone, without row knock-ons."""
    if mapping is not None:
        recs, used, problems = apply_mapping(sheets, mapping)
        return recs, "、".join(used), problems
    found = auto_table(sheets)
    if found is None:
        return [], "", [RowProblem(0, "", not_found_reason(sheets))]
    sheet, header = found
    return records(sheet, header), f"「{sheet.name}」（表头第 {header.first_row} 行）", header_problems(header)


def _id_conflicts(s: Session, households: list[LegacyHousehold]) -> list[RowProblem]:
    rows = {m.member.id_number: m for h in households for m in h.rows}
    ids, out = list(rows), []
    for i in range(0, len(ids), 900):
        q = select(Member.id_number, Member.household_id).where(
            Member.id_number.in_(ids[i:i + 900]), Member.removed.is_(False))
        for number, hid in s.execute(q):
            m = rows[number]
            sheet, row, label = m.record.where("身份证号") if m.record else ("", m.row, "身份证号")
            out.append(SheetProblem(row, label, f"{number} 已是库中户 {hid} 的成员，一人只能属于一户", sheet))
    return out


def import_legacy(uow: UnitOfWork, actor: Actor, path: Path, *, dry_run: bool = False,
                  progress: Progress | None = None, mapping: Mapping | None = None) -> ImportSummary:
    """Validate the whole file, then write everything in one transaction (or nothing)."""
    require_role(actor, *CLERK_ROLES)
    recs, where, problems = table_records(read_workbook(Path(path)), mapping)
    if problems:  # the table itself is wrong: its rows would only repeat it
        raise ImportRejected(problems)
    households, problems, warnings = parse_records(recs)
    if not households and not problems:
        raise ImportRejected([RowProblem(0, "", f"工作表{where}的表头下面没有数据行")])
    try:
        with uow.begin() as s:
            if not problems:  # a person already registered is only worth saying about rows that are right
                problems += _id_conflicts(s, households)
            if problems:
                raise ImportRejected(sorted(problems, key=_order))
            cases = _write_all(s, actor, households, progress)
            summary = ImportSummary(len(households), sum(len(h.rows) for h in households), cases, dry_run,
                                    where, tuple(sorted(warnings, key=_order)))
            if dry_run:
                raise _DryRun(summary)
    except _DryRun as done:
        return done.summary
    return summary


def _order(p: RowProblem) -> tuple:
    return (getattr(p, "sheet", ""), p.row, p.column)


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
                              legacy_no=hh.legacy_no, notes=hh.notes)
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
    if is_dibao(head.program):
        covered = [by_row[m.row] for m in hh.rows if m.program == head.program]
        made.append(new_case(s, household, head.program, head.start_month, head.amount_fen, covered,
                             payee_name=head.member.name, payee_account=hh.bank_account,
                             local_class=head.local_class))
    for m in hh.rows:
        if m.program and not is_dibao(m.program):
            made.append(new_case(s, household, m.program, m.start_month, m.amount_fen, [by_row[m.row]],
                                 payee_name=m.member.name, payee_account=hh.bank_account, support_mode="分散供养",
                                 local_class=m.local_class))
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
                ws.append(safe_row(ws, row))
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
    dibao = next((c for c in cases if is_dibao(c.program)), None)
    rows = []
    for m in (m for m in h.members if not m.removed):
        case = program_of.get(m.id)
        carry = dibao if (m is head and dibao) else (case if case and not is_dibao(case.program) else None)
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
