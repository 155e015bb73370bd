"""The month picker steps like a calendar: December goes on to next January, by keys and arrows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.ui.rosters_page import MonthEdit
from tests.ui.conftest import click, press, show

UP, DOWN = Qt.Key.Key_Up, Qt.Key.Key_Down


@pytest.mark.parametrize(("start", "keys", "shown"), [
    ("2020-12", [UP], "2021-01"),
    ("2021-01", [DOWN], "2020-12"),
    ("2020-11", [UP, UP, UP], "2021-02"),
    ("2099-12", [UP], "2099-12"),  # the last month there is
    ("2000-01", [DOWN], "2000-01"),
])
def test_up_and_down_on_the_month_step_across_years(qtbot, start, keys, shown):
    edit = show(qtbot, MonthEdit(start))
    click(qtbot, edit)
    for key in keys:
        press(qtbot, key)
    assert edit.month() == shown and edit.text() == shown


def test_on_the_year_up_steps_a_year(qtbot):
    edit = show(qtbot, MonthEdit("2020-12"))
    click(qtbot, edit)
    press(qtbot, Qt.Key.Key_Home)  # the cursor to the year
    press(qtbot, UP)
    assert edit.month() == "2021-12"


def test_the_up_arrow_is_enabled_in_december(qtbot):
    edit = show(qtbot, MonthEdit("2020-12"))
    click(qtbot, edit)
    assert edit.stepEnabled() & edit.StepEnabledFlag.StepUpEnabled
