"""SQLAlchemy tables (one module per aggregate), the engine factory and migrations."""

from app.models.application import (
    Application,
    ApplicationTransition,
    Holiday,
    PriceSubsidyMonth,
    TemporaryGrant,
)
from app.models.audit import AuditRecord
from app.models.base import Base
from app.models.case import Case, CaseMember
from app.models.checks import CheckHit
from app.models.household import Household, Income, Member
from app.models.monitoring import MonitorImport, MonitorListed, MonitorWarning
from app.models.paper import Paper, PaperType
from app.models.roster import CaseEvent, PaidMonth, PaidMonthCount, PaymentAdjustment, Roster, RosterLine
from app.models.settings import Setting, Standard
from app.models.sync_state import SyncBatch, SyncCountyKey, SyncDecision
from app.models.township import Township, Village
from app.models.user import User

__all__ = [
    "CheckHit",
    "MonitorImport", "MonitorListed", "MonitorWarning",
    "CaseEvent", "PaidMonth", "PaidMonthCount", "PaymentAdjustment", "Roster", "RosterLine",
    "Application", "ApplicationTransition", "Holiday", "PriceSubsidyMonth", "TemporaryGrant",
    "AuditRecord", "Base", "Case", "CaseMember", "Household", "Income", "Member", "Setting",
    "Standard", "Township", "User", "Village",
    "SyncBatch", "SyncCountyKey", "SyncDecision",
    "Paper", "PaperType",
]
