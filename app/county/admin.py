"""County administration: `county init` (database and keys), `county register` (trust a township's
public key), revoking a key, and `county status` (townships with their last sequence and audit head)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.county.db import CountyDb, open_county, remember_url
from app.county.models import (
    CountyDecision,
    CountyIdentity,
    CountyRecord,
    CountyRejection,
    CountyStream,
    CountyTownship,
    CountyTownshipKey,
)
from app.sync import keys
from app.sync.errors import KeyProblem, SyncUsage
from app.sync.keys import KeyInfo
from app.sync.receive import TrustedKey

TOWNSHIP_CODE_LEN = 9


@dataclass
class County:
    db: CountyDb
    keys: keys.KeyPair

    @property
    def code(self) -> str:
        return self.keys.public.code

    def close(self) -> None:
        self.db.close()


def county_init(url: str | None, out: str | Path, *, code: str = "000000", name: str = "县级民政",
                keys_folder: Path | None = None) -> KeyInfo:
    """Create (or open) the county database and keys; write the county public key file."""
    db = open_county(url)
    try:
        with db.uow.begin() as s:
            ident = s.scalar(select(CountyIdentity).limit(1))
            if ident is not None:
                code, name = ident.code, ident.name
            pair, created = keys.generate("county", code, name, keys_folder)
            if ident is None:
                s.add(CountyIdentity(code=code, name=name, key_id=pair.public.key_id,
                                     fingerprint=pair.public.fingerprint))
            elif ident.key_id != pair.public.key_id:
                raise KeyProblem(f"县级数据库登记的密钥 {ident.key_id} 与本机密钥 {pair.public.key_id} 不符")
        path = keys.write_public(pair.public, out)
        remember_url(db.url)
    finally:
        db.close()
    p = pair.public
    return KeyInfo("county", p.code, p.name, p.key_id, p.fingerprint, str(path), created)


def load_county(url: str | None = None, keys_folder: Path | None = None) -> County:
    db = open_county(url)
    with db.uow.read() as s:
        ident = s.execute(select(CountyIdentity.code, CountyIdentity.name, CountyIdentity.key_id).limit(1)).first()
    if ident is None:
        db.close()
        raise KeyProblem("县级数据库尚未初始化，请先运行 jiuzhu county init --db URL --out C.pub")
    code, name, key_id = ident
    pair = keys.load("county", code, name, keys_folder)
    if pair.public.key_id != key_id:
        db.close()
        raise KeyProblem(f"本机县级密钥 {pair.public.key_id} 与数据库登记的 {key_id} 不符")
    return County(db, pair)


def read_township_key(path: str | Path) -> keys.PublicKey:
    """A township's public key file (refused when it is another kind of key)."""
    key = keys.read_public(path)
    if key.role != "township":
        raise KeyProblem(f"{path} 不是乡镇公钥文件（role={key.role}）")
    return key


def register_township(county: County, path: str | Path, township_code: str) -> KeyInfo:
    """Trust a township's public key file, after checking the code the officer typed matches it."""
    key = read_township_key(path)
    if not (township_code.isdigit() and len(township_code) == TOWNSHIP_CODE_LEN):
        raise SyncUsage(f"乡镇代码应为 9 位数字，实为「{township_code}」")
    if key.code != township_code:
        raise KeyProblem(f"公钥文件属于乡镇 {key.code}（{key.name}），与输入的 {township_code} 不符")
    with county.db.uow.begin() as s:
        row = s.scalar(select(CountyTownshipKey).where(CountyTownshipKey.key_id == key.key_id))
        if row is not None and row.township_code != key.code:
            raise KeyProblem(f"密钥 {key.key_id} 已登记给乡镇 {row.township_code}")
        town = s.get(CountyTownship, key.code)
        if town is None:
            s.add(CountyTownship(code=key.code, name=key.name))
        else:
            town.name = key.name
        if row is None:
            s.flush()
            s.add(CountyTownshipKey(township_code=key.code, key_id=key.key_id, recipient=key.recipient,
                                    signing_key=base64.b64encode(key.signing_raw).decode(),
                                    fingerprint=key.fingerprint))
        elif row.revoked:
            raise KeyProblem(f"密钥 {key.key_id} 已被吊销，不能重新登记")
    return KeyInfo("township", key.code, key.name, key.key_id, key.fingerprint, str(path))


def revoke_key(county: County, key_id: str) -> str:
    from app.models.base import utcnow

    with county.db.uow.begin() as s:
        row = s.scalar(select(CountyTownshipKey).where(CountyTownshipKey.key_id == key_id))
        if row is None:
            raise SyncUsage(f"没有登记密钥 {key_id}")
        row.revoked, row.revoked_at = True, utcnow()
        return row.township_code


def _public(row: CountyTownshipKey, name: str) -> keys.PublicKey:
    return keys.PublicKey("township", row.township_code, name, base64.b64decode(row.signing_key), row.recipient)


def find_township_key(s: Session):  # noqa: ANN201 - key_id -> TrustedKey | None
    def find(key_id: str) -> TrustedKey | None:
        row = s.scalar(select(CountyTownshipKey).where(CountyTownshipKey.key_id == key_id))
        if row is None:
            return None
        return TrustedKey(_public(row, s.get(CountyTownship, row.township_code).name), row.revoked)
    return find


def township_recipient(s: Session, code: str) -> keys.PublicKey:
    """The township's newest unrevoked key: decisions and receipts are encrypted to it."""
    row = s.scalar(select(CountyTownshipKey).where(CountyTownshipKey.township_code == code,
                                                   CountyTownshipKey.revoked.is_(False))
                   .order_by(CountyTownshipKey.id.desc()).limit(1))
    if row is None:
        raise KeyProblem(f"乡镇 {code} 没有有效的已登记公钥")
    return _public(row, s.get(CountyTownship, code).name)


def status(county: County) -> dict:
    """Townships with their keys, last sequence, manifest hash and audit head, pending decisions."""
    with county.db.uow.read() as s:
        pending = {code: n for code, n in s.execute(select(CountyRecord.township_code, func.count()).where(
            CountyRecord.kind == "application", CountyRecord.status == "已报县").group_by(CountyRecord.township_code))}
        decided = {code: n for code, n in s.execute(select(CountyDecision.township_code, func.count())
                                                    .group_by(CountyDecision.township_code))}
        rejections = s.scalar(select(func.count()).select_from(CountyRejection))
        towns = []
        for t in s.scalars(select(CountyTownship).order_by(CountyTownship.code)):
            st = s.get(CountyStream, (t.code, "in", "data"))
            out = s.get(CountyStream, (t.code, "out", "decisions"))
            keys_ = s.scalars(select(CountyTownshipKey).where(CountyTownshipKey.township_code == t.code)).all()
            towns.append({
                "code": t.code, "name": t.name,
                "keys": [{"key_id": k.key_id, "fingerprint": k.fingerprint, "revoked": k.revoked} for k in keys_],
                "last_sequence": st.last_sequence if st else 0,
                "last_manifest_sha256": st.last_manifest_sha256 if st else "",
                "audit_head": {"id": st.audit_head_id, "sha256": st.audit_head_sha256} if st else None,
                "last_received": st.updated_at.isoformat(timespec="seconds") if st else None,
                "decisions_sequence": out.last_sequence if out else 0,
                "submitted_applications": pending.get(t.code, 0), "decisions": decided.get(t.code, 0)})
    return {"county": {"code": county.code, "name": county.keys.public.name,
                       "fingerprint": county.keys.public.fingerprint}, "townships": towns, "rejections": rejections}
