"""The receiver order of SPEC §8, shared by the county (data batches) and the township (decisions,
receipts). Each stage raises its own SyncRefused subclass; the first failure stops.

1 size caps and zip sanity -> 2 signature by a known, unrevoked key -> 3 strict manifest parse,
sender = the key's owner, recipient = me, entries = the listed files -> 4 sequence (caller's
state: duplicate / fork / gap / rollback) -> 5 each file's length then SHA-256 -> 6 decrypt and
compare the inner header -> 7 validate records (caller) -> 8 one transaction (caller).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyrage

from app.sync.batch import MANIFEST, SIGNATURE, header_for, open_zip, read_signature
from app.sync.errors import (
    DecryptRefused,
    ForkRefused,
    GapRefused,
    HashRefused,
    HeaderRefused,
    KeyRevoked,
    RecipientRefused,
    RecordRefused,
    RollbackRefused,
    SenderRefused,
    SignatureRefused,
    ZipRefused,
)
from app.sync.keys import KeyPair, PublicKey
from app.sync.manifest import Manifest, parse_manifest
from app.sync.strictjson import canonical_lines, loads_strict, sha256_hex

MAX_LINE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class TrustedKey:
    key: PublicKey
    revoked: bool


@dataclass(frozen=True)
class Envelope:
    """A batch whose zip, signature, manifest and recipient have been checked."""

    entries: dict[str, bytes]
    manifest: Manifest
    signer: PublicKey


def open_envelope(data: bytes, *, find_key: Callable[[str], TrustedKey | None], me: PublicKey) -> Envelope:
    """Stages 1-3."""
    entries = open_zip(data)
    key_id, signature = read_signature(entries[SIGNATURE])
    trusted = find_key(key_id)
    if trusted is None:
        raise SignatureRefused(f"签名密钥 {key_id} 未登记（不是已信任的公钥）")
    if trusted.revoked:
        raise KeyRevoked(f"密钥 {key_id}（{trusted.key.name} {trusted.key.code}）已吊销")
    trusted.key.verify(signature, entries[MANIFEST])
    manifest = parse_manifest(entries[MANIFEST])
    _check_parties(manifest, trusted.key, me)
    listed = {f["path"] for f in manifest.files}
    present = set(entries) - {MANIFEST, SIGNATURE}
    if present - listed:
        raise ZipRefused(f"有清单未列出的条目：{'、'.join(sorted(present - listed))}")
    if listed - present:
        raise ZipRefused(f"缺少清单列出的文件：{'、'.join(sorted(listed - present))}")
    return Envelope(entries, manifest, trusted.key)


def _check_parties(m: Manifest, signer: PublicKey, me: PublicKey) -> None:
    sender, recipient = m["sender"], m["recipient"]
    if (sender["role"], sender["code"], sender["key_id"]) != (signer.role, signer.code, signer.key_id):
        raise SenderRefused(f"清单写明发送方 {sender['code']}，签名密钥属于 {signer.name}（{signer.code}）")
    if (recipient["role"], recipient["code"], recipient["key_id"]) != (me.role, me.code, me.recipient_id):
        raise RecipientRefused(f"接收方为 {recipient['role']} {recipient['code']}（密钥 {recipient['key_id']}），"
                               f"本单位为 {me.role} {me.code}（密钥 {me.recipient_id}）")


def sequence_verdict(m: Manifest, last_sequence: int, last_hash: str, hash_of: Callable[[int], str | None]) -> bool:
    """Stage 4. True: a new batch to apply; False: already imported (a no-op)."""
    seq = m.sequence
    if seq <= last_sequence:
        known = hash_of(seq)
        if known == m.sha256:
            return False
        if seq == last_sequence:
            raise ForkRefused(f"{m.stream} 流第 {seq} 号批次已导入，新批次内容不同（清单 SHA-256 {m.sha256[:16]}…）")
        raise RollbackRefused(f"收到第 {seq} 号，已导入到第 {last_sequence} 号")
    if seq > last_sequence + 1:
        missing = list(range(last_sequence + 1, seq))
        shown = "、".join(str(n) for n in missing[:20]) + ("……" if len(missing) > 20 else "")
        raise GapRefused(f"收到第 {seq} 号，缺少第 {shown} 号（共 {len(missing)} 个），请按顺序导入")
    if m["previous_manifest_sha256"] != last_hash:
        raise ForkRefused(f"第 {seq} 号批次声明的上一清单与已导入的第 {last_sequence} 号不符")
    return True


def check_files(env: Envelope) -> None:
    """Stage 5: each file's length, then its SHA-256."""
    for f in env.manifest.files:
        data = env.entries[f["path"]]
        if len(data) != f["length"]:
            raise HashRefused(f"{f['path']} 长度 {len(data)}，清单为 {f['length']}")
    for f in env.manifest.files:
        if sha256_hex(env.entries[f["path"]]) != f["sha256"]:
            raise HashRefused(f"{f['path']} 的 SHA-256 与清单不符（文件被修改或损坏）")


@dataclass
class Payload:
    """One decrypted payload: its records and, when every line was canonical JSON, the lines themselves
    (the county stores a record's line as received instead of serialising the record again)."""

    records: list[dict]
    lines: list[str] | None


def decrypt(env: Envelope, me: KeyPair) -> dict[str, list[dict]]:
    """Stage 6: decrypt every payload and compare its header line with the manifest."""
    return {content: p.records for content, p in decrypt_payloads(env, me).items()}


def decrypt_payloads(env: Envelope, me: KeyPair) -> dict[str, Payload]:
    """Stage 6, keeping each payload's canonical lines."""
    out: dict[str, Payload] = {}
    for f in env.manifest.files:
        try:
            plain = pyrage.decrypt(env.entries[f["path"]], [me.identity])
        except pyrage.DecryptError as exc:
            raise DecryptRefused(f"{f['path']}：{exc}") from exc
        out[f["content"]] = _payload(env.manifest, f, plain)
    return out


def _payload(m: Manifest, f: dict, plain: bytes) -> Payload:
    if not plain.endswith(b"\n"):
        raise HeaderRefused(f"{f['path']} 的内容不完整")
    first, more, body = plain[:-1].partition(b"\n")
    header = loads_strict(first, HeaderRefused, f"{f['path']} 头部")
    expected = header_for(m.raw, f["content"], f["records"])
    if not isinstance(header, dict):
        raise HeaderRefused(f"{f['path']} 头部不是对象")
    if header != expected:
        wrong = sorted(k for k in set(expected) | set(header) if header.get(k) != expected.get(k))
        raise HeaderRefused(f"{f['path']} 头部的 {'、'.join(wrong)} 与清单不符")
    payload = body_records(f["content"], body if more else None)
    if len(payload.records) != f["records"]:
        raise HeaderRefused(f"{f['path']} 有 {len(payload.records)} 条记录，清单为 {f['records']} 条")
    return payload


def body_records(content: str, body: bytes | None) -> Payload:
    """The records after the header line (`body`: those lines without the final newline; None: no line).

    The fast path takes what every writer produces, each line the canonical JSON of an object
    (strictjson.canonical_lines). Anything else - a line over the size cap, not canonical, not an
    object - goes through the strict parse line by line, which refuses it with its own message
    or accepts it (a valid line need not be canonical)."""
    if body is None:
        return Payload([], None)
    if len(body) <= MAX_LINE_BYTES or max(map(len, body.split(b"\n"))) <= MAX_LINE_BYTES:
        parsed = canonical_lines(body)
        if parsed is not None and all(type(rec) is dict for rec in parsed[0]):
            return Payload(*parsed)  # type: ignore[arg-type] - every value is a dict
    return Payload(_records(content, body.split(b"\n")), None)


def _records(content: str, lines: list[bytes]) -> list[dict]:
    """The strict line-by-line parse; its messages name the record."""
    records = []
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_BYTES:
            raise RecordRefused(f"{content} 第 {number} 条记录过大")
        rec = loads_strict(line, RecordRefused, f"{content} 第 {number} 条记录")
        if not isinstance(rec, dict):
            raise RecordRefused(f"{content} 第 {number} 条记录不是对象")
        records.append(rec)
    return records


def self_check(data: bytes, signer: PublicKey) -> None:
    """What the writer re-reads from the stick: zip sanity, its own signature, manifest, file hashes."""
    entries = open_zip(data)
    _key_id, signature = read_signature(entries[SIGNATURE])
    signer.verify(signature, entries[MANIFEST])
    manifest = parse_manifest(entries[MANIFEST])
    check_files(Envelope(entries, manifest, signer))
