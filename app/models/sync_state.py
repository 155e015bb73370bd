"""Township-side sync state (SPEC §8): batch history both ways, trusted county keys, decisions.

The next outgoing sequence number and the change-feed position come from `sync_batch` (the
latest row of the outgoing `data` stream): a batch is recorded only after its file was written
and verified, so a failed write never uses up a number.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class SyncBatch(Base):
    """One batch written (direction out) or imported (direction in), with its status."""

    __tablename__ = "sync_batch"
    __table_args__ = (
        UniqueConstraint("manifest_sha256"),
        Index("ix_sync_batch_stream_seq", "direction", "stream", "sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # out / in
    stream: Mapped[str] = mapped_column(String(20))  # data / decisions / receipts
    sequence: Mapped[int]
    batch_id: Mapped[str] = mapped_column(String(32))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    previous_manifest_sha256: Mapped[str] = mapped_column(String(64), default="")
    audit_through: Mapped[int] = mapped_column(default=0)  # out/data: last audit id the batch covers
    full: Mapped[bool] = mapped_column(default=False)
    records: Mapped[int] = mapped_column(default=0)
    file_name: Mapped[str] = mapped_column(String(200), default="")
    # out: written / uploaded / received (county receipt: accepted) / rejected; in: imported
    status: Mapped[str] = mapped_column(String(12))
    status_detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")


class SyncCountyKey(Base):
    """The county's public keys, trusted with `sync trust-county`; only one is active at a time."""

    __tablename__ = "sync_county_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    county_code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    signing_key: Mapped[str] = mapped_column(String(64))  # base64 of the raw Ed25519 public key
    recipient: Mapped[str] = mapped_column(String(100))  # age1...
    fingerprint: Mapped[str] = mapped_column(String(19))
    upload_url: Mapped[str] = mapped_column(String(300), default="")
    revoked: Mapped[bool] = mapped_column(default=False)
    trusted_at: Mapped[datetime] = mapped_column(default=utcnow)
    trusted_by: Mapped[str] = mapped_column(String(50), default="")


class SyncDecision(Base):
    """A county decision imported from a decision batch: applied, or held for review (stale)."""

    __tablename__ = "sync_decision"
    __table_args__ = (UniqueConstraint("batch_id", "application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("sync_batch.id"), index=True)
    application_id: Mapped[int] = mapped_column(index=True)
    application_version: Mapped[int]  # the version the county decided
    decision: Mapped[str] = mapped_column(String(10))  # confirm / reject
    amount_fen: Mapped[int | None]
    opinion: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date]
    decided_by: Mapped[str] = mapped_column(String(50), default="")
    status: Mapped[str] = mapped_column(String(10))  # applied / held / dismissed
    reason: Mapped[str] = mapped_column(Text, default="")  # why it is held
