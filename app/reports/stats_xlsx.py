"""The indicator workbook (SPEC §6), laid out as the indicator table of a 绩效自评报告.

Sheet 「绩效指标」: title, township and period, one row per program with this period's
indicators, last year's, and the change in percent, a 合计 row and notes on how each figure is
counted. Sheet 「月度明细」: households, persons and amount paid per month and program.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from app.domain.money import fen_to_yuan
from app.domain.programs import PROGRAM_NAMES
from app.reports.output import atomic_output
from app.reports.xlsx_safe import set_text

# (header, width, value of a ProgramStats, number format)
INDICATOR_COLUMNS = (
    ("项目", 14, lambda p: p.name, "@"),
    ("月均保障户数(户)", 12, lambda p: p.current.avg_households, "0.00"),
    ("月均保障人数(人)", 12, lambda p: p.current.avg_persons, "0.00"),
    ("月人均补助水平(元)", 13, lambda p: p.current.avg_amount_per_person, "0.00"),
    ("累计发放金额(元)", 15, lambda p: fen_to_yuan(p.current.total_paid_fen), "#,##0.00"),
    ("累计户次", 10, lambda p: p.current.households_times, "0"),
    ("累计人次", 10, lambda p: p.current.person_times, "0"),
    ("上年月均人数(人)", 12, lambda p: p.previous.avg_persons, "0.00"),
    ("人数同比(%)", 10, lambda p: p.change("avg_persons"), "0.00"),
    ("上年发放金额(元)", 15, lambda p: fen_to_yuan(p.previous.total_paid_fen), "#,##0.00"),
    ("金额同比(%)", 10, lambda p: p.change("total_paid_fen"), "0.00"),
    ("人均补助同比(%)", 11, lambda p: p.change("avg_amount_per_person"), "0.00"),
    ("保障覆盖率(%)", 11, lambda p: p.coverage_pct, "0.00"),
    ("新增(件)", 8, lambda p: p.new_cases, "0"),
    ("停保(件)", 8, lambda p: p.ended_cases, "0"),
)
NOTES = (
    "口径说明：",
    "1. 数据取自已确认（含已导出）的月度发放花名册，即实际发放数；未确认或未生成花名册的月份按未发放计。",
    "2. 月均户数、月均人数 = 统计期间各月发放户数、人数之和 ÷ 期间月数（全年为 12），四舍五入保留两位小数。",
    "3. 月人均补助水平 = 累计发放金额 ÷ 累计人次；金额含补发、调整，计入实际发放的月份。",
    "4. 累计户次 = 各月发放户数之和；临时救助按救助次数计户次，按每次救助人数计人次。",
    "5. 保障覆盖率 = 月均保障人数 ÷ 乡镇总人口；同比 = （本期 − 上年同期）÷ 上年同期。",
    "6. 合计行：户数、人数、覆盖率为城乡低保、特困四项之和；金额、户次为全部六个项目之和。",
)
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


def _cell(ws, row: int, col: int, value: object, fmt: str = "@", *, bold: bool = False, fill=None):  # noqa: ANN001
    c = set_text(ws.cell(row=row, column=col, value=value if value is not None else "—"))
    if value is not None and not isinstance(value, str):
        c.number_format = fmt
        c.alignment = Alignment(horizontal="right", vertical="center")
    else:
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    c.border = BOX
    if bold:
        c.font = Font(bold=True)
    if fill is not None:
        c.fill = fill
    return c


def _title(ws, text: str, width: int, row: int, *, size: int = 16) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    c = set_text(ws.cell(row=row, column=1, value=text))
    c.font = Font(bold=True, size=size)
    c.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[row].height = 30 if size > 12 else 20


def _indicator_sheet(ws, report) -> None:  # noqa: ANN001
    width = len(INDICATOR_COLUMNS)
    township = f"{report.township}（{report.township_code}）" if report.township_code else report.township
    _title(ws, f"{report.township}{report.year}年社会救助绩效自评指标表", width, 1)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    population = f"{report.population} 人" if report.population else "未设置"
    set_text(ws.cell(row=2, column=1, value=f"填报单位：{township}　　统计期间：{report.period}　　"
                                            f"乡镇总人口：{population}　　生成时间：{datetime.now():%Y-%m-%d %H:%M}"))
    ws.cell(row=2, column=1).alignment = Alignment(horizontal="left")
    for col, (header, w, _, _) in enumerate(INDICATOR_COLUMNS, start=1):
        _cell(ws, 3, col, header, bold=True, fill=HEAD_FILL)
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.row_dimensions[3].height = 36
    rows = [*report.programs.values(), report.total]
    for r, p in enumerate(rows, start=4):
        total = p is report.total
        for col, (_, _, value, fmt) in enumerate(INDICATOR_COLUMNS, start=1):
            _cell(ws, r, col, _plain(value(p)), fmt, bold=total or col == 1,
                  fill=TOTAL_FILL if total else None)
    for i, note in enumerate(NOTES, start=len(rows) + 5):
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
        set_text(ws.cell(row=i, column=1, value=note)).font = Font(bold=i == len(rows) + 5, size=10)
    ws.freeze_panes = "B4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _plain(value: object) -> object:
    """Decimal -> float for the cell (Excel stores doubles); ints and text as they are."""
    return float(value) if isinstance(value, Decimal) else value


def _monthly_sheet(ws, report) -> None:  # noqa: ANN001
    programs = list(report.monthly)
    width = 1 + 3 * len(programs)
    _title(ws, f"{report.township}{report.year}年各月救助发放明细", width, 1, size=14)
    for r in (2, 3):  # cells first (borders on every one), merges after
        _cell(ws, r, 1, "月份" if r == 2 else "", bold=True, fill=HEAD_FILL)
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    ws.column_dimensions["A"].width = 10
    for i, key in enumerate(programs):
        col = 2 + 3 * i
        for j, (label, w) in enumerate((("户数", 7), ("人数", 7), ("金额(元)", 13))):
            _cell(ws, 2, col + j, PROGRAM_NAMES[key] if j == 0 else "", bold=True, fill=HEAD_FILL)
            _cell(ws, 3, col + j, label, bold=True, fill=HEAD_FILL)
            ws.column_dimensions[get_column_letter(col + j)].width = w
        ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + 2)
    months = len(report.monthly[programs[0]]) if programs else 0
    for r in range(months):
        _cell(ws, 4 + r, 1, report.monthly[programs[0]][r].month)
        for i, key in enumerate(programs):
            pt = report.monthly[key][r]
            for j, (v, fmt) in enumerate(((pt.households, "0"), (pt.persons, "0"),
                                          (float(fen_to_yuan(pt.paid_fen)), "#,##0.00"))):
                _cell(ws, 4 + r, 2 + 3 * i + j, v, fmt)
    last = 4 + months
    _cell(ws, last, 1, "合计", bold=True, fill=TOTAL_FILL)
    for i, key in enumerate(programs):
        pts = report.monthly[key]
        sums = ((sum(p.households for p in pts), "0"), (sum(p.persons for p in pts), "0"),
                (float(fen_to_yuan(sum(p.paid_fen for p in pts))), "#,##0.00"))
        for j, (v, fmt) in enumerate(sums):
            _cell(ws, last, 2 + 3 * i + j, v, fmt, bold=True, fill=TOTAL_FILL)
    ws.freeze_panes = "B4"
    ws.page_setup.orientation = "landscape"


def write_stats_xlsx(report, path: Path) -> Path:  # noqa: ANN001 - a services.stats.StatsReport
    """Write the workbook atomically; returns the path."""
    wb = Workbook()
    _indicator_sheet(wb.active, report)
    wb.active.title = "绩效指标"
    _monthly_sheet(wb.create_sheet("月度明细"), report)
    path = Path(path)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path
