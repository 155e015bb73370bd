"""Users and login: argon2id hashes, lockout after 5 wrong passwords for 15 minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.roles import ROLES, Actor, require_role
from app.errors import AccountLocked, AuthError, Conflict, InvalidInput
from app.models import User
from app.models.base import utcnow
from app.models.uow import UnitOfWork
from app.services import audit

MAX_FAILED = 5
LOCK_MINUTES = 15
_hasher = PasswordHasher()  # argon2id with the library's current defaults


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    role: str
    active: bool


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    if len(password) < 6:
        raise InvalidInput("密码至少 6 个字符")


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
        if user.locked_until and user.locked_until > now:
            minutes = int((user.locked_until - now).total_seconds() // 60) + 1
            raise AccountLocked(f"连续输错密码，账户「{name}」已锁定，请 {minutes} 分钟后再试")
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            user.failed_logins += 1
            left = MAX_FAILED - user.failed_logins
            if user.failed_logins >= MAX_FAILED:
                user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                user.failed_logins = 0
                audit.append(s, name, "user.locked", "user", user.id, note="连续 5 次密码错误")
                failure = AuthError(f"用户名或密码错误；已连续输错 {MAX_FAILED} 次，账户锁定 {LOCK_MINUTES} 分钟",
                                    tries_left=0)
            else:  # a person at the office PC is told how close the lock is
                failure = AuthError(f"用户名或密码错误，还可再试 {left} 次（连续输错 {MAX_FAILED} 次将锁定 "
                                    f"{LOCK_MINUTES} 分钟）", tries_left=left)
        else:
            user.failed_logins, user.locked_until = 0, None
            return Actor(user.id, user.name, user.role)
    raise failure


def list_users(uow: UnitOfWork) -> list[UserRow]:
    with uow.read() as s:
        return [UserRow(u.id, u.name, u.role, u.active) for u in s.scalars(select(User).order_by(User.id))]
