"""Effective-dated standards and settings (nothing is hard-coded in a formula)."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Standard(Base):
    __tablename__ = "standard"
    __table_args__ = (UniqueConstraint("program", "area", "effective_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program: Mapped[str] = mapped_column(String(20))  # dibao / tekun / min_wage ...
    area: Mapped[str] = mapped_column(String(10))  # urban / rural / all
    amount_fen: Mapped[int]
    effective_month: Mapped[str] = mapped_column(String(7))


class Setting(Base):
    __tablename__ = "setting"
    __table_args__ = (UniqueConstraint("key", "effective_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(String(1000))  # JSON text
    effective_month: Mapped[str] = mapped_column(String(7), default="2000-01")
