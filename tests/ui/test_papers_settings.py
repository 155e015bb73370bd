"""申请材料 settings on the admin page and the household dialog's 家庭材料 button, used as a person would."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.domain.registry import HouseholdInput, MemberInput
from app.models import AuditRecord
from app.services.households import register_household
from app.services.papers import accept_requires_all, paper_options, paper_types
from app.ui.admin_page import AdminPage
from app.ui.household_dialog import HouseholdDialog
from app.ui.papers_dialog import PapersDialog
from tests.ui.conftest import click, fill, on_screen, type_text


def _page(qtbot, ctx, actor) -> AdminPage:
    page = AdminPage(ctx, actor)
    qtbot.addWidget(page)
    page.resize(1500, 800)
    on_screen(qtbot, page)
    return page


def test_an_admin_adds_a_required_paper_type_by_typing_it(qtbot, ctx, actor):
    box = _page(qtbot, ctx, actor).papers_box
    assert box.model.rowCount() == len(paper_types(ctx.uow)) and box.model.index(0, 0).data() == "申请书"
    click(qtbot, box.name_edit)
    type_text(qtbot, "低保边缘证明")
    click(qtbot, box.required_check)
    click(qtbot, box.add_button)
    assert box.message_label.text() == "已添加材料类型：低保边缘证明"
    added = [t for t in paper_types(ctx.uow) if t.name == "低保边缘证明"]
    assert [(t.required, t.builtin) for t in added] == [(True, False)]
    last = box.model.rowCount() - 1
    assert [box.model.index(last, c).data() for c in range(3)] == ["低保边缘证明", "是", "本乡镇添加"]
    assert box.name_edit.text() == "" and not box.required_check.isChecked()


def test_an_empty_or_repeated_type_is_refused_in_chinese_and_nothing_changes(qtbot, ctx, actor):
    box = _page(qtbot, ctx, actor).papers_box
    before = paper_types(ctx.uow)
    click(qtbot, box.add_button)
    assert box.message_label.isVisible() and "材料类型" in box.message_label.text()
    fill(qtbot, box.name_edit, "身份证")
    click(qtbot, box.add_button)
    assert "身份证" in box.message_label.text() and paper_types(ctx.uow) == before


def test_photo_settings_and_the_accept_rule_are_saved_and_audited(qtbot, ctx, actor):
    box = _page(qtbot, ctx, actor).papers_box
    assert (box.max_px_spin.value(), box.quality_spin.value()) == (2000, 85)
    fill(qtbot, box.max_px_spin, "1600")
    fill(qtbot, box.quality_spin, "70")
    click(qtbot, box.original_check)
    click(qtbot, box.require_all_check)
    click(qtbot, box.save_button)
    assert box.message_label.text() == "材料设置已保存（记入审计日志）"
    options = paper_options(ctx.uow)
    assert (options.max_px, options.jpeg_quality, options.keep_original) == (1600, 70, True)
    assert accept_requires_all(ctx.uow)
    with ctx.uow.read() as s:
        assert s.query(AuditRecord).filter(AuditRecord.action == "setting.set").count() == 2


def test_the_household_dialog_opens_the_households_papers(qtbot, ctx, actor):
    hid = register_household(ctx.uow, actor, HouseholdInput(village="青山村", members=[
        MemberInput(name="张三", id_number="430902194501010013", relation="本人")]))
    new = HouseholdDialog(ctx, actor)
    qtbot.addWidget(new)
    assert new.papers_button is None  # a household not saved yet has no papers
    dialog = HouseholdDialog(ctx, actor, hid)
    qtbot.addWidget(dialog)
    on_screen(qtbot, dialog)
    click(qtbot, dialog.papers_button)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), PapersDialog))
    papers = QApplication.activeWindow()
    assert (papers.owner_kind, papers.owner_id) == ("household", hid) and "家庭" in papers.windowTitle()
    papers.close()
