"""The county application's day-to-day lists and actions as a logged-in county user (`county gui`):
townships with their keys and last batch (silent ones marked), the batch log with refusals, key
registration and revocation, verifying and ingesting a batch file, and the county's settings. Each
action checks the role and writes the county audit log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.county import ingest as receiver
from app.county.admin import County, register_township, revoke_key, status
from app.county.models import CountyBatch, CountyRejection, CountySetting, CountyTownship
from app.county.users import COUNTY_ROLES, audit
from app.domain.roles import Actor, require_role
from app.errors import AppError, InvalidInput
from app.models.base import utcnow
from app.sync.keys import KeyInfo

SILENT_DAYS_KEY = "silent_days"
SILENT_DAYS_DEFAULT = 40  # a township that sent nothing for this long is asked why


@dataclass(frozen=True)
class TownshipRow:
    code: str
    name: str
    fingerprints: str  # "；"-joined, revoked ones marked
    key_ids: list[str]  # the unrevoked keys
    last_sequence: int
    audit_head: str
    last_received: datetime | None
    submitted: int
    decisions_sequence: int
    silent: bool

    @property
    def id(self) -> str:
        return self.code


@dataclass(frozen=True)
class BatchRow:
    id: str
    when: datetime
    township: str
    direction: str  # 收到 / 发出 / 拒收
    stream: str
    sequence: int | None
    records: int
    detail: str  # the file name, or the refusal's code and reason
    refused: bool


def silent_days(county: County) -> int:
    with county.db.uow.read() as s:
        value = s.scalar(select(CountySetting.value).where(CountySetting.key == SILENT_DAYS_KEY)) or ""
    return int(value) if value.isdigit() else SILENT_DAYS_DEFAULT


def set_silent_days(county: County, actor: Actor, days: int) -> None:
    require_role(actor, "admin")
    if not 1 <= days <= 366:
        raise InvalidInput(f"未上报天数应在 1 至 366 之间，实为 {days}")
    with county.db.uow.begin() as s:
        row = s.get(CountySetting, SILENT_DAYS_KEY) or CountySetting(key=SILENT_DAYS_KEY, value="")
        row.value = str(days)
        s.add(row)
        audit(s, actor.name, "county.setting", SILENT_DAYS_KEY, value=days)


def township_rows(county: County, days: int | None = None, now: datetime | None = None) -> list[TownshipRow]:
    """Every registered township; `silent` when nothing arrived for `days` (the setting by default)."""
    days = silent_days(county) if days is None else days
    limit = (now or utcnow()) - timedelta(days=days)
    rows = []
    for t in status(county)["townships"]:
        last = datetime.fromisoformat(t["last_received"]) if t["last_received"] else None
        head = t["audit_head"]
        rows.append(TownshipRow(
            t["code"], t["name"],
            "；".join(k["fingerprint"] + ("（已吊销）" if k["revoked"] else "") for k in t["keys"]),
            [k["key_id"] for k in t["keys"] if not k["revoked"]], t["last_sequence"],
            f"{head['id']}:{head['sha256'][:16]}" if head and head["sha256"] else "", last,
            t["submitted_applications"], t["decisions_sequence"], last is None or last < limit))
    return rows


def batch_rows(county: County, limit: int = 500) -> list[BatchRow]:
    """批次: received and sent batches and the refusals with their reasons, newest first."""
    with county.db.uow.read() as s:
        names = dict(s.execute(select(CountyTownship.code, CountyTownship.name)).all())
        rows = [BatchRow(f"b{b.id}", b.created_at, names.get(b.township_code, b.township_code), "收到" if b.direction == "in" else "发出",
                         b.stream, b.sequence, b.records, b.file_name, False)
                for b in s.scalars(select(CountyBatch).order_by(CountyBatch.id.desc()).limit(limit))]
        rows += [BatchRow(f"r{r.id}", r.received_at, names.get(r.township_code or "", r.township_code or "未识别"), "拒收", r.stream, r.sequence, 0,
                          f"[{r.error_code}] {r.message}", True)
                 for r in s.scalars(select(CountyRejection).order_by(CountyRejection.id.desc()).limit(limit))]
    return sorted(rows, key=lambda r: r.when, reverse=True)


def register_key(county: County, actor: Actor, path: str | Path, township_code: str) -> KeyInfo:
    require_role(actor, "admin")
    info = register_township(county, path, township_code.strip())
    with county.db.uow.begin() as s:
        audit(s, actor.name, "county.register_key", f"乡镇 {info.code}", key_id=info.key_id, fingerprint=info.fingerprint)
    return info


def revoke(county: County, actor: Actor, key_id: str) -> str:
    require_role(actor, "admin")
    town = revoke_key(county, key_id)
    with county.db.uow.begin() as s:
        audit(s, actor.name, "county.revoke_key", f"乡镇 {town}", key_id=key_id)
    return town


def verify_file(county: County, actor: Actor, path: str | Path) -> receiver.Outcome:
    require_role(actor, *COUNTY_ROLES)
    return receiver.verify(county, path)


def ingest_file(county: County, actor: Actor, path: str | Path, receipt_dir: str | Path | None = None,
                progress: Callable[[int, int], None] | None = None) -> receiver.Outcome:
    """Ingest a batch file (from a stick); the signed receipt goes next to it unless `receipt_dir`."""
    require_role(actor, *COUNTY_ROLES)
    if progress:
        progress(0, 1)
    try:
        outcome = receiver.ingest(county, path, receipt_dir)
    except AppError as exc:  # the refusal is in the rejection log; who tried it goes in the audit log
        with county.db.uow.begin() as s:
            audit(s, actor.name, "county.ingest", "", status="refused", code=exc.code, file=Path(path).name)
        raise
    with county.db.uow.begin() as s:
        audit(s, actor.name, "county.ingest", f"乡镇 {outcome.township} 数据批次第 {outcome.sequence} 号", status=outcome.status,
              file=Path(path).name)
    if progress:
        progress(1, 1)
    return outcome
