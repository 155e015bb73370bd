"""Managing users and reading the audit log (SPEC §10): password change and reset, activation,
unlocking, recording that a masked value was revealed, and audit rows for the viewer.

Every function checks the actor's role itself (the GUI hides what a role may not do, but the
refusal lives here) and appends an audit record for each change. Passwords never go into a
record; the viewer's rows carry abbreviated digests, never the before/after snapshots.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.audit_labels import OBJECT_LABELS, action_label
from app.domain.lockout import refuse_if_locked, wrong_password
from app.domain.passwords import check_password_rules, hash_password, verify_hash
from app.domain.roles import CLERK_ROLES, ROLE_LABELS, Actor, require_role
from app.errors import AuthError, Conflict, InvalidInput, NotFound
from app.models import AuditRecord, User
from app.models.base import utcnow
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.integrity import Finding, verify
from app.services.paper_store import PaperStore

AUDIT_READERS = ("admin", "reviewer")
REVEAL_FIELDS = {"id_number": "身份证号", "bank_account": "银行账号"}


class WrongOldPassword(AuthError):
    """The old password typed in 修改密码 is wrong (counted like a failed login)."""

    template = "修改密码失败：{detail}"


@dataclass(frozen=True)
class UserStatusRow:
    id: int
    name: str
    role: str
    role_label: str
    active: bool
    locked_until: datetime | None  # UTC; None when not locked


@dataclass(frozen=True)
class AuditRow:
    id: int
    ts: datetime  # local time
    actor: str
    action: str
    action_label: str
    object: str
    household_id: int | None
    digests: str  # "前 1a2b3c4d → 后 5e6f7a8b", abbreviated
    note: str


# -- passwords -------------------------------------------------------------------------------
def _user(s: Session, name: str) -> User:
    user = s.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"用户「{name}」")
    return user


def change_password(uow: UnitOfWork, actor: Actor, old: str, new: str) -> None:
    """The actor changes their own password. A wrong old password counts toward the lockout."""
    check_password_rules(new)
    if new == old:
        raise InvalidInput("新密码不能与旧密码相同")
    with uow.begin() as s:
        user = _user(s, actor.name)
        now = utcnow()
        refuse_if_locked(user.name, user.locked_until, now)
        try:
            verify_hash(user.password_hash, old)
        except (VerificationError, InvalidHashError):
            counted = wrong_password(user.failed_logins, now)
            user.failed_logins = counted.failed_logins
            if counted.locked:
                user.locked_until = counted.locked_until
                audit.append(s, user.name, "user.locked", "user", user.id, note="修改密码时连续 5 次旧密码错误")
            failure = WrongOldPassword("旧密码不正确")
        else:
            user.password_hash = hash_password(new)
            user.failed_logins = 0
            audit.append(s, actor, "user.password_change", "user", user.id, note="本人修改密码")
            return
    raise failure  # raised after the commit, so the failed attempt stays counted


def reset_password(uow: UnitOfWork, actor: Actor, name: str, new: str) -> None:
    """An admin sets a new password for `name` (and lifts a lockout)."""
    require_role(actor, "admin")
    check_password_rules(new)
    with uow.begin() as s:
        user = _user(s, name)
        user.password_hash = hash_password(new)
        user.failed_logins, user.locked_until = 0, None
        audit.append(s, actor, "user.password_reset", "user", user.id, note=f"重置「{name}」的密码")


def set_active(uow: UnitOfWork, actor: Actor, name: str, active: bool) -> None:
    """Enable or disable a login. Nobody disables themselves; the last active admin stays."""
    require_role(actor, "admin")
    with uow.begin() as s:
        user = _user(s, name)
        if user.active == active:
            return
        if not active and user.name == actor.name:
            raise Conflict("不能停用自己的账户")
        if not active and user.role == "admin":
            admins = s.scalars(select(User.id).where(User.role == "admin", User.active.is_(True))).all()
            if len(admins) <= 1:
                raise Conflict("这是唯一启用的管理员账户，不能停用")
        user.active = active
        audit.append(s, actor, "user.enable" if active else "user.disable", "user", user.id,
                     before={"name": name, "active": not active}, after={"name": name, "active": active})


def unlock_user(uow: UnitOfWork, actor: Actor, name: str) -> None:
    require_role(actor, "admin")
    with uow.begin() as s:
        user = _user(s, name)
        user.failed_logins, user.locked_until = 0, None
        audit.append(s, actor, "user.unlock", "user", user.id, note=f"解除「{name}」的锁定")


def user_rows(uow: UnitOfWork, actor: Actor) -> list[UserStatusRow]:
    require_role(actor, "admin")
    now = utcnow()
    with uow.read() as s:
        return [UserStatusRow(u.id, u.name, u.role, ROLE_LABELS.get(u.role, u.role), u.active,
                              u.locked_until if u.locked_until and u.locked_until > now else None)
                for u in s.scalars(select(User).order_by(User.id))]


# -- revealing masked values -----------------------------------------------------------------
def record_reveal(uow: UnitOfWork, actor: Actor, object_type: str, object_id: int | None, field: str,
                  household_id: int | None) -> None:
    """Note that `actor` looked at a full ID number / bank account (never the value itself)."""
    require_role(actor, *CLERK_ROLES)
    if field not in REVEAL_FIELDS:
        raise InvalidInput(f"不能显示字段「{field}」")
    with uow.begin() as s:
        audit.append(s, actor, f"reveal.{field}", object_type, object_id, household_id=household_id,
                     note=f"显示完整{REVEAL_FIELDS[field]}")


# -- the audit viewer ------------------------------------------------------------------------
# filter choices for the viewer: a key ending in "." matches every action with that prefix
ACTION_GROUPS = (
    ("", "全部操作"), ("user.", "用户与登录"), ("reveal.", "显示完整信息"), ("household.", "家庭台账"),
    ("application.", "申请审批"), ("case.", "救助对象"), ("roster.", "花名册"), ("temporary.", "临时救助"),
    ("sync.", "数据交换"), ("backup.", "备份恢复"), ("paper.", "申请材料"),
)


def _utc_bound(day: date) -> datetime:
    """Midnight of a local calendar day, as the naive UTC the log stores."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC).replace(tzinfo=None)


def _digests(before: str, after: str) -> str:
    parts = ([f"前 {before[:8]}"] if before else []) + ([f"后 {after[:8]}"] if after else [])
    return " → ".join(parts)


def _note(detail: str) -> str:
    try:
        return str(json.loads(detail).get("note") or "")
    except (ValueError, AttributeError):
        return ""


def audit_rows(uow: UnitOfWork, viewer: Actor, *, actor: str = "", action: str = "", since: date | None = None,
               until: date | None = None, household_id: int | None = None, limit: int = 500) -> list[AuditRow]:
    """Records for `viewer` (admin or reviewer), newest first, filtered by the acting user's name,
    the action (a key ending in "." is a prefix, see ACTION_GROUPS), local dates (`until`
    inclusive) and household."""
    require_role(viewer, *AUDIT_READERS)
    q = select(AuditRecord)
    if actor.strip():
        q = q.where(AuditRecord.actor == actor.strip())
    if action.endswith("."):
        q = q.where(AuditRecord.action.startswith(action, autoescape=True))
    elif action:
        q = q.where(AuditRecord.action == action)
    if since:
        q = q.where(AuditRecord.ts >= _utc_bound(since))
    if until:
        q = q.where(AuditRecord.ts < _utc_bound(until + timedelta(days=1)))
    if household_id is not None:
        q = q.where(AuditRecord.household_id == household_id)
    with uow.read() as s:
        recs = s.scalars(q.order_by(AuditRecord.id.desc()).limit(limit)).all()
        return [AuditRow(
            id=r.id, ts=r.ts.replace(tzinfo=UTC).astimezone().replace(tzinfo=None), actor=r.actor,
            action=r.action, action_label=action_label(r.action),
            object=" ".join(p for p in (OBJECT_LABELS.get(r.object_type, r.object_type),
                                        "" if r.object_id is None else str(r.object_id)) if p),
            household_id=r.household_id, digests=_digests(r.before_digest, r.after_digest), note=_note(r.detail),
        ) for r in recs]


def check_integrity(uow: UnitOfWork, actor: Actor, papers: PaperStore | None = None) -> list[Finding]:
    """`audit verify` for the viewer's 校验 button (with the paper store, the paper files too)."""
    require_role(actor, *AUDIT_READERS)
    return verify(uow, papers)
