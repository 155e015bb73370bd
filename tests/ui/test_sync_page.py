"""数据交换 page: fingerprints after keygen and trust, export to a chosen folder with the history,
a full or read-only stick that leaves the sequence free, county decisions imported through the
page (applied and held), and the page's table models."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.county.admin import county_init, load_county, register_township
from app.county.decide import decide
from app.county.ingest import ingest
from app.domain.registry import HouseholdInput, MemberInput
from app.services.application_queries import application_detail
from app.services.applications import create_application, record_extension, take_step
from app.services.auth import add_user, login
from app.services.exchange.keyring import keygen, trust_county
from app.services.households import register_household
from app.sync import atomic, keys
from app.ui import prompts
from app.ui.changes import COUNTY_BATCH, board
from app.ui.models.sync_table import BatchHistoryTableModel, HeldDecisionsTableModel
from app.ui.sync_page import SyncPage
from tests.ui.conftest import PASSWORD, FakePrompts, fill

TOWNSHIP = "430902101"
INVESTIGATION = {"investigators": ["clerk", "王调查"], "visit_date": "2020-09-29",
                 "findings": "家中无劳动力，收入低", "data_check": "比对无异常"}
HISTORY = [
    {"direction": "in", "stream": "decisions", "sequence": 1, "status": "imported", "detail": "", "records": 1,
     "file": "jiuzhu-430902101-decisions-000001.zip", "full": False, "created_at": "2020-10-20T08:00:00",
     "manifest_sha256": "ab" * 32},
    {"direction": "out", "stream": "data", "sequence": 1, "status": "received", "detail": "县级已接收（2020-10-19）",
     "records": 12, "file": "jiuzhu-430902101-data-000001.zip", "full": True, "created_at": "2020-10-19T08:00:00",
     "manifest_sha256": "cd" * 32},
]
HELD = [{"id": 3, "application_id": 7, "version": 7, "decision": "confirm", "amount_fen": 96000, "opinion": "",
         "decided_on": "2020-10-20", "reason": "县级决定针对版本 7，本地已是版本 8"}]


class FolderPrompts(FakePrompts):
    """FakePrompts that also answers the sync page's folder picker."""

    def __init__(self) -> None:
        super().__init__()
        self.folders: list[Path | None] = []

    def choose_folder(self, parent, title):
        return self.folders.pop(0)


@pytest.fixture
def fake():
    fake = FolderPrompts()
    previous = prompts.install(fake)
    yield fake
    prompts.install(previous)


@pytest.fixture
def county(tmp_path):
    url = f"sqlite:///{tmp_path / 'county' / 'county.db'}"
    county_init(url, tmp_path / "C.pub", code="430902", name="赫山区民政局")
    c = load_county(url)
    yield c
    c.close()


@pytest.fixture
def linked(ctx, actor, county, tmp_path):
    """Township keys made and registered at the county; the county key trusted by the township."""
    keygen(ctx.uow, actor, tmp_path / "T.pub")
    register_township(county, tmp_path / "T.pub", TOWNSHIP)
    trust_county(ctx.uow, actor, tmp_path / "C.pub")
    return county


@pytest.fixture
def page(qtbot, ctx, actor, sync_ops, fake):
    widget = SyncPage(ctx, actor)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def stick(tmp_path) -> Path:
    path = tmp_path / "stick"
    path.mkdir()
    return path


@pytest.fixture
def submitted(ctx, actor) -> int:
    """An urban dibao application walked to 已报县 by a clerk and a reviewer."""
    add_user(ctx.uow, actor, "clerk", "clerk", PASSWORD)
    add_user(ctx.uow, actor, "reviewer", "reviewer", PASSWORD)
    clerk, reviewer = login(ctx.uow, "clerk", PASSWORD), login(ctx.uow, "reviewer", PASSWORD)
    household = register_household(ctx.uow, clerk, HouseholdInput(village="新市社区", hukou_type="城镇", members=[
        MemberInput("张三丰", "430902194501010013", "本人", incomes={"工资性": 20000})]))
    app_id = create_application(ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))
    for who, step, on, data in ((clerk, "accept", 28, None), (clerk, "start_investigation", 29, None),
                                (clerk, "record_investigation", 30, INVESTIGATION)):
        take_step(ctx.uow, who, app_id, step, on=date(2020, 9, on), data=data)
    take_step(ctx.uow, reviewer, app_id, "first_review_approve", on=date(2020, 10, 9), opinion="同意")
    take_step(ctx.uow, clerk, app_id, "notice_end", on=date(2020, 10, 16))
    take_step(ctx.uow, clerk, app_id, "submit_to_county", on=date(2020, 10, 19))
    return app_id


def _decision_batch(page, fake, linked, stick, app_id) -> Path:
    """Export through the page, ingest at the county, let the county confirm: the decision file."""
    fake.folders.append(stick)
    page.export_button.click()
    ingest(linked, page.last_export.path)
    [written] = decide(linked, stick, decided_by="县审核员", application_ids=[app_id], on=date(2020, 10, 20),
                       confirm=True)
    return written.path


def test_fingerprints_are_shown_after_keygen_and_trusting_the_county(page, fake, county, tmp_path):
    assert "尚未生成" in page.own_fingerprint.text()
    fake.files.append(tmp_path / "out" / "T.pub")
    page.keygen_button.click()
    own = keys.read_public(tmp_path / "out" / "T.pub").fingerprint
    assert page.fingerprints()["township"] == own
    assert page.own_fingerprint.text() == "   ".join(own.split("-"))
    fake.files.append(tmp_path / "C.pub")
    page.trust_button.click()
    assert page.fingerprints()["county"] == keys.read_public(tmp_path / "C.pub").fingerprint
    assert fake.messages[-1][0] == "confirm" and "指纹" in fake.messages[-1][2]


def test_only_an_admin_may_make_keys_or_trust_the_county(qtbot, ctx, actor, sync_ops, fake):
    add_user(ctx.uow, actor, "clerk", "clerk", PASSWORD)
    page = SyncPage(ctx, login(ctx.uow, "clerk", PASSWORD))
    qtbot.addWidget(page)
    assert not page.keygen_button.isEnabled() and not page.trust_button.isEnabled()
    assert page.export_button.isEnabled()


def test_export_writes_a_batch_into_the_chosen_folder_and_the_history_shows_it(page, fake, linked, stick):
    fake.folders.append(stick)
    page.export_button.click()
    [written] = stick.glob("*.zip")
    assert written.name == f"jiuzhu-{TOWNSHIP}-data-000001.zip"
    assert "第 1 号" in page.result_label.text() and str(written) in page.result_view.toPlainText()
    assert page.history_model.rowCount() == 1
    assert [page.history_model.index(0, c).data() for c in (0, 1, 4)] == ["1", "数据批次（上报）", "已写出，待县级回执"]


def test_a_full_or_read_only_stick_shows_the_error_and_the_sequence_stays_free(page, fake, linked, stick,
                                                                                tmp_path, monkeypatch):
    with monkeypatch.context() as patch:
        if os.geteuid() != 0:
            stick.chmod(0o500)
        else:  # root writes anyway: the stick is full instead
            def full(path, data):
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            patch.setattr(atomic, "_write_all", full)
        fake.folders.append(stick)
        page.export_button.click()
        stick.chmod(0o700)
    kind, title, text = fake.messages[-1]
    assert (kind, title) == ("error", "导出失败") and "E_SYNC_STICK" in text and "仍是第 1 号" in text
    assert list(stick.iterdir()) == [] and page.history_model.rowCount() == 0
    other = tmp_path / "other"
    other.mkdir()
    fake.folders.append(other)
    page.export_button.click()
    assert page.last_export.sequence == 1 and (other / f"jiuzhu-{TOWNSHIP}-data-000001.zip").exists()


def test_importing_a_county_decision_confirms_the_application_and_the_page_lists_it(page, fake, ctx, linked,
                                                                                     stick, submitted, qtbot):
    fake.files.append(_decision_batch(page, fake, linked, stick, submitted))
    with qtbot.waitSignal(board().changed) as announced:
        page.import_button.click()
    assert announced.args == [page, COUNTY_BATCH]
    assert application_detail(ctx.uow, submitted).state == "已确认"
    assert "已办理 1 件" in page.result_label.text()
    assert f"申请 {submitted}：张三丰 城市低保，已确认" in page.result_view.toPlainText()
    assert page.history_model.index(0, 1).data() == "县级决定"


def test_a_held_decision_is_listed_and_a_reviewer_can_dismiss_it_with_a_note(page, fake, ctx, linked,
                                                                             stick, submitted, qtbot):
    fake.files.append(_decision_batch(page, fake, linked, stick, submitted))
    record_extension(ctx.uow, login(ctx.uow, "reviewer", PASSWORD), submitted, "补充材料")  # changed meanwhile
    page.import_button.click()
    assert "暂存待核 1 件" in page.result_label.text()
    assert page.held_model.rowCount() == 1 and "版本 7" in page.held_model.index(0, 6).data()
    page.held_table.selectRow(0)
    page.dismiss_button.click()  # no note: refused
    assert fake.messages[-1][0] == "error" and page.held_model.rowCount() == 1
    fill(qtbot, page.note_edit, "县级将按新版本重新决定")
    page.dismiss_button.click()
    assert page.held_model.rowCount() == 0


def test_the_main_window_opens_the_page_in_its_exchange_area(qtbot, ctx, actor, sync_ops, fake):
    from app.ui.main_window import MainWindow

    window = MainWindow(ctx, actor, "测试镇", start="exchange")
    qtbot.addWidget(window)
    assert isinstance(window.page("exchange"), SyncPage)


def test_history_model_shows_kinds_status_and_local_times(qtmodeltester):
    model = BatchHistoryTableModel(HISTORY)
    qtmodeltester.check(model)
    assert model.index(1, 1).data() == "数据批次（上报）（全量）"
    assert model.index(1, 4).data() == "县级已接收" and model.index(1, 5).data().startswith("县级已接收")
    assert model.index(1, 4).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#1e7b34"
    assert model.index(0, 2).data().startswith("2020-10-")


def test_held_decisions_model_shows_money_in_yuan(qtmodeltester):
    model = HeldDecisionsTableModel(HELD)
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in (0, 2, 3)] == ["7", "确认", "960.00"]
    assert model.decision_id(0) == 3
