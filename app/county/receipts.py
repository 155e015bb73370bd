"""County receipts: a signed, encrypted batch of the `receipts` stream that answers one data batch.

The receipt's sequence is the sequence of the batch it answers and its `depends_on` names that
batch's manifest hash, so the township can tell exactly which of its batches the county has.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.orm import Session

from app.county.admin import County, township_recipient
from app.county.outcome import Outcome
from app.models.base import utcnow
from app.sync import batch
from app.sync.atomic import write_verified
from app.sync.errors import StickError
from app.sync.manifest import new_manifest

log = logging.getLogger(__name__)


def build_receipt(county: County, s: Session, outcome: Outcome, error_code: str, message: str,
                  batch_id: str) -> bytes:
    recipient = township_recipient(s, outcome.township)
    depends = ([{"stream": "data", "sequence": outcome.sequence, "manifest_sha256": outcome.manifest_sha256}]
               if outcome.manifest_sha256 else [])
    manifest = new_manifest(sender=batch.party(county.keys.public, as_recipient=False),
                            recipient=batch.party(recipient, as_recipient=True), stream="receipts",
                            sequence=outcome.sequence, previous="", period=(0, 0), depends_on=depends)
    record = {"type": "receipt", "for_batch_id": batch_id, "for_stream": "data", "for_sequence": outcome.sequence,
              "for_manifest_sha256": outcome.manifest_sha256, "status": outcome.status,
              "error_code": error_code, "message": message[:4000],
              "received_at": utcnow().isoformat(timespec="seconds"), "counts": dict(outcome.counts), "rejected": []}
    return batch.build(manifest, {"receipts": [record]}, county.keys, recipient).data


def receipt_name(outcome: Outcome) -> str:
    return f"jiuzhu-{outcome.township}-receipt-{outcome.sequence:06d}-{outcome.status}.zip"


def save_receipt(folder: Path, outcome: Outcome) -> Path:
    """Next to the batch (the stick goes back to the township); the data folder if that fails."""
    assert outcome.receipt is not None
    try:
        return write_verified(folder, receipt_name(outcome), outcome.receipt)
    except StickError as exc:
        from app.paths import data_dir

        log.warning("receipt not written to %s (%s), using the data folder", folder, exc)
        fallback = data_dir() / "receipts"
        fallback.mkdir(exist_ok=True)
        return write_verified(fallback, receipt_name(outcome), outcome.receipt)
