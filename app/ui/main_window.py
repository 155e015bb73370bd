"""MainWindow: left navigation over every area of the product, one page per area.

Pages are built lazily, the first time their area is shown, from the factories of the page
table (app/ui/pages.py: one per area) or the ones given to the window (`pages=`, or
`window.register_page(key, factory)`, which also replaces a page already built). A factory gets
the MainWindow (with .ctx, .actor, .township_name) and returns a QWidget.

The menu bar carries the office shortcuts (Ctrl+N new household, Ctrl+F find, Ctrl+P print
the page's report, F5 refresh, Ctrl+Q quit) and 切换用户 / 注销: a shared office PC changes
hands without a restart, and every page is rebuilt for the new user's role. The pages answer
these by duck typing: `refresh()`, `search_edit`, `print_report()` or a `pdf_button`.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QWidget,
)

from app.context import AppContext
from app.domain.roles import Actor
from app.ui import changes
from app.ui.changes import stale_areas
from app.ui.login_dialog import LoginDialog
from app.ui.pages import PageFactory, page_factories
from app.ui.widgets import menu_action, navigation_frame

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
    ("monitor", QT_TRANSLATE_NOOP("MainWindow", "低收入人口")),
    ("exchange", QT_TRANSLATE_NOOP("MainWindow", "数据交换")),
    ("settings", QT_TRANSLATE_NOOP("MainWindow", "系统设置")),
    ("audit", QT_TRANSLATE_NOOP("MainWindow", "审计日志")),
    ("admin", QT_TRANSLATE_NOOP("MainWindow", "用户与备份")),
)
AREA_KEYS = tuple(key for key, _ in AREAS)
START_PAGE = "households"

class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, actor: Actor, township_name: str = "",
                 start: str = START_PAGE, parent: QWidget | None = None, *,
                 pages: Mapping[str, PageFactory] | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.township_name = ctx, actor, township_name
        self._factories: dict[str, PageFactory] = page_factories()
        self._factories.update(pages or {})
        self._pages: dict[str, QWidget] = {}
        self._stale: set[str] = set()  # built pages that show something changed since they were last shown
        changes.board().changed.connect(self._on_changed)
        self.setWindowTitle(self.tr("乡镇社会救助工作台") + (f" - {township_name}" if township_name else ""))
        self.resize(1280, 800)

        self.nav, self.stack = navigation_frame(self, AREAS, "MainWindow")

        self.user_label = QLabel()
        self.user_label.setAccessibleName(self.tr("当前用户"))
        self.db_label = QLabel(self.tr("数据库：{0}").format(ctx.db_path))
        self.statusBar().addPermanentWidget(self.user_label)  # permanent: a status message never hides it
        self.statusBar().addPermanentWidget(self.db_label)
        self._show_user()
        self.login_dialog: LoginDialog | None = None
        self._build_menus()

        self.nav.currentRowChanged.connect(self._on_nav)
        self.show_page(start)

    # -- menus -------------------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot, shortcut: str = "") -> QAction:  # noqa: ANN001 - a callable
        return menu_action(self, menu, text, slot, shortcut)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        work = bar.addMenu(self.tr("文件(&F)"))
        self.new_household_action = self._action(work, self.tr("新增家庭(&N)…"), self.new_household, "Ctrl+N")
        self.find_action = self._action(work, self.tr("查找(&S)"), self.focus_find, "Ctrl+F")
        self.print_action = self._action(work, self.tr("打印本页报表(&P)…"), self.print_current, "Ctrl+P")
        self.refresh_action = self._action(work, self.tr("刷新(&R)"), self.refresh_current, "F5")
        work.addSeparator()
        self.switch_user_action = self._action(work, self.tr("切换用户(&U)…"), self.switch_user)
        self.logout_action = self._action(work, self.tr("注销(&L)"), self.log_out)
        work.addSeparator()
        self.quit_action = self._action(work, self.tr("退出(&Q)"), self.close, "Ctrl+Q")
        go = bar.addMenu(self.tr("页面(&G)"))
        for key, label in AREAS:
            self._action(go, QCoreApplication.translate("MainWindow", label), lambda k=key: self.show_page(k))

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def new_household(self) -> None:
        """Ctrl+N: the 新增家庭 dialog, from the households page."""
        page = self.show_page("households")
        if hasattr(page, "add_household"):
            page.add_household()

    def focus_find(self) -> None:
        """Ctrl+F: the cursor into this page's 查找 box (the households page's when it has none)."""
        edit = getattr(self.current_page(), "search_edit", None)
        if not isinstance(edit, QLineEdit) or not edit.isVisible():
            edit = getattr(self.show_page("households"), "search_edit", None)
        if isinstance(edit, QLineEdit):
            edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            edit.selectAll()

    def print_current(self) -> None:
        """Ctrl+P: the page's own print (a report PDF), or a note that this page prints nothing."""
        page = self.current_page()
        handler = getattr(page, "print_report", None)
        button = getattr(page, "pdf_button", None)
        if callable(handler):
            handler()
        elif isinstance(button, QAbstractButton) and button.isVisible() and button.isEnabled():
            button.click()
        else:
            self.statusBar().showMessage(self.tr("本页没有可打印的报表"), 5000)

    def refresh_current(self) -> None:
        """F5: read the page's data again."""
        refresh = getattr(self.current_page(), "refresh", None)
        if callable(refresh):
            refresh()
            self.statusBar().showMessage(self.tr("已刷新"), 3000)

    # -- who is working ----------------------------------------------------------------------
    def _show_user(self) -> None:
        self.user_label.setText(self.tr("用户：{0}（{1}）").format(self.actor.name, self.actor.role_label))

    def switch_user(self) -> LoginDialog:
        """切换用户: another person logs in at this window; cancelling keeps the current user."""
        return self._ask_login(switching=True)

    def log_out(self) -> LoginDialog:
        """注销: the current user's work leaves the screen; cancelling the login closes the program."""
        return self._ask_login(switching=False)

    def _ask_login(self, *, switching: bool) -> LoginDialog:
        self.centralWidget().hide()  # the window stays (closing it would end the program), its content goes
        if not switching:
            self._drop_pages()
            self.user_label.setText(self.tr("用户：未登录"))
        self.login_dialog = LoginDialog(self.ctx.uow, township=self.township_name, parent=self,
                                        title=self.tr("切换用户") if switching else self.tr("已注销 - 请登录"),
                                        cancel_text="" if switching else self.tr("退出程序"))
        self.login_dialog.finished.connect(lambda result, d=self.login_dialog: self._logged_in(d, result, switching))
        self.login_dialog.open()
        return self.login_dialog

    def _logged_in(self, dialog: LoginDialog, result: int, switching: bool) -> None:
        self.login_dialog = None
        dialog.deleteLater()
        if result and dialog.actor is not None:
            self.set_actor(dialog.actor)
        elif not switching:
            self.close()
            return
        self.centralWidget().show()

    def set_actor(self, actor: Actor) -> None:
        """Work as `actor` from now on: every page is built again, for that user's role."""
        self.actor = actor
        self._show_user()
        self._drop_pages()
        self.show_page(START_PAGE)

    def _drop_pages(self) -> None:
        for widget in self._pages.values():
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._pages.clear()
        self._stale.clear()

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
            self._stale.discard(key)
            if showing:
                self.show_page(key)

    def page(self, key: str) -> QWidget:
        """The page for `key`, built on first use."""
        if key not in self._pages:
            widget = self._factories[key](self)
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    def show_page(self, key: str) -> QWidget:
        widget = self.page(key)
        if key in self._stale:
            self._stale.discard(key)
            refresh = getattr(widget, "refresh", None)
            if callable(refresh):
                refresh()
        self.stack.setCurrentWidget(widget)
        row = AREA_KEYS.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        return widget

    def _on_changed(self, source: QObject, touched: frozenset) -> None:
        key = self.area_of(source)
        if key is not None:  # else another window's change
            self._stale |= stale_areas(key, touched, self._pages)

    def area_of(self, obj: QObject | None) -> str | None:
        """The area whose page is `obj` or holds it (a dialog opened from it); None if not this window's."""
        pages = {id(widget): key for key, widget in self._pages.items()}
        while obj is not None:
            if id(obj) in pages:
                return pages[id(obj)]
            obj = obj.parent()
        return None

    def is_stale(self, key: str) -> bool:
        return key in self._stale

    def current_page_key(self) -> str:
        return AREA_KEYS[self.nav.currentRow()] if self.nav.currentRow() >= 0 else ""

    @staticmethod
    def area_title(key: str) -> str:
        return QCoreApplication.translate("MainWindow", dict(AREAS)[key])

    def _on_nav(self, row: int) -> None:
        if 0 <= row < len(AREA_KEYS):
            self.show_page(AREA_KEYS[row])
