"""临时救助: the township limit (3 x urban dibao standard), 先行救助 and its 10 working days."""

from datetime import date

import pytest

from app.domain.registry import HouseholdInput, MemberInput
from app.errors import Conflict, InvalidInput
from app.services.households import register_household
from app.services.temporary import complete_papers, decide_grant, grant_rows, register_grant


@pytest.fixture
def household(db_ctx, clerk):
    return register_household(db_ctx.uow, clerk, HouseholdInput(
        village="东风村", members=[MemberInput("张三丰", "430902194501010013", "本人")]))


@pytest.mark.parametrize(("amount", "status"), [("1740", "已批准"), ("1740.01", "待县级审批"), ("500", "已批准")])
def test_reviewer_approves_within_the_limit_and_sends_more_to_the_county(db_ctx, clerk, reviewer, household,
                                                                         amount, status):
    gid = register_grant(db_ctx.uow, clerk, household, kind="支出型", amount=amount, persons=1, reason="住院",
                         on=date(2020, 11, 2))
    assert decide_grant(db_ctx.uow, reviewer, gid, approve=True, on=date(2020, 11, 3)) == status
    assert grant_rows(db_ctx.uow)[0].paid_month == ("2020-11" if status == "已批准" else None)


def test_emergency_aid_is_paid_first_with_papers_due_in_10_working_days(db_ctx, clerk, household):
    gid = register_grant(db_ctx.uow, clerk, household, kind="急难型", amount=800, persons=2, reason="火灾",
                         on=date(2020, 9, 28), paid_first=True)
    row = grant_rows(db_ctx.uow)[0]
    assert (row.status, row.paid_month, row.papers_due) == ("先行救助", "2020-09", date(2020, 10, 19))
    assert complete_papers(db_ctx.uow, clerk, gid, on=date(2020, 10, 20)) is False


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"kind": "支出型", "amount": 100, "persons": 1, "reason": "x", "paid_first": True}, InvalidInput),
    ({"kind": "急难型", "amount": 5000, "persons": 1, "reason": "x", "paid_first": True}, Conflict),
    ({"kind": "其他", "amount": 100, "persons": 1, "reason": "x"}, InvalidInput),
    ({"kind": "急难型", "amount": -1, "persons": 1, "reason": "x"}, InvalidInput),
    ({"kind": "急难型", "amount": 100, "persons": 1, "reason": " "}, InvalidInput),
])
def test_bad_grants_are_refused(db_ctx, clerk, household, kwargs, error):
    with pytest.raises(error):
        register_grant(db_ctx.uow, clerk, household, on=date(2020, 11, 2), **kwargs)
    assert grant_rows(db_ctx.uow) == []
