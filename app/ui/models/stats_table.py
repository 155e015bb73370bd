"""The year's indicators per program (the 统计分析 figures in brief) for the dashboard and the
stats page: one row per program, then the bold 合计 row (program "total")."""

from __future__ import annotations

from app.domain.indicators import money_text, pct_text
from app.ui.models.base import RIGHT, Column, ColumnsTableModel


def _bold_total(p) -> bool:  # noqa: ANN001 - a ProgramStats
    return p.program == "total"


def _figure(title: str, value) -> Column:  # noqa: ANN001 - a function of ProgramStats
    return Column(title, value, align=RIGHT, bold=_bold_total, tooltip=lambda _p: None)


YEAR_COLUMNS = (
    Column("项目", "name", bold=_bold_total, tooltip=lambda _p: None),
    _figure("月均户数", lambda p: f"{p.current.avg_households}"),
    _figure("月均人数", lambda p: f"{p.current.avg_persons}"),
    _figure("月人均(元)", lambda p: f"{p.current.avg_amount_per_person}"),
    _figure("发放金额(元)", lambda p: money_text(p.current.total_paid_fen)),
    _figure("户次", lambda p: str(p.current.households_times)),
    _figure("金额同比", lambda p: pct_text(p.change("total_paid_fen"))),
)


class YearTableModel(ColumnsTableModel):
    COLUMNS = YEAR_COLUMNS
    context = "YearTableModel"
