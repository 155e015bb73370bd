"""Cross-checks (SPEC §6): external lists matched by ID, internal checks, hits marked handled."""

import os
import subprocess
import sys
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select, text
from stdnum.cn import ric

from app.errors import ImportRejected, InvalidInput
from app.models import AuditRecord, Case, CaseMember, Household, Member
from app.services.checks import mark_handled, read_external, run_checks
from app.services.legacy_io import import_legacy
from app.services.rosters import confirm_rosters, generate_rosters

TODAY = date(2021, 1, 20)
XIE = ("谢小", "430902197804235977")  # 城市低保 head (H110002) since 2020-02
SONG = ("宋小", "430923193010076090")  # 农村特困 (H110001) since 2020-08


def valid_id(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def external_list(path, rows, header=("姓名", "身份证号", "事项", "日期")):
    wb = openpyxl.Workbook()
    wb.active.append(list(header))
    for r in rows:
        wb.active.append(list(r))
    wb.save(path)
    return path


@pytest.fixture
def township(db_ctx, admin, clerk, reviewer, fixtures_dir):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    for month in ("2020-10", "2020-11", "2020-12"):
        generate_rosters(db_ctx.uow, clerk, month)
        confirm_rosters(db_ctx.uow, reviewer, month)
    return db_ctx


def by_kind(hits, kind):
    return [h for h in hits if h.kind == kind]


def test_a_death_list_finds_beneficiaries_and_the_months_paid_after_death(township, tmp_path):
    stranger = ("谢小", valid_id("43090219800101001"))  # same name, another person
    path = external_list(tmp_path / "deaths.xlsx", [
        (*SONG, "死亡", date(2020, 10, 15)), (*XIE, "死亡", "2020-12-20"), (*stranger, "死亡", "2020-06-01")])
    hits = by_kind(run_checks(township.uow, path, today=TODAY), "比对：死亡人员")
    assert len(hits) == 2
    song, xie = sorted(hits, key=lambda h: h.household_id)
    assert song.months == ("2020-11", "2020-12") and song.amount_fen == 2 * 69200
    assert "死亡后仍发放 2020-11、2020-12，共 2 个月 1384.00 元" in song.description
    assert "430923********6090" in song.description and SONG[1] not in song.description
    assert xie.months == () and "城市低保" in xie.description


def test_other_lists_hit_current_beneficiaries_only(township, tmp_path):
    path = external_list(tmp_path / "cars.xlsx", [(*XIE, "机动车辆登记", None), ("某人", valid_id("43090219900101002"),
                                                                          "财政供养人员", None)])
    hits = [h for h in run_checks(township.uow, path, today=TODAY) if h.kind.startswith("比对")]
    assert [(h.kind, h.household_id) for h in hits] == [("比对：车辆登记", 2)]


@pytest.mark.parametrize(("rows", "header", "where"), [
    ([(*XIE, "死亡", "2020-01-01")], ("姓名", "身份证号", "事项"), "第 1 行「日期」：缺少此列"),
    ([(*XIE, "死亡", "2020-01-01"), ("李四", "430902197804235978", "死亡", "2020-01-01")], None,
     "第 3 行「身份证号」"),
    ([(*XIE, "死亡", None)], None, "第 2 行「日期」：死亡人员名单必须填写日期"),
    ([(*XIE, "低保", "2020-01-01")], None, "第 2 行「事项」"),
    ([(*XIE, "火化", "2020-02-30")], None, "第 2 行「日期」：日期 2020-02-30 不存在"),
])
def test_a_bad_external_list_is_refused_naming_row_and_column(tmp_path, rows, header, where):
    path = external_list(tmp_path / "bad.xlsx", rows, header or ("姓名", "身份证号", "事项", "日期"))
    with pytest.raises(ImportRejected) as refused:
        read_external(path, today=TODAY)
    assert where in refused.value.text


def test_cli_check_exits_3_on_a_bad_list_and_0_with_hits(tmp_path, township):
    env = dict(os.environ, JIUZHU_HOME=str(tmp_path / "home"))
    bad = external_list(tmp_path / "bad.xlsx", [(*XIE, "死亡", "2020-01-01")], ("姓名", "身份证号", "事项"))
    done = subprocess.run([sys.executable, "-m", "app", "--db", str(township.db_path), "check", "--external",
                           str(bad), "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 3 and "E_IMPORT_INVALID" in done.stderr and "「日期」" in done.stderr
    done = subprocess.run([sys.executable, "-m", "app", "--db", str(township.db_path), "check", "--json"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"count"' in done.stdout and "金额与计算不符" in done.stdout


def test_roster_amounts_differing_from_the_rules_are_listed(township):
    hits = by_kind(run_checks(township.uow, today=TODAY), "金额与计算不符")
    dong = [h for h in hits if "董春永" in h.description]
    assert dong and "2020-12 花名册金额 1219.00 元，按规则计算 1249.00 元" in dong[0].description


def test_shared_bank_accounts_are_found_but_not_a_nursing_home_account(township):
    with township.uow.begin() as s:
        a, b = (s.scalar(select(Household).where(Household.legacy_no == n)) for n in ("H110003", "H110004"))
        b.bank_account = a.bank_account
        for c in s.scalars(select(Case).where(Case.household_id == b.id)):
            c.payee_account = a.bank_account
        for c in s.scalars(select(Case).where(Case.program == "rural_tekun")):  # all in one nursing home
            c.support_mode, c.payee_account = "集中供养", "82010000002867315"
    hits = by_kind(run_checks(township.uow, today=TODAY), "银行账号重复")
    assert [h.key for h in hits] == [f"dup_account:{a.id}-{b.id}"]
    assert a.bank_account not in hits[0].description and a.bank_account[-4:] in hits[0].description


def test_missing_bank_account_is_found(township):
    with township.uow.begin() as s:
        case = s.scalar(select(Case).where(Case.program == "urban_dibao").order_by(Case.id).limit(1))
        case.payee_account, cid = "", case.id
    assert [h.key for h in by_kind(run_checks(township.uow, today=TODAY), "缺少银行账号")] == [f"no_account:{cid}"]


def test_dibao_and_tekun_for_the_same_person_in_the_same_month_is_found(township, clerk):
    with township.uow.begin() as s:  # straight into the tables: the application service would refuse it
        jiang = s.scalar(select(Member).where(Member.name == "蒋花"))  # covered by H110002's 城市低保
        tekun = Case(household_id=jiang.household_id, program="urban_tekun", start_month="2020-12",
                     amount_fen=95700, initial_amount_fen=95700, payee_name="蒋花", payee_account="1")
        tekun.members = [CaseMember(member_id=jiang.id)]
        s.add(tekun)
    hits = by_kind(run_checks(township.uow, today=TODAY), "低保特困重复享受")
    assert len(hits) == 1 and "两项救助当前均在保" in hits[0].description
    generate_rosters(township.uow, clerk, "2021-01")  # a draft pays both: the months are named
    hits = by_kind(run_checks(township.uow, today=TODAY), "低保特困重复享受")
    assert hits[0].months == ("2021-01",) and "同时发放 2021-01" in hits[0].description


def test_one_id_in_two_households_is_found(township):
    with township.uow.begin() as s:
        s.execute(text("DROP INDEX uq_member_active_id_number"))  # as after a faulty restore or sync
        xie = s.scalar(select(Member).where(Member.id_number == XIE[1]))
        s.add(Member(household_id=3, name="谢小", id_number=XIE[1], birth_date=xie.birth_date, sex="男",
                     relation="子"))
    hits = by_kind(run_checks(township.uow, today=TODAY), "一人多户")
    assert [h.household_id for h in hits] == [2] and "户 2" in hits[0].description and "户 3" in hits[0].description


def test_a_death_recorded_in_the_registry_is_checked_too(township):
    with township.uow.begin() as s:
        s.scalar(select(Member).where(Member.id_number == SONG[1])).death_date = date(2020, 11, 3)
    hits = by_kind(run_checks(township.uow, today=TODAY), "登记死亡仍发放")
    assert [h.months for h in hits] == [("2020-12",)]


def test_overdue_reviews_are_listed(township):
    hits = by_kind(run_checks(township.uow, today=TODAY), "复核逾期")
    assert hits and all("已逾期" in h.description for h in hits)


def test_marking_a_hit_handled_persists_and_is_audited(township, clerk):
    hit = by_kind(run_checks(township.uow, today=TODAY), "金额与计算不符")[0]
    with pytest.raises(InvalidInput):
        mark_handled(township.uow, clerk, hit.key, "  ")
    mark_handled(township.uow, clerk, hit.key, "已按旧标准核定，下月复核", kind=hit.kind, household_id=hit.household_id)
    again = next(h for h in run_checks(township.uow, today=TODAY) if h.key == hit.key)
    assert (again.handled, again.note, again.handled_by) == (True, "已按旧标准核定，下月复核", "clerk")
    with township.uow.read() as s:
        record = s.execute(select(AuditRecord.household_id, AuditRecord.actor)
                           .where(AuditRecord.action == "check.handle")).one()
    assert tuple(record) == (hit.household_id, "clerk")


def test_cli_check_to_monitor_keeps_the_list_and_raises_covered_hit_warnings(tmp_path, township, monkeypatch,
                                                                             capsys):
    """SPEC §6 feeds §13: `check --external F --to-monitor` keeps the list as a monitoring list and scans."""
    from app import cli
    from app.models import MonitorImport, MonitorWarning

    monkeypatch.setenv("JIUZHU_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JIUZHU_PASSWORD", "secret123")
    path = external_list(tmp_path / "deaths.xlsx", [(*XIE, "死亡", "2020-12-20"), (*SONG, "车辆", "2020-12-01")])
    db = ["--db", str(township.db_path)]
    assert cli.main([*db, "check", "--to-monitor"]) == 2  # usage: the list is missing
    assert "--to-monitor 须与 --external" in capsys.readouterr().err
    assert cli.main([*db, "check", "--external", str(path), "--to-monitor"]) != 0  # acting means a user
    assert "--user" in capsys.readouterr().err
    assert cli.main([*db, "--user", "clerk", "check", "--external", str(path), "--to-monitor", "--json"]) == 0
    err = capsys.readouterr().err
    assert "已记入低收入监测名单（外部比对名单" in err and "在保人员比对命中 2" in err
    with township.uow.read() as s:
        assert s.scalar(select(MonitorImport.kind)) == "外部比对名单"
        hits = sorted((w.name, w.detail) for w in s.scalars(select(MonitorWarning)) if w.rule == "covered_hit")
    assert [name for name, _ in hits] == [SONG[0], XIE[0]]
    assert "外部比对名单（死亡）" in dict(hits)[XIE[0]] and "外部比对名单（车辆）" in dict(hits)[SONG[0]]
    # the same file twice: refused, nothing new
    assert cli.main([*db, "--user", "clerk", "check", "--external", str(path), "--to-monitor"]) != 0
    assert "未重复导入" in capsys.readouterr().err
