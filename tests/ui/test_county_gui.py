"""`jiuzhu county gui` driven as county staff do: log in, take a township's batch from the stick,
propose and decide (two people), write the decision batch the township then imports; manage township
keys; read the batch log, the indicators, the cross-township checks and the audit log.

The linked township + county fixtures are the sync tests' (imported below); a test naming one looks
to the linter like a redefinition of the import."""
# ruff: noqa: F811

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from app.county.admin import register_township
from app.county.ingest import ingest
from app.county.users import add_user, login
from app.errors import AppError
from app.services.exchange.incoming import import_file
from app.sync import keys
from app.ui.county.login_dialog import CountyLoginDialog
from app.ui.county.window import AREA_KEYS, CountyWindow
from app.ui.models import county_tables
from tests.sync.conftest import county, county_template, export, household, linked, outdir, submitted  # noqa: F401
from tests.ui.conftest import choose, click, click_cell, fill, log_in, show

PASSWORD = "secret123"
SHOTS = os.environ.get("JIUZHU_COUNTY_SHOTS")  # a folder: the page test also saves each page's picture


@pytest.fixture
def staff(linked):
    """The county's admin, a county clerk and two county reviewers."""
    add_user(linked, None, "boss", "admin", PASSWORD)
    boss = login(linked, "boss", PASSWORD)
    for name, role in (("kclerk", "county_clerk"), ("kreviewer", "county_reviewer"), ("kreviewer2", "county_reviewer")):
        add_user(linked, boss, name, role, PASSWORD)
    return linked


@pytest.fixture
def received(staff, export, submitted):
    """The township's batch with its submitted application, ingested at the county."""
    assert ingest(staff, export()).status == "accepted"
    return staff


def open_window(qtbot, county, name: str) -> CountyWindow:
    dialog = CountyLoginDialog(county)
    show(qtbot, dialog)
    log_in(qtbot, dialog, name, PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    window = CountyWindow(county, dialog.actor)
    show(qtbot, window)
    return window


def switch_to(qtbot, window: CountyWindow, name: str) -> None:
    dialog = window.switch_user()
    log_in(qtbot, dialog, name, PASSWORD)
    qtbot.waitUntil(lambda: window.login_dialog is None)
    assert window.actor.name == name


def propose(qtbot, page, opinion: str, *, confirm: bool = True) -> None:
    click_cell(qtbot, page.table, 0, 0)
    fill(qtbot, page.opinion_edit, opinion)
    click(qtbot, page.propose_confirm if confirm else page.propose_reject)


def decide(qtbot, page, opinion: str, *, confirm: bool = True) -> None:
    click_cell(qtbot, page.table, 0, 0)
    fill(qtbot, page.opinion_edit, opinion)
    click(qtbot, page.confirm_button if confirm else page.reject_button)


def errors(fake_prompts) -> list[str]:
    return [text for kind, _title, text in fake_prompts.messages if kind == "error"]


def test_a_wrong_password_is_refused_in_chinese_with_the_tries_left(qtbot, staff):
    dialog = CountyLoginDialog(staff)
    show(qtbot, dialog)
    log_in(qtbot, dialog, "kclerk", "wrong")
    assert dialog.isVisible() and "还可再试 4 次" in dialog.error_label.text()


def test_two_people_confirm_and_the_township_applies_the_decision(qtbot, db_ctx, clerk, received, submitted,
                                                                  tmp_path, fake_prompts, sync_ops):
    window = open_window(qtbot, received, "kclerk")
    page = window.current_page()
    assert page.model.rowCount() == 1 and page.model.row_at(0).application_id == submitted
    assert not page.confirm_button.isVisible()  # a county clerk only proposes
    propose(qtbot, page, "家庭收入低于标准，拟同意")
    assert page.model.row_at(0).stage == "待审定"

    switch_to(qtbot, window, "kreviewer")
    page = window.current_page()
    decide(qtbot, page, "同意，按乡镇初审金额确认")
    assert page.model.row_at(0).stage == "待写出决定批次"
    back = tmp_path / "back"
    back.mkdir()
    fake_prompts.folders.append(back)
    click(qtbot, page.write_button)

    [written] = list(back.glob("*.zip"))
    assert str(written) in page.written.item(0).text()
    assert page.model.rowCount() == 0 and errors(fake_prompts) == []
    result = import_file(db_ctx.uow, clerk, written)
    assert (result.applied, result.held) == ([submitted], [])
    from app.models import Application

    with db_ctx.uow.read() as s:
        app = s.get(Application, submitted)
        assert (app.state, app.transitions[-1].opinion) == ("已确认", "同意，按乡镇初审金额确认")


def test_the_proposer_cannot_decide_the_same_application(qtbot, received, fake_prompts, sync_ops):
    window = open_window(qtbot, received, "kreviewer")
    page = window.current_page()
    propose(qtbot, page, "拟同意")
    decide(qtbot, page, "同意")
    [text] = errors(fake_prompts)
    assert "须由另一名县级审核人审定（双人审核）" in text and "E_FOUR_EYES" in text
    assert page.model.row_at(0).stage == "待审定"


def test_nothing_is_decided_before_someone_proposes(qtbot, received, fake_prompts, sync_ops):
    page = open_window(qtbot, received, "kreviewer").current_page()
    decide(qtbot, page, "同意")
    assert "尚无拟办意见" in errors(fake_prompts)[0]


def test_a_refusal_without_an_opinion_is_refused_in_chinese(qtbot, received, fake_prompts, sync_ops):
    window = open_window(qtbot, received, "kclerk")
    propose(qtbot, window.current_page(), "", confirm=False)
    assert "不予确认必须填写意见" in errors(fake_prompts)[0]
    propose(qtbot, window.current_page(), "拟同意")
    switch_to(qtbot, window, "kreviewer2")
    decide(qtbot, window.current_page(), "", confirm=False)
    assert "审定意见：不予确认必须填写意见（理由）" in errors(fake_prompts)[1]
    assert window.current_page().model.row_at(0).stage == "待审定"


def test_a_refusal_with_its_reason_goes_back_to_the_township(qtbot, db_ctx, clerk, received, submitted, tmp_path,
                                                             fake_prompts, sync_ops):
    window = open_window(qtbot, received, "kclerk")
    propose(qtbot, window.current_page(), "收入超过标准", confirm=False)
    switch_to(qtbot, window, "kreviewer")
    page = window.current_page()
    decide(qtbot, page, "家庭收入超过标准，不予确认", confirm=False)
    fake_prompts.folders.append(tmp_path)
    click(qtbot, page.write_button)
    [written] = list(tmp_path.glob("*decisions*.zip"))
    import_file(db_ctx.uow, clerk, written)
    from app.models import Application

    with db_ctx.uow.read() as s:
        assert s.get(Application, submitted).state == "不予确认"


def test_a_batch_from_the_stick_is_ingested_with_its_receipt_and_a_damaged_one_refused(
        qtbot, staff, export, submitted, tmp_path, fake_prompts, sync_ops):
    window = open_window(qtbot, staff, "kclerk")
    page = window.show_page("batches")
    batch = export()
    fake_prompts.files.append(batch)
    click(qtbot, page.ingest_button)
    assert "已导入" in page.message.text() and "回执" in page.message.text()
    assert [r.direction for r in page.model.rows()] == ["收到"]
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(batch.read_bytes()[:-40])
    fake_prompts.files.append(damaged)
    click(qtbot, page.ingest_button)
    assert errors(fake_prompts) and "拒收" in [r.direction for r in page.model.rows()]
    assert window.show_page("pending").model.rowCount() == 1


def test_an_admin_registers_a_key_after_comparing_its_fingerprint_and_revokes_it(qtbot, staff, tmp_path,
                                                                                  fake_prompts, sync_ops):
    pair, _ = keys.generate("township", "430902102", "第二镇", tmp_path / "other-keys")
    pub = keys.write_public(pair.public, tmp_path / "T2.pub")
    page = open_window(qtbot, staff, "boss").show_page("townships")
    fill(qtbot, page.code_edit, "430902102")
    fake_prompts.files.append(pub)
    click(qtbot, page.register_button)
    assert pair.public.fingerprint in fake_prompts.messages[0][2]
    row = next(r for r in page.model.rows() if r.code == "430902102")
    assert (row.name, row.fingerprints, row.silent) == ("第二镇", pair.public.fingerprint, True)
    click_cell(qtbot, page.table, [r.code for r in page.model.rows()].index("430902102"), 0)
    click(qtbot, page.revoke_button)
    row = next(r for r in page.model.rows() if r.code == "430902102")
    assert row.fingerprints.endswith("（已吊销）") and row.key_ids == []


def test_a_county_clerk_cannot_register_keys(qtbot, staff):
    page = open_window(qtbot, staff, "kclerk").show_page("townships")
    assert not page.register_button.isEnabled() and not page.revoke_button.isEnabled()


def test_a_township_that_sent_something_recently_is_not_silent(qtbot, received):
    page = open_window(qtbot, received, "kclerk").show_page("townships")
    [row] = page.model.rows()
    assert (row.silent, row.last_sequence, row.submitted) == (False, 1, 1)
    assert page.model.data(page.model.index(0, 8)) == "正常"


def seed_rosters(county) -> None:  # noqa: ANN001 - confirmed rosters of 2020, one person covered twice
    import json

    from app.county.models import CountyRecord
    from app.domain.roster_lines import LineKind

    with county.db.uow.begin() as s:
        for m in range(1, 10):
            lines = [[n, n, None, n, "新市社区", "户主", "", "", "", 2, 48000 + 1000 * (m % 3), LineKind.REGULAR.value,
                      None, ""] for n in range(1, 4 + m % 4)]
            s.add(CountyRecord(township_code="430902101", kind="roster", object_id=100 + m, content=json.dumps(
                {"month": f"2020-{m:02d}", "program": "urban_dibao", "state": "confirmed", "content": {"lines": lines}})))
        for code, program in (("430902101", "urban_dibao"), ("430902102", "rural_tekun")):  # one person, two places
            s.add(CountyRecord(township_code=code, kind="member", object_id=901, household_id=901, content=json.dumps(
                {"name": "王五", "id_number": "430902195001010016", "relation": "本人"})))
            s.add(CountyRecord(township_code=code, kind="case", object_id=901, household_id=901, content=json.dumps(
                {"program": program, "household_id": 901, "member_ids": [901], "status": "active"})))


def test_every_page_draws_in_chinese(qtbot, received, tmp_path, fake_prompts, sync_ops):
    if SHOTS:  # the pictures are looked at: Chinese in the bundled font, as run_county_gui draws it
        from app.ui.app import install_cjk_font

        install_cjk_font(QApplication.instance())
    pair, _ = keys.generate("township", "430902102", "第二镇", tmp_path / "other-keys")
    register_township(received, keys.write_public(pair.public, tmp_path / "T2.pub"), "430902102")  # silent
    damaged = tmp_path / "jiuzhu-430902101-data-000002.zip"
    damaged.write_bytes(b"PK\x03\x04 not a batch")
    with pytest.raises(AppError):
        ingest(received, damaged)  # a refusal in the batch log
    seed_rosters(received)
    window = open_window(qtbot, received, "boss")
    window.resize(1400, 820)
    propose(qtbot, window.current_page(), "家庭收入低于标准，拟同意")  # the file and the proposal on screen
    for key in AREA_KEYS:
        page = window.show_page(key)
        QApplication.processEvents()
        model = getattr(page, "model", None)
        assert model is None or all(not h.isascii() for h in model.headers())
        picture = window.grab()
        assert not picture.isNull()
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            picture.save(str(Path(SHOTS) / f"{AREA_KEYS.index(key) + 1}-{key}.png"))
    assert any(r.action_label == "登录" for r in window.show_page("audit").model.rows())
    assert window.show_page("checks").model.rowCount() == 2
    if SHOTS:
        login_dialog = CountyLoginDialog(received)
        qtbot.addWidget(login_dialog)
        login_dialog.grab().save(str(Path(SHOTS) / "0-login.png"))
    stats = window.show_page("stats")
    assert stats.period() == (2020, None) and stats.chart.bars[0][1] > 0 and stats.model.row_at(0).households_times


def test_the_county_indicators_export_to_xlsx(qtbot, received, tmp_path, fake_prompts, sync_ops):
    from openpyxl import load_workbook

    page = open_window(qtbot, received, "kclerk").show_page("stats")
    assert page.model.rowCount() >= 1 and page.model.row_at(0).township == "全县"
    fake_prompts.files.append(tmp_path / "stats.xlsx")
    click(qtbot, page.export_button)
    ws = load_workbook(tmp_path / "stats.xlsx").active
    assert ws["A2"].value == "乡镇" and ws["A3"].value == "全县"


@pytest.mark.parametrize("make", [county_tables.pending_model, county_tables.townships_model,
                                  county_tables.batches_model, county_tables.stats_model,
                                  county_tables.checks_model, county_tables.audit_model,
                                  county_tables.users_model])
def test_every_county_table_is_a_well_behaved_qt_model(qtmodeltester, received, make):
    from app.county.checks import CrossHit
    from app.county.office import batch_rows, township_rows
    from app.county.review import pending_items
    from app.county.stats import county_stats_json, stats_rows
    from app.county.users import audit_rows, list_users

    rows = {county_tables.pending_model: lambda: pending_items(received),
            county_tables.townships_model: lambda: township_rows(received),
            county_tables.batches_model: lambda: batch_rows(received),
            county_tables.stats_model: lambda: stats_rows(county_stats_json(received, 2020)),
            county_tables.checks_model: lambda: [CrossHit("two:1", "跨乡镇重复救助", "430902********0013", "张三",
                                                           "甲镇：城市低保（户 1）；乙镇：农村特困（户 2）", 2)],
            county_tables.audit_model: lambda: audit_rows(received),
            county_tables.users_model: lambda: list_users(received)}[make]()
    model = make()
    model.set_rows(rows)
    assert model.rowCount() >= 1
    qtmodeltester.check(model)


def test_county_gui_on_a_database_without_users_says_how_to_make_the_first_admin(qtbot, county, fake_prompts):
    import app.cli

    assert app.cli.main(["county", "gui", "--db", county.db.url]) == 1
    [text] = errors(fake_prompts)
    assert "county user add" in text and "E_NO_COUNTY_USER" in text


def test_an_admin_adds_a_county_user_who_can_then_log_in(qtbot, staff, fake_prompts):
    page = open_window(qtbot, staff, "boss").show_page("users")
    fill(qtbot, page.name_edit, "赵审核")
    choose(qtbot, page.role_combo, "county_reviewer")
    fill(qtbot, page.password_edit, "newpass1")
    fill(qtbot, page.again_edit, "newpass1")
    click(qtbot, page.add_button)
    assert ("赵审核", "县级审核人") in [(r.name, r.role_label) for r in page.model.rows()]
    assert login(staff, "赵审核", "newpass1").role == "county_reviewer"


def test_mistyped_passwords_and_a_non_admin_are_refused(qtbot, staff, fake_prompts):
    window = open_window(qtbot, staff, "boss")
    page = window.show_page("users")
    fill(qtbot, page.name_edit, "x1")
    fill(qtbot, page.password_edit, "newpass1")
    fill(qtbot, page.again_edit, "newpass2")
    click(qtbot, page.add_button)
    assert "两次输入的密码不一致" in errors(fake_prompts)[0]
    switch_to(qtbot, window, "kclerk")
    assert not window.show_page("users").add_button.isEnabled()


def test_an_admin_lifts_a_lockout(qtbot, staff, fake_prompts):
    for _ in range(5):
        with pytest.raises(AppError):
            login(staff, "kclerk", "wrong")
    page = open_window(qtbot, staff, "boss").show_page("users")
    row = [r.name for r in page.model.rows()].index("kclerk")
    assert page.model.data(page.model.index(row, 2)).startswith("已锁定至")
    click_cell(qtbot, page.table, row, 0)
    click(qtbot, page.unlock_button)
    assert login(staff, "kclerk", PASSWORD).name == "kclerk"


def test_the_idle_lock_hides_the_work_until_the_same_user_logs_in_again(qtbot, staff):
    from app.ui.county.idle import CountyIdleLock

    window = open_window(qtbot, staff, "kclerk")
    dialog = CountyIdleLock(QApplication.instance(), window).lock()
    assert not window.centralWidget().isVisible() and dialog.user_edit.isReadOnly()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    click(qtbot, dialog.password_edit)
    from tests.ui.conftest import enter, type_text

    type_text(qtbot, PASSWORD)
    enter(qtbot)
    qtbot.waitUntil(window.centralWidget().isVisible)


def test_a_second_county_window_on_the_same_file_is_refused(county, fake_prompts):
    from app.instance_lock import InstanceLock
    from app.ui.county.app import run_county_gui

    held = InstanceLock(Path(county.db.url.removeprefix("sqlite:///"))).acquire()
    try:
        assert run_county_gui(county.db.url) == 1
    finally:
        held.release()
    assert "E_DB_BUSY" in errors(fake_prompts)[0]


def test_a_proposed_amount_is_typed_in_yuan_and_a_wrong_one_refused(qtbot, received, fake_prompts, sync_ops):
    page = open_window(qtbot, received, "kclerk").current_page()
    click_cell(qtbot, page.table, 0, 0)
    fill(qtbot, page.amount_edit, "九百")
    propose(qtbot, page, "拟同意")
    assert "确认金额：「九百」不是金额" in errors(fake_prompts)[0]
    fill(qtbot, page.amount_edit, "900")
    propose(qtbot, page, "拟同意")
    assert page.model.row_at(0).proposal.amount_fen == 90000


def test_the_decision_batch_is_written_off_the_gui_thread(qtbot, received, tmp_path, fake_prompts):
    window = open_window(qtbot, received, "kclerk")
    propose(qtbot, window.current_page(), "拟同意")
    switch_to(qtbot, window, "kreviewer")
    page = window.current_page()
    decide(qtbot, page, "同意")
    fake_prompts.folders.append(tmp_path)
    click(qtbot, page.write_button)  # the real thread pool
    qtbot.waitUntil(lambda: page.written.count() == 1, timeout=10000)
    assert list(tmp_path.glob("*decisions*.zip")) and errors(fake_prompts) == []


def test_the_checks_page_compares_with_an_external_list_and_refuses_a_bad_one(qtbot, received, tmp_path,
                                                                              fake_prompts, sync_ops):
    import json

    import openpyxl

    from app.county.models import CountyRecord

    seed_rosters(received)
    zhao = "430902196002020013"  # covered in one township, on the vehicle list
    with received.db.uow.begin() as s:
        s.add(CountyRecord(township_code="430902101", kind="member", object_id=902, household_id=902,
                           content=json.dumps({"name": "赵六", "id_number": zhao, "relation": "本人"})))
        s.add(CountyRecord(township_code="430902101", kind="case", object_id=902, household_id=902, content=json.dumps(
            {"program": "rural_dibao", "household_id": 902, "member_ids": [902], "status": "active"})))
    good, bad = tmp_path / "车辆名单.xlsx", tmp_path / "bad.xlsx"
    for path, header in ((good, "日期"), (bad, "时间")):
        wb = openpyxl.Workbook()
        wb.active.append(["姓名", "身份证号", "事项", header])
        wb.active.append(["赵六", zhao, "车辆", "2020-06-01"])
        wb.save(path)
    window = open_window(qtbot, received, "kclerk")
    page = window.show_page("checks")
    assert page.model.rowCount() == 2  # 王五 covered in two townships, dibao and tekun
    fake_prompts.files += [bad, good]
    click(qtbot, page.import_button)
    assert errors(fake_prompts)[-1].count("「日期」") == 1 and page.external_label.text() == "未导入外部名单"
    click(qtbot, page.import_button)
    assert page.external_label.text() == "外部名单：车辆名单.xlsx（1 行）", fake_prompts.messages
    checks = [page.model.row_at(r).check for r in range(page.model.rowCount())]
    assert checks[-1].startswith("外部名单：") and len(checks) == 3
    click(qtbot, page.clear_button)
    assert page.model.rowCount() == 2
