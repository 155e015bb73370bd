"""Households, their members and members' incomes by category (SPEC §2)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.township import Village


class Household(Base):
    __tablename__ = "household"

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    legacy_no: Mapped[str | None] = mapped_column(String(40), index=True)  # 户编号
    address: Mapped[str] = mapped_column(String(200), default="")
    hukou_type: Mapped[str] = mapped_column(String(4), default="农业")  # 城镇 / 农业
    phone: Mapped[str] = mapped_column(String(40), default="")
    bank_name: Mapped[str] = mapped_column(String(60), default="")
    bank_account: Mapped[str] = mapped_column(String(40), default="")
    separately_registered: Mapped[bool] = mapped_column(default=False)  # 单独登记备案
    deductions_fen: Mapped[int] = mapped_column(default=0)  # 刚性支出 per month
    notes: Mapped[str] = mapped_column(String(1000), default="")
    status: Mapped[str] = mapped_column(String(10), default="active")  # active / closed
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    village: Mapped[Village] = relationship()
    members: Mapped[list[Member]] = relationship(
        back_populates="household", cascade="all, delete-orphan", order_by="Member.id"
    )

    @property
    def area(self) -> str:
        return "urban" if self.hukou_type == "城镇" else "rural"


# The stored form of an ID number (SPEC §2): 18 ASCII characters, 17 digits and a digit or upper-case X.
# GLOB is case-sensitive and its [0-9] is the ASCII range, so "x" and full-width digits fail it.
ID_NUMBER_STORED = "length(id_number) = 18 AND id_number GLOB '" + "[0-9]" * 17 + "[0-9X]'"


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (
        # one person (ID) in only one household at a time: removed members keep their row
        Index(
            "uq_member_active_id_number", "id_number", unique=True,
            sqlite_where=text("removed = 0"),
        ),
        CheckConstraint(ID_NUMBER_STORED, name="id_number_stored"),  # ck_member_id_number_stored
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    name_initials: Mapped[str] = mapped_column(String(50), default="", index=True)
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    birth_date: Mapped[date]
    sex: Mapped[str] = mapped_column(String(2))
    relation: Mapped[str] = mapped_column(String(10))  # 本人 / 配偶 / 子 / 女 ...
    co_resident: Mapped[bool] = mapped_column(default=True)
    labour_ability: Mapped[str] = mapped_column(String(20), default="")
    disability_category: Mapped[str] = mapped_column(String(20), default="")
    disability_grade: Mapped[int] = mapped_column(default=0)  # 0 = none, 1-4
    serious_illness: Mapped[bool] = mapped_column(default=False)
    student: Mapped[bool] = mapped_column(default=False)
    selfcare_items_failed: Mapped[int] = mapped_column(default=0)
    death_date: Mapped[date | None]
    removed: Mapped[bool] = mapped_column(default=False)

    household: Mapped[Household] = relationship(back_populates="members")
    incomes: Mapped[list[Income]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="Income.id"
    )

    @property
    def monthly_income_fen(self) -> int:
        return sum(i.amount_fen for i in self.incomes)


class Income(Base):
    __tablename__ = "income"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(10))  # 工资性 / 经营净 / 财产净 / 转移净
    amount_fen: Mapped[int] = mapped_column(default=0)

    member: Mapped[Member] = relationship(back_populates="incomes")
