"""Every service that takes a month refuses one outside 2000-01..2099-12 and writes nothing (issue 13).

Before, a start month 9999-12 or 0000-01 was stored and every later check failed with "year 0
is out of range"; a decision dated in December 2099 started a case in "2100-01".
"""

from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from app.domain.registry import HouseholdInput, MemberInput
from app.errors import InvalidInput
from app.models import Case, Household, Member
from app.services.case_lifecycle import case_rows, record_event
from app.services.cases import create_case_in
from app.services.households import register_household
from app.services.legacy_io import import_legacy
from app.services.rosters import add_adjustment, generate_rosters
from app.services.standards import add_standard, set_price_subsidy, set_setting
from app.services.stats import indicators
from tests.conftest import dump_content


@pytest.fixture
def household(db_ctx, clerk):
    return register_household(db_ctx.uow, clerk, HouseholdInput(
        village="东风村", hukou_type="城镇", bank_account="6228000011112222333", members=[
            MemberInput("张三丰", "430902194501010013", "本人"), MemberInput("李四娘", "11010519491231002X", "配偶")]))


def _new_case(db_ctx, admin, household, start_month):
    with db_ctx.uow.begin() as s:
        members = list(s.scalars(select(Member).where(Member.household_id == household)))
        return create_case_in(s, admin, s.get(Household, household), "urban_dibao", start_month, 50000, members,
                              payee_name="张三丰").id


@pytest.mark.parametrize("month", ["9999-12", "0000-01", "1999-12", "2100-01", "2020-13"])
def test_a_case_cannot_start_outside_the_month_range(db_ctx, admin, household, month):
    before = dump_content(db_ctx.db_path)
    with pytest.raises(InvalidInput, match="起始月份"):
        _new_case(db_ctx, admin, household, month)
    assert dump_content(db_ctx.db_path) == before


def test_a_decision_whose_next_month_leaves_the_range_is_refused(db_ctx, admin, reviewer, household):
    case_id = _new_case(db_ctx, admin, household, "2020-11")
    with pytest.raises(InvalidInput, match="生效月份"):
        record_event(db_ctx.uow, reviewer, case_id, "suspend", decided_on=date(2099, 12, 15), reason="外出")
    with db_ctx.uow.read() as s:
        assert s.get(Case, case_id).status == "active"


@pytest.mark.parametrize("call", [
    lambda ctx, a, c: add_standard(ctx.uow, a, program="dibao", area="urban", amount_yuan="600",
                                   effective_month="9999-12"),
    lambda ctx, a, c: set_setting(ctx.uow, a, "min_payment", "10", effective_month="0000-01"),
    lambda ctx, a, c: set_price_subsidy(ctx.uow, a, "2100-01", "10", "10"),
    lambda ctx, a, c: add_adjustment(ctx.uow, c, 1, pay_month="9999-12", for_month="2020-12", amount_fen=100,
                                     reason="补发"),
    lambda ctx, a, c: generate_rosters(ctx.uow, c, "10000-01"),
    lambda ctx, a, c: case_rows(ctx.uow, "9999-12"),
    lambda ctx, a, c: indicators(ctx.uow, "99999"),
])
def test_standards_settings_rosters_and_stats_refuse_months_outside_the_range(db_ctx, admin, clerk, call):
    before = dump_content(db_ctx.db_path)
    with pytest.raises(InvalidInput, match="2000"):
        call(db_ctx, admin, clerk)
    assert dump_content(db_ctx.db_path) == before


@pytest.mark.parametrize("month", ["0000-01", "9999-12"])
def test_an_import_with_a_start_month_outside_the_range_writes_nothing(db_ctx, admin, fixtures_dir, tmp_path,
                                                                       month):
    wb = openpyxl.load_workbook(fixtures_dir / "legacy/roster_valid.xlsx")
    ws = wb.active
    header = [c.value for c in ws[1]]
    column = header.index("纳入年月") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, column).value)
    ws.cell(row, column).value = month
    wb.save(tmp_path / "bad.xlsx")
    before = dump_content(db_ctx.db_path)
    with pytest.raises(InvalidInput):
        import_legacy(db_ctx.uow, admin, tmp_path / "bad.xlsx")
    assert dump_content(db_ctx.db_path) == before


@pytest.mark.parametrize("amount", ["1e999999999", "-1e999999999"])
def test_an_absurd_standard_or_subsidy_amount_is_invalid_input(db_ctx, admin, amount):
    with pytest.raises(InvalidInput, match="金额"):
        add_standard(db_ctx.uow, admin, program="dibao", area="urban", amount_yuan=amount, effective_month="2021-01")
    with pytest.raises(InvalidInput, match="金额"):
        set_price_subsidy(db_ctx.uow, admin, "2021-01", amount, "10")
