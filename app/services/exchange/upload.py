"""`sync upload F`: send a written batch to the county URL and import the county's signed receipt."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.models import SyncBatch, SyncCountyKey
from app.models.uow import UnitOfWork
from app.services.exchange.incoming import ImportResult, import_file
from app.services.exchange.keyring import load_tls_trust
from app.sync.atomic import write_verified
from app.sync.errors import SyncRefused, SyncUsage, UploadError
from app.sync.transport import ZIP, upload


@dataclass(frozen=True)
class UploadResult:
    url: str
    outcome: str  # accepted / duplicate / rejected
    receipt_path: Path | None
    receipt: ImportResult | None


def county_url(uow: UnitOfWork, url: str | None) -> str:
    """--url, else the URL saved with `sync trust-county --url`, else JIUZHU_COUNTY_URL."""
    if url:
        return url
    with uow.read() as s:
        saved = s.scalar(select(SyncCountyKey.upload_url).where(SyncCountyKey.revoked.is_(False),
                                                                SyncCountyKey.upload_url != ""))
    url = saved or os.environ.get("JIUZHU_COUNTY_URL", "")
    if not url:
        raise SyncUsage("没有配置县级接收地址：请用 --url 指定，或 sync trust-county --url 保存")
    return url


def _save_receipt(body: bytes, batch: Path, outcome: str) -> Path:
    from app.paths import data_dir

    folder = data_dir() / "receipts"
    folder.mkdir(exist_ok=True)
    return write_verified(folder, f"{batch.stem}-receipt-{outcome}.zip", body)


def upload_batch(uow: UnitOfWork, actor: Actor, path: str | Path, *, url: str | None = None, attempts: int = 4,
                 backoff: float = 1.0, keys_folder: Path | None = None) -> UploadResult:
    require_role(actor, *CLERK_ROLES)
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SyncUsage(f"无法读取批次文件 {path}：{exc}") from exc
    url = county_url(uow, url)
    with uow.read() as s:
        trust = load_tls_trust(s)
    resp = upload(url, data, attempts=attempts, backoff=backoff, tls=trust)
    if resp.content_type != ZIP or not resp.body:
        raise UploadError(f"县级返回 HTTP {resp.status}：{resp.body[:500].decode('utf-8', 'replace')}")
    receipt_path = _save_receipt(resp.body, path, resp.outcome or str(resp.status))
    imported = import_file(uow, actor, receipt_path, keys_folder)
    if resp.status != 200:
        with uow.read() as s:
            detail = s.scalar(select(SyncBatch.status_detail).where(  # the newest: a number may be re-issued
                SyncBatch.file_name == path.name, SyncBatch.direction == "out").order_by(SyncBatch.id.desc()).limit(1))
        raise SyncRefused(f"县级拒收此批次：{detail or resp.outcome}（回执 {receipt_path}）")
    return UploadResult(url, imported.receipt_status or resp.outcome, receipt_path, imported)
