"""CountyWindow: the county application's main window - the township's look (left navigation, one page
per area, built the first time it is shown), over the county receiver database, for one county user.

Menu: 刷新 (F5), 切换用户 (the pages are built again for the new user's role), 退出 (Ctrl+Q)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QWidget,
)

from app.county.admin import County
from app.domain.roles import Actor
from app.ui.county.login_dialog import APP_TITLE, CountyLoginDialog
from app.ui.widgets import menu_action, navigation_frame

# (key, navigation label, module, page class) in navigation order
AREAS: tuple[tuple[str, str, str, str], ...] = (
    ("pending", QT_TRANSLATE_NOOP("CountyWindow", "待确认"), "app.ui.county.pending_page", "PendingPage"),
    ("townships", QT_TRANSLATE_NOOP("CountyWindow", "乡镇"), "app.ui.county.townships_page", "TownshipsPage"),
    ("batches", QT_TRANSLATE_NOOP("CountyWindow", "批次"), "app.ui.county.batches_page", "BatchesPage"),
    ("stats", QT_TRANSLATE_NOOP("CountyWindow", "统计"), "app.ui.county.stats_page", "CountyStatsPage"),
    ("checks", QT_TRANSLATE_NOOP("CountyWindow", "比对"), "app.ui.county.checks_page", "CrossChecksPage"),
    ("users", QT_TRANSLATE_NOOP("CountyWindow", "用户"), "app.ui.county.users_page", "CountyUsersPage"),
    ("audit", QT_TRANSLATE_NOOP("CountyWindow", "审计日志"), "app.ui.county.audit_page", "CountyAuditPage"),
)
AREA_KEYS = tuple(a[0] for a in AREAS)
START_PAGE = "pending"


class CountyWindow(QMainWindow):
    def __init__(self, county: County, actor: Actor, parent: QWidget | None = None, *, start: str = START_PAGE,
                 db_label: str = "") -> None:
        super().__init__(parent)
        self.county, self.actor = county, actor
        self._pages: dict[str, QWidget] = {}
        self.login_dialog: CountyLoginDialog | None = None
        self.setWindowTitle(self.tr("县级社会救助工作台") + f" - {county.keys.public.name}")
        self.resize(1280, 800)
        self.nav, self.stack = navigation_frame(self, [(key, label) for key, label, _m, _c in AREAS], "CountyWindow")
        self.user_label = QLabel()
        self.user_label.setAccessibleName(self.tr("当前用户"))
        self.statusBar().addPermanentWidget(self.user_label)
        url = county.db.url
        shown = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else county.db.engine.url.render_as_string()
        self.statusBar().addPermanentWidget(QLabel(self.tr("县级数据库：{0}").format(db_label or shown)))
        self._show_user()
        self._build_menus()
        self.nav.currentRowChanged.connect(self._on_nav)
        self.show_page(start)

    def _action(self, menu, text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:  # noqa: ANN001
        return menu_action(self, menu, text, slot, shortcut)

    def _build_menus(self) -> None:
        work = self.menuBar().addMenu(self.tr("文件(&F)"))
        self._action(work, self.tr("刷新(&R)"), self.refresh_current, "F5")
        work.addSeparator()
        self._action(work, self.tr("切换用户(&U)…"), self.switch_user)
        self._action(work, self.tr("退出(&Q)"), self.close, "Ctrl+Q")
        go = self.menuBar().addMenu(self.tr("页面(&G)"))
        for key, label, _module, _cls in AREAS:
            self._action(go, QCoreApplication.translate("CountyWindow", label), lambda k=key: self.show_page(k))

    def _show_user(self) -> None:
        self.user_label.setText(self.tr("用户：{0}（{1}）").format(self.actor.name, self.actor.role_label))

    # -- pages -------------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        if key not in self._pages:
            _key, _label, module, cls = AREAS[AREA_KEYS.index(key)]
            widget = getattr(import_module(module), cls)(self.county, self.actor, self)
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    def show_page(self, key: str) -> QWidget:
        """Show the page (read again from the database when it was built before: another page or user
        may have changed what it shows)."""
        fresh = key not in self._pages
        widget = self.page(key)
        if not fresh and callable(getattr(widget, "refresh", None)):
            widget.refresh()
        self.stack.setCurrentWidget(widget)
        row = AREA_KEYS.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        return widget

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def refresh_current(self) -> None:
        refresh = getattr(self.current_page(), "refresh", None)
        if callable(refresh):
            refresh()
            self.statusBar().showMessage(self.tr("已刷新"), 3000)

    def _on_nav(self, row: int) -> None:
        if 0 <= row < len(AREA_KEYS):
            self.show_page(AREA_KEYS[row])

    # -- who is working ----------------------------------------------------------------------
    def switch_user(self) -> CountyLoginDialog:
        """切换用户: another county user logs in at this window; cancelling keeps the current user."""
        self.centralWidget().hide()
        self.login_dialog = CountyLoginDialog(self.county, title=self.tr("切换用户"), parent=self)
        self.login_dialog.finished.connect(lambda result, d=self.login_dialog: self._logged_in(d, result))
        self.login_dialog.open()
        return self.login_dialog

    def _logged_in(self, dialog: CountyLoginDialog, result: int) -> None:
        self.login_dialog = None
        dialog.deleteLater()
        if result and dialog.actor is not None:
            self.set_actor(dialog.actor)
        self.centralWidget().show()

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self._show_user()
        for widget in self._pages.values():
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._pages.clear()
        self.show_page(START_PAGE)


__all__ = ["APP_TITLE", "AREAS", "CountyWindow"]
