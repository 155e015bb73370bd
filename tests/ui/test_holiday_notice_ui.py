"""The admin sees next year's missing holidays on 首页 from 1 November and imports the notice."""

from datetime import date

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.domain.workdays import library_years
from app.ui.dashboard_page import DashboardPage
from app.ui.standards_page import StandardsPage

UNKNOWN = max(library_years()) + 1


def test_dashboard_warns_then_the_imported_notice_silences_it(qtbot, ctx, actor, sync_ops, fake_prompts, tmp_path):
    page = DashboardPage(ctx, actor, today=date(UNKNOWN - 1, 11, 2))
    qtbot.addWidget(page)
    assert page.calendar_label.isVisibleTo(page) and f"{UNKNOWN} 年的法定节假日" in page.calendar_label.text()

    wb = openpyxl.Workbook()
    wb.active.append(["日期", "类型", "说明"])
    wb.active.append([f"{UNKNOWN}-01-01", "放假", "元旦"])
    wb.active.append([f"{UNKNOWN}-02-06", "调休上班", ""])
    wb.save(tmp_path / "通知.xlsx")
    settings = StandardsPage(ctx, actor)
    qtbot.addWidget(settings)
    fake_prompts.files.append(tmp_path / "通知.xlsx")
    QTest.mouseClick(settings.import_notice_button, Qt.MouseButton.LeftButton)
    assert f"已录入 {UNKNOWN} 年节假日安排 2 天" in settings.message_label.text()
    assert settings.holiday_model.rowCount() == 2

    page.refresh()
    assert not page.calendar_label.isVisibleTo(page)
