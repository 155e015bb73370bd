"""AuditPage (审计日志): the audit log with filters, read-only, and the 校验 button (`audit verify`).

Only admins and reviewers may read the log; the services refuse everyone else, and the
factory shows other roles a short notice instead of the page.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.roles import Actor
from app.paths import data_dir
from app.services.integrity import Finding
from app.services.paper_store import PaperStore
from app.services.users import ACTION_GROUPS, AUDIT_READERS, audit_rows, check_integrity
from app.ui import ops, prompts
from app.ui.models.audit_table import AuditTableModel
from app.ui.widgets import MessageLabel, date_edit, make_table

LIMIT = 500
DEFAULT_DAYS = 30


class AuditPage(QWidget):
    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self._op: ops.Op | None = None

        self.actor_edit = QLineEdit()
        self.actor_edit.setPlaceholderText(self.tr("用户名"))
        self.action_combo = QComboBox()
        for key, label in ACTION_GROUPS:
            self.action_combo.addItem(label, key)
        self.dates_check = QCheckBox(self.tr("日期："))
        self.dates_check.setChecked(True)
        today = date.today()
        self.since_edit = date_edit(today - timedelta(days=DEFAULT_DAYS))
        self.until_edit = date_edit(today)
        self.household_edit = QLineEdit()
        self.household_edit.setPlaceholderText(self.tr("户编号"))
        self.household_edit.setMaximumWidth(90)
        self.search_button = QPushButton(self.tr("查询"))

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("操作人：")))
        filters.addWidget(self.actor_edit, 1)
        filters.addSpacing(8)
        filters.addWidget(QLabel(self.tr("操作：")))
        filters.addWidget(self.action_combo, 1)
        filters.addSpacing(8)
        filters.addWidget(self.dates_check)
        filters.addWidget(self.since_edit)
        filters.addWidget(QLabel("—"))
        filters.addWidget(self.until_edit)
        filters.addSpacing(8)
        filters.addWidget(QLabel(self.tr("户：")))
        filters.addWidget(self.household_edit)
        filters.addWidget(self.search_button)

        self.model = AuditTableModel(parent=self)
        self.table = make_table(self.model, (150, 80, 130, 100, 60, 200), sortable=False, single=False,
                                row_height=24)

        self.count_label = QLabel()
        self.message_label = MessageLabel()
        self.verify_button = QPushButton(self.tr("校验"))
        self.verify_button.setToolTip(self.tr("检查审计记录链是否完整，以及家庭、救助对象、已确认花名册是否被绕过程序修改"))
        self.findings_list = QListWidget()
        self.findings_list.setMaximumHeight(120)
        self.findings_list.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.verify_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.findings_list)

        self.search_button.clicked.connect(self.refresh)
        self.actor_edit.returnPressed.connect(self.refresh)
        self.household_edit.returnPressed.connect(self.refresh)
        self.action_combo.currentIndexChanged.connect(self.refresh)
        self.dates_check.toggled.connect(self._on_dates_toggled)
        self.verify_button.clicked.connect(self.verify)
        self.refresh()

    # -- the log -----------------------------------------------------------------------------
    def _on_dates_toggled(self, on: bool) -> None:
        self.since_edit.setEnabled(on)
        self.until_edit.setEnabled(on)
        self.refresh()

    def household_filter(self) -> int | None:
        text = self.household_edit.text().strip()
        return int(text) if text.isdigit() else None

    def refresh(self) -> bool:
        text = self.household_edit.text().strip()
        if text and not text.isdigit():
            self.message_label.show_text(self.tr("户编号应为数字"))
            return False
        dates = self.dates_check.isChecked()
        ok, rows = self.message_label.attempt(lambda: audit_rows(
            self.ctx.uow, self.actor, actor=self.actor_edit.text(), action=self.action_combo.currentData() or "",
            since=self.since_edit.date().toPython() if dates else None,
            until=self.until_edit.date().toPython() if dates else None,
            household_id=self.household_filter(), limit=LIMIT))
        if not ok:
            return False
        self.message_label.hide()
        self.model.set_rows(rows)
        shown = self.tr("共 {0} 条").format(len(rows))
        if len(rows) >= LIMIT:
            shown += self.tr("（只显示最近 {0} 条，请缩小查询范围）").format(LIMIT)
        self.count_label.setText(shown)
        return True

    # -- verify ------------------------------------------------------------------------------
    def verify(self) -> None:
        uow, actor, papers = self.ctx.uow, self.actor, PaperStore.for_database(data_dir(), self.ctx.db_path)
        self._op = ops.run(self, lambda _progress: check_integrity(uow, actor, papers), label=self.tr("正在校验审计记录…"),
                           on_done=self._on_verified, on_error=self._on_verify_failed)
        self._op.done.connect(self._update_buttons)
        self._update_buttons()  # the op may already be done (a synchronous pool)

    def _update_buttons(self) -> None:
        self.verify_button.setEnabled(self._op is None or self._op.is_finished)

    def _on_verified(self, findings: list[Finding]) -> None:
        self.findings_list.clear()
        self.findings_list.show()
        if not findings:
            self.findings_list.addItem(self.tr("未发现问题：审计记录链完整，数据与最近的审计记录一致。"))
            self.findings_list.item(0).setForeground(Qt.GlobalColor.darkGreen)
            return
        self.findings_list.addItem(self.tr("发现 {0} 处问题：").format(len(findings)))
        self.findings_list.item(0).setForeground(Qt.GlobalColor.red)
        for f in findings:
            self.findings_list.addItem(str(f))

    def _on_verify_failed(self, exc: BaseException) -> None:
        prompts.current().show_error(self, self.tr("校验失败"), exc)

    def finding_texts(self) -> list[str]:
        return [self.findings_list.item(i).text() for i in range(self.findings_list.count())]


class RestrictedPage(QWidget):
    """What a role without access sees in an area."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setStyleSheet("font-size: 12pt; color: #777;")
        layout = QVBoxLayout(self)
        layout.addWidget(label)


def make_audit_page(window) -> QWidget:  # noqa: ANN001 - a MainWindow
    """Factory for the "audit" area."""
    if window.actor.role not in AUDIT_READERS:
        return RestrictedPage(QCoreApplication.translate("AuditPage", "审计日志只对管理员和审核人开放。"), window)
    return AuditPage(window.ctx, window.actor, window)
