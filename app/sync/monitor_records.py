"""Monitoring warnings in the township's batch (SPEC §13, docs/sync-format.md): the feed's records and
their schema (the feed that collects them is app/services/exchange/monitor_feed.py). A warning travels at its current state each time an audit record names it (raised,
each handling step, closed); the county keeps the latest and totals them."""

from __future__ import annotations

from app.domain.monitoring import RULES, STATUSES

CONTENT, KIND = "monitor_warnings", "monitor_warning"
TEXTS = {"name": 50, "id_number": 18, "referral": 100, "handled_by": 50}
def schema(pos, opt, text, one_of, date_check) -> dict:  # noqa: ANN001 - records.py's check builders
    """The record's fields for app.sync.records.SCHEMAS (built there, with its own checks)."""
    return {"id": pos, "version": pos, "household_id": opt(pos), "rule": one_of(RULES), "status": one_of(STATUSES),
            **{k: text(n) for k, n in TEXTS.items()}, "raised_on": date_check, "due": date_check,
            "closed_on": opt(date_check), "application_id": opt(pos)}
