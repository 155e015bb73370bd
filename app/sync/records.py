"""Payload record shapes and stage 7 of the receiver order: validate every record.

Each record type has an exact field table (no missing, no unknown fields), enums are the app's
own, ID numbers must pass the GB 11643 checksum in their stored form, money is integer fen,
references must point at an object in the batch or already held by the receiver. Messages name
the record type and object id, never personal data (they go into logs and receipts).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime

from app.domain.ids import normalize_id
from app.domain.lifecycle import EVENT_KINDS
from app.domain.programs import PROGRAM_NAMES
from app.domain.registry import HUKOU_TYPES, INCOME_CATEGORIES, RELATIONS
from app.domain.workflow import AppState, Step
from app.errors import IdNumberError
from app.sync.errors import RecordRefused
from app.sync.strictjson import canonical, sha256_hex

Check = Callable[[object], bool]
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
HEX64 = re.compile(r"[0-9a-f]{64}")


def _int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _pos(v: object) -> bool:
    return _int(v) and v > 0  # type: ignore[operator]


def _fen(v: object) -> bool:
    return _int(v) and v >= 0  # type: ignore[operator]


def _bool(v: object) -> bool:
    return isinstance(v, bool)


def _text(limit: int) -> Check:
    return lambda v: isinstance(v, str) and len(v) <= limit


def _opt(check: Check) -> Check:
    return lambda v: v is None or check(v)


def _one_of(values: Iterable[str]) -> Check:
    allowed = frozenset(values)
    return lambda v: isinstance(v, str) and v in allowed


def _date(v: object) -> bool:
    try:
        return isinstance(v, str) and len(v) == 10 and date.fromisoformat(v) is not None
    except ValueError:
        return False


def _datetime(v: object) -> bool:
    try:
        return isinstance(v, str) and datetime.fromisoformat(v) is not None
    except ValueError:
        return False


def _month(v: object) -> bool:
    return isinstance(v, str) and MONTH.fullmatch(v) is not None


def _ids(v: object) -> bool:
    return isinstance(v, list) and all(_pos(x) for x in v)


def _incomes(v: object) -> bool:
    return isinstance(v, dict) and all(k in INCOME_CATEGORIES and _fen(x) for k, x in v.items())


def _dict(v: object) -> bool:
    return isinstance(v, dict)


TEXT = _text(1000)
CASE_PROGRAMS = ("urban_dibao", "rural_dibao", "urban_tekun", "rural_tekun")
TRANSITION = {"step": _one_of(Step), "from_state": _one_of(AppState), "to_state": _one_of(AppState),
              "actor": _text(50), "role": _text(10), "on": _date, "opinion": _text(10000), "data": _dict}
EVENT = {"id": _pos, "kind": _one_of(EVENT_KINDS), "effective_month": _month, "amount_fen": _opt(_fen),
         "months": _opt(_int), "reason": _text(10000)}
SCHEMAS: dict[str, dict[str, Check]] = {
    "household": {"id": _pos, "version": _pos, "village": _text(100), "village_code": _opt(_text(12)),
                  "address": _text(200), "hukou_type": _one_of(HUKOU_TYPES), "phone": _text(40),
                  "bank_name": _text(60), "bank_account": _text(40), "separately_registered": _bool,
                  "deductions_fen": _fen, "notes": TEXT, "legacy_no": _opt(_text(40)),
                  "status": _one_of(("active", "closed")), "updated_at": _datetime},
    "member": {"id": _pos, "household_id": _pos, "version": _pos, "name": _text(50), "id_number": _text(18),
               "relation": _one_of(RELATIONS), "co_resident": _bool, "labour_ability": _text(20),
               "disability_category": _text(20), "disability_grade": lambda v: _int(v) and 0 <= v <= 4,
               "serious_illness": _bool, "student": _bool,
               "selfcare_items_failed": lambda v: _int(v) and 0 <= v <= 6, "death_date": _opt(_date),
               "incomes": _incomes},
    "application": {"id": _pos, "household_id": _pos, "version": _pos, "program": _one_of(CASE_PROGRAMS),
                    "state": _one_of(AppState), "covered_member_ids": _ids, "created_on": _date,
                    "accepted_on": _opt(_date), "decided_on": _opt(_date), "amount_fen": _opt(_fen),
                    "computed_amount_fen": _opt(_fen), "case_id": _opt(_pos), "transitions": list.__instancecheck__},
    "case": {"id": _pos, "household_id": _pos, "version": _pos, "program": _one_of(CASE_PROGRAMS),
             "start_month": _month, "end_month": _opt(_month), "amount_fen": _fen, "initial_amount_fen": _fen,
             "status": _one_of(("active", "suspended", "ended")), "support_mode": _text(10),
             "payee_name": _text(100), "payee_account": _text(40), "end_reason": _text(200),
             "member_ids": _ids, "events": list.__instancecheck__},
    "roster": {"id": _pos, "month": _month, "program": _one_of(PROGRAM_NAMES), "state":
               _one_of(("confirmed", "exported")), "content_hash": lambda v: isinstance(v, str) and bool(
                   HEX64.fullmatch(v)), "confirmed_by": _text(50), "confirmed_at": _opt(_datetime), "content": _dict},
    "tombstone": {"kind": _one_of(("household", "member", "application", "case", "roster")), "id": _pos,
                  "household_id": _opt(_pos), "reason": _one_of(("removed", "closed", "ended", "deleted"))},
    "decision": {"application_id": _pos, "application_version": _pos, "decision": _one_of(("confirm", "reject")),
                 "amount_fen": _opt(_pos), "opinion": _text(10000), "decided_on": _date, "decided_by": _text(50)},
    "receipt": {"for_batch_id": _text(32), "for_stream": _text(20), "for_sequence": _int,
                "for_manifest_sha256": _text(64), "status": _one_of(("accepted", "duplicate", "rejected")),
                "error_code": _text(40), "message": _text(4000), "received_at": _datetime, "counts": _dict,
                "rejected": list.__instancecheck__},
}
CONTENT_TYPES = {"households": "household", "members": "member", "applications": "application", "cases": "case",
                 "rosters": "roster", "tombstones": "tombstone", "decisions": "decision", "receipts": "receipt"}


def check_shape(rec: dict, type_: str, where: str, schema: dict[str, Check] | None = None) -> None:
    """Exact fields with the right types; `where` names the record (never its personal data)."""
    schema = schema if schema is not None else {"type": lambda v: v == type_, **SCHEMAS[type_]}
    missing, extra = set(schema) - set(rec), set(rec) - set(schema)
    if missing or extra:
        raise RecordRefused(f"{where}：缺少字段 {sorted(missing)}，未知字段 {sorted(extra)}")
    bad = [k for k, check in schema.items() if not check(rec[k])]
    if bad:
        raise RecordRefused(f"{where}：字段 {'、'.join(bad)} 的值无效")


def where(content: str, index: int, rec: dict) -> str:
    return f"{content} 第 {index} 条（编号 {rec.get('id', rec.get('application_id', '?'))}）"


def check_member(rec: dict, at: str) -> None:
    try:
        stored = normalize_id(rec["id_number"]).number
    except IdNumberError:
        raise RecordRefused(f"{at}：身份证号校验不通过") from None
    if stored != rec["id_number"]:
        raise RecordRefused(f"{at}：身份证号不是规范形式（18 位，末位大写 X）")


def _each(items: list, schema: dict[str, Check], at: str, what: str) -> None:
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise RecordRefused(f"{at}：第 {i} 个{what}必须是对象")
        check_shape(item, what, f"{at} 第 {i} 个{what}", schema)


def check_application(rec: dict, at: str) -> None:
    _each(rec["transitions"], TRANSITION, at, "步骤")


def check_case(rec: dict, at: str) -> None:
    _each(rec["events"], EVENT, at, "变更")


LINE = (_pos, _opt(_pos), _opt(_pos), _pos, _text(100), _text(100), _text(18), _text(60), _text(40), _fen, _int,
        _text(10), _month, _text(200))


def check_roster(rec: dict, at: str) -> None:
    """A confirmed roster's content must hash to its recorded content hash (SPEC §5)."""
    c = rec["content"]
    check_shape(c, "content", f"{at} 内容", {"month": lambda v: v == rec["month"],
                                           "program": lambda v: v == rec["program"], "households": _fen,
                                           "persons": _fen, "total_fen": _int, "lines": list.__instancecheck__})
    for i, line in enumerate(c["lines"], start=1):
        if not isinstance(line, list) or len(line) != len(LINE) or not all(f(x) for f, x in zip(LINE, line, strict=True)):
            raise RecordRefused(f"{at} 第 {i} 行格式无效")
    if sha256_hex(canonical(c)) != rec["content_hash"]:
        raise RecordRefused(f"{at}：内容与确认时记录的 SHA-256 不符")


EXTRA_CHECKS: dict[str, Callable[[dict, str], None]] = {
    "member": check_member, "application": check_application, "case": check_case, "roster": check_roster,
}


def check_payloads(payloads: dict[str, list[dict]]) -> None:
    """Shapes, enums, ID checksums and roster hashes of every record (no references)."""
    for content, records in payloads.items():
        type_ = CONTENT_TYPES[content]
        for i, rec in enumerate(records, start=1):
            at = where(content, i, rec)
            check_shape(rec, type_, at)
            if type_ in EXTRA_CHECKS:
                EXTRA_CHECKS[type_](rec, at)
