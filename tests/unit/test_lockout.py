"""The lockout rule shared by the township's and the county's users: five wrong passwords lock 15 minutes."""

from datetime import datetime, timedelta

import pytest

from app.domain.lockout import LOCK_MINUTES, MAX_FAILED, refuse_if_locked, wrong_password
from app.errors import AccountLocked

NOW = datetime(2026, 12, 3, 9, 0)


@pytest.mark.parametrize(("before", "stored", "locked", "told"), [
    (0, 1, False, "还可再试 4 次"),
    (3, 4, False, "还可再试 1 次"),
    (4, 0, True, "已连续输错 5 次，账户锁定 15 分钟"),
])
def test_each_wrong_password_counts_and_the_fifth_locks(before, stored, locked, told):
    f = wrong_password(before, NOW)
    assert (f.failed_logins, f.locked, told in f.error.text) == (stored, locked, True)
    assert f.locked_until == (NOW + timedelta(minutes=LOCK_MINUTES) if locked else None)
    assert f.error.params["tries_left"] == (0 if locked else MAX_FAILED - stored)


@pytest.mark.parametrize(("until", "refused", "minutes"), [
    (None, False, 0), (NOW - timedelta(seconds=1), False, 0), (NOW + timedelta(minutes=14, seconds=5), True, 15),
    (NOW + timedelta(seconds=30), True, 1),
])
def test_a_locked_account_is_refused_with_the_minutes_left(until, refused, minutes):
    if not refused:
        refuse_if_locked("clerk", until, NOW)
        return
    with pytest.raises(AccountLocked, match=f"请 {minutes} 分钟后再试"):
        refuse_if_locked("clerk", until, NOW)
