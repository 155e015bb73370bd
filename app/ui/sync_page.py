"""SyncPage (数据交换): key fingerprints, batch export to a folder / USB stick, upload to the county,
import of county decisions and receipts, the batch history and the decisions held for review.

Everything goes through app.sync, exactly as the `jiuzhu sync ...` commands call it; the long
steps run through ui/ops.py. A folder picker is not part of the prompts seam: `choose_folder`
asks the installed prompts object for one (`choose_folder(parent, title)`) and falls back to
the system dialog, so tests answer it like any other picker.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.programs import PROGRAM_NAMES
from app.domain.roles import Actor
from app.errors import AppError, Cancelled
from app.ui import changes, ops, prompts
from app.ui.models.sync_table import BatchHistoryTableModel, HeldDecisionsTableModel
from app.ui.widgets import make_table

BATCH_FILTER = "交换批次 (*.zip)"
KEY_FILTER = "公钥文件 (*.pub);;所有文件 (*)"
CONTENTS = {"households": "家庭", "members": "成员", "applications": "申请", "cases": "救助对象",
            "rosters": "花名册", "tombstones": "删除标记"}
GOOD, BAD, MUTED = "#1e7b34", "#c0392b", "#777777"
FINGERPRINT_STYLE = ("font-family: 'DejaVu Sans Mono', 'Consolas', monospace; font-size: 20pt; font-weight: bold;"
                     " letter-spacing: 2px;")


def spoken(fingerprint: str) -> str:
    """6168-F172-4AF3-706D -> groups set apart for reading over the phone."""
    return "   ".join(fingerprint.split("-"))


class SyncPage(QWidget):

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self._op: ops.Op | None = None
        self.last_export = None  # app.services.exchange.export.ExportResult of this session's last export
        is_admin = actor.role == "admin"

        # -- keys ----------------------------------------------------------------------------
        self.own_fingerprint, self.own_detail = QLabel(), QLabel()
        self.county_fingerprint, self.county_detail = QLabel(), QLabel()
        keys_grid = QGridLayout()
        for row, (title, fp, detail) in enumerate((
                (self.tr("本乡镇签名密钥"), self.own_fingerprint, self.own_detail),
                (self.tr("已信任的县级公钥"), self.county_fingerprint, self.county_detail))):
            fp.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            detail.setStyleSheet(f"color: {MUTED};")
            keys_grid.addWidget(QLabel(title), row, 0)
            keys_grid.addWidget(fp, row, 1)
            keys_grid.addWidget(detail, row, 2)
        keys_grid.setColumnStretch(2, 1)
        self.keygen_button = QPushButton(self.tr("生成本乡镇密钥…"))
        self.trust_button = QPushButton(self.tr("导入县级公钥…"))
        key_buttons = QHBoxLayout()
        key_buttons.addWidget(self.keygen_button)
        key_buttons.addWidget(self.trust_button)
        if not is_admin:
            key_buttons.addWidget(QLabel(self.tr("（仅管理员可生成密钥或导入县级公钥）")))
        key_buttons.addStretch(1)
        for b in (self.keygen_button, self.trust_button):
            b.setEnabled(is_admin)
        keys_box = QGroupBox(self.tr("密钥指纹（与县级民政电话逐组核对后再交换数据）"))
        keys_layout = QVBoxLayout(keys_box)
        keys_layout.addLayout(keys_grid)
        keys_layout.addLayout(key_buttons)

        # -- exchange ------------------------------------------------------------------------
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(self.tr("如 https://mz.example.gov.cn/jiuzhu/（导入县级公钥时一并保存）"))
        self.export_button = QPushButton(self.tr("导出批次到文件夹/U 盘…"))
        self.full_check = QCheckBox(self.tr("全量批次"))
        self.full_check.setToolTip(self.tr("包含全部数据，而不只是上次导出以来的变更"))
        self.upload_button = QPushButton(self.tr("上传到县级…"))
        self.import_button = QPushButton(self.tr("导入县级决定/回执…"))
        url_row = QHBoxLayout()
        url_row.addWidget(QLabel(self.tr("县级接收地址：")))
        url_row.addWidget(self.url_edit, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.full_check)
        actions.addSpacing(16)
        actions.addWidget(self.upload_button)
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_view = QPlainTextEdit()
        self.result_view.setReadOnly(True)
        self.result_view.setMaximumHeight(90)
        self.result_view.setPlaceholderText(self.tr("导出、上传、导入的结果显示在这里"))
        exchange_box = QGroupBox(self.tr("数据交换"))
        exchange_layout = QVBoxLayout(exchange_box)
        for part in (url_row, actions):
            exchange_layout.addLayout(part)
        exchange_layout.addWidget(self.result_label)
        exchange_layout.addWidget(self.result_view)

        # -- history and held decisions ------------------------------------------------------
        self.history_model = BatchHistoryTableModel(parent=self)
        self.history_table = make_table(self.history_model, (50, 150, 130, 70, 140, 260), sortable=False, numbered=False)
        self.held_model = HeldDecisionsTableModel(parent=self)
        self.held_table = make_table(self.held_model, (70, 90, 70, 80, 90, 160), sortable=False, numbered=False)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("处理说明（必填），如：县级将按新版本重新决定"))
        self.dismiss_button = QPushButton(self.tr("忽略"))
        self.dismiss_button.setToolTip(self.tr("不执行这条县级决定（审核人或管理员）"))
        held_row = QHBoxLayout()
        held_row.addWidget(self.note_edit, 1)
        held_row.addWidget(self.dismiss_button)
        history_box = QGroupBox(self.tr("批次记录"))
        QVBoxLayout(history_box).addWidget(self.history_table)
        held_box = QGroupBox(self.tr("暂存待核的县级决定（未执行）"))
        held_layout = QVBoxLayout(held_box)
        held_layout.addWidget(self.held_table)
        held_layout.addLayout(held_row)

        layout = QVBoxLayout(self)
        layout.addWidget(keys_box)
        layout.addWidget(exchange_box)
        layout.addWidget(history_box, 3)
        layout.addWidget(held_box, 2)

        self.keygen_button.clicked.connect(self.generate_keys)
        self.trust_button.clicked.connect(self.trust_county_key)
        self.export_button.clicked.connect(self.export_to_folder)
        self.upload_button.clicked.connect(self.upload)
        self.import_button.clicked.connect(self.import_from_file)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.held_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()
        self._load_url()

    # -- state ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        from app.services.exchange.export import batch_history
        from app.services.exchange.incoming import held_decisions

        self._show_keys()
        self.history_model.set_rows(batch_history(self.ctx.uow))
        self.held_model.set_rows(held_decisions(self.ctx.uow))
        self._update_buttons()

    def _show_keys(self) -> None:
        from app.services.exchange.keyring import key_infos

        try:
            infos = {k.role: k for k in key_infos(self.ctx.uow)}
        except AppError:
            infos = {}
        for role, fp, detail, missing in (
                ("township", self.own_fingerprint, self.own_detail, self.tr("尚未生成（管理员点“生成本乡镇密钥”）")),
                ("county", self.county_fingerprint, self.county_detail, self.tr("尚未导入县级公钥"))):
            info = infos.get(role)
            fp.setText(spoken(info.fingerprint) if info else missing)
            fp.setStyleSheet(FINGERPRINT_STYLE if info else f"color: {MUTED}; font-size: 12pt;")
            fp.setToolTip(info.fingerprint if info else "")
            detail.setText(self.tr("{0}（{1}），密钥编号 {2}").format(info.name, info.code, info.key_id) if info else "")

    def fingerprints(self) -> dict[str, str]:
        """role -> fingerprint as shown (for tests and the status line)."""
        return {"township": self.own_fingerprint.toolTip(), "county": self.county_fingerprint.toolTip()}

    def _load_url(self) -> None:
        from app.services.exchange.upload import county_url

        try:
            self.url_edit.setText(county_url(self.ctx.uow, None))
        except AppError:
            pass

    def next_sequence(self) -> int:
        done = [r["sequence"] for r in self.history_model.rows() if (r["direction"], r["stream"]) == ("out", "data")]
        return max(done, default=0) + 1

    def _busy(self) -> bool:
        return self._op is not None and not self._op.is_finished

    def _update_buttons(self) -> None:
        busy = self._busy()
        for b in (self.export_button, self.upload_button, self.import_button):
            b.setEnabled(not busy)
        can_review = self.actor.role in ("reviewer", "admin")
        self.dismiss_button.setEnabled(can_review and bool(self.held_table.selectionModel().selectedRows()))

    def show_result(self, headline: str, details: list[str] | None = None, ok: bool = True) -> None:
        self.result_label.setText(headline)
        self.result_label.setStyleSheet(f"color: {GOOD if ok else BAD}; font-weight: bold;")
        self.result_view.setPlainText("\n".join(details or []))

    # -- pickers -------------------------------------------------------------------------------
    def choose_folder(self, title: str) -> Path | None:
        """The prompts object's folder picker when it has one, else the system dialog."""
        chooser = getattr(prompts.current(), "choose_folder", None)
        if chooser is not None:
            return chooser(self, title)
        path = QFileDialog.getExistingDirectory(self, title)
        return Path(path) if path else None

    # -- keys ----------------------------------------------------------------------------------
    def generate_keys(self) -> None:
        from app.services.exchange.keyring import keygen

        path = prompts.current().save_file(self, self.tr("保存本乡镇公钥文件（交县级民政登记）"), "township.pub",
                                           KEY_FILTER)
        if path is None:
            return
        try:
            info = keygen(self.ctx.uow, self.actor, path)
        except AppError as exc:
            prompts.current().show_error(self, self.tr("生成密钥失败"), exc)
            return
        self.refresh()
        verb = self.tr("已生成") if info.created else self.tr("密钥已存在，已重新导出公钥")
        prompts.current().info(self, self.tr("本乡镇密钥"), self.tr(
            "{0}：{1}（{2}）\n公钥文件：{3}\n指纹：{4}\n请把公钥文件交县级民政，并电话核对指纹。").format(
            verb, info.name, info.code, info.path, info.fingerprint))

    def trust_county_key(self) -> None:
        from app.services.exchange.keyring import read_county_key, trust_county

        path = prompts.current().open_file(self, self.tr("选择县级公钥文件"), KEY_FILTER)
        if path is None:
            return
        try:
            key = read_county_key(path)
            if not prompts.current().confirm(self, self.tr("核对县级公钥指纹"), self.tr(
                    "{0}（{1}）\n指纹：{2}\n\n请电话向县级民政逐组核对指纹，一致才点“确定”。").format(
                    key.name, key.code, spoken(key.fingerprint))):
                return
            info = trust_county(self.ctx.uow, self.actor, path, url=self.url_edit.text().strip())
        except AppError as exc:
            prompts.current().show_error(self, self.tr("导入县级公钥失败"), exc)
            return
        self.refresh()
        self.show_result(self.tr("已信任县级公钥：{0}（{1}），指纹 {2}").format(info.name, info.code, info.fingerprint))

    # -- exchange ------------------------------------------------------------------------------
    def export_to_folder(self) -> None:
        from app.services.exchange.export import export_batch

        folder = self.choose_folder(self.tr("选择导出批次的文件夹或 U 盘"))
        if folder is None:
            return
        uow, actor, full = self.ctx.uow, self.actor, self.full_check.isChecked()
        sequence = self.next_sequence()
        self._start(lambda progress: export_batch(uow, actor, folder, full=full, progress=progress),
                    self.tr("正在导出批次到 {0}…").format(folder), self._on_exported,
                    lambda exc: self._on_export_failed(exc, sequence))

    def _on_exported(self, r) -> None:  # noqa: ANN001 - app.services.exchange.export.ExportResult
        self.last_export = r
        self.refresh()
        counts = "，".join(f"{self.tr(CONTENTS.get(k, k))} {n}" for k, n in r.records.items()) or self.tr("无数据变更")
        kind = self.tr("全量") if r.full else self.tr("增量")
        self.show_result(self.tr("已写入{0}批次第 {1} 号，已回读校验").format(kind, r.sequence),
                         [str(r.path), counts])

    def _on_export_failed(self, exc: BaseException, sequence: int) -> None:
        if isinstance(exc, Cancelled):
            self.show_result(self.tr("已取消导出，第 {0} 号未被占用").format(sequence), ok=False)
            return
        text = prompts.error_text(exc)
        if getattr(exc, "code", "") == "E_SYNC_STICK":  # the stick was not written: the number is free
            text += "\n\n" + self.tr("批次序号未被占用：换一个文件夹或 U 盘重新导出，仍是第 {0} 号。").format(sequence)
        self.show_result(self.tr("导出失败"), text.splitlines(), ok=False)
        prompts.current().error(self, self.tr("导出失败"), text)

    def upload(self) -> None:
        from app.services.exchange.upload import upload_batch

        path = prompts.current().open_file(self, self.tr("选择要上传的批次文件"), BATCH_FILTER)
        if path is None:
            return
        uow, actor, url = self.ctx.uow, self.actor, self.url_edit.text().strip() or None
        self._start(lambda progress: upload_batch(uow, actor, path, url=url),
                    self.tr("正在上传 {0}…").format(path.name), self._on_uploaded, self._failed(self.tr("上传失败")))

    def _on_uploaded(self, r) -> None:  # noqa: ANN001 - app.services.exchange.upload.UploadResult
        self.refresh()
        outcome = {"accepted": self.tr("县级已接收"), "duplicate": self.tr("县级已有此批次")}.get(r.outcome, r.outcome)
        self.show_result(self.tr("已上传到 {0}：{1}").format(r.url, outcome),
                         [self.tr("回执已导入：{0}").format(r.receipt_path)])

    def import_from_file(self) -> None:
        path = prompts.current().open_file(self, self.tr("选择县级决定批次或回执"), BATCH_FILTER)
        if path is None:
            return
        uow, actor = self.ctx.uow, self.actor
        self._start(lambda progress: import_with_details(uow, actor, path),
                    self.tr("正在导入 {0}…").format(path.name), self._on_imported, self._failed(self.tr("导入失败")),
                    touches=changes.COUNTY_BATCH)

    def _on_imported(self, done) -> None:  # noqa: ANN001 - (ImportResult, {application id: detail})
        r, details = done
        self.refresh()
        if r.status == "duplicate":
            self.show_result(self.tr("此文件已导入过（第 {0} 号），未做任何更改").format(r.sequence))
        elif r.stream == "receipts":
            status = {"accepted": self.tr("县级已接收"), "duplicate": self.tr("县级已接收（重复上报）"),
                      "rejected": self.tr("县级拒收")}.get(r.receipt_status, r.receipt_status)
            self.show_result(self.tr("已导入县级回执：第 {0} 号批次 {1}").format(r.sequence, status),
                             ok=r.receipt_status != "rejected")
        else:
            lines = [self.tr("申请 {0}：{1}").format(a, details.get(a, "")) for a in r.applied]
            lines += [self.tr("申请 {0} 暂存待核：{1}").format(a, why) for a, why in r.held]
            self.show_result(self.tr("已导入县级决定第 {0} 号：已办理 {1} 件，暂存待核 {2} 件").format(
                r.sequence, len(r.applied), len(r.held)), lines, ok=not r.held)

    # -- held decisions ------------------------------------------------------------------------
    def dismiss_selected(self) -> None:
        from app.services.exchange.incoming import dismiss_held

        rows = self.held_table.selectionModel().selectedRows()
        if not rows:
            return
        decision_id = self.held_model.decision_id(rows[0].row())
        try:
            dismiss_held(self.ctx.uow, self.actor, decision_id, self.note_edit.text())
        except AppError as exc:
            prompts.current().show_error(self, self.tr("忽略失败"), exc)
            return
        self.note_edit.clear()
        self.refresh()

    # -- background work -----------------------------------------------------------------------
    def _start(self, work, label: str, on_done, on_error, touches: frozenset[str] = frozenset()) -> None:  # noqa: ANN001
        self._op = ops.run(self, work, label=label, on_done=on_done, on_error=on_error, touches=touches)
        self._op.done.connect(self._update_buttons)
        self._update_buttons()

    def _failed(self, title: str):  # noqa: ANN202
        def show(exc: BaseException) -> None:
            self.refresh()  # a refused upload still imports the county's rejection receipt
            text = exc.text if isinstance(exc, Cancelled) else prompts.error_text(exc)
            self.show_result(title, text.splitlines(), ok=False)
            prompts.current().error(self, title, text)
        return show


def import_with_details(uow, actor: Actor, path: Path):  # noqa: ANN001, ANN201 - (ImportResult, dict)
    """Import a county file, then describe each applied application (runs on the worker thread)."""
    from app.services.application_queries import application_detail
    from app.services.exchange.incoming import import_file

    r = import_file(uow, actor, path)
    details = {}
    for app_id in r.applied:
        d = application_detail(uow, app_id)
        details[app_id] = f"{d.applicant} {PROGRAM_NAMES.get(d.program, d.program)}，{d.state}"
    return r, details


def make_sync_page(window) -> SyncPage:  # noqa: ANN001 - a MainWindow
    """Factory for MainWindow's "exchange" area."""
    return SyncPage(window.ctx, window.actor, window)
