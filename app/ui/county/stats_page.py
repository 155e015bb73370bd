"""统计: the county indicators of a year or a month (county_stats_json, from the confirmed rosters the
townships sent) - the county total and each township, one row per program - and their xlsx."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.county.admin import County
from app.county.stats import county_stats_json, monthly_paid, roster_years, stats_rows
from app.domain.roles import Actor
from app.ui import ops, prompts
from app.ui.county.chart import BarChart
from app.ui.county.common import heading, hint, refused
from app.ui.models.county_tables import stats_model
from app.ui.widgets import make_table

FIRST_YEAR = 2015


def monitoring_text(m: dict) -> str:
    """SPEC §13 over every township's warnings, in one line."""
    from app.domain.monitoring import RULES

    raised = "，".join(f"{RULES[rule]} {n}" for rule, n in m.get("raised", {}).items() if n and rule in RULES)
    return (f"低收入人口监测：本期预警 {sum(m.get('raised', {}).values())} 条" + (f"（{raised}）" if raised else "")
            + f"；纳入救助 {m.get('brought_in', 0)}，转介 {m.get('referred', 0)}，不符合 {m.get('not_eligible', 0)}；"
            f"尚未办结 {m.get('open', 0)}")


class CountyStatsPage(QWidget):
    def __init__(self, county: County, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.county, self.actor = county, actor
        self.year_combo, self.month_combo = QComboBox(), QComboBox()
        self.year_combo.setAccessibleName(self.tr("年度"))
        self.month_combo.setAccessibleName(self.tr("月份"))
        sent = roster_years(county)
        for y in sorted(set(range(date.today().year, FIRST_YEAR - 1, -1)) | set(sent), reverse=True):
            self.year_combo.addItem(self.tr("{0} 年").format(y), y)
        if sent:  # the newest year the townships sent rosters for, not an empty current year
            self.year_combo.setCurrentIndex(self.year_combo.findData(sent[0]))
        self.month_combo.addItem(self.tr("全年"), None)
        for m in range(1, 13):
            self.month_combo.addItem(self.tr("{0} 月").format(m), m)
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.title = heading("")
        self.model = stats_model(self)
        self.table = make_table(self.model, sortable=False, stretch=False)
        self.table.setAccessibleName(self.tr("全县绩效指标"))
        top = QHBoxLayout()
        for w in (QLabel(self.tr("年度：")), self.year_combo, QLabel(self.tr("月份：")), self.month_combo):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.monitoring = QLabel()
        self.monitoring.setAccessibleName(self.tr("低收入人口监测"))
        self.monitoring.setWordWrap(True)
        layout.addWidget(self.monitoring)
        self.chart = BarChart()
        self.chart.setAccessibleName(self.tr("各月发放金额"))
        layout.addWidget(self.chart)
        layout.addWidget(hint(self.tr("按各乡镇报送的已确认发放花名册汇总（实际发放）；未报送的月份按未发放计。")))
        self.year_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.month_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.export_button.clicked.connect(self.export_xlsx)
        self.refresh()

    def period(self) -> tuple[int, int | None]:
        return self.year_combo.currentData(), self.month_combo.currentData()

    def _title(self) -> str:
        year, month = self.period()
        return self.tr("{0} {1} 年{2}社会救助绩效指标").format(
            self.county.keys.public.name, year, self.tr(" {0} 月").format(month) if month else "")

    def refresh(self) -> None:
        """Every township's rosters are read: off the GUI thread, with a progress dialog if slow."""
        county, (year, month) = self.county, self.period()
        ops.run(self, lambda _progress: (county_stats_json(county, year, month), monthly_paid(county, year)),
                label=self.tr("正在汇总全县指标…"), on_done=lambda result: self._show(year, *result),
                on_error=lambda exc: refused(self, self.tr("无法统计"), exc))

    def _show(self, year: int, stats: dict, paid: list[tuple[str, int]]) -> None:
        self.title.setText(self._title())
        self.model.set_rows(stats_rows(stats))
        self.monitoring.setText(monitoring_text(stats["monitoring"]))
        self.chart.set_bars([(self.tr("{0} 月").format(int(m[5:])), fen) for m, fen in paid],
                            self.tr("{0} 年全县各月发放金额（元，各项目合计）").format(year))

    def export_xlsx(self) -> None:
        year, month = self.period()
        path = prompts.current().save_file(self, self.tr("导出全县绩效指标"),
                                           f"全县绩效指标_{year}{f'-{month:02d}' if month else ''}.xlsx")
        if path is None:
            return
        from app.reports.county_stats_xlsx import write_county_stats_xlsx

        county, title = self.county, self._title()
        ops.run(self, lambda _progress: write_county_stats_xlsx(
                    title, stats_rows(county_stats_json(county, year, month)), path),
                label=self.tr("正在导出…"),
                on_done=lambda p: prompts.current().info(self, self.tr("已导出"), str(p)),
                on_error=lambda exc: refused(self, self.tr("导出失败"), exc))
