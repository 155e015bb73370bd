"""用户与备份 and 审计日志 pages: my password, users, backups, restore, the log, 校验, revealing an ID."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.domain.registry import HouseholdInput, MemberInput
from app.errors import AuthError
from app.models import AuditRecord
from app.services.auth import add_user, list_users, login
from app.services.backup import create_backup
from app.services.households import register_household
from app.services.users import AuditRow, audit_rows
from app.ui.admin_page import AdminPage, make_admin_page
from app.ui.audit_page import AuditPage, RestrictedPage, make_audit_page
from app.ui.households_page import HouseholdsPage
from app.ui.main_window import MainWindow
from app.ui.models.audit_table import AuditTableModel
from tests.ui.conftest import PASSWORD, choose, click, fill, type_date

HEAD_ID = "430902194501010013"


@pytest.fixture
def household(ctx, actor):
    data = HouseholdInput(village="青山村", members=[MemberInput("张三丰", HEAD_ID, "本人")])
    return register_household(ctx.uow, actor, data)


@pytest.fixture
def admin_page(qtbot, ctx, actor):
    page = AdminPage(ctx, actor)
    qtbot.addWidget(page)
    return page


def _user(ctx, actor, role):
    add_user(ctx.uow, actor, "小王", role, PASSWORD)
    return login(ctx.uow, "小王", PASSWORD)


def _actions(ctx, action):
    with ctx.uow.read() as s:
        return s.scalars(select(AuditRecord.actor).where(AuditRecord.action == action)).all()


# -- my password -----------------------------------------------------------------------------
def test_i_change_my_password_through_the_dialog(qtbot, ctx, admin_page):
    dialog = admin_page.make_password_dialog()
    fill(qtbot, dialog.old_edit, PASSWORD)
    fill(qtbot, dialog.new_edit, "newpass1")
    fill(qtbot, dialog.again_edit, "newpass1")
    with qtbot.waitSignal(dialog.password_changed):
        dialog.ok_button.click()
    assert login(ctx.uow, "admin", "newpass1").name == "admin"
    assert "密码已修改" in admin_page.message_label.text()


@pytest.mark.parametrize(("old", "again", "shown"), [
    ("wrong1", "newpass1", "旧密码不正确"),
    (PASSWORD, "other12", "两次输入的新密码不一致"),
])
def test_a_refused_password_change_is_shown_in_the_dialog(qtbot, ctx, admin_page, old, again, shown):
    dialog = admin_page.make_password_dialog()
    qtbot.addWidget(dialog)
    fill(qtbot, dialog.old_edit, old)
    fill(qtbot, dialog.new_edit, "newpass1")
    fill(qtbot, dialog.again_edit, again)
    dialog.ok_button.click()
    assert shown in dialog.message_label.text() and dialog.result() == 0
    with pytest.raises(AuthError):
        login(ctx.uow, "admin", "newpass1")


@pytest.mark.parametrize("role", ["clerk", "reviewer"])
def test_other_roles_see_only_their_password(qtbot, ctx, actor, role):
    page = AdminPage(ctx, _user(ctx, actor, role))
    qtbot.addWidget(page)
    assert not hasattr(page, "users_table") and not hasattr(page, "backup_button")
    assert page.password_button.isEnabled()


# -- users -----------------------------------------------------------------------------------
def test_admin_adds_a_user_with_a_role(qtbot, ctx, admin_page):
    dialog = admin_page.make_add_user_dialog()
    fill(qtbot, dialog.name_edit, "李会计")
    choose(qtbot, dialog.role_combo, "reviewer")
    fill(qtbot, dialog.password_edit, "abcdef1")
    fill(qtbot, dialog.again_edit, "abcdef1")
    with qtbot.waitSignal(dialog.user_added):
        dialog.ok_button.click()
    model = admin_page.users_model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["admin", "李会计"]
    assert model.index(1, 1).data() == "审核人"
    assert admin_page.selected_user().name == "李会计"
    assert login(ctx.uow, "李会计", "abcdef1").role == "reviewer"


def test_admin_disables_then_unlocks_a_user(qtbot, ctx, actor, admin_page, fake_prompts):
    _user(ctx, actor, "clerk")
    admin_page.select_user("小王")
    assert admin_page.active_button.text() == "停用"
    assert admin_page.toggle_selected_active()
    assert admin_page.users_model.index(1, 2).data() == "已停用"
    assert admin_page.active_button.text() == "启用"
    assert [u.active for u in list_users(ctx.uow)] == [True, False]


def test_admin_resets_a_password_from_the_list(qtbot, ctx, actor, admin_page):
    _user(ctx, actor, "clerk")
    admin_page.select_user("小王")
    dialog = admin_page.make_password_dialog("小王")
    assert not dialog.old_edit.isVisibleTo(dialog)
    fill(qtbot, dialog.new_edit, "fresh12")
    fill(qtbot, dialog.again_edit, "fresh12")
    dialog.ok_button.click()
    assert login(ctx.uow, "小王", "fresh12").name == "小王"


# -- backups ---------------------------------------------------------------------------------
def test_backup_now_creates_a_file_listed_in_the_table(qtbot, ctx, admin_page, sync_ops):
    assert admin_page.backup_names() == []
    admin_page.backup_button.click()
    (name,) = admin_page.backup_names()
    assert name.startswith("township-manual-") and name.endswith(".db")
    assert "已备份到" in admin_page.message_label.text()
    assert _actions(ctx, "backup.create") == ["admin"]


def test_restore_from_a_backup_replaces_the_database_and_closes_the_window(qtbot, ctx, actor, fake_prompts):
    create_backup(ctx.db_path, ctx.db_path.parent / "home")
    add_user(ctx.uow, actor, "后来的人", "clerk", PASSWORD)
    window = MainWindow(ctx, actor)
    qtbot.addWidget(window)
    window.show()
    page = make_admin_page(window)
    page.backups_table.selectRow(0)
    assert page.restore_selected()
    assert [kind for kind, _, _ in fake_prompts.messages] == ["confirm", "info"]
    assert "程序将关闭" in fake_prompts.messages[1][2]
    assert not window.isVisible()
    assert [u.name for u in list_users(ctx.uow)] == ["admin"]
    assert _actions(ctx, "backup.restore") == ["admin"]
    assert any(p.name.startswith("township-before-restore-") for p in (ctx.db_path.parent / "home/backups").iterdir())


def test_restore_is_not_done_when_the_admin_says_no(qtbot, ctx, admin_page, fake_prompts):
    create_backup(ctx.db_path, ctx.db_path.parent / "home")
    admin_page.refresh_backups()
    admin_page.backups_table.selectRow(0)
    fake_prompts.confirmations.append(False)
    assert not admin_page.restore_selected()
    assert _actions(ctx, "backup.restore") == []


# -- the audit log ---------------------------------------------------------------------------
def test_audit_table_model_is_a_well_behaved_qt_model(qtmodeltester):
    from datetime import datetime
    rows = [AuditRow(2, datetime(2026, 1, 2, 9, 30), "admin", "user.create", "添加用户", "用户 2", None, "后 1a2b3c4d",
                     ""), AuditRow(1, datetime(2026, 1, 1), "admin", "township.init", "初始化乡镇", "乡镇", None, "", "")]
    model = AuditTableModel(rows)
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "2026-01-02 09:30:00" and model.index(0, 2).data() == "添加用户"


def test_audit_page_lists_records_newest_first_and_filters(qtbot, ctx, actor, household):
    page = AuditPage(ctx, actor)
    qtbot.addWidget(page)
    labels = [page.model.index(r, 2).data() for r in range(page.model.rowCount())]
    assert labels[0] == "新建家庭" and "初始化乡镇" in labels
    assert page.count_label.text() == f"共 {len(labels)} 条"
    fill(qtbot, page.household_edit, str(household))
    assert page.refresh()
    assert [page.model.index(r, 2).data() for r in range(page.model.rowCount())] == ["新建家庭"]
    fill(qtbot, page.household_edit, "abc")
    assert not page.refresh() and "户编号应为数字" in page.message_label.text()
    fill(qtbot, page.household_edit, "")
    type_date(qtbot, page.since_edit, date.today() + timedelta(days=1))
    type_date(qtbot, page.until_edit, date.today() + timedelta(days=1))
    assert page.refresh() and page.model.rowCount() == 0
    assert page.dates_check.isChecked()
    click(qtbot, page.dates_check)  # unticked, it refreshes: every date again
    assert page.model.rowCount() == len(labels)


def test_verify_button_finds_nothing_then_an_edit_behind_the_apps_back(qtbot, ctx, actor, household, sync_ops):
    page = AuditPage(ctx, actor)
    qtbot.addWidget(page)
    page.verify_button.click()
    assert page.finding_texts()[0].startswith("未发现问题")
    with ctx.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE member SET name = '李鬼'")
    page.verify_button.click()
    texts = page.finding_texts()
    assert texts[0] == "发现 1 处问题：" and texts[1].startswith(f"家庭 {household}：")


@pytest.mark.parametrize(("role", "restricted"), [("clerk", True), ("reviewer", False)])
def test_the_audit_page_is_for_admins_and_reviewers(qtbot, ctx, actor, role, restricted):
    window = MainWindow(ctx, _user(ctx, actor, role))
    qtbot.addWidget(window)
    assert isinstance(make_audit_page(window), RestrictedPage) == restricted


# -- revealing a masked ID -------------------------------------------------------------------
def test_revealing_the_full_id_shows_it_and_writes_an_audit_record(qtbot, ctx, actor, household, fake_prompts):
    page = HouseholdsPage(ctx, actor)
    qtbot.addWidget(page)
    assert not page.reveal_button.isEnabled()
    assert HEAD_ID not in page.table.model().index(0, 2).data()
    page.select_household(household)
    page.reveal_button.click()
    (kind, title, text), = fake_prompts.messages
    assert kind == "info" and f"张三丰：{HEAD_ID}" in text
    (row,) = audit_rows(ctx.uow, actor, action="reveal.")
    assert (row.actor, row.household_id, row.action_label) == ("admin", household, "显示完整身份证号")
