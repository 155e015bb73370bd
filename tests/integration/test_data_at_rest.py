"""Personal data at rest (SPEC §10): on Linux the data folder and its subfolders are 0700 and the
database, its -wal/-shm, backups, batches, receipts, keys and logs are 0600; the log never holds a
full ID number, phone or bank account."""

from __future__ import annotations

import os
import re
import sqlite3
import stat

import pytest

import app.cli
from app.bootstrap import mask_personal
from app.services.legacy_io import import_legacy
from tests.conftest import PASSWORD
from tests.e2e.test_cli import run

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are a Linux matter (Windows: ACLs)")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_restored():
    """cli.main() sets the process umask; put the test process's own back afterwards."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


def _assert_private(*paths):
    wrong = {str(p): oct(_mode(p)) for p in paths if _mode(p) != (0o700 if p.is_dir() else 0o600)}
    assert wrong == {}


@posix_only
def test_what_the_command_creates_is_readable_by_its_user_only(tmp_path, fixtures_dir):
    db, home = tmp_path / "data/t.db", tmp_path / "home"
    init = run(tmp_path, "--db", str(db), "init", "--township-code", "430902101", "--township-name", "测试镇",
               "--admin", "admin")
    assert init.returncode == 0, init.stderr
    done = run(tmp_path, "--db", str(db), "--user", "admin", "backup", "create")
    assert done.returncode == 0, done.stderr
    (made,) = (home / "backups").iterdir()
    _assert_private(home, home / "logs", home / "logs/jiuzhu.log", home / "backups", made, db, db.parent,
                    tmp_path / "data/t.db.lock")
    with sqlite3.connect(db) as conn:  # SQLite gives -wal / -shm the database's own mode
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("UPDATE township SET population = 1")
        _assert_private(tmp_path / "data/t.db-wal", tmp_path / "data/t.db-shm")
    conn.close()


@posix_only
def test_an_older_data_folder_is_tightened_on_the_next_start(tmp_path, db_ctx, admin):
    home = tmp_path / "home"
    db_ctx.close()
    (home / "backups").mkdir(parents=True, exist_ok=True)
    old_backup = home / "backups/township-daily-20200101-080000.db"
    old_backup.write_bytes(db_ctx.db_path.read_bytes())
    (home / "logs").mkdir(exist_ok=True)
    (home / "logs/jiuzhu.log.1").write_text("old\n", encoding="utf-8")
    for p in (home, home / "backups", home / "logs"):
        p.chmod(0o755)
    for p in (old_backup, home / "logs/jiuzhu.log.1", db_ctx.db_path):
        p.chmod(0o644)
    (home / "notes.txt").write_text("not ours", encoding="utf-8")
    (home / "notes.txt").chmod(0o644)
    done = run(tmp_path, "--db", str(db_ctx.db_path), "audit", "verify")
    assert done.returncode == 0, done.stderr
    _assert_private(home, home / "backups", home / "logs", old_backup, home / "logs/jiuzhu.log.1", db_ctx.db_path)
    assert _mode(home / "notes.txt") == 0o644  # only the program's own files are touched


@posix_only
def test_keys_batches_and_receipts_are_private(tmp_path, db_ctx, admin, clerk, fixtures_dir, monkeypatch,
                                               umask_restored):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)
    stick, county_db = tmp_path / "stick", f"sqlite:///{tmp_path / 'c.db'}"
    stick.mkdir()

    def jiuzhu(*argv, user="admin"):
        assert app.cli.main(["--db", str(db_ctx.db_path), "--user", user, *map(str, argv)]) == 0

    jiuzhu("sync", "keygen", "--out", tmp_path / "T.pub")
    jiuzhu("county", "init", "--db", county_db, "--out", tmp_path / "C.pub", "--code", "430902")
    jiuzhu("county", "register", tmp_path / "T.pub", "--township-code", "430902101")
    jiuzhu("sync", "trust-county", tmp_path / "C.pub")
    jiuzhu("sync", "export", "--out", stick, user="clerk")
    (batch,) = stick.glob("*-data-*.zip")
    jiuzhu("county", "ingest", batch)
    (receipt,) = stick.glob("*receipt*.zip")
    keys = tmp_path / "home/keys"
    _assert_private(keys, *keys.iterdir(), batch, receipt, tmp_path / "T.pub")


# -- the log -------------------------------------------------------------------------------------
BAD_ID = "43092220000110936X"  # row 62 of roster_invalid_bad_checksum.xlsx


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


def test_a_refused_import_is_logged_without_the_id_number(tmp_path, db_ctx, fixtures_dir):
    db_ctx.close()
    done = run(tmp_path, "--db", str(db_ctx.db_path), "--user", "admin", "household", "import",
               str(fixtures_dir / "legacy/roster_invalid_bad_checksum.xlsx"))
    assert done.returncode == 3 and BAD_ID in done.stderr  # the clerk at the terminal sees the row in full
    log = (tmp_path / "home/logs/jiuzhu.log").read_text(encoding="utf-8")
    assert "E_IMPORT_INVALID" in log and "第 62 行" in log
    assert BAD_ID not in log and "430922********936X" in log
    assert re.findall(r"\d{11,}", log) == []


@pytest.mark.parametrize(("line", "logged"), [
    ("身份证号 43092220000110936X 校验位错误", "身份证号 430922********936X 校验位错误"),
    ("ID:43092220000110936x。", "ID:430922********936x。"),
    ("身份证号43092220000110936X有误", "身份证号430922********936X有误"),
    ("旧证 430902450101001", "旧证 430902*****1001"),
    ("全角 " + _full_width(BAD_ID), "全角 " + _full_width("430922") + "*" * 8 + _full_width("936X")),
    ("电话 13807371234、0737-4321234", "电话 *******1234、0737-4321234"),
    ("账号 6228480402564890018", "账号 ***************0018"),
    ("sha256 1a2b3c4d5e6f70123456789012345678abcdef", "sha256 1a2b3c4d5e6f70123456789012345678abcdef"),
    ("backup township-daily-20201231-080000.db pid 4242", "backup township-daily-20201231-080000.db pid 4242"),
], ids=["id", "id-x", "id-in-chinese", "id-15", "full-width", "phone", "account", "digest", "stamp"])
def test_log_lines_mask_personal_numbers(line, logged):
    assert mask_personal(line) == logged
