"""UI test fixtures: a fresh initialised township database, its admin, synchronous ops, fake prompts,
and the helpers that type the way a person does (click or Tab, then type into the focus widget)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
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
        self.folders: list[Path | None] = []  # answers to folder pickers (the county's decision batches)
        self.confirmations: list[bool] = []
        self.messages: list[tuple[str, str, str]] = []  # (kind, title, text)
        self.opened: list[Path] = []  # files the app asked the system viewer to open
        self.previewed: list[Path] = []  # PDFs the app showed in its print preview

    def open_file(self, parent, title, name_filter=prompts.XLSX_FILTER):
        return self.files.pop(0)

    def save_file(self, parent, title, suggested="", name_filter=prompts.XLSX_FILTER):
        return self.files.pop(0)

    def open_folder(self, parent, title):
        return self.folders.pop(0)

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


def on_screen(qtbot, widget: QWidget) -> QWidget:
    """Make sure the window holding `widget` is shown and active (a dialog a page opened, a form built by the
    test), so a click gives the keyboard focus as it does on a desktop."""
    window = widget.window()
    if not window.isVisible():
        window.show()
        qtbot.waitExposed(window)
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        window.raise_()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return widget


def fill(qtbot, widget: QWidget, text: str) -> QWidget:
    """Click the field, select what it holds (Ctrl+A, as a clerk replaces a value) and type `text`."""
    on_screen(qtbot, widget)
    click(qtbot, widget)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(qtbot, text)
    else:
        press(qtbot, Qt.Key.Key_Delete)
    return focused()


def type_date(qtbot, edit: QWidget, day) -> QWidget:  # noqa: ANN001 - a date
    """Click the year of a date (or month) field and type its digits: 20200925 for 2020-09-25, 202101 for a
    yyyy-MM field; the field's parts advance as each fills (app.ui.widgets.DateEdit)."""
    on_screen(qtbot, edit)
    line = edit.lineEdit()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=line.rect().topLeft() + QPoint(4, line.height() // 2))
    QApplication.processEvents()
    digits = f"{day.year:04d}{day.month:02d}" + (f"{day.day:02d}" if "d" in edit.displayFormat() else "")
    type_text(qtbot, digits)
    return focused()


def choose(qtbot, combo, label: str) -> None:  # noqa: ANN001 - a QComboBox
    """As a clerk does: click the combo (its list opens), walk with the arrow keys to `label` (its text or
    its data), press Enter."""
    target = combo.findData(label) if combo.findData(label) >= 0 else combo.findText(label)
    assert target >= 0, label
    on_screen(qtbot, combo)
    click(qtbot, combo)
    steps = target - combo.currentIndex()
    for _ in range(abs(steps)):
        press(qtbot, Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not combo.view().isVisible())
    combo.window().activateWindow()  # what the window manager does when a popup closes (offscreen does not)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is combo.window())
    assert combo.currentIndex() == target


def toggle_item(qtbot, view, row: int) -> None:  # noqa: ANN001 - a QListWidget / QListView
    """Click a checkable list row and press Space, as a clerk ticks or unticks it by keyboard."""
    on_screen(qtbot, view)
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    press(qtbot, Qt.Key.Key_Space)


def show(qtbot, widget: QWidget) -> QWidget:
    """Put a top-level widget on screen and make it the active window, so the keyboard reaches it."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def click_tab(qtbot, tabs, index: int) -> None:
    """Click the tab at `index` of a QTabWidget where its tab is drawn, as a person switches tabs."""
    on_screen(qtbot, tabs)
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def choose_menu(qtbot, window: QWidget, menu_title: str, item: str) -> None:
    """Click a menu in the window's menu bar, then the item in the menu that drops down."""
    bar = window.menuBar()
    (menu_action,) = [a for a in bar.actions() if a.text() == menu_title]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu_action).center())
    menu = menu_action.menu()
    qtbot.waitUntil(menu.isVisible)
    (action,) = [a for a in menu.actions() if a.text() == item]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    QApplication.processEvents()


def log_in(qtbot, dialog: QWidget, name: str, password: str) -> None:
    """Type the user name and password into the login dialog the way a person does, and press Enter."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    click(qtbot, dialog.user_edit)
    type_text(qtbot, name)
    assert tab(qtbot) is dialog.password_edit
    type_text(qtbot, password)
    enter(qtbot)
