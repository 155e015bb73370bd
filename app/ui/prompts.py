"""The seam around modal prompts: file pickers, confirmations and message boxes.

Pages never open a QFileDialog or QMessageBox themselves; they call `prompts.current()`.
Tests `install()` an object with the same methods so no test waits on a modal dialog:

    class Fake(Prompts):
        def open_file(self, parent, title, name_filter): return Path("roster.xlsx")
    previous = prompts.install(Fake())
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.errors import AppError
from app.paths import data_dir

log = logging.getLogger(__name__)

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
LAST_FOLDER_KEY = "dialogs/last_folder"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Prompts", text)


def error_text(exc: BaseException) -> str:
    """The one place an exception becomes text for a person (STYLE item 6). A busy database or a
    concurrent writer arrives already as an AppError (models.uow turns it into one)."""
    if isinstance(exc, AppError):
        return f"{exc.text}\n\n{_tr('错误代码')}：{exc.code}"
    log.error("unexpected error in the GUI", exc_info=exc)
    return _tr("程序内部错误，已记录到日志：") + f"{type(exc).__name__}: {exc}"


class Prompts:
    """Real dialogs. Every method is modal and returns plain values."""

    def open_file(self, parent: QWidget | None, title: str, name_filter: str = XLSX_FILTER) -> Path | None:
        return self._pick(file_dialog(parent, title, name_filter, save=False))

    def save_file(self, parent: QWidget | None, title: str, suggested: str = "",
                  name_filter: str = XLSX_FILTER) -> Path | None:
        return self._pick(file_dialog(parent, title, name_filter, save=True, suggested=suggested))

    @staticmethod
    def _pick(dialog: QFileDialog) -> Path | None:
        if not dialog.exec() or not dialog.selectedFiles():
            return None
        path = Path(dialog.selectedFiles()[0])
        remember_folder(path.parent)
        return path

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        yes = box.addButton(_tr("确定"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self._show(parent, QMessageBox.Icon.Information, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self._show(parent, QMessageBox.Icon.Warning, title, text)

    def show_error(self, parent: QWidget | None, title: str, exc: BaseException) -> None:
        self.error(parent, title, error_text(exc))

    def open_path(self, path: Path) -> None:
        """Open a produced file (a PDF) in the system's viewer."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def print_preview(self, parent: QWidget | None, path: Path) -> bool:
        """Show the PDF at `path` in the app's print preview, from which it prints; True if printed."""
        from app.ui.printing import preview_dialog

        return bool(preview_dialog(parent, Path(path)).exec())

    def _show(self, parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
        lines = text.splitlines()
        box = QMessageBox(icon, title, "\n".join(lines[:12]), parent=parent)
        if len(lines) > 12:  # an import report can name hundreds of rows: keep the box on screen
            box.setInformativeText(_tr("其余 {0} 行见“详细信息”。").format(len(lines) - 12))
            box.setDetailedText(text)
        box.addButton(_tr("确定"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()


def _settings() -> QSettings:
    """The GUI's own small preferences, kept in the data folder beside the logs."""
    return QSettings(str(data_dir() / "gui.ini"), QSettings.Format.IniFormat)


def last_folder() -> str:
    """The folder a file was last picked in (kept across runs), else the user's documents folder."""
    folder = _settings().value(LAST_FOLDER_KEY, "")
    if folder and Path(str(folder)).is_dir():
        return str(folder)
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def remember_folder(folder: Path) -> None:
    _settings().setValue(LAST_FOLDER_KEY, str(folder))


def file_dialog(parent: QWidget | None, title: str, name_filter: str, *, save: bool,
                suggested: str = "") -> QFileDialog:
    """Qt's own file dialog (translated by qtbase_zh_CN, unlike some desktops' native ones), opening in
    the last folder used, with the suggested file name filled in."""
    dialog = QFileDialog(parent, title, last_folder(), name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    labels = {QFileDialog.DialogLabel.LookIn: _tr("查找范围："), QFileDialog.DialogLabel.FileType: _tr("文件类型："),
              QFileDialog.DialogLabel.FileName: _tr("文件名(&N)："), QFileDialog.DialogLabel.Reject: _tr("取消")}
    for label, text in labels.items():  # two of these are missing from Qt's own zh_CN translation
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, _tr("保存(&S)") if save else _tr("打开(&O)"))
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if suggested:
            dialog.selectFile(suggested)
        suffix = re.search(r"\*\.(\w+)", name_filter)
        if suffix:  # "花名册" typed without its ending is saved as 花名册.xlsx
            dialog.setDefaultSuffix(suffix.group(1))
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog


_current: Prompts = Prompts()


def current() -> Prompts:
    return _current


def install(prompts: Prompts) -> Prompts:
    """Replace the prompts object; returns the previous one so a test can put it back."""
    global _current
    previous, _current = _current, prompts
    return previous
