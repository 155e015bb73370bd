"""Assistance cases in force: one per household (dibao) or per person (tekun)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.household import Household, Member


class Case(Base):
    __tablename__ = "assistance_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), index=True)
    program: Mapped[str] = mapped_column(String(20), index=True)  # urban_dibao ... (programs.py keys)
    start_month: Mapped[str] = mapped_column(String(7))  # YYYY-MM, first month paid
    end_month: Mapped[str | None] = mapped_column(String(7))  # last month paid
    amount_fen: Mapped[int] = mapped_column(default=0)  # current amount (after changes), for lists
    # the approved amount at start_month: lifecycle events replay from it (domain/lifecycle.py)
    initial_amount_fen: Mapped[int] = mapped_column(default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(10), default="active")  # active / suspended / ended
    support_mode: Mapped[str] = mapped_column(String(10), default="")  # 分散供养 / 集中供养 (tekun)
    single_person: Mapped[bool] = mapped_column(default=False, server_default=false())  # 单人保 (SPEC §3.1)
    local_class: Mapped[str] = mapped_column(String(20), default="", server_default="")  # A类 from an office sheet
    payee_name: Mapped[str] = mapped_column(String(100), default="")
    payee_account: Mapped[str] = mapped_column(String(40), default="")
    end_reason: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    household: Mapped[Household] = relationship()
    members: Mapped[list[CaseMember]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseMember.id"
    )


class CaseMember(Base):
    """A covered member (保障人口) of a case."""

    __tablename__ = "case_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("assistance_case.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)

    case: Mapped[Case] = relationship(back_populates="members")
    member: Mapped[Member] = relationship()
