"""The page of every area of the main window: which module builds it and with which factory.

A page's module is imported when the page is first opened (start-up stays fast), so importing
this table imports no page. A factory gets the MainWindow (with .ctx, .actor, .township_name)
and returns the page widget.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from PySide6.QtWidgets import QWidget

PageFactory = Callable[[QWidget], QWidget]  # the MainWindow -> its page (this table knows no window)

# area key -> (module, factory function); every area of main_window.AREAS has one
PAGES: dict[str, tuple[str, str]] = {
    "home": ("app.ui.dashboard_page", "make_dashboard_page"),
    "households": ("app.ui.households_page", "make_households_page"),
    "applications": ("app.ui.applications_page", "make_applications_page"),
    "beneficiaries": ("app.ui.beneficiaries_page", "make_beneficiaries_page"),
    "rosters": ("app.ui.rosters_page", "make_rosters_page"),
    "notices": ("app.ui.notices_page", "make_notices_page"),
    "stats": ("app.ui.stats_page", "make_stats_page"),
    "checks": ("app.ui.checks_page", "make_checks_page"),
    "monitor": ("app.ui.monitor_page", "make_monitor_page"),
    "exchange": ("app.ui.sync_page", "make_sync_page"),
    "settings": ("app.ui.standards_page", "make_standards_page"),
    "audit": ("app.ui.audit_page", "make_audit_page"),
    "admin": ("app.ui.admin_page", "make_admin_page"),
}


def lazy_factory(module: str, name: str) -> PageFactory:
    """A factory that imports `module` on its first call and builds the page with `module.name`."""
    def factory(window: QWidget) -> QWidget:
        return getattr(import_module(module), name)(window)

    return factory


def page_factories() -> dict[str, PageFactory]:
    """A fresh factory per area, for one window."""
    return {key: lazy_factory(module, name) for key, (module, name) in PAGES.items()}
