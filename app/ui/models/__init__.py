"""Qt table models over the plain rows returned by services."""

from app.ui.models.households_table import HouseholdHistoryTableModel, HouseholdsTableModel

__all__ = ["HouseholdHistoryTableModel", "HouseholdsTableModel"]
