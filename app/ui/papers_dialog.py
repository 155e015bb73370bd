"""PapersDialog (申请材料): the scans and photos of an application, a household, an investigation or a
临时救助 grant, as thumbnails; attach (from a file picker, or dropped in), view, rotate, remove; for an
application, the 受理 checklist ticked by what is attached (SPEC §4, §14).

Attaching runs off the GUI thread (a phone photo is shrunk first); nothing here writes a file name
anywhere: the service names a refused file by its place in the batch.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.papers import MEDIA_PDF, OWNER_KINDS
from app.domain.roles import Actor
from app.paths import data_dir
from app.services.paper_store import PaperStore
from app.services.papers import (
    PaperRow,
    application_checklist,
    attach_files,
    paper_content,
    paper_rows,
    paper_types,
    remove_paper,
    rotate_paper,
)
from app.ui import ops, prompts
from app.ui.widgets import MessageLabel

log = logging.getLogger(__name__)
PAPER_FILTER = "图片或 PDF (*.jpg *.jpeg *.png *.pdf)"
THUMB = 150
TARGET_LABELS = {"application": "申请", "investigation": "入户调查", "household": "本户"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("PapersDialog", text)


def store_of(ctx: AppContext) -> PaperStore:
    return PaperStore.for_database(data_dir(), ctx.db_path)


VIEW_DPI, THUMB_DPI, VIEW_PAGES = 110, 40, 30  # a viewer shows a PDF's first 30 pages


def _pdf_pages(data: bytes, dpi: int, limit: int) -> list[QImage]:
    from app.ui.printing import page_images

    try:
        return page_images(data, dpi, limit)
    except Exception:  # noqa: BLE001 - a PDF PDFium cannot draw is shown as a tile naming its pages
        log.warning("a PDF paper could not be drawn", exc_info=False)
        return []


def _stacked(pages: list[QImage]) -> QImage:
    """The pages one under the other with a grey gap, as a PDF viewer shows them."""
    gap = 12
    width = max(p.width() for p in pages)
    image = QImage(width, sum(p.height() for p in pages) + gap * (len(pages) - 1), QImage.Format.Format_RGB32)
    image.fill(QColor("#9e9e9e"))
    painter = QPainter(image)
    y = 0
    for page in pages:
        painter.drawImage((width - page.width()) // 2, y, page)
        y += page.height() + gap
    painter.end()
    return image


def paper_image(row: PaperRow, data: bytes, *, all_pages: bool = False) -> QImage:
    """A paper as a picture, turned as the clerk set it: a photo or scan as it is, a PDF's first page
    (or, in the viewer, its pages one under another); a PDF that cannot be drawn as a tile naming its pages."""
    image = QImage()
    if row.media != MEDIA_PDF:
        image = QImage.fromData(QByteArray(data))
    else:
        pages = _pdf_pages(data, VIEW_DPI if all_pages else THUMB_DPI, VIEW_PAGES if all_pages else 1)
        if pages:
            image = _stacked(pages)
    if not image.isNull():
        return image.transformed(QTransform().rotate(row.rotation)) if row.rotation else image
    image = QImage(420, 594, QImage.Format.Format_RGB32)
    image.fill(QColor("#f4f4f4"))
    painter = QPainter(image)
    painter.setPen(QColor("#c0392b"))
    font = painter.font()
    font.setPointSize(48)
    painter.setFont(font)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, _tr("PDF\n{0} 页").format(row.pages))
    painter.end()
    return image


def checklist_html(ctx: AppContext, application_id: int) -> str:
    """The 受理 checklist as one line: each required paper ticked when attached, then what is missing."""
    items = application_checklist(ctx.uow, application_id)
    parts = [f"<span style='color:{'#2e7d32' if i.present else '#c0392b'};'>{'☑' if i.present else '☐'} "
             f"{i.paper_type}</span>" for i in items]
    lacking = [i.paper_type for i in items if not i.present]
    tail = _tr("（齐全）") if not lacking else _tr("（缺少 {0} 项）").format(len(lacking))
    return "　".join(parts) + tail


class PaperViewerDialog(QDialog):
    """One paper at a readable size, scrollable."""

    def __init__(self, row: PaperRow, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("查看材料 {0}：{1}").format(row.id, row.paper_type))
        self.resize(900, 760)
        self.image_label = QLabel()
        self.image_label.setAccessibleName(_tr("材料图像"))
        image = paper_image(row, data, all_pages=True)
        if image.width() > 1600:
            image = image.scaledToWidth(1600, Qt.TransformationMode.SmoothTransformation)
        self.image_label.setPixmap(QPixmap.fromImage(image))
        scroll = QScrollArea()
        scroll.setWidget(self.image_label)
        scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        info = QLabel(_tr("{0}　{1} 页　{2} 附加于 {3}").format(row.paper_type, row.pages, row.attached_by,
                                                             row.attached_on.isoformat()))
        close = QPushButton(_tr("关闭"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(scroll, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)


class PapersDialog(QDialog):
    """The papers of one owner: thumbnails, attach, view, rotate, remove; the 受理 checklist."""

    papers_changed = Signal()

    def __init__(self, ctx: AppContext, actor: Actor, owner_kind: str, owner_id: int, *, title: str = "",
                 household_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.owner_kind, self.owner_id = ctx, actor, owner_kind, owner_id
        # an application's papers may belong to it, to its investigation, or to the household (ID cards ...)
        self.targets = [(owner_kind, owner_id)]
        if owner_kind == "application":
            self.targets.append(("investigation", owner_id))
            if household_id is not None:
                self.targets.append(("household", household_id))
        self.store = store_of(ctx)
        self.rows: list[PaperRow] = []
        self._op: ops.Op | None = None
        self.setWindowTitle(_tr("申请材料 - {0}").format(title or f"{OWNER_KINDS[owner_kind]} {owner_id}"))
        self.resize(900, 620)
        self.setAcceptDrops(True)

        self.checklist_label = QLabel()
        self.checklist_label.setTextFormat(Qt.TextFormat.RichText)
        self.checklist_label.setWordWrap(True)
        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName(_tr("材料类型"))
        self.type_combo.addItems([t.name for t in paper_types(ctx.uow)])
        self.target_combo = QComboBox()
        self.target_combo.setAccessibleName(_tr("附加到"))
        for kind, _id in self.targets:
            self.target_combo.addItem(TARGET_LABELS.get(kind, OWNER_KINDS[kind]), kind)
        self.location_check = QCheckBox(_tr("保留照片位置信息"))
        self.location_check.setAccessibleName(self.location_check.text())
        self.add_button = QPushButton(_tr("添加文件…"))
        self.add_button.setToolTip(_tr("JPEG、PNG 或 PDF；也可以把文件拖到本窗口"))
        top = QHBoxLayout()
        type_label = QLabel(_tr("材料类型："))
        type_label.setBuddy(self.type_combo)
        target_label = QLabel(_tr("附加到："))
        target_label.setBuddy(self.target_combo)
        shown = [type_label, self.type_combo] + ([target_label, self.target_combo] if len(self.targets) > 1 else [])
        for w in (*shown, self.location_check, self.add_button):
            top.addWidget(w)
        top.addStretch(1)

        self.list = QListWidget()
        self.list.setAccessibleName(_tr("材料"))
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 50))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(lambda _item: self.view_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)

        self.view_button = QPushButton(_tr("查看"))
        self.left_button = QPushButton(_tr("向左旋转"))
        self.right_button = QPushButton(_tr("向右旋转"))
        self.remove_button = QPushButton(_tr("移除"))
        self.close_button = QPushButton(_tr("关闭"))
        self.message_label = MessageLabel()
        bottom = QHBoxLayout()
        for w in (self.view_button, self.left_button, self.right_button, self.remove_button):
            bottom.addWidget(w)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        self.add_button.clicked.connect(self.add_file)
        self.view_button.clicked.connect(self.view_selected)
        self.left_button.clicked.connect(lambda: self.rotate_selected(-90))
        self.right_button.clicked.connect(lambda: self.rotate_selected(90))
        self.remove_button.clicked.connect(self.remove_selected)
        self.close_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(self.checklist_label)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(bottom)
        self.reload()

    # -- showing -----------------------------------------------------------------------------
    def reload(self) -> None:
        self.rows = paper_rows(self.ctx.uow, self.owner_kind, self.owner_id)
        self.list.clear()
        for row in self.rows:
            item = QListWidgetItem(self._thumbnail(row), _tr("{0}\n{1} {2}").format(
                row.paper_type, TARGET_LABELS.get(row.owner_kind, OWNER_KINDS[row.owner_kind]), row.attached_on))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(_tr("编号 {0}，{1} 附加").format(row.id, row.attached_by))
            self.list.addItem(item)
        self._show_checklist()
        self._update_buttons()

    def _thumbnail(self, row: PaperRow) -> QIcon:
        try:
            _row, data = paper_content(self.ctx.uow, self.store, row.id)
        except Exception as exc:  # noqa: BLE001 - a missing or changed file is shown, never a crash
            self.message_label.show_text(prompts.error_text(exc))
            return QIcon()
        image = paper_image(row, data).scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation)
        return QIcon(QPixmap.fromImage(image))

    def _show_checklist(self) -> None:
        if self.owner_kind != "application":
            self.checklist_label.hide()
            return
        self.checklist_label.setText(_tr("受理材料：") + checklist_html(self.ctx, self.owner_id))

    def selected(self) -> PaperRow | None:
        items = self.list.selectedItems()
        if not items:
            return None
        pid = items[0].data(Qt.ItemDataRole.UserRole)
        return next((r for r in self.rows if r.id == pid), None)

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        for button in (self.view_button, self.left_button, self.right_button, self.remove_button):
            button.setEnabled(has)

    # -- attaching ---------------------------------------------------------------------------
    def add_file(self) -> None:
        path = prompts.current().open_file(self, _tr("选择材料文件"), PAPER_FILTER)
        if path is not None:
            self.attach([path])

    def attach(self, paths: list[Path]) -> None:
        """Attach the files with the chosen type off the GUI thread; all or none of them."""
        paper_type, keep = self.type_combo.currentText(), self.location_check.isChecked()
        kind, owner = self.targets[max(0, self.target_combo.currentIndex())]
        uow, actor, store = self.ctx.uow, self.actor, self.store
        self.message_label.show_text("")
        self.add_button.setEnabled(False)
        self._op = ops.run(self, lambda _progress: attach_files(uow, actor, store, kind, owner,
                                                                [(paper_type, p) for p in paths], keep_location=keep),
                           label=_tr("正在附加材料…"), on_done=self._attached, on_error=self._failed)

    def _attached(self, ids: list[int]) -> None:
        self.add_button.setEnabled(True)
        self.reload()
        self.message_label.show_text(_tr("已附加 {0} 份材料").format(len(ids)), error=False)
        self.papers_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        self.message_label.show_text(prompts.error_text(exc))

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.attach(paths)

    # -- one paper ---------------------------------------------------------------------------
    def view_selected(self) -> PaperViewerDialog | None:
        row = self.selected()
        if row is None:
            return None
        ok, result = self.message_label.attempt(lambda: paper_content(self.ctx.uow, self.store, row.id))
        if not ok:
            return None
        viewer = PaperViewerDialog(result[0], result[1], self)
        viewer.show()
        return viewer

    def rotate_selected(self, degrees: int) -> None:
        row = self.selected()
        if row is not None and self.message_label.attempt(lambda: rotate_paper(self.ctx.uow, self.actor, row.id,
                                                                                 degrees))[0]:
            self._changed(row.id, _tr("已旋转"))

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or not prompts.current().confirm(
                self, _tr("移除材料"), _tr("移除这份「{0}」？移除记入审计日志。").format(row.paper_type)):
            return
        if self.message_label.attempt(lambda: remove_paper(self.ctx.uow, self.actor, row.id))[0]:
            self._changed(None, _tr("已移除"))

    def _changed(self, keep_selected: int | None, text: str) -> None:
        self.reload()
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == keep_selected:
                self.list.setCurrentRow(i)
        self.message_label.show_text(text, error=False)
        self.papers_changed.emit()
