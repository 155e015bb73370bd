"""NoticesPage (公示): preview and print the 初审公示 and 长期公示 of SPEC §5 for one village or all.

The preview shows exactly the columns the PDF prints: name, household size, program, amount (and
the notice period for 初审公示). No ID number, address, account, income or health detail ever
reaches this page: the service's rows do not carry them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.context import AppContext
from app.domain.money import format_fen
from app.domain.roles import Actor
from app.errors import Cancelled
from app.services.notices import current_rows, pending_rows, township_header, write_notice
from app.services.township import village_names
from app.ui import ops, prompts
from app.ui.models.rosters_table import NoticePreviewTableModel
from app.ui.rosters_page import PDF_FILTER, MonthEdit
from app.ui.widgets import make_table, refill_combo

KINDS = (("pending", "初审公示（公示中的申请）"), ("current", "长期公示（在保对象）"))
TITLES = {"pending": "初审公示", "current": "长期公示"}


def open_document(parent: QWidget | None, path: Path) -> None:
    """Show a produced PDF in the app's print preview, through the prompts seam (tests record it)."""
    prompts.current().print_preview(parent, path)


class NoticesPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None, month: str | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self._op: ops.Op | None = None

        self.kind_combo = QComboBox()
        for key, label in KINDS:
            self.kind_combo.addItem(self.tr(label), key)
        self.kind_combo.setCurrentIndex(1)
        self.village_combo = QComboBox()
        self.village_combo.setMinimumWidth(120)
        self.month_label = QLabel(self.tr("月份："))
        self.month_edit = MonthEdit(month)
        self.pdf_button = QPushButton(self.tr("生成公示 PDF…"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("公示类型：")))
        top.addWidget(self.kind_combo)
        top.addSpacing(8)
        top.addWidget(QLabel(self.tr("村(社区)：")))
        top.addWidget(self.village_combo)
        top.addSpacing(8)
        top.addWidget(self.month_label)
        top.addWidget(self.month_edit)
        top.addStretch(1)
        top.addWidget(self.pdf_button)

        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        rule = QLabel(self.tr("公示只列姓名、家庭人口、救助项目和金额，不显示身份证号、住址、银行账号、收入、疾病或残疾情况。"))
        rule.setStyleSheet("color: #555;")
        rule.setWordWrap(True)
        self.model = NoticePreviewTableModel(parent=self)
        self.table = make_table(self.model, (110, 50, 130, 80, 110, 150, 190), sortable=False,
                                numbered=False, stretch=False)
        self.footer_label = QLabel()
        self.message_label = QLabel()
        self.message_label.setStyleSheet("color: #555;")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title_label)
        layout.addWidget(rule)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.footer_label)
        layout.addWidget(self.message_label)

        self.reload_villages()
        self.kind_combo.currentIndexChanged.connect(self.refresh)
        self.village_combo.currentIndexChanged.connect(self.refresh)
        self.month_edit.dateChanged.connect(lambda _d: self.refresh())
        self.pdf_button.clicked.connect(self.write_pdf)
        self.refresh()

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def village(self) -> str:
        return self.village_combo.currentData() or ""

    def set_village(self, village: str) -> None:
        self.village_combo.setCurrentIndex(max(self.village_combo.findData(village), 0))

    def reload_villages(self) -> None:
        refill_combo(self.village_combo, self.tr("全部村(社区)"), village_names(self.ctx.uow))

    def refresh(self) -> None:
        kind, village = self.kind(), self.village()
        current = kind == "current"
        self.month_label.setVisible(current)
        self.month_edit.setVisible(current)
        rows = current_rows(self.ctx.uow, village, self.month_edit.month()) if current \
            else pending_rows(self.ctx.uow, village)
        self.model.set_rows(rows, kind)
        township, phone = township_header(self.ctx.uow)
        where = village or self.tr("全部村(社区)，每村一页")
        when = f"，{self.month_edit.month()}" if current else ""
        self.title_label.setText(f"{township}{self.tr(TITLES[kind])}（{where}{when}）")
        villages = len({r.village for r in rows})
        self.footer_label.setText(self.tr("共 {0} 个村(社区)、{1} 户（人），月救助金额合计 {2} 元。监督举报电话：{3}").format(
            villages, len(rows), format_fen(sum(r.amount_fen for r in rows)), phone or self.tr("（未设置）")))
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._op is not None and not self._op.is_finished
        self.pdf_button.setEnabled(not busy and self.model.rowCount() > 0)

    def write_pdf(self) -> None:
        kind, village, month = self.kind(), self.village(), self.month_edit.month()
        suggested = f"{village}{TITLES[kind]}{month if kind == 'current' else ''}.pdf"
        path = prompts.current().save_file(self, self.tr("保存公示 PDF"), suggested, PDF_FILTER)
        if path is None:
            return
        path = path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")
        uow = self.ctx.uow
        self._op = ops.run(self, lambda _progress: write_notice(uow, kind, path, village=village, month=month),
                           label=self.tr("正在生成公示 {0}…").format(path.name),
                           on_done=lambda n: self._on_written(path, n), on_error=self._on_failed)
        self._op.done.connect(self._update_buttons)
        self._update_buttons()

    def _on_written(self, path: Path, count: int) -> None:
        self.message_label.setText(self.tr("已生成公示 {0}（{1} 人）。").format(path, count))
        if prompts.current().confirm(self, self.tr("公示已生成"),
                                     self.tr("已生成 {0}，共 {1} 人。\n现在打开打印预览吗？").format(path.name, count)):
            open_document(self, path)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.message_label.setText(exc.text)
        else:
            prompts.current().show_error(self, self.tr("生成公示失败"), exc)


def make_notices_page(window) -> NoticesPage:
    return NoticesPage(window.ctx, window.actor, window)
