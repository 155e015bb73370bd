"""The county receiver's own tables (SQLite by default, PostgreSQL through a SQLAlchemy URL).

A separate declarative base and its own alembic history (app/county/migrations), so a
county database never mixes with a township's.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.models.base import NAMING, utcnow


class CountyBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CountyIdentity(CountyBase):
    """This county: its code and name, and the ids of its keys (the private halves stay in files)."""

    __tablename__ = "county_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    key_id: Mapped[str] = mapped_column(String(16))
    fingerprint: Mapped[str] = mapped_column(String(19))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CountyTownship(CountyBase):
    __tablename__ = "county_township"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)


class CountyTownshipKey(CountyBase):
    """A township's public keys; a revoked key signs nothing any more."""

    __tablename__ = "county_township_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    township_code: Mapped[str] = mapped_column(ForeignKey("county_township.code"), index=True)
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    signing_key: Mapped[str] = mapped_column(String(64))  # base64 raw Ed25519
    recipient: Mapped[str] = mapped_column(String(100))  # age1... (decisions and receipts go back to it)
    fingerprint: Mapped[str] = mapped_column(String(19))
    revoked: Mapped[bool] = mapped_column(default=False)
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class CountyStream(CountyBase):
    """Per township and stream: the last sequence, its manifest hash and (inbound data) audit head."""

    __tablename__ = "county_stream"

    township_code: Mapped[str] = mapped_column(ForeignKey("county_township.code"), primary_key=True)
    direction: Mapped[str] = mapped_column(String(3), primary_key=True)  # in / out
    stream: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_sequence: Mapped[int] = mapped_column(default=0)
    last_manifest_sha256: Mapped[str] = mapped_column(String(64), default="")
    audit_head_id: Mapped[int] = mapped_column(default=0)
    audit_head_sha256: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CountyBatch(CountyBase):
    """Every batch ingested (in) or written (out: decisions)."""

    __tablename__ = "county_batch"
    __table_args__ = (UniqueConstraint("township_code", "direction", "stream", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    township_code: Mapped[str] = mapped_column(ForeignKey("county_township.code"))
    direction: Mapped[str] = mapped_column(String(3))
    stream: Mapped[str] = mapped_column(String(20))
    sequence: Mapped[int]
    batch_id: Mapped[str] = mapped_column(String(32))
    manifest_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    full: Mapped[bool] = mapped_column(default=False)
    records: Mapped[int] = mapped_column(default=0)
    file_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CountyRecord(CountyBase):
    """The latest version of one township object (household, member, application, case, roster)."""

    __tablename__ = "county_record"
    __table_args__ = (Index("ix_county_record_kind_status", "township_code", "kind", "status"),)

    township_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    object_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    household_id: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(default=True)
    end_reason: Mapped[str] = mapped_column(String(20), default="")  # tombstone reason
    content: Mapped[str] = mapped_column(Text, default="{}")  # the record as received (JSON)
    batch_sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CountyDecision(CountyBase):
    """A county decision on one application version; sent back in a decision batch."""

    __tablename__ = "county_decision"
    __table_args__ = (UniqueConstraint("township_code", "application_id", "application_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    township_code: Mapped[str] = mapped_column(ForeignKey("county_township.code"), index=True)
    application_id: Mapped[int]
    application_version: Mapped[int]
    decision: Mapped[str] = mapped_column(String(10))  # confirm / reject
    amount_fen: Mapped[int | None]
    opinion: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(50))
    decided_on: Mapped[date]
    batch_sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CountyRejection(CountyBase):
    """The rejection log: every refused batch, the only thing a refusal writes."""

    __tablename__ = "county_rejection"
    __table_args__ = (Index("ix_county_rejection_manifest", "manifest_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    file_name: Mapped[str] = mapped_column(String(200), default="")
    file_sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    township_code: Mapped[str | None] = mapped_column(String(20))  # when the signature identified it
    stream: Mapped[str] = mapped_column(String(20), default="")
    sequence: Mapped[int | None]
    error_code: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    # when the signature identified the sender; a refusal with a code in errors.REISSUE_CODES is final
    manifest_sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")


class CountyReceipt(CountyBase):
    """A signed receipt sent for an ingested batch."""

    __tablename__ = "county_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    township_code: Mapped[str] = mapped_column(ForeignKey("county_township.code"), index=True)
    for_manifest_sha256: Mapped[str] = mapped_column(String(64))
    for_sequence: Mapped[int]
    status: Mapped[str] = mapped_column(String(10))
    receipt_manifest_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CountyUser(CountyBase):
    """A county staff member of `county gui`: county_clerk / county_reviewer / admin (SPEC §8)."""

    __tablename__ = "county_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CountyAudit(CountyBase):
    """Who did what in the county application (logins, lockouts, proposals, decisions, keys, users)."""

    __tablename__ = "county_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(80), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")


class CountyProposal(CountyBase):
    """Four-eyes on one application version: a county user's proposed decision (拟办), then a second
    county user's decision (审定), which the next decision batch to the township carries."""

    __tablename__ = "county_proposal"
    __table_args__ = (UniqueConstraint("township_code", "application_id", "application_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    township_code: Mapped[str] = mapped_column(String(20))
    application_id: Mapped[int]
    application_version: Mapped[int]
    decision: Mapped[str] = mapped_column(String(10))  # proposed: confirm / reject
    amount_fen: Mapped[int | None]
    opinion: Mapped[str] = mapped_column(Text, default="")
    prepared_by: Mapped[str] = mapped_column(String(50))
    prepared_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_decision: Mapped[str] = mapped_column(String(10), default="")  # "" until decided
    review_opinion: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str] = mapped_column(String(50), default="")
    reviewed_at: Mapped[datetime | None]


class CountySetting(CountyBase):
    """The county application's settings (e.g. after how many days a township counts as silent)."""

    __tablename__ = "county_setting"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
