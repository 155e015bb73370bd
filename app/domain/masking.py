"""Masking personal data for lists and notices (SPEC §5, §10)."""

from __future__ import annotations


def mask_id(number: str | None) -> str:
    """First 6 and last 4 characters kept: 430902********123X."""
    if not number:
        return ""
    if len(number) <= 10:
        return number[:2] + "*" * max(len(number) - 2, 0)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_account(account: str | None) -> str:
    """Bank account: last 4 digits kept."""
    if not account:
        return ""
    if len(account) <= 4:
        return "*" * len(account)
    return "*" * (len(account) - 4) + account[-4:]
