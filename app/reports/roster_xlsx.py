"""Roster and bank-file workbooks (SPEC §5), written with openpyxl's write-only mode.

The bank file carries full ID numbers and accounts (the bank needs them); the roster workbook
masks them unless the caller asks for the full form (SPEC §10). No text is ever a formula
(xlsx_safe.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from app.domain.masking import mask_account, mask_id
from app.domain.money import fen_to_yuan
from app.domain.programs import PROGRAM_NAMES
from app.domain.roster_lines import LineKind
from app.reports.output import atomic_output
from app.reports.xlsx_safe import safe_row, set_text

BANK_COLUMNS = ("序号", "村(社区)", "户主/收款人", "身份证号", "开户行", "账号", "项目", "人数", "月份", "金额(元)", "备注")
ROSTER_COLUMNS = ("序号", "项目", "村(社区)", "救助对象", "收款人", "身份证号", "开户行", "账号", "人数", "类别", "所属月份",
                  "金额(元)", "备注")
Progress = Callable[[int, int], None]


def _money(fen: int) -> Decimal:
    return fen_to_yuan(fen)


def _person(x) -> str:  # noqa: ANN001 - a roster line
    """The person a line is for (SPEC §5: a 集中供养 person under their own name, never the institution)."""
    return getattr(x, "person", "") or x.payee_name


def _bank_note(x) -> str:  # noqa: ANN001 - a roster line
    """备注 of the bank file: the adjustment's note; for an institution paid for a person, that person."""
    notes = [x.note] if x.kind != LineKind.REGULAR and x.note else []
    if _person(x) != x.payee_name:
        notes.insert(0, f"集中供养：{_person(x)}")
    return "；".join(notes)


def _header(ws, columns: Sequence[str]) -> None:  # noqa: ANN001
    bold = Font(bold=True)
    cells = []
    for name in columns:
        c = WriteOnlyCell(ws, value=name)
        c.font, c.alignment = bold, Alignment(horizontal="center")
        cells.append(c)
    ws.append(cells)


def _money_cell(ws, fen: int) -> WriteOnlyCell:  # noqa: ANN001
    c = WriteOnlyCell(ws, value=_money(fen))
    c.number_format = "0.00"
    return c


def _text_cell(ws, value: str) -> WriteOnlyCell:  # noqa: ANN001
    c = WriteOnlyCell(ws, value=value)
    c.number_format = "@"  # ID numbers and accounts stay text: Excel would round 18 digits
    return set_text(c)


def write_bank_file(lines: Sequence, month: str, path: Path, *, progress: Progress | None = None) -> tuple[int, int]:
    """One sheet, the columns of SPEC §5 with a 项目 column and a total row; returns (rows, total fen)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("代发清单")
    ws.column_dimensions["D"].width = ws.column_dimensions["F"].width = 22
    _header(ws, BANK_COLUMNS)
    total = n = 0
    for n, x in enumerate((x for x in lines if x.amount_fen != 0), start=1):
        ws.append(safe_row(ws, [n, x.village, x.payee_name, _text_cell(ws, x.payee_id_number), x.bank_name,
                                _text_cell(ws, x.bank_account), PROGRAM_NAMES[x.program], x.persons, month,
                                _money_cell(ws, x.amount_fen), _bank_note(x)]))
        total += x.amount_fen
        if progress and n % 2000 == 0:
            progress(n, len(lines))
    ws.append(["合计", None, None, None, None, None, None, sum(x.persons for x in lines if x.kind == LineKind.REGULAR),
               None, _money_cell(ws, total), f"共 {n} 笔"])
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return n, total


def write_roster_xlsx(lines: Sequence, month: str, path: Path, *, title: str, draft: bool, full: bool = False,
                      progress: Progress | None = None) -> int:
    """Every line (including 停发), with the draft mark in the title when not confirmed.

    ID numbers and accounts are masked as in lists (430902********123X, ****5678) unless `full`.
    """
    id_text, account_text = (str, str) if full else (mask_id, mask_account)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(safe_row(ws, [f"{title}（{month}）" + ("【草稿】" if draft else "")]))
    _header(ws, ROSTER_COLUMNS)
    total = 0
    for i, x in enumerate(lines, start=1):
        ws.append(safe_row(ws, [i, PROGRAM_NAMES[x.program], x.village, _person(x), x.payee_name,
                                _text_cell(ws, id_text(x.payee_id_number or "")), x.bank_name,
                                _text_cell(ws, account_text(x.bank_account or "")), x.persons, x.kind, x.for_month,
                                _money_cell(ws, x.amount_fen), x.note]))
        total += x.amount_fen
        if progress and i % 2000 == 0:
            progress(i, len(lines))
    ws.append(["合计", None, None, None, None, None, None, None, None, None, None, _money_cell(ws, total), None])
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return len(lines)
