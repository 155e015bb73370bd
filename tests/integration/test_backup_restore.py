"""`backup create` / `backup restore` (SPEC §9, §10): a logged-in user, an admin for restore, only a
jiuzhu database of this township and a known schema, the restore recorded in the restored file."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from sqlalchemy import select

from app.bootstrap import open_database
from app.errors import BackupOtherTownship, BackupRejected, PermissionDenied
from app.models import AuditRecord
from app.services import backup
from app.services.auth import add_user, list_users
from app.services.integrity import verify
from app.services.township import init_township
from tests.conftest import PASSWORD, dump_content
from tests.e2e.test_cli import run


@pytest.fixture
def made(db_ctx, admin, tmp_path):
    """A backup of the test township, then a change made after it (user 后来的人)."""
    path = backup.create_backup(db_ctx.db_path, tmp_path / "home")
    add_user(db_ctx.uow, admin, "后来的人", "clerk", PASSWORD)
    return path


def _other_township(tmp_path, code="430902102", name="别的镇"):
    ctx = open_database(tmp_path / "other.db", create=True)
    init_township(ctx.uow, code=code, name=name, admin="admin", password=PASSWORD)
    ctx.close()
    return tmp_path / "other.db"


def _records(path):
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT actor, action, detail FROM audit_log ORDER BY id").fetchall()
    conn.close()
    return rows


def _cli(tmp_path, db, *args, user="admin", **env):
    return run(tmp_path, "--db", str(db), *(("--user", user) if user else ()), "backup", *args, **env)


# -- the service ---------------------------------------------------------------------------------
def test_restore_puts_back_the_backup_and_records_who_restored_what_in_it(db_ctx, admin, made, tmp_path):
    with db_ctx.uow.read() as s:
        head_before = s.scalars(select(AuditRecord.hash).order_by(AuditRecord.id.desc())).first()
    r = backup.restore_database(db_ctx.uow, admin, db_ctx.db_path, made, tmp_path / "home")
    assert [u.name for u in list_users(db_ctx.uow)] == ["admin"]
    actor, action, detail = _records(db_ctx.db_path)[-1]
    detail = json.loads(detail)
    assert (actor, action) == ("admin", "backup.restore")
    assert detail["note"] == f"从 {made.name} 恢复，原数据库另存为 {r.kept.name}"
    assert detail["before"] == {"township": "430902101", "audit_head": head_before}
    assert detail["after"]["source_sha256"] == hashlib.sha256(made.read_bytes()).hexdigest()
    assert detail["after"]["audit_head"] == _records_head(made)
    assert verify(db_ctx.uow) == []
    assert "后来的人" in "".join(dump_content(r.kept))  # the replaced database is kept


def _records_head(path):
    with sqlite3.connect(path) as conn:
        head = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    conn.close()
    return head


def test_restore_is_for_admins_only(db_ctx, clerk, made, tmp_path):
    before = dump_content(db_ctx.db_path)
    with pytest.raises(PermissionDenied):
        backup.restore_database(db_ctx.uow, clerk, db_ctx.db_path, made, tmp_path / "home")
    assert dump_content(db_ctx.db_path) == before


def test_restoring_another_townships_file_is_refused_and_changes_nothing(db_ctx, admin, tmp_path):
    other = _other_township(tmp_path)
    before = dump_content(db_ctx.db_path)
    with pytest.raises(BackupOtherTownship) as err:
        backup.restore_database(db_ctx.uow, admin, db_ctx.db_path, other, tmp_path / "home")
    assert "别的镇" in err.value.text and "430902102" in err.value.text and "测试镇" in err.value.text
    assert err.value.exit_code == 4
    assert dump_content(db_ctx.db_path) == before
    assert not (tmp_path / "home/backups").exists() or not list((tmp_path / "home/backups").iterdir())


def _empty_sqlite(path):
    sqlite3.connect(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()


def _future_revision(path, db_ctx):
    backup.create_backup(db_ctx.db_path, path.parent, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()


def _no_township(path, _db_ctx):
    ctx = open_database(path, create=True)
    ctx.close()


@pytest.mark.parametrize(("make", "says"), [
    (lambda p, _c: _empty_sqlite(p), "缺少数据表"),
    (lambda p, _c: p.write_text("not a database", encoding="utf-8"), "不是救助工作台的数据库文件"),
    (lambda p, _c: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100), "已损坏"),
    (_future_revision, "9999"),
    (_no_township, "没有乡镇信息"),
], ids=["empty-sqlite", "text-file", "damaged", "unknown-revision", "not-initialised"])
def test_a_file_that_is_not_a_jiuzhu_database_of_a_known_schema_is_refused(db_ctx, admin, tmp_path, make, says):
    source = tmp_path / "offered.db"
    make(source, db_ctx)
    before = dump_content(db_ctx.db_path)
    with pytest.raises(BackupRejected) as err:
        backup.restore_database(db_ctx.uow, admin, db_ctx.db_path, source, tmp_path / "home")
    assert says in err.value.text and err.value.exit_code == 3
    assert dump_content(db_ctx.db_path) == before
    assert [p.name for p in tmp_path.iterdir() if ".restore.tmp" in p.name] == []


def test_backup_create_is_done_by_any_logged_in_user_and_recorded(db_ctx, clerk, tmp_path):
    path = backup.backup_database(db_ctx.uow, clerk, db_ctx.db_path, tmp_path / "home")
    assert path.exists()
    assert _records(db_ctx.db_path)[-1][:2] == ("clerk", "backup.create")


# -- the command -----------------------------------------------------------------------------------
def test_cli_restore_needs_a_login(tmp_path, db_ctx, made):
    before = dump_content(db_ctx.db_path)
    done = _cli(tmp_path, db_ctx.db_path, "restore", str(made), user=None)
    assert done.returncode == 4 and "E_AUTH" in done.stderr and "--user" in done.stderr
    assert dump_content(db_ctx.db_path) == before


def test_cli_restore_refuses_a_clerk(tmp_path, db_ctx, made):
    before = dump_content(db_ctx.db_path)
    done = _cli(tmp_path, db_ctx.db_path, "restore", str(made), user="后来的人")
    assert done.returncode == 4 and "E_PERMISSION" in done.stderr and "管理员" in done.stderr
    assert dump_content(db_ctx.db_path) == before


def test_cli_restore_of_another_township_exits_4_and_audit_verify_still_passes(tmp_path, db_ctx, admin):
    other = _other_township(tmp_path)
    before = dump_content(db_ctx.db_path)
    done = _cli(tmp_path, db_ctx.db_path, "restore", str(other))
    assert done.returncode == 4 and "E_BACKUP_TOWNSHIP" in done.stderr and "别的镇" in done.stderr
    assert dump_content(db_ctx.db_path) == before


def test_cli_restore_of_an_empty_database_exits_3(tmp_path, db_ctx, admin):
    empty = tmp_path / "empty.db"
    _empty_sqlite(empty)
    done = _cli(tmp_path, db_ctx.db_path, "restore", str(empty))
    assert done.returncode == 3 and "E_BACKUP_INVALID" in done.stderr and "Traceback" not in done.stderr


def test_cli_restore_by_an_admin_is_audited_in_the_restored_file(tmp_path, db_ctx, made):
    db_ctx.close()
    done = _cli(tmp_path, db_ctx.db_path, "restore", str(made))
    assert done.returncode == 0, done.stderr
    assert "测试镇（430902101）" in done.stdout and "before-restore" in done.stdout
    actor, action, detail = _records(db_ctx.db_path)[-1]
    assert (actor, action) == ("admin", "backup.restore") and made.name in json.loads(detail)["note"]
    assert "后来的人" not in "".join(dump_content(db_ctx.db_path))
    verified = run(tmp_path, "--db", str(db_ctx.db_path), "audit", "verify")
    assert verified.returncode == 0, verified.stderr


def test_cli_backup_create_acts_as_a_logged_in_user(tmp_path, db_ctx, clerk):
    db_ctx.close()
    refused = _cli(tmp_path, db_ctx.db_path, "create", user=None)
    assert refused.returncode == 4 and "E_AUTH" in refused.stderr
    out = tmp_path / "copy.db"
    done = _cli(tmp_path, db_ctx.db_path, "create", "--out", str(out), user="clerk")
    assert done.returncode == 0, done.stderr
    assert out.exists() and _records(db_ctx.db_path)[-1][:2] == ("clerk", "backup.create")


# -- the GUI calls the same service ------------------------------------------------------------------
def test_gui_restore_of_another_townships_file_is_refused_and_the_window_stays(qtbot, db_ctx, admin, tmp_path):
    from app.ui import prompts
    from app.ui.admin_page import AdminPage

    class Recorder(prompts.Prompts):
        def __init__(self):
            self.messages = []

        def confirm(self, parent, title, text):
            return True

        def error(self, parent, title, text):
            self.messages.append((title, text))

    other = _other_township(tmp_path)
    (tmp_path / "home/backups").mkdir(parents=True, exist_ok=True)
    offered = tmp_path / "home/backups/township-manual-20201231-080000.db"
    offered.write_bytes(other.read_bytes())
    before = dump_content(db_ctx.db_path)
    previous = prompts.install(recorder := Recorder())
    try:
        page = AdminPage(db_ctx, admin)
        qtbot.addWidget(page)
        page.backups_table.selectRow(0)
        assert not page.restore_selected()
    finally:
        prompts.install(previous)
    ((title, message),) = recorder.messages
    assert title == "恢复失败" and "E_BACKUP_TOWNSHIP" in message and "别的镇" in message
    assert dump_content(db_ctx.db_path) == before
