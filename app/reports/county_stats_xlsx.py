"""The county indicators (`county gui` 统计) as an xlsx: one sheet, the county total first, then each
township, one row per program. Its input rows are plain values (app.county.stats builds them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HEADERS = ("乡镇", "项目", "月均户数", "月均人数", "人均救助(元)", "发放金额(元)", "户次")
WIDTHS = (18, 14, 12, 12, 14, 16, 10)


@dataclass(frozen=True)
class CountyStatsRow:
    township: str
    program: str
    avg_households: float
    avg_persons: float
    avg_amount_per_person: str  # yuan text, 2 decimals
    total_paid: str  # yuan text
    households_times: int


def write_county_stats_xlsx(title: str, rows: list[CountyStatsRow], path: str | Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "全县绩效指标"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A1"].font = Font(size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r.township, r.program, r.avg_households, r.avg_persons, float(r.avg_amount_per_person),
                   float(r.total_paid), r.households_times])
        for cell in ws[ws.max_row][4:6]:
            cell.number_format = "0.00"
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    path = Path(path)
    wb.save(path)
    return path
