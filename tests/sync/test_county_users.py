"""County users (SPEC §8): roles, argon2 passwords, lockout as on the township side, the audit log,
and the c0002 -> c0003 upgrade that brings their tables to an existing county database."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from sqlalchemy import inspect

import app.cli
from app.county.db import alembic_config, open_county
from app.county.users import add_user, audit_rows, has_users, list_users, login
from app.domain.lockout import MAX_FAILED
from app.errors import AccountLocked, AuthError, Conflict, InvalidInput, PermissionDenied

PASSWORD = "secret123"


@pytest.fixture
def boss(county):
    add_user(county, None, "boss", "admin", PASSWORD)
    return login(county, "boss", PASSWORD)


def test_the_first_county_user_must_be_an_admin_and_needs_no_login(county):
    assert not has_users(county)
    with pytest.raises(InvalidInput, match="第一个用户须为管理员"):
        add_user(county, None, "clerk", "county_clerk", PASSWORD)
    add_user(county, None, "boss", "admin", PASSWORD)
    assert [(u.name, u.role_label) for u in list_users(county)] == [("boss", "管理员")]


def test_later_users_are_added_by_a_logged_in_admin_only(county, boss):
    with pytest.raises(AuthError):
        add_user(county, None, "c1", "county_clerk", PASSWORD)
    clerk = add_user(county, boss, "c1", "county_clerk", PASSWORD)
    with pytest.raises(PermissionDenied):
        add_user(county, login(county, "c1", PASSWORD), "c2", "county_clerk", PASSWORD)
    with pytest.raises(Conflict):
        add_user(county, boss, "c1", "county_reviewer", PASSWORD)
    assert clerk.role_label == "县级经办人"


@pytest.mark.parametrize("name, role, password, message", [
    ("", "county_clerk", PASSWORD, "用户名不能为空"),
    ("x", "clerk", PASSWORD, "县级角色应为"),
    ("x", "county_clerk", "12345", "密码至少 6 个字符"),
])
def test_bad_user_input_is_refused_in_chinese(county, boss, name, role, password, message):
    with pytest.raises(InvalidInput, match=message):
        add_user(county, boss, name, role, password)


def test_passwords_are_argon2_hashes(county, boss):
    with county.db.engine.connect() as conn:
        (stored,) = conn.exec_driver_sql("SELECT password_hash FROM county_user").one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_wrong_passwords_count_down_and_lock_the_account(county, boss):
    add_user(county, boss, "r1", "county_reviewer", PASSWORD)
    for left in range(MAX_FAILED - 1, 0, -1):
        with pytest.raises(AuthError, match=f"还可再试 {left} 次"):
            login(county, "r1", "wrong")
    with pytest.raises(AuthError, match="账户锁定 15 分钟"):
        login(county, "r1", "wrong")
    with pytest.raises(AccountLocked):
        login(county, "r1", PASSWORD)  # even the right password while locked
    assert "连续输错密码锁定" in [a.action_label for a in audit_rows(county)]


def test_a_right_password_resets_the_count(county, boss):
    add_user(county, boss, "r1", "county_reviewer", PASSWORD)
    for _ in range(MAX_FAILED - 1):
        with pytest.raises(AuthError):
            login(county, "r1", "wrong")
    assert login(county, "r1", PASSWORD).role == "county_reviewer"
    with pytest.raises(AuthError, match=f"还可再试 {MAX_FAILED - 1} 次"):
        login(county, "r1", "wrong")


def test_the_audit_log_says_who_did_what(county, boss):
    add_user(county, boss, "c1", "county_clerk", PASSWORD)
    rows = audit_rows(county)
    assert (rows[0].actor, rows[0].action_label, rows[0].target) == ("boss", "添加用户", "c1")


def test_county_init_admin_and_user_add_from_the_command_line(tmp_path, monkeypatch, capsys):
    db = tmp_path / "c.db"
    monkeypatch.setenv("JIUZHU_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)
    assert app.cli.main(["county", "init", "--db", str(db), "--out", str(tmp_path / "C.pub"), "--admin", "boss"]) == 0
    assert app.cli.main(["county", "user", "add", "r1", "--role", "county_reviewer", "--db", str(db)]) == 4
    assert "县级管理员" in capsys.readouterr().err
    assert app.cli.main(["--user", "boss", "county", "user", "add", "r1", "--role", "county_reviewer",
                         "--db", str(db)]) == 0
    assert app.cli.main(["county", "user", "list", "--db", str(db)]) == 0
    assert "r1\t县级审核人" in capsys.readouterr().out


def test_a_c0002_county_database_upgrades_to_c0003_on_open_with_a_backup(tmp_path):
    path = tmp_path / "county.db"
    url = f"sqlite:///{path}"
    command.upgrade(alembic_config(url), "c0002")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO county_township (code, name, registered_at) VALUES ('430902101', '测试镇', "
                     "'2020-01-01 00:00:00')")
    db = open_county(url)
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert {"county_user", "county_audit", "county_proposal", "county_setting"} <= tables
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT name FROM county_township").scalar() == "测试镇"
            assert conn.exec_driver_sql("SELECT version_num FROM county_alembic_version").scalar() == "c0003"
    finally:
        db.close()
    backups = list(tmp_path.glob("county-pre-migrate-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert "county_user" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
