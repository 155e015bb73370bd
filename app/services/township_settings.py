"""The township's parameters as one form (SPEC §3, §5): read what is in force, save what changed.

Calculation parameters are effective-dated settings (from a month on; earlier months keep their
values); the complaint phone and the population describe the township. Saving writes every
changed field in one transaction and audits each; a bad field refuses the whole form.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import township_settings as dom
from app.domain.months import month_problem
from app.domain.roles import Actor, require_role
from app.errors import InvalidInput
from app.models import Township
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.standards import put_setting, settings_in_force

UNDATED_MONTH = "2000-01"  # the month undated settings are stored under


def _value(s: Session, values: dict, f: dom.SettingField) -> object:
    if f.key == "population":
        return s.scalar(select(Township.population).limit(1)) or 0
    if f.key.startswith("increments."):
        return (values.get("increments") or {}).get(f.key.split(".", 1)[1], "0")
    return values.get(f.key, "")


def township_settings(uow: UnitOfWork, month: str) -> dict[str, str]:
    """Each field's value in force in `month`, as the form shows it."""
    with uow.read() as s:
        values = settings_in_force(s, month)
        return {f.key: dom.shown(f, _value(s, values, f)) for f in dom.FIELDS}


def save_township_settings(uow: UnitOfWork, actor: Actor, typed: dict[str, str], effective_month: str) -> list[str]:
    """Save the fields whose value differs from the one in force; returns the labels of those saved."""
    require_role(actor, "admin")
    if (problem := month_problem(effective_month)) is not None:
        raise InvalidInput(f"起始月份：{problem}")
    unknown = sorted(set(typed) - set(dom.FIELD_BY_KEY))
    if unknown:
        raise InvalidInput(f"未知的设置项：{'、'.join(unknown)}")
    parsed = {key: dom.parse_field(dom.FIELD_BY_KEY[key], text) for key, text in typed.items()}
    saved: list[str] = []
    with uow.begin() as s:
        values = settings_in_force(s, effective_month)
        increments = dict(values.get("increments") or {})
        for key, value in parsed.items():
            f = dom.FIELD_BY_KEY[key]
            before = _value(s, values, f)
            if str(before) == str(value):
                continue
            saved.append(f.label)
            if key == "population":
                township = s.scalar(select(Township).limit(1))
                township.population = int(value)  # type: ignore[arg-type]
                audit.append(s, actor, "township.population", "township", township.id,
                             before={"population": before}, after={"population": value})
            elif key.startswith("increments."):
                increments[key.split(".", 1)[1]] = value
            else:
                put_setting(s, actor, key, value, effective_month if f.dated else UNDATED_MONTH)
        if increments != (values.get("increments") or {}):
            put_setting(s, actor, "increments", increments, effective_month)
    return saved
