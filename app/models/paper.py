"""Application papers (SPEC §14): one row per attached scan or photo, the file kept by its SHA-256."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class Paper(Base):
    __tablename__ = "paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    owner_kind: Mapped[str] = mapped_column(String(20))  # household / application / investigation / temporary_grant
    owner_id: Mapped[int]
    paper_type: Mapped[str] = mapped_column(String(30))
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # the stored file (downscaled, location removed)
    original_sha256: Mapped[str] = mapped_column(String(64), default="")  # kept only when asked
    media: Mapped[str] = mapped_column(String(20))
    size: Mapped[int]
    pages: Mapped[int] = mapped_column(default=1)
    width: Mapped[int | None]
    height: Mapped[int | None]
    rotation: Mapped[int] = mapped_column(default=0)  # shown turned clockwise by this many degrees
    attached_by: Mapped[str] = mapped_column(String(50))
    attached_on: Mapped[date]
    attached_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed: Mapped[bool] = mapped_column(default=False, server_default=false())
    removed_by: Mapped[str] = mapped_column(String(50), default="")
    removed_at: Mapped[datetime | None]


class PaperType(Base):
    """Paper types an admin added to the built-in list (app.domain.papers.BUILTIN_TYPES)."""

    __tablename__ = "paper_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    required: Mapped[bool] = mapped_column(default=False)
    added_by: Mapped[str] = mapped_column(String(50))
