"""run_county_gui: the county application's composition - the app's fonts and translations, the county
receiver database (migrated on open, backup first), the county login, the county window."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.county.admin import County, load_county
from app.county.db import resolve_url
from app.county.users import has_users
from app.errors import AppError
from app.instance_lock import InstanceLock
from app.ui import ops, prompts
from app.ui.app import make_app
from app.ui.county.idle import CountyIdleLock
from app.ui.county.login_dialog import APP_TITLE, CountyLoginDialog
from app.ui.county.window import CountyWindow

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CountyApp", text)


class NoCountyUsers(AppError):
    code = "E_NO_COUNTY_USER"
    exit_code = 4
    template = "{detail}"


def open_county_for_gui(url: str | None) -> County | None:
    """The county database with at least one user, or None after saying why (in Chinese)."""
    try:
        county = load_county(url)
        if not has_users(county):
            county.close()
            raise NoCountyUsers("县级数据库还没有用户：请先运行 jiuzhu county user add 姓名 --role admin "
                                "（或 county init --admin 姓名）创建县级管理员")
    except AppError as exc:
        log.error("cannot open the county database: %s", exc)
        prompts.current().show_error(None, _tr("无法打开县级数据库"), exc)
        return None
    return county


def _lock(url: str) -> InstanceLock | None:
    """One county window per SQLite file (SPEC §10 one writer); a server database has its own locking."""
    if not url.startswith("sqlite:///"):
        return None
    try:
        return InstanceLock(Path(url.removeprefix("sqlite:///")), "jiuzhu county gui").acquire()
    except AppError as exc:
        prompts.current().show_error(None, _tr("无法打开县级数据库"), exc)
        raise


def run_county_gui(url: str | None = None, user: str | None = None) -> int:
    app = make_app()
    app.setApplicationDisplayName(APP_TITLE)
    try:
        lock = _lock(resolve_url(url))
    except AppError:
        return 1
    county = open_county_for_gui(url)
    if county is None:
        if lock is not None:
            lock.release()
        return 1
    try:
        login = CountyLoginDialog(county, user=user)
        if not login.exec() or login.actor is None:
            return 0
        window = CountyWindow(county, login.actor)
        CountyIdleLock(app, window)
        window.show()
        return app.exec()
    finally:
        ops.wait_all()
        county.close()
        if lock is not None:
            lock.release()
