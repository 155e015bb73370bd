"""Registers the page of every area with the main window (one place, imported by run_gui).

Each factory imports its module when the page is first opened, so start-up stays fast.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from app.ui.main_window import register_page

PAGES = {
    "home": ("app.ui.dashboard_page", "make_dashboard_page"),
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


def _lazy(module: str, name: str):  # noqa: ANN202
    def factory(window):  # noqa: ANN001, ANN202
        return getattr(import_module(module), name)(window)

    return factory


def register_all() -> None:
    for key, (module, name) in PAGES.items():
        if find_spec(module) is not None:  # else that area keeps its "尚未开放" placeholder
            register_page(key, _lazy(module, name))


register_all()
