"""`sync import F`: the township imports county decision batches and receipts, with the same checks.

Decisions: the receiver order of SPEC §8 on the `decisions` stream (duplicate, fork, gap,
rollback), then each decision is applied through the application workflow with a county actor,
only to the exact version it names and only while the application is still 已报县; otherwise it
is held for review (recorded, never applied silently). Receipts mark what the county has.
One transaction per file; a refusal changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.errors import AppError
from app.models import Application, SyncBatch, SyncDecision
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.applications import take_step
from app.services.exchange.keyring import find_county_key, own_keys
from app.sync.errors import (
    REISSUE_CODES,
    DependencyRefused,
    ManifestRefused,
    RecordRefused,
    SyncRefused,
    SyncUsage,
)
from app.sync.receive import Envelope, check_files, decrypt, open_envelope, sequence_verdict
from app.sync.records import check_payloads

log = logging.getLogger(__name__)
SUBMITTED = "已报县"


@dataclass
class ImportResult:
    stream: str
    status: str  # imported / duplicate
    sequence: int
    applied: list[int] = field(default_factory=list)  # application ids
    held: list[tuple[int, str]] = field(default_factory=list)  # (application id, why)
    receipt_status: str = ""
    reissue: bool = False  # the county refused that data batch for good: the next export re-issues its number


class SessionUow:
    """Lets a service that opens its own unit of work run inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @contextmanager
    def begin(self) -> Iterator[Session]:
        yield self.session

    read = begin


def county_actor(name: str) -> Actor:
    return Actor.county(name)


def import_file(uow: UnitOfWork, actor: Actor, path: str | Path, keys_folder: Path | None = None) -> ImportResult:
    require_role(actor, *CLERK_ROLES)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SyncUsage(f"无法读取文件 {path}：{exc}") from exc
    try:
        with uow.begin() as s:
            me = own_keys(s, keys_folder)
            env = open_envelope(data, find_key=find_county_key(s), me=me.public)
            if env.manifest.stream == "decisions":
                return _decisions(s, actor, env, me, Path(path).name)
            if env.manifest.stream == "receipts":
                return _receipt(s, actor, env, me, Path(path).name)
            raise ManifestRefused(f"乡镇不能导入 {env.manifest.stream} 流的批次")
    except SyncRefused as exc:
        log.warning("sync import of %s refused: %s", path, exc)
        raise


def _hash_of(s: Session, stream: str):  # noqa: ANN202
    def find(seq: int) -> str | None:
        return s.scalar(select(SyncBatch.manifest_sha256).where(
            SyncBatch.direction == "in", SyncBatch.stream == stream, SyncBatch.sequence == seq))
    return find


def _check_depends(s: Session, env: Envelope) -> None:
    for dep in env.manifest["depends_on"]:
        known = s.scalar(select(SyncBatch.id).where(  # a re-issued sequence number has two batches
            SyncBatch.direction == "out", SyncBatch.stream == dep["stream"], SyncBatch.sequence == dep["sequence"],
            SyncBatch.manifest_sha256 == dep["manifest_sha256"]))
        if known is None:
            raise DependencyRefused(f"依赖的本乡镇 {dep['stream']} 第 {dep['sequence']} 号批次不存在或内容不同")


def _batch_row(s: Session, actor: Actor, env: Envelope, name: str, records: int) -> SyncBatch:
    m = env.manifest
    row = SyncBatch(direction="in", stream=m.stream, sequence=m.sequence, batch_id=m["batch_id"],
                    manifest_sha256=m.sha256, previous_manifest_sha256=m["previous_manifest_sha256"],
                    records=records, file_name=name[:200], status="imported", created_by=actor.name)
    s.add(row)
    s.flush()
    return row


def _decisions(s: Session, actor: Actor, env: Envelope, me, name: str) -> ImportResult:  # noqa: ANN001
    m = env.manifest
    last = s.scalar(select(SyncBatch).where(SyncBatch.direction == "in", SyncBatch.stream == "decisions")
                    .order_by(SyncBatch.sequence.desc()).limit(1))
    if not sequence_verdict(m, last.sequence if last else 0, last.manifest_sha256 if last else "",
                            _hash_of(s, "decisions")):
        return ImportResult("decisions", "duplicate", m.sequence)
    _check_depends(s, env)
    check_files(env)
    payloads = decrypt(env, me)
    check_payloads(payloads)
    decisions = payloads.get("decisions", [])
    missing = [d["application_id"] for d in decisions if s.get(Application, d["application_id"]) is None]
    if missing:
        raise RecordRefused(f"决定引用的申请 {missing[0]} 在本乡镇不存在（共 {len(missing)} 个）")
    row = _batch_row(s, actor, env, name, len(decisions))
    result = ImportResult("decisions", "imported", m.sequence)
    for d in decisions:
        _apply_decision(s, row, d, result)
    audit.append(s, actor, "sync.import_decisions", "sync_batch", row.id,
                 after={"sequence": m.sequence, "manifest_sha256": m.sha256, "applied": result.applied,
                        "held": [a for a, _ in result.held]})
    return result


def _apply_decision(s: Session, row: SyncBatch, d: dict, result: ImportResult) -> None:
    app = s.get(Application, d["application_id"])
    reason = ""
    if app.version != d["application_version"]:
        reason = f"县级决定针对版本 {d['application_version']}，本地已是版本 {app.version}"
    elif app.state != SUBMITTED:
        reason = f"申请当前状态为「{app.state}」，不是「{SUBMITTED}」"
    else:
        reason = _take_county_step(s, d)
    s.add(SyncDecision(batch_id=row.id, application_id=d["application_id"],
                       application_version=d["application_version"], decision=d["decision"],
                       amount_fen=d["amount_fen"], opinion=d["opinion"], decided_on=date.fromisoformat(d["decided_on"]),
                       decided_by=d["decided_by"], status="held" if reason else "applied", reason=reason))
    if reason:
        result.held.append((d["application_id"], reason))
    else:
        result.applied.append(d["application_id"])


def _take_county_step(s: Session, d: dict) -> str:
    """Apply through the workflow service; a refusal by the workflow rules holds the decision instead."""
    step = "county_confirm" if d["decision"] == "confirm" else "county_reject"
    data = {"amount_fen": d["amount_fen"]} if d["decision"] == "confirm" and d["amount_fen"] else {}
    try:
        take_step(SessionUow(s), county_actor(d["decided_by"]), d["application_id"], step,  # type: ignore[arg-type]
                  on=date.fromisoformat(d["decided_on"]), opinion=d["opinion"], data=data,
                  expected_version=d["application_version"])
    except AppError as exc:
        return f"工作流拒绝：{exc.text}"
    return ""


def _receipt(s: Session, actor: Actor, env: Envelope, me, name: str) -> ImportResult:  # noqa: ANN001
    m = env.manifest
    if s.scalar(select(SyncBatch.id).where(SyncBatch.manifest_sha256 == m.sha256)):
        return ImportResult("receipts", "duplicate", m.sequence)
    if len(m["depends_on"]) != 1 or m["depends_on"][0]["stream"] != "data":
        raise DependencyRefused("回执必须指明它回复的本乡镇数据批次")
    _check_depends(s, env)
    check_files(env)
    payloads = decrypt(env, me)
    check_payloads(payloads)
    records = payloads.get("receipts", [])
    dep = m["depends_on"][0]
    if len(records) != 1 or records[0]["for_manifest_sha256"] != dep["manifest_sha256"] \
            or records[0]["for_sequence"] != dep["sequence"]:
        raise RecordRefused("回执内容与它回复的批次不符")
    rec = records[0]
    out = s.scalar(select(SyncBatch).where(SyncBatch.manifest_sha256 == dep["manifest_sha256"]))
    if rec["status"] in ("accepted", "duplicate"):
        out.status, out.status_detail = "received", f"县级已接收（{rec['received_at']}）"
    elif rec["error_code"] in REISSUE_CODES and out.stream == "data" and out.status not in ("received", "refused"):
        _release(s, out, rec)
    elif out.status not in ("received", "refused"):
        out.status, out.status_detail = "rejected", f"[{rec['error_code']}] {rec['message']}"
    row = _batch_row(s, actor, env, name, 1)
    audit.append(s, actor, "sync.import_receipt", "sync_batch", row.id,
                 after={"for_sequence": dep["sequence"], "status": rec["status"], "error_code": rec["error_code"],
                        "reissue": out.status == "refused"})
    return ImportResult("receipts", "imported", m.sequence, receipt_status=rec["status"],
                        reissue=out.status == "refused")


def _release(s: Session, out: SyncBatch, rec: dict) -> None:
    """The county refused this batch for good: its sequence number is re-issued by the next export
    (export.base_batch skips it), and the batches written on top of it since are superseded."""
    out.status = "refused"
    out.status_detail = f"[{rec['error_code']}] {rec['message']}；第 {out.sequence} 号将在下次导出时重新生成"
    later = s.scalars(select(SyncBatch).where(
        SyncBatch.direction == "out", SyncBatch.stream == out.stream, SyncBatch.sequence > out.sequence,
        SyncBatch.status.not_in(("received", "refused", "superseded"))))
    for b in later:
        b.status, b.status_detail = "superseded", f"建立在被拒收的第 {out.sequence} 号之上，将重新生成"


def held_decisions(uow: UnitOfWork) -> list[dict]:
    """Decisions waiting for a person to look at them (the GUI's review list)."""
    with uow.read() as s:
        rows = s.scalars(select(SyncDecision).where(SyncDecision.status == "held").order_by(SyncDecision.id)).all()
        return [{"id": r.id, "application_id": r.application_id, "version": r.application_version,
                 "decision": r.decision, "amount_fen": r.amount_fen, "opinion": r.opinion,
                 "decided_on": r.decided_on.isoformat(), "reason": r.reason} for r in rows]


def dismiss_held(uow: UnitOfWork, actor: Actor, decision_id: int, note: str) -> None:
    """A reviewer closes a held decision (e.g. the county will decide the new version again)."""
    require_role(actor, "reviewer", "admin")
    if not note.strip():
        raise SyncUsage("处理暂存的县级决定须填写说明")
    with uow.begin() as s:
        row = s.get(SyncDecision, decision_id)
        if row is None or row.status != "held":
            raise SyncUsage(f"没有待处理的暂存决定 {decision_id}")
        row.status, row.reason = "dismissed", f"{row.reason}；{actor.name}：{note.strip()}"
        audit.append(s, actor, "sync.dismiss_decision", "sync_decision", row.id, note=note)
