"""Tamper evidence, backups and the one-writer lock (SPEC §10)."""

import sqlite3
from datetime import datetime, timedelta

import pytest

from app.errors import DatabaseBusy, DatabaseError
from app.instance_lock import InstanceLock
from app.services import backup
from app.services.integrity import verify
from app.services.legacy_io import import_legacy
from app.services.rosters import confirm_rosters, generate_rosters
from tests.conftest import dump_content


@pytest.fixture
def imported(db_ctx, admin, fixtures_dir):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")


def _sql(ctx, statement):
    with ctx.engine.begin() as conn:
        conn.exec_driver_sql(statement)


def test_an_untouched_database_verifies(db_ctx, imported):
    assert verify(db_ctx.uow) == []


@pytest.mark.parametrize(("statement", "what"), [
    ("UPDATE member SET name = '改名' WHERE id = 7", "家庭"),
    ("UPDATE income SET amount_fen = 1 WHERE id = (SELECT min(id) FROM income)", "家庭"),
    ("UPDATE household SET bank_account = '6228000000000000000' WHERE id = 3", "家庭"),
    ("UPDATE assistance_case SET amount_fen = amount_fen + 100 WHERE id = 2", "救助对象"),
    ("UPDATE audit_log SET actor = 'x' WHERE id = 5", "审计记录"),
    ("DELETE FROM audit_log WHERE id = 9", "审计记录"),
    ("INSERT INTO audit_log (ts, actor, action, object_type, before_digest, after_digest, detail, prev_hash, hash)"
     " SELECT ts, actor, action, object_type, '', '', '{}', hash, hash FROM audit_log WHERE id = 3", "审计记录"),
])
def test_edits_behind_the_apps_back_are_found(db_ctx, imported, statement, what):
    _sql(db_ctx, statement)
    assert what in {f.what for f in verify(db_ctx.uow)}


def test_an_edited_confirmed_roster_is_found(db_ctx, clerk, reviewer, imported):
    generate_rosters(db_ctx.uow, clerk, "2020-12")
    confirm_rosters(db_ctx.uow, reviewer, "2020-12")
    assert verify(db_ctx.uow) == []
    _sql(db_ctx, "UPDATE roster_line SET payee_name = '冒领' WHERE line_no = 2")
    assert {f.what for f in verify(db_ctx.uow)} == {"花名册"}  # line 2 of each roster that has one


def test_backup_is_a_checked_copy_and_restore_keeps_the_replaced_db(db_ctx, imported, tmp_path):
    copy = backup.create_backup(db_ctx.db_path, tmp_path / "home")
    content = dump_content(db_ctx.db_path)
    _sql(db_ctx, "DELETE FROM roster_line")
    _sql(db_ctx, "UPDATE household SET phone = '110'")
    db_ctx.close()
    kept = backup.restore_backup(db_ctx.db_path, copy, tmp_path / "home")
    assert dump_content(db_ctx.db_path) == content
    assert kept is not None and "110" in "".join(dump_content(kept))


def test_restore_refuses_a_damaged_backup(db_ctx, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    before = dump_content(db_ctx.db_path)
    with pytest.raises(DatabaseError):
        backup.restore_backup(db_ctx.db_path, bad, tmp_path / "home")
    assert dump_content(db_ctx.db_path) == before


def test_daily_backup_once_a_day_and_old_ones_pruned(db_ctx, tmp_path):
    home = tmp_path / "home"
    old = backup.backup_dir(home) / "township-daily-20200101-080000.db"
    old.write_bytes(b"")
    first = backup.daily_backup(db_ctx.db_path, home, now=datetime(2026, 11, 26, 9))
    again = backup.daily_backup(db_ctx.db_path, home, now=datetime(2026, 11, 26, 15))
    assert first is not None and again is None and not old.exists()
    assert backup.daily_backup(db_ctx.db_path, home, now=datetime(2026, 11, 26, 9) + timedelta(days=1))


def test_a_backup_is_one_self_contained_file_in_rollback_journal_mode(db_ctx, tmp_path):
    made = backup.create_backup(db_ctx.db_path, tmp_path / "home")
    beside = sorted(p.name for p in made.parent.iterdir())
    assert beside == [made.name]  # no .tmp-wal / .tmp-shm left over from the copy
    with sqlite3.connect(made) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM user").fetchone()[0] >= 1
    conn.close()


def test_a_second_instance_on_the_same_file_is_refused(tmp_path):
    db = tmp_path / "t.db"
    with InstanceLock(db):
        with pytest.raises(DatabaseBusy) as err:
            InstanceLock(db).acquire()
        assert "另一个" in err.value.text
    InstanceLock(db).acquire().release()  # free again once the first holder let go
