"""Dates that cannot skip the rules (SPEC §4): never after today, and one 公示 period everywhere."""

from datetime import date

import pytest

from app.domain.roles import Actor
from app.domain.workdays import WorkCalendar
from app.domain.workflow import AppSnapshot, AppState, Step, apply_step, notice_period
from app.errors import InvalidInput

CLERK = Actor(0, "王经办", "clerk")
TODAY = date(2020, 10, 12)


def _step(app, st, on):
    return apply_step(app, st, CLERK, on=on, delegated=True, calendar=WorkCalendar(), today=TODAY)


@pytest.mark.parametrize(("on", "ok"), [(date(2020, 10, 11), True), (TODAY, True), (date(2020, 10, 13), False),
                                        (date(2021, 1, 1), False)])
def test_a_step_is_never_dated_after_today(on, ok):
    app = AppSnapshot(state=AppState.DRAFT, program="rural_dibao")
    if ok:
        assert _step(app, Step.ACCEPT, on).on == on
    else:
        with pytest.raises(InvalidInput, match="晚于今天 2020-10-12"):
            _step(app, Step.ACCEPT, on)


def test_a_notice_cannot_be_ended_on_its_first_day_by_dating_the_end_in_the_future():
    app = AppSnapshot(state=AppState.NOTICE, program="rural_dibao", notice_start=TODAY, accepted_on=TODAY)
    with pytest.raises(InvalidInput, match="晚于今天"):
        _step(app, Step.NOTICE_END, date(2020, 10, 19))


@pytest.mark.parametrize(("start", "last"), [(date(2020, 10, 9), date(2020, 10, 15)),
                                             (date(2020, 12, 28), date(2021, 1, 3)),
                                             (date(2024, 2, 26), date(2024, 3, 3))])
def test_the_notice_period_is_seven_calendar_days_from_its_start(start, last):
    assert notice_period(start) == (start, last)
