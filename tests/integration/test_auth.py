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
