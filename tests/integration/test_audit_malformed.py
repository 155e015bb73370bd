"""`audit verify` on values edited behind the application's back that no longer parse: each is a
finding naming its record (tampering, exit 4, E_INTEGRITY), never an internal error."""

import sqlite3

import pytest

import app.cli
from app.domain.registry import HouseholdInput, MemberInput
from app.services.households import register_household
from tests.conftest import PASSWORD


@pytest.fixture
def township(db_ctx, clerk):
    register_household(db_ctx.uow, clerk, HouseholdInput(village="新市社区", phone="13907371234", members=[
        MemberInput("张三丰", "430902194501010013", "本人")]))
    db_ctx.close()  # the edits below come from outside the application
    return db_ctx.db_path


def verify(db_path, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)
    code = app.cli.main(["--db", str(db_path), "audit", "verify"])
    return code, capsys.readouterr().err


LAST_HOUSEHOLD_RECORD = "(SELECT max(id) FROM audit_log WHERE object_type = 'household')"


@pytest.mark.parametrize(("sql", "named"), [
    ("UPDATE audit_log SET ts = 'not-a-date' WHERE id = 2", "审计记录 2：记录的值无效（记录被改动）：时间（ts）「not-a-date」"),
    (f"UPDATE audit_log SET after_digest = 'abc' WHERE id = {LAST_HOUSEHOLD_RECORD}",
     "after_digest 应为 64 位十六进制摘要，实为 3 个字符"),
    ("UPDATE audit_log SET hash = substr(hash, 2) WHERE id = 2", "审计记录 2：记录的值无效（记录被改动）：hash 应为 64 位"),
    ("UPDATE audit_log SET object_id = 'x' WHERE id = 2", "审计记录 2：记录的值无效（记录被改动）：object_id 不是整数"),
    ("UPDATE household SET updated_at = 'not-a-date'", "家庭 1：数据值无效（被绕过程序修改）：字段 updated_at 不是有效的时间"),
    ("UPDATE member SET birth_date = '1945-13-45'", "家庭成员 1：数据值无效（被绕过程序修改）：字段 birth_date 不是有效的日期"),
    ("UPDATE member SET birth_date = '1945-02-30'", "家庭成员 1：数据值无效（被绕过程序修改）：字段 birth_date 不是有效的日期"),
    ("UPDATE household SET separately_registered = 7", "家庭 1：数据值无效（被绕过程序修改）：字段 separately_registered"),
    ("UPDATE member SET disability_grade = 'two'", "家庭成员 1：数据值无效（被绕过程序修改）：字段 disability_grade 不是整数"),
])
def test_a_malformed_value_is_tampering_naming_the_record(township, monkeypatch, capsys, sql, named):
    with sqlite3.connect(township) as conn:
        conn.execute(sql)
    code, err = verify(township, monkeypatch, capsys)
    assert code == 4, err
    assert "E_INTEGRITY" in err and named in err
    assert "E_INTERNAL" not in err and "Traceback" not in err and "isoformat" not in err


def test_an_untouched_township_still_verifies(township, monkeypatch, capsys):
    assert verify(township, monkeypatch, capsys) == (0, "")


def test_every_other_household_is_still_checked(db_ctx, clerk, monkeypatch, capsys):
    for name, id_number in (("张三丰", "430902194501010013"), ("李四娘", "11010519491231002X")):
        register_household(db_ctx.uow, clerk, HouseholdInput(village="新市社区", members=[
            MemberInput(name, id_number, "本人")]))
    db_ctx.close()
    with sqlite3.connect(db_ctx.db_path) as conn:
        conn.execute("UPDATE member SET birth_date = 'x' WHERE household_id = 1")
        conn.execute("UPDATE household SET phone = '110' WHERE id = 2")  # edited behind the application's back
    code, err = verify(db_ctx.db_path, monkeypatch, capsys)
    assert code == 4
    assert "家庭成员 1：数据值无效" in err and "家庭 2：当前内容与最近一次审计记录不符" in err
    assert "家庭 1：当前内容" not in err and "逐条核对" not in err
