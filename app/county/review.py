"""待确认 in `county gui`: the applications townships submitted for county confirmation, with the
household, the investigation, the computed amount and the township's opinions; four-eyes on each:
one county user proposes (拟办) confirm / refuse with an opinion, a county reviewer (or admin) who is
not that user decides (审定), and `write_decisions` writes what was decided as the signed, encrypted
decision batch of each township (app.county.decide)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.county.admin import County
from app.county.decide import Decided, DecisionBatch, pending_applications, write_decided
from app.county.errors import FourEyes
from app.county.models import CountyProposal, CountyRecord, CountyTownship
from app.county.users import COUNTY_ROLES, DECIDER_ROLES, audit
from app.domain.money import format_fen
from app.domain.programs import program_name
from app.domain.roles import Actor, require_role
from app.errors import InvalidInput
from app.models.base import utcnow

DECISIONS = {"confirm": "确认", "reject": "不予确认"}
STEP_NAMES = {"accept": "受理", "start_investigation": "开始调查", "record_investigation": "入户调查",
              "first_review_approve": "乡镇审核同意", "first_review_reject": "乡镇审核不同意",
              "notice_end": "公示结束", "submit_to_county": "报县"}


@dataclass(frozen=True)
class Proposal:
    decision: str  # confirm / reject
    amount_fen: int | None
    opinion: str
    prepared_by: str
    reviewed_decision: str  # "" until a second person decided
    review_opinion: str
    reviewed_by: str

    @property
    def text(self) -> str:
        amount = f"，金额 {format_fen(self.amount_fen)} 元" if self.amount_fen is not None else ""
        said = f"拟{DECISIONS[self.decision]}（{self.prepared_by}{amount}）：{self.opinion}"
        if self.reviewed_decision:
            said += f"；已审定{DECISIONS[self.reviewed_decision]}（{self.reviewed_by}）"
            said += f"：{self.review_opinion}" if self.review_opinion else ""
        return said


@dataclass(frozen=True)
class PendingItem:
    township: str
    township_name: str
    application_id: int
    version: int
    program: str
    amount_fen: int | None  # the township's amount
    computed_amount_fen: int | None
    village: str
    head: str  # 户主 name
    members: list[str]  # 姓名（关系）
    investigation: dict
    opinions: list[str]  # the township's steps with their opinions, in order
    township_opinion: str  # the township's last opinion (its review)
    proposal: Proposal | None

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.township, self.application_id, self.version)

    @property
    def program_name(self) -> str:
        return program_name(self.program)

    @property
    def stage(self) -> str:
        if self.proposal is None:
            return "待拟办"
        return "待写出决定批次" if self.proposal.reviewed_decision else "待审定"


def _opinions(transitions: list[dict]) -> tuple[dict, list[str]]:
    investigation: dict = {}
    lines = []
    for t in transitions:
        if t.get("step") == "record_investigation":
            investigation = t.get("data") or {}
        step = STEP_NAMES.get(t.get("step", ""), t.get("step", ""))
        lines.append(f"{t.get('on', '')} {step}（{t.get('actor', '')}）" + (f"：{t['opinion']}" if t.get("opinion") else ""))
    return investigation, lines


def _proposal(row: CountyProposal | None) -> Proposal | None:
    if row is None:
        return None
    return Proposal(row.decision, row.amount_fen, row.opinion, row.prepared_by, row.reviewed_decision,
                    row.review_opinion, row.reviewed_by)


def pending_items(county: County) -> list[PendingItem]:
    pending = pending_applications(county)
    out = []
    with county.db.uow.read() as s:
        names = dict(s.execute(select(CountyTownship.code, CountyTownship.name)).all())
        proposals = {(p.township_code, p.application_id, p.application_version): p
                     for p in s.scalars(select(CountyProposal))}
        for p in pending:
            app_rec = json.loads(s.get(CountyRecord, (p.township, "application", p.application_id)).content)
            household = s.get(CountyRecord, (p.township, "household", p.household_id))
            members = [json.loads(m.content) for m in s.scalars(select(CountyRecord).where(
                CountyRecord.township_code == p.township, CountyRecord.kind == "member",
                CountyRecord.household_id == p.household_id, CountyRecord.active.is_(True))
                .order_by(CountyRecord.object_id))]
            transitions = app_rec.get("transitions", [])
            investigation, opinions = _opinions(transitions)
            said = [t["opinion"] for t in transitions if t.get("opinion")]
            head = next((m.get("name", "") for m in members if m.get("relation") == "本人"), "")
            out.append(PendingItem(
                p.township, names.get(p.township, p.township), p.application_id, p.version, p.program,
                p.amount_fen, app_rec.get("computed_amount_fen"),
                json.loads(household.content).get("village", "") if household else "", head,
                [f"{m.get('name', '')}（{m.get('relation', '')}）" for m in members], investigation, opinions,
                said[-1] if said else "",
                _proposal(proposals.get((p.township, p.application_id, p.version)))))
    return out


def _still_pending(county: County, township: str, application_id: int, version: int) -> None:
    if not any(p.application_id == application_id and p.version == version
               for p in pending_applications(county, township)):
        raise InvalidInput(f"乡镇 {township} 申请 {application_id}（版本 {version}）已不在待县级确认之列")


def _row(s, township: str, application_id: int, version: int) -> CountyProposal | None:  # noqa: ANN001
    return s.scalar(select(CountyProposal).where(
        CountyProposal.township_code == township, CountyProposal.application_id == application_id,
        CountyProposal.application_version == version))


def _target(township: str, application_id: int, version: int) -> str:
    return f"乡镇 {township} 申请 {application_id}（版本 {version}）"


def _opinion(opinion: str, confirm: bool, what: str) -> str:
    opinion = opinion.strip()
    if not confirm and not opinion:
        raise InvalidInput(f"{what}：不予确认必须填写意见（理由）")
    return opinion


def propose(county: County, actor: Actor, township: str, application_id: int, version: int, *, confirm: bool,
            opinion: str, amount_fen: int | None = None) -> None:
    """The first pair of eyes: a proposed decision with its opinion (a refusal needs one)."""
    require_role(actor, *COUNTY_ROLES)
    opinion = _opinion(opinion, confirm, "拟办意见")
    if amount_fen is not None and amount_fen <= 0:
        raise InvalidInput("确认金额：应大于 0")
    _still_pending(county, township, application_id, version)
    with county.db.uow.begin() as s:
        row = _row(s, township, application_id, version)
        if row is not None and row.reviewed_decision:
            raise InvalidInput(f"申请 {application_id} 已由 {row.reviewed_by} 审定，待写出决定批次，不能再拟办")
        if row is None:
            row = CountyProposal(township_code=township, application_id=application_id, application_version=version)
            s.add(row)
        row.decision, row.opinion, row.prepared_by = ("confirm" if confirm else "reject"), opinion, actor.name
        row.amount_fen, row.prepared_at = (amount_fen if confirm else None), utcnow()
        audit(s, actor.name, "county.propose", _target(township, application_id, version),
              decision=row.decision, opinion=opinion, **({"amount_fen": row.amount_fen} if confirm else {}))


def review(county: County, actor: Actor, township: str, application_id: int, version: int, *, confirm: bool,
           opinion: str) -> None:
    """The second pair of eyes: a county reviewer (or admin) other than the proposer decides; the
    decision leaves with the next decision batch (`write_decisions`)."""
    require_role(actor, *DECIDER_ROLES)
    opinion = _opinion(opinion, confirm, "审定意见")
    _still_pending(county, township, application_id, version)
    with county.db.uow.begin() as s:
        row = _row(s, township, application_id, version)
        if row is None:
            raise FourEyes(f"申请 {application_id} 尚无拟办意见：须先由一名县级用户拟办，再由另一名县级审核人审定")
        if row.prepared_by == actor.name:
            raise FourEyes(f"申请 {application_id} 由 {actor.name} 拟办，须由另一名县级审核人审定（双人审核）")
        row.reviewed_decision = "confirm" if confirm else "reject"
        row.review_opinion, row.reviewed_by, row.reviewed_at = opinion, actor.name, utcnow()
        audit(s, actor.name, "county.review", _target(township, application_id, version),
              decision=row.reviewed_decision, prepared_by=row.prepared_by, opinion=opinion)


def _decided(row: CountyProposal, on: date | None) -> Decided:
    confirm = row.reviewed_decision == "confirm"
    opinion = row.review_opinion or row.opinion
    return Decided(row.township_code, row.application_id, row.application_version, confirm, opinion,
                   row.reviewed_by, row.amount_fen if confirm else None, on)


def write_decisions(county: County, actor: Actor, out_dir: str | Path, *, on: date | None = None,
                    progress: Callable[[int, int], None] | None = None) -> list[DecisionBatch]:
    """Every decided (审定) application still pending, as one decision batch per township in `out_dir`."""
    require_role(actor, *DECIDER_ROLES)
    if not str(out_dir).strip() or not Path(out_dir).is_dir():
        raise InvalidInput(f"决定批次文件夹「{out_dir}」不存在（U 盘或共享文件夹）")
    pending = {p.key for p in pending_items(county)}
    with county.db.uow.read() as s:
        rows = [r for r in s.scalars(select(CountyProposal).where(CountyProposal.reviewed_decision != ""))
                if (r.township_code, r.application_id, r.application_version) in pending]
        decided = [_decided(r, on) for r in rows]
    if not decided:
        raise InvalidInput("没有已审定、待写出的决定：请先拟办并由另一名县级审核人审定")
    if progress:
        progress(0, 1)
    written = write_decided(county, out_dir, decided)
    with county.db.uow.begin() as s:
        for b in written:
            audit(s, actor.name, "county.write_decisions", f"乡镇 {b.township} 决定批次第 {b.sequence} 号",
                  decisions=b.decisions, file=b.path.name)
    if progress:
        progress(1, 1)
    return written
