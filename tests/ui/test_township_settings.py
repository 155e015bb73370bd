"""乡镇参数 in the GUI: an admin clicks each field, types, saves; the services use the new values."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from app.services.notices import township_header
from app.services.standards import settings_in_force
from app.services.township_settings import township_settings
from app.ui.standards_page import StandardsPage
from tests.ui.conftest import type_date


def _field(page, name: str):
    (widget,) = [w for w in page.findChildren(QLineEdit) if w.accessibleName() == name]
    return widget


def _show(qtbot, page) -> None:
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)


def _retype(qtbot, page, name: str, text: str) -> None:
    """Click the field named `name`, select what is there and type over it, as a person does."""
    QTest.mouseClick(_field(page, name), Qt.MouseButton.LeftButton)
    focus = QApplication.focusWidget()
    assert focus is _field(page, name)
    QTest.keyClick(focus, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if run.isascii():
            qtbot.keyClicks(QApplication.focusWidget(), run)
        else:  # Chinese arrives as an input method's commit
            event = QInputMethodEvent("", [])
            event.setCommitString(run)
            QApplication.sendEvent(QApplication.focusWidget(), event)


def test_admin_sets_the_complaint_phone_and_calculation_parameters_from_a_month(qtbot, ctx, actor):
    page = StandardsPage(ctx, actor)
    qtbot.addWidget(page)
    _show(qtbot, page)
    type_date(qtbot, page.settings_box.month_edit, date(2021, 1, 1))
    _retype(qtbot, page, "投诉举报电话", "0737-4321234")
    _retype(qtbot, page, "最低发放金额（元/户/月）", "10元")
    _retype(qtbot, page, "分类施保：老年人（60 岁以上）（标准的倍数）", "0.1")
    _retype(qtbot, page, "乡镇户籍人口（人）", "36500")
    QTest.mouseClick(page.settings_box.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in page.settings_box.message_label.text()
    assert township_header(ctx.uow)[1] == "0737-4321234"
    with ctx.uow.read() as s:
        assert settings_in_force(s, "2021-01")["min_payment"] == "10"
        assert settings_in_force(s, "2021-01")["increments"]["elderly"] == "0.1"
        assert settings_in_force(s, "2020-12")["min_payment"] == "0"  # earlier months keep their rules
    assert township_settings(ctx.uow, "2021-03")["population"] == "36500"


def test_a_bad_field_is_named_and_nothing_is_saved(qtbot, ctx, actor):
    page = StandardsPage(ctx, actor)
    qtbot.addWidget(page)
    _show(qtbot, page)
    _retype(qtbot, page, "投诉举报电话", "0737-4321234")
    _retype(qtbot, page, "渐退期（月）", "六个月")
    QTest.mouseClick(page.settings_box.save_button, Qt.MouseButton.LeftButton)
    assert "渐退期（月）" in page.settings_box.message_label.text()
    assert township_header(ctx.uow)[1] == ""


def test_admin_gets_the_price_subsidy_proposed_from_the_cpi_rise(qtbot, ctx, actor):
    """SPEC §3.4: round(S × rise): 2020-12 urban 580 × 3.5% = 20.30 -> 20, rural 335 × 3.5% = 11.725 -> 12."""
    page = StandardsPage(ctx, actor)
    qtbot.addWidget(page)
    _show(qtbot, page)
    type_date(qtbot, page.subsidy_month_edit, date(2020, 12, 1))
    _retype(qtbot, page, "CPI 涨幅 %", "3.5")
    QTest.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    assert (page.subsidy_urban_edit.text(), page.subsidy_rural_edit.text()) == ("20.00", "12.00")
    _retype(qtbot, page, "CPI 涨幅 %", "三点五")
    QTest.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    assert "CPI 涨幅" in page.message_label.text()
