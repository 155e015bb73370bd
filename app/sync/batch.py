"""The batch file: one zip of stored entries — manifest.json, manifest.sig, encrypted payloads.

Writing: each payload (JSON Lines, a header line first) is encrypted with age to the recipient,
then the manifest lists every payload's length, SHA-256 and record count, and is signed with
Ed25519 over its exact bytes (encrypt, then sign). Reading here is the first stage of the
receiver order only: size caps and zip sanity. docs/sync-format.md is the format's reference.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

import pyrage

from app.sync.errors import SignatureRefused, SizeRefused, ZipRefused
from app.sync.keys import KeyPair, PublicKey
from app.sync.strictjson import canonical, canonical_text, sha256_hex

FORMAT = "jiuzhu-batch"
FORMAT_VERSION = 2  # what this program writes; 2 added the data stream's audit chain links
READABLE_VERSIONS = (1, 2)  # what a receiver parses (a county requires 2 for data: county.py)
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
# caps (bytes): whole file, manifest, signature file; entries in the zip
MAX_BATCH_BYTES = 512 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
MAX_SIGNATURE_BYTES = 512
MAX_ENTRIES = 12
# stream -> payload contents it may carry, in the order they are written and applied
STREAM_CONTENTS: dict[str, tuple[str, ...]] = {
    "data": ("households", "members", "applications", "cases", "rosters", "monitor_warnings", "tombstones", "audit"),
    "decisions": ("decisions",),
    "receipts": ("receipts",),
}
ALL_CONTENTS = frozenset(c for cs in STREAM_CONTENTS.values() for c in cs)
SINCE_VERSION = {"audit": 2}  # a payload that an older format version does not have
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_SIG_LINE = re.compile(rb"ed25519 ([0-9a-f]{16}) ([A-Za-z0-9+/]{86}==)\n")


def payload_path(content: str) -> str:
    return f"payload/{content}.jsonl.age"


def party(key: PublicKey, *, as_recipient: bool) -> dict:
    """A manifest's sender (signing key id) or recipient (encryption key id)."""
    return {"role": key.role, "code": key.code, "key_id": key.recipient_id if as_recipient else key.key_id}


def header_for(manifest: dict, content: str, records: int) -> dict:
    """The inner header: the first line of every decrypted payload repeats the manifest's identity."""
    return {"type": "header", "format": FORMAT, "format_version": manifest["format_version"],
            "batch_id": manifest["batch_id"],
            "sender": manifest["sender"], "recipient": manifest["recipient"], "stream": manifest["stream"],
            "sequence": manifest["sequence"], "content": content, "records": records}


def jsonl(header: dict, records: list[dict]) -> bytes:
    """The header and the records, one canonical line each (the bytes of canonical() of each + newline)."""
    return ("\n".join(map(canonical_text, [header, *records])) + "\n").encode()


@dataclass(frozen=True)
class Built:
    data: bytes  # the zip file
    manifest_bytes: bytes

    @property
    def manifest_sha256(self) -> str:
        return sha256_hex(self.manifest_bytes)


def build(manifest: dict, payloads: dict[str, list[dict]], sender: KeyPair, recipient: PublicKey,
          lines: dict[str, list[str]] | None = None) -> Built:
    """Encrypt each payload to `recipient`, complete the manifest's file list, sign, zip.
    `lines`: each payload's records already as canonical_text() (the writer checked them so)."""
    manifest = dict(manifest, files=[])
    entries: list[tuple[str, bytes]] = []
    for content in STREAM_CONTENTS[manifest["stream"]]:
        if content not in payloads:
            continue
        records = payloads[content]
        header = header_for(manifest, content, len(records))
        plain = (jsonl(header, records) if lines is None
                 else ("\n".join([canonical_text(header), *lines[content]]) + "\n").encode())
        cipher = pyrage.encrypt(plain, [recipient.age_recipient()])
        path = payload_path(content)
        manifest["files"].append({"path": path, "content": content, "length": len(cipher),
                                  "sha256": sha256_hex(cipher), "records": len(records)})
        entries.append((path, cipher))
    manifest_bytes = canonical(manifest)
    return Built(zip_entries([(MANIFEST, manifest_bytes), (SIGNATURE, sign_line(sender, manifest_bytes)),
                              *entries]), manifest_bytes)


def sign_line(sender: KeyPair, manifest_bytes: bytes) -> bytes:
    sig = base64.b64encode(sender.sign(manifest_bytes))
    return b"ed25519 " + sender.public.key_id.encode() + b" " + sig + b"\n"


def zip_entries(entries: list[tuple[str, bytes]], compress: int = zipfile.ZIP_STORED) -> bytes:
    """A deterministic zip: fixed dates, no extra fields, no comment."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compress) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = compress
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


# ---- reading: size caps and zip sanity ---------------------------------------------------------


def _check_name(name: str) -> None:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name:
        raise ZipRefused(f"条目「{name}」是绝对路径或含反斜杠")
    if ".." in name.split("/"):
        raise ZipRefused(f"条目「{name}」含 ..（路径穿越）")
    allowed = name in (MANIFEST, SIGNATURE) or any(name == payload_path(c) for c in ALL_CONTENTS)
    if not allowed:
        raise ZipRefused(f"条目「{name}」不是批次允许的文件")


def _check_info(info: zipfile.ZipInfo) -> None:
    _check_name(info.filename)
    if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
        raise ZipRefused(f"条目「{info.filename}」被压缩（批次只允许存储方式）")
    if info.flag_bits & 0x09:
        raise ZipRefused(f"条目「{info.filename}」使用了 zip 加密或数据描述符")
    if info.extra:
        raise ZipRefused(f"条目「{info.filename}」带有扩展字段")


def _check_layout(data: bytes, infos: list[zipfile.ZipInfo], start_dir: int) -> None:
    """Entries back to back from offset 0, then the central directory, then a bare end record."""
    pos = 0
    for info in infos:
        if info.header_offset != pos or data[pos:pos + 4] != b"PK\x03\x04":
            raise ZipRefused(f"条目「{info.filename}」的位置不连续（文件中有隐藏数据）")
        name_len, extra_len = struct.unpack("<HH", data[pos + 26:pos + 30])
        if extra_len:
            raise ZipRefused(f"条目「{info.filename}」带有扩展字段")
        pos += 30 + name_len + info.compress_size
    if start_dir != pos or data[-22:-18] != b"PK\x05\x06" or data[-2:] != b"\x00\x00":
        raise ZipRefused("中央目录位置不符或 zip 带有注释")


def open_zip(data: bytes) -> dict[str, bytes]:
    """Stage 1 of the receiver order: caps and zip sanity. Returns entry name -> bytes."""
    if len(data) > MAX_BATCH_BYTES:
        raise SizeRefused(f"文件 {len(data)} 字节，上限 {MAX_BATCH_BYTES} 字节")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise ZipRefused(f"条目过多（{len(infos)} 个）")
            names = [i.filename for i in infos]
            dup = sorted({n for n in names if names.count(n) > 1})
            if dup:
                raise ZipRefused(f"条目重复：{'、'.join(dup)}")
            for info in infos:
                _check_info(info)
            _check_layout(data, infos, zf.start_dir)
            _check_caps(infos)
            return {i.filename: zf.read(i) for i in infos}
    except (zipfile.BadZipFile, zlib.error, EOFError, struct.error, NotImplementedError, ValueError,
            UnicodeDecodeError, OverflowError, KeyError, RuntimeError) as exc:
        # zipfile raises all of these on damaged headers (an unknown version, an "encrypted" flag ...)
        raise ZipRefused(f"不是完整的 zip 文件（可能被截断或损坏）：{exc}") from exc


def _check_caps(infos: list[zipfile.ZipInfo]) -> None:
    names = {i.filename: i for i in infos}
    for need in (MANIFEST, SIGNATURE):
        if need not in names:
            raise ZipRefused(f"缺少 {need}")
    if names[MANIFEST].file_size > MAX_MANIFEST_BYTES:
        raise SizeRefused(f"manifest.json {names[MANIFEST].file_size} 字节，上限 {MAX_MANIFEST_BYTES} 字节")
    if names[SIGNATURE].file_size > MAX_SIGNATURE_BYTES:
        raise SizeRefused(f"manifest.sig {names[SIGNATURE].file_size} 字节，上限 {MAX_SIGNATURE_BYTES} 字节")


def read_signature(sig: bytes) -> tuple[str, bytes]:
    """manifest.sig is one line: `ed25519 <key id> <base64 signature>`."""
    m = _SIG_LINE.fullmatch(sig)
    if not m:
        raise SignatureRefused("manifest.sig 格式不符")
    try:
        raw = base64.b64decode(m.group(2), validate=True)
    except binascii.Error as exc:
        raise SignatureRefused("manifest.sig 中的签名不是有效的 base64") from exc
    if len(raw) != 64:
        raise SignatureRefused("manifest.sig 中的签名长度不符")
    return m.group(1).decode(), raw


def file_name(code: str, stream: str, sequence: int) -> str:
    """The batch file's name: sender code, stream and sequence (docs/sync-format.md)."""
    return f"jiuzhu-{code}-{stream}-{sequence:06d}.zip"
