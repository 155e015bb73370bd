"""MainWindow: left navigation over every area of the product, one page per area.

Pages are built lazily from factories. An area without a factory shows a "尚未开放" page;
a later module makes its page appear by registering a factory, either for every window

    from app.ui.main_window import register_page
    register_page("rosters", lambda window: RostersPage(window.ctx, window.actor, window))

or on one window (`window.register_page(key, factory)`, which also replaces a placeholder
already on screen). A factory gets the MainWindow (with .ctx, .actor, .township_name) and
returns a QWidget.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import AppContext
from app.domain.roles import Actor

PageFactory = Callable[["MainWindow"], QWidget]

# (key, navigation label) in navigation order
AREAS: tuple[tuple[str, str], ...] = (
    ("home", QT_TRANSLATE_NOOP("MainWindow", "首页")),
    ("households", QT_TRANSLATE_NOOP("MainWindow", "家庭台账")),
    ("applications", QT_TRANSLATE_NOOP("MainWindow", "申请审批")),
    ("beneficiaries", QT_TRANSLATE_NOOP("MainWindow", "救助对象")),
    ("rosters", QT_TRANSLATE_NOOP("MainWindow", "发放花名册")),
    ("notices", QT_TRANSLATE_NOOP("MainWindow", "公示")),
    ("stats", QT_TRANSLATE_NOOP("MainWindow", "统计分析")),
    ("checks", QT_TRANSLATE_NOOP("MainWindow", "数据比对")),
    ("exchange", QT_TRANSLATE_NOOP("MainWindow", "数据交换")),
    ("settings", QT_TRANSLATE_NOOP("MainWindow", "系统设置")),
    ("audit", QT_TRANSLATE_NOOP("MainWindow", "审计日志")),
    ("admin", QT_TRANSLATE_NOOP("MainWindow", "用户与备份")),
)
AREA_KEYS = tuple(key for key, _ in AREAS)
START_PAGE = "households"

_factories: dict[str, PageFactory] = {}


def register_page(key: str, factory: PageFactory) -> None:
    """Use `factory` for area `key` in windows built from now on."""
    if key not in AREA_KEYS:
        raise KeyError(f"unknown area {key!r}; known: {', '.join(AREA_KEYS)}")
    _factories[key] = factory


def _households_page(window: MainWindow) -> QWidget:
    from app.ui.households_page import HouseholdsPage

    return HouseholdsPage(window.ctx, window.actor, window)


register_page("households", _households_page)


class PlaceholderPage(QWidget):
    """Shown for an area whose page has not been built yet."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        note = QLabel(self.tr("尚未开放"))
        note.setStyleSheet("font-size: 12pt; color: #777;")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (heading, note):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(w)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, actor: Actor, township_name: str = "",
                 start: str = START_PAGE, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.township_name = ctx, actor, township_name
        self._factories: dict[str, PageFactory] = dict(_factories)
        self._pages: dict[str, QWidget] = {}
        self.setWindowTitle(self.tr("乡镇社会救助工作台") + (f" - {township_name}" if township_name else ""))
        self.resize(1280, 800)

        self.nav = QListWidget()
        self.nav.setFixedWidth(150)
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setStyleSheet("QListWidget { font-size: 11pt; outline: 0; } QListWidget::item { padding: 9px 12px; }")
        for key, label in AREAS:
            item = QListWidgetItem(QCoreApplication.translate("MainWindow", label))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel(self.tr("用户：{0}（{1}）").format(actor.name, actor.role_label))
        self.db_label = QLabel(self.tr("数据库：{0}").format(ctx.db_path))
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)

        self.nav.currentRowChanged.connect(self._on_nav)
        self.show_page(start)

    # -- pages -------------------------------------------------------------------------------
    def register_page(self, key: str, factory: PageFactory) -> None:
        """Use `factory` for `key` in this window; a page already built for it is replaced."""
        if key not in AREA_KEYS:
            raise KeyError(f"unknown area {key!r}")
        self._factories[key] = factory
        old = self._pages.pop(key, None)
        if old is not None:
            showing = self.current_page_key() == key
            self.stack.removeWidget(old)
            old.deleteLater()
            if showing:
                self.show_page(key)

    def page(self, key: str) -> QWidget:
        """The page for `key`, built on first use."""
        if key not in self._pages:
            factory = self._factories.get(key)
            widget = factory(self) if factory else PlaceholderPage(self.area_title(key))
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    def show_page(self, key: str) -> QWidget:
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        row = AREA_KEYS.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        return widget

    def current_page_key(self) -> str:
        return AREA_KEYS[self.nav.currentRow()] if self.nav.currentRow() >= 0 else ""

    def is_placeholder(self, key: str) -> bool:
        return isinstance(self._pages.get(key), PlaceholderPage)

    @staticmethod
    def area_title(key: str) -> str:
        return QCoreApplication.translate("MainWindow", dict(AREAS)[key])

    def _on_nav(self, row: int) -> None:
        if 0 <= row < len(AREA_KEYS):
            self.show_page(AREA_KEYS[row])
