"""The household editor as a clerk with a Chinese IME uses it: a full-width ID is the same person; and a
database the upgrade refuses (two members turn out to be one person) is explained, not called damaged."""

from __future__ import annotations

from app.domain.registry import HouseholdInput, MemberInput
from app.services.households import register_household
from app.services.queries import household_rows
from app.ui.app import run_gui
from app.ui.household_dialog import HouseholdDialog
from app.ui.models.members_table import COLUMN
from tests.conftest import dump_content
from tests.integration.test_canonical_forms import CHEN, LIU_FULL, _stored_as_before, make_old_db
from tests.ui.conftest import click, click_cell, click_field, show, tab, type_text

LIU = "43090219560412005X"


def test_a_full_width_id_typed_in_the_editor_is_refused_naming_the_household_he_is_in(qtbot, ctx, actor):
    hid = register_household(ctx.uow, actor, HouseholdInput(village="东风村", members=[
        MemberInput("刘建国", LIU, "本人")]))
    dialog = show(qtbot, HouseholdDialog(ctx, actor))
    click_field(qtbot, dialog, "村(社区)", "西湖村")
    click_cell(qtbot, dialog.members_table, 0, COLUMN["name"])
    type_text(qtbot, "刘建国")
    tab(qtbot)
    type_text(qtbot, "４３０９０２　１９５６０４１２　００５ｘ")  # a Chinese IME in full-width mode
    model = dialog.members_model
    assert [model.index(0, COLUMN[c]).data() for c in ("birth_date", "sex")] == ["1956-04-12", "男"]
    with qtbot.assertNotEmitted(dialog.household_saved):
        click(qtbot, dialog.save_button)
    assert f"身份证号 {LIU} 已是 东风村 刘建国 户（户 {hid}）的成员，一人只能属于一户" in dialog.message_label.text()
    assert [r.id for r in household_rows(ctx.uow)] == [hid]


def test_the_gui_explains_a_refused_upgrade_and_offers_no_restore(tmp_path, monkeypatch, qapp, fake_prompts):
    path, uow = make_old_db(tmp_path)
    _stored_as_before(uow, 3, ids={CHEN: LIU_FULL})  # 陈秀兰 stored under 刘建国's number, typed full-width
    uow.engine.dispose()
    before = dump_content(path)
    monkeypatch.setattr("app.ui.app.setup_logging", lambda: None)
    assert run_gui(path) == 1
    assert [(kind, title) for kind, title, _ in fake_prompts.messages] == [("error", "无法打开数据库")]
    assert "E_MIGRATION_DUPLICATE_ID" in fake_prompts.messages[0][2] and "户 1「刘建国」与户 3「陈秀兰」" in (
        fake_prompts.messages[0][2])
    assert dump_content(path) == before
