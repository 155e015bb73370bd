"""manifest.json: building it, and parsing it strictly (exact keys, exact types, no floats)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from app.sync.batch import (
    FORMAT,
    FORMAT_VERSION,
    READABLE_VERSIONS,
    SINCE_VERSION,
    STREAM_CONTENTS,
    payload_path,
)
from app.sync.errors import ManifestRefused
from app.sync.strictjson import loads_strict, sha256_hex

HEX64 = re.compile(r"[0-9a-f]{64}")
HEX32 = re.compile(r"[0-9a-f]{32}")
HEX16 = re.compile(r"[0-9a-f]{16}")
CODE = re.compile(r"[0-9A-Za-z_-]{1,20}")
CREATED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_DEPENDS = 64
KEYS = {"format", "format_version", "batch_id", "sender", "recipient", "stream", "sequence",
        "previous_manifest_sha256", "created", "period", "full", "audit_head", "depends_on", "files"}


def new_manifest(*, sender: dict, recipient: dict, stream: str, sequence: int, previous: str,
                 period: tuple[int, int], full: bool = False, audit_head: dict | None = None,
                 depends_on: list[dict] | None = None) -> dict:
    """A manifest without its file list (batch.build adds it)."""
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "batch_id": uuid.uuid4().hex, "sender": sender,
        "recipient": recipient, "stream": stream, "sequence": sequence, "previous_manifest_sha256": previous,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "period": {"after": period[0], "through": period[1]}, "full": full, "audit_head": audit_head,
        "depends_on": depends_on or [],
    }


@dataclass(frozen=True)
class Manifest:
    raw: dict
    sha256: str  # of the exact manifest bytes

    def __getitem__(self, key: str) -> object:
        return self.raw[key]

    @property
    def stream(self) -> str:
        return self.raw["stream"]

    @property
    def sequence(self) -> int:
        return self.raw["sequence"]

    @property
    def files(self) -> list[dict]:
        return self.raw["files"]


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise ManifestRefused(what)


MAX_INT = 2**53 - 1  # the largest integer every JSON reader keeps exactly; also fits SQLite/PostgreSQL


def _int(value: object, what: str, low: int = 0, high: int | None = None) -> int:
    _need(isinstance(value, int) and not isinstance(value, bool), f"{what} 必须是整数")
    _need(low <= value <= (MAX_INT if high is None else high), f"{what} 超出范围")
    return value  # type: ignore[return-value]


def _str(value: object, pattern: re.Pattern[str], what: str) -> str:
    _need(isinstance(value, str) and pattern.fullmatch(value) is not None, f"{what} 格式不符")
    return value  # type: ignore[return-value]


def _obj(value: object, keys: set[str], what: str) -> dict:
    _need(isinstance(value, dict), f"{what} 必须是对象")
    missing, extra = keys - set(value), set(value) - keys  # type: ignore[arg-type]
    _need(not missing, f"{what} 缺少字段：{'、'.join(sorted(missing))}")
    _need(not extra, f"{what} 有未知字段：{'、'.join(sorted(extra))}")
    return value  # type: ignore[return-value]


def _party(value: object, what: str) -> None:
    p = _obj(value, {"role", "code", "key_id"}, what)
    _need(p["role"] in ("township", "county"), f"{what}.role 应为 township 或 county")
    _str(p["code"], CODE, f"{what}.code")
    _str(p["key_id"], HEX16, f"{what}.key_id")


def _files(value: object, stream: str, version: int) -> None:
    _need(isinstance(value, list) and len(value) <= len(STREAM_CONTENTS[stream]), "files 数量不符")
    seen = set()
    for i, f in enumerate(value):  # type: ignore[arg-type]
        f = _obj(f, {"path", "content", "length", "sha256", "records"}, f"files[{i}]")
        _need(isinstance(f["content"], str) and f["content"] in STREAM_CONTENTS[stream],
              f"files[{i}].content 不属于 {stream} 流")
        _need(version >= SINCE_VERSION.get(f["content"], 1), f"files[{i}].content 不属于格式版本 {version}")
        _need(f["path"] == payload_path(f["content"]) and f["path"] not in seen, f"files[{i}].path 不符或重复")
        seen.add(f["path"])
        _int(f["length"], f"files[{i}].length", 1, MAX_FILE_BYTES)
        _str(f["sha256"], HEX64, f"files[{i}].sha256")
        _int(f["records"], f"files[{i}].records")


def _depends(value: object) -> None:
    _need(isinstance(value, list) and len(value) <= MAX_DEPENDS, "depends_on 必须是列表且不超过 64 项")
    for i, d in enumerate(value):  # type: ignore[arg-type]
        d = _obj(d, {"stream", "sequence", "manifest_sha256"}, f"depends_on[{i}]")
        _need(isinstance(d["stream"], str) and d["stream"] in STREAM_CONTENTS, f"depends_on[{i}].stream 未知")
        _int(d["sequence"], f"depends_on[{i}].sequence", 1)
        _str(d["manifest_sha256"], HEX64, f"depends_on[{i}].manifest_sha256")


def _validate(m: dict) -> None:
    _obj(m, KEYS, "manifest")
    _need(m["format"] == FORMAT and type(m["format_version"]) is int and m["format_version"] in READABLE_VERSIONS,
          f"format 应为 {FORMAT}，format_version 应为 {'、'.join(map(str, READABLE_VERSIONS))} 之一")
    _str(m["batch_id"], HEX32, "batch_id")
    _party(m["sender"], "sender")
    _party(m["recipient"], "recipient")
    _need(isinstance(m["stream"], str) and m["stream"] in STREAM_CONTENTS, "stream 未知")  # a list is unhashable
    direction = ("township", "county") if m["stream"] == "data" else ("county", "township")
    _need((m["sender"]["role"], m["recipient"]["role"]) == direction,
          f"{m['stream']} 流只能由 {direction[0]} 发给 {direction[1]}")
    seq = _int(m["sequence"], "sequence", 1)
    prev = m["previous_manifest_sha256"]
    _need(prev == "" if seq == 1 or m["stream"] == "receipts" else HEX64.fullmatch(str(prev)) is not None,
          "previous_manifest_sha256 与序号不符")
    _str(m["created"], CREATED, "created")
    period = _obj(m["period"], {"after", "through"}, "period")
    _int(period["through"], "period.through", _int(period["after"], "period.after"))
    _need(isinstance(m["full"], bool), "full 必须是 true 或 false")
    _audit_head(m)
    _depends(m["depends_on"])
    _files(m["files"], m["stream"], m["format_version"])


def _audit_head(m: dict) -> None:
    if m["sender"]["role"] == "county":
        _need(m["audit_head"] is None, "县级批次的 audit_head 必须为 null")
        return
    head = _obj(m["audit_head"], {"id", "sha256"}, "audit_head")
    _int(head["id"], "audit_head.id")
    _str(head["sha256"], HEX64, "audit_head.sha256")


def parse_manifest(data: bytes) -> Manifest:
    """Stage 3 of the receiver order: strict parse and shape checks (after the signature)."""
    obj = loads_strict(data, ManifestRefused, "manifest.json")
    _validate(obj)  # type: ignore[arg-type]
    return Manifest(obj, sha256_hex(data))  # type: ignore[arg-type]

