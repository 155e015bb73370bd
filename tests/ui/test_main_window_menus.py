"""The main window as office software: menu shortcuts, the user always named in the status bar, and
a shared PC changing hands (切换用户 / 注销) without restarting, all driven by keys and clicks."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

import app.ui
from app.domain.registry import HouseholdInput, MemberInput
from app.services.auth import add_user, login
from app.services.households import register_household
from app.ui import changes
from app.ui.app import IdleLock
from app.ui.audit_page import AuditPage, RestrictedPage
from app.ui.changes import stale_areas
from app.ui.household_dialog import HouseholdDialog
from app.ui.households_page import HouseholdsPage
from app.ui.login_dialog import LoginDialog
from app.ui.main_window import AREAS, MainWindow
from app.ui.pages import PAGES
from tests.ui.conftest import (
    PASSWORD,
    by_name,
    choose_menu,
    click,
    click_cell,
    enter,
    focused,
    log_in,
    press,
    show,
    tab,
    type_text,
)

HEAD_ID = "430902194501010013"
CTRL = Qt.KeyboardModifier.ControlModifier


def open_window(qtbot, ctx, actor, start: str = "households") -> MainWindow:
    return show(qtbot, MainWindow(ctx, actor, "测试镇", start=start))


def test_ctrl_n_opens_a_new_household_from_any_page(qtbot, ctx, actor):
    window = open_window(qtbot, ctx, actor, start="stats")
    click(qtbot, window.nav)
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = window.findChild(HouseholdDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.windowTitle() == "新增家庭" and window.current_page_key() == "households"
    dialog.reject()


def test_ctrl_f_puts_the_cursor_in_the_find_box_and_f5_shows_new_data(qtbot, ctx, actor):
    window = open_window(qtbot, ctx, actor)
    page = window.current_page()
    click(qtbot, window.nav)
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is page.search_edit
    type_text(qtbot, "zsf")
    press(qtbot, Qt.Key.Key_Return)
    assert page.visible_head_names() == []
    register_household(ctx.uow, actor, HouseholdInput(
        village="青山村", members=[MemberInput(name="张三丰", id_number=HEAD_ID, relation="本人")]))
    press(qtbot, Qt.Key.Key_F5)
    assert page.visible_head_names() == ["张三丰"]
    assert window.statusBar().currentMessage() == "已刷新"


class ReportPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.printed = 0
        QVBoxLayout(self).addWidget(QLabel("报表"))

    def print_report(self) -> None:
        self.printed += 1


def test_ctrl_p_prints_the_pages_report_or_says_there_is_none(qtbot, ctx, actor):
    window = open_window(qtbot, ctx, actor)
    click(qtbot, window.nav)
    press(qtbot, Qt.Key.Key_P, CTRL)
    assert window.statusBar().currentMessage() == "本页没有可打印的报表"
    assert "admin（管理员）" in window.user_label.text() and window.user_label.isVisible()  # never hidden
    report = ReportPage()
    window.register_page("stats", lambda _w: report)
    window.show_page("stats")
    press(qtbot, Qt.Key.Key_P, CTRL)
    assert report.printed == 1


def test_ctrl_q_quits(qtbot, ctx, actor):
    window = open_window(qtbot, ctx, actor)
    click(qtbot, window.nav)
    press(qtbot, Qt.Key.Key_Q, CTRL)
    assert not window.isVisible()


def test_clerk_then_reviewer_then_admin_at_one_window(qtbot, ctx, actor):
    add_user(ctx.uow, actor, "李会计", "clerk", PASSWORD)
    add_user(ctx.uow, actor, "王审核", "reviewer", PASSWORD)
    clerk = login(ctx.uow, "李会计", PASSWORD)
    window = open_window(qtbot, ctx, clerk, start="audit")
    assert isinstance(window.current_page(), RestrictedPage)
    before = window.page("households")

    choose_menu(qtbot, window, "文件(&F)", "切换用户(&U)…")
    dialog = window.login_dialog
    assert window.centralWidget().isHidden()  # the clerk's work is off the screen while the login shows
    log_in(qtbot, dialog, "王审核", PASSWORD)
    assert window.actor.name == "王审核" and window.user_label.text() == "用户：王审核（审核人）"
    assert window.current_page_key() == "households" and window.page("households") is not before
    assert isinstance(window.show_page("audit"), AuditPage)  # rebuilt for the reviewer's role

    choose_menu(qtbot, window, "文件(&F)", "注销(&L)")
    dialog = window.login_dialog
    log_in(qtbot, dialog, "admin", "wrong-password")
    assert dialog.isVisible() and "还可再试 4 次" in dialog.error_label.text()
    assert focused() is dialog.password_edit
    type_text(qtbot, PASSWORD)
    enter(qtbot)
    assert window.actor.role == "admin" and not window.centralWidget().isHidden()
    assert isinstance(window.current_page(), HouseholdsPage)


def test_cancelling_a_switch_keeps_the_user_and_cancelling_after_log_out_closes(qtbot, ctx, actor):
    window = open_window(qtbot, ctx, actor)
    choose_menu(qtbot, window, "文件(&F)", "切换用户(&U)…")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.login_dialog)
    press(qtbot, Qt.Key.Key_Escape)
    assert window.actor.name == "admin" and not window.centralWidget().isHidden()
    choose_menu(qtbot, window, "文件(&F)", "注销(&L)")
    dialog = window.login_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert window.stack.count() == 0  # the previous user's pages are gone, not just hidden
    assert window.user_label.text() == "用户：未登录"
    assert dialog.cancel_button.text() == "退出程序"
    click(qtbot, dialog.cancel_button)
    assert not window.isVisible()


def test_the_login_dialog_counts_down_the_tries_before_the_lock(qtbot, ctx):
    dialog = show(qtbot, LoginDialog(ctx.uow))
    log_in(qtbot, dialog, "admin", "wrong-1")
    assert dialog.error_label.text() == "登录失败：用户名或密码错误，还可再试 4 次（连续输错 5 次将锁定 15 分钟）"
    for attempt in range(2, 6):
        type_text(qtbot, f"wrong-{attempt}")
        enter(qtbot)
    assert "已连续输错 5 次，账户锁定 15 分钟" in dialog.error_label.text()
    type_text(qtbot, PASSWORD)
    enter(qtbot)
    assert dialog.actor is None and dialog.error_label.text().startswith("账户已锁定")


# -- pages never go stale --------------------------------------------------------------------
def click_area(qtbot, window: MainWindow, label: str) -> QWidget:
    """Click an area in the left navigation; returns the page shown."""
    (row,) = [r for r in range(window.nav.count()) if window.nav.item(r).text() == label]
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return window.current_page()


def test_a_household_saved_on_one_page_is_in_the_audit_page_when_it_is_next_shown(qtbot, ctx, actor):
    window = open_window(qtbot, ctx, actor, start="audit")
    audit = window.current_page()
    before = audit.model.rowCount()
    click_area(qtbot, window, "家庭台账")
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = window.findChild(HouseholdDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    click(qtbot, by_name(dialog, "村(社区)"))
    type_text(qtbot, "青山村")
    click_cell(qtbot, dialog.members_table, 0, 0)
    type_text(qtbot, "张三丰")
    tab(qtbot)
    type_text(qtbot, HEAD_ID)
    click(qtbot, dialog.save_button)
    assert window.is_stale("audit") and audit.model.rowCount() == before  # not refreshed while hidden
    assert click_area(qtbot, window, "审计日志") is audit
    assert audit.model.rowCount() == before + 1 and audit.model.index(0, 2).data() == "新建家庭"
    assert not window.is_stale("audit")


@pytest.mark.parametrize(("source", "touched", "stale"), [
    ("households", {"households"}, {"home", "applications", "beneficiaries", "rosters", "notices", "checks",
                                    "audit", "stats", "monitor"}),
    ("rosters", {"rosters"}, {"home", "exchange", "stats", "audit"}),
    ("beneficiaries", {"cases"}, {"home", "households", "rosters", "notices", "checks", "exchange", "stats",
                                  "audit", "monitor"}),
])
def test_a_change_marks_every_other_page_that_shows_it(source, touched, stale):
    built = [key for key, _label in AREAS]
    assert stale_areas(source, touched, built) == stale


def test_a_change_from_a_dialog_is_charged_to_the_area_that_opened_it(qtbot, ctx, actor):
    window = open_window(qtbot, ctx, actor, start="home")
    checks = window.page("checks")
    households = window.page("households")
    dialog = HouseholdDialog(ctx, actor, parent=checks)
    qtbot.addWidget(dialog)
    assert window.area_of(dialog) == "checks"
    changes.announce(dialog, {changes.HOUSEHOLDS})
    assert window.is_stale("households") and window.is_stale("home") and not window.is_stale("checks")
    assert click_area(qtbot, window, "家庭台账") is households and not window.is_stale("households")


def test_a_change_in_another_window_marks_nothing_here(qtbot, ctx, actor):
    window = open_window(qtbot, ctx, actor, start="home")
    window.page("audit")
    changes.announce(QWidget(), {changes.HOUSEHOLDS})
    assert not window.is_stale("audit")


def test_no_signal_of_the_ui_is_left_unconnected_or_never_emitted():
    ui = Path(app.ui.__file__).parent
    text = "\n".join(p.read_text(encoding="utf-8") for p in ui.rglob("*.py"))
    declared = set(re.findall(r"^\s+(\w+) = Signal\(", text, re.M))
    orphans = {name for name in declared if f"{name}.emit(" not in text or f"{name}.connect(" not in text}
    assert orphans == set()


def test_the_idle_lock_does_not_stack_a_second_login_on_a_switch(qtbot, qapp, ctx, actor):
    window = open_window(qtbot, ctx, actor)
    choose_menu(qtbot, window, "文件(&F)", "切换用户(&U)…")
    switching = window.login_dialog
    assert IdleLock(qapp, window, "测试镇", timeout_ms=60_000).lock() is switching
    assert window.findChildren(LoginDialog) == [switching]


# -- the page table ----------------------------------------------------------------------------
def test_every_area_has_a_page_module_with_its_factory():
    assert list(PAGES) == [key for key, _label in AREAS]
    for module, name in PAGES.values():
        assert callable(getattr(importlib.import_module(module), name)), f"{module}.{name}"


def test_opening_the_main_window_module_imports_no_page():
    code = ("import sys, app.ui.main_window, app.ui.pages; "
            "print(sorted(m for m in sys.modules if m.endswith('_page')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
