"""Payments pages: rosters (generate, four-eyes confirm, diff, exports), notices, cases and 调标."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.services.auth import add_user, login
from app.services.case_lifecycle import CaseRow, ReviewDue, case_rows, record_event
from app.services.legacy_io import import_legacy
from app.services.notices import NoticeRow
from app.services.restandard import RestandardLine
from app.services.roster_queries import DiffRow, LineRow, VillageTotal
from app.services.rosters import RosterSummary, confirm_rosters, generate_rosters
from app.services.standards import add_standard
from app.ui import prompts
from app.ui.beneficiaries_page import BeneficiariesPage
from app.ui.models.rosters_table import (
    CasesTableModel,
    NoticePreviewTableModel,
    RestandardTableModel,
    ReviewsDueTableModel,
    RosterDiffTableModel,
    RosterLinesTableModel,
    RosterSummaryTableModel,
    VillageTotalsTableModel,
)
from app.ui.notices_page import NoticesPage
from app.ui.rosters_page import RostersPage
from tests.ui.conftest import PASSWORD, FakePrompts, fill, type_date

MONTH = "2020-12"


def column(model, header: str) -> int:
    """The column of a model under a header, as a person finds it by its title."""
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(header)


@pytest.fixture
def township(ctx, actor, fixtures_dir):
    """The golden legacy roster imported, and a clerk and a reviewer besides the admin."""
    import_legacy(ctx.uow, actor, fixtures_dir / "legacy/roster_valid.xlsx")
    add_user(ctx.uow, actor, "clerk", "clerk", PASSWORD)
    add_user(ctx.uow, actor, "reviewer", "reviewer", PASSWORD)
    return ctx


@pytest.fixture
def as_clerk(township):
    return login(township.uow, "clerk", PASSWORD)


@pytest.fixture
def as_reviewer(township):
    return login(township.uow, "reviewer", PASSWORD)


def rosters_page(qtbot, ctx, who, month=MONTH) -> RostersPage:
    page = RostersPage(ctx, who, month=month)
    qtbot.addWidget(page)
    return page


def click(qtbot, button) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def errors(fake: FakePrompts) -> list[str]:
    return [text for kind, _title, text in fake.messages if kind == "error"]


# -- rosters ---------------------------------------------------------------------------------
def test_clerk_generates_a_draft_and_sees_the_golden_summary(qtbot, township, as_clerk, sync_ops, fake_prompts):
    page = rosters_page(qtbot, township, as_clerk)
    click(qtbot, page.generate_button)
    assert page.summary_texts("urban_dibao")[:5] == ["城市低保", "草稿", "16", "49", "22703.00"]
    assert page.summary_texts("")[4] == "42061.00"
    assert "草稿" in page.state_label.text()
    assert not page.bank_button.isEnabled() and not page.confirm_button.isEnabled()


def test_lines_table_masks_ids_and_accounts_and_totals_villages(qtbot, township, as_clerk, sync_ops):
    generate_rosters(township.uow, as_clerk, MONTH)
    page = rosters_page(qtbot, township, as_clerk)
    page.select_program("urban_dibao")
    assert page.lines_model.rowCount() == 16
    ids = [page.lines_model.index(r, column(page.lines_model, "身份证号")).data() for r in range(16)]
    accounts = [page.lines_model.index(r, column(page.lines_model, "账号")).data() for r in range(16)]
    assert all("********" in i and len(i) == 18 for i in ids) and all(a.startswith("****") for a in accounts)
    village_sum = sum(Decimal(page.villages_model.index(r, 4).data()) for r in range(page.villages_model.rowCount()))
    assert f"{village_sum:.2f}" == "22703.00"


def test_the_generator_cannot_confirm_but_another_reviewer_can(qtbot, township, as_clerk, as_reviewer, sync_ops,
                                                                fake_prompts):
    page = rosters_page(qtbot, township, as_reviewer)
    click(qtbot, page.generate_button)  # the reviewer generated it ...
    click(qtbot, page.confirm_button)  # ... so the service refuses their confirmation
    assert any("另一名审核人" in text for text in errors(fake_prompts))
    assert page.summary_texts("urban_dibao")[1] == "草稿"

    clerk_page = rosters_page(qtbot, township, as_clerk)
    assert not clerk_page.confirm_button.isEnabled()  # clerks never confirm
    click(qtbot, clerk_page.generate_button)
    page.refresh()
    click(qtbot, page.confirm_button)
    assert page.summary_texts("urban_dibao")[1] == "已确认" and page.summary_texts("urban_dibao")[7] == "reviewer"
    assert "已确认" in page.state_label.text() and page.bank_button.isEnabled()


def test_bank_file_exported_through_the_page_sums_to_the_golden_total(qtbot, township, as_clerk, as_reviewer,
                                                                       sync_ops, fake_prompts, tmp_path):
    generate_rosters(township.uow, as_clerk, MONTH)
    confirm_rosters(township.uow, as_reviewer, MONTH)
    page = rosters_page(qtbot, township, as_clerk)
    fake_prompts.files.append(tmp_path / "代发")
    click(qtbot, page.bank_button)
    rows = list(openpyxl.load_workbook(tmp_path / "代发.xlsx").active.iter_rows(values_only=True))
    assert rows[-1][0] == "合计" and f"{Decimal(str(rows[-1][9])):.2f}" == "42061.00"
    assert f"{sum(Decimal(str(r[9])) for r in rows[1:-1]):.2f}" == "42061.00"
    assert page.summary_texts("")[1] == "已导出"


def test_a_draft_prints_with_the_draft_mark(qtbot, township, as_clerk, sync_ops, fake_prompts, tmp_path):
    generate_rosters(township.uow, as_clerk, MONTH)
    page = rosters_page(qtbot, township, as_clerk)
    page.select_program("urban_dibao")
    fake_prompts.files.append(tmp_path / "draft.pdf")
    click(qtbot, page.pdf_button)
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "draft.pdf").pages)
    assert "草稿" in text and "22703.00" in text
    assert "草稿" in fake_prompts.messages[-1][2]
    assert fake_prompts.previewed == [tmp_path / "draft.pdf"]  # printed from the app's own preview


def test_diff_lists_every_case_as_new_when_last_month_has_no_roster(qtbot, township, as_clerk, sync_ops):
    page = rosters_page(qtbot, township, as_clerk)
    click(qtbot, page.generate_button)
    changes = [page.diff_model.index(r, 1).data() for r in range(page.diff_model.rowCount())]
    assert changes == ["新增"] * 39  # 16 + 17 + 6 cases paying in December
    assert "2020-11 没有花名册" in page.diff_label.text()


def test_diff_shows_cases_ended_and_resumed_since_last_month(qtbot, township, as_clerk, as_reviewer, sync_ops):
    ended, resumed = [r for r in case_rows(township.uow, MONTH, "urban_dibao") if r.status == "active"][:2]
    record_event(township.uow, as_reviewer, resumed.id, "suspend", decided_on=date(2020, 10, 9), reason="待核实")
    generate_rosters(township.uow, as_clerk, "2020-11")  # one case fewer: suspended in November
    record_event(township.uow, as_reviewer, resumed.id, "resume", decided_on=date(2020, 11, 9), reason="已核实")
    record_event(township.uow, as_reviewer, ended.id, "terminate", decided_on=date(2020, 11, 20), reason="迁出")
    page = rosters_page(qtbot, township, as_clerk)
    click(qtbot, page.generate_button)
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert page.tabs.currentIndex() == 1
    rows = sorted((r.change, r.payee_name, r.before_fen, r.after_fen) for r in page.diff_model.rows())
    assert rows == [("停止", ended.payee, ended.amount_fen, 0), ("新增", resumed.payee, 0, resumed.amount_fen)]
    assert "新增 1 户次，停止 1 户次" in page.diff_label.text()


# -- notices ---------------------------------------------------------------------------------
def test_notice_preview_has_only_the_printed_fields_and_the_pdf_is_written(qtbot, township, as_clerk, sync_ops,
                                                                           tmp_path):
    fake = FakePrompts()
    previous = prompts.install(fake)
    try:
        page = NoticesPage(township, as_clerk, month=MONTH)
        qtbot.addWidget(page)
        page.set_kind("current")
        headers = page.model.headers()
        assert headers == ["村(社区)", "序号", "户主/对象姓名", "家庭人口", "救助项目", "月救助金额(元)"]
        assert page.model.rowCount() == 39
        fake.files.append(tmp_path / "公示.pdf")
        click(qtbot, page.pdf_button)
    finally:
        prompts.install(previous)
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "公示.pdf").pages)
    assert page.model.index(0, 2).data() in text and "1740.00" in text
    assert fake.previewed == [tmp_path / "公示.pdf"] and fake.messages[-1][0] == "confirm"


def test_pending_notice_preview_is_empty_without_applications_on_notice(qtbot, township, as_clerk):
    page = NoticesPage(township, as_clerk, month=MONTH)
    qtbot.addWidget(page)
    page.set_kind("pending")
    assert page.model.rowCount() == 0 and not page.pdf_button.isEnabled()
    assert "身份证号" not in page.model.headers() and "公示起止日期" in page.model.headers()


# -- cases -----------------------------------------------------------------------------------
def test_reviewer_suspends_a_case_and_it_stops_paying_the_month_after(qtbot, township, as_reviewer):
    page = BeneficiariesPage(township, as_reviewer, month="2020-11", today=date(2020, 11, 15))
    qtbot.addWidget(page)
    page.table.selectRow(0)
    case = page.selected_case()
    dialog = page.open_change_dialog()
    dialog.set_kind("suspend")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert "理由" in dialog.error_label.text() and dialog.isVisible()  # refused inline, nothing saved
    fill(qtbot, dialog.reason_edit, "外出务工，待核实")
    assert "2020-12" in dialog.effective_label.text()
    with qtbot.waitSignal(dialog.case_changed):
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert page.case_texts(case.id)[6] == "正常发放"  # November still paid
    type_date(qtbot, page.month_edit, date(2020, 12, 1))
    assert page.case_texts(case.id)[6] == "暂停发放（停发）" and page.case_texts(case.id)[7] == "0.00"


def test_clerks_cannot_open_the_change_dialog(qtbot, township, as_clerk):
    page = BeneficiariesPage(township, as_clerk, month=MONTH)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    assert not page.change_button.isEnabled() and page.open_change_dialog() is None


def test_restandard_previews_then_applies_in_one_go(qtbot, township, actor, as_reviewer, sync_ops, fake_prompts):
    add_standard(township.uow, actor, program="dibao", area="urban", amount_yuan="600", effective_month="2021-01")
    page = BeneficiariesPage(township, as_reviewer, month="2021-01", today=date(2020, 12, 20))
    qtbot.addWidget(page)
    dialog = page.open_restandard_dialog()
    type_date(qtbot, dialog.month_edit, date(2021, 1, 1))
    click(qtbot, dialog.preview_button)
    assert dialog.model.rowCount() == 16
    changes = dialog.changes()
    assert changes and "户金额变化" in dialog.summary_label.text()
    with qtbot.waitSignal(dialog.applied) as applied:
        click(qtbot, dialog.apply_button)
    assert applied.args == [len(changes)]
    x = changes[0]
    assert page.case_texts(x.case_id)[7] == f"{Decimal(x.new_fen) / 100:.2f}"


# -- models ----------------------------------------------------------------------------------
SUMMARY = RosterSummary(MONTH, "urban_dibao", "draft", 16, 49, 2270300, 16, "clerk", "", "")
LINE = LineRow(1, "urban_dibao", "新市社区", "谢小", "430902194501010013", "农商行", "6228480000001234", 3,
               174000, "正常", MONTH, "", 1, 1)
NOTICE = NoticeRow("新市社区", "谢小", 3, "城市低保", 174000)
MODELS = [
    RosterSummaryTableModel([SUMMARY, SUMMARY]),
    RosterLinesTableModel([LINE]),
    VillageTotalsTableModel([VillageTotal("urban_dibao", "新市社区", 1, 3, 174000)]),
    RosterDiffTableModel([DiffRow("urban_dibao", "金额变化", "谢小", "新市社区", 170000, 174000)]),
    NoticePreviewTableModel([NOTICE, NOTICE], "current"),
    NoticePreviewTableModel([NOTICE], "pending"),
    CasesTableModel([CaseRow(1, 1, "城市低保", "谢小", 3, "2020-01", "suspended", 0, "停发")]),
    ReviewsDueTableModel([ReviewDue(1, 1, "城市低保", "谢小", date(2020, 1, 1), date(2020, 7, 1), False)],
                         today=date(2020, 12, 1)),
    RestandardTableModel([RestandardLine(1, 1, "谢小", 170000, 174000, True)]),
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_models_are_well_behaved_qt_models(qtmodeltester, model):
    qtmodeltester.check(model)


def test_models_show_money_in_yuan_masked_ids_and_chinese_states():
    summary = RosterSummaryTableModel([SUMMARY])
    assert [summary.index(1, c).data() for c in (0, 1, 4)] == ["合计", "草稿", "22703.00"]
    line = RosterLinesTableModel([LINE])
    shown = [line.index(0, column(line, h)).data() for h in ("救助对象", "收款人", "身份证号", "账号", "金额(元)")]
    assert shown == [LINE.payee_name, LINE.payee_name, "430902********0013", "************1234", "1740.00"]
    due = ReviewsDueTableModel(MODELS[7].rows(), today=date(2020, 12, 1))
    assert due.index(0, 6).data() == "已逾期 153 天"
    notice = NoticePreviewTableModel([NOTICE, NOTICE])
    assert [notice.index(r, 1).data() for r in (0, 1)] == ["1", "2"]
