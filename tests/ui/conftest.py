"""UI test fixtures: a fresh initialised township database, its admin, synchronous ops, fake prompts,
and the helpers that type the way a person does (click or Tab, then type into the focus widget)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from app.bootstrap import open_database
from app.services.auth import login
from app.services.township import init_township
from app.ui import ops, prompts

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "legacy"
PASSWORD = "secret123"


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    monkeypatch.setenv("JIUZHU_HOME", str(tmp_path / "home"))  # backups and logs stay in the test folder
    context = open_database(tmp_path / "township.db", create=True)
    init_township(context.uow, code="430902101", name="测试镇", admin="admin", password=PASSWORD)
    yield context
    context.close()


@pytest.fixture
def actor(ctx):
    return login(ctx.uow, "admin", PASSWORD)


@pytest.fixture
def sync_ops():
    """Background operations run inline, so their signals have fired when ops.run() returns."""
    previous = ops.use_pool(ops.SyncPool())
    yield
    ops.use_pool(previous)


class FakePrompts(prompts.Prompts):
    """Answers file pickers from a queue and records every message instead of showing it."""

    def __init__(self) -> None:
        self.files: list[Path | None] = []
        self.confirmations: list[bool] = []
        self.messages: list[tuple[str, str, str]] = []  # (kind, title, text)
        self.opened: list[Path] = []  # files the app asked the system viewer to open
        self.previewed: list[Path] = []  # PDFs the app showed in its print preview

    def open_file(self, parent, title, name_filter=prompts.XLSX_FILTER):
        return self.files.pop(0)

    def save_file(self, parent, title, suggested="", name_filter=prompts.XLSX_FILTER):
        return self.files.pop(0)

    def confirm(self, parent, title, text):
        self.messages.append(("confirm", title, text))
        return self.confirmations.pop(0) if self.confirmations else True

    def info(self, parent, title, text):
        self.messages.append(("info", title, text))

    def error(self, parent, title, text):
        self.messages.append(("error", title, text))

    def open_path(self, path):
        self.opened.append(Path(path))

    def print_preview(self, parent, path):
        self.previewed.append(Path(path))
        return True


@pytest.fixture
def fake_prompts():
    fake = FakePrompts()
    previous = prompts.install(fake)
    yield fake
    prompts.install(previous)


# -- typing like a person (STYLE item 13) -----------------------------------------------------
# A test clicks a widget or Tabs to it, then types into QApplication.focusWidget(); it never
# types into a widget reference, so a focus bug fails the test as it fails the clerk.

def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def type_text(qtbot, text: str) -> QWidget:
    """Type `text` into whatever has the focus: ASCII as key presses, everything else (Chinese) as an
    input-method commit, the way an IME delivers a finished word. Returns the widget typed into."""
    widget = focused()
    for ch in text:
        widget = focused()
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)
    QApplication.processEvents()
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key press on the focus widget (Tab, Shift+Tab as Key_Backtab, Enter, Ctrl+N ...)."""
    qtbot.keyClick(focused(), key, modifier)
    QApplication.processEvents()  # what the key queued (an editor closing, a page opening) has happened


def tab(qtbot, times: int = 1) -> QWidget | None:
    """Tab `times` times; returns the focus widget afterwards."""
    for _ in range(times):
        press(qtbot, Qt.Key.Key_Tab)
    return QApplication.focusWidget()


def shift_tab(qtbot, times: int = 1) -> QWidget | None:
    for _ in range(times):
        press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    return QApplication.focusWidget()


def enter(qtbot) -> QWidget | None:
    """Enter; returns the focus widget afterwards (None when Enter closed the last active window)."""
    press(qtbot, Qt.Key.Key_Return)
    return QApplication.focusWidget()


def click(qtbot, widget: QWidget) -> QWidget:
    """Left-click the middle of `widget` (a button, a field) where a mouse would land: on the innermost
    child drawn there (the text field inside an editable combo box). Returns the focus widget afterwards."""
    assert widget.isVisible(), f"{widget.accessibleName() or widget} is not on screen"
    center = widget.rect().center()
    target = widget.childAt(center) or widget
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(widget, center))
    return QApplication.focusWidget()


def click_cell(qtbot, view: QAbstractItemView, row: int, column: int, *, edit: bool = False) -> QWidget:
    """Click a table cell where it is drawn; with `edit`, also press F2 if the click opened no editor
    (views whose edit trigger is not the click). Returns the focus widget afterwards."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid(), f"cell {row},{column} is not drawn"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if edit and QApplication.focusWidget() in (view, view.viewport()):
        press(qtbot, Qt.Key.Key_F2)
    return QApplication.focusWidget()


def by_name(parent: QWidget, name: str) -> QWidget:
    """The one visible child of `parent` whose accessible name is `name` (what a screen reader announces)."""
    found = [w for w in parent.findChildren(QWidget) if w.accessibleName() == name and w.isVisible()]
    assert len(found) == 1, f"{len(found)} visible inputs named {name!r}"
    return found[0]


def click_field(qtbot, parent: QWidget, name: str, text: str = "") -> QWidget:
    """Click the input named `name` and type `text` into the focus widget; returns the focus widget."""
    widget = by_name(parent, name)
    click(qtbot, widget)
    if text:
        type_text(qtbot, text)
    return focused()


def show(qtbot, widget: QWidget) -> QWidget:
    """Put a top-level widget on screen and make it the active window, so the keyboard reaches it."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget
