"""申请审批 and 保障标准 pages: table models, a dibao application walked through the step dialog to
已确认 and to 不予确认, the first-review amount and its breakdown, deadline colours, standards roles."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.domain.registry import HouseholdInput, MemberInput
from app.services.application_queries import ApplicationRow, application_detail
from app.services.applications import TransitionRow, create_application, take_step
from app.services.auth import add_user, login
from app.services.case_lifecycle import case_rows
from app.services.households import register_household
from app.services.standards import DELEGATED_KEY, list_standards, set_setting
from app.services.temporary import GrantRow, grant_rows
from app.ui.application_dialogs import ApplicationDialog
from app.ui.applications_page import ApplicationsPage, GrantDialog, NewApplicationDialog
from app.ui.models.applications_table import (
    DUE_COLOURS,
    ApplicationsTableModel,
    GrantsTableModel,
    PlainTableModel,
    TransitionsTableModel,
)
from app.ui.standards_page import StandardsPage
from tests.conftest import dump_content
from tests.ui.conftest import PASSWORD, choose, click, fill, on_screen, toggle_item, type_date

LEFT = Qt.MouseButton.LeftButton
BG = Qt.ItemDataRole.BackgroundRole
ROWS = [
    ApplicationRow(3, 1, "新市社区", "张三丰", "城市低保", "已受理", None, date(2020, 9, 25), date(2020, 10, 10),
                   "开始入户调查", "overdue"),
    ApplicationRow(2, 2, "青山村", "李四", "农村低保", "调查中", None, date(2020, 9, 25), date(2020, 10, 14),
                   "作出审核确认决定", "due_soon"),
    ApplicationRow(1, 3, "青山村", "王五", "农村特困", "已确认", 69200, date(2020, 9, 1), None, "", ""),
]
TRANSITIONS = [
    TransitionRow("accept", "登记", "已受理", "clerk", "clerk", date(2020, 9, 28), "", {}),
    TransitionRow("record_investigation", "调查中", "已调查", "clerk", "clerk", date(2020, 9, 30), "",
                  {"investigators": ["clerk", "王调查"], "visit_date": "2020-09-29", "late_workdays": 2}),
]
GRANTS = [GrantRow(1, 1, "急难型", 80000, 2, "火灾", "先行救助", date(2020, 10, 12), date(2020, 10, 26), "2020-10")]


@pytest.fixture
def clerk(ctx, actor):
    add_user(ctx.uow, actor, "clerk", "clerk", PASSWORD)
    return login(ctx.uow, "clerk", PASSWORD)


@pytest.fixture
def reviewer(ctx, actor):
    add_user(ctx.uow, actor, "reviewer", "reviewer", PASSWORD)
    return login(ctx.uow, "reviewer", PASSWORD)


@pytest.fixture
def delegated(ctx, actor):
    """The county has delegated confirmation to the township (set by the admin)."""
    set_setting(ctx.uow, actor, DELEGATED_KEY, True)


@pytest.fixture
def household(ctx, actor):
    return register_household(ctx.uow, actor, HouseholdInput(
        village="新市社区", hukou_type="城镇", bank_account="6228000011112222333", members=[
            MemberInput("张三丰", "430902194501010013", "本人", incomes={"工资性": 20000}),
            MemberInput("李四娘", "11010519491231002X", "配偶")]))


def take(qtbot, dialog: ApplicationDialog, step: str, on: date, opinion: str = "", more=None) -> None:
    """Click the step's button, fill its form, submit, and wait until the step is recorded."""
    qtbot.mouseClick(dialog.step_buttons[step], LEFT)
    form = dialog.step_form
    type_date(qtbot, form.date_edit, on)
    fill(qtbot, form.opinion_edit, opinion)
    if more:
        more(form)
    with qtbot.waitSignal(dialog.application_changed):
        qtbot.mouseClick(form.submit_button, LEFT)


def fill_investigation(qtbot):
    def investigation(form):
        fill(qtbot, form.investigators_edit, "clerk、王调查")
        type_date(qtbot, form.visit_date_edit, date(2020, 9, 29))
        fill(qtbot, form.findings_edit, "家中无劳动力，收入低")
    return investigation


def new_application_through_the_page(qtbot, ctx, clerk) -> ApplicationDialog:
    page = ApplicationsPage(ctx, clerk)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.new_button, LEFT)
    new = page.findChild(NewApplicationDialog)
    fill(qtbot, new.search_edit, "zsf")
    qtbot.waitUntil(lambda: new.household_list.count() == 1)
    assert new.program_combo.currentText() == "城市低保" and new.members_list.count() == 2
    type_date(qtbot, new.date_edit, date(2020, 9, 25))
    qtbot.mouseClick(new.ok_button, LEFT)
    qtbot.waitUntil(lambda: page.findChild(ApplicationDialog) is not None)
    assert page.model.rowCount() == 1 and page.model.row_at(0).state == "登记"
    return page.findChild(ApplicationDialog)


def walk_to_pending(qtbot, ctx, clerk, reviewer) -> int:
    dialog = new_application_through_the_page(qtbot, ctx, clerk)
    take(qtbot, dialog, "accept", date(2020, 9, 28))
    take(qtbot, dialog, "start_investigation", date(2020, 9, 29))
    take(qtbot, dialog, "record_investigation", date(2020, 9, 30), more=fill_investigation(qtbot))
    app_id = dialog.application_id
    as_reviewer = ApplicationDialog(ctx, reviewer, app_id)
    qtbot.addWidget(as_reviewer)
    take(qtbot, as_reviewer, "first_review_approve", date(2020, 10, 9), "同意")
    dialog.reload()
    take(qtbot, dialog, "notice_end", date(2020, 10, 16))  # the 7 days of 公示 are over
    assert dialog.detail.state == "待确认"
    return app_id


@pytest.mark.parametrize("model", [
    lambda: ApplicationsTableModel(ROWS), lambda: TransitionsTableModel(TRANSITIONS), lambda: GrantsTableModel(GRANTS),
    lambda: PlainTableModel(("项目", "金额"), [("城市低保", "580.00")], numeric=(1,)),
])
def test_table_models_are_well_behaved_qt_models(qtmodeltester, model):
    qtmodeltester.check(model())


def test_transition_history_shows_who_when_and_what_was_recorded():
    model = TransitionsTableModel(TRANSITIONS)
    assert [model.index(1, c).data() for c in range(4)] == ["2020-09-30", "登记调查结果", "调查中 → 已调查",
                                                           "clerk（经办人）"]
    assert model.index(1, 5).data() == "调查人：clerk、王调查；入户 2020-09-29；逾期 2 个工作日"


def test_overdue_rows_are_red_and_due_soon_rows_amber():
    model = ApplicationsTableModel(ROWS)
    assert model.index(0, 4).data(BG).color() == DUE_COLOURS["overdue"]
    assert model.index(1, 0).data(BG).color() == DUE_COLOURS["due_soon"]
    assert model.index(2, 0).data(BG) is None
    assert (model.index(0, 9).data(), model.index(1, 9).data(), model.index(2, 5).data()) == (
        "已逾期", "即将到期", "692.00")


def test_the_page_colours_an_overdue_investigation_start_and_lists_it_as_work(qtbot, ctx, clerk, household):
    app_id = create_application(ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    create_application(ctx.uow, clerk, household, "urban_tekun", on=date(2020, 9, 25))
    take_step(ctx.uow, clerk, app_id, "accept", on=date(2020, 9, 29))
    page = ApplicationsPage(ctx, clerk)
    qtbot.addWidget(page)
    page.today = date(2020, 10, 13)  # due 2020-10-10, a make-up Saturday after National Day
    page.refresh()
    assert page.model.rowCount() == 2
    overdue = [r for r in range(2) if page.model.row_at(r).id == app_id][0]
    assert page.model.index(overdue, 1).data(BG).color() == DUE_COLOURS["overdue"]
    qtbot.mouseClick(page.todo_button, LEFT)
    assert [page.model.row_at(r).id for r in range(page.model.rowCount())] == [app_id]


def test_dibao_application_walks_through_the_dialog_to_confirmed_and_starts_a_case(
        qtbot, ctx, clerk, reviewer, household, delegated):
    app_id = walk_to_pending(qtbot, ctx, clerk, reviewer)
    dialog = ApplicationDialog(ctx, reviewer, app_id)
    qtbot.addWidget(dialog)
    take(qtbot, dialog, "confirm", date(2020, 10, 19), "确认")
    assert dialog.detail.state == "已确认" and "已确认" in dialog.title_label.text()
    assert [t.actor for t in dialog.detail.transitions] == ["clerk"] * 3 + ["reviewer", "clerk", "reviewer"]
    assert dialog.history_model.rowCount() == 6 and dialog.step_buttons == {}
    cases = case_rows(ctx.uow, "2020-11")
    assert [(c.program, c.start_month, c.amount_fen, c.persons) for c in cases] == [("城市低保", "2020-11", 96000, 2)]


def test_not_confirmed_needs_a_reason_and_an_empty_one_writes_nothing(qtbot, ctx, clerk, reviewer, household,
                                                                     delegated):
    app_id = walk_to_pending(qtbot, ctx, clerk, reviewer)
    dialog = ApplicationDialog(ctx, reviewer, app_id)
    qtbot.addWidget(dialog)
    before = dump_content(ctx.db_path)
    qtbot.mouseClick(dialog.step_buttons["reject_confirm"], LEFT)
    with qtbot.assertNotEmitted(dialog.application_changed):
        qtbot.mouseClick(dialog.step_form.submit_button, LEFT)
    assert "必须填写理由" in dialog.message_label.text() and not dialog.message_label.isHidden()
    assert dump_content(ctx.db_path) == before and dialog.step_form is not None
    type_date(qtbot, dialog.step_form.date_edit, date(2020, 10, 19))
    fill(qtbot, dialog.step_form.opinion_edit, "有隐瞒收入")
    with qtbot.waitSignal(dialog.application_changed):
        qtbot.mouseClick(dialog.step_form.submit_button, LEFT)
    assert dialog.detail.state == "不予确认" and dialog.detail.case_id is None
    assert dialog.history_model.index(5, 4).data() == "有隐瞒收入"
    assert case_rows(ctx.uow, "2020-11") == []


def test_first_review_shows_the_computed_amount_and_a_changed_amount_needs_an_opinion(
        qtbot, ctx, clerk, reviewer, household):
    app_id = create_application(ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    for step, on, data in (("accept", date(2020, 9, 28), None), ("start_investigation", date(2020, 9, 29), None),
                           ("record_investigation", date(2020, 9, 30), {
                               "investigators": ["clerk", "王调查"], "visit_date": "2020-09-29",
                               "findings": "无劳动力", "data_check": "无异常"})):
        take_step(ctx.uow, clerk, app_id, step, on=on, data=data)
    dialog = ApplicationDialog(ctx, reviewer, app_id)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.step_buttons["first_review_approve"], LEFT)
    form = dialog.step_form
    type_date(qtbot, form.date_edit, date(2020, 10, 9))
    assert form.calc_label.text() == "960.00 元/月（人均收入 100.00 元，符合条件）"
    lines = form.calc_lines.toPlainText()
    assert form.calc_lines.isReadOnly() and "保障标准 580.00 元/人/月" in lines
    assert "人均收入 200.00 ÷ 2 = 100.00 元" in lines and "补差 2 × 580.00 − 200.00 = 960.00 元" in lines
    assert "取整" in lines and form.amount_edit.text() == "960.00"
    fill(qtbot, form.amount_edit, "900")
    assert dialog.submit() is False and "必须在意见中说明理由" in dialog.message_label.text()
    fill(qtbot, form.opinion_edit, "扣除赡养费")
    assert dialog.submit() is True
    assert dialog.detail.state == "公示中" and dialog.detail.amount_fen == 90000
    assert "计算金额 960.00 元" in dialog.history_model.index(3, 5).data()


def test_new_application_without_a_covered_member_is_refused_inline(qtbot, ctx, clerk, household):
    dialog = NewApplicationDialog(ctx, clerk)
    qtbot.addWidget(dialog)
    for i in range(dialog.members_list.count()):
        toggle_item(qtbot, dialog.members_list, i)
    assert all(dialog.members_list.item(i).checkState() == Qt.CheckState.Unchecked
               for i in range(dialog.members_list.count()))
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert "至少勾选一名保障人口" in dialog.message_label.text()


def test_temporary_grant_registered_then_approved_by_the_reviewer(qtbot, ctx, clerk, reviewer, household):
    page = ApplicationsPage(ctx, clerk)
    qtbot.addWidget(page)
    grant = page.temporary.register()
    assert isinstance(grant, GrantDialog) and grant.household_id() == household
    fill(qtbot, grant.amount_edit, "1200")
    fill(qtbot, grant.reason_edit, "大病医疗支出")
    with qtbot.waitSignal(grant.saved):
        qtbot.mouseClick(grant.ok_button, LEFT)
    assert page.temporary.model.rowCount() == 1 and not page.temporary.approve_button.isEnabled()
    reviewer_page = ApplicationsPage(ctx, reviewer)
    qtbot.addWidget(reviewer_page)
    panel = reviewer_page.temporary
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.approve_button, LEFT)
    assert [g.status for g in grant_rows(ctx.uow)] == ["已批准"] and "已批准" in panel.message_label.text()


def test_a_non_admin_cannot_add_a_standard(qtbot, ctx, clerk):
    page = StandardsPage(ctx, clerk)
    qtbot.addWidget(page)
    assert not page.add_standard_button.isEnabled() and not page.readonly_label.isHidden()
    before = list_standards(ctx.uow)
    fill(qtbot, page.amount_edit, "600")
    assert page.add_standard() is False  # the service refuses even when the page is bypassed
    assert "需要管理员角色" in page.message_label.text() and list_standards(ctx.uow) == before


def test_admin_adds_a_standard_and_delegates_confirmation(qtbot, ctx, actor):
    page = StandardsPage(ctx, actor)
    qtbot.addWidget(page)
    rows = page.standards_model.rowCount()
    choose(qtbot, page.program_combo, "农村低保")
    type_date(qtbot, page.standard_month_edit, date(2021, 1, 1))
    fill(qtbot, page.amount_edit, "360")
    qtbot.mouseClick(page.add_standard_button, LEFT)
    assert page.standards_model.rowCount() == rows + 1
    assert ("rural", 36000, "2021-01") in {(r.area, r.amount_fen, r.effective_month) for r in list_standards(ctx.uow)}
    assert not page.delegated_check.isChecked()
    page.delegated_check.click()
    assert StandardsPage(ctx, actor).delegated_check.isChecked()


def test_review_form_is_printed_to_the_chosen_file(qtbot, tmp_path, ctx, clerk, household, sync_ops, fake_prompts):
    pytest.importorskip("app.reports.forms")
    app_id = create_application(ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    dialog = ApplicationDialog(ctx, clerk, app_id)
    qtbot.addWidget(dialog)
    fake_prompts.files.append(tmp_path / "审核确认表")
    qtbot.mouseClick(dialog.print_buttons["review"], LEFT)
    assert (tmp_path / "审核确认表.pdf").read_bytes().startswith(b"%PDF")
    assert fake_prompts.previewed == [tmp_path / "审核确认表.pdf"]
    assert application_detail(ctx.uow, app_id).state == "登记"


def test_a_clerk_registers_a_single_person_dibao_application(qtbot, ctx, clerk, household):
    """单人保 where a clerk looks for it: 新建申请, untick the others, tick 单人保; the dialog and the amount say so."""
    page = ApplicationsPage(ctx, clerk)
    on_screen(qtbot, page)
    qtbot.mouseClick(page.new_button, LEFT)
    new = page.findChild(NewApplicationDialog)
    fill(qtbot, new.search_edit, "zsf")
    qtbot.waitUntil(lambda: new.household_list.count() == 1)
    toggle_item(qtbot, new.members_list, 0)  # 张三丰 (200 元 of income) out; 李四娘 stays covered
    assert new.single_check.isEnabled()
    click(qtbot, new.single_check)
    assert new.single_check.isChecked()
    type_date(qtbot, new.date_edit, date(2020, 9, 25))
    qtbot.mouseClick(new.ok_button, LEFT)
    qtbot.waitUntil(lambda: page.findChild(ApplicationDialog) is not None)
    dialog = page.findChild(ApplicationDialog)
    assert "城市低保（单人保）" in dialog.title_label.text() and "保障人口：李四娘（1 人）" in dialog.info_label.text()
    detail = application_detail(ctx.uow, dialog.application_id)
    assert detail.single_person is True and [m.name for m in detail.members if m.covered] == ["李四娘"]


def test_single_person_is_offered_for_dibao_only_and_needs_one_member(qtbot, ctx, clerk, household):
    dialog = NewApplicationDialog(ctx, clerk)
    on_screen(qtbot, dialog)
    fill(qtbot, dialog.search_edit, "zsf")
    qtbot.waitUntil(lambda: dialog.household_list.count() == 1)
    click(qtbot, dialog.single_check)
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.mouseClick(dialog.ok_button, LEFT)  # both members still ticked
    assert "单人保：只保障一人，请只勾选一名保障人口（现勾选 2 人）" in dialog.message_label.text()
    choose(qtbot, dialog.program_combo, "城市特困")
    assert not dialog.single_check.isEnabled() and not dialog.single_check.isChecked()


def test_the_work_list_shows_open_and_overdue_monitoring_warnings_and_opens_them(qtbot, ctx, clerk, tmp_path):
    from app.services.monitoring import import_list
    from app.services.monitoring_scan import scan
    from tests.integration.monitoring_township import ZHAO, office_list

    import_list(ctx.uow, clerk, office_list(tmp_path / "监测户.xlsx", [ZHAO]), "脱贫监测户", today=date(2021, 1, 20))
    scan(ctx.uow, clerk, today=date(2021, 1, 20))  # 赵外 is on the list, not in the registry: 待摸排, due 02-03
    went = []
    page = ApplicationsPage(ctx, clerk, navigate=went.append)
    qtbot.addWidget(page)
    page.today = date(2021, 2, 4)
    page.refresh()
    assert not page.warnings_button.isVisibleTo(page)  # the whole list: applications only
    qtbot.mouseClick(page.todo_button, LEFT)
    assert page.warnings_button.isVisibleTo(page)
    assert page.warnings_button.text() == "监测预警未办结 1 条，其中逾期 1 条 →"
    qtbot.mouseClick(page.warnings_button, LEFT)
    assert went == ["monitor"]
