"""Payload record shapes and stage 7 of the receiver order: validate every record.

Each record type has an exact field table (no missing, no unknown fields), enums are the app's
own, ID numbers must pass the GB 11643 checksum in their stored form, money is integer fen,
references must point at an object in the batch or already held by the receiver. Messages name
the record type and object id, never personal data (they go into logs and receipts).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from app.domain import limits
from app.domain.ids import is_stored_id, normalize_id
from app.domain.lifecycle import EVENT_KINDS
from app.domain.programs import CASE_PROGRAMS, PROGRAM_NAMES
from app.domain.registry import HUKOU_TYPES, INCOME_CATEGORIES, RELATIONS
from app.domain.workflow import AppState, Step
from app.errors import IdNumberError
from app.sync import monitor_records
from app.sync.errors import RecordRefused
from app.sync.strictjson import canonical, canonical_text, sha256_hex

Check = Callable[[object], bool]
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
HEX64 = re.compile(r"[0-9a-f]{64}")


def _inline(expr: str, const: object = None) -> Callable[[Check], Check]:
    """Give a check its inline form for the compiled validators (_compile): a Python expression in
    `{v}` (the value) and `{c}` (the check's constant), true only when the check itself is true."""
    def attach(check: Check) -> Check:
        check.expr, check.const = expr, const  # type: ignore[attr-defined]
        return check
    return attach


@_inline("type({v}) is int")
def _int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


@_inline("type({v}) is int and {v} > 0")
def _pos(v: object) -> bool:
    return _int(v) and v > 0  # type: ignore[operator]


@_inline("type({v}) is int and {v} >= 0")
def _fen(v: object) -> bool:
    return _int(v) and v >= 0  # type: ignore[operator]


def _range(low: int, high: int) -> Check:
    return _inline(f"type({{v}}) is int and {int(low)} <= {{v}} <= {int(high)}")(
        lambda v: _int(v) and low <= v <= high)  # type: ignore[operator]


@_inline("({v} is True or {v} is False)")
def _bool(v: object) -> bool:
    return isinstance(v, bool)


def _text(limit: int | limits.Limit) -> Check:
    """A string of at most `limit` characters; a limits.Limit also names the field in the refusal."""
    chars = limit.chars if isinstance(limit, limits.Limit) else limit
    check = _inline(f"type({{v}}) is str and len({{v}}) <= {int(chars)}")(
        lambda v: isinstance(v, str) and len(v) <= chars)
    check.limit = limit if isinstance(limit, limits.Limit) else None  # type: ignore[attr-defined]
    return check


def _opt(check: Check) -> Check:
    inner = getattr(check, "expr", None)
    if inner is None:
        out = _inline("({v} is None or {c}({v}))", check)(lambda v: v is None or check(v))
    else:
        out = _inline(f"({{v}} is None or ({inner}))", check.const)(  # type: ignore[attr-defined]
            lambda v: v is None or check(v))
    out.limit = getattr(check, "limit", None)  # type: ignore[attr-defined]
    return out


def _texts(table: dict[str, limits.Limit]) -> dict[str, Check]:
    return {name: _text(limit) for name, limit in table.items()}


def _one_of(values: Iterable[str]) -> Check:
    allowed = frozenset(values)
    return _inline("type({v}) is str and {v} in {c}", allowed)(lambda v: isinstance(v, str) and v in allowed)


def _equals(value: object) -> Check:
    return _inline("{v} == {c}", value)(lambda v: v == value)


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


@_inline("type({v}) is str and {c}({v}) is not None", MONTH.fullmatch)
def _month(v: object) -> bool:
    return isinstance(v, str) and MONTH.fullmatch(v) is not None


@_inline("type({v}) is str and {c}({v}) is not None", HEX64.fullmatch)
def _hex64(v: object) -> bool:
    return isinstance(v, str) and bool(HEX64.fullmatch(v))


@_inline("type({v}) is list and all(type(x) is int and x > 0 for x in {v})")
def _ids(v: object) -> bool:
    return isinstance(v, list) and all(_pos(x) for x in v)


def _incomes(v: object) -> bool:
    return isinstance(v, dict) and all(k in INCOME_CATEGORIES and _fen(x) for k, x in v.items())


@_inline("type({v}) is dict")
def _dict(v: object) -> bool:
    return isinstance(v, dict)


@_inline("type({v}) is list")
def _list(v: object) -> bool:
    return isinstance(v, list)


@_inline("True")
def _any(v: object) -> bool:
    return True


def _compile(checks: dict[str, Check] | tuple[Check, ...]) -> Callable[[object], bool]:
    """One function, true only when a value passes `checks` (a dict: exactly these fields; a tuple: a
    list of this length, position by position): the checks' inline forms one after the other, no
    call per field, no message. The fast test for the many records of a batch; check_shape() (and
    friends) then find and name what is wrong with a record it refuses."""
    if isinstance(checks, dict):
        namespace: dict[str, object] = {"KEYS": frozenset(checks)}
        body = ["    if type(r) is not dict or r.keys() != KEYS: return False"]
        items = [(repr(k), c) for k, c in checks.items()]
    else:
        namespace, body = {}, [f"    if type(r) is not list or len(r) != {len(checks)}: return False"]
        items = [(str(i), c) for i, c in enumerate(checks)]
    for i, (at, check) in enumerate(items):
        namespace[f"f{i}"], namespace[f"c{i}"] = check, getattr(check, "const", None)
        expr = getattr(check, "expr", "{f}({v})").format(v="v", c=f"c{i}", f=f"f{i}")
        body += [f"    v = r[{at}]", f"    if not ({expr}): return False"]
    exec("\n".join(["def valid(r):", *body, "    return True"]), namespace)  # noqa: S102 - our own text
    return namespace["valid"]  # type: ignore[return-value]


H, MEM, TR, EV, CA = limits.HOUSEHOLD, limits.MEMBER, limits.TRANSITION, limits.EVENT, limits.CASE
TRANSITION = {"step": _one_of(Step), "from_state": _one_of(AppState), "to_state": _one_of(AppState),
              "actor": _text(TR["actor"]), "role": _text(TR["role"]), "on": _date,
              "opinion": _text(TR["opinion"]), "data": _dict}
EVENT = {"id": _pos, "kind": _one_of(EVENT_KINDS), "effective_month": _month, "amount_fen": _opt(_fen),
         "months": _opt(_int), "reason": _text(EV["reason"])}
SCHEMAS: dict[str, dict[str, Check]] = {
    "household": {"id": _pos, "version": _pos, "village": _text(H["village"]),
                  "village_code": _opt(_text(H["village_code"])), "address": _text(H["address"]),
                  "hukou_type": _one_of(HUKOU_TYPES), "phone": _text(H["phone"]), "bank_name": _text(H["bank_name"]),
                  "bank_account": _text(H["bank_account"]), "separately_registered": _bool,
                  "deductions_fen": _fen, "notes": _text(H["notes"]), "legacy_no": _opt(_text(H["legacy_no"])),
                  "status": _one_of(("active", "closed")), "updated_at": _datetime},
    "member": {"id": _pos, "household_id": _pos, "version": _pos, "name": _text(MEM["name"]),
               "id_number": _text(MEM["id_number"]), "relation": _one_of(RELATIONS), "co_resident": _bool,
               "labour_ability": _text(MEM["labour_ability"]),
               "disability_category": _text(MEM["disability_category"]), "disability_grade": _range(0, 4),
               "serious_illness": _bool, "student": _bool,
               "selfcare_items_failed": _range(0, 6), "death_date": _opt(_date),
               "incomes": _incomes},
    "application": {"id": _pos, "household_id": _pos, "version": _pos, "program": _one_of(CASE_PROGRAMS),
                    "state": _one_of(AppState), "covered_member_ids": _ids, "created_on": _date,
                    "accepted_on": _opt(_date), "decided_on": _opt(_date), "amount_fen": _opt(_fen),
                    "computed_amount_fen": _opt(_fen), "case_id": _opt(_pos), "transitions": _list},
    "case": {"id": _pos, "household_id": _pos, "version": _pos, "program": _one_of(CASE_PROGRAMS),
             "start_month": _month, "end_month": _opt(_month), "amount_fen": _fen, "initial_amount_fen": _fen,
             "status": _one_of(("active", "suspended", "ended")), **_texts(CA),
             "member_ids": _ids, "events": _list},
    "roster": {"id": _pos, "month": _month, "program": _one_of(PROGRAM_NAMES), "state":
               _one_of(("confirmed", "exported")), "content_hash": _hex64, **_texts(limits.ROSTER),
               "confirmed_at": _opt(_datetime), "content": _dict},
    "tombstone": {"kind": _one_of(("household", "member", "application", "case", "roster")), "id": _pos,
                  "household_id": _opt(_pos), "reason": _one_of(("removed", "closed", "ended", "deleted"))},
    "decision": {"application_id": _pos, "application_version": _pos, "decision": _one_of(("confirm", "reject")),
                 "amount_fen": _opt(_pos), "opinion": _text(limits.DECISION["opinion"]), "decided_on": _date,
                 "decided_by": _text(limits.DECISION["decided_by"])},
    "receipt": {"for_batch_id": _text(limits.RECEIPT["for_batch_id"]), "for_stream": _text(limits.RECEIPT["for_stream"]),
                "for_sequence": _int, "for_manifest_sha256": _text(limits.RECEIPT["for_manifest_sha256"]),
                "status": _one_of(("accepted", "duplicate", "rejected")),
                "error_code": _text(limits.RECEIPT["error_code"]), "message": _text(limits.RECEIPT["message"]),
                "received_at": _datetime, "counts": _dict, "rejected": _list},
    "monitor_warning": monitor_records.schema(_pos, _opt, _text, _one_of, _date),  # SPEC §13
    # format 2: one link of the township's audit chain (its fields, so the county can recompute the hash)
    "audit": {"id": _pos, "prev_hash": _hex64, "hash": _hex64, "fields": _dict},
}
_STR = _inline("type({v}) is str")(lambda v: isinstance(v, str))
AUDIT_FIELDS = {"ts": _datetime, **_texts(limits.AUDIT), "object_id": _opt(_int), "household_id": _opt(_int),
                "before_digest": _STR, "after_digest": _STR, "detail": _STR}
CONTENT_TYPES = {"households": "household", "members": "member", "applications": "application", "cases": "case",
                 "rosters": "roster", "tombstones": "tombstone", "decisions": "decision", "receipts": "receipt",
                 "audit": "audit", "monitor_warnings": "monitor_warning"}


def check_shape(rec: dict, type_: str, where: str, schema: dict[str, Check] | None = None) -> None:
    """Exact fields with the right types; `where` names the record (never its personal data)."""
    schema = schema if schema is not None else {"type": lambda v: v == type_, **SCHEMAS[type_]}
    missing, extra = set(schema) - set(rec), set(rec) - set(schema)
    if missing or extra:
        raise RecordRefused(f"{where}：缺少字段 {sorted(missing)}，未知字段 {sorted(extra)}")
    bad = [k for k, check in schema.items() if not check(rec[k])]
    if bad:
        raise RecordRefused(f"{where}：字段 {'、'.join(_named(k, schema[k], rec[k]) for k in bad)}")


def _named(key: str, check: Check, value: object) -> str:
    """A refused field by name; a text over its limit also says the limit and the length (never the text)."""
    limit = getattr(check, "limit", None)
    reason = limits.over(limit, value) if limit is not None else None
    return f"{key}{reason}" if reason else f"{key} 的值无效"


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


_L = limits.ROSTER_LINE
LINE = (_pos, _opt(_pos), _opt(_pos), _pos, _text(_L[4]), _text(_L[5]), _text(_L[6]), _text(_L[7]), _text(_L[8]),
        _fen, _int, _text(_L[11]), _month, _text(_L[13]))
CONTENT = {"households": _fen, "persons": _fen, "total_fen": _int, "lines": _list}


def check_roster(rec: dict, at: str) -> None:
    """A confirmed roster's content must hash to its recorded content hash (SPEC §5)."""
    c = rec["content"]
    check_shape(c, "content", f"{at} 内容", {"month": _equals(rec["month"]), "program": _equals(rec["program"]), **CONTENT})
    for i, line in enumerate(c["lines"], start=1):
        if not isinstance(line, list) or len(line) != len(LINE) or not all(f(x) for f, x in zip(LINE, line, strict=True)):
            raise RecordRefused(f"{at} 第 {i} 行格式无效")
    if sha256_hex(canonical(c)) != rec["content_hash"]:
        raise RecordRefused(f"{at}：内容与确认时记录的 SHA-256 不符")


def check_audit(rec: dict, at: str) -> None:
    check_shape(rec["fields"], "fields", f"{at} 的 fields", AUDIT_FIELDS)


EXTRA_CHECKS: dict[str, Callable[[dict, str], None]] = {
    "member": check_member, "application": check_application, "case": check_case, "roster": check_roster,
    "audit": check_audit,
}

# ---- the fast test: true only when the checks above find nothing ----------------------------------

_VALID = {type_: _compile({"type": _equals(type_), **schema}) for type_, schema in SCHEMAS.items()}
_TRANSITION, _EVENT, _LINE = _compile(TRANSITION), _compile(EVENT), _compile(LINE)
_AUDIT_FIELDS = _compile(AUDIT_FIELDS)
_CONTENT = _compile({"month": _any, "program": _any, **CONTENT})


def _roster_ok(rec: dict, line: str | None) -> bool:
    c = rec["content"]
    if not (_CONTENT(c) and c["month"] == rec["month"] and c["program"] == rec["program"] and all(map(_LINE, c["lines"]))):
        return False
    text = field_text(line, rec, "content") if line is not None else None
    return sha256_hex(text.encode() if text is not None else canonical(c)) == rec["content_hash"]


def field_text(line: str, rec: dict, key: str) -> str | None:
    """canonical(rec[key]) cut out of `line`, the canonical JSON of `rec` (no second serialisation of a
    big value): what precedes and follows it there is the canonical JSON of the fields sorted before and
    after `key`. None when `line` does not begin and end so."""
    before = canonical_text({k: v for k, v in rec.items() if k < key})[:-1]
    after = canonical_text({k: v for k, v in rec.items() if k > key})[1:]
    head = before + ("," if len(before) > 1 else "") + canonical_text(key) + ":"
    tail = "," + after if len(after) > 1 else "}"
    if len(line) < len(head) + len(tail) or not (line.startswith(head) and line.endswith(tail)):
        return None
    return line[len(head):len(line) - len(tail)]


def _fast_extra(today: date) -> dict[str, Callable[[dict, str | None], bool]]:
    return {"member": lambda rec, _line: is_stored_id(rec["id_number"], today=today),
            "application": lambda rec, _line: all(map(_TRANSITION, rec["transitions"])),
            "case": lambda rec, _line: all(map(_EVENT, rec["events"])),
            "audit": lambda rec, _line: _AUDIT_FIELDS(rec["fields"]),
            "roster": _roster_ok}


def check_record(content: str, index: int, rec: dict) -> None:
    """One record's shape, enums, ID checksum, roster hash; the first problem is refused by name."""
    type_ = CONTENT_TYPES[content]
    at = where(content, index, rec)
    check_shape(rec, type_, at)
    if type_ in EXTRA_CHECKS:
        EXTRA_CHECKS[type_](rec, at)


def check_payloads(payloads: dict[str, list[dict]], lines: dict[str, list[str] | None] | None = None) -> None:
    """Shapes, enums, ID checksums and roster hashes of every record (no references).
    `lines`: each payload's lines when each is its record's canonical JSON (receive.Payload.lines).

    Each record first meets the compiled test of its type, which is true only when check_record()
    would find nothing; only a record it does not pass goes through check_record(), which refuses
    it naming the first problem (so the first bad record and the message are what they always were)."""
    fast_extra = _fast_extra(date.today())
    for content, records in payloads.items():
        type_ = CONTENT_TYPES[content]
        valid, extra = _VALID[type_], fast_extra.get(type_)
        texts = (lines or {}).get(content) or [None] * len(records)
        for i, (rec, line) in enumerate(zip(records, texts, strict=True), start=1):
            if not (valid(rec) and (extra is None or extra(rec, line))):
                check_record(content, i, rec)


def refused_records(payloads: dict[str, list[dict]]) -> Iterator[tuple[str, dict, str]]:
    """Every record check_record() refuses, as (content, record, reason without the record's position):
    the township's own check before it writes a batch lists them all."""
    for content, records in payloads.items():
        for i, rec in enumerate(records, start=1):
            try:
                check_record(content, i, rec)
            except RecordRefused as exc:
                detail, at = str(exc.params["detail"]), where(content, i, rec)
                yield content, rec, detail.removeprefix(f"{at}：")
