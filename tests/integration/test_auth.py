"""Users and login: roles, argon2id, lockout after five wrong passwords."""

import pytest

from app.errors import AccountLocked, AuthError, Conflict, PermissionDenied
from app.services.auth import add_user, list_users, login
from tests.conftest import PASSWORD


def test_admin_adds_users_with_roles(db_ctx, admin):
    add_user(db_ctx.uow, admin, "王五", "clerk", "abcdef1")
    assert [(u.name, u.role) for u in list_users(db_ctx.uow)] == [("admin", "admin"), ("王五", "clerk")]
    assert login(db_ctx.uow, "王五", "abcdef1").role == "clerk"


def test_only_an_admin_may_add_users(db_ctx, clerk):
    with pytest.raises(PermissionDenied):
        add_user(db_ctx.uow, clerk, "王五", "admin", "abcdef1")


def test_duplicate_user_is_refused(db_ctx, admin):
    with pytest.raises(Conflict):
        add_user(db_ctx.uow, admin, "admin", "clerk", "abcdef1")


def test_passwords_are_stored_as_argon2id(db_ctx):
    from sqlalchemy import select

    from app.models import User
    with db_ctx.uow.read() as s:
        assert s.scalar(select(User.password_hash)).startswith("$argon2id$")


def test_five_wrong_passwords_lock_the_account(db_ctx):
    for _ in range(5):
        with pytest.raises(AuthError):
            login(db_ctx.uow, "admin", "wrong")
    with pytest.raises(AccountLocked) as err:
        login(db_ctx.uow, "admin", PASSWORD)
    assert "15 分钟" in err.value.text and err.value.exit_code == 4


def test_each_wrong_password_says_how_many_tries_are_left_before_the_lock(db_ctx):
    texts = []
    for _ in range(5):
        with pytest.raises(AuthError) as err:
            login(db_ctx.uow, "admin", "wrong")
        texts.append(err.value.text)
    assert texts[0] == "登录失败：用户名或密码错误，还可再试 4 次（连续输错 5 次将锁定 15 分钟）"
    assert [t.split("还可再试 ")[1][0] for t in texts[:4]] == ["4", "3", "2", "1"]
    assert texts[4] == "登录失败：用户名或密码错误；已连续输错 5 次，账户锁定 15 分钟"
