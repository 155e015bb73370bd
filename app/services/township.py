"""Creating a township database: the township, its first admin, default standards."""

from __future__ import annotations

import json
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import Conflict, InvalidInput
from app.models import Setting, Standard, Township, Village
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.auth import create_user_in


def init_township(uow: UnitOfWork, *, code: str, name: str, admin: str, password: str) -> None:
    """Create the township record, the admin user and the default settings in one transaction."""
    if not re.fullmatch(r"\d{9}", code or ""):
        raise InvalidInput(f"乡镇代码应为 9 位数字，实为「{code}」")
    if not name.strip():
        raise InvalidInput("乡镇名称不能为空")
    with uow.begin() as s:
        if s.scalar(select(Township.id)) is not None:
            raise Conflict("该数据库已初始化，不能重复初始化")
        s.add(Township(code=code, name=name.strip()))
        create_user_in(s, admin, admin, "admin", password)
        seed_defaults(s)
        audit.append(s, admin, "township.init", "township", None, after={"code": code, "name": name})


def seed_defaults(s: Session) -> None:
    """Yiyang 2020 defaults (SPEC §3); administrators change them later as dated settings."""
    try:
        from app.domain.standards import DEFAULT_SETTINGS, DEFAULT_STANDARDS
    except ImportError:  # pragma: no cover - standards module arrives with the calc work
        return
    for st in DEFAULT_STANDARDS:
        s.add(Standard(program=st.program, area=st.area, amount_fen=st.amount_fen,
                       effective_month=st.effective_month))
    for key, value in DEFAULT_SETTINGS.items():
        s.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False), effective_month="2000-01"))


def township_info(uow: UnitOfWork) -> tuple[str, str] | None:
    with uow.read() as s:
        t = s.scalar(select(Township))
        return (t.code, t.name) if t else None


def get_or_create_village(s: Session, name: str) -> Village:
    name = name.strip()
    cache = s.info.setdefault("villages", {})  # an import asks for the same few villages many times
    v = cache.get(name) or s.scalar(select(Village).where(Village.name == name))
    if v is None:
        v = Village(name=name, kind="社区" if name.endswith("社区") else "村")
        s.add(v)
        s.flush()
    cache[name] = v
    return v


def village_names(uow: UnitOfWork) -> list[str]:
    with uow.read() as s:
        return list(s.scalars(select(Village.name).order_by(Village.name)))
