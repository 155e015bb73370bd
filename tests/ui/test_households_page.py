"""家庭台账: the table model, typing a household, inline validation, import, login."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from app.domain.registry import HouseholdInput, MemberInput
from app.errors import Cancelled
from app.services.households import register_household
from app.services.queries import HouseholdFilter, HouseholdRow, household_rows
from app.ui import ops
from app.ui.app import IdleLock, run_gui
from app.ui.household_dialog import HouseholdDialog
from app.ui.households_page import HouseholdsPage
from app.ui.login_dialog import LoginDialog
from app.ui.main_window import AREAS, MainWindow
from app.ui.models.households_table import HouseholdsTableModel
from app.ui.models.members_table import COLUMN
from tests.conftest import fixtures_missing
from tests.ui.conftest import FIXTURES, PASSWORD, click, click_cell, click_field, focused, show, type_text

HEAD_ID = "430902194501010013"  # 1945-01-01, male, check digit 3
SPOUSE_ID = "430902194703020025"  # 1947-03-02, female, check digit 5

ROWS = [
    HouseholdRow(1, "青山村", "张三丰", "430902********0013", 2, "农村低保", 67000, "13800000000", "****1234", "正常"),
    HouseholdRow(2, "城东社区", "李四", "430902********002X", 1, "", 0, "", "", "已注销"),
]


def test_households_table_model_is_a_well_behaved_qt_model(qtmodeltester):
    qtmodeltester.check(HouseholdsTableModel(ROWS))


def test_table_shows_masked_id_and_money_in_yuan():
    model = HouseholdsTableModel(ROWS)
    assert model.data(model.index(0, 2)) == "430902********0013"
    assert model.data(model.index(0, 5)) == "670.00"
    assert model.data(model.index(1, 5)) == "0.00"
    assert model.headerData(5, Qt.Orientation.Horizontal) == "月救助金(元)"


def _type_member(qtbot, dialog, row: int, name: str, id_number: str) -> None:
    click_cell(qtbot, dialog.members_table, row, COLUMN["name"])
    type_text(qtbot, name)
    click_cell(qtbot, dialog.members_table, row, COLUMN["id_number"])
    type_text(qtbot, id_number)


def _cell(dialog, row: int, column: str) -> str:
    return dialog.members_model.index(row, COLUMN[column]).data()


def test_household_typed_in_the_dialog_is_found_by_pinyin_initials(qtbot, ctx, actor):
    dialog = show(qtbot, HouseholdDialog(ctx, actor))
    click_field(qtbot, dialog, "村(社区)", "青山村")
    click_field(qtbot, dialog, "地址", "青山村三组12号")
    click_field(qtbot, dialog, "联系电话", "13800000000")
    _type_member(qtbot, dialog, 0, "张三丰", HEAD_ID)
    assert [_cell(dialog, 0, c) for c in ("birth_date", "sex")] == ["1945-01-01", "男"]
    click(qtbot, dialog.add_member_button)
    assert _cell(dialog, 1, "relation") == "配偶"
    _type_member(qtbot, dialog, 1, "李秀英", SPOUSE_ID)
    click_cell(qtbot, dialog.members_table, 1, COLUMN["转移净"])
    type_text(qtbot, "120.50")
    with qtbot.waitSignal(dialog.household_saved) as saved:
        click(qtbot, dialog.save_button)

    page = show(qtbot, HouseholdsPage(ctx, actor))
    click(qtbot, page.search_edit)
    type_text(qtbot, "zsf")
    qtbot.waitUntil(lambda: page.visible_head_names() == ["张三丰"])
    assert page.model.row_at(0).id == saved.args[0] and page.model.row_at(0).members == 2
    assert page.count_label.text() == "共 1 户"


def test_invalid_id_is_reported_inline_and_save_writes_nothing(qtbot, ctx, actor):
    dialog = show(qtbot, HouseholdDialog(ctx, actor))
    click_field(qtbot, dialog, "村(社区)", "青山村")
    _type_member(qtbot, dialog, 0, "张三丰", "430902194501010014")
    assert not dialog.message_label.isHidden()
    assert "校验位错误" in dialog.message_label.text()
    assert _cell(dialog, 0, "birth_date") == ""
    with qtbot.assertNotEmitted(dialog.household_saved):
        click(qtbot, dialog.save_button)
    assert household_rows(ctx.uow, HouseholdFilter()) == []


def test_save_with_missing_fields_lists_every_problem(qtbot, ctx, actor):
    dialog = show(qtbot, HouseholdDialog(ctx, actor))
    assert dialog.message_label.isHidden()  # nothing typed yet: no nagging
    click(qtbot, dialog.save_button)
    text = dialog.message_label.text()
    assert "村(社区)：不能为空" in text and "成员第 1 行「姓名」：不能为空" in text


def test_editing_a_household_is_kept_in_its_history(qtbot, qtmodeltester, ctx, actor):
    head = MemberInput(name="张三丰", id_number=HEAD_ID, relation="本人")
    household_id = register_household(ctx.uow, actor, HouseholdInput(village="青山村", members=[head]))
    dialog = show(qtbot, HouseholdDialog(ctx, actor, household_id=household_id))
    assert _cell(dialog, 0, "id_number") == HEAD_ID  # the editor shows the full number
    click_field(qtbot, dialog, "联系电话", "13900000000")
    with qtbot.waitSignal(dialog.household_saved):
        click(qtbot, dialog.save_button)
    reopened = HouseholdDialog(ctx, actor, household_id=household_id)
    qtbot.addWidget(reopened)
    history = reopened.history_model
    assert history.rowCount() == 2
    assert history.index(0, 2).data() == "修改家庭" and history.index(1, 2).data() == "新建家庭"
    assert history.index(0, 3).data() == "联系电话： → 13900000000"
    qtmodeltester.check(history)


def test_double_click_opens_the_household_for_editing(qtbot, ctx, actor):
    head = MemberInput(name="张三丰", id_number=HEAD_ID, relation="本人")
    register_household(ctx.uow, actor, HouseholdInput(village="青山村", members=[head]))
    page = HouseholdsPage(ctx, actor)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    cell = page.table.visualRect(page.proxy.index(0, 1)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # a real double-click
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # starts with a press
    dialog = page.findChild(HouseholdDialog)
    qtbot.waitUntil(lambda: dialog.isVisible())
    assert dialog.windowTitle() == "编辑家庭 - 户主 张三丰"
    dialog.reject()


@pytest.mark.skipif(fixtures_missing("legacy/roster_valid.xlsx"), reason="shared fixtures absent")
def test_importing_the_legacy_roster_lists_its_40_households(qtbot, ctx, actor, sync_ops, fake_prompts):
    page = HouseholdsPage(ctx, actor)
    qtbot.addWidget(page)
    fake_prompts.files.append(FIXTURES / "roster_valid.xlsx")
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 40
    assert page.count_label.text() == "共 40 户"
    assert fake_prompts.messages[-1][:2] == ("info", "导入完成")
    assert page.village_combo.count() > 1


@pytest.mark.skipif(fixtures_missing("legacy/roster_valid.xlsx"), reason="shared fixtures absent")
def test_a_cancelled_import_writes_nothing(qtbot, ctx, actor, fake_prompts):
    class ManualPool:
        jobs: list = []

        def start(self, fn):
            self.jobs.append(fn)

    pool = ManualPool()
    previous = ops.use_pool(pool)
    try:
        page = HouseholdsPage(ctx, actor)
        qtbot.addWidget(page)
        fake_prompts.files.append(FIXTURES / "roster_valid.xlsx")
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        assert not page.import_button.isEnabled()  # one operation at a time
        page._op.cancel()
        pool.jobs.pop()()
    finally:
        ops.use_pool(previous)
    assert fake_prompts.messages[-1][0] == "info" and "取消" in fake_prompts.messages[-1][2]
    assert household_rows(ctx.uow, HouseholdFilter()) == []
    assert page.import_button.isEnabled()


def test_progress_dialog_appears_for_slow_work_and_cancel_stops_it(qtbot):
    release = threading.Event()

    def slow(progress):
        for i in range(100_000):
            progress(i, 100_000)
            release.wait(0.01)

    op = ops.run(None, slow, label="正在处理…")
    try:
        qtbot.waitUntil(lambda: op.progress_dialog is not None and op.progress_dialog.isVisible(), timeout=5000)
        with qtbot.waitSignal(op.failed, timeout=5000) as failed:
            qtbot.mouseClick(op.progress_dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    finally:
        release.set()
        ops.wait_all()
    assert isinstance(failed.args[0], Cancelled)


def test_gui_reports_a_missing_database_and_exits_with_1(tmp_path, monkeypatch, qapp, fake_prompts):
    monkeypatch.setenv("JIUZHU_HOME", str(tmp_path / "home"))
    monkeypatch.setattr("app.ui.app.setup_logging", lambda: None)
    assert run_gui(tmp_path / "absent.db") == 1
    kind, title, text = fake_prompts.messages[-1]
    assert (kind, title) == ("error", "无法打开数据库") and "E_INVALID" in text


def test_login_refuses_a_wrong_password_in_chinese(qtbot, ctx):
    dialog = LoginDialog(ctx.uow, user="admin")
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    click(qtbot, dialog.password_edit)
    type_text(qtbot, "wrong-password")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is None and not dialog.error_label.isHidden()
    assert dialog.error_label.text().startswith("登录失败：用户名或密码错误")
    assert focused() is dialog.password_edit  # the field is cleared and has the cursor again
    type_text(qtbot, PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.actor.name == "admin"


def test_main_window_lists_every_area_and_a_page_given_to_it_replaces_the_one_shown(qtbot, ctx, actor):
    window = MainWindow(ctx, actor, "测试镇", pages={"rosters": lambda _w: QLabel("花名册")})
    qtbot.addWidget(window)
    assert window.windowTitle() == "乡镇社会救助工作台 - 测试镇"
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [label for _, label in AREAS]
    assert isinstance(window.stack.currentWidget(), HouseholdsPage)
    assert "admin（管理员）" in window.user_label.text()
    window.nav.setCurrentRow(4)
    assert window.stack.currentWidget().text() == "花名册"
    window.register_page("rosters", lambda w: HouseholdsPage(w.ctx, w.actor, w))
    assert window.current_page_key() == "rosters" and isinstance(window.current_page(), HouseholdsPage)


def test_idle_lock_hides_the_work_until_the_same_user_logs_in_again(qtbot, qapp, ctx, actor):
    window = MainWindow(ctx, actor, "测试镇")
    qtbot.addWidget(window)
    window.show()
    dialog = IdleLock(qapp, window, "测试镇", timeout_ms=60_000).lock()
    assert window.centralWidget().isHidden() and dialog.user_edit.isReadOnly()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    click(qtbot, dialog.password_edit)
    type_text(qtbot, PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert not window.centralWidget().isHidden()


def test_export_through_the_page_writes_every_household(qtbot, tmp_path, ctx, actor, sync_ops, fake_prompts):
    head = MemberInput(name="张三丰", id_number=HEAD_ID, relation="本人")
    register_household(ctx.uow, actor, HouseholdInput(village="青山村", members=[head]))
    page = HouseholdsPage(ctx, actor)
    qtbot.addWidget(page)
    fake_prompts.files.append(tmp_path / "out")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "out.xlsx").exists()
    assert fake_prompts.messages[-1][:2] == ("info", "导出完成") and "1 户" in fake_prompts.messages[-1][2]
