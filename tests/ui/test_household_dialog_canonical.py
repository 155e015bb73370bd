"""The household editor as a clerk with a Chinese IME uses it: a full-width ID is the same person; and a
database the upgrade refuses (two members turn out to be one person) is explained, not called damaged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from app.domain.registry import HouseholdInput, MemberInput
from app.services.households import register_household
from app.services.queries import household_rows
from app.ui.app import run_gui
from app.ui.household_dialog import HouseholdDialog
from tests.conftest import dump_content
from tests.integration.test_canonical_forms import CHEN, LIU_FULL, _stored_as_before, make_old_db

LIU = "43090219560412005X"


def _click_and_type(qtbot, widget, text: str) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (widget, widget.focusProxy()))  # a combo's own edit
    _type(text)


def _tab_and_type(qtbot, widget, text: str) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    _type(text)


def _type(text: str) -> None:
    """Into whatever has the focus, every character as an IME commit, as a Chinese input method in
    full-width mode sends digits too."""
    for ch in text:
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(QApplication.focusWidget(), event)


def test_a_full_width_id_typed_in_the_editor_is_refused_naming_the_household_he_is_in(qtbot, ctx, actor):
    hid = register_household(ctx.uow, actor, HouseholdInput(village="东风村", members=[
        MemberInput("刘建国", LIU, "本人")]))
    dialog = HouseholdDialog(ctx, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    _click_and_type(qtbot, dialog.village_combo.lineEdit(), "西湖村")
    row = dialog.member_rows[0]
    _click_and_type(qtbot, row.name, "刘建国")
    _tab_and_type(qtbot, row.id_number, "４３０９０２　１９５６０４１２　００５ｘ")
    assert [dialog.members_table.item(0, c).text() for c in (2, 3)] == ["1956-04-12", "男"]
    with qtbot.assertNotEmitted(dialog.household_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
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
