"""Low-income monitoring (SPEC §13): imported lists from other offices, their rows, and warnings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.household import ID_NUMBER_STORED


class MonitorImport(Base):
    """One imported list, kept: who, when, the file's SHA-256 and its rows."""

    __tablename__ = "monitor_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # 防止返贫监测对象, 边缘人口, 死亡 ...
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    rows: Mapped[int]
    sheet: Mapped[str] = mapped_column(String(200), default="")
    imported_by: Mapped[str] = mapped_column(String(50))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    entries: Mapped[list[MonitorListed]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="MonitorListed.id")


class MonitorListed(Base):
    """A person named on an imported list, matched to the registry by canonical ID."""

    __tablename__ = "monitor_listed"
    __table_args__ = (CheckConstraint(ID_NUMBER_STORED, name="id_number_stored"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("monitor_import.id", ondelete="CASCADE"), index=True)
    row: Mapped[int]  # sheet row number
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    day: Mapped[date | None]
    amount_fen: Mapped[int | None]
    note: Mapped[str] = mapped_column(String(500), default="")
    matter: Mapped[str] = mapped_column(String(20), default="", server_default="")  # 事项 of a SPEC §6 row

    source: Mapped[MonitorImport] = relationship(back_populates="entries")


OPEN = "status IN ('待核实', '核实中')"


class MonitorWarning(Base):
    """A warning raised by a rule for one person; at most one open per (rule, person)."""

    __tablename__ = "monitor_warning"
    __table_args__ = (
        Index("uq_monitor_warning_open", "rule", "id_number", unique=True, sqlite_where=text(OPEN)),
        CheckConstraint(ID_NUMBER_STORED, name="id_number_stored"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(30), index=True)  # domain.monitoring.RULES key
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(50))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), index=True)  # 待核实 / 核实中 / 纳入救助 / 转介 / 不符合 / 已消除
    raised_on: Mapped[date]
    due: Mapped[date]
    raised_by: Mapped[str] = mapped_column(String(50))
    visit_date: Mapped[date | None]
    investigators: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    findings: Mapped[str] = mapped_column(Text, default="")
    referral: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")  # 不符合 or why it was closed
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"))
    closed_on: Mapped[date | None]
    handled_by: Mapped[str] = mapped_column(String(50), default="")
    version: Mapped[int] = mapped_column(default=1)
