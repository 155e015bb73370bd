"""Low-income monitoring (SPEC §13): lists from other offices, the register, the scan, handling, report."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from app.errors import Conflict, ImportRejected, InvalidInput
from app.models import Application, AuditRecord, MonitorImport, MonitorListed, MonitorWarning
from app.services.monitoring import import_list, list_imports, monitor_settings, set_monitor_setting
from app.services.monitoring_handle import handle_warning, list_warnings, report
from app.services.monitoring_scan import household_monitoring, register, scan
from tests.conftest import dump_content
from tests.integration.monitoring_township import (
    LI,
    LI_WIFE,
    TODAY,
    WANG,
    ZHANG,
    ZHAO,
    build_township,
    office_list,
    office_list_xls,
)


@pytest.fixture
def township(db_ctx, admin, tmp_path):
    build_township(db_ctx, admin, tmp_path)
    return db_ctx


def _full_width(number: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in number[:6]) + " " + number[6:]


def _warnings(ctx) -> list[tuple[str, str]]:
    return sorted((w.rule, w.name) for w in list_warnings(ctx.uow, today=TODAY))


def test_the_done_when_scenario(township, clerk, tmp_path):
    path = office_list(tmp_path / "监测户.xlsx", [LI, (ZHAO[0], _full_width(ZHAO[1])), ZHANG, WANG])
    imported = import_list(township.uow, clerk, path, "脱贫监测户", today=TODAY)
    assert imported.rows == 4 and "监测户" in imported.sheet and "第 3 行" in imported.sheet
    first = scan(township.uow, clerk, today=TODAY)
    assert _warnings(township) == [("uncovered_poor", LI[0]), ("unregistered", ZHAO[0])]
    assert first.raised == {"uncovered_poor": 1, "unregistered": 1}
    again = scan(township.uow, clerk, today=TODAY)
    assert again.raised == {} and again.kept == 2 and again.closed == 0
    assert len(list_warnings(township.uow, today=TODAY)) == 2
    poor = next(w for w in list_warnings(township.uow, today=TODAY) if w.rule == "uncovered_poor")
    handle_warning(township.uow, clerk, poor.id, "verify", {"visit_date": date(2021, 1, 22),
                   "investigators": ["王会计", "李站长"], "findings": "家中两人无稳定收入"}, on=date(2021, 1, 22))
    done = handle_warning(township.uow, clerk, poor.id, "include", {}, on=date(2021, 1, 25))
    assert done.status == "纳入救助" and done.application_id
    with township.uow.read() as s:
        app = s.get(Application, done.application_id)
        assert (app.state, app.program, app.household_id) == ("登记", "rural_dibao", poor.household_id)
        assert len(json.loads(app.covered_member_ids)) == 2  # both co-resident members of 李穷's household
    r = report(township.uow, 2021, today=date(2021, 1, 26))
    assert r.raised == {"uncovered_poor": 1, "unregistered": 1} and r.handled == 1 and r.brought_in == 1
    assert r.open_now == 1 and r.approved == 0
    assert report(township.uow, 2021, 2).raised == {}


def test_an_import_is_kept_with_who_when_sha256_and_rows(township, clerk, tmp_path):
    import hashlib

    path = office_list(tmp_path / "边缘.xlsx", [LI, WANG])
    import_list(township.uow, clerk, path, "边缘人口", today=TODAY)
    [row] = list_imports(township.uow)
    assert (row.kind, row.rows, row.imported_by, row.file_name) == ("边缘人口", 2, "clerk", "边缘.xlsx")
    assert row.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    with township.uow.read() as s:
        entries = s.scalars(select(MonitorListed).order_by(MonitorListed.row)).all()
        assert [(e.row, e.name, e.id_number, e.day, e.note) for e in entries] == [
            (4, LI[0], LI[1], date(2020, 12, 5), "因病"), (5, WANG[0], WANG[1], date(2020, 12, 5), "因病")]
        assert s.scalar(select(func.count()).where(AuditRecord.action == "monitor.import")) == 1
    with pytest.raises(Conflict, match="已于"):
        import_list(township.uow, clerk, path, "边缘人口", today=TODAY)


def test_an_xls_list_with_another_header_row_is_read(township, clerk, tmp_path):
    path = office_list_xls(tmp_path / "边缘人口.xls", [LI, ZHAO])
    r = import_list(township.uow, clerk, path, "边缘人口", today=TODAY)
    assert r.rows == 2 and "第 2 行" in r.sheet
    with township.uow.read() as s:
        assert {e.day for e in s.scalars(select(MonitorListed))} == {date(2020, 11, 1)}


@pytest.mark.parametrize(("cell", "reason"), [
    (4.30902196503e17, "15 位有效数字"),
    ("430902196503030031", "校验位错误"),
    ("", "不能为空"),
])
def test_a_bad_id_is_refused_naming_row_and_column_and_nothing_is_kept(township, clerk, tmp_path, cell, reason):
    path = office_list(tmp_path / "名单.xlsx", [WANG, ("某人", cell)])
    before = dump_content(township.db_path)
    with pytest.raises(ImportRejected) as err:
        import_list(township.uow, clerk, path, "边缘人口", today=TODAY)
    assert len(err.value.problems) == 1
    p = err.value.problems[0]
    assert (p.row, p.column) == (5, "身份证号码") and reason in p.reason
    assert dump_content(township.db_path) == before


def test_a_list_without_an_id_column_names_what_it_needs(township, clerk, tmp_path):
    path = office_list(tmp_path / "名单.xlsx", [("李", "x", "2020-01-01", "")], header=["序号", "姓名", "电话", "日期", "备注"])
    with pytest.raises(ImportRejected, match="姓名」和「身份证号"):
        import_list(township.uow, clerk, path, "边缘人口", today=TODAY)


def test_the_same_person_twice_on_a_list_is_named_once(township, clerk, tmp_path):
    path = office_list(tmp_path / "名单.xlsx", [LI, WANG, (LI[0], LI[1].lower())])
    with pytest.raises(ImportRejected) as err:
        import_list(township.uow, clerk, path, "边缘人口", today=TODAY)
    assert [str(p) for p in err.value.problems] == [f"第 6 行「身份证号码」：{LI[1]} 与第 4 行重复"]


def test_the_register_derives_kinds_from_the_registry_and_the_lists(township, clerk, tmp_path):
    import_list(township.uow, clerk, office_list(tmp_path / "a.xlsx", [LI]), "防止返贫监测对象", today=TODAY)
    rows = {r.name: dict(r.kinds) for r in register(township.uow, TODAY)}
    assert rows[ZHANG[0]] == {"低保对象": "2020-12"}
    assert rows[LI[0]] == {"低保边缘家庭": rows[LI[0]]["低保边缘家庭"], "防止返贫监测对象": "2020-12-05"}
    assert set(rows[LI_WIFE[0]]) == {"低保边缘家庭"}
    assert WANG[0] not in rows  # 3000 元 a month: not low-income
    assert [r.name for r in register(township.uow, TODAY, kind="防止返贫监测对象")] == [LI[0]]


def test_edge_factor_is_a_setting_effective_from_a_month(township, admin):
    set_monitor_setting(township.uow, admin, "edge_factor", "10", "2021-01")
    assert WANG[0] in {r.name for r in register(township.uow, TODAY)}  # 3000 < 10 x 335
    assert WANG[0] not in {r.name for r in register(township.uow, date(2020, 12, 20))}
    assert monitor_settings(township.uow, "2020-12")["edge_factor"] == "1.5"
    with pytest.raises(InvalidInput, match="未知的监测设置"):
        set_monitor_setting(township.uow, admin, "nope", "1")


def test_a_rule_switched_off_raises_nothing_and_closes_what_it_raised(township, admin, clerk, tmp_path):
    import_list(township.uow, clerk, office_list(tmp_path / "a.xlsx", [ZHAO]), "边缘人口", today=TODAY)
    scan(township.uow, clerk, today=TODAY)
    assert ("unregistered", ZHAO[0]) in _warnings(township)
    set_monitor_setting(township.uow, admin, "rule.unregistered", "off")
    r = scan(township.uow, clerk, today=TODAY)
    assert r.closed == 1
    [w] = list_warnings(township.uow, rule="unregistered", today=TODAY)
    assert (w.status, w.reason) == ("已消除", "规则已停用")


def test_a_condition_that_goes_closes_its_warning_with_the_reason(township, clerk, tmp_path):
    from app.services.households import household_input, update_household

    scan(township.uow, clerk, today=TODAY)
    [w] = list_warnings(township.uow, rule="uncovered_poor", today=TODAY)
    data = household_input(township.uow, w.household_id)
    members = [m if m.id_number != LI[1] else type(m)(**{**m.__dict__, "incomes": {"工资性": 5000_00}})
               for m in data.members]
    update_household(township.uow, clerk, w.household_id, type(data)(**{**data.__dict__, "members": members}))
    assert scan(township.uow, clerk, today=TODAY).closed == 1
    [w] = list_warnings(township.uow, rule="uncovered_poor", today=TODAY)
    assert w.status == "已消除" and "不再符合" in w.reason


def test_covered_people_on_a_death_list_are_hit_and_the_medical_threshold_applies(township, clerk, tmp_path):
    import_list(township.uow, clerk, office_list(tmp_path / "d.xlsx", [(*ZHANG, "2021-01-02", "")]), "死亡",
                today=TODAY)
    med = office_list(tmp_path / "m.xlsx", [(*LI, "2020-12-01", "25,000.00元"), (*WANG, "2020-12-01", "500")],
                      header=["序号", "姓名", "身份证号", "日期", "自付金额"])
    import_list(township.uow, clerk, med, "医疗自付", today=TODAY)
    scan(township.uow, clerk, today=TODAY)
    rules = _warnings(township)
    assert ("covered_hit", ZHANG[0]) in rules and ("medical_cost", LI[0]) in rules
    assert ("medical_cost", WANG[0]) not in rules


def test_handling_needs_two_investigators_and_names_the_referral(township, clerk):
    scan(township.uow, clerk, today=TODAY)
    [w] = list_warnings(township.uow, rule="uncovered_poor", today=TODAY)
    with pytest.raises(InvalidInput, match="两名调查人员"):
        handle_warning(township.uow, clerk, w.id, "verify", {"visit_date": TODAY, "investigators": ["王"],
                                                              "findings": "x"}, on=TODAY)
    with pytest.raises(InvalidInput, match="不能纳入救助"):
        handle_warning(township.uow, clerk, w.id, "include", {}, on=TODAY)
    handle_warning(township.uow, clerk, w.id, "verify", {"visit_date": TODAY, "investigators": ["王", "李"],
                                                          "findings": "有重病"}, on=TODAY)
    with pytest.raises(InvalidInput, match="转介去向"):
        handle_warning(township.uow, clerk, w.id, "refer", {}, on=TODAY)
    done = handle_warning(township.uow, clerk, w.id, "refer", {"referral": "医疗救助"}, on=TODAY)
    assert (done.status, done.referral) == ("转介", "医疗救助")
    r = report(township.uow, 2021, 1, today=TODAY)
    assert r.referred == 1 and r.referrals == {"医疗救助": 1}
    with township.uow.read() as s:
        actions = s.scalars(select(AuditRecord.action).where(AuditRecord.object_type == "monitor_warning")).all()
    assert actions == ["monitor.raise", "monitor.verify", "monitor.refer"]


def test_an_unregistered_person_cannot_be_brought_in_before_registration(township, clerk, tmp_path):
    import_list(township.uow, clerk, office_list(tmp_path / "a.xlsx", [ZHAO]), "边缘人口", today=TODAY)
    scan(township.uow, clerk, today=TODAY)
    [w] = list_warnings(township.uow, rule="unregistered", today=TODAY)
    handle_warning(township.uow, clerk, w.id, "verify", {"visit_date": TODAY, "investigators": ["王", "李"],
                                                          "findings": "外出务工返乡"}, on=TODAY)
    with pytest.raises(InvalidInput, match="尚未在本镇登记家庭"):
        handle_warning(township.uow, clerk, w.id, "include", {}, on=TODAY)
    assert list_warnings(township.uow, rule="unregistered", today=TODAY)[0].status == "核实中"


def test_the_open_warning_is_unique_in_the_database(township, clerk):
    from sqlalchemy.exc import IntegrityError

    from app.errors import ConcurrentWrite

    scan(township.uow, clerk, today=TODAY)
    with pytest.raises(ConcurrentWrite) as refused, township.uow.begin() as s:  # the unit of work's AppError
        w = s.scalars(select(MonitorWarning)).first()
        s.add(MonitorWarning(rule=w.rule, id_number=w.id_number, name=w.name, status="待核实", raised_on=TODAY,
                             due=TODAY, raised_by="x"))
    assert isinstance(refused.value.__cause__, IntegrityError)


def test_due_is_ten_working_days_and_overdue_is_listed(township, clerk):
    scan(township.uow, clerk, today=TODAY)
    [w] = list_warnings(township.uow, today=TODAY)
    assert w.due == date(2021, 2, 3)  # 10 working days after Wed 2021-01-20
    assert list_warnings(township.uow, status="overdue", today=date(2021, 2, 4))[0].id == w.id
    assert list_warnings(township.uow, status="overdue", today=date(2021, 2, 3)) == []


def test_a_household_page_sees_its_kinds_and_warnings(township, clerk):
    scan(township.uow, clerk, today=TODAY)
    [w] = list_warnings(township.uow, today=TODAY)
    kinds, warnings = household_monitoring(township.uow, w.household_id, TODAY)
    assert {r.name for r in kinds} == {LI[0], LI_WIFE[0]}
    assert warnings == [("疑似漏保", LI[0], "待核实", w.detail)]


def test_the_report_workbook_has_the_figures_and_a_chart(township, clerk, tmp_path):
    from app.reports.monitor_xlsx import write_monitor_xlsx

    scan(township.uow, clerk, today=TODAY)
    path = write_monitor_xlsx(report(township.uow, 2021, today=TODAY), tmp_path / "r.xlsx", "测试镇")
    ws = openpyxl.load_workbook(path)["监测预警"]
    values = {r[0]: r[1] for r in ws.iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert values["疑似漏保"] == 1 and values["合计"] == 1 and values["当前未办结"] == 1
    assert len(ws._charts) == 1
    with township.uow.read() as s:
        assert s.scalar(select(func.count(MonitorImport.id))) == 0


@pytest.mark.parametrize(("matter", "hit"), [
    ("死亡", True), ("火化", True), ("公务员", True), ("车辆", True), ("工商", True), ("", False), ("走访", False),
])
def test_a_spec6_external_list_feeds_covered_hit_by_each_rows_matter(township, clerk, tmp_path, matter, hit):
    """The §6 cross-check list (姓名, 身份证号, 事项, 日期) imported as it is: the row's 事项 is what hits."""
    path = office_list(tmp_path / "比对.xlsx", [(*ZHANG, matter, "2021.1.5"), (*WANG, "车辆", "2021.1.5")],
                       title="2021年1月数据比对名单", header=["序号", "姓名", "身份证号", "事项", "日期"])
    import_list(township.uow, clerk, path, "外部比对名单", today=TODAY)
    with township.uow.read() as s:
        assert s.scalar(select(MonitorListed.matter).where(MonitorListed.id_number == ZHANG[1])) == matter
    scan(township.uow, clerk, today=TODAY)
    hits = [w for w in list_warnings(township.uow, today=TODAY) if w.rule == "covered_hit"]
    assert [w.name for w in hits] == ([ZHANG[0]] if hit else [])  # 王富 is not covered: no hit for him
    if hit:
        with township.uow.read() as s:
            detail = s.scalar(select(MonitorWarning.detail).where(MonitorWarning.rule == "covered_hit"))
        assert f"外部比对名单（{matter}）" in detail


def test_a_matter_over_twenty_characters_is_named_by_row_and_nothing_is_kept(township, clerk, tmp_path):
    path = office_list(tmp_path / "比对.xlsx", [(*ZHANG, "死" * 21, "2021.1.5")], title="比对名单",
                       header=["序号", "姓名", "身份证号", "事项", "日期"])
    with pytest.raises(ImportRejected) as refused:
        import_list(township.uow, clerk, path, "外部比对名单", today=TODAY)
    [problem] = refused.value.problems
    assert (problem.row, problem.column) == (4, "事项") and "不超过 20 字" in problem.reason
    assert list_imports(township.uow) == []
