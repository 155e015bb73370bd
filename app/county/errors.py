"""The county application's own errors (codes stable, text Chinese, as app/errors.py)."""

from __future__ import annotations

from app.errors import PermissionDenied


class FourEyes(PermissionDenied):
    """A county decision needs two people: one proposes, another (a county reviewer) decides."""

    code = "E_FOUR_EYES"
