"""新增家庭 / 编辑家庭 by hand, the way a clerk does it: click a field or a member cell (or Tab to
it), type into whatever has the focus, Enter for the next member, then read it back from the service."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.registry import HouseholdInput, MemberInput
from app.services.households import household_input, register_household
from app.services.queries import HouseholdFilter, household_rows
from app.ui.household_dialog import HouseholdDialog
from app.ui.households_page import HouseholdsPage
from app.ui.models.members_table import COLUMN, MembersTableModel
from tests.ui.conftest import (
    by_name,
    click,
    click_cell,
    click_field,
    enter,
    focused,
    press,
    shift_tab,
    show,
    tab,
    type_text,
)

HEAD_ID = "430903197003151235"  # 1970-03-15, male
SPOUSE_ID = "430903197208061022"  # 1972-08-06, female
CHILD_ID = "430903200001010038"  # 2000-01-01, male
NAME, ID, BIRTH, SEX = COLUMN["name"], COLUMN["id_number"], COLUMN["birth_date"], COLUMN["sex"]
WAGE, BUSINESS, TRANSFER = COLUMN["工资性"], COLUMN["经营净"], COLUMN["转移净"]


def open_new_household(qtbot, ctx, actor) -> tuple[HouseholdsPage, HouseholdDialog]:
    page = show(qtbot, HouseholdsPage(ctx, actor))
    click(qtbot, page.add_button)
    dialog = page.findChild(HouseholdDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and QApplication.activeWindow() is dialog)
    return page, dialog


def cell(dialog: HouseholdDialog, row: int, column: int) -> str:
    return dialog.members_model.index(row, column).data()


def test_a_household_typed_cell_by_cell_is_saved_exactly_as_typed(qtbot, ctx, actor):
    page, dialog = open_new_household(qtbot, ctx, actor)
    click_field(qtbot, dialog, "村(社区)", "青山村")
    click_field(qtbot, dialog, "地址", "青山村三组12号")
    click_field(qtbot, dialog, "联系电话", "13800000000")
    click_field(qtbot, dialog, "开户行", "农村商业银行")
    assert tab(qtbot).accessibleName() == "银行账号"  # Tab follows the form, left to right
    type_text(qtbot, "6217000012345678")
    click_field(qtbot, dialog, "刚性支出(元/月)", "150.00")
    click_field(qtbot, dialog, "备注", "长子在外务工")

    table = dialog.members_table
    assert click_cell(qtbot, table, 0, NAME).accessibleName() == "姓名"
    type_text(qtbot, "刘建国")
    assert click_cell(qtbot, table, 0, ID).accessibleName() == "身份证号"
    type_text(qtbot, HEAD_ID[:14])
    assert cell(dialog, 0, BIRTH) == "" and cell(dialog, 0, SEX) == ""
    type_text(qtbot, HEAD_ID[14:])
    assert (cell(dialog, 0, BIRTH), cell(dialog, 0, SEX)) == ("1970-03-15", "男")  # filled as typed
    assert tab(qtbot).accessibleName() == "与户主关系"  # birth date and sex are skipped
    assert shift_tab(qtbot).accessibleName() == "身份证号" and focused().text() == HEAD_ID
    click_cell(qtbot, table, 0, WAGE)
    type_text(qtbot, "1200")
    assert tab(qtbot).accessibleName() == "经营净收入"
    type_text(qtbot, "300.5")
    assert tab(qtbot, 2).accessibleName() == "转移净收入"
    type_text(qtbot, "86")
    assert enter(qtbot).accessibleName() == "姓名"  # Enter on the last cell: the next member
    assert table.currentIndex().row() == 1 and cell(dialog, 1, COLUMN["relation"]) == "配偶"
    type_text(qtbot, "王秀英")
    assert tab(qtbot).accessibleName() == "身份证号"
    type_text(qtbot, SPOUSE_ID)
    click_cell(qtbot, table, 1, COLUMN["serious_illness"])  # a click anywhere in a check cell ticks it
    assert tab(qtbot).accessibleName() == "家庭成员"  # 在校生: a check cell, no editor
    press(qtbot, Qt.Key.Key_Space)
    click_cell(qtbot, table, 1, TRANSFER)
    type_text(qtbot, "45.60")
    assert dialog.message_label.isHidden()

    with qtbot.waitSignal(dialog.household_saved) as saved:
        click(qtbot, dialog.save_button)
    data = household_input(ctx.uow, saved.args[0])
    assert (data.village, data.address, data.phone, data.bank_name, data.bank_account) == (
        "青山村", "青山村三组12号", "13800000000", "农村商业银行", "6217000012345678")
    assert (data.hukou_type, data.deductions_fen, data.notes) == ("农业", 15000, "长子在外务工")
    head, spouse = data.members
    assert (head.name, head.id_number, head.relation, head.co_resident) == ("刘建国", HEAD_ID, "本人", True)
    assert head.incomes == {"工资性": 120000, "经营净": 30050, "转移净": 8600}
    assert (spouse.name, spouse.id_number, spouse.relation) == ("王秀英", SPOUSE_ID, "配偶")
    assert (spouse.serious_illness, spouse.student, head.serious_illness) == (True, True, False)
    assert spouse.incomes == {"转移净": 4560}
    assert page.visible_head_names() == ["刘建国"]


def test_the_add_member_button_puts_the_cursor_in_the_new_members_name(qtbot, ctx, actor):
    _page, dialog = open_new_household(qtbot, ctx, actor)
    click_cell(qtbot, dialog.members_table, 0, NAME)
    type_text(qtbot, "刘建国")
    assert click(qtbot, dialog.add_member_button).accessibleName() == "姓名"
    type_text(qtbot, "刘小明")
    assert [cell(dialog, r, NAME) for r in (0, 1)] == ["刘建国", "刘小明"]
    assert dialog.members_table.currentIndex().row() == 1


def test_full_width_digits_in_an_id_are_accepted_and_fill_birth_date_and_sex(qtbot, ctx, actor):
    _page, dialog = open_new_household(qtbot, ctx, actor)
    click_cell(qtbot, dialog.members_table, 0, ID)
    type_text(qtbot, "４３０９０３２０００ ０１０１００３８")  # as a Chinese IME in full-width mode sends it
    assert cell(dialog, 0, ID) == CHILD_ID
    assert (cell(dialog, 0, BIRTH), cell(dialog, 0, SEX)) == ("2000-01-01", "男")


def test_a_minus_sign_or_letters_in_an_amount_give_a_message_and_block_saving(qtbot, ctx, actor):
    _page, dialog = open_new_household(qtbot, ctx, actor)
    click_field(qtbot, dialog, "村(社区)", "青山村")
    click_cell(qtbot, dialog.members_table, 0, NAME)
    type_text(qtbot, "刘建国")
    tab(qtbot)
    type_text(qtbot, HEAD_ID)
    click_cell(qtbot, dialog.members_table, 0, WAGE)
    type_text(qtbot, "-500")
    assert focused().text() == "-500"  # the minus sign did not vanish
    assert "成员第 1 行「工资性收入」：金额不能为负：-500" in dialog.message_label.text()
    click_cell(qtbot, dialog.members_table, 0, BUSINESS)
    type_text(qtbot, "12a")
    assert "成员第 1 行「经营净收入」：不是有效的金额" in dialog.message_label.text()
    assert cell(dialog, 0, BUSINESS) == "12a"
    with qtbot.assertNotEmitted(dialog.household_saved):
        click(qtbot, dialog.save_button)
    assert household_rows(ctx.uow, HouseholdFilter()) == []


def test_closing_a_changed_form_asks_first_and_an_untouched_one_does_not(qtbot, ctx, actor, fake_prompts):
    _page, dialog = open_new_household(qtbot, ctx, actor)
    click_field(qtbot, dialog, "联系电话", "138")
    fake_prompts.confirmations.append(False)  # 取消: keep typing
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and fake_prompts.messages[-1][:2] == ("confirm", "放弃修改")
    assert by_name(dialog, "联系电话").text() == "138"
    fake_prompts.confirmations.append(False)
    dialog.close()  # the title bar's close button (drawn by the window manager, so no widget to click)
    assert dialog.isVisible() and [m[1] for m in fake_prompts.messages] == ["放弃修改", "放弃修改"]
    fake_prompts.confirmations.append(True)
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    assert household_rows(ctx.uow, HouseholdFilter()) == []

    _page, untouched = open_new_household(qtbot, ctx, actor)
    asked = len(fake_prompts.messages)
    click(qtbot, untouched.cancel_button)
    assert not untouched.isVisible() and len(fake_prompts.messages) == asked


def test_every_input_of_the_household_form_carries_its_label_as_accessible_name(qtbot, ctx, actor):
    _page, dialog = open_new_household(qtbot, ctx, actor)
    for name in ("村(社区)", "户籍类型", "联系电话", "开户行", "银行账号", "刚性支出(元/月)", "地址", "备注",
                 "家庭成员"):
        assert by_name(dialog, name).isEnabled()
    table = dialog.members_table
    for column in range(dialog.members_model.columnCount()):
        if column not in (BIRTH, SEX) and dialog.members_model.index(0, column).flags() & Qt.ItemFlag.ItemIsEditable:
            editor = click_cell(qtbot, table, 0, column)
            header = dialog.members_model.headerData(column, Qt.Orientation.Horizontal)
            assert header in (editor.accessibleName(), editor.parentWidget().accessibleName())


def test_editing_the_second_members_income_is_saved(qtbot, ctx, actor):
    members = [MemberInput(name="刘建国", id_number=HEAD_ID, relation="本人", incomes={"工资性": 120000}),
               MemberInput(name="王秀英", id_number=SPOUSE_ID, relation="配偶", incomes={"工资性": 50000})]
    household_id = register_household(ctx.uow, actor, HouseholdInput(village="青山村", members=members))
    page = show(qtbot, HouseholdsPage(ctx, actor))
    click_cell(qtbot, page.table, 0, 1)
    click(qtbot, page.edit_button)
    dialog = page.findChild(HouseholdDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and QApplication.activeWindow() is dialog)
    assert cell(dialog, 1, WAGE) == "500.00"
    click_cell(qtbot, dialog.members_table, 1, WAGE)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "650.50")
    with qtbot.waitSignal(dialog.household_saved):
        click(qtbot, dialog.save_button)
    head, spouse = household_input(ctx.uow, household_id).members
    assert spouse.incomes == {"工资性": 65050} and head.incomes == {"工资性": 120000}
    assert (spouse.name, spouse.id_number) == ("王秀英", SPOUSE_ID)


def test_members_table_model_is_a_well_behaved_qt_model(qtmodeltester):
    model = MembersTableModel()
    model.load([MemberInput(name="刘建国", id_number=HEAD_ID, relation="本人", incomes={"工资性": 120000})])
    model.add_member()
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in (NAME, BIRTH, SEX, WAGE)] == ["刘建国", "1970-03-15", "男", "1200.00"]
    assert model.index(1, COLUMN["relation"]).data() == "配偶"
    assert not model.index(0, BIRTH).flags() & Qt.ItemFlag.ItemIsEditable


def test_enter_in_a_household_field_moves_on_and_ctrl_s_saves(qtbot, ctx, actor):
    _page, dialog = open_new_household(qtbot, ctx, actor)
    click_field(qtbot, dialog, "村(社区)", "青山村")
    assert enter(qtbot).accessibleName() == "户籍类型" and dialog.isVisible()
    click_field(qtbot, dialog, "联系电话", "13800000000")
    assert enter(qtbot).accessibleName() == "开户行"
    assert dialog.message_label.isHidden()  # no save was tried: nothing to complain about yet
    click_cell(qtbot, dialog.members_table, 0, NAME)
    type_text(qtbot, "刘建国")
    tab(qtbot)
    type_text(qtbot, HEAD_ID)
    with qtbot.waitSignal(dialog.household_saved) as saved:
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert household_input(ctx.uow, saved.args[0]).phone == "13800000000"


def test_removing_a_member_removes_the_line_the_cursor_is_in(qtbot, ctx, actor):
    _page, dialog = open_new_household(qtbot, ctx, actor)
    click_cell(qtbot, dialog.members_table, 0, NAME)
    type_text(qtbot, "刘建国")
    for name in ("王秀英", "刘小明"):
        click(qtbot, dialog.add_member_button)
        type_text(qtbot, name)
    click_cell(qtbot, dialog.members_table, 1, ID)
    click(qtbot, dialog.remove_member_button)
    assert [cell(dialog, r, NAME) for r in range(dialog.members_model.rowCount())] == ["刘建国", "刘小明"]


def test_tab_walks_the_form_in_reading_order_and_then_into_the_first_members_name(qtbot, ctx, actor):
    _page, dialog = open_new_household(qtbot, ctx, actor)
    click_field(qtbot, dialog, "村(社区)")
    walked = [tab(qtbot).accessibleName() for _ in range(9)]
    assert walked == ["户籍类型", "联系电话", "开户行", "银行账号", "刚性支出(元/月)", "地址",
                      dialog.separate_check.text(), "备注", "姓名"]
    assert dialog.members_table.currentIndex().row() == 0
