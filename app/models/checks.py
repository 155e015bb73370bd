"""Cross-check hits a user marked as handled (SPEC §6), keyed by a stable hit key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class CheckHit(Base):
    __tablename__ = "check_hit"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # check kind + object ids, stable across runs
    kind: Mapped[str] = mapped_column(String(40))
    household_id: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")
    handled_by: Mapped[str] = mapped_column(String(50))
    handled_at: Mapped[datetime] = mapped_column(default=utcnow)
