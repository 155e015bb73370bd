"""待确认: applications the townships submitted for county confirmation, with their file (household,
investigation, computed amount, the township's opinions); four-eyes on each - one county user
proposes (拟确认 / 拟不予确认), a county reviewer who did not propose decides (确认 / 不予确认), with
an opinion (required for a refusal) - then 写出决定批次 writes the decisions per township to a folder."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.county.admin import County
from app.county.review import PendingItem, pending_items, propose, review, write_decisions
from app.county.users import DECIDER_ROLES
from app.domain.money import format_fen, yuan_to_fen
from app.domain.roles import Actor
from app.errors import AppError, InvalidInput
from app.ui import ops, prompts
from app.ui.county.common import heading, hint, open_folder, refused
from app.ui.models.county_tables import pending_model
from app.ui.widgets import MessageLabel, make_table


def _fen(value: int | None) -> str:
    return "-" if value is None else f"{format_fen(value)} 元"


class PendingPage(QWidget):
    def __init__(self, county: County, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.county, self.actor = county, actor
        self.model = pending_model(self)
        self.table = make_table(self.model)
        self.table.setAccessibleName(self.tr("待确认申请"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self._lower())
        split.setSizes([320, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("待县级确认的申请")))
        layout.addWidget(hint(self.tr("乡镇报县的申请：一名县级用户拟办，另一名县级审核人审定（双人审核）；"
                                      "审定后“写出决定批次”，送回乡镇在“数据交换”中导入。")))
        layout.addWidget(split, 1)
        for button in (self.confirm_button, self.reject_button, self.write_button):
            button.setVisible(actor.role in DECIDER_ROLES)  # once in the layout (before, it would be a window)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_selected())
        self.refresh()

    def _lower(self) -> QWidget:
        """The selected application's file, the amount and opinion, the buttons, what was written."""
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("申请详情"))
        self.amount_edit = QLineEdit()
        self.amount_edit.setAccessibleName(self.tr("确认金额"))
        self.amount_edit.setPlaceholderText(self.tr("空白：按乡镇初审金额"))
        self.opinion_edit = QLineEdit()
        self.opinion_edit.setAccessibleName(self.tr("意见"))
        self.opinion_edit.setPlaceholderText(self.tr("拟办或审定意见；不予确认必须写明理由"))
        form = QFormLayout()
        form.addRow(self.tr("确认金额（元）："), self.amount_edit)
        form.addRow(self.tr("意见："), self.opinion_edit)
        self.message = MessageLabel()
        self.message.setAccessibleName(self.tr("结果"))
        self.written = QListWidget()
        self.written.setAccessibleName(self.tr("已写出的决定批次"))
        self.written.setMaximumHeight(70)
        self.written.hide()
        lower = QWidget()
        layout = QVBoxLayout(lower)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.detail, 1)
        layout.addLayout(form)
        layout.addLayout(self._buttons())
        layout.addWidget(self.message)
        layout.addWidget(self.written)
        return lower

    def _buttons(self) -> QHBoxLayout:
        self.propose_confirm = QPushButton(self.tr("拟确认"))
        self.propose_reject = QPushButton(self.tr("拟不予确认"))
        self.confirm_button = QPushButton(self.tr("确认"))
        self.reject_button = QPushButton(self.tr("不予确认"))
        self.write_button = QPushButton(self.tr("写出决定批次…"))
        self.propose_confirm.clicked.connect(lambda: self.propose(confirm=True))
        self.propose_reject.clicked.connect(lambda: self.propose(confirm=False))
        self.confirm_button.clicked.connect(lambda: self.decide(confirm=True))
        self.reject_button.clicked.connect(lambda: self.decide(confirm=False))
        self.write_button.clicked.connect(self.write_batches)
        buttons = QHBoxLayout()
        for b in (self.propose_confirm, self.propose_reject, self.confirm_button, self.reject_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.write_button)
        return buttons

    def refresh(self) -> None:
        key = self._selected_key()
        self.model.set_rows(pending_items(self.county))
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).key == key:
                self.table.selectRow(self.table.model().mapFromSource(self.model.index(row, 0)).row())
        self.show_selected()

    def _selected_key(self) -> tuple | None:
        item = self.selected()
        return item.key if item else None

    def selected(self) -> PendingItem | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.table.model().mapToSource(rows[0]).row())

    def show_selected(self) -> None:
        item = self.selected()
        if item is None:
            self.detail.setHtml(self.tr("<p style='color:#666'>请在上表中选择一件申请。</p>"))
            return
        inv = item.investigation
        lines = [f"<b>{item.township_name}（{item.township}） 申请 {item.application_id}（版本 {item.version}）"
                 f" {item.program_name}</b>",
                 f"家庭：{item.village}　成员：{'、'.join(item.members)}",
                 f"测算金额：{_fen(item.computed_amount_fen)}　乡镇初审金额：{_fen(item.amount_fen)}",
                 f"入户调查：{inv.get('visit_date', '')} {'、'.join(inv.get('investigators', []))}　"
                 f"{inv.get('findings', '')}　{inv.get('data_check', '')}",
                 "乡镇办理与意见：", *[f"　{o}" for o in item.opinions],
                 f"县级：{item.proposal.text if item.proposal else '尚未拟办'}"]
        self.detail.setHtml("<br>".join(lines))

    def _need(self) -> PendingItem:
        item = self.selected()
        if item is None:
            raise InvalidInput("请先在列表中选择一件申请")
        return item

    def _amount(self) -> int | None:
        text = self.amount_edit.text().strip()
        try:
            return yuan_to_fen(text) if text else None
        except (ValueError, ArithmeticError) as exc:
            raise InvalidInput(f"确认金额：「{text}」不是金额") from exc

    def propose(self, *, confirm: bool) -> None:
        try:
            item = self._need()
            propose(self.county, self.actor, item.township, item.application_id, item.version, confirm=confirm,
                    opinion=self.opinion_edit.text(), amount_fen=self._amount() if confirm else None)
        except AppError as exc:
            return refused(self, self.tr("不能拟办"), exc)
        self._done(self.tr("已拟办申请 {0}，待另一名县级审核人审定").format(item.application_id))

    def decide(self, *, confirm: bool) -> None:
        try:
            item = self._need()
            review(self.county, self.actor, item.township, item.application_id, item.version, confirm=confirm,
                   opinion=self.opinion_edit.text())
        except AppError as exc:
            return refused(self, self.tr("不能审定"), exc)
        self._done(self.tr("已审定申请 {0}：{1}，请“写出决定批次”送回乡镇").format(
            item.application_id, self.tr("确认") if confirm else self.tr("不予确认")))

    def _done(self, text: str) -> None:
        self.opinion_edit.clear()
        self.amount_edit.clear()
        self.message.show_text(text, error=False)
        self.refresh()

    def write_batches(self) -> None:
        folder = open_folder(self, self.tr("选择决定批次的写入文件夹（U 盘）"))
        if folder is None:
            return
        county, actor = self.county, self.actor

        def done(batches: list) -> None:
            self.written.clear()
            for b in batches:
                self.written.addItem(f"{b.township} 第 {b.sequence} 号决定批次（{b.decisions} 件）：{b.path}")
            self.written.show()
            self.message.show_text(self.tr("已写出 {0} 个决定批次到 {1}").format(len(batches), folder), error=False)
            prompts.current().info(self, self.tr("已写出决定批次"), "\n".join(str(b.path) for b in batches))
            self.refresh()

        ops.run(self, lambda progress: write_decisions(county, actor, folder, progress=progress),
                label=self.tr("正在写出决定批次…"), on_done=done,
                on_error=lambda exc: refused(self, self.tr("未能写出决定批次"), exc))
