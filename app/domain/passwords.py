"""Passwords of the township's and the county's users (SPEC §1, §10): argon2id hashes with the
library's current defaults, and the one rule a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher

from app.errors import InvalidInput

MIN_PASSWORD = 6
_hasher = PasswordHasher()


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"密码至少 {MIN_PASSWORD} 个字符")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_hash(password_hash: str, password: str) -> None:
    """argon2's check (VerificationError / InvalidHashError when the password does not match)."""
    _hasher.verify(password_hash, password)
