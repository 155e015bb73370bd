"""Users and login: argon2id hashes, lockout after 5 wrong passwords for 15 minutes."""

from __future__ import annotations

from dataclasses import dataclass

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.lockout import refuse_if_locked, wrong_password
from app.domain.passwords import check_password_rules, hash_password, verify_hash
from app.domain.roles import ROLES, Actor, require_role
from app.errors import AuthError, Conflict, InvalidInput
from app.models import User
from app.models.base import utcnow
from app.models.uow import UnitOfWork
from app.services import audit


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    role: str
    active: bool


def create_user_in(session: Session, actor_name: str, name: str, role: str, password: str) -> User:
    name = name.strip()
    if not name:
        raise InvalidInput("用户名不能为空")
    if role not in ROLES:
        raise InvalidInput(f"角色应为 clerk/reviewer/admin，实为「{role}」")
    check_password_rules(password)
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise Conflict(f"用户「{name}」已存在")
    user = User(name=name, role=role, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    audit.append(session, actor_name, "user.create", "user", user.id, after={"name": name, "role": role})
    return user


def add_user(uow: UnitOfWork, actor: Actor, name: str, role: str, password: str) -> UserRow:
    require_role(actor, "admin")
    with uow.begin() as s:
        u = create_user_in(s, actor.name, name, role, password)
        return UserRow(u.id, u.name, u.role, u.active)


def login(uow: UnitOfWork, name: str, password: str) -> Actor:
    """Check the password; count failures (committed even though the login is refused)."""
    with uow.begin() as s:
        user = s.scalar(select(User).where(User.name == name))
        if user is None or not user.active:
            raise AuthError("用户名或密码错误")
        now = utcnow()
        refuse_if_locked(name, user.locked_until, now)
        try:
            verify_hash(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            failure = wrong_password(user.failed_logins, now)
            user.failed_logins = failure.failed_logins
            if failure.locked:
                user.locked_until = failure.locked_until
                audit.append(s, name, "user.locked", "user", user.id, note="连续 5 次密码错误")
        else:
            user.failed_logins, user.locked_until = 0, None
            return Actor(user.id, user.name, user.role)
    raise failure.error


def list_users(uow: UnitOfWork) -> list[UserRow]:
    with uow.read() as s:
        return [UserRow(u.id, u.name, u.role, u.active) for u in s.scalars(select(User).order_by(User.id))]
