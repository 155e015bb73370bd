"""A year of history for the demo township: twelve confirmed monthly rosters up to its last month
and a few applications and grants in different states, made through the same services a clerk uses."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.domain.lifecycle import month_add
from app.domain.standards import parse_month
from app.errors import InvalidInput
from app.models import Case, Household
from app.models.uow import UnitOfWork
from app.services.applications import create_application, take_step
from app.services.auth import login
from app.services.rosters import confirm_rosters, generate_rosters
from app.services.temporary import decide_grant, register_grant

INVESTIGATION = {"investigators": ["clerk", "村委会 李主任"], "findings": "入户核实：家庭成员无稳定收入，住房简陋",
                 "data_check": "经信息核对平台比对，无车辆、工商登记、财政供养人员"}


def add_history(uow: UnitOfWork, password: str, last_month: str = "2020-12") -> str:
    """Confirmed rosters for the twelve months up to `last_month` and applications at several steps
    (dated in `last_month`); returns a summary."""
    clerk, reviewer = login(uow, "clerk", password), login(uow, "reviewer", password)
    _grant(uow, clerk, reviewer, parse_month(month_add(last_month, -2)))
    months = [month_add(last_month, n) for n in range(-11, 1)]
    for month in months:
        generate_rosters(uow, clerk, month)
        confirm_rosters(uow, reviewer, month)
    made = _applications(uow, clerk, reviewer, parse_month(last_month))
    return f"{months[0]} 至 {last_month} 共 12 个月的发放花名册已生成并确认；申请 {made} 件处于不同办理环节"


def _households_without_cases(uow: UnitOfWork, n: int) -> list[tuple[int, str]]:
    with uow.read() as s:
        covered = select(Case.household_id)
        rows = s.execute(select(Household.id, Household.hukou_type).where(Household.id.not_in(covered))
                         .order_by(Household.id).limit(n)).all()
        return [(hid, hukou) for hid, hukou in rows]


def _grant(uow: UnitOfWork, clerk, reviewer, month: date) -> None:  # noqa: ANN001 - Actors
    homes = _households_without_cases(uow, 2)
    if homes:
        gid = register_grant(uow, clerk, homes[0][0], kind="支出型", amount="1200", persons=3,
                             reason="家庭成员住院，自付医疗费用较高", on=month.replace(day=12))
        decide_grant(uow, reviewer, gid, approve=True, opinion="同意", on=month.replace(day=14))


def _applications(uow: UnitOfWork, clerk, reviewer, month: date) -> int:  # noqa: ANN001 - Actors
    """One application left at each of: 已受理, 已调查 (awaiting the first review), 公示中."""
    homes = iter(_households_without_cases(uow, 30)[2:])
    steps = [["accept"], ["accept", "start_investigation", "record_investigation"],
             ["accept", "start_investigation", "record_investigation", "first_review_approve"]]
    made = 0
    for todo in steps:
        for hid, hukou in homes:
            if _walk(uow, clerk, reviewer, hid, "urban_dibao" if hukou == "城镇" else "rural_dibao", todo, month):
                made += 1
                break
    return made


def _walk(uow: UnitOfWork, clerk, reviewer, hid: int, program: str, todo: list[str], month: date) -> bool:  # noqa: ANN001
    """Register and take the steps (from the 1st of `month`); a household above the standard is skipped."""
    app_id = create_application(uow, clerk, hid, program, on=month)
    try:
        for day, step in enumerate(todo, start=2):
            who = reviewer if step == "first_review_approve" else clerk
            data = {**INVESTIGATION, "visit_date": month.replace(day=3).isoformat()} if step == "record_investigation" else {}
            take_step(uow, who, app_id, step, on=month.replace(day=day + 1), opinion="同意", data=data)
    except InvalidInput:
        take_step(uow, clerk, app_id, "withdraw", on=month.replace(day=10), opinion="收入超过保障标准，申请人撤回")
        return False
    return True
