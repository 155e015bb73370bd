"""DashboardPage (首页): counts, due work, and charts of what was paid (SPEC §6).

QtCharts is not part of PySide6-Essentials, so the two charts are small QPainter widgets:
`TrendChart` (lines, or stacked bars, per program over the months of a year) and `MixChart`
(a donut of the program mix). The figures come from services.stats (confirmed rosters only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.programs import CASE_PROGRAMS, PROGRAM_NAMES
from app.domain.roles import Actor
from app.services.application_queries import work_list
from app.services.case_lifecycle import reviews_due
from app.services.holiday_notice import missing_next_year
from app.services.monitoring_handle import warning_counts
from app.services.stats import (
    MonthPoint,
    Overview,
    StatsReport,
    indicators,
    overview,
    years_with_rosters,
)
from app.services.township import township_info
from app.ui import ops, prompts
from app.ui.models.stats_table import YearTableModel

COLORS = {"urban_dibao": "#2f6db5", "rural_dibao": "#46a35a", "urban_tekun": "#e0892e",
          "rural_tekun": "#c4453c", "temporary": "#8a5cb8", "price_subsidy": "#7f8c8d"}
Series = tuple[str, QColor, list[float]]


def _short(value: float) -> str:
    """Axis label: 12500 -> 1.25万, 800 -> 800."""
    if abs(value) >= 10000:
        return f"{value / 10000:.4g}万"
    return f"{value:.4g}" if value % 1 else f"{int(value)}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * step >= value:
            return m * step
    return 10 * step


def _begin(widget: QWidget, title: str) -> QPainter:
    """A painter on a white card with the chart's title drawn in bold."""
    p = QPainter(widget)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(widget.rect(), QColor("white"))
    bold = QFont(widget.font())
    bold.setBold(True)
    p.setFont(bold)
    p.drawText(QRectF(12, 6, widget.width() - 24, 24), Qt.AlignmentFlag.AlignLeft, title)
    p.setFont(widget.font())
    return p


class TrendChart(QWidget):
    """Values per month for several series: lines, or bars stacked per month."""

    def __init__(self, title: str, unit: str, stacked: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.unit, self.stacked = title, unit, stacked
        self.labels: list[str] = []
        self.series: list[Series] = []
        self.setMinimumSize(420, 260)

    def set_data(self, labels: list[str], series: list[Series]) -> None:
        self.labels, self.series = labels, series
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802, ANN001 - Qt API
        p = _begin(self, f"{self.title}（{self.unit}）")
        x, y = 12.0, 36.0
        for name, color, _ in self.series:  # legend under the title, wrapped to the width
            width = p.fontMetrics().horizontalAdvance(name) + 30
            if x > 12 and x + width > self.width():
                x, y = 12.0, y + 20
            p.fillRect(QRectF(x, y, 10, 10), color)
            p.setPen(QColor("#333"))
            p.drawText(QPointF(x + 14, y + 10), name)
            x += width
        plot = QRectF(58, y + 24, self.width() - 74, self.height() - y - 54)
        totals = ([sum(s[2][i] for s in self.series) for i in range(len(self.labels))] if self.stacked
                  else [v for s in self.series for v in s[2]])
        top = _nice_max(max(totals, default=0))
        p.setPen(QPen(QColor("#ddd"), 1))
        for i in range(6):
            y = plot.bottom() - plot.height() * i / 5
            p.setPen(QPen(QColor("#e6e6e6"), 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(QColor("#666"))
            p.drawText(QRectF(0, y - 9, plot.left() - 6, 18), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       _short(top * i / 5))
        n = max(len(self.labels), 1)
        slot = plot.width() / n
        for i, label in enumerate(self.labels):
            p.drawText(QRectF(plot.left() + i * slot, plot.bottom() + 4, slot, 18), Qt.AlignmentFlag.AlignHCenter, label)
        if not any(totals):
            p.setPen(QColor("#999"))
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("暂无已确认的发放数据"))
            return
        if self.stacked:
            self._bars(p, plot, slot, top)
        else:
            self._lines(p, plot, slot, top)

    def _bars(self, p: QPainter, plot: QRectF, slot: float, top: float) -> None:
        for i in range(len(self.labels)):
            y = plot.bottom()
            for _, color, values in self.series:
                h = plot.height() * values[i] / top
                p.fillRect(QRectF(plot.left() + i * slot + slot * 0.2, y - h, slot * 0.6, h), color)
                y -= h

    def _lines(self, p: QPainter, plot: QRectF, slot: float, top: float) -> None:
        for _, color, values in self.series:
            points = [QPointF(plot.left() + (i + 0.5) * slot, plot.bottom() - plot.height() * v / top)
                      for i, v in enumerate(values)]
            path = QPainterPath(points[0])
            for pt in points[1:]:
                path.lineTo(pt)
            p.setPen(QPen(color, 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            p.setBrush(color)
            for pt in points:
                p.drawEllipse(pt, 2.5, 2.5)


class MixChart(QWidget):
    """A donut of each program's share, with a legend naming value and percentage."""

    def __init__(self, title: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.unit = title, unit
        self.slices: list[tuple[str, QColor, float]] = []
        self.setMinimumSize(320, 260)

    def set_data(self, slices: list[tuple[str, QColor, float]]) -> None:
        self.slices = [s for s in slices if s[2] > 0]
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802, ANN001 - Qt API
        p = _begin(self, self.title)
        total = sum(v for *_, v in self.slices)
        size = min(self.height() - 60, self.width() * 0.5)
        ring = QRectF(16, 40, size, size)
        if not total:
            p.setPen(QColor("#999"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("暂无在保对象"))
            return
        angle = 90 * 16
        for _name, color, value in self.slices:
            span = -round(360 * 16 * value / total)
            p.setPen(QPen(QColor("white"), 2))
            p.setBrush(color)
            p.drawPie(ring, angle, span)
            angle += span
        p.setBrush(QColor("white"))
        hole = ring.adjusted(size * 0.22, size * 0.22, -size * 0.22, -size * 0.22)
        p.drawEllipse(hole)
        p.setPen(QColor("#333"))
        p.drawText(hole, Qt.AlignmentFlag.AlignCenter, f"{_short(total)}\n{self.unit}")
        y = 50.0
        for name, color, value in self.slices:
            p.fillRect(QRectF(ring.right() + 20, y - 10, 12, 12), color)
            p.drawText(QPointF(ring.right() + 38, y), f"{name}  {_short(value)}{self.unit}  {value / total:.1%}")
            y += 24


class CountCard(QFrame):
    """A figure with its label; a card with a target page is a button."""

    clicked = Signal()

    def __init__(self, label: str, clickable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet("#card { background: white; border: 1px solid #dcdcdc; border-radius: 6px; }")
        self.value_label, self.caption = QLabel("—"), QLabel(label)
        self.value_label.setStyleSheet("font-size: 20pt; font-weight: bold; color: #1f4e79;")
        self.caption.setStyleSheet("color: #555;")
        self.detail = QLabel("")
        self.detail.setStyleSheet("color: #b03a2e;")
        layout = QVBoxLayout(self)
        for w in (self.caption, self.value_label, self.detail):
            layout.addWidget(w)
        self.clickable = clickable
        if clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip(self.tr("点击查看"))

    def set_value(self, value: str, detail: str = "") -> None:
        self.value_label.setText(value)
        self.detail.setText(detail)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        if self.clickable and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


@dataclass(frozen=True)
class DashboardData:
    overview: Overview
    work_due: int
    work_overdue: int
    reviews_due: int
    reviews_overdue: int
    years: list[int]
    year: int
    report: StatsReport
    missing_holiday_year: int | None = None  # next year's holidays not entered (from 1 November)
    warnings: tuple[int, int] = (0, 0)  # 低收入人口监测 (SPEC §13): open, overdue

    @property
    def series(self) -> dict[str, list[MonthPoint]]:
        return self.report.monthly


def load_dashboard(ctx: AppContext, year: int | None, today: date) -> DashboardData:
    """Everything the page shows (runs off the GUI thread)."""
    work = work_list(ctx.uow, today)
    reviews = reviews_due(ctx.uow, today)
    years = years_with_rosters(ctx.uow)
    year = year or (years[0] if years else today.year)
    return DashboardData(overview(ctx.uow, today), len(work), sum(r.due_status == "overdue" for r in work),
                         len(reviews), sum(r.due < today for r in reviews), years, year, indicators(ctx.uow, year),
                         missing_next_year(ctx.uow, today), warning_counts(ctx.uow, today))


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None, *,
                 navigate: Callable[[str], object] | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.navigate, self.today = ctx, actor, navigate, today
        self.data: DashboardData | None = None
        self._seen = False
        info = township_info(ctx.uow)
        self.heading = QLabel(self.tr("{0} 社会救助工作概况").format(info[1] if info else ""))
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.year_combo, self.program_combo = QComboBox(), QComboBox()
        self.program_combo.addItem(self.tr("全部项目"), "")
        for key, name in PROGRAM_NAMES.items():
            self.program_combo.addItem(name, key)
        self.refresh_button = QPushButton(self.tr("刷新"))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        for label, w in ((self.tr("年度："), self.year_combo), (self.tr("项目："), self.program_combo)):
            top.addWidget(QLabel(label))
            top.addWidget(w)
        top.addWidget(self.refresh_button)

        self.households_card, self.members_card = CountCard(self.tr("在册家庭（户）")), CountCard(self.tr("在册人口（人）"))
        self.program_cards = {key: CountCard(self.tr("本月{0}（户 / 人）").format(PROGRAM_NAMES[key]))
                              for key in CASE_PROGRAMS}
        self.work_card = CountCard(self.tr("待办申请（件）"), clickable=True)
        self.review_card = CountCard(self.tr("待复核（件）"), clickable=True)
        cards = QGridLayout()
        self.warning_card = CountCard(self.tr("监测预警未办结（条）"), clickable=True)
        row1 = [self.households_card, self.members_card, self.work_card, self.review_card, self.warning_card]
        for col, card in enumerate(row1):
            cards.addWidget(card, 0, col)
        for col, card in enumerate(self.program_cards.values()):
            cards.addWidget(card, 1, col)

        self.persons_chart = TrendChart(self.tr("各月救助人数"), self.tr("人"))
        self.amount_chart = TrendChart(self.tr("各月发放金额"), self.tr("元"), stacked=True)
        self.mix_chart = MixChart(self.tr("项目构成（全年累计人次）"), self.tr("人次"))
        charts = QGridLayout()
        charts.addWidget(self.persons_chart, 0, 0)
        charts.addWidget(self.amount_chart, 0, 1)
        self.year_model = YearTableModel(parent=self)
        self.year_table = QTableView()
        self.year_table.setModel(self.year_model)
        self.year_table.verticalHeader().hide()
        self.year_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.year_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.year_title = QLabel()
        self.year_title.setStyleSheet("font-weight: bold;")
        year_box = QWidget()
        year_layout = QVBoxLayout(year_box)
        year_layout.setContentsMargins(0, 0, 0, 0)
        year_layout.addWidget(self.year_title)
        year_layout.addWidget(self.year_table)
        charts.addWidget(self.mix_chart, 1, 0)
        charts.addWidget(year_box, 1, 1)
        charts.setRowStretch(0, 3)
        charts.setColumnStretch(0, 1)
        charts.setColumnStretch(1, 1)
        charts.setRowStretch(1, 2)

        self.calendar_label = QLabel()
        self.calendar_label.setWordWrap(True)
        self.calendar_label.setStyleSheet("background: #fff4e5; color: #8a4b00; padding: 6px; border: 1px solid #f0c36d;")
        self.calendar_label.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.calendar_label)
        layout.addLayout(cards)
        layout.addLayout(charts, 1)
        self.setStyleSheet("DashboardPage { background: #f5f6f8; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

        self.work_card.clicked.connect(lambda: self._go("applications"))
        self.review_card.clicked.connect(lambda: self._go("beneficiaries"))
        self.warning_card.clicked.connect(lambda: self._go("monitor"))
        self.refresh_button.clicked.connect(self.refresh)
        self.year_combo.activated.connect(lambda _i: self.refresh())
        self.program_combo.currentIndexChanged.connect(lambda _i: self._show_charts())
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        """Coming back to 首页 shows fresh figures (work done elsewhere in the meantime)."""
        super().showEvent(event)
        if self._seen and not event.spontaneous():
            self.refresh()
        self._seen = True

    def _go(self, key: str) -> None:
        if self.navigate is not None:
            self.navigate(key)

    def refresh(self) -> None:
        ctx, year, today = self.ctx, self.year_combo.currentData(), self.today or date.today()
        ops.run(self, lambda _progress: load_dashboard(ctx, year, today), label=self.tr("正在统计…"),
                on_done=self._show, on_error=lambda exc: prompts.current().show_error(self, self.tr("统计失败"), exc))

    def _show(self, data: DashboardData) -> None:
        self.data = data
        o = data.overview
        year = data.missing_holiday_year
        self.calendar_label.setVisible(year is not None)
        if year is not None:
            self.calendar_label.setText(self.tr(
                "{0} 年的法定节假日安排尚未录入：跨入 {0} 年的办理期限只能按周一至周五估算（春节等假期未计）。"
                "请管理员在“系统设置”中录入或导入国务院办公厅的 {0} 年节假日安排通知。").format(year))
        self.households_card.set_value(str(o.households))
        self.members_card.set_value(str(o.members))
        for key, card in self.program_cards.items():
            cases, persons = o.in_care[key]
            card.set_value(f"{cases} / {persons}")
        self.work_card.set_value(str(data.work_due), self.tr("逾期 {0} 件").format(data.work_overdue)
                                 if data.work_overdue else "")
        self.review_card.set_value(str(data.reviews_due), self.tr("逾期 {0} 件").format(data.reviews_overdue)
                                   if data.reviews_overdue else "")
        self.warning_card.set_value(str(data.warnings[0]), self.tr("逾期 {0} 条").format(data.warnings[1])
                                    if data.warnings[1] else "")
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in sorted(set(data.years) | {data.year}, reverse=True):
            self.year_combo.addItem(self.tr("{0} 年").format(y), y)
        self.year_combo.setCurrentIndex(self.year_combo.findData(data.year))
        self.year_combo.blockSignals(False)
        self.year_title.setText(self.tr("{0} 年绩效指标（已确认花名册）").format(data.year))
        self.year_model.set_rows([*data.report.programs.values(), data.report.total])
        self._show_charts()

    def _show_charts(self) -> None:
        if self.data is None:
            return
        only = self.program_combo.currentData()
        keys = [k for k in PROGRAM_NAMES if not only or k == only]
        labels = [self.tr("{0}月").format(int(pt.month[5:])) for pt in self.data.series[keys[0]]]
        self.persons_chart.set_data(labels, [(PROGRAM_NAMES[k], QColor(COLORS[k]),
                                              [float(pt.persons) for pt in self.data.series[k]]) for k in keys])
        self.amount_chart.set_data(labels, [(PROGRAM_NAMES[k], QColor(COLORS[k]),
                                             [pt.paid_fen / 100 for pt in self.data.series[k]]) for k in keys])
        # price subsidy goes to the same people as dibao and tekun: left out of the mix, not counted twice
        self.mix_chart.set_data([(PROGRAM_NAMES[k], QColor(COLORS[k]), float(sum(pt.persons for pt in pts)))
                                 for k, pts in self.data.series.items() if k != "price_subsidy"])


def make_dashboard_page(window) -> DashboardPage:  # noqa: ANN001 - a MainWindow
    """Factory for main_window.register_page("home", ...)."""
    return DashboardPage(window.ctx, window.actor, window, navigate=getattr(window, "show_page", None))
