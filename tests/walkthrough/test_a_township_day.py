"""A township's whole day in the GUI, through clicks and keys only, with a screenshot of every page.

The admin sets the office up (users, 委托审核, the complaint phone, keys), a clerk registers a household
by hand and carries its application through 受理 and the investigation, a reviewer gives the first
review, the clerk prints the 公示, the reviewer confirms, the clerk builds the month's roster, the
reviewer confirms it, the clerk writes the bank file, prints the roster in the app's preview and
writes the batch for the county, which accepts it. One window, the users changing at it as at a shared
office PC.

Screenshots go to $JIUZHU_WALKTHROUGH_DIR (`make walkthrough` sets build/walkthrough), else the test's
temporary folder. Only the county's side, the key file it hands over, is made outside the GUI; file and
folder choosers answer from a list (the way the other GUI tests do), everything else is typed or clicked.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QWidget

import app.ui.pages  # noqa: F401 - every area's page, as run_gui has them
from app.bootstrap import open_database
from app.county.admin import county_init, load_county, register_township
from app.county.ingest import ingest
from app.domain.lifecycle import month_add
from app.domain.standards import month_text
from app.reports.roster_xlsx import BANK_COLUMNS
from app.services.application_queries import application_detail
from app.services.case_lifecycle import case_rows
from app.services.notices import township_header
from app.services.township import init_township
from app.ui import ops, prompts
from app.ui.admin_page import AddUserDialog
from app.ui.app import install_cjk_font
from app.ui.application_dialogs import ApplicationDialog
from app.ui.applications_page import NewApplicationDialog
from app.ui.household_dialog import HouseholdDialog
from app.ui.login_dialog import LoginDialog
from app.ui.main_window import MainWindow
from app.ui.models.members_table import COLUMN
from app.ui.printing import preview_dialog
from tests.ui.conftest import (
    FakePrompts,
    by_name,
    choose,
    choose_menu,
    click,
    click_cell,
    click_field,
    fill,
    log_in,
    on_screen,
    press,
    show,
    tab,
    type_date,
    type_text,
)

ADMIN_PASSWORD, PASSWORD = "admin123", "work1234"
HEAD_ID, SPOUSE_ID = "430903195003151236", "430903195208061023"
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


class Desk(FakePrompts):
    """The office desk: file and folder choosers answer from lists; a print preview is the app's real
    preview dialog, put on screen, photographed and closed (no printer in CI)."""

    def __init__(self, shoot) -> None:  # noqa: ANN001 - the screenshot function
        super().__init__()
        self.folders: list[Path] = []
        self.shoot = shoot

    def choose_folder(self, parent, title):  # noqa: ANN001
        return self.folders.pop(0)

    def print_preview(self, parent, path):  # noqa: ANN001
        super().print_preview(parent, path)
        dialog = preview_dialog(parent, Path(path))
        dialog.resize(1000, 760)
        dialog.show()
        QApplication.processEvents()
        self.shoot(dialog, f"打印预览-{Path(path).stem}")
        dialog.close()
        dialog.deleteLater()
        return True


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("JIUZHU_WALKTHROUGH_DIR") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


@pytest.fixture
def office(tmp_path, monkeypatch):
    monkeypatch.setenv("JIUZHU_HOME", str(tmp_path / "home"))
    ctx = open_database(tmp_path / "township.db", create=True)
    init_township(ctx.uow, code="430902101", name="龙光桥镇", admin="admin", password=ADMIN_PASSWORD)
    install_cjk_font(QApplication.instance())  # as run_gui does: Chinese shows on a machine without CJK fonts
    previous = ops.use_pool(ops.SyncPool())  # background work finishes before the next click is checked
    yield ctx
    ops.use_pool(previous)
    ctx.close()


@pytest.fixture
def county(tmp_path):
    """The county civil-affairs bureau: its receiver and the public key file it hands the township."""
    url = f"sqlite:///{tmp_path / 'county' / 'county.db'}"
    county_init(url, tmp_path / "county.pub", code="430902", name="赫山区民政局")
    c = load_county(url)
    yield c
    c.close()


def not_blank(path: Path) -> bool:
    """The screenshot shows something: more than a handful of distinct colours."""
    image = QImage(str(path))
    step = max(1, image.width() // 60)
    colours = {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}
    return len(colours) > 8


def switch_user(qtbot, window: MainWindow, name: str) -> None:
    """文件 → 切换用户, the next person logs in, and the window is theirs."""
    choose_menu(qtbot, window, "文件(&F)", "切换用户(&U)…")
    log_in(qtbot, window.login_dialog, name, PASSWORD)
    qtbot.waitUntil(lambda: window.login_dialog is None)
    on_screen(qtbot, window)
    assert window.actor.name == name


def go(qtbot, window: MainWindow, title: str) -> QWidget:
    """Click an area in the navigation list on the left."""
    nav = window.nav
    (row,) = [r for r in range(nav.count()) if nav.item(r).text() == title]
    qtbot.mouseClick(nav.viewport(), LEFT, pos=nav.visualItemRect(nav.item(row)).center())
    QApplication.processEvents()
    assert window.current_page_key() and window.nav.currentRow() == row
    return window.current_page()


def dialog_of(qtbot, parent: QWidget, kind: type[QDialog]) -> QDialog:
    """The dialog of `kind` the last click opened, once it is on screen and active."""
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(kind)))
    dialog = [d for d in parent.findChildren(kind) if d.isVisible()][-1]
    return on_screen(qtbot, dialog)


def tick(qtbot, box: QCheckBox) -> None:
    """Click a check box on its box, at the left, where a person aims (a stretched box's middle is empty)."""
    on_screen(qtbot, box)
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def take(qtbot, dialog: ApplicationDialog, step: str, on: date, opinion: str = "", more=None) -> None:
    on_screen(qtbot, dialog)
    qtbot.waitUntil(lambda: step in dialog.step_buttons and dialog.step_buttons[step].isVisible())
    click(qtbot, dialog.step_buttons[step])
    form = dialog.step_form
    type_date(qtbot, form.date_edit, on)
    if opinion:
        fill(qtbot, form.opinion_edit, opinion)
    if more:
        more(form)
    with qtbot.waitSignal(dialog.application_changed):
        click(qtbot, form.submit_button)


def test_a_township_day_from_setting_up_to_the_county_batch(qtbot, office, county, shots, tmp_path):
    counter = iter(range(1, 100))

    def shoot(widget: QWidget, name: str) -> Path:
        QApplication.processEvents()
        path = shots / f"{next(counter):02d}-{name}.png"
        assert widget.window().grab().save(str(path))
        assert not_blank(path), f"{path.name} is blank"
        return path

    desk = Desk(shoot)
    previous = prompts.install(desk)
    try:
        _the_day(qtbot, office, county, shoot, desk, tmp_path)
    finally:
        prompts.install(previous)
    assert len(list(shots.glob("*.png"))) >= 16


def _the_day(qtbot, office, county, shoot, desk: Desk, tmp_path: Path) -> None:  # noqa: PLR0915 - one day
    today = date.today()
    (tmp_path / "out").mkdir()
    confirmed = today.replace(day=1) - timedelta(12)  # last month: this month's roster pays the new case
    notice_end = confirmed - timedelta(3)
    reviewed = notice_end - timedelta(7)  # 公示 lasts seven days from the first review
    visit = reviewed - timedelta(7)
    applied, accepted = visit - timedelta(3), visit - timedelta(2)
    pay_month = month_add(month_text(confirmed), 1)  # a case is paid from the month after its confirmation
    assert pay_month == month_text(today)

    # -- 08:30 the admin opens the app -------------------------------------------------------
    login = show(qtbot, LoginDialog(office.uow, township="龙光桥镇"))
    shoot(login, "登录")
    log_in(qtbot, login, "admin", ADMIN_PASSWORD)
    assert login.actor is not None and login.actor.role == "admin"
    window = show(qtbot, MainWindow(office, login.actor, "龙光桥镇", start="home"))
    shoot(window, "首页-管理员")

    admin = go(qtbot, window, "用户与备份")
    for name, role in (("李会计", "clerk"), ("王审核", "reviewer")):
        click(qtbot, admin.add_user_button)
        add = dialog_of(qtbot, admin, AddUserDialog)
        fill(qtbot, add.name_edit, name)
        choose(qtbot, add.role_combo, role)
        fill(qtbot, add.password_edit, PASSWORD)
        fill(qtbot, add.again_edit, PASSWORD)
        if role == "reviewer":
            shoot(add, "添加用户")
        with qtbot.waitSignal(add.user_added):
            click(qtbot, add.ok_button)
    users = admin.users_model
    assert [users.index(r, 0).data() for r in range(users.rowCount())] == ["admin", "李会计", "王审核"]
    shoot(window, "用户与备份")

    settings = go(qtbot, window, "系统设置")
    on_screen(qtbot, settings)
    assert not settings.delegated_check.isChecked()
    tick(qtbot, settings.delegated_check)  # the county has delegated confirmation to the township
    assert settings.delegated_check.isChecked()
    box = settings.settings_box
    type_date(qtbot, box.month_edit, date(today.year, 1, 1))
    fill(qtbot, by_name(settings, "投诉举报电话"), "0737-4321234")
    click(qtbot, box.save_button)
    assert "已保存" in box.message_label.text() and township_header(office.uow)[1] == "0737-4321234"
    shoot(window, "系统设置")

    exchange = go(qtbot, window, "数据交换")
    desk.files.append(tmp_path / "key" / "township.pub")
    click(qtbot, exchange.keygen_button)
    register_township(county, tmp_path / "key" / "township.pub", "430902101")  # at the county, from the stick
    desk.files.append(tmp_path / "county.pub")
    click(qtbot, exchange.trust_button)
    assert set(exchange.fingerprints()) == {"township", "county"}
    shoot(window, "数据交换-密钥")

    # -- 09:00 the clerk registers a household by hand -----------------------------------------
    switch_user(qtbot, window, "李会计")
    assert window.user_label.text() == "用户：李会计（经办人）"
    click(qtbot, window.nav)
    press(qtbot, Qt.Key.Key_N, CTRL)
    households = window.current_page()
    household = dialog_of(qtbot, households, HouseholdDialog)
    click_field(qtbot, household, "村(社区)", "青山村")
    click_field(qtbot, household, "地址", "青山村三组12号")
    click_field(qtbot, household, "联系电话", "13807371234、0737-4321234（村委会）")
    click_field(qtbot, household, "开户行", "湖南农信")
    click_field(qtbot, household, "银行账号", "6217995500001234567")
    table = household.members_table
    click_cell(qtbot, table, 0, COLUMN["name"])
    type_text(qtbot, "刘建国")
    assert tab(qtbot).accessibleName() == "身份证号"
    type_text(qtbot, HEAD_ID)
    click_cell(qtbot, table, 0, COLUMN["工资性"])
    type_text(qtbot, "150")
    click(qtbot, household.add_member_button)
    type_text(qtbot, "王秀英")
    tab(qtbot)
    type_text(qtbot, SPOUSE_ID)
    click_cell(qtbot, table, 1, COLUMN["serious_illness"])
    shoot(household, "新增家庭")
    with qtbot.waitSignal(household.household_saved):
        click(qtbot, household.save_button)
    assert households.visible_head_names() == ["刘建国"]
    shoot(window, "家庭台账")

    # -- the application: 登记, 受理, 入户调查 -----------------------------------------------------
    applications = go(qtbot, window, "申请审批")
    click(qtbot, applications.new_button)
    new = dialog_of(qtbot, applications, NewApplicationDialog)
    fill(qtbot, new.search_edit, "ljg")
    qtbot.waitUntil(lambda: new.household_list.count() == 1)
    choose(qtbot, new.program_combo, "农村低保")
    type_date(qtbot, new.date_edit, applied)
    shoot(new, "新建申请")
    click(qtbot, new.ok_button)
    dialog = dialog_of(qtbot, applications, ApplicationDialog)
    app_id = dialog.application_id
    take(qtbot, dialog, "accept", accepted)
    take(qtbot, dialog, "start_investigation", accepted)

    def investigation(form):  # noqa: ANN001, ANN202
        fill(qtbot, form.investigators_edit, "李会计、青山村 张主任")
        type_date(qtbot, form.visit_date_edit, visit)
        fill(qtbot, form.findings_edit, "户主体弱，配偶患病，无其他收入")

    take(qtbot, dialog, "record_investigation", visit, more=investigation)
    shoot(dialog, "申请-调查结果")
    click(qtbot, dialog.close_button)
    assert application_detail(office.uow, app_id).state == "已调查"

    # -- 10:30 the reviewer gives the first review -----------------------------------------------
    switch_user(qtbot, window, "王审核")
    applications = go(qtbot, window, "申请审批")
    click_cell(qtbot, applications.table, 0, 1)
    click(qtbot, applications.open_button)
    dialog = dialog_of(qtbot, applications, ApplicationDialog)
    click(qtbot, dialog.step_buttons["first_review_approve"])
    form = dialog.step_form
    type_date(qtbot, form.date_edit, reviewed)
    amount = form.amount_edit.text()
    assert "符合条件" in form.calc_label.text() and amount
    fill(qtbot, form.opinion_edit, "情况属实，同意")
    shoot(dialog, "初审-计算明细")
    with qtbot.waitSignal(dialog.application_changed):
        click(qtbot, form.submit_button)
    click(qtbot, dialog.close_button)
    assert application_detail(office.uow, app_id).state == "公示中"

    # -- the clerk prints the 公示, and after seven days records its end ----------------------------
    switch_user(qtbot, window, "李会计")
    notices = go(qtbot, window, "公示")
    choose(qtbot, notices.kind_combo, "初审公示（公示中的申请）")
    assert notices.model.rowCount() == 1
    shoot(window, "公示-初审")
    desk.files.append(tmp_path / "out" / "初审公示")
    click(qtbot, notices.pdf_button)
    assert desk.previewed == [tmp_path / "out" / "初审公示.pdf"], desk.messages
    text = "".join(PdfReader(tmp_path / "out" / "初审公示.pdf").pages[0].extract_text().split())
    assert "刘建国" in text and "0737-4321234" in text and HEAD_ID not in text
    applications = go(qtbot, window, "申请审批")
    click_cell(qtbot, applications.table, 0, 1)
    click(qtbot, applications.open_button)
    dialog = dialog_of(qtbot, applications, ApplicationDialog)
    take(qtbot, dialog, "notice_end", notice_end)
    click(qtbot, dialog.close_button)

    # -- the reviewer confirms (the county delegated it) --------------------------------------------
    switch_user(qtbot, window, "王审核")
    applications = go(qtbot, window, "申请审批")
    click_cell(qtbot, applications.table, 0, 1)
    click(qtbot, applications.open_button)
    dialog = dialog_of(qtbot, applications, ApplicationDialog)
    take(qtbot, dialog, "confirm", confirmed, "经审核，符合农村低保条件，予以确认")
    shoot(dialog, "审核确认")
    click(qtbot, dialog.close_button)
    (case,) = case_rows(office.uow, pay_month)
    assert (case.name, case.start_month, case.persons) == ("刘建国", pay_month, 2)
    beneficiaries = go(qtbot, window, "救助对象")
    shoot(window, "救助对象")
    assert beneficiaries is window.current_page()

    # -- 14:00 the month's roster: the clerk builds it, the reviewer confirms ----------------------
    switch_user(qtbot, window, "李会计")
    rosters = go(qtbot, window, "发放花名册")
    assert rosters.month_edit.month() == pay_month  # the page opens on this month
    click(qtbot, rosters.generate_button)
    assert rosters.summary_texts("rural_dibao")[:3] == ["农村低保", "草稿", "1"]
    shoot(window, "花名册-草稿")

    switch_user(qtbot, window, "王审核")
    rosters = go(qtbot, window, "发放花名册")
    assert rosters.month_edit.month() == pay_month  # the page opens on this month
    click(qtbot, rosters.confirm_button)
    assert rosters.summary_texts("rural_dibao")[1] == "已确认"
    shoot(window, "花名册-已确认")

    # -- the clerk writes the bank file, prints the roster and the batch for the county --------------
    switch_user(qtbot, window, "李会计")
    rosters = go(qtbot, window, "发放花名册")
    assert rosters.month_edit.month() == pay_month  # the page opens on this month
    desk.files.append(tmp_path / "out" / "银行代发")
    click(qtbot, rosters.bank_button)
    (bank,) = tmp_path.joinpath("out").glob("银行代发*.xlsx")
    rows = list(openpyxl.load_workbook(bank).active.iter_rows(values_only=True))
    paid = dict(zip(BANK_COLUMNS, next(r for r in rows if r[0] == 1), strict=True))
    assert (paid["户主/收款人"], paid["身份证号"], paid["账号"]) == ("刘建国", HEAD_ID, "6217995500001234567")
    assert f"{float(paid['金额(元)']):.2f}" == amount
    desk.files.append(tmp_path / "out" / "花名册")
    click(qtbot, rosters.pdf_button)
    assert any(p.name.startswith("花名册") for p in desk.previewed)

    exchange = go(qtbot, window, "数据交换")
    stick = tmp_path / "U盘"
    stick.mkdir()
    desk.folders.append(stick)
    click(qtbot, exchange.export_button)
    batch = exchange.last_export.path
    assert batch.parent == stick and batch.exists()
    outcome = ingest(county, batch)  # at the county: signature, sequence and every record checked
    assert (outcome.status, outcome.sequence) == ("accepted", 1) and outcome.receipt_path.exists()
    desk.files.append(outcome.receipt_path)
    click(qtbot, exchange.import_button)  # the county's signed receipt comes back on the stick
    assert "已导入县级回执：第 1 号批次 县级已接收" in exchange.result_label.text()
    shoot(window, "数据交换-回执")

    go(qtbot, window, "首页")
    shoot(window, "首页-经办人")
    errors = [m for m in desk.messages if m[0] == "error"]
    assert errors == [], errors
