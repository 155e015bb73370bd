"""A calendar that knows which years it knows (SPEC §4): estimated deadlines, the admin told from
1 November, and the State Council's notice entered in one go (the table wins over the library)."""

from datetime import date

import openpyxl
import pytest

from app.domain.registry import HouseholdInput, MemberInput
from app.domain.workdays import WorkCalendar, library_years
from app.errors import ImportRejected, InvalidInput, PermissionDenied
from app.services.application_queries import ESTIMATED, application_detail
from app.services.applications import create_application, take_step
from app.services.checks import run_checks
from app.services.holiday_notice import HolidayDay, missing_next_year, read_notice_xlsx, record_notice
from app.services.households import register_household

UNKNOWN = max(library_years()) + 1  # the first year the installed chinese-calendar does not know


def _notice(path, rows) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "类型", "说明"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_year_is_known_from_the_library_or_from_the_admins_notice():
    cal = WorkCalendar()
    assert cal.covers(UNKNOWN - 1) and not cal.covers(UNKNOWN)
    assert WorkCalendar(declared_years=[UNKNOWN]).covers(UNKNOWN)
    assert cal.estimated(date(UNKNOWN - 1, 12, 20), date(UNKNOWN, 1, 20))
    assert not cal.estimated(date(UNKNOWN - 1, 3, 1), date(UNKNOWN - 1, 4, 1))


def test_the_admin_table_wins_where_it_and_the_library_both_speak():
    national_day = date(2020, 10, 1)  # a holiday in the library
    assert not WorkCalendar().is_workday(national_day)
    assert WorkCalendar(extra_workdays=[national_day]).is_workday(national_day)
    assert not WorkCalendar(extra_holidays=[date(2020, 9, 30)]).is_workday(date(2020, 9, 30))


@pytest.mark.skipif(UNKNOWN != 2027, reason="the dates below are those of 2026 into 2027")
def test_a_deadline_into_an_unknown_year_is_estimated_until_its_notice_is_entered(db_ctx, admin, clerk):
    hid = register_household(db_ctx.uow, clerk, HouseholdInput(village="东风村", members=[
        MemberInput("张三丰", "430902194501010013", "本人")]))
    app_id = create_application(db_ctx.uow, clerk, hid, "rural_dibao", on=date(2026, 11, 20))
    take_step(db_ctx.uow, clerk, app_id, "accept", on=date(2026, 11, 20))
    deadlines = {lbl.removesuffix(ESTIMATED): (lbl, d) for lbl, d, _s in application_detail(db_ctx.uow, app_id).deadlines}
    assert deadlines["开始入户调查"][0] == "开始入户调查"  # 2026-11-25: a year the library knows
    label, due = deadlines["作出审核确认决定"]  # 30 working days on: into 2027
    assert label.endswith(ESTIMATED) and due.year == 2027
    days = [HolidayDay(date(2027, 1, 1), "holiday", "元旦")]
    assert record_notice(db_ctx.uow, admin, 2027, days) == 1
    deadlines = application_detail(db_ctx.uow, app_id).deadlines
    assert all(not lbl.endswith(ESTIMATED) for lbl, _d, _s in deadlines)
    assert max(d for _l, d, _s in deadlines) > due  # the 2027-01-01 holiday moves the deadline by a day


def test_the_admin_is_told_from_the_first_of_november(db_ctx, admin):
    assert missing_next_year(db_ctx.uow, date(UNKNOWN - 1, 10, 31)) is None
    assert missing_next_year(db_ctx.uow, date(UNKNOWN - 1, 11, 1)) == UNKNOWN
    hits = [h for h in run_checks(db_ctx.uow, today=date(UNKNOWN - 1, 11, 2)) if h.key == f"calendar:{UNKNOWN}"]
    assert len(hits) == 1 and "节假日安排尚未录入" in hits[0].description
    record_notice(db_ctx.uow, admin, UNKNOWN, [HolidayDay(date(UNKNOWN, 1, 1), "holiday")])
    assert missing_next_year(db_ctx.uow, date(UNKNOWN - 1, 11, 1)) is None
    assert not [h for h in run_checks(db_ctx.uow, today=date(UNKNOWN - 1, 11, 2)) if h.key.startswith("calendar")]


def test_the_notice_is_read_from_xlsx_and_bad_rows_are_named(tmp_path):
    good = _notice(tmp_path / "通知.xlsx", [["2027-02-06", "放假", "春节"], [date(2027, 2, 14), "调休上班", "春节调休"],
                                            ["2027年2月7日", "放假", ""]])
    assert [(d.day, d.kind) for d in read_notice_xlsx(good)] == [
        (date(2027, 2, 6), "holiday"), (date(2027, 2, 14), "workday"), (date(2027, 2, 7), "holiday")]
    bad = _notice(tmp_path / "坏.xlsx", [["2027-02-30", "放假", ""], ["2027-02-08", "补休", ""]])
    with pytest.raises(ImportRejected) as caught:
        read_notice_xlsx(bad)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "日期"), (3, "类型")]


def test_only_an_admin_enters_a_notice_and_a_day_of_another_year_is_refused(db_ctx, admin, clerk):
    with pytest.raises(PermissionDenied):
        record_notice(db_ctx.uow, clerk, 2027, [HolidayDay(date(2027, 1, 1), "holiday")])
    with pytest.raises(InvalidInput, match="不是 2027 年的日期"):
        record_notice(db_ctx.uow, admin, 2027, [HolidayDay(date(2028, 1, 1), "holiday")])
