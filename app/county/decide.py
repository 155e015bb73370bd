"""`county decide`: confirm or reject applications townships submitted (state 已报县), and write the
signed, encrypted decision batch back to each township. A decision names the application
version it decides; the township applies it only to that version."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.county.admin import County, township_recipient
from app.county.models import CountyBatch, CountyDecision, CountyRecord, CountyStream
from app.models.base import utcnow
from app.sync import batch
from app.sync.atomic import write_verified
from app.sync.errors import SyncUsage
from app.sync.manifest import new_manifest
from app.sync.receive import self_check

SUBMITTED = "已报县"
STREAM = "decisions"


@dataclass(frozen=True)
class Pending:
    township: str
    application_id: int
    version: int
    household_id: int
    program: str
    amount_fen: int | None


@dataclass(frozen=True)
class DecisionBatch:
    township: str
    sequence: int
    path: Path
    decisions: int


def _pending(s: Session, township: str | None = None) -> list[Pending]:
    q = select(CountyRecord).where(CountyRecord.kind == "application", CountyRecord.status == SUBMITTED,
                                   CountyRecord.active.is_(True))
    if township:
        q = q.where(CountyRecord.township_code == township)
    decided = {tuple(r) for r in s.execute(select(CountyDecision.township_code, CountyDecision.application_id,
                                                  CountyDecision.application_version))}
    out = []
    for r in s.scalars(q.order_by(CountyRecord.township_code, CountyRecord.object_id)):
        if (r.township_code, r.object_id, r.version) in decided:
            continue
        c = json.loads(r.content)
        out.append(Pending(r.township_code, r.object_id, r.version, c["household_id"], c["program"], c["amount_fen"]))
    return out


def pending_applications(county: County, township: str | None = None) -> list[Pending]:
    with county.db.uow.read() as s:
        return _pending(s, township)


def _targets(s: Session, township: str | None, ids: list[int] | None) -> list[Pending]:
    pend = _pending(s, township)
    if not ids:
        if not pend:
            raise SyncUsage("没有待县级确认的申请")
        return pend
    out = []
    for app_id in ids:
        hits = [p for p in pend if p.application_id == app_id]
        if not hits:
            raise SyncUsage(f"申请 {app_id} 不在待县级确认之列（未报县、已决定或尚未收到）")
        if len(hits) > 1:
            raise SyncUsage(f"多个乡镇都有申请 {app_id}，请用 --township-code 指定乡镇")
        out.append(hits[0])
    return out


def decide(county: County, out_dir: str | Path, *, confirm: bool, reason: str = "", decided_by: str,
           township: str | None = None, application_ids: list[int] | None = None, amount_fen: int | None = None,
           on: date | None = None) -> list[DecisionBatch]:
    """Decide the given (or all pending) applications; one decision batch per township."""
    if not confirm and not reason.strip():
        raise SyncUsage("县级不予确认必须填写理由（--reason）")
    if not Path(out_dir).is_dir():
        raise SyncUsage(f"目标文件夹 {out_dir} 不存在")
    with county.db.uow.read() as s:
        targets = _targets(s, township, application_ids)
    by_town: dict[str, list[Pending]] = {}
    for p in targets:
        by_town.setdefault(p.township, []).append(p)
    on = on or date.today()
    how = {"confirm": confirm, "reason": reason.strip(), "decided_by": decided_by, "amount_fen": amount_fen, "on": on}
    return [_write_batch(county, Path(out_dir), town, [_record(p, **how) for p in items])  # type: ignore[arg-type]
            for town, items in sorted(by_town.items())]


@dataclass(frozen=True)
class Decided:
    """One application's decision as taken in `county gui` (each may differ from the next)."""

    township: str
    application_id: int
    version: int
    confirm: bool
    opinion: str
    decided_by: str
    amount_fen: int | None = None
    on: date | None = None


def write_decided(county: County, out_dir: str | Path, decided: list[Decided]) -> list[DecisionBatch]:
    """Write the given decisions, one decision batch per township; a decision whose application is no
    longer pending (decided since, or a newer version arrived) is refused before anything is written."""
    if not Path(out_dir).is_dir():
        raise SyncUsage(f"目标文件夹 {out_dir} 不存在")
    with county.db.uow.read() as s:
        pend = {(p.township, p.application_id, p.version): p for p in _pending(s)}
    by_town: dict[str, list[dict]] = {}
    for d in decided:
        p = pend.get((d.township, d.application_id, d.version))
        if p is None:
            raise SyncUsage(f"乡镇 {d.township} 申请 {d.application_id}（版本 {d.version}）已不在待县级确认之列")
        if not d.confirm and not d.opinion.strip():
            raise SyncUsage("县级不予确认必须填写理由")
        by_town.setdefault(d.township, []).append(_record(
            p, confirm=d.confirm, reason=d.opinion.strip(), decided_by=d.decided_by, amount_fen=d.amount_fen,
            on=d.on or date.today()))
    return [_write_batch(county, Path(out_dir), town, records) for town, records in sorted(by_town.items())]


def _record(p: Pending, *, confirm: bool, reason: str, decided_by: str, amount_fen: int | None, on: date) -> dict:
    return {"type": "decision", "application_id": p.application_id, "application_version": p.version,
            "decision": "confirm" if confirm else "reject",
            "amount_fen": (amount_fen or p.amount_fen) if confirm else None, "opinion": reason,
            "decided_on": on.isoformat(), "decided_by": decided_by}


def _write_batch(county: County, out_dir: Path, town: str, records: list[dict]) -> DecisionBatch:
    path: Path | None = None
    try:
        with county.db.uow.begin() as s:
            st = s.get(CountyStream, (town, "out", STREAM), with_for_update=True)
            st = st or CountyStream(township_code=town, direction="out", stream=STREAM)
            data_in = s.get(CountyStream, (town, "in", "data"))
            seq = (st.last_sequence or 0) + 1
            recipient = township_recipient(s, town)
            depends = ([{"stream": "data", "sequence": data_in.last_sequence,
                         "manifest_sha256": data_in.last_manifest_sha256}] if data_in else [])
            manifest = new_manifest(sender=batch.party(county.keys.public, as_recipient=False),
                                    recipient=batch.party(recipient, as_recipient=True), stream=STREAM,
                                    sequence=seq, previous=st.last_manifest_sha256 or "", period=(0, 0),
                                    depends_on=depends)
            built = batch.build(manifest, {"decisions": records}, county.keys, recipient)
            path = write_verified(out_dir, batch.file_name(town, STREAM, seq), built.data,
                                  lambda d: self_check(d, county.keys.public))
            for r in records:
                s.add(CountyDecision(township_code=town, application_id=r["application_id"],
                                     application_version=r["application_version"], decision=r["decision"],
                                     amount_fen=r["amount_fen"], opinion=r["opinion"], decided_by=r["decided_by"],
                                     decided_on=date.fromisoformat(r["decided_on"]), batch_sequence=seq))
            st.last_sequence, st.last_manifest_sha256, st.updated_at = seq, built.manifest_sha256, utcnow()
            s.add(st)
            s.add(CountyBatch(township_code=town, direction="out", stream=STREAM, sequence=seq,
                              batch_id=manifest["batch_id"], manifest_sha256=built.manifest_sha256,
                              records=len(records), file_name=path.name))
    except BaseException:
        if path is not None:
            path.unlink(missing_ok=True)
        raise
    return DecisionBatch(town, seq, path, len(records))
