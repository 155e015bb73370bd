"""Case events (lifecycle), monthly payment rosters and their lines, payment adjustments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.roster_lines import LineKind
from app.models.base import Base, utcnow


class CaseEvent(Base):
    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("assistance_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # change / suspend / resume / taper / terminate
    effective_month: Mapped[str] = mapped_column(String(7))
    amount_fen: Mapped[int | None]
    months: Mapped[int | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Roster(Base):
    __tablename__ = "roster"
    __table_args__ = (UniqueConstraint("month", "program"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    program: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(10), default="draft")  # draft / confirmed / exported
    generated_by: Mapped[str] = mapped_column(String(50))
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_by: Mapped[str] = mapped_column(String(50), default="")
    confirmed_at: Mapped[datetime | None]
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    households: Mapped[int] = mapped_column(default=0)
    persons: Mapped[int] = mapped_column(default=0)
    total_fen: Mapped[int] = mapped_column(default=0)

    lines: Mapped[list[RosterLine]] = relationship(
        back_populates="roster", cascade="all, delete-orphan", order_by="RosterLine.line_no"
    )


class RosterLine(Base):
    __tablename__ = "roster_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    roster_id: Mapped[int] = mapped_column(ForeignKey("roster.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int]
    case_id: Mapped[int | None] = mapped_column(index=True)
    grant_id: Mapped[int | None]
    household_id: Mapped[int] = mapped_column(index=True)
    village: Mapped[str] = mapped_column(String(100))
    payee_name: Mapped[str] = mapped_column(String(100))
    payee_id_number: Mapped[str] = mapped_column(String(18), default="")
    bank_name: Mapped[str] = mapped_column(String(60), default="")
    bank_account: Mapped[str] = mapped_column(String(40), default="")
    persons: Mapped[int] = mapped_column(default=0)
    amount_fen: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(10), default=LineKind.REGULAR.value)  # app.domain.roster_lines
    for_month: Mapped[str] = mapped_column(String(7))  # the month the money is for (补发: an earlier one)
    note: Mapped[str] = mapped_column(String(200), default="")

    roster: Mapped[Roster] = relationship(back_populates="lines")


class PaymentAdjustment(Base):
    """A correction after a roster was confirmed: paid in a later month's roster (may be negative)."""

    __tablename__ = "payment_adjustment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("assistance_case.id"), index=True)
    pay_month: Mapped[str] = mapped_column(String(7))
    for_month: Mapped[str] = mapped_column(String(7))
    amount_fen: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PaidMonth(Base):
    """A month a case was paid for (正常 or 补发) by a confirmed roster, kept by confirm_rosters.

    Derived from the confirmed roster lines, so generating a month need not re-read all of
    their history. No foreign key: like roster_line.case_id it records what was paid.
    """

    __tablename__ = "paid_month"
    __table_args__ = {"sqlite_with_rowid": False}

    case_id: Mapped[int] = mapped_column(primary_key=True)
    for_month: Mapped[str] = mapped_column(String(7), primary_key=True)


class PaidMonthCount(Base):
    """How many distinct months each case was paid for by confirmed rosters (rows of paid_month)."""

    __tablename__ = "paid_month_count"

    case_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    months: Mapped[int] = mapped_column(default=0)
