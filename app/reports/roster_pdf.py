"""Roster PDF for signature (SPEC §5): per-village sections with subtotals, a grand total,
signature lines, "第 x 页 共 y 页", and a 草稿 mark on drafts.

Lines go into many small tables (CHUNK rows each) of plain-string cells, so layout time grows
linearly with the number of lines (one long reportlab table is quadratic).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from app.domain.money import format_fen
from app.domain.programs import PROGRAM_NAMES
from app.domain.roster_lines import COUNTED_KINDS, LineKind
from app.reports.pdf_common import (
    Title,
    build_pdf,
    cell,
    grid_table_style,
    para,
    pdf_styles,
    signature_lines,
    widths,
)

CHUNK = 40
HEADER = ("序号", "救助对象", "身份证号", "开户行", "账号", "人数", "类别", "金额(元)", "备注")
WEIGHTS = (4.5, 8, 19, 15, 11, 4.5, 5, 10, 11)
Progress = Callable[[int, int], None]


def _row(i: int, x) -> list[str]:  # noqa: ANN001
    account = f"尾号 {x.bank_account[-4:]}" if x.bank_account else ""
    person = getattr(x, "person", "") or x.payee_name
    note = x.note if x.kind != LineKind.REGULAR else ""
    if person != x.payee_name:  # 集中供养: the person by name, the institution that receives it in 备注
        note = f"{x.payee_name}代收"
    return [str(i), person, x.id_masked, x.bank_name, account, str(x.persons), x.kind,
            format_fen(x.amount_fen), note[:20]]


def _note_style() -> ParagraphStyle:
    return ParagraphStyle("jz-roster-note", parent=pdf_styles().cell, fontSize=8.5, leading=10, rightIndent=0)


def _table(rows: list[list[str]], col_widths: list[float], total_rows: int = 0) -> Table:
    note, room = _note_style(), col_widths[-1] - 4
    rows = [[*r[:-1], cell(r[-1], note, room) if r[-1] else ""] for r in rows]  # a long 备注 wraps in its cell
    t = Table([list(HEADER), *rows], colWidths=col_widths, repeatRows=1)
    style = grid_table_style(font_size=8.5, padding=2)
    style.add("ALIGN", (5, 1), (5, -1), "CENTER")
    style.add("ALIGN", (7, 1), (7, -1), "RIGHT")
    if total_rows:
        style.add("SPAN", (0, -total_rows), (6, -total_rows))
    t.setStyle(style)
    return t


def _total_table(row: list[str], col_widths: list[float], size: float) -> Table:
    style = grid_table_style(header_rows=0, font_size=size, padding=2)
    style.add("SPAN", (0, 0), (6, 0))
    style.add("ALIGN", (7, 0), (7, 0), "RIGHT")
    return Table([row], colWidths=col_widths, style=style)


def _subtotal(label: str, lines: Sequence) -> list[str]:
    counted = [x for x in lines if x.kind in COUNTED_KINDS and x.amount_fen > 0]
    return [f"{label}：{len({x.household_id for x in counted})} 户 {sum(x.persons for x in counted)} 人",
            "", "", "", "", "", "", format_fen(sum(x.amount_fen for x in lines)), ""]


def roster_pdf(lines: Sequence, path: Path, *, township: str, month: str, program: str | None, draft: bool,
               confirmed_by: str = "", progress: Progress | None = None) -> Path:
    st = pdf_styles()
    col_widths = widths(*WEIGHTS)
    what = PROGRAM_NAMES[program] if program else "社会救助资金"
    story: list = [Title(f"{township}{what}发放花名册"),
                   para(f"发放月份：{month}　　状态：{'草稿（未确认，不得据此发放）' if draft else '已确认'}",
                        st.subtitle)]
    done = 0
    by_program = groupby(lines, key=lambda x: x.program)
    for prog, prog_lines in by_program:
        prog_lines = list(prog_lines)
        if not program:
            story.append(para(f"【{PROGRAM_NAMES[prog]}】", st.heading))
        for village, v_lines in groupby(sorted(prog_lines, key=lambda x: x.village), key=lambda x: x.village):
            v_lines = list(v_lines)
            story.append(para(village, st.heading))  # plain text: a village name is never markup
            for start in range(0, len(v_lines), CHUNK):
                chunk = v_lines[start:start + CHUNK]
                rows = [_row(start + i + 1, x) for i, x in enumerate(chunk)]
                last = start + CHUNK >= len(v_lines)
                if last:
                    rows.append(_subtotal(f"{village} 小计", v_lines))
                story.append(_table(rows, col_widths, total_rows=1 if last else 0))
            done += len(v_lines)
            if progress:
                progress(done, len(lines))
        if not program:
            story.append(_total_table(_subtotal(f"{PROGRAM_NAMES[prog]} 合计", prog_lines), col_widths, 8.5))
    story += [Spacer(0, 3 * mm), _total_table(_subtotal("总计", lines), col_widths, 9),
              signature_lines(filled={"审核人": confirmed_by} if confirmed_by else None)]
    return build_pdf(path, story, title=f"{township}{what}发放花名册 {month}", draft=draft,
                     footer_note=f"{month} {what}")
