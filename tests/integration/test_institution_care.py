"""集中供养 (SPEC §5): the person appears under their own name; the institution is only the payee."""

from app.domain.registry import HouseholdInput, MemberInput
from app.models import Household
from app.services.case_lifecycle import case_rows
from app.services.cases import create_case_in
from app.services.households import register_household
from app.services.notices import current_rows

HOME = "龙光桥镇敬老院"


def _cared_for(db_ctx, clerk) -> int:
    hid = register_household(db_ctx.uow, clerk, HouseholdInput(village="东风村", hukou_type="农业", members=[
        MemberInput("刘老汉", "430902194501010013", "本人"), MemberInput("刘二", "11010519491231002X", "兄弟姐妹")]))
    with db_ctx.uow.begin() as s:
        h = s.get(Household, hid)
        second = h.members[1]
        case = create_case_in(s, clerk, h, "rural_tekun", "2020-01", 69200, [second], payee_name=HOME,
                              payee_account="82010000002867315", support_mode="集中供养")
        return case.id


def test_the_long_term_notice_names_the_person_not_the_nursing_home(db_ctx, clerk):
    _cared_for(db_ctx, clerk)
    (row,) = current_rows(db_ctx.uow, month="2020-06")
    assert (row.name, row.program, row.amount_fen) == ("刘二", "农村特困", 69200)


def test_the_beneficiaries_list_shows_the_person_with_the_institution_as_payee(db_ctx, clerk):
    cid = _cared_for(db_ctx, clerk)
    (row,) = case_rows(db_ctx.uow, "2020-06")
    assert (row.id, row.name, row.payee) == (cid, "刘二", HOME)
