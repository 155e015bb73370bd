"""The seam around modal prompts: file pickers, confirmations and message boxes.

Pages never open a QFileDialog or QMessageBox themselves; they call `prompts.current()`.
Tests `install()` an object with the same methods so no test waits on a modal dialog:

    class Fake(Prompts):
        def open_file(self, parent, title, name_filter): return Path("roster.xlsx")
    previous = prompts.install(Fake())
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.errors import AppError

log = logging.getLogger(__name__)

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Prompts", text)


def error_text(exc: BaseException) -> str:
    """The one place an exception becomes text for a person (STYLE item 6)."""
    from app.models.db import as_app_error

    exc = as_app_error(exc) or exc  # a busy database or a concurrent writer, without SQL or parameters
    if isinstance(exc, AppError):
        return f"{exc.text}\n\n{_tr('错误代码')}：{exc.code}"
    log.error("unexpected error in the GUI", exc_info=exc)
    return _tr("程序内部错误，已记录到日志：") + f"{type(exc).__name__}: {exc}"


class Prompts:
    """Real dialogs. Every method is modal and returns plain values."""

    def open_file(self, parent: QWidget | None, title: str, name_filter: str = XLSX_FILTER) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", name_filter)
        return Path(path) if path else None

    def save_file(self, parent: QWidget | None, title: str, suggested: str = "",
                  name_filter: str = XLSX_FILTER) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, name_filter)
        return Path(path) if path else None

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

    def _show(self, parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
        lines = text.splitlines()
        box = QMessageBox(icon, title, "\n".join(lines[:12]), parent=parent)
        if len(lines) > 12:  # an import report can name hundreds of rows: keep the box on screen
            box.setInformativeText(_tr("其余 {0} 行见“详细信息”。").format(len(lines) - 12))
            box.setDetailedText(text)
        box.addButton(_tr("确定"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()


_current: Prompts = Prompts()


def current() -> Prompts:
    return _current


def install(prompts: Prompts) -> Prompts:
    """Replace the prompts object; returns the previous one so a test can put it back."""
    global _current
    previous, _current = _current, prompts
    return previous
