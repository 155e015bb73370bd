"""The audit chain's arithmetic (SPEC §10): each record's hash covers the previous hash and its own
canonical fields. Pure, so the township's audit log and the county's check of a batch's audit links
compute it with the same lines."""

from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64


def canonical(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def digest(obj: object | None) -> str:
    return "" if obj is None else hashlib.sha256(canonical(obj).encode()).hexdigest()


def record_hash(prev_hash: str, fields: dict) -> str:
    return hashlib.sha256((prev_hash + canonical(fields)).encode()).hexdigest()
