"""Lockout after mistyped passwords (SPEC §1, §10), for the township's users and the county's alike:
5 wrong passwords in a row lock the account for 15 minutes; a person is told how close the lock is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.errors import AccountLocked, AuthError

MAX_FAILED = 5
LOCK_MINUTES = 15


def refuse_if_locked(name: str, locked_until: datetime | None, now: datetime) -> None:
    if locked_until and locked_until > now:
        minutes = int((locked_until - now).total_seconds() // 60) + 1
        raise AccountLocked(f"连续输错密码，账户「{name}」已锁定，请 {minutes} 分钟后再试")


@dataclass(frozen=True)
class Failure:
    failed_logins: int  # the count to store
    locked_until: datetime | None  # set when this failure locks the account
    error: AuthError  # what the person is told

    @property
    def locked(self) -> bool:
        return self.locked_until is not None


def wrong_password(failed_logins: int, now: datetime) -> Failure:
    """One more wrong password after `failed_logins` in a row."""
    failed = failed_logins + 1
    if failed >= MAX_FAILED:
        return Failure(0, now + timedelta(minutes=LOCK_MINUTES), AuthError(
            f"用户名或密码错误；已连续输错 {MAX_FAILED} 次，账户锁定 {LOCK_MINUTES} 分钟", tries_left=0))
    left = MAX_FAILED - failed
    return Failure(failed, None, AuthError(
        f"用户名或密码错误，还可再试 {left} 次（连续输错 {MAX_FAILED} 次将锁定 {LOCK_MINUTES} 分钟）", tries_left=left))
