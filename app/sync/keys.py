"""Keys: Ed25519 signing keys (cryptography) and X25519 encryption identities (age, via pyrage).

Every party (a township, the county) has one signing key and one age identity. Private keys
live in `data_dir()/keys` with mode 0600 and never travel; the public half is exchanged once
as a small JSON file and compared over the phone by its fingerprint (4 groups of 4 hex chars).
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyrage import x25519

from app.sync.errors import KeyProblem, SignatureRefused
from app.sync.strictjson import canonical, loads_strict

PUBLIC_FORMAT = "jiuzhu-public-key"
ROLES = ("township", "county")


def keys_dir(base: Path | None = None) -> Path:
    """The private key folder (created 0700)."""
    if base is None:
        from app.paths import data_dir

        base = data_dir() / "keys"
    base.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(base, 0o700)
    return base


def key_id(signing_raw: bytes) -> str:
    """16 hex chars of SHA-256 of the raw 32-byte Ed25519 public key."""
    return hashlib.sha256(signing_raw).hexdigest()[:16]


def recipient_id(recipient: str) -> str:
    """16 hex chars of SHA-256 of the age recipient text (age1...)."""
    return hashlib.sha256(recipient.encode()).hexdigest()[:16]


def fingerprint(signing_raw: bytes, recipient: str) -> str:
    """What people compare on the phone: SHA-256 over both public keys, 4 groups of 4 hex chars."""
    h = hashlib.sha256(signing_raw + b"\n" + recipient.encode()).hexdigest().upper()
    return "-".join(h[i:i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class PublicKey:
    role: str  # township / county
    code: str  # 9-digit township code, or the county's code
    name: str
    signing_raw: bytes
    recipient: str  # age1...

    @property
    def key_id(self) -> str:
        return key_id(self.signing_raw)

    @property
    def recipient_id(self) -> str:
        return recipient_id(self.recipient)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_raw, self.recipient)

    def verify(self, signature: bytes, data: bytes) -> None:
        try:
            Ed25519PublicKey.from_public_bytes(self.signing_raw).verify(signature, data)
        except (InvalidSignature, ValueError) as exc:
            raise SignatureRefused(f"签名与密钥 {self.key_id} 不符，清单可能被修改") from exc

    def age_recipient(self) -> x25519.Recipient:
        return x25519.Recipient.from_str(self.recipient)

    def to_json(self) -> bytes:
        return canonical({
            "format": PUBLIC_FORMAT, "format_version": 1, "role": self.role, "code": self.code, "name": self.name,
            "signing_key": base64.b64encode(self.signing_raw).decode(), "encryption_recipient": self.recipient,
            "key_id": self.key_id, "fingerprint": self.fingerprint,
        }) + b"\n"


@dataclass(frozen=True)
class KeyPair:
    public: PublicKey
    signing: Ed25519PrivateKey
    identity: x25519.Identity

    def sign(self, data: bytes) -> bytes:
        return self.signing.sign(data)

    def decrypt(self, data: bytes) -> bytes:
        return pyrage.decrypt(data, [self.identity])


def _paths(folder: Path, role: str, code: str) -> tuple[Path, Path]:
    stem = "county" if role == "county" else f"township-{code}"
    return folder / f"{stem}.signing.pem", folder / f"{stem}.age"


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    if os.name == "posix":
        os.chmod(path, 0o600)


def _read_private(path: Path) -> bytes:
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise KeyProblem(f"私钥文件 {path} 的权限过宽（应为 0600），请执行 chmod 600 后重试")
    return path.read_bytes()


def generate(role: str, code: str, name: str, folder: Path | None = None) -> tuple[KeyPair, bool]:
    """Load this party's key pair, or create it when absent. Returns (pair, created)."""
    folder = keys_dir(folder)
    sign_path, age_path = _paths(folder, role, code)
    if sign_path.exists() or age_path.exists():
        return load(role, code, name, folder), False
    signing = Ed25519PrivateKey.generate()
    identity = x25519.Identity.generate()
    _write_private(sign_path, signing.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    _write_private(age_path, (str(identity) + "\n").encode())
    return load(role, code, name, folder), True


def load(role: str, code: str, name: str, folder: Path | None = None) -> KeyPair:
    """This party's private keys from the key folder."""
    folder = keys_dir(folder)
    sign_path, age_path = _paths(folder, role, code)
    if not sign_path.exists() or not age_path.exists():
        what = "县级" if role == "county" else f"乡镇 {code} 的"
        cmd = "jiuzhu county init" if role == "county" else "jiuzhu sync keygen"
        raise KeyProblem(f"没有找到{what}私钥（{folder}），请先运行 {cmd}")
    try:
        signing = serialization.load_pem_private_key(_read_private(sign_path), password=None)
        identity = x25519.Identity.from_str(_read_private(age_path).decode().strip())
    except (ValueError, pyrage.IdentityError) as exc:
        raise KeyProblem(f"私钥文件损坏：{exc}") from exc
    if not isinstance(signing, Ed25519PrivateKey):
        raise KeyProblem(f"{sign_path} 不是 Ed25519 私钥")
    raw = signing.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    public = PublicKey(role, code, name, raw, str(identity.to_public()))
    return KeyPair(public, signing, identity)


def _field(data: dict, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise KeyProblem(f"公钥文件缺少字段 {key}")
    return value


def parse_public(data: bytes) -> PublicKey:
    """Read a public key file; its key id and fingerprint are recomputed, never trusted."""
    if len(data) > 8192:
        raise KeyProblem("公钥文件过大")
    try:
        obj = loads_strict(data, SignatureRefused, "公钥文件")
    except SignatureRefused as exc:
        raise KeyProblem(exc.text) from exc
    if not isinstance(obj, dict) or obj.get("format") != PUBLIC_FORMAT or obj.get("format_version") != 1:
        raise KeyProblem("不是 jiuzhu 公钥文件（format / format_version 不符）")
    role = _field(obj, "role")
    if role not in ROLES:
        raise KeyProblem(f"公钥文件的 role 应为 township 或 county，实为 {role}")
    try:
        raw = base64.b64decode(_field(obj, "signing_key"), validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
        recipient = _field(obj, "encryption_recipient")
        x25519.Recipient.from_str(recipient)
    except (ValueError, pyrage.RecipientError) as exc:
        raise KeyProblem(f"公钥文件中的密钥无效：{exc}") from exc
    key = PublicKey(role, _field(obj, "code"), _field(obj, "name"), raw, recipient)
    if obj.get("key_id") != key.key_id or obj.get("fingerprint") != key.fingerprint:
        raise KeyProblem("公钥文件中的 key_id 或指纹与密钥不符，文件可能被修改")
    return key


def read_public(path: str | Path) -> PublicKey:
    try:
        return parse_public(Path(path).read_bytes())
    except OSError as exc:
        raise KeyProblem(f"无法读取公钥文件 {path}：{exc}") from exc


def write_public(key: PublicKey, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(key.to_json())
    return path


@dataclass(frozen=True)
class KeyInfo:
    """A key as `sync keygen`, `sync status` and `county init` show it."""
    role: str
    code: str
    name: str
    key_id: str
    fingerprint: str
    path: str = ""
    created: bool = False
