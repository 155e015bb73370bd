"""低收入人口 page: a clerk imports a 监测户 list, scans, verifies a warning and brings the household in."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.models import Application
from app.ui import changes
from app.ui.monitor_page import MonitorPage
from tests.integration.monitoring_township import LI, TODAY, WANG, ZHANG, ZHAO, build_township, office_list
from tests.ui.conftest import by_name, choose, click, click_tab, fill, show, type_date


def _page(qtbot, ctx, actor, tmp_path) -> MonitorPage:
    build_township(ctx, actor, tmp_path)
    page = MonitorPage(ctx, actor, today=TODAY)
    show(qtbot, page)
    page.resize(1200, 700)
    return page


def test_import_scan_verify_and_bring_in(qtbot, ctx, actor, tmp_path, sync_ops, fake_prompts):
    page = _page(qtbot, ctx, actor, tmp_path)
    fill(qtbot, by_name(page, "名单类别"), "脱贫监测户")
    fake_prompts.files.append(office_list(tmp_path / "监测户.xlsx", [LI, ZHAO, ZHANG, WANG]))
    click(qtbot, page.import_button)
    assert "已导入脱贫监测户名单 4 人" in fake_prompts.messages[-1][2]
    assert page.imports_model.rowCount() == 1 and page.imports_model.row_at(0).kind == "脱贫监测户"
    click(qtbot, page.scan_button)
    assert "新增预警 2 条" in fake_prompts.messages[-1][2]
    assert sorted(w.name for w in page.warnings._rows) == sorted([LI[0], ZHAO[0]])
    choose(qtbot, page.rule_combo, "uncovered_poor")
    assert [w.name for w in page.warnings._rows] == [LI[0]]
    page.table.selectRow(0)
    assert page.step_buttons["verify"].isEnabled() and not page.step_buttons["include"].isEnabled()
    type_date(qtbot, by_name(page, "入户核实日期"), TODAY)
    fill(qtbot, by_name(page, "调查人员"), "王会计，李站长")
    fill(qtbot, by_name(page, "核实情况"), "两人无稳定收入")
    click(qtbot, page.step_buttons["verify"])
    assert page.warnings.row_at(0).status == "核实中", fake_prompts.messages
    assert page.step_buttons["include"].isEnabled()
    with qtbot.waitSignal(changes.board().changed, check_params_cb=lambda source, touched: source is page
                          and touched == {"applications"}):
        click(qtbot, page.step_buttons["include"])
    assert page.warnings.rowCount() == 0  # no longer open: the default filter is 未办结
    choose(qtbot, page.status_combo, "全部")
    done = page.warnings.row_at(0)
    assert done.status == "纳入救助" and done.application_id
    with ctx.uow.read() as s:
        assert s.scalar(select(Application.state).where(Application.id == done.application_id)) == "登记"
    assert "未办结预警 1 条" in page.count_label.text()
    click_tab(qtbot, page.tabs, 1)
    kinds = {r.name: [k for k, _ in r.kinds] for r in page.register_model._rows}
    assert kinds[LI[0]] == ["低保边缘家庭", "脱贫监测户"] and kinds[ZHANG[0]] == ["低保对象", "脱贫监测户"]
    assert kinds[WANG[0]] == ["脱贫监测户"]  # well off, on the list only
    click_tab(qtbot, page.tabs, 0)
    page.grab().save(str(tmp_path / "monitor.png"))
    click_tab(qtbot, page.tabs, 1)
    page.grab().save(str(tmp_path / "register.png"))


def test_a_bad_list_is_shown_with_its_rows(qtbot, ctx, actor, tmp_path, sync_ops, fake_prompts):
    page = _page(qtbot, ctx, actor, tmp_path)
    fake_prompts.files.append(office_list(tmp_path / "坏.xlsx", [WANG, ("某人", "43090219650303003X")]))
    click(qtbot, page.import_button)
    kind, title, text = fake_prompts.messages[-1]
    assert kind == "error" and "第 5 行「身份证号码」" in text
    assert page.imports_model.rowCount() == 0


def test_every_input_is_named_as_its_label(qtbot, ctx, actor, tmp_path):
    page = _page(qtbot, ctx, actor, tmp_path)
    for name in ("名单类别", "状态", "规则", "入户核实日期", "调查人员", "核实情况", "纳入项目", "转介去向", "不符合原因"):
        assert by_name(page, name) is not None


def test_the_household_page_shows_its_kinds_and_warnings(qtbot, ctx, actor, tmp_path):
    from app.services.monitoring_handle import list_warnings
    from app.services.monitoring_scan import scan
    from app.ui.household_dialog import HouseholdDialog
    from app.ui.monitor_page import HouseholdMonitorView

    build_township(ctx, actor, tmp_path)
    scan(ctx.uow, actor, TODAY)
    [w] = list_warnings(ctx.uow, today=TODAY)
    dialog = HouseholdDialog(ctx, actor, household_id=w.household_id)
    show(qtbot, dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[-1] == "低收入监测"
    click_tab(qtbot, dialog.tabs, len(titles) - 1)
    view = dialog.findChild(HouseholdMonitorView)
    assert {r.name for r in view.kinds_model._rows} == {LI[0], "李妻"}
    assert view.warnings_model.row_at(0)[:3] == ("疑似漏保", LI[0], "待核实")
    assert "未办结 1 条" in view.summary.text()


def test_the_dashboard_counts_open_and_overdue_warnings(qtbot, ctx, actor, tmp_path, sync_ops):
    from app.services.monitoring_scan import scan
    from app.ui.dashboard_page import DashboardPage

    build_township(ctx, actor, tmp_path)
    scan(ctx.uow, actor, TODAY)
    went = []
    page = DashboardPage(ctx, actor, navigate=went.append, today=date(2021, 2, 4))
    show(qtbot, page)
    assert page.data.warnings == (1, 1)  # due 2021-02-03
    click(qtbot, page.warning_card)
    assert went == ["monitor"]


def test_the_report_tab_counts_and_exports(qtbot, ctx, actor, tmp_path, sync_ops, fake_prompts):
    import openpyxl

    from app.services.monitoring_scan import scan

    page = _page(qtbot, ctx, actor, tmp_path)
    scan(ctx.uow, actor, TODAY)
    page.refresh()
    click_tab(qtbot, page.tabs, 3)
    choose(qtbot, page.year_combo, "2021")
    assert "预警 1 条" in page.report_label.text() and ("疑似漏保", 1) in page.bars.values
    choose(qtbot, page.month_combo, "2 月")
    assert "预警 0 条" in page.report_label.text()
    choose(qtbot, page.month_combo, "1 月")
    out = tmp_path / "统计.xlsx"
    fake_prompts.files.append(out)
    click(qtbot, page.export_button)
    ws = openpyxl.load_workbook(out)["监测预警"]
    assert ws["A1"].value == "测试镇低收入人口动态监测情况（2021年1月）"
    page.grab().save(str(tmp_path / "report.png"))
