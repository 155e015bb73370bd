"""`jiuzhu monitor ...` as a clerk runs it (SPEC §9, §13): exit codes, JSON on stdout, files reopened."""

from __future__ import annotations

import json
from datetime import date

import openpyxl

from app.domain.months import month_add, month_of
from tests.conftest import dump_content
from tests.e2e.test_cli import cli_db, run  # noqa: F401 - the fixture
from tests.integration.monitoring_township import LI, WANG, ZHANG, ZHAO, office_list, roster_file


def _run(tmp_path, db, *args):
    return run(tmp_path, "--db", str(db), "--user", "admin", "monitor", *args)


def test_import_scan_list_handle_report(tmp_path, cli_db):  # noqa: F811
    start = month_add(month_of(date.today()), -1)  # a case that started last month has no review due
    done = run(tmp_path, "--db", str(cli_db), "--user", "admin", "household", "import",
               str(roster_file(tmp_path / "花名册.xlsx", start)))
    assert done.returncode == 0, done.stderr
    lst = office_list(tmp_path / "监测户.xlsx", [LI, ZHAO, ZHANG, WANG])
    done = _run(tmp_path, cli_db, "import", str(lst), "--kind", "脱贫监测户")
    assert done.returncode == 0, done.stderr
    assert "脱贫监测户名单 4 人" in done.stdout and "「监测户」（表头第 3 行）" in done.stdout
    again = _run(tmp_path, cli_db, "import", str(lst), "--kind", "脱贫监测户")
    assert again.returncode == 3 and "E_CONFLICT" in again.stderr and "已于" in again.stderr
    done = _run(tmp_path, cli_db, "scan")
    assert done.returncode == 0, done.stderr
    assert "新增预警 2 条" in done.stdout
    assert "新增预警 0 条" in _run(tmp_path, cli_db, "scan").stdout
    listed = json.loads(_run(tmp_path, cli_db, "list", "--json").stdout)
    assert sorted((w["rule"], w["name"], w["status"]) for w in listed) == [
        ("uncovered_poor", LI[0], "待核实"), ("unregistered", ZHAO[0], "待核实")]
    poor = next(w for w in listed if w["rule"] == "uncovered_poor")
    assert poor["id_number_masked"] == LI[1][:6] + "********" + LI[1][-4:]
    assert set(poor) == {"id", "rule", "status", "name", "id_number_masked", "household_id", "raised", "due"}
    only = json.loads(_run(tmp_path, cli_db, "list", "--rule", "unregistered", "--json").stdout)
    assert [w["name"] for w in only] == [ZHAO[0]]
    today = date.today().isoformat()
    done = _run(tmp_path, cli_db, "handle", str(poor["id"]), "--step", "verify", "--visit-date", today,
                "--investigators", "王会计，李站长", "--findings", "两人无稳定收入")
    assert done.returncode == 0, done.stderr
    done = _run(tmp_path, cli_db, "handle", str(poor["id"]), "--step", "include")
    assert done.returncode == 0 and "已启动申请" in done.stdout, done.stderr
    rep = json.loads(_run(tmp_path, cli_db, "report", "--year", str(date.today().year), "--json").stdout)
    assert rep["raised"]["uncovered_poor"] == 1 and rep["raised_total"] == 2
    assert rep["brought_in"] == {"applications_started": 1, "approved": 0} and rep["handled"] == 1
    xlsx = tmp_path / "监测.xlsx"
    assert _run(tmp_path, cli_db, "report", "--year", str(date.today().year), "--xlsx", str(xlsx)).returncode == 0
    ws = openpyxl.load_workbook(xlsx)["监测预警"]
    assert ("纳入救助（启动申请）", 1) in [r[:2] for r in ws.iter_rows(values_only=True)]
    imports = json.loads(_run(tmp_path, cli_db, "imports", "--json").stdout)
    assert [(i["kind"], i["rows"], i["imported_by"]) for i in imports] == [("脱贫监测户", 4, "admin")]


def test_bad_input_exits_3_naming_the_row_and_changes_nothing(tmp_path, cli_db):  # noqa: F811
    bad = office_list(tmp_path / "坏.xlsx", [WANG, ("某人", "43090219650303003X")])
    before = dump_content(cli_db)
    done = _run(tmp_path, cli_db, "import", str(bad), "--kind", "边缘人口")
    assert done.returncode == 3 and "E_IMPORT_INVALID" in done.stderr and "第 5 行「身份证号码」" in done.stderr
    assert dump_content(cli_db) == before
    done = _run(tmp_path, cli_db, "handle", "99", "--step", "verify")
    assert done.returncode == 3 and "E_NOT_FOUND" in done.stderr
    done = _run(tmp_path, cli_db, "list", "--rule", "nope")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_a_rule_is_switched_off_from_a_month(tmp_path, cli_db):  # noqa: F811
    done = _run(tmp_path, cli_db, "setting", "rule.medical_cost", "off", "--from", "2021-01")
    assert done.returncode == 0, done.stderr
    values = json.loads(_run(tmp_path, cli_db, "settings", "--month", "2021-01", "--json").stdout)
    assert values["rule.medical_cost"] is False and values["rule.unregistered"] is True
    earlier = json.loads(_run(tmp_path, cli_db, "settings", "--month", "2020-12", "--json").stdout)
    assert earlier["rule.medical_cost"] is True
