"""File pickers speak Chinese (Qt's translated dialog) and open in the last folder used."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from app.ui import prompts


def _answer_with(qtbot, name: str) -> None:
    """When the dialog is up, type `name` into the focused file-name field and press Enter."""
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        focus = QApplication.focusWidget()
        QTest.keyClick(focus, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(focus, name)
        QTest.keyClick(focus, Qt.Key.Key_Return)
    QTimer.singleShot(300, answer)


def test_the_save_dialog_is_qts_own_and_opens_in_the_last_folder(qtbot, tmp_path):
    prompts.remember_folder(tmp_path)
    dialog = prompts.file_dialog(None, "保存", prompts.XLSX_FILTER, save=True, suggested="花名册.xlsx")
    qtbot.addWidget(dialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.directory().absolutePath() == str(tmp_path)


def test_a_picked_file_makes_its_folder_the_next_start(qtbot, tmp_path):
    (tmp_path / "out").mkdir()
    prompts.remember_folder(tmp_path / "out")
    _answer_with(qtbot, "bank")
    picked = prompts.Prompts().save_file(None, "保存代发文件", "代发.xlsx")
    assert picked == tmp_path / "out" / "bank.xlsx"
    assert prompts.last_folder() == str(tmp_path / "out")
