"""首页 and 数据比对: counts and charts on a small township, hits listed, opened and marked handled."""

from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.domain.registry import HouseholdInput, MemberInput
from app.services.auth import add_user, login
from app.services.cases import create_case_in
from app.services.checks import Hit, run_checks
from app.services.households import register_household
from app.services.rosters import confirm_rosters, generate_rosters
from app.ui.checks_page import ChecksPage
from app.ui.dashboard_page import DashboardPage, MixChart, TrendChart
from app.ui.household_dialog import HouseholdDialog
from app.ui.models.checks_table import ChecksTableModel
from tests.ui.conftest import PASSWORD, choose, click, fill

TODAY = date(2020, 12, 15)
HEAD_A, SPOUSE_A = "430902194501010013", "430902194703020025"


def valid(body17):
    from stdnum.cn import ric

    return body17 + ric.calc_check_digit(body17 + "0")


@pytest.fixture
def township(ctx, actor):
    """Two dibao households sharing one bank account, rosters for November and December 2020."""
    from app.models import Household, Member

    ids = []
    for village, members in (("青山村", [("张三丰", HEAD_A, "本人"), ("李秀英", SPOUSE_A, "配偶")]),
                             ("桃花村", [("王五", valid("43090219600101001"), "本人")])):
        data = HouseholdInput(village=village, bank_account="6228000000001234", bank_name="农商银行",
                              members=[MemberInput(name=n, id_number=i, relation=r) for n, i, r in members])
        ids.append(register_household(ctx.uow, actor, data))
    with ctx.uow.begin() as s:
        for hid in ids:
            h = s.get(Household, hid)
            members = list(s.scalars(select(Member).where(Member.household_id == hid)))
            create_case_in(s, actor, h, "rural_dibao", "2020-11", 33500 * len(members), members,
                           payee_name=members[0].name, payee_account=h.bank_account)
    add_user(ctx.uow, actor, "clerk", "clerk", PASSWORD)
    add_user(ctx.uow, actor, "reviewer", "reviewer", PASSWORD)
    clerk, reviewer = login(ctx.uow, "clerk", PASSWORD), login(ctx.uow, "reviewer", PASSWORD)
    for month in ("2020-11", "2020-12"):
        generate_rosters(ctx.uow, clerk, month)
        confirm_rosters(ctx.uow, reviewer, month)
    return ids


def test_dashboard_shows_counts_due_work_and_the_charts(qtbot, qtmodeltester, ctx, actor, township, sync_ops):
    went = []
    page = DashboardPage(ctx, actor, navigate=went.append, today=TODAY)
    qtbot.addWidget(page)
    assert page.heading.text() == "测试镇 社会救助工作概况"
    assert (page.households_card.value_label.text(), page.members_card.value_label.text()) == ("2", "3")
    assert page.program_cards["rural_dibao"].value_label.text() == "2 / 3"
    assert page.program_cards["urban_dibao"].value_label.text() == "0 / 0"
    assert page.year_combo.currentData() == 2020
    persons = dict((name, values) for name, _, values in page.persons_chart.series)
    assert persons["农村低保"] == [0.0] * 10 + [3.0, 3.0]
    amounts = dict((name, values) for name, _, values in page.amount_chart.series)
    assert amounts["农村低保"][-1] == 1005.0
    assert [s[0] for s in page.mix_chart.slices] == ["农村低保"]
    choose(qtbot, page.program_combo, "rural_dibao")
    assert [s[0] for s in page.persons_chart.series] == ["农村低保"]
    qtbot.mouseClick(page.review_card, Qt.MouseButton.LeftButton)
    assert went == ["beneficiaries"]
    model = page.year_model
    qtmodeltester.check(model)
    assert [model.data(model.index(1, c)) for c in (0, 2, 4, 5)] == ["农村低保", "0.50", "2010.00", "4"]
    assert model.data(model.index(model.rowCount() - 1, 0)) == "合计"


def test_dashboard_on_an_empty_township_draws_without_data(qtbot, ctx, actor, sync_ops):
    page = DashboardPage(ctx, actor, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    assert page.households_card.value_label.text() == "0"
    assert not page.grab().isNull()  # paints the "no data" charts without error


@pytest.mark.parametrize("stacked", [False, True])
def test_trend_charts_paint_lines_and_stacked_bars(qtbot, stacked):
    chart = TrendChart("各月发放金额", "元", stacked=stacked)
    qtbot.addWidget(chart)
    chart.set_data([f"{m}月" for m in range(1, 13)], [("城市低保", Qt.GlobalColor.blue, [float(m) for m in range(12)]),
                                                     ("农村低保", Qt.GlobalColor.green, [3.0] * 12)])
    chart.resize(500, 300)
    assert not chart.grab().isNull()
    mix = MixChart("项目构成", "人次")
    qtbot.addWidget(mix)
    mix.set_data([("城市低保", Qt.GlobalColor.blue, 3.0), ("临时救助", Qt.GlobalColor.red, 0.0)])
    assert [s[0] for s in mix.slices] == ["城市低保"]
    assert not mix.grab().isNull()


def test_checks_table_model_is_a_well_behaved_qt_model(qtmodeltester):
    hits = [Hit("dup_account:1-2", "银行账号重复", 1, "账号 ****1234 由 户 1、户 2 共用", "青山村 张三丰"),
            Hit("review:3:2020-01-01", "复核逾期", 3, "应复核", handled=True, note="已复核", handled_by="clerk")]
    model = ChecksTableModel(hits)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 1)) == "户 1 青山村 张三丰"
    assert model.data(model.index(1, 3)) == "已处理（clerk）"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "说明"


def test_checks_page_lists_a_hit_opens_the_household_and_marks_it_handled(qtbot, ctx, actor, township,
                                                                         sync_ops, fake_prompts):
    page = ChecksPage(ctx, actor, today=TODAY)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    choose(qtbot, page.kind_combo, "银行账号重复")
    assert page.model.rowCount() == 1
    assert "户 1" in page.model.data(page.model.index(0, 2)) and "****1234" in page.model.data(page.model.index(0, 2))
    page.select_row(0)
    assert not page.handle_button.isEnabled()  # a note is required
    fill(qtbot, page.note_edit, "已核实为夫妻分户，改用各自账号")
    qtbot.mouseClick(page.handle_button, Qt.MouseButton.LeftButton)
    assert page.model.data(page.model.index(0, 3)) == "已处理（admin）"
    stored = [h for h in run_checks(ctx.uow, today=TODAY) if h.kind == "银行账号重复"]
    assert stored[0].handled and stored[0].note == "已核实为夫妻分户，改用各自账号"
    click(qtbot, page.unhandled_check)
    assert page.unhandled_check.isChecked() and page.model.rowCount() == 0
    click(qtbot, page.unhandled_check)
    page._open_household(page.model.index(0, 0))
    dialog = page.findChild(HouseholdDialog)
    assert dialog is not None and dialog.windowTitle() == "编辑家庭 - 户主 张三丰"
    dialog.reject()


def test_checks_page_imports_a_death_list_and_reports_a_bad_one(qtbot, tmp_path, ctx, actor, township,
                                                                sync_ops, fake_prompts):
    good, bad = tmp_path / "deaths.xlsx", tmp_path / "bad.xlsx"
    for path, header, number in ((good, "日期", valid("43090219600101001")), (bad, "时间", "123")):
        wb = openpyxl.Workbook()
        wb.active.append(["姓名", "身份证号", "事项", header])
        wb.active.append(["王五", number, "死亡", date(2020, 11, 5)])
        wb.save(path)
    page = ChecksPage(ctx, actor, today=TODAY)
    qtbot.addWidget(page)
    fake_prompts.files += [bad, good]
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert fake_prompts.messages[-1][:2] == ("error", "外部名单有误") and "「日期」：缺少此列" in fake_prompts.messages[-1][2]
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.external_label.text() == "外部名单：deaths.xlsx（1 行）"
    deaths = [h for h in page.hits if h.kind == "比对：死亡人员"]
    assert len(deaths) == 1 and deaths[0].months == ("2020-12",) and deaths[0].household_id == township[1]


def test_checks_page_keeps_the_loaded_list_for_monitoring_and_scans(qtbot, tmp_path, ctx, actor, township,
                                                                    sync_ops, fake_prompts):
    from app.services.monitoring_handle import list_warnings

    path = tmp_path / "比对名单.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "事项", "日期"])
    wb.active.append(["王五", valid("43090219600101001"), "死亡", date(2020, 11, 5)])
    wb.save(path)
    page = ChecksPage(ctx, actor, today=TODAY)
    qtbot.addWidget(page)
    assert not page.monitor_button.isEnabled()  # nothing loaded yet
    fake_prompts.files.append(path)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.monitor_button.isEnabled()
    qtbot.mouseClick(page.monitor_button, Qt.MouseButton.LeftButton)
    kind, title, text = fake_prompts.messages[-1][:3]
    assert (kind, title) == ("info", "已记入监测预警") and "在保人员比对命中 1 条" in text
    [warning] = list_warnings(ctx.uow, today=TODAY)
    assert (warning.rule, warning.name, warning.household_id) == ("covered_hit", "王五", township[1])
