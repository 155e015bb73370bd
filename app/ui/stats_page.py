"""统计分析: the indicators of a year or a month (SPEC §6) and their xlsx for the self-evaluation report."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.roles import Actor
from app.services.stats import indicators, years_with_rosters
from app.ui import ops, prompts
from app.ui.models.stats_table import YearTableModel


class StatsPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self.year_combo, self.month_combo = QComboBox(), QComboBox()
        years = years_with_rosters(ctx.uow) or [date.today().year]
        for y in sorted(years, reverse=True):
            self.year_combo.addItem(self.tr("{0} 年").format(y), y)
        self.month_combo.addItem(self.tr("全年"), None)
        for m in range(1, 13):
            self.month_combo.addItem(self.tr("{0} 月").format(m), m)
        self.export_button = QPushButton(self.tr("导出绩效指标 Excel…"))
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.note = QLabel(self.tr("指标按已确认的发放花名册计算（实际发放）；没有确认花名册的月份按未发放计。"))
        self.note.setStyleSheet("color: #666;")
        self.model = YearTableModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        top = QHBoxLayout()
        for w in (QLabel(self.tr("年度：")), self.year_combo, QLabel(self.tr("月份：")), self.month_combo):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.year_combo.currentIndexChanged.connect(self.refresh)
        self.month_combo.currentIndexChanged.connect(self.refresh)
        self.export_button.clicked.connect(self.export_xlsx)
        self.refresh()

    def period(self) -> tuple[int, int | None]:
        return self.year_combo.currentData(), self.month_combo.currentData()

    def refresh(self) -> None:
        report = indicators(self.ctx.uow, *self.period())
        self.title.setText(self.tr("{0} {1} 社会救助绩效指标").format(report.township, report.period))
        self.model.set_rows([*report.programs.values(), report.total])

    def export_xlsx(self) -> None:
        year, month = self.period()
        suggested = f"绩效指标_{year}{f'-{month:02d}' if month else ''}.xlsx"
        path = prompts.current().save_file(self, self.tr("导出绩效指标"), suggested)
        if path is None:
            return
        from app.reports.stats_xlsx import write_stats_xlsx

        uow = self.ctx.uow
        ops.run(self, lambda progress: write_stats_xlsx(indicators(uow, year, month), path),
                label=self.tr("正在导出…"),
                on_done=lambda p: prompts.current().info(self, self.tr("已导出"), str(p)),
                on_error=lambda exc: prompts.current().show_error(self, self.tr("导出失败"), exc))


def make_stats_page(window) -> StatsPage:  # noqa: ANN001 - a MainWindow
    return StatsPage(window.ctx, window.actor, window)
