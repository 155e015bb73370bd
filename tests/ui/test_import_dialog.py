"""导入花名册…: the clerk picks a file, checks the mapping, maps a provincial export by hand, imports."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.domain.vocab import VOCABULARY
from app.models import Household
from app.services.import_mappings import list_mappings, load_mapping
from app.ui.households_page import HouseholdsPage
from app.ui.import_dialog import ImportDialog
from tests.integration.test_real_spreadsheets import C, write_office_xlsx
from tests.integration.test_real_spreadsheets_mapping import PROVINCIAL, write_provincial
from tests.ui.conftest import FIXTURES, type_text


@pytest.fixture
def rows():
    if not FIXTURES.is_dir():
        pytest.skip("共享测试数据目录不存在")
    from tests.integration.test_real_spreadsheets import fixture_rows

    return fixture_rows(FIXTURES.parent)


def _households(ctx) -> int:
    with ctx.uow.read() as s:
        return s.scalar(select(func.count()).select_from(Household))


def _click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _choose(qtbot, combo, label: str) -> None:
    """As a clerk does: click the combo (its list opens), walk with the arrow keys to `label`, press Enter."""
    target = combo.findData(label) if combo.findData(label) >= 0 else combo.findText(label)
    assert target >= 0, label
    _click(qtbot, combo)
    steps = target - combo.currentIndex()
    for _ in range(abs(steps)):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not combo.view().isVisible())
    combo.window().activateWindow()  # what the window manager does when a popup closes (offscreen does not)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is combo.window())
    assert combo.currentIndex() == target, label


def _open(qtbot, ctx, actor, fake_prompts, path) -> ImportDialog:
    page = HouseholdsPage(ctx, actor)
    qtbot.addWidget(page)
    _click(qtbot, page.import_dialog_button)
    dialog = page.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    fake_prompts.files.append(path)
    _click(qtbot, dialog.file_button)
    return dialog


def test_an_office_file_is_previewed_prefilled_checked_and_imported(qtbot, ctx, actor, sync_ops, fake_prompts,
                                                                     tmp_path, rows):
    path = tmp_path / "花名册.xlsx"
    write_office_xlsx(path, rows)
    dialog = _open(qtbot, ctx, actor, fake_prompts, path)
    assert "第 3 行找到表头" in dialog.status_label.text()
    assert dialog.preview_model.rowCount() == 8
    assert dialog.preview_model.data(dialog.preview_model.index(0, 3)) == "宋小"
    assert dialog.members_box.combos["身份证号"].currentText() == "身份证号码"
    assert dialog.members_box.combos["月救助金(元)"].currentText() == "月保障金(元)"
    assert dialog.vocab_model.rowCount() == len(VOCABULARY)
    assert not dialog.import_button.isEnabled()  # only after a passing check
    _click(qtbot, dialog.check_button)
    assert "检查通过（未写入）：40 户、132 人" in dialog.status_label.text() and _households(ctx) == 0
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported):
        _click(qtbot, dialog.import_button)
    assert _households(ctx) == 40 and "已导入" in dialog.status_label.text()
    assert dialog.parent().model.rowCount() == 40  # the page refreshed


def test_a_refusal_is_a_table_of_sheet_row_column_and_reason(qtbot, ctx, actor, sync_ops, fake_prompts,
                                                             tmp_path, rows):
    rows[4][C["银行账号"]] = float(rows[4][C["银行账号"]])
    path = tmp_path / "花名册.xlsx"
    write_office_xlsx(path, rows)
    dialog = _open(qtbot, ctx, actor, fake_prompts, path)
    _click(qtbot, dialog.check_button)
    report = dialog.report_model
    assert report.rowCount() == 1
    assert [report.data(report.index(0, c)) for c in range(3)] == ["2020年12月", "8", "银行卡号"]
    assert "15 位有效数字" in report.data(report.index(0, 3))
    assert dialog.tabs.currentWidget() is dialog.report_table
    assert not dialog.import_button.isEnabled() and _households(ctx) == 0


def test_a_provincial_export_is_mapped_by_hand_saved_by_name_and_imported(qtbot, ctx, actor, sync_ops,
                                                                          fake_prompts, tmp_path, rows):
    path = tmp_path / "省系统导出.xlsx"
    write_provincial(path, rows)
    dialog = _open(qtbot, ctx, actor, fake_prompts, path)
    assert "没有找到已知的表头" in dialog.status_label.text()
    box = dialog.members_box
    _choose(qtbot, box.sheet_combo, "家庭成员")
    for name, label in PROVINCIAL.members.columns.items():
        _choose(qtbot, box.combos[name], label)
    check = dialog.household_check
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))  # on its box
    hbox = dialog.households_box
    assert hbox.isVisible() and hbox.sheet_combo.currentText() == "家庭"
    _click(qtbot, hbox.header_spin.lineEdit())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)  # the header is on row 2, under a title
    assert hbox.header_spin.value() == 2
    for name, label in PROVINCIAL.households.columns.items():
        _choose(qtbot, hbox.combos[name], label)
    assert dialog.current_mapping() == PROVINCIAL
    _click(qtbot, dialog.name_edit)
    type_text(qtbot, "省系统导出")
    _click(qtbot, dialog.save_button)
    assert list_mappings(ctx.uow) == ["省系统导出"] and load_mapping(ctx.uow, "省系统导出") == PROVINCIAL
    _click(qtbot, dialog.check_button)
    assert "检查通过" in dialog.status_label.text(), dialog.status_label.text()
    _click(qtbot, dialog.import_button)
    assert _households(ctx) == 40


def test_a_saved_mapping_is_offered_next_time_and_fills_the_combos(qtbot, ctx, actor, sync_ops, fake_prompts,
                                                                   tmp_path, rows):
    from app.services.import_mappings import save_mapping

    save_mapping(ctx.uow, actor, "省系统导出", PROVINCIAL)
    path = tmp_path / "省系统导出.xlsx"
    write_provincial(path, rows)
    dialog = _open(qtbot, ctx, actor, fake_prompts, path)
    _choose(qtbot, dialog.saved_combo, "省系统导出")
    assert dialog.current_mapping() == PROVINCIAL
    _click(qtbot, dialog.check_button)
    assert "检查通过（未写入）：40 户、132 人" in dialog.status_label.text()
