"""批次: batches received and sent, and the refusals with their reasons; a batch file from a USB stick
is verified (nothing written) or ingested, off the GUI thread, and the receipt's path is shown."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.county.admin import County
from app.county.office import batch_rows, ingest_file, verify_file
from app.domain.roles import Actor
from app.ui import ops, prompts
from app.ui.county.common import BATCH_FILTER, heading, hint, refused
from app.ui.models.county_tables import batches_model
from app.ui.widgets import MessageLabel, make_table

WHAT = {"accepted": "已导入", "duplicate": "此前已导入，未做任何更改", "verified": "校验通过（未写入）"}


class BatchesPage(QWidget):
    def __init__(self, county: County, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.county, self.actor = county, actor
        self.verify_button = QPushButton(self.tr("校验批次…"))
        self.ingest_button = QPushButton(self.tr("导入批次…"))
        self.verify_button.clicked.connect(lambda: self.load(ingest=False))
        self.ingest_button.clicked.connect(lambda: self.load(ingest=True))
        self.model = batches_model(self)
        self.table = make_table(self.model)
        self.table.setAccessibleName(self.tr("批次列表"))
        self.message = MessageLabel()
        self.message.setAccessibleName(self.tr("结果"))
        top = QHBoxLayout()
        top.addWidget(self.verify_button)
        top.addWidget(self.ingest_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("批次与拒收记录")))
        layout.addWidget(hint(self.tr("导入前先校验签名、序号与完整性，任何一项不符整批拒收、不写入任何数据；"
                                      "导入或拒收都会生成签名回执，交乡镇导入。")))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(batch_rows(self.county))

    def load(self, *, ingest: bool) -> None:
        path = prompts.current().open_file(self, self.tr("选择批次文件"), BATCH_FILTER)
        if path is None:
            return
        county, actor = self.county, self.actor

        def work(progress):  # noqa: ANN001, ANN202 - the op's progress callback; an ingest Outcome
            if ingest:
                return ingest_file(county, actor, path, progress=progress)
            return verify_file(county, actor, path)

        def done(outcome) -> None:  # noqa: ANN001 - app.county.ingest.Outcome
            receipt = self.tr("；回执：{0}").format(outcome.receipt_path) if outcome.receipt_path else ""
            self.message.show_text(self.tr("乡镇 {0} 第 {1} 号批次{2}{3}").format(
                outcome.township, outcome.sequence, self.tr(WHAT.get(outcome.status, outcome.status)), receipt),
                error=False)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.message.show_text(prompts.error_text(exc))
            self.refresh()
            refused(self, self.tr("批次被拒收") if ingest else self.tr("校验未通过"), exc)

        ops.run(self, work, label=self.tr("正在导入批次…") if ingest else self.tr("正在校验批次…"),
                on_done=done, on_error=failed)
