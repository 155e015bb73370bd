"""One change notice (STYLE item 15, Anki's OpChanges): what an operation touched, so every page
showing it is fresh.

Whatever writes says what it touched: a background operation with `ops.run(..., touches=...)`,
a dialog or page save with `announce(self, touches)`. Both end on the one board; each main window
listens, finds which of its areas the change came from, and marks its other built pages that
show something touched as stale: they refresh when next shown. No page keeps an old copy and no
page needs a signal of its own for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

HOUSEHOLDS, APPLICATIONS, CASES, ROSTERS = "households", "applications", "cases", "rosters"
EVERYTHING = frozenset({HOUSEHOLDS, APPLICATIONS, CASES, ROSTERS})
AUDITED = EVERYTHING  # every write appends to the audit log
# what touches what: an approval opens a case; county decisions and receipts reach all three
APPLICATION_STEP = frozenset({APPLICATIONS, CASES})
COUNTY_BATCH = frozenset({APPLICATIONS, CASES, ROSTERS})
# what each area shows (an area not listed shows none of it: standards, users and backups)
SHOWS: dict[str, frozenset[str]] = {
    "home": EVERYTHING,
    "households": frozenset({HOUSEHOLDS, APPLICATIONS, CASES}),  # program, amount and status columns
    "applications": frozenset({HOUSEHOLDS, APPLICATIONS}),
    "beneficiaries": frozenset({HOUSEHOLDS, APPLICATIONS, CASES}),
    "rosters": frozenset({HOUSEHOLDS, CASES, ROSTERS}),
    "notices": frozenset({HOUSEHOLDS, APPLICATIONS, CASES}),
    "stats": EVERYTHING,
    "checks": frozenset({HOUSEHOLDS, CASES}),
    "monitor": frozenset({HOUSEHOLDS, APPLICATIONS, CASES}),
    "exchange": frozenset({APPLICATIONS, CASES, ROSTERS}),
    "audit": AUDITED,
}


class ChangeBoard(QObject):
    """The one notice board: `changed(source widget, touched kinds)` after every change."""

    changed = Signal(QObject, frozenset)


_board: ChangeBoard | None = None


def board() -> ChangeBoard:
    global _board
    if _board is None:
        _board = ChangeBoard()
    return _board


def announce(source: QObject, touched: Iterable[str]) -> None:
    """`source` (the page or dialog where the person acted) changed the kinds in `touched`."""
    touched = frozenset(touched)
    if not touched <= EVERYTHING:
        raise ValueError(f"unknown kinds of change: {sorted(touched - EVERYTHING)}")
    if touched:
        board().changed.emit(source, touched)


def stale_areas(source: str, touched: Iterable[str], built: Iterable[str]) -> set[str]:
    """The built areas other than `source` that show something `touched` (the source refreshed itself)."""
    touched = frozenset(touched)
    return {key for key in built if key != source and SHOWS.get(key, frozenset()) & touched}
