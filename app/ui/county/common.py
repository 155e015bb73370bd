"""What the county pages share: choosing a folder (through the prompts seam when it offers one), the
page heading, and showing a refusal through the prompts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from app.ui import prompts

BATCH_FILTER = "批次文件 (*.zip)"
PUB_FILTER = "乡镇公钥文件 (*.pub)"


def open_folder(parent: QWidget | None, title: str) -> Path | None:
    """A folder (the USB stick, a shared folder): the prompts object's own picker when it has one (tests
    answer it), else Qt's folder dialog in the last folder used."""
    current = prompts.current()
    if callable(getattr(current, "open_folder", None)):
        return current.open_folder(parent, title)
    dialog = QFileDialog(parent, title, prompts.last_folder())
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, QCoreApplication.translate("Prompts", "选择"))
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, QCoreApplication.translate("Prompts", "取消"))
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    folder = Path(dialog.selectedFiles()[0])
    prompts.remember_folder(folder)
    return folder


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 14pt; font-weight: bold;")
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #666;")
    return label


def refused(parent: QWidget, title: str, exc: BaseException) -> None:
    """A refusal (AppError: its Chinese text and code) or an unexpected error, in a message box."""
    prompts.current().show_error(parent, title, exc)
