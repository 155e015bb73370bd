"""What the county made of one township batch: the ingest's result and what its receipt answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Outcome:
    status: str  # accepted / duplicate / verified
    township: str
    sequence: int
    manifest_sha256: str
    counts: dict[str, int] = field(default_factory=dict)
    receipt: bytes | None = None  # the signed receipt zip
    receipt_path: Path | None = None
