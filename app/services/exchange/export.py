"""`sync export`: the township's incremental (or full) data batch for the county.

One transaction: plan the batch (next sequence of the `data` stream, previous manifest hash,
audit head, the county decision batch it depends on, the changed records, and the audit chain
links from the head the county holds to the new head), check every record with the county's own
validator, build it (encrypt to the county, then sign), write it to the target folder atomically
and verify it there, then record it. Any failure before the record rolls back, so the sequence
number stays free. A batch the county refused for good (a refusal receipt with a code in
errors.REISSUE_CODES) no longer counts: the next export re-issues its sequence number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.errors import IntegrityFailure
from app.models import AuditRecord, SyncBatch
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.exchange import feed
from app.services.exchange.keyring import county_key, own_keys
from app.sync import batch
from app.sync.atomic import write_verified
from app.sync.bulk import gc_paused
from app.sync.errors import BatchInvalid, RecordRefused, SyncUsage
from app.sync.keys import KeyPair, PublicKey
from app.sync.manifest import new_manifest
from app.sync.receive import self_check
from app.sync.records import check_payloads, refused_records
from app.sync.strictjson import canonical_text

STREAM = "data"
RELEASED = ("refused", "superseded")  # out batches whose sequence number the next export re-issues
MAX_LISTED = 50  # problems named in one refusal of the township's own check
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sequence: int
    batch_id: str
    manifest_sha256: str
    records: dict[str, int]
    full: bool


def last_batch(s: Session, direction: str, stream: str) -> SyncBatch | None:
    return s.scalar(select(SyncBatch).where(SyncBatch.direction == direction, SyncBatch.stream == stream)
                    .order_by(SyncBatch.sequence.desc(), SyncBatch.id.desc()).limit(1))


def base_batch(s: Session) -> SyncBatch | None:
    """The outgoing data batch the next one builds on: the latest not refused for good by the county."""
    return s.scalar(select(SyncBatch).where(SyncBatch.direction == "out", SyncBatch.stream == STREAM,
                                            SyncBatch.status.not_in(RELEASED))
                    .order_by(SyncBatch.sequence.desc(), SyncBatch.id.desc()).limit(1))


def audit_links(s: Session, after: int) -> list[dict]:
    """The audit records after id `after` (the head the county holds) as chain links with their fields,
    so the county can recompute each hash from its stored head to the new one (an encrypted payload:
    the fields hold before/after snapshots)."""
    links = []
    for row in audit.raw_records(s, after):
        bad = audit.malformed(row)
        if bad:
            raise IntegrityFailure(f"审计记录 {row.id} 的值无效（{'；'.join(bad)}），批次未生成；请运行 jiuzhu audit verify")
        links.append({"type": "audit", "id": row.id, "prev_hash": row.prev_hash, "hash": row.hash,
                      "fields": audit.row_fields(row)})
    return links


def _audit_head(s: Session) -> tuple[int, str]:
    row = s.execute(select(AuditRecord.id, AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, audit.GENESIS)


def _depends_on(s: Session) -> list[dict]:
    """The latest county decision batch imported here (it names all earlier ones by its chain)."""
    last = last_batch(s, "in", "decisions")
    if last is None:
        return []
    return [{"stream": "decisions", "sequence": last.sequence, "manifest_sha256": last.manifest_sha256}]


@dataclass(frozen=True)
class Plan:
    manifest: dict
    payloads: dict[str, list[dict]]
    sender: KeyPair
    recipient: PublicKey
    audit_through: int


def plan_export(s: Session, *, full: bool = False, keys_folder: Path | None = None) -> Plan:
    sender = own_keys(s, keys_folder)
    county, _row = county_key(s)
    last = base_batch(s)
    head_id, head_hash = _audit_head(s)
    after = 0 if full or last is None else last.audit_through
    manifest = new_manifest(
        sender=batch.party(sender.public, as_recipient=False), recipient=batch.party(county, as_recipient=True),
        stream=STREAM, sequence=(last.sequence + 1) if last else 1, previous=last.manifest_sha256 if last else "",
        period=(after, head_id), full=full, audit_head={"id": head_id, "sha256": head_hash},
        depends_on=_depends_on(s))
    payloads = feed.collect(s, after, head_id, full)
    if last is not None:  # a full batch proves the chain from the county's head too
        links = audit_links(s, last.audit_through)
        if links:
            payloads["audit"] = links
    return Plan(manifest, payloads, sender, county, head_id)


def _where(content: str, rec: dict) -> str:
    """A record as the township's clerk finds it (its ids, never its personal data)."""
    hid = rec.get("household_id")
    named = {"households": f"家庭 {rec.get('id')}", "members": f"家庭 {hid} 的成员 {rec.get('id')}",
             "applications": f"申请 {rec.get('id')}（家庭 {hid}）", "cases": f"救助对象 {rec.get('id')}（家庭 {hid}）",
             "rosters": f"花名册 {rec.get('id')}（{rec.get('month')}）", "audit": f"审计记录 {rec.get('id')}"}
    return named.get(content, f"{content} {rec.get('id')}")


def check_records(payloads: dict[str, list[dict]], lines: dict[str, list[str]] | None = None) -> None:
    """The county's own record validator, before anything is written: a record it would refuse stops
    the export naming the record and the field, so a refused batch never uses up a sequence number.
    `lines`: the records' canonical lines, as the county receives them (check_payloads)."""
    try:
        check_payloads(payloads, lines)
    except RecordRefused:
        problems = [f"{_where(content, rec)}：{reason}" for content, rec, reason in refused_records(payloads)]
        shown = problems[:MAX_LISTED] + ([f"……另有 {len(problems) - MAX_LISTED} 条"] if len(problems) > MAX_LISTED else [])
        raise BatchInvalid(shown, len(problems)) from None


def export_batch(uow: UnitOfWork, actor: Actor, out_dir: str | Path, *, full: bool = False,
                 keys_folder: Path | None = None, progress: Progress | None = None) -> ExportResult:
    """Write the next data batch into `out_dir`; returns its path and what it carries.

    `progress(done, 4)` is called after planning, encrypting and signing, writing and verifying,
    and recording (for the GUI's progress bar).
    """
    require_role(actor, *CLERK_ROLES)
    if not Path(out_dir).is_dir():
        raise SyncUsage(f"目标文件夹 {out_dir} 不存在")
    step = progress or (lambda done, total: None)
    path: Path | None = None
    try:
        with gc_paused(), uow.begin() as s:
            plan = plan_export(s, full=full, keys_folder=keys_folder)
            lines = {content: [canonical_text(r) for r in records] for content, records in plan.payloads.items()}
            check_records(plan.payloads, lines)
            step(1, 4)
            built = batch.build(plan.manifest, plan.payloads, plan.sender, plan.recipient, lines)
            step(2, 4)
            m = plan.manifest
            name = batch.file_name(m["sender"]["code"], STREAM, m["sequence"])
            path = write_verified(out_dir, name, built.data, lambda data: self_check(data, plan.sender.public))
            step(3, 4)
            _record(s, actor, plan, built, path)
    except BaseException:
        if path is not None:
            path.unlink(missing_ok=True)  # written but not recorded: the number is still free
        raise
    step(4, 4)
    counts = {k: len(v) for k, v in plan.payloads.items()}
    return ExportResult(path, m["sequence"], m["batch_id"], built.manifest_sha256, counts, full)


def _record(s: Session, actor: Actor, plan: Plan, built: batch.Built, path: Path) -> None:
    m = plan.manifest
    row = SyncBatch(direction="out", stream=STREAM, sequence=m["sequence"], batch_id=m["batch_id"],
                    manifest_sha256=built.manifest_sha256, previous_manifest_sha256=m["previous_manifest_sha256"],
                    audit_through=plan.audit_through, full=m["full"],
                    records=sum(len(v) for v in plan.payloads.values()), file_name=path.name, status="written",
                    created_by=actor.name)
    s.add(row)
    s.flush()
    audit.append(s, actor, "sync.export", "sync_batch", row.id,
                 after={"stream": STREAM, "sequence": row.sequence, "manifest_sha256": row.manifest_sha256,
                        "full": row.full, "records": row.records})


def batch_history(uow: UnitOfWork, limit: int = 200) -> list[dict]:
    """Batches both ways, newest first, for the GUI's history table and `sync status`."""
    with uow.read() as s:
        rows = s.scalars(select(SyncBatch).order_by(SyncBatch.id.desc()).limit(limit)).all()
        return [{"direction": r.direction, "stream": r.stream, "sequence": r.sequence, "status": r.status,
                 "detail": r.status_detail, "records": r.records, "file": r.file_name, "full": r.full,
                 "created_at": r.created_at.isoformat(timespec="seconds"), "manifest_sha256": r.manifest_sha256}
                for r in rows]
