"""`audit verify` (SPEC §10): the audit chain, and current content against the latest digests.

An edited, inserted or deleted audit record breaks the chain; a household, member, case or
confirmed roster edited behind the application's back no longer matches the after-digest of
its latest audit record.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.models import AuditRecord, Case, Household, Member, Roster
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.cases import case_snapshot
from app.services.households import household_snapshot
from app.services.rosters import content_hash, roster_content


@dataclass(frozen=True)
class Finding:
    what: str  # 审计记录 / 家庭 / 救助对象 / 花名册
    object_id: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.what} {self.object_id if self.object_id is not None else ''}：{self.reason}"


def _latest_digests(s: Session, object_type: str) -> dict[int, str]:
    latest = (select(AuditRecord.object_id, func.max(AuditRecord.id).label("last"))
              .where(AuditRecord.object_type == object_type, AuditRecord.object_id.is_not(None),
                     AuditRecord.after_digest != "")
              .group_by(AuditRecord.object_id).subquery())
    q = select(AuditRecord.object_id, AuditRecord.after_digest).join(latest, AuditRecord.id == latest.c.last)
    return dict(s.execute(q).all())


def _check_households(s: Session) -> list[Finding]:
    digests, out = _latest_digests(s, "household"), []
    q = select(Household).options(selectinload(Household.members).selectinload(Member.incomes),
                                  selectinload(Household.village))
    for h in s.scalars(q):
        expected = digests.get(h.id)
        if expected is None:
            out.append(Finding("家庭", h.id, "没有对应的审计记录（可能绕过程序直接写入）"))
        elif audit.digest(household_snapshot(h)) != expected:
            out.append(Finding("家庭", h.id, "当前内容与最近一次审计记录不符（家庭或成员被绕过程序修改）"))
    return out


def _check_cases(s: Session) -> list[Finding]:
    digests, out = _latest_digests(s, "case"), []
    for c in s.scalars(select(Case).options(selectinload(Case.members))):
        expected = digests.get(c.id)
        if expected is None:
            out.append(Finding("救助对象", c.id, "没有对应的审计记录（可能绕过程序直接写入）"))
        elif audit.digest(case_snapshot(c)) != expected:
            out.append(Finding("救助对象", c.id, "当前内容与最近一次审计记录不符（被绕过程序修改）"))
    return out


def _check_rosters(s: Session) -> list[Finding]:
    out = []
    confirmed = {rid: rec for rid, rec in s.execute(
        select(AuditRecord.object_id, AuditRecord.detail).where(AuditRecord.action == "roster.confirm"))}
    for r in s.scalars(select(Roster).where(Roster.state != "draft")):
        recorded = confirmed.get(r.id)
        if recorded is None or r.content_hash not in recorded:
            out.append(Finding("花名册", r.id, f"{r.month} 确认记录缺失或校验值被改动"))
        elif content_hash(roster_content(s, r)) != r.content_hash:
            out.append(Finding("花名册", r.id, f"{r.month} 已确认花名册的内容被改动"))
    return out


def verify(uow: UnitOfWork) -> list[Finding]:
    """Everything that does not check out; an empty list means the database is as audited."""
    with uow.read() as s:
        found = [Finding("审计记录", p.record_id, p.reason) for p in audit.verify_chain(s)]
        return found + _check_households(s) + _check_cases(s) + _check_rosters(s)
