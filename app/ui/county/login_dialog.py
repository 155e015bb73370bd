"""The county's login: the township's LoginDialog, checking the name and password against the county
users (app.county.users) instead of the township's."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.county.admin import County
from app.county.users import login
from app.domain.roles import Actor
from app.ui.login_dialog import LoginDialog

APP_TITLE = "县级社会救助工作台"


class CountyLoginDialog(LoginDialog):
    def __init__(self, county: County, *, user: str | None = None, title: str = "", cancel_text: str = "",
                 locked: bool = False, parent: QWidget | None = None) -> None:
        default = self.tr("已锁定 - 请重新登录") if locked else self.tr("登录 - 县级社会救助工作台")
        super().__init__(None, user=user, township=county.keys.public.name, locked=locked,
                         title=title or default, cancel_text=cancel_text, parent=parent)
        self.county = county

    def check(self, name: str, password: str) -> Actor:
        return login(self.county, name, password)
