"""The county receiver: `county verify` and `county ingest` in the receiver order of SPEC §8.

Stages 1-7 run inside the ingest transaction (the township's stream row is locked first, so two
ingests of one township cannot interleave); the first failure stops, the transaction rolls
back, and only then is the refusal written to the rejection log, in a transaction of its own.
A duplicate batch changes nothing and exits 0. Every outcome with an identified sender gets a
signed, encrypted receipt (accepted, duplicate or rejected).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.county import receipts
from app.county.admin import County, find_township_key
from app.county.apply import apply_records, check_references
from app.county.models import CountyBatch, CountyReceipt, CountyRejection, CountyStream
from app.county.outcome import Outcome
from app.domain.audit_chain import record_hash
from app.models.base import utcnow
from app.sync.batch import MANIFEST, SIGNATURE, open_zip, read_signature
from app.sync.bulk import gc_paused
from app.sync.errors import (
    REISSUE_CODES,
    AuditChainBroken,
    AuditRollback,
    DependencyRefused,
    RefusedBefore,
    SyncRefused,
    SyncUsage,
    VersionRefused,
)
from app.sync.manifest import MAX_INT
from app.sync.receive import Envelope, Payload, check_files, decrypt_payloads, open_envelope, sequence_verdict
from app.sync.records import check_payloads
from app.sync.strictjson import sha256_hex

log = logging.getLogger(__name__)
STREAM = "data"


def read_file(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise SyncUsage(f"无法读取批次文件 {path}：{exc}") from exc


def _stream(s: Session, township: str, *, lock: bool) -> CountyStream | None:
    q = select(CountyStream).where(CountyStream.township_code == township, CountyStream.direction == "in",
                                   CountyStream.stream == STREAM)
    return s.scalar(q.with_for_update() if lock else q)


def _hash_of(s: Session, township: str):  # noqa: ANN202
    def find(seq: int) -> str | None:
        return s.scalar(select(CountyBatch.manifest_sha256).where(
            CountyBatch.township_code == township, CountyBatch.direction == "in", CountyBatch.stream == STREAM,
            CountyBatch.sequence == seq))
    return find


def _check_audit_head(env: Envelope, st: CountyStream | None) -> None:
    head = env.manifest["audit_head"]
    if st is None or st.last_sequence == 0:
        return
    if head["id"] < st.audit_head_id or (head["id"] == st.audit_head_id and head["sha256"] != st.audit_head_sha256):
        raise AuditRollback(f"新批次审计头为第 {head['id']} 条，已收到第 {st.audit_head_id} 条（{st.audit_head_sha256[:16]}…）")


def _check_refused_before(s: Session, env: Envelope, township: str) -> None:
    """A batch refused for good stays refused: its sequence number went to the re-issued batch."""
    code = s.scalar(select(CountyRejection.error_code).where(
        CountyRejection.township_code == township, CountyRejection.manifest_sha256 == env.manifest.sha256,
        CountyRejection.error_code.in_(REISSUE_CODES)).limit(1))
    if code is not None:
        raise RefusedBefore(f"乡镇 {township} 第 {env.manifest.sequence} 号批次（清单 SHA-256 "
                            f"{env.manifest.sha256[:16]}…）曾因 {code} 被拒收，请导入拒收回执后重新导出")


def _check_version(env: Envelope) -> None:
    m = env.manifest
    if m["format_version"] < 2:
        raise VersionRefused(f"第 {m.sequence} 号数据批次为格式版本 {m['format_version']}，不带审计链，县级要求版本 2；"
                             "请升级乡镇程序，导入拒收回执后重新导出")


def check_audit_chain(links: list[dict], held: tuple[int, str], head: dict) -> None:
    """Each link must follow the previous one from the head the county holds (`held`) to the batch's
    new `head`, every hash recomputed from the link's fields: otherwise the township's audit history
    was rewritten, or its newest records deleted, since the county received `held`."""
    prev_id, prev = held
    start = f"县级已收到的审计头为第 {held[0]} 条（{held[1][:16]}…）"
    for link in links:
        if link["id"] <= prev_id:
            raise AuditChainBroken(f"{start}，本批次的审计链第 {link['id']} 条编号不递增")
        if link["prev_hash"] != prev:
            raise AuditChainBroken(f"{start}，本批次第 {link['id']} 条审计记录的上一条哈希为 "
                                   f"{link['prev_hash'][:16]}…，不接续第 {prev_id} 条（{prev[:16]}…）")
        if record_hash(link["prev_hash"], link["fields"]) != link["hash"]:
            raise AuditChainBroken(f"{start}，本批次第 {link['id']} 条审计记录的哈希与其内容不符")
        prev_id, prev = link["id"], link["hash"]
    if (prev_id, prev) != (head["id"], head["sha256"]):
        raise AuditChainBroken(f"{start}，本批次的审计链止于第 {prev_id} 条（{prev[:16]}…），"
                               f"不是清单声明的审计头第 {head['id']} 条（{head['sha256'][:16]}…）")


def _check_depends(s: Session, env: Envelope, township: str) -> None:
    for dep in env.manifest["depends_on"]:
        known = s.scalar(select(CountyBatch.manifest_sha256).where(
            CountyBatch.township_code == township, CountyBatch.direction == "out",
            CountyBatch.stream == dep["stream"], CountyBatch.sequence == dep["sequence"]))
        if known != dep["manifest_sha256"]:
            raise DependencyRefused(f"依赖的县级 {dep['stream']} 第 {dep['sequence']} 号批次不存在或内容不同")


def _checked(county: County, s: Session, data: bytes, *, lock: bool) -> tuple[Envelope, dict[str, Payload] | None]:
    """Stages 1-7. Returns (envelope, payloads) or (envelope, None) for an already imported batch."""
    env = open_envelope(data, find_key=find_township_key(s), me=county.keys.public)
    township = env.signer.code
    st = _stream(s, township, lock=lock)
    _check_refused_before(s, env, township)
    fresh = sequence_verdict(env.manifest, st.last_sequence if st else 0, st.last_manifest_sha256 if st else "",
                             _hash_of(s, township))
    if not fresh:
        return env, None
    _check_version(env)
    _check_audit_head(env, st)
    _check_depends(s, env, township)
    check_files(env)
    payloads = decrypt_payloads(env, county.keys)
    records = {content: p.records for content, p in payloads.items()}
    check_payloads(records, {content: p.lines for content, p in payloads.items()})
    if st is not None and st.last_sequence > 0:
        check_audit_chain(records.get("audit", []), (st.audit_head_id, st.audit_head_sha256),
                          env.manifest["audit_head"])
    check_references(s, township, records)
    return env, payloads


def verify(county: County, path: str | Path) -> Outcome:
    """All checks, nothing written (not even the rejection log)."""
    data = read_file(path)
    with county.db.uow.read() as s:
        env, payloads = _checked(county, s, data, lock=False)
    m = env.manifest
    status = "duplicate" if payloads is None else "verified"
    counts = {k: len(v.records) for k, v in (payloads or {}).items() if k != "audit"}
    return Outcome(status, env.signer.code, m.sequence, m.sha256, counts)


def ingest_bytes(county: County, data: bytes, file_name: str = "") -> Outcome:
    """Check and apply one batch in one transaction; a refusal goes to the rejection log and re-raises."""
    try:
        with gc_paused(), county.db.uow.begin() as s:
            env, payloads = _checked(county, s, data, lock=True)
            m = env.manifest
            if payloads is None:
                outcome = Outcome("duplicate", env.signer.code, m.sequence, m.sha256)
            else:
                outcome = _apply(county, s, env, payloads, file_name)
    except SyncRefused as exc:
        outcome = _refused(county, data, file_name, exc)
        exc.outcome = outcome  # type: ignore[attr-defined] - the HTTP server answers with its receipt
        raise
    if outcome.receipt is None:
        outcome.receipt = _receipt_for(county, outcome, "", "", env.manifest["batch_id"])
    return outcome


def _apply(county: County, s: Session, env: Envelope, payloads: dict[str, Payload], file_name: str) -> Outcome:
    m, township = env.manifest, env.signer.code
    counts = {k: len(v.records) for k, v in payloads.items() if k != "audit"}  # the links are not applied
    apply_records(s, township, m.sequence, {k: v.records for k, v in payloads.items()},
                  {k: v.lines for k, v in payloads.items()})
    st = _stream(s, township, lock=False) or CountyStream(township_code=township, direction="in", stream=STREAM)
    st.last_sequence, st.last_manifest_sha256 = m.sequence, m.sha256
    st.audit_head_id, st.audit_head_sha256 = m["audit_head"]["id"], m["audit_head"]["sha256"]
    st.updated_at = utcnow()
    s.add(st)
    s.add(CountyBatch(township_code=township, direction="in", stream=STREAM, sequence=m.sequence,
                      batch_id=m["batch_id"], manifest_sha256=m.sha256, full=m["full"],
                      records=sum(counts.values()), file_name=file_name[:200]))
    outcome = Outcome("accepted", township, m.sequence, m.sha256, counts)
    outcome.receipt = _receipt_for(county, outcome, "", "", m["batch_id"], session=s)
    s.add(CountyReceipt(township_code=township, for_manifest_sha256=m.sha256, for_sequence=m.sequence,
                        status="accepted", receipt_manifest_sha256=sha256_hex(open_zip(outcome.receipt)[MANIFEST])))
    return outcome


def _receipt_for(county: County, outcome: Outcome, code: str, message: str, batch_id: str,
                 session: Session | None = None) -> bytes:
    if session is not None:
        return receipts.build_receipt(county, session, outcome, code, message, batch_id)
    with county.db.uow.read() as s:
        return receipts.build_receipt(county, s, outcome, code, message, batch_id)


def _signed_identity(county: County, data: bytes) -> tuple[str, dict, str] | None:
    """After a refusal: who signed it (when the signature is valid) and the manifest, read leniently."""
    try:
        entries = open_zip(data)
        key_id, sig = read_signature(entries[SIGNATURE])
        with county.db.uow.read() as s:
            trusted = find_township_key(s)(key_id)
        if trusted is None:
            return None
        trusted.key.verify(sig, entries[MANIFEST])
        manifest = json.loads(entries[MANIFEST])
        return trusted.key.code, manifest if isinstance(manifest, dict) else {}, sha256_hex(entries[MANIFEST])
    except (SyncRefused, ValueError):
        return None


def _refused(county: County, data: bytes, file_name: str, exc: SyncRefused) -> Outcome:
    ident = _signed_identity(county, data)
    township, manifest, manifest_sha = ident if ident else ("", {}, "")
    raw_seq = manifest.get("sequence")
    # only a plausible sequence is logged: a forged one may be a bool or too big for the database
    seq = raw_seq if isinstance(raw_seq, int) and not isinstance(raw_seq, bool) and 0 < raw_seq <= MAX_INT else None
    with county.db.uow.begin() as s:
        s.add(CountyRejection(file_name=file_name[:200], file_sha256=sha256_hex(data), size=len(data),
                              township_code=township or None, stream=str(manifest.get("stream", ""))[:20],
                              sequence=seq, error_code=exc.code, message=exc.text, manifest_sha256=manifest_sha))
    log.warning("county refused batch %s from %s: %s", file_name, township or "?", exc)
    outcome = Outcome("rejected", township, seq or 0, manifest_sha)
    batch_id = manifest.get("batch_id")
    if township and seq and seq > 0 and isinstance(batch_id, str):
        try:
            outcome.receipt = _receipt_for(county, outcome, exc.code, exc.text, batch_id[:32])
        except Exception:  # noqa: BLE001 - a receipt for a refusal is a courtesy, never a second failure
            log.exception("could not build a rejection receipt")
    return outcome


def ingest(county: County, path: str | Path, receipt_dir: str | Path | None = None) -> Outcome:
    """`county ingest F`: ingest the file and write its signed receipt (next to the batch by default)."""
    data = read_file(path)
    folder = Path(receipt_dir) if receipt_dir else Path(path).resolve().parent
    try:
        outcome = ingest_bytes(county, data, Path(path).name)
    except SyncRefused as exc:
        refused: Outcome = exc.outcome  # type: ignore[attr-defined]
        if refused.receipt:
            refused.receipt_path = receipts.save_receipt(folder, refused)
            exc.params["detail"] = f"{exc.params['detail']}（拒收回执：{refused.receipt_path}）"
        raise
    outcome.receipt_path = receipts.save_receipt(folder, outcome)
    return outcome
