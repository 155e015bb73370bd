"""Managing users, revealing masked values and reading the audit log (SPEC §10, issue 7)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.domain.registry import HouseholdInput, MemberInput
from app.errors import AccountLocked, AuthError, Conflict, InvalidInput, PermissionDenied
from app.models import AuditRecord
from app.services import audit
from app.services.auth import add_user, login
from app.services.households import register_household
from app.services.users import (
    audit_rows,
    change_password,
    check_integrity,
    record_reveal,
    reset_password,
    set_active,
    unlock_user,
    user_rows,
)
from tests.conftest import PASSWORD, dump_content

HEAD = "430902194501010013"


def _records(ctx, action):
    with ctx.uow.read() as s:
        q = select(AuditRecord.actor, AuditRecord.household_id, AuditRecord.detail)
        return s.execute(q.where(AuditRecord.action == action)).all()


def _register(ctx, actor):
    data = HouseholdInput(village="东风村", members=[MemberInput("张三丰", HEAD, "本人")],
                          bank_account="6228000011112222333")
    return register_household(ctx.uow, actor, data)


# -- change my password ----------------------------------------------------------------------
def test_changed_password_works_and_the_old_one_does_not(db_ctx, clerk):
    change_password(db_ctx.uow, clerk, PASSWORD, "newpass1")
    assert login(db_ctx.uow, "clerk", "newpass1").name == "clerk"
    with pytest.raises(AuthError):
        login(db_ctx.uow, "clerk", PASSWORD)


def test_password_change_is_audited_without_the_password(db_ctx, clerk):
    change_password(db_ctx.uow, clerk, PASSWORD, "newpass1")
    (rec,) = _records(db_ctx, "user.password_change")
    assert rec.actor == "clerk"
    assert "newpass1" not in rec.detail and PASSWORD not in rec.detail and "$argon2" not in rec.detail


def test_wrong_old_password_is_refused_and_counts_toward_the_lockout(db_ctx, clerk):
    for _ in range(4):
        with pytest.raises(AuthError):
            change_password(db_ctx.uow, clerk, "wrong1", "newpass1")
    login(db_ctx.uow, "clerk", PASSWORD)  # four failures: still allowed, and the count restarts
    for _ in range(5):
        with pytest.raises(AuthError):
            change_password(db_ctx.uow, clerk, "wrong1", "newpass1")
    with pytest.raises(AccountLocked):
        login(db_ctx.uow, "clerk", PASSWORD)
    with pytest.raises(AccountLocked):
        change_password(db_ctx.uow, clerk, PASSWORD, "newpass1")


@pytest.mark.parametrize(("new", "reason"), [("abc", "至少 6 个字符"), (PASSWORD, "不能与旧密码相同")])
def test_a_bad_new_password_is_refused_and_nothing_changes(db_ctx, clerk, new, reason):
    before = dump_content(db_ctx.db_path)
    with pytest.raises(InvalidInput) as err:
        change_password(db_ctx.uow, clerk, PASSWORD, new)
    assert reason in err.value.text
    assert dump_content(db_ctx.db_path) == before


# -- admin only ------------------------------------------------------------------------------
ADMIN_ONLY = {
    "reset_password": lambda ctx, who: reset_password(ctx.uow, who, "admin", "hacked1"),
    "set_active": lambda ctx, who: set_active(ctx.uow, who, "admin", False),
    "unlock_user": lambda ctx, who: unlock_user(ctx.uow, who, "admin"),
    "user_rows": lambda ctx, who: user_rows(ctx.uow, who),
}


@pytest.mark.parametrize("role", ["clerk", "reviewer"])
@pytest.mark.parametrize("call", sorted(ADMIN_ONLY))
def test_admin_only_functions_refuse_other_roles_and_change_nothing(db_ctx, admin, role, call):
    add_user(db_ctx.uow, admin, "someone", role, PASSWORD)
    who = login(db_ctx.uow, "someone", PASSWORD)
    before = dump_content(db_ctx.db_path)
    with pytest.raises(PermissionDenied):
        ADMIN_ONLY[call](db_ctx, who)
    assert dump_content(db_ctx.db_path) == before


@pytest.mark.parametrize("call", [
    lambda ctx, who: audit_rows(ctx.uow, who),
    lambda ctx, who: check_integrity(ctx.uow, who),
], ids=["audit_rows", "check_integrity"])
def test_only_admins_and_reviewers_read_the_audit_log(db_ctx, clerk, reviewer, admin, call):
    with pytest.raises(PermissionDenied):
        call(db_ctx, clerk)
    call(db_ctx, reviewer)
    call(db_ctx, admin)


def test_admin_resets_a_password_and_lifts_the_lockout(db_ctx, admin, clerk):
    for _ in range(5):
        with pytest.raises(AuthError):
            login(db_ctx.uow, "clerk", "wrong1")
    reset_password(db_ctx.uow, admin, "clerk", "fresh12")
    assert login(db_ctx.uow, "clerk", "fresh12").role == "clerk"
    (rec,) = _records(db_ctx, "user.password_reset")
    assert "fresh12" not in rec.detail


def test_unlock_lets_a_locked_user_in_again(db_ctx, admin, clerk):
    for _ in range(5):
        with pytest.raises(AuthError):
            login(db_ctx.uow, "clerk", "wrong1")
    assert [u.locked_until is not None for u in user_rows(db_ctx.uow, admin)] == [False, True]
    unlock_user(db_ctx.uow, admin, "clerk")
    assert login(db_ctx.uow, "clerk", PASSWORD).name == "clerk"
    assert len(_records(db_ctx, "user.unlock")) == 1


def test_a_disabled_user_cannot_log_in_until_enabled(db_ctx, admin, clerk):
    set_active(db_ctx.uow, admin, "clerk", False)
    with pytest.raises(AuthError):
        login(db_ctx.uow, "clerk", PASSWORD)
    set_active(db_ctx.uow, admin, "clerk", True)
    assert login(db_ctx.uow, "clerk", PASSWORD).name == "clerk"
    assert [r.action for r in audit_rows(db_ctx.uow, admin, action="user.")][:2] == ["user.enable", "user.disable"]


def test_an_admin_cannot_disable_themselves_or_the_last_admin(db_ctx, admin):
    with pytest.raises(Conflict):
        set_active(db_ctx.uow, admin, "admin", False)
    add_user(db_ctx.uow, admin, "boss", "admin", PASSWORD)
    boss = login(db_ctx.uow, "boss", PASSWORD)
    set_active(db_ctx.uow, boss, "admin", False)  # another admin remains
    with pytest.raises(Conflict):
        set_active(db_ctx.uow, admin, "boss", False)  # (admin's actor is stale; the rule still holds)


# -- reveal ----------------------------------------------------------------------------------
@pytest.mark.parametrize("field", ["id_number", "bank_account"])
def test_revealing_a_masked_value_writes_an_audit_record_without_the_value(db_ctx, clerk, field):
    hid = _register(db_ctx, clerk)
    record_reveal(db_ctx.uow, clerk, "household", hid, field, hid)
    (rec,) = _records(db_ctx, f"reveal.{field}")
    assert (rec.actor, rec.household_id) == ("clerk", hid)
    assert HEAD not in rec.detail and "6228000011112222333" not in rec.detail
    with db_ctx.uow.read() as s:
        assert audit.verify_chain(s) == []


def test_only_id_number_and_bank_account_can_be_revealed(db_ctx, clerk):
    with pytest.raises(InvalidInput):
        record_reveal(db_ctx.uow, clerk, "household", 1, "password_hash", 1)


# -- the viewer ------------------------------------------------------------------------------
def test_audit_rows_filter_by_actor_action_household_and_date(db_ctx, admin, clerk):
    hid = _register(db_ctx, clerk)
    record_reveal(db_ctx.uow, admin, "member", 1, "id_number", hid)
    rows = audit_rows(db_ctx.uow, admin)
    assert [r.action for r in rows][:2] == ["reveal.id_number", "household.create"]  # newest first
    assert {r.actor for r in audit_rows(db_ctx.uow, admin, actor="clerk")} == {"clerk"}
    assert [r.action_label for r in audit_rows(db_ctx.uow, admin, action="reveal.")] == ["显示完整身份证号"]
    assert [r.action for r in audit_rows(db_ctx.uow, admin, household_id=hid)] == ["reveal.id_number",
                                                                                   "household.create"]
    assert audit_rows(db_ctx.uow, admin, household_id=hid + 1) == []
    today = date.today()
    assert len(audit_rows(db_ctx.uow, admin, since=today, until=today)) == len(rows)
    assert audit_rows(db_ctx.uow, admin, until=today - timedelta(days=1)) == []
    assert audit_rows(db_ctx.uow, admin, since=today + timedelta(days=1)) == []
    assert len(audit_rows(db_ctx.uow, admin, limit=2)) == 2


def test_audit_rows_show_abbreviated_digests_never_personal_data(db_ctx, admin, clerk):
    _register(db_ctx, clerk)
    (row,) = audit_rows(db_ctx.uow, admin, action="household.create")
    assert row.action_label == "新建家庭" and row.object.startswith("家庭")
    assert row.digests.startswith("后 ") and len(row.digests) == len("后 ") + 8
    assert all(HEAD not in str(v) and "张三丰" not in str(v) for v in vars(row).values())


def test_check_integrity_finds_an_edit_behind_the_apps_back(db_ctx, admin, clerk):
    _register(db_ctx, clerk)
    assert check_integrity(db_ctx.uow, admin) == []
    with db_ctx.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE member SET name = '改名'")
    assert [f.what for f in check_integrity(db_ctx.uow, admin)] == ["家庭"]
