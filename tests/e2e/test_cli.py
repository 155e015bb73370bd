"""The `jiuzhu` command as a user runs it: exit codes and output of SPEC §9."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import dump_content


def run(tmp_path, *args, password="secret123", **env):
    environ = dict(os.environ, JIUZHU_HOME=str(tmp_path / "home"), JIUZHU_PASSWORD=password, **env)
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=environ, timeout=120)


@pytest.fixture
def cli_db(tmp_path):
    db = tmp_path / "t.db"
    done = run(tmp_path, "--db", str(db), "init", "--township-code", "430902101", "--township-name", "测试镇",
               "--admin", "admin")
    assert done.returncode == 0, done.stderr
    return db


def test_import_valid_roster(tmp_path, cli_db, fixtures_dir):
    done = run(tmp_path, "--db", str(cli_db), "--user", "admin", "household", "import",
               str(fixtures_dir / "legacy/roster_valid.xlsx"))
    assert done.returncode == 0, done.stderr
    assert "40 户，132 人" in done.stdout


@pytest.mark.parametrize("name", ["roster_invalid_bad_checksum.xlsx", "roster_invalid_two_heads.xlsx"])
def test_invalid_roster_exits_3_names_the_row_and_changes_nothing(tmp_path, cli_db, fixtures_dir, name):
    before = dump_content(cli_db)
    done = run(tmp_path, "--db", str(cli_db), "--user", "admin", "household", "import",
               str(fixtures_dir / "legacy" / name))
    assert done.returncode == 3
    assert "E_IMPORT_INVALID" in done.stderr and ("第 62 行" in done.stderr or "第 101 行" in done.stderr)
    assert dump_content(cli_db) == before


def test_wrong_password_exits_4(tmp_path, cli_db, fixtures_dir):
    done = run(tmp_path, "--db", str(cli_db), "--user", "admin", "household", "import",
               str(fixtures_dir / "legacy/roster_valid.xlsx"), password="nope")
    assert done.returncode == 4 and "E_AUTH" in done.stderr


def test_unknown_command_is_a_usage_error(tmp_path):
    assert run(tmp_path, "frobnicate").returncode == 2


def test_calc_prints_every_golden_case(tmp_path, fixtures_dir):
    cases = json.loads((fixtures_dir / "calc_cases.json").read_text(encoding="utf-8"))
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([c["case"] for c in cases], ensure_ascii=False), encoding="utf-8")
    done = run(tmp_path, "calc", str(path))
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for case, got in zip(cases, results, strict=True):
        assert {k: got[k] for k in case["expected"]} == case["expected"]


def test_calc_with_bad_case_exits_3(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"program": "dibao", "area": "urban", "month": "2020-13"}', encoding="utf-8")
    done = run(tmp_path, "calc", str(path))
    assert done.returncode == 3 and done.stdout == "" and "month" in done.stderr
