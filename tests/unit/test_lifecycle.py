"""Case lifecycle replay: state and amount of a case in a month."""

import pytest

from app.domain.lifecycle import CaseEvent, check_event, month_add, months_between, state_in
from app.errors import Conflict, InvalidInput

EVENTS = [CaseEvent("change", "2020-05", 50000), CaseEvent("suspend", "2020-07"), CaseEvent("resume", "2020-09"),
          CaseEvent("taper", "2020-10", months=2)]


@pytest.mark.parametrize(("month", "status", "amount"), [
    ("2019-12", "not_started", 0), ("2020-01", "active", 40000), ("2020-05", "active", 50000),
    ("2020-07", "suspended", 0), ("2020-08", "suspended", 0), ("2020-09", "active", 50000),
    ("2020-11", "active", 50000), ("2020-12", "ended", 0),
])
def test_state_in_a_month(month, status, amount):
    st = state_in("2020-01", 40000, EVENTS, month)
    assert (st.status, st.amount_fen) == (status, amount)


def test_terminated_case_pays_nothing_afterwards():
    assert state_in("2020-01", 100, [CaseEvent("terminate", "2020-03")], "2020-03").status == "ended"


@pytest.mark.parametrize(("month", "n", "out"), [("2020-12", 1, "2021-01"), ("2020-01", -1, "2019-12"),
                                                  ("2020-06", 18, "2021-12")])
def test_month_add(month, n, out):
    assert month_add(month, n) == out


def test_months_between_is_inclusive():
    assert months_between("2020-11", "2021-02") == ["2020-11", "2020-12", "2021-01", "2021-02"]


@pytest.mark.parametrize(("new", "error"), [
    (CaseEvent("resume", "2020-03"), Conflict), (CaseEvent("change", "2020-03", 0), InvalidInput),
    (CaseEvent("suspend", "2019-01"), InvalidInput), (CaseEvent("fly", "2020-03"), InvalidInput),
])
def test_senseless_events_are_refused(new, error):
    with pytest.raises(error):
        check_event("2020-01", [], new)
