"""Township-side keys: `sync keygen` (own key pair) and `sync trust-county` (the county's public keys)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.roles import Actor, require_role
from app.models import Setting, SyncCountyKey, Township
from app.models.uow import UnitOfWork
from app.services import audit
from app.sync import keys, tls
from app.sync.errors import KeyProblem
from app.sync.keys import KeyInfo
from app.sync.receive import TrustedKey

TLS_SETTING = "county_tls"  # the settings row holding how the county certificate is checked


def township_identity(s: Session) -> tuple[str, str]:
    t = s.scalar(select(Township).limit(1))
    if t is None:
        raise KeyProblem("数据库中没有乡镇信息，请先运行 jiuzhu init")
    return t.code, t.name


def own_keys(s: Session, folder: Path | None = None) -> keys.KeyPair:
    code, name = township_identity(s)
    return keys.load("township", code, name, folder)


def keygen(uow: UnitOfWork, actor: Actor, out: str | Path, folder: Path | None = None) -> KeyInfo:
    """Create this township's key pair (or keep the existing one) and write its public key file."""
    require_role(actor, "admin")
    with uow.begin() as s:
        code, name = township_identity(s)
        pair, created = keys.generate("township", code, name, folder)
        path = keys.write_public(pair.public, out)
        audit.append(s, actor, "sync.keygen" if created else "sync.export_public_key", "sync_key", None,
                     after={"key_id": pair.public.key_id, "fingerprint": pair.public.fingerprint})
    p = pair.public
    return KeyInfo("township", code, name, p.key_id, p.fingerprint, str(path), created)


def trust_county(uow: UnitOfWork, actor: Actor, path: str | Path, url: str = "",
                 tls_trust: tls.TlsTrust | None = None) -> KeyInfo:
    """Trust the county's public keys; an earlier county key is revoked (one county at a time).
    `tls_trust`: the county receiver's CA or certificate pin for https uploads (app/sync/tls.py)."""
    require_role(actor, "admin")
    key = keys.read_public(path)
    if key.role != "county":
        raise KeyProblem(f"{path} 不是县级公钥文件（role={key.role}）")
    with uow.begin() as s:
        for row in s.scalars(select(SyncCountyKey).where(SyncCountyKey.revoked.is_(False))):
            if row.key_id != key.key_id:
                row.revoked = True
        row = s.scalar(select(SyncCountyKey).where(SyncCountyKey.key_id == key.key_id))
        if row is None:
            row = SyncCountyKey(county_code=key.code, name=key.name, key_id=key.key_id,
                                signing_key=base64.b64encode(key.signing_raw).decode(), recipient=key.recipient,
                                fingerprint=key.fingerprint, trusted_by=actor.name)
            s.add(row)
        row.revoked = False
        if url:
            row.upload_url = url
        if tls_trust is not None and tls_trust.configured:
            store_tls_trust(s, tls_trust)
        s.flush()
        audit.append(s, actor, "sync.trust_county", "sync_county_key", row.id,
                     after={"key_id": key.key_id, "fingerprint": key.fingerprint, "code": key.code,
                            **({"tls_pin": tls_trust.pin, "tls_ca": bool(tls_trust.ca_pem)}
                               if tls_trust is not None and tls_trust.configured else {})})
    return KeyInfo("county", key.code, key.name, key.key_id, key.fingerprint, str(path))


def _public(row: SyncCountyKey) -> keys.PublicKey:
    return keys.PublicKey("county", row.county_code, row.name, base64.b64decode(row.signing_key), row.recipient)


def county_key(s: Session) -> tuple[keys.PublicKey, SyncCountyKey]:
    row = s.scalar(select(SyncCountyKey).where(SyncCountyKey.revoked.is_(False)).order_by(SyncCountyKey.id.desc()))
    if row is None:
        raise KeyProblem("尚未信任县级公钥，请先运行 jiuzhu sync trust-county C.pub")
    return _public(row), row


def find_county_key(s: Session):  # noqa: ANN201 - a key_id -> TrustedKey | None lookup
    def find(key_id: str) -> TrustedKey | None:
        row = s.scalar(select(SyncCountyKey).where(SyncCountyKey.key_id == key_id))
        return None if row is None else TrustedKey(_public(row), row.revoked)
    return find


def key_infos(uow: UnitOfWork, folder: Path | None = None) -> list[KeyInfo]:
    """Own and county fingerprints for the GUI and `sync status`."""
    out = []
    with uow.read() as s:
        code, name = township_identity(s)
        try:
            p = keys.load("township", code, name, folder).public
            out.append(KeyInfo("township", code, name, p.key_id, p.fingerprint))
        except KeyProblem:
            pass
        for row in s.scalars(select(SyncCountyKey).where(SyncCountyKey.revoked.is_(False))):
            out.append(KeyInfo("county", row.county_code, row.name, row.key_id, row.fingerprint))
    return out


def load_tls_trust(s: Session) -> tls.TlsTrust:
    """How the township checks the county's certificate (a CA or a pinned fingerprint), from settings."""
    row = s.scalar(select(Setting).where(Setting.key == TLS_SETTING))
    if row is None:
        return tls.TlsTrust()
    value = json.loads(row.value) or {}
    return tls.TlsTrust(value.get("pin", ""), value.get("ca_pem", ""))


def store_tls_trust(s: Session, trust: tls.TlsTrust) -> None:
    """Inside the caller's transaction (trust_county)."""
    row = s.scalar(select(Setting).where(Setting.key == TLS_SETTING))
    if row is None:
        row = Setting(key=TLS_SETTING, value="null", effective_month="2000-01")
        s.add(row)
    row.value = json.dumps({"pin": trust.pin, "ca_pem": trust.ca_pem})


def read_county_key(path: str | Path) -> keys.PublicKey:
    """The county's public key file as the admin checks it by phone before trusting it (name, code,
    fingerprint); KeyProblem if the file is no key."""
    return keys.read_public(path)
