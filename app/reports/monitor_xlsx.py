"""The monitoring report workbook (SPEC §13): warnings raised per rule, handled, brought in, referred.

Sheet 「监测预警」: the period, one row per rule with the warnings raised, a 合计 row, then the
handling figures a 绩效自评报告 quotes, and a bar chart of the warnings per rule.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from app.domain.monitoring import RULES
from app.reports.output import atomic_output
from app.reports.xlsx_safe import set_text


def write_monitor_xlsx(report, path: Path, township: str = "") -> Path:  # noqa: ANN001 - MonitorReport
    wb = Workbook()
    ws = wb.active
    ws.title = "监测预警"
    ws.append([f"{township}低收入人口动态监测情况（{report.period}）"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(["预警规则", "预警数"])
    first = ws.max_row + 1
    for key, name in RULES.items():
        ws.append([name, report.raised.get(key, 0)])
    last = ws.max_row
    ws.append(["合计", sum(report.raised.values())])
    ws.append([])
    for label, value in (("已处理", report.handled), ("纳入救助（启动申请）", report.brought_in),
                         ("其中已确认纳入", report.approved), ("转介", report.referred),
                         ("核实不符合", report.not_eligible), ("情形消除自动关闭", report.closed),
                         ("当前未办结", report.open_now), ("当前逾期", report.overdue_now)):
        ws.append([label, value])
    for target, n in sorted(report.referrals.items()):
        set_text(ws.cell(ws.max_row + 1, 1, f"转介：{target}"))
        ws.cell(ws.max_row, 2, n)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 10
    chart = BarChart()
    chart.title = "各规则预警数"
    chart.add_data(Reference(ws, min_col=2, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.height, chart.width = 8, 16
    ws.add_chart(chart, "D3")
    path = Path(path)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return path
