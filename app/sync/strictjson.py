"""Strict JSON for everything a receiver reads, and the canonical form for everything we write.

Strict: UTF-8 only, no duplicate keys, no NaN / Infinity, no floats at all (money is integer
fen, counts are integers), a size cap checked by the caller. Canonical: sorted keys, no spaces,
UTF-8 (not ASCII-escaped), so the same content always gives the same bytes and the same hash.
"""

from __future__ import annotations

import hashlib
import json

from app.sync.errors import SyncRefused

# the canonical form as text: one encoder for every record and manifest (they hold no reference
# cycles, so the circular-reference bookkeeping is left out)
canonical_text = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False,
                                  check_circular=False).encode


def canonical(obj: object) -> bytes:
    return canonical_text(obj).encode()


def _no_number(text: str) -> object:
    raise ValueError(text)


# floats and NaN / Infinity raise at once; the error itself does not matter (see canonical_lines)
_no_floats = json.JSONDecoder(parse_float=_no_number, parse_constant=_no_number).decode


def canonical_lines(body: bytes) -> tuple[list[object], list[str]] | None:
    """JSON Lines whose every line is the canonical form of its value: (values, lines); else None.

    The fast way to what loads_strict() gives line by line. All lines are parsed in one call, with
    floats and NaN refused by the hooks; then each value is serialised canonically again and must
    give back its line exactly. A line with a duplicate key (a dict keeps one), a space, an escape
    that was not needed or keys out of order does not. A line that does is canonical, so
    loads_strict() would return the same value for it. None: let loads_strict() decide line by line,
    with its own messages (it also accepts valid lines that are merely not canonical).
    """
    try:
        text = body.decode("utf-8")
        values = _no_floats("[" + text.replace("\n", ",") + "]")
        lines = text.split("\n")
        if len(values) != len(lines):
            return None
        for value, line in zip(values, lines, strict=True):
            if canonical_text(value) != line:
                return None
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    return values, lines


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Strict:
    def __init__(self, error: type[SyncRefused], what: str) -> None:
        self.error, self.what = error, what

    def pairs(self, pairs: list[tuple[str, object]]) -> dict:
        out: dict = {}
        for key, value in pairs:
            if key in out:
                raise self.error(f"{self.what}：键「{key}」重复")
            out[key] = value
        return out

    def constant(self, name: str) -> object:
        raise self.error(f"{self.what}：不允许 {name}")

    def float_(self, text: str) -> object:
        raise self.error(f"{self.what}：不允许小数「{text}」（金额以整数分表示）")


def loads_strict(data: bytes, error: type[SyncRefused], what: str) -> object:
    """Parse JSON bytes strictly; any problem raises `error` naming `what`."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise error(f"{what}：不允许 BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{what}：不是 UTF-8 文本") from exc
    s = _Strict(error, what)
    try:
        return json.loads(text, object_pairs_hook=s.pairs, parse_constant=s.constant, parse_float=s.float_)
    except json.JSONDecodeError as exc:
        raise error(f"{what}：JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）") from exc
    except RecursionError as exc:
        raise error(f"{what}：嵌套过深") from exc
