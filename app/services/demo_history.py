"""A year of history for the demo township: twelve confirmed monthly rosters and a few
applications and grants in different states, made through the same services a clerk uses."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.errors import InvalidInput
from app.models import Case, Household
from app.models.uow import UnitOfWork
from app.services.applications import create_application, take_step
from app.services.auth import login
from app.services.rosters import confirm_rosters, generate_rosters
from app.services.temporary import decide_grant, register_grant

INVESTIGATION = {"investigators": ["clerk", "村委会 李主任"], "findings": "入户核实：家庭成员无稳定收入，住房简陋",
                 "data_check": "经信息核对平台比对，无车辆、工商登记、财政供养人员"}


def add_history(uow: UnitOfWork, password: str, year: int = 2020) -> str:
    """Confirmed rosters for every month of `year` and applications at several steps; returns a summary."""
    clerk, reviewer = login(uow, "clerk", password), login(uow, "reviewer", password)
    _grant(uow, clerk, reviewer, year)
    for month in range(1, 13):
        generate_rosters(uow, clerk, f"{year}-{month:02d}")
        confirm_rosters(uow, reviewer, f"{year}-{month:02d}")
    made = _applications(uow, clerk, reviewer, year)
    return f"{year} 年 12 个月的发放花名册已生成并确认；申请 {made} 件处于不同办理环节"


def _households_without_cases(uow: UnitOfWork, n: int) -> list[tuple[int, str]]:
    with uow.read() as s:
        covered = select(Case.household_id)
        rows = s.execute(select(Household.id, Household.hukou_type).where(Household.id.not_in(covered))
                         .order_by(Household.id).limit(n)).all()
        return [(hid, hukou) for hid, hukou in rows]


def _grant(uow: UnitOfWork, clerk, reviewer, year: int) -> None:  # noqa: ANN001 - Actors
    homes = _households_without_cases(uow, 2)
    if homes:
        gid = register_grant(uow, clerk, homes[0][0], kind="支出型", amount="1200", persons=3,
                             reason="家庭成员住院，自付医疗费用较高", on=date(year, 10, 12))
        decide_grant(uow, reviewer, gid, approve=True, opinion="同意", on=date(year, 10, 14))


def _applications(uow: UnitOfWork, clerk, reviewer, year: int) -> int:  # noqa: ANN001 - Actors
    """One application left at each of: 已受理, 已调查 (awaiting the first review), 公示中."""
    homes = iter(_households_without_cases(uow, 30)[2:])
    steps = [["accept"], ["accept", "start_investigation", "record_investigation"],
             ["accept", "start_investigation", "record_investigation", "first_review_approve"]]
    made = 0
    for todo in steps:
        for hid, hukou in homes:
            if _walk(uow, clerk, reviewer, hid, "urban_dibao" if hukou == "城镇" else "rural_dibao", todo, year):
                made += 1
                break
    return made


def _walk(uow: UnitOfWork, clerk, reviewer, hid: int, program: str, todo: list[str], year: int) -> bool:  # noqa: ANN001
    """Register and take the steps; a household whose income is above the standard is skipped."""
    app_id = create_application(uow, clerk, hid, program, on=date(year, 12, 1))
    try:
        for day, step in enumerate(todo, start=2):
            who = reviewer if step == "first_review_approve" else clerk
            data = {**INVESTIGATION, "visit_date": f"{year}-12-03"} if step == "record_investigation" else {}
            take_step(uow, who, app_id, step, on=date(year, 12, day + 1), opinion="同意", data=data)
    except InvalidInput:
        take_step(uow, clerk, app_id, "withdraw", on=date(year, 12, 10), opinion="收入超过保障标准，申请人撤回")
        return False
    return True
