"""Exporting rosters: xlsx, the bank file (confirmed rosters only) and the PDF for signature.

The bank file holds full ID numbers and accounts; the roster workbook masks them (SPEC §10)
unless a reviewer or an administrator asks for the full form, which is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.domain.programs import PROGRAM_NAMES
from app.domain.roles import Actor, require_role
from app.errors import Conflict, IntegrityFailure, InvalidInput, NotFound
from app.models import Roster, Township
from app.models.uow import UnitOfWork
from app.reports.output import check_output
from app.reports.roster_pdf import roster_pdf
from app.reports.roster_xlsx import write_bank_file, write_roster_xlsx
from app.services import audit
from app.services.roster_queries import roster_lines
from app.services.rosters import check_month, content_hash, roster_content

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    lines: int
    total_fen: int
    draft: bool


@dataclass(frozen=True)
class _RosterInfo:
    id: int
    program: str
    state: str
    confirmed_by: str


def _rosters(uow: UnitOfWork, month: str, program: str | None) -> tuple[list[_RosterInfo], str]:
    with uow.read() as s:
        q = select(Roster).where(Roster.month == month)
        if program:
            q = q.where(Roster.program == program)
        township = s.scalar(select(Township.name)) or ""
        rosters = []
        for r in s.scalars(q):
            if r.state != "draft" and content_hash(roster_content(s, r)) != r.content_hash:
                raise IntegrityFailure(f"{month} {PROGRAM_NAMES[r.program]}花名册内容与确认时的校验值不符，可能被篡改")
            rosters.append(_RosterInfo(r.id, r.program, r.state, r.confirmed_by))
    if not rosters:
        what = PROGRAM_NAMES.get(program or "", "")
        raise NotFound(f"{month} 没有{what}花名册，请先生成")
    return rosters, township


def export_roster(uow: UnitOfWork, actor: Actor, month: str, *, program: str | None = None,
                  xlsx: Path | None = None, pdf: Path | None = None, bank: Path | None = None,
                  full: bool = False, progress: Progress | None = None) -> list[ExportResult]:
    """Write the files asked for; `full` (reviewer or admin) puts full IDs and accounts into the xlsx."""
    if full:
        require_role(actor, "reviewer", "admin")
        if not xlsx:
            raise InvalidInput("完整身份证号和账号只用于花名册 xlsx（--full 须与 --xlsx 同用）")
    else:
        require_role(actor, "clerk", "reviewer")
    month = check_month(month)
    for given in (xlsx, pdf, bank):
        if given is not None:
            check_output(given)
    rosters, township = _rosters(uow, month, program)
    draft = any(r.state == "draft" for r in rosters)
    lines = [x for x in roster_lines(uow, month, program) if x.program in {r.program for r in rosters}]
    total = sum(x.amount_fen for x in lines)
    results = []
    if bank:
        if draft:
            raise Conflict("花名册尚未确认，不能生成银行代发文件（请审核人先确认）")
        n, total_bank = write_bank_file(lines, month, Path(bank), progress=progress)
        _mark_exported(uow, actor, [r.id for r in rosters], Path(bank).name)
        results.append(ExportResult(Path(bank), n, total_bank, False))
    if xlsx:
        title = f"{township}{PROGRAM_NAMES[program] if program else '社会救助资金'}发放花名册"
        write_roster_xlsx(lines, month, Path(xlsx), title=title, draft=draft, full=full, progress=progress)
        if full:
            _audit_full(uow, actor, [r.id for r in rosters], month, Path(xlsx).name)
        results.append(ExportResult(Path(xlsx), len(lines), total, draft))
    if pdf:
        confirmed_by = "、".join(sorted({r.confirmed_by for r in rosters if r.confirmed_by}))
        roster_pdf(lines, Path(pdf), township=township, month=month, program=program, draft=draft,
                   confirmed_by=confirmed_by, progress=progress)
        results.append(ExportResult(Path(pdf), len(lines), total, draft))
    return results


def _mark_exported(uow: UnitOfWork, actor: Actor, roster_ids: list[int], filename: str) -> None:
    with uow.begin() as s:
        for r in s.scalars(select(Roster).where(Roster.id.in_(roster_ids))):
            if r.state == "confirmed":
                r.state = "exported"
            audit.append(s, actor, "roster.export_bank", "roster", r.id,
                         after={"month": r.month, "program": r.program, "file": filename})


def _audit_full(uow: UnitOfWork, actor: Actor, roster_ids: list[int], month: str, filename: str) -> None:
    """Full ID numbers and accounts left the application: who, which rosters, which file."""
    with uow.begin() as s:
        for roster_id in roster_ids:
            audit.append(s, actor, "roster.export_full", "roster", roster_id, after={"month": month, "file": filename})
