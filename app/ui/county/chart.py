"""A small bar chart drawn with QPainter (the Qt build the app ships has no QtCharts): one bar per
label, the value written above it in yuan."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.money import format_fen

BAR = QColor("#3a87c8")
AXIS = QColor("#888888")


class BarChart(QWidget):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[tuple[str, int]] = []
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: list[tuple[str, int]], title: str | None = None) -> None:
        """(label, value in fen) pairs, drawn left to right."""
        self.bars = list(bars)
        if title is not None:
            self.title = title
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(10, 24, -10, -22)
        p.drawText(QRectF(10, 2, self.width() - 20, 20), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setPen(AXIS)
        p.drawLine(rect.bottomLeft(), rect.bottomRight())
        if not self.bars:
            return
        top = max(v for _label, v in self.bars) or 1
        slot = rect.width() / len(self.bars)
        for i, (label, value) in enumerate(self.bars):
            height = (rect.height() - 16) * value / top
            bar = QRectF(rect.left() + i * slot + slot * 0.2, rect.bottom() - height, slot * 0.6, height)
            p.fillRect(bar, BAR)
            p.setPen(Qt.GlobalColor.black)
            p.drawText(QRectF(bar.left() - slot * 0.2, bar.top() - 16, slot, 16), Qt.AlignmentFlag.AlignCenter,
                       format_fen(value) if value else "")
            p.drawText(QRectF(rect.left() + i * slot, rect.bottom() + 2, slot, 18), Qt.AlignmentFlag.AlignCenter,
                       label)
        p.end()
