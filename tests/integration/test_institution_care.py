"""集中供养 (SPEC §5): the person appears under their own name; the institution is only the payee."""

import openpyxl
from pypdf import PdfReader

from app.domain.registry import HouseholdInput, MemberInput
from app.models import Household
from app.reports.roster_xlsx import BANK_COLUMNS, ROSTER_COLUMNS
from app.services.case_lifecycle import case_rows
from app.services.cases import create_case_in
from app.services.households import register_household
from app.services.notices import current_rows
from app.services.roster_export import export_roster
from app.services.roster_queries import roster_lines
from app.services.rosters import confirm_rosters, generate_rosters

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


def test_the_roster_and_bank_file_name_the_person_and_pay_the_institution(db_ctx, clerk, reviewer, tmp_path):
    _cared_for(db_ctx, clerk)
    generate_rosters(db_ctx.uow, clerk, "2020-06")
    (line,) = roster_lines(db_ctx.uow, "2020-06", "rural_tekun")
    assert (line.person, line.payee_name, line.amount_fen) == ("刘二", HOME, 69200)
    confirm_rosters(db_ctx.uow, reviewer, "2020-06")
    export_roster(db_ctx.uow, clerk, "2020-06", program="rural_tekun", xlsx=tmp_path / "r.xlsx",
                  bank=tmp_path / "b.xlsx", pdf=tmp_path / "r.pdf")
    text = "".join(PdfReader(tmp_path / "r.pdf").pages[0].extract_text().split())
    assert "刘二" in text and "龙光桥镇敬老院代收" in text
    rows = list(openpyxl.load_workbook(tmp_path / "r.xlsx").active.iter_rows(values_only=True))
    data = dict(zip(ROSTER_COLUMNS, next(r for r in rows if r[0] == 1), strict=True))
    assert (data["救助对象"], data["收款人"], data["账号"][-4:]) == ("刘二", HOME, "7315")
    bank = list(openpyxl.load_workbook(tmp_path / "b.xlsx").active.iter_rows(values_only=True))
    paid = dict(zip(BANK_COLUMNS, next(r for r in bank if r[0] == 1), strict=True))
    assert (paid["户主/收款人"], paid["账号"], paid["备注"]) == (HOME, "82010000002867315", "集中供养：刘二")
