"""Applications through the SPEC §4 workflow, their audited transitions, temporary grants."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.household import Household


class Application(Base):
    __tablename__ = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    program: Mapped[str] = mapped_column(String(20))  # urban_dibao / rural_dibao / urban_tekun / rural_tekun
    state: Mapped[str] = mapped_column(String(10), index=True)  # AppState value (Chinese)
    covered_member_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of member ids
    single_person: Mapped[bool] = mapped_column(default=False, server_default=false())  # 单人保 (SPEC §3.1)
    created_by: Mapped[str] = mapped_column(String(50))
    created_on: Mapped[date]
    accepted_on: Mapped[date | None]
    notice_start: Mapped[date | None]
    investigators: Mapped[str] = mapped_column(Text, default="[]")  # JSON: all rounds
    investigation_recorder: Mapped[str] = mapped_column(String(50), default="")
    extended: Mapped[bool] = mapped_column(default=False)
    computed_amount_fen: Mapped[int | None]
    amount_fen: Mapped[int | None]  # proposed at first review, then as confirmed
    decided_on: Mapped[date | None]
    last_step_on: Mapped[date | None]
    rejection_notified: Mapped[bool] = mapped_column(default=False)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("assistance_case.id"))
    version: Mapped[int] = mapped_column(default=1)

    household: Mapped[Household] = relationship()
    transitions: Mapped[list[ApplicationTransition]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationTransition.id"
    )


class ApplicationTransition(Base):
    __tablename__ = "application_transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str] = mapped_column(String(10))
    to_state: Mapped[str] = mapped_column(String(10))
    actor: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(10))
    on: Mapped[date]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    opinion: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[str] = mapped_column(Text, default="{}")  # JSON

    application: Mapped[Application] = relationship(back_populates="transitions")


class TemporaryGrant(Base):
    """临时救助: one 户次 with its person count and a one-off amount."""

    __tablename__ = "temporary_grant"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # 急难型 / 支出型
    amount_fen: Mapped[int]
    persons: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))  # 待审批 / 已批准 / 待县级审批 / 先行救助 / 不予批准
    paid_first: Mapped[bool] = mapped_column(default=False)  # 先行救助
    papers_due: Mapped[date | None]
    papers_completed_on: Mapped[date | None]
    applied_on: Mapped[date]
    decided_on: Mapped[date | None]
    paid_month: Mapped[str | None] = mapped_column(String(7))
    created_by: Mapped[str] = mapped_column(String(50))
    decided_by: Mapped[str] = mapped_column(String(50), default="")


class Holiday(Base):
    """Admin-editable holiday table for years the holiday package does not cover."""

    __tablename__ = "holiday"

    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # holiday / workday (调休上班)
    note: Mapped[str] = mapped_column(String(100), default="")


class PriceSubsidyMonth(Base):
    """A month in which the price subsidy was triggered, with per-person amounts."""

    __tablename__ = "price_subsidy_month"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    urban_fen: Mapped[int]
    rural_fen: Mapped[int]
    note: Mapped[str] = mapped_column(String(200), default="")
