"""`audit verify` (SPEC §10): the audit chain, and current content against the latest digests.

An edited, inserted or deleted audit record breaks the chain; a household, member, case or
confirmed roster edited behind the application's back no longer matches the after-digest of
its latest audit record. A stored value the application could never have written (a date that
does not parse, text in a number column) is itself a finding naming its row, found from the raw
values before anything is loaded as an object, so it is reported as tampering, never a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Table, func, select
from sqlalchemy.engine.processors import str_to_date, str_to_datetime
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AuditRecord,
    Case,
    CaseEvent,
    CaseMember,
    Household,
    Income,
    Member,
    Paper,
    Roster,
    RosterLine,
    Village,
)
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.cases import case_snapshot
from app.services.households import household_snapshot
from app.services.paper_store import PaperStore
from app.services.papers import check_papers
from app.services.rosters import content_hash, roster_content


@dataclass(frozen=True)
class Finding:
    what: str  # 审计记录 / 家庭 / 救助对象 / 花名册
    object_id: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.what}{f' {self.object_id}' if self.object_id is not None else ''}：{self.reason}"


def _latest_digests(s: Session, object_type: str) -> dict[int, str]:
    latest = (select(AuditRecord.object_id, func.max(AuditRecord.id).label("last"))
              .where(AuditRecord.object_type == object_type, AuditRecord.object_id.is_not(None),
                     AuditRecord.after_digest != "")
              .group_by(AuditRecord.object_id).subquery())
    q = select(AuditRecord.object_id, AuditRecord.after_digest).join(latest, AuditRecord.id == latest.c.last)
    return dict(s.execute(q).all())


def _check_households(s: Session, skip: set[int]) -> list[Finding]:
    digests, out = _latest_digests(s, "household"), []
    q = select(Household).options(selectinload(Household.members).selectinload(Member.incomes),
                                  selectinload(Household.village)).where(Household.id.not_in(skip))
    for h in s.scalars(q):
        expected = digests.get(h.id)
        if expected is None:
            out.append(Finding("家庭", h.id, "没有对应的审计记录（可能绕过程序直接写入）"))
        elif audit.digest(household_snapshot(h)) != expected:
            out.append(Finding("家庭", h.id, "当前内容与最近一次审计记录不符（家庭或成员被绕过程序修改）"))
    return out


def _check_cases(s: Session, skip: set[int]) -> list[Finding]:
    digests, out = _latest_digests(s, "case"), []
    for c in s.scalars(select(Case).options(selectinload(Case.members)).where(Case.id.not_in(skip))):
        expected = digests.get(c.id)
        if expected is None:
            out.append(Finding("救助对象", c.id, "没有对应的审计记录（可能绕过程序直接写入）"))
        elif audit.digest(case_snapshot(c)) != expected:
            out.append(Finding("救助对象", c.id, "当前内容与最近一次审计记录不符（被绕过程序修改）"))
    return out


def _check_rosters(s: Session, skip: set[int]) -> list[Finding]:
    out = []
    confirmed = {rid: rec for rid, rec in s.execute(
        select(AuditRecord.object_id, AuditRecord.detail).where(AuditRecord.action == "roster.confirm"))}
    for r in s.scalars(select(Roster).where(Roster.state != "draft", Roster.id.not_in(skip))):
        recorded = confirmed.get(r.id)
        if recorded is None or r.content_hash not in recorded:
            out.append(Finding("花名册", r.id, f"{r.month} 确认记录缺失或校验值被改动"))
        elif content_hash(roster_content(s, r)) != r.content_hash:
            out.append(Finding("花名册", r.id, f"{r.month} 已确认花名册的内容被改动"))
    return out


log = logging.getLogger(__name__)
SCANNED: tuple[tuple[str, type], ...] = (
    ("家庭", Household), ("家庭成员", Member), ("收入", Income), ("村(社区)", Village), ("救助对象", Case),
    ("救助对象成员", CaseMember), ("救助对象变更", CaseEvent), ("花名册", Roster), ("花名册明细", RosterLine),
    ("申请材料", Paper))


def _parses(parse: Callable[[str], object], value: object) -> bool:
    try:
        parse(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return False
    return isinstance(value, str)


def _value_problem(column_type: object, value: object) -> str | None:
    """Why a raw stored value is not one its column's type can hold, or None."""
    if value is None:
        return None
    if isinstance(column_type, DateTime):
        return None if _parses(str_to_datetime, value) else "不是有效的时间"
    if isinstance(column_type, Date):
        return None if _parses(str_to_date, value) else "不是有效的日期"
    if isinstance(column_type, Boolean):
        return None if value in (0, 1) and type(value) is int else "不是是/否值"
    if isinstance(column_type, Integer):
        return None if type(value) is int else "不是整数"
    if isinstance(column_type, String):
        return None if isinstance(value, str) else "不是文本"
    return None


_D = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
_T = f"{_D} [0-9][0-9]:[0-9][0-9]:[0-9][0-9]"


def _suspect(column_type: object, c: str) -> str | None:
    """An SQLite condition true for every value of column `c` that _value_problem() may refuse (and a
    few it accepts): only those rows are read into Python, so a clean database is scanned in SQL."""
    if isinstance(column_type, DateTime):
        return (f"({c} IS NOT NULL AND (typeof({c}) != 'text' OR NOT ({c} GLOB '{_T}' OR {c} GLOB "
                f"'{_T}.[0-9][0-9][0-9][0-9][0-9][0-9]') OR date(julianday({c})) IS NOT substr({c}, 1, 10)))")
    if isinstance(column_type, Date):
        return f"({c} IS NOT NULL AND (typeof({c}) != 'text' OR {c} NOT GLOB '{_D}' OR date(julianday({c})) IS NOT {c}))"
    if isinstance(column_type, Boolean):
        return f"({c} IS NOT NULL AND (typeof({c}) != 'integer' OR {c} NOT IN (0, 1)))"
    if isinstance(column_type, Integer):
        return f"typeof({c}) NOT IN ('integer', 'null')"
    if isinstance(column_type, String):
        return f"typeof({c}) NOT IN ('text', 'null')"
    return None


def _malformed_rows(s: Session, label: str, table: Table, bad_rows: dict[str, list[dict]]) -> list[Finding]:
    """Every row of `table` holding a value its column type cannot hold (the value itself is not shown);
    the rows themselves go into `bad_rows` (table name -> raw rows)."""
    cols = list(table.columns)
    key = [c for c in cols if c.primary_key]
    names = ", ".join(f'"{c.name}"' for c in cols)
    where = " OR ".join(cond for c in cols if (cond := _suspect(c.type, f'"{c.name}"')))
    out = []
    sql = f'SELECT {names} FROM "{table.name}" WHERE {where or "0"}'  # noqa: S608 - our own names
    for row in s.connection().exec_driver_sql(sql):
        bad = [(c.name, why) for c, v in zip(cols, row, strict=True) if (why := _value_problem(c.type, v))]
        if bad:
            bad_rows.setdefault(table.name, []).append(dict(zip((c.name for c in cols), row, strict=True)))
            ident = row[cols.index(key[0])] if len(key) == 1 else "/".join(str(row[cols.index(k)]) for k in key)
            out.append(Finding(label, ident if isinstance(ident, int) else None,
                               "数据值无效（被绕过程序修改）：" + "；".join(f"字段 {n} {w}" for n, w in bad)
                               + ("" if isinstance(ident, int) else f"（主键 {str(ident)[:40]}）")))
    return out


def _ids(rows: list[dict], column: str) -> set[int]:
    return {r[column] for r in rows if type(r.get(column)) is int}


def _where_in(s: Session, sql: str, ids: set[int]) -> set[int]:
    """The first column of `sql` (one `{}` for the id list) over `ids`, in chunks."""
    out: set[int] = set()
    ordered = sorted(ids)
    for i in range(0, len(ordered), 500):
        chunk = ",".join(str(int(x)) for x in ordered[i:i + 500])
        out |= {v for (v,) in s.connection().exec_driver_sql(sql.format(chunk)) if type(v) is int}
    return out


def _skipped(s: Session, bad: dict[str, list[dict]]) -> dict[str, set[int]]:
    """The households, cases and rosters whose object check would load a malformed row: they are
    already findings, and every other object is still checked."""
    members = _ids(bad.get("member", []), "id") | _where_in(
        s, "SELECT id FROM member WHERE id IN ({})", _ids(bad.get("income", []), "member_id"))
    households = (_ids(bad.get("household", []), "id") | _ids(bad.get("member", []), "household_id")
                  | _where_in(s, "SELECT household_id FROM member WHERE id IN ({})", members)
                  | _where_in(s, "SELECT id FROM household WHERE village_id IN ({})", _ids(bad.get("village", []), "id")))
    cases = (_ids(bad.get("assistance_case", []), "id") | _ids(bad.get("case_member", []), "case_id")
             | _ids(bad.get("case_event", []), "case_id")
             | _where_in(s, "SELECT case_id FROM case_member WHERE member_id IN ({})", members))
    rosters = _ids(bad.get("roster", []), "id") | _ids(bad.get("roster_line", []), "roster_id")
    return {"家庭": households, "救助对象": cases, "花名册": rosters}


def _guarded(check: Callable[[Session, set[int]], list[Finding]], s: Session, what: str, skip: set[int],
             malformed: bool) -> list[Finding]:
    """Run an object-level check; a value it cannot load is tampering too, never an internal error."""
    try:
        return check(s, skip)
    except (ValueError, TypeError, ArithmeticError, LookupError) as exc:
        log.warning("audit verify: %s not checked: %s", what, exc.__class__.__name__)
        reason = "含无效数据值，未能逐项核对（见上）" if malformed else "数据值无法读取（被绕过程序修改）"
        return [Finding(f"{what}的逐条核对", None, reason)]


def verify(uow: UnitOfWork, papers: PaperStore | None = None) -> list[Finding]:
    """Everything that does not check out; an empty list means the database is as audited. With the
    paper store, each attached paper's file is checked against its digest too (SPEC §14)."""
    with uow.read() as s:
        found = [Finding("审计记录", p.record_id, p.reason) for p in audit.verify_chain(s)]
        bad_rows: dict[str, list[dict]] = {}
        bad = [f for label, model in SCANNED for f in _malformed_rows(s, label, model.__table__, bad_rows)]
        found += bad
        skip = _skipped(s, bad_rows)
        for check, what in ((_check_households, "家庭"), (_check_cases, "救助对象"), (_check_rosters, "花名册")):
            found += _guarded(check, s, what, skip[what], bool(bad))
        if "paper" not in bad_rows:
            found += [Finding("申请材料", pid, reason) for pid, reason in check_papers(s, papers)]
        return found
