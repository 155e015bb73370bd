"""One writer per database (SPEC §10) from the command line, and what a busy database looks like:
every CLI command that writes holds the lock, the second writer is told who holds it and stops,
and no message or log line carries SQL or the personal data in its parameters."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from app import cli
from app.cli import township as township_commands
from app.errors import ConcurrentWrite, DatabaseBusy
from app.instance_lock import InstanceLock
from app.models.db import as_app_error, make_engine
from app.services.legacy_io import import_legacy
from tests.conftest import dump_content
from tests.e2e.test_cli import run

LONG_DIGITS = re.compile(r"\d{11,}")  # a phone number, a bank account or an ID number


@pytest.fixture
def town(db_ctx, admin, clerk, fixtures_dir):
    """A township (users admin and clerk) with the valid legacy roster imported."""
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    db_ctx.close()
    return db_ctx.db_path


def _log(tmp_path) -> str:
    path = tmp_path / "home/logs/jiuzhu.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


WRITERS = {
    "user add": ["user", "add", "小李", "--role", "clerk"],
    "household import": ["household", "import", "{legacy}/roster_valid.xlsx"],
    "household export": ["household", "export", "{tmp}/导出.xlsx"],
    "roster generate": ["roster", "generate", "--month", "2020-12"],
    "roster confirm": ["roster", "confirm", "--month", "2020-12"],
    "roster export": ["roster", "export", "--month", "2020-12", "--bank", "{tmp}/代发.xlsx"],
    "backup create": ["backup", "create", "--out", "{tmp}/copy.db"],
    "backup restore": ["backup", "restore", "{tmp}/copy.db"],
    "sync keygen": ["sync", "keygen", "--out", "{tmp}/t.pub"],
    "sync export": ["sync", "export", "--out", "{tmp}"],
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_writer_is_refused_while_another_program_holds_the_lock(tmp_path, town, fixtures_dir, command):
    (tmp_path / "copy.db").write_bytes(town.read_bytes())
    argv = [a.format(tmp=tmp_path, legacy=fixtures_dir / "legacy") for a in WRITERS[command]]
    before = dump_content(town)
    with InstanceLock(town, "jiuzhu 图形界面"):
        done = run(tmp_path, "--db", str(town), "--user", "admin", *argv, JIUZHU_LOCK_WAIT="0",
                   JIUZHU_NEW_PASSWORD="newpass1")
    assert done.returncode == 1, done.stderr
    assert "E_DB_BUSY" in done.stderr and "另一个" in done.stderr
    assert f"进程 {os.getpid()}（jiuzhu 图形界面）" in done.stderr  # who holds it
    assert done.stdout == ""  # nothing reports success
    assert dump_content(town) == before


def test_init_and_demo_on_a_locked_file_are_refused(tmp_path):
    new = tmp_path / "new.db"
    with InstanceLock(new, "jiuzhu demo"):
        init = run(tmp_path, "--db", str(new), "init", "--township-code", "430902101", "--township-name", "测试镇",
                   "--admin", "admin", JIUZHU_LOCK_WAIT="0")
        demo = run(tmp_path, "--db", str(new), "demo", "--households", "5", JIUZHU_LOCK_WAIT="0")
    for done in (init, demo):
        assert done.returncode == 1 and "E_DB_BUSY" in done.stderr and "jiuzhu demo" in done.stderr
    assert not new.exists()


def test_read_only_commands_run_while_a_writer_holds_the_lock(tmp_path, town):
    with InstanceLock(town, "jiuzhu 图形界面"):
        verified = run(tmp_path, "--db", str(town), "audit", "verify", JIUZHU_LOCK_WAIT="0")
        stats = run(tmp_path, "--db", str(town), "stats", "--year", "2020", "--json", JIUZHU_LOCK_WAIT="0")
        check = run(tmp_path, "--db", str(town), "check", "--json", JIUZHU_LOCK_WAIT="0")
    assert [verified.returncode, stats.returncode, check.returncode] == [0, 0, 0], verified.stderr + stats.stderr
    assert '"count"' in check.stdout


def test_a_writer_waits_a_short_while_for_the_lock(tmp_path, town):
    lock = InstanceLock(town, "jiuzhu roster generate").acquire()
    threading.Timer(1.5, lock.release).start()
    started = time.monotonic()
    done = run(tmp_path, "--db", str(town), "--user", "admin", "user", "add", "小李", "--role", "clerk",
               JIUZHU_LOCK_WAIT="20", JIUZHU_NEW_PASSWORD="newpass1")
    assert done.returncode == 0, done.stderr
    assert "已添加用户 小李" in done.stdout and time.monotonic() - started < 20


def test_two_roster_generations_at_once_never_show_a_constraint_error(tmp_path, town):
    argv = [sys.executable, "-m", "app", "--db", str(town), "--user", "clerk", "roster", "generate", "--month",
            "2020-12"]
    env = dict(os.environ, JIUZHU_HOME=str(tmp_path / "home"), JIUZHU_PASSWORD="secret123", JIUZHU_LOCK_WAIT="30")
    procs = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, _out, err in results:
        assert code == 0 or (code == 1 and "E_DB_BUSY" in err), err
        assert "UNIQUE" not in err and "[SQL:" not in err and "Traceback" not in err
    assert all(code == 0 for code, _, _ in results)  # the second waited for the first
    with sqlite3.connect(town) as conn:
        months = conn.execute("SELECT month, program, count(*) FROM roster GROUP BY month, program").fetchall()
    conn.close()
    assert months and all(n == 1 for _, _, n in months)


# -- a busy database: no SQL, no parameters, no personal data -----------------------------------
BLOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("ready", flush=True)
time.sleep(60)
"""


def test_an_outside_writer_holding_the_file_gives_e_db_busy_without_sql_or_personal_data(
        tmp_path, db_ctx, fixtures_dir):
    db_ctx.close()
    blocker = subprocess.Popen([sys.executable, "-c", BLOCKER, str(db_ctx.db_path)], stdout=subprocess.PIPE,
                               text=True)
    try:
        assert blocker.stdout.readline().strip() == "ready"
        done = run(tmp_path, "--db", str(db_ctx.db_path), "--user", "admin", "household", "import",
                   str(fixtures_dir / "legacy/roster_valid.xlsx"))
    finally:
        blocker.kill()
        blocker.wait()
    assert done.returncode == 1 and "E_DB_BUSY" in done.stderr and "未写入" in done.stderr, done.stderr
    log = _log(tmp_path)
    for where in (done.stderr, log):
        assert "[SQL:" not in where and "parameters" not in where and "INSERT" not in where
        assert LONG_DIGITS.findall(where) == []
    assert "E_DB_BUSY" in log
    assert "已导入" not in done.stdout


# -- the one mapping ---------------------------------------------------------------------------------
def _sa(kind, message):
    return kind("INSERT INTO household (phone) VALUES (?)", ("13807371234",), Exception(message))


@pytest.mark.parametrize(("exc", "expected"), [
    (_sa(sa_exc.OperationalError, "database is locked"), DatabaseBusy),
    (sqlite3.OperationalError("database is locked"), DatabaseBusy),
    (_sa(sa_exc.OperationalError, "database table is locked: roster"), DatabaseBusy),
    (_sa(sa_exc.IntegrityError, "UNIQUE constraint failed: roster.month, roster.program"), ConcurrentWrite),
    (_sa(sa_exc.OperationalError, "no such table: household"), type(None)),
    (ValueError("x"), type(None)),
], ids=["sa-locked", "sqlite-locked", "table-locked", "unique", "other-operational", "not-a-db-error"])
def test_driver_errors_a_person_can_meet_become_chinese_errors(exc, expected):
    mapped = as_app_error(exc)
    assert isinstance(mapped, expected)
    if mapped is not None:
        assert "13807371234" not in mapped.text and "[SQL:" not in mapped.text and "INSERT" not in mapped.text


def test_a_concurrent_write_in_a_command_is_reported_in_chinese_without_parameters(tmp_path, monkeypatch, capsys):
    def clash(_args):
        raise _sa(sa_exc.IntegrityError, "UNIQUE constraint failed: roster.month, roster.program")

    monkeypatch.setattr(township_commands, "cmd_calc", clash)
    umask = os.umask(0o022)
    try:
        assert cli.main(["calc", "x.json"]) == 1
    finally:
        os.umask(umask)  # main() makes the process's files private; this test process keeps its own
    err = capsys.readouterr().err
    assert "E_DB_CONFLICT" in err and "同时修改" in err and "13807371234" not in err and "[SQL:" not in err
    assert "13807371234" not in _log(tmp_path)


def test_engines_never_put_statement_parameters_in_an_error(tmp_path):
    engine = make_engine(str(tmp_path / "x.db"))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (phone TEXT UNIQUE)"))
        conn.execute(text("INSERT INTO t VALUES (:p)"), {"p": "13807371234"})
    with pytest.raises(sa_exc.IntegrityError) as err, engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (:p)"), {"p": "13807371234"})
    engine.dispose()
    assert "13807371234" not in str(err.value)
