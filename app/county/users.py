"""County users of `county gui` (SPEC §8): roles county_clerk / county_reviewer / admin, argon2id
passwords, lockout after 5 wrong passwords for 15 minutes, and the county audit log - the same rules
as the township's (app/domain/passwords.py, lockout.py, audit_labels.py), kept in the receiver database.

The first user of a county database is an admin: made by `county init --admin NAME` or by the first
`county user add NAME --role admin` (no login needed while there are no users); every later user is
added by a logged-in admin."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.county.admin import County
from app.county.models import CountyAudit, CountyUser
from app.domain.audit_labels import action_label
from app.domain.lockout import refuse_if_locked, wrong_password
from app.domain.money import format_fen
from app.domain.passwords import check_password_rules, hash_password, verify_hash
from app.domain.roles import ROLE_LABELS, Actor, require_role
from app.errors import AuthError, Conflict, InvalidInput
from app.models.base import utcnow

COUNTY_ROLES: dict[str, str] = {r: ROLE_LABELS[r] for r in ("county_clerk", "county_reviewer", "admin")}
DECIDER_ROLES = ("county_reviewer", "admin")  # who may decide (审定) a proposal

@dataclass(frozen=True)
class CountyUserRow:
    id: int
    name: str
    role: str
    role_label: str
    active: bool
    locked_until: datetime | None


@dataclass(frozen=True)
class CountyAuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    action_label: str
    target: str
    detail: str


def audit(s: Session, actor: str, action: str, target: str = "", **detail: object) -> None:
    """Append one line to the county audit log, in the caller's transaction."""
    s.add(CountyAudit(actor=actor[:50], action=action, target=target[:80],
                      detail=json.dumps(detail, ensure_ascii=False, sort_keys=True)))


def has_users(county: County) -> bool:
    with county.db.uow.read() as s:
        return bool(s.scalar(select(func.count()).select_from(CountyUser)))


def add_user(county: County, actor: Actor | None, name: str, role: str, password: str) -> CountyUserRow:
    """An admin adds a user; the very first user (no users yet) must be an admin and needs no actor."""
    name = name.strip()
    if not name:
        raise InvalidInput("用户名不能为空")
    if role not in COUNTY_ROLES:
        raise InvalidInput(f"县级角色应为 county_clerk/county_reviewer/admin，实为「{role}」")
    check_password_rules(password)
    with county.db.uow.begin() as s:
        first = not s.scalar(select(func.count()).select_from(CountyUser))
        if first and role != "admin":
            raise InvalidInput("县级第一个用户须为管理员（--role admin，或 county init --admin NAME）")
        if not first:
            if actor is None:
                raise AuthError("已有县级用户：须由县级管理员登录后添加（--user 管理员，密码取自 JIUZHU_PASSWORD）")
            require_role(actor, "admin")
        if s.scalar(select(CountyUser.id).where(CountyUser.name == name)) is not None:
            raise Conflict(f"县级用户「{name}」已存在")
        user = CountyUser(name=name, role=role, password_hash=hash_password(password))
        s.add(user)
        s.flush()
        audit(s, actor.name if actor else name, "user.create", name, role=role)
        return CountyUserRow(user.id, user.name, user.role, COUNTY_ROLES[role], True, None)


def login(county: County, name: str, password: str) -> Actor:
    """Check the password; failures are counted (and committed) even though the login is refused."""
    with county.db.uow.begin() as s:
        user = s.scalar(select(CountyUser).where(CountyUser.name == name))
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
                audit(s, name, "user.locked", name)
        else:
            user.failed_logins, user.locked_until = 0, None
            audit(s, name, "user.login", name)
            return Actor(user.id, user.name, user.role)
    raise failure.error


def unlock_user(county: County, actor: Actor, name: str) -> None:
    """An admin lifts a lockout (the person proved who they are some other way)."""
    require_role(actor, "admin")
    with county.db.uow.begin() as s:
        user = s.scalar(select(CountyUser).where(CountyUser.name == name))
        if user is None:
            raise InvalidInput(f"没有县级用户「{name}」")
        user.failed_logins, user.locked_until = 0, None
        audit(s, actor.name, "user.unlock", name)


def list_users(county: County) -> list[CountyUserRow]:
    with county.db.uow.read() as s:
        return [CountyUserRow(u.id, u.name, u.role, COUNTY_ROLES.get(u.role, u.role), u.active, u.locked_until)
                for u in s.scalars(select(CountyUser).order_by(CountyUser.id))]


def audit_rows(county: County, limit: int = 1000) -> list[CountyAuditRow]:
    """The county audit log, newest first."""
    with county.db.uow.read() as s:
        rows = s.scalars(select(CountyAudit).order_by(CountyAudit.id.desc()).limit(limit))
        return [CountyAuditRow(a.id, a.at, a.actor, a.action, action_label(a.action), a.target,
                               _detail_text(a.detail)) for a in rows]


DETAIL_LABELS = {"role": "角色", "decision": "决定", "amount_fen": "确认金额", "opinion": "意见", "prepared_by": "拟办人",
                 "decisions": "件数", "file": "文件", "status": "结果", "code": "错误代码", "key_id": "密钥编号",
                 "fingerprint": "指纹", "value": "值"}
VALUE_LABELS = {"confirm": "确认", "reject": "不予确认", "accepted": "已导入", "duplicate": "此前已导入",
                "refused": "拒收", **COUNTY_ROLES}


def _value_text(key: str, value: object) -> str:
    if key == "amount_fen":
        return "按乡镇初审金额" if value is None else f"{format_fen(int(value))} 元"
    return VALUE_LABELS.get(value, str(value)) if isinstance(value, str) else str(value)


def _detail_text(detail: str) -> str:
    """The audit detail for a person: Chinese names and values (the stored JSON keeps the keys)."""
    try:
        values = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(values, dict):
        return str(values)
    return "；".join(f"{DETAIL_LABELS.get(k, k)}：{_value_text(k, v)}" for k, v in values.items())
