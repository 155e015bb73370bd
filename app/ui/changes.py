"""One change notice (STYLE item 15): what an operation touched, so every page showing it is fresh.

A page says what it changed with one of its `*_changed` signals (households_changed after an
import or a save, cases_changed after a decision, rosters_changed after generate / confirm,
applications_changed, batch_imported after county decisions). The main window connects them
all through `ChangeNotice`; a page that shows what was touched is marked stale and refreshes
when it is next shown, so no page keeps an old copy and no signal is left unconnected.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal, SignalInstance

# what each page signal says was touched
SIGNALS: dict[str, frozenset[str]] = {
    "households_changed": frozenset({"households"}),
    "applications_changed": frozenset({"applications", "cases"}),  # an approval opens a case
    "cases_changed": frozenset({"cases"}),
    "rosters_changed": frozenset({"rosters"}),
    "batch_imported": frozenset({"applications", "cases", "rosters"}),  # county decisions and receipts
}
EVERYTHING = frozenset({"households", "applications", "cases", "rosters"})
AUDITED = EVERYTHING  # every write appends to the audit log
# what each area shows (an area not listed shows none of it: standards, users and backups)
SHOWS: dict[str, frozenset[str]] = {
    "home": EVERYTHING,
    "households": frozenset({"households", "applications", "cases"}),  # program, amount and status columns
    "applications": frozenset({"households", "applications"}),
    "beneficiaries": frozenset({"households", "applications", "cases"}),
    "rosters": frozenset({"households", "cases", "rosters"}),
    "notices": frozenset({"households", "applications", "cases"}),
    "stats": EVERYTHING,
    "checks": frozenset({"households", "cases"}),
    "monitor": frozenset({"households", "applications", "cases"}),
    "exchange": frozenset({"applications", "cases", "rosters"}),
    "audit": AUDITED,
}


class ChangeNotice(QObject):
    """The window's one notice board: `changed(source area, touched kinds)` after every change."""

    changed = Signal(str, frozenset)

    def connect_page(self, key: str, page: QObject) -> list[str]:
        """Connect every change signal `page` has; returns their names."""
        connected = []
        for name, touched in SIGNALS.items():
            signal = getattr(page, name, None)
            if isinstance(signal, SignalInstance):
                signal.connect(lambda *_args, t=touched: self.changed.emit(key, t))
                connected.append(name)
        return connected


def stale_areas(source: str, touched: Iterable[str], built: Iterable[str]) -> set[str]:
    """The built areas other than `source` that show something `touched` (the source refreshed itself)."""
    touched = frozenset(touched)
    return {key for key in built if key != source and SHOWS.get(key, frozenset()) & touched}
