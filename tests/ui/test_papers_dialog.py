"""The 申请材料 dialog as a clerk uses it: attach from the application, thumbnails, view, rotate, remove; the
受理 form's checklist is ticked by what is attached."""

from __future__ import annotations

from datetime import date

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from app.domain.registry import HouseholdInput, MemberInput
from app.services.applications import create_application
from app.services.auth import add_user, login
from app.services.households import register_household
from app.services.papers import paper_rows
from app.ui.application_dialogs import ApplicationDialog
from tests.ui.conftest import PASSWORD, choose, click, on_screen


@pytest.fixture
def clerk(ctx, actor):
    add_user(ctx.uow, actor, "clerk", "clerk", PASSWORD)
    return login(ctx.uow, "clerk", PASSWORD)


@pytest.fixture
def app_id(ctx, clerk):
    hh = register_household(ctx.uow, clerk, HouseholdInput(village="新市社区", hukou_type="城镇", members=[
        MemberInput("张三丰", "430902194501010013", "本人")]))
    return create_application(ctx.uow, clerk, hh, "urban_dibao", on=date(2020, 9, 25))


@pytest.fixture
def photos(tmp_path):
    id_card, book = tmp_path / "身份证.jpg", tmp_path / "户口簿.png"
    Image.new("RGB", (3200, 2000), (200, 60, 60)).save(id_card, quality=90)
    Image.new("RGB", (600, 800), (60, 60, 200)).save(book)
    return id_card, book


def test_a_clerk_attaches_papers_and_the_acceptance_form_ticks_them(qtbot, ctx, clerk, app_id, photos,
                                                                     fake_prompts, sync_ops):
    dialog = ApplicationDialog(ctx, clerk, app_id, today=date(2020, 9, 28))
    qtbot.addWidget(dialog)
    on_screen(qtbot, dialog)
    click(qtbot, dialog.step_buttons["accept"])
    assert "☐ 身份证" in dialog.step_form.checklist_label.text()
    click(qtbot, dialog.papers_button)
    papers = next(w for w in QApplication.topLevelWidgets() if w.windowTitle().startswith("申请材料"))
    qtbot.addWidget(papers)
    choose(qtbot, papers.type_combo, "身份证")
    fake_prompts.files.append(photos[0])
    click(qtbot, papers.add_button)
    assert papers.list.count() == 1 and "已附加 1 份材料" in papers.message_label.text()
    assert "☑ 身份证" in papers.checklist_label.text() and "☑ 身份证" in dialog.step_form.checklist_label.text()
    [row] = paper_rows(ctx.uow, "application", app_id)
    assert (row.paper_type, row.width, row.height) == ("身份证", 2000, 1250)
    papers.grab().save(str(ctx.db_path.parent / "papers.png"))


def test_a_dropped_file_is_attached_then_viewed_rotated_and_removed(qtbot, ctx, clerk, app_id, photos, fake_prompts,
                                                                    sync_ops):
    from app.ui.papers_dialog import PapersDialog

    dialog = PapersDialog(ctx, clerk, "application", app_id)
    qtbot.addWidget(dialog)
    on_screen(qtbot, dialog)
    choose(qtbot, dialog.type_combo, "户口簿")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photos[1]))])
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)  # Qt delivers a drop only inside a real drag, which offscreen cannot start
    assert drop.isAccepted() and dialog.list.count() == 1
    item_rect = dialog.list.visualItemRect(dialog.list.item(0))
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=item_rect.center())
    viewer = dialog.view_selected()
    qtbot.addWidget(viewer)
    assert viewer.image_label.pixmap().size().toTuple() == (600, 800)
    click(qtbot, dialog.right_button)
    assert [r.rotation for r in paper_rows(ctx.uow, "application", app_id)] == [90]
    click(qtbot, dialog.remove_button)
    assert fake_prompts.messages[-1][0] == "confirm"
    assert dialog.list.count() == 0 and paper_rows(ctx.uow, "application", app_id) == []


def test_a_file_that_is_not_a_paper_is_refused_in_the_dialog(qtbot, ctx, clerk, app_id, tmp_path, fake_prompts,
                                                             sync_ops):
    from app.ui.papers_dialog import PapersDialog

    bad = tmp_path / "张三丰.pdf"
    bad.write_bytes(b"not a pdf at all")
    dialog = PapersDialog(ctx, clerk, "application", app_id)
    qtbot.addWidget(dialog)
    on_screen(qtbot, dialog)
    fake_prompts.files.append(bad)
    click(qtbot, dialog.add_button)
    assert "第 1 个文件：文件不是 JPEG、PNG 或 PDF" in dialog.message_label.text()
    assert "张三丰" not in dialog.message_label.text() and dialog.list.count() == 0


def test_an_id_card_attached_to_the_household_ticks_the_application_checklist(qtbot, ctx, clerk, app_id, photos,
                                                                             fake_prompts, sync_ops):
    dialog = ApplicationDialog(ctx, clerk, app_id, today=date(2020, 9, 28))
    qtbot.addWidget(dialog)
    on_screen(qtbot, dialog)
    papers = dialog.open_papers()
    qtbot.addWidget(papers)
    on_screen(qtbot, papers)
    choose(qtbot, papers.type_combo, "户口簿")
    choose(qtbot, papers.target_combo, "household")
    fake_prompts.files.append(photos[1])
    click(qtbot, papers.add_button)
    [row] = paper_rows(ctx.uow, "household", dialog.detail.household_id)
    assert row.paper_type == "户口簿" and "☑ 户口簿" in papers.checklist_label.text()
    assert "本户" in papers.list.item(0).text()


def test_a_temporary_grant_has_its_papers_too(qtbot, ctx, clerk, app_id, photos, fake_prompts, sync_ops):
    from app.services.temporary import register_grant
    from app.ui.applications_page import ApplicationsPage

    grant = register_grant(ctx.uow, clerk, 1, kind="急难型", amount="800", persons=1, reason="火灾",
                           on=date(2020, 9, 25), paid_first=True)
    page = ApplicationsPage(ctx, clerk)
    qtbot.addWidget(page)
    on_screen(qtbot, page)
    panel = page.temporary
    assert not panel.attachments_button.isEnabled()
    panel.table.selectRow(0)
    papers = panel.open_papers()
    qtbot.addWidget(papers)
    on_screen(qtbot, papers)
    fake_prompts.files.append(photos[0])
    click(qtbot, papers.add_button)
    assert [r.owner_id for r in paper_rows(ctx.uow, "temporary_grant", grant)] == [grant]
    assert papers.checklist_label.isHidden()


def _pdf(path, pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(pages):
        c.setFillColorRGB(0.1, 0.2, 0.8)
        c.rect(50, 700, 200, 80, fill=1)  # a blue block near the top of each page
        c.drawString(60, 650, f"page {n + 1}")
        c.showPage()
    c.save()
    return path.read_bytes()


@pytest.mark.parametrize(("all_pages", "pages", "width"), [(False, 1, 331), (True, 3, 909)])
def test_a_pdf_paper_is_drawn_from_its_pages_not_shown_as_a_tile(tmp_path, all_pages, pages, width):
    from PySide6.QtGui import QColor

    from app.services.papers import PaperRow
    from app.ui.papers_dialog import paper_image

    data = _pdf(tmp_path / "申请书.pdf", 3)
    row = PaperRow(1, 1, "application", 1, "申请书", "application/pdf", 3, len(data), None, None, 0, "clerk",
                   date(2020, 9, 25), False, False)
    image = paper_image(row, data, all_pages=all_pages)
    page_height = round(841.89 * (110 if all_pages else 40) / 72)
    assert abs(image.width() - width) <= 1
    assert abs(image.height() - (page_height * pages + 12 * (pages - 1))) <= pages
    blue = QColor(image.pixel(round(100 * image.width() / 595), round(80 * page_height / 842)))
    assert blue.blue() > 150 and blue.red() < 80  # the block drawn on the first page, not the grey tile
    assert paper_image(row, b"%PDF-1.4 broken").pixelColor(5, 5) == QColor("#f4f4f4")  # unreadable: the tile
