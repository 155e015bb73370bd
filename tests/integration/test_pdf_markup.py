"""Text that looks like reportlab markup is printed as typed in every PDF (issue 13, SPEC §5).

A village called `<para>东风村` or `<img src=x>村` used to stop `roster export --pdf`, and a name
such as `<font size=40 color=red>` changed the signed document's type. Each PDF the app makes
is built from such data through the services and read back with pypdf.
"""

from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.cli import main
from app.domain.ids import _check_char
from app.domain.registry import HouseholdInput, MemberInput
from app.models import Household, Member
from app.reports.forms import investigation_form_pdf, rejection_notice_pdf, review_form_pdf
from app.services.applications import create_application, take_step
from app.services.cases import create_case_in
from app.services.forms import form_data
from app.services.households import register_household
from app.services.notices import write_notice
from app.services.roster_export import export_roster
from app.services.rosters import confirm_rosters, generate_rosters
from app.services.standards import DELEGATED_KEY, set_setting
from tests.conftest import PASSWORD

VILLAGES = ["<para>东风村", "<img src=x>村", "<font size=40 color=red>红旗村"]
NAME = "<b>张</b>&amp;三"
INVESTIGATION = {"investigators": ["clerk", "<i>王调查"], "visit_date": "2020-09-29",
                 "findings": "<font size=40 color=red>家中无劳动力", "data_check": "比对无异常"}


def _id(body17):
    return body17 + _check_char(body17)


def _household(village, name, head_id, spouse_id):
    return HouseholdInput(village=village, hukou_type="城镇", bank_account="6228000011112222333", members=[
        MemberInput(name, head_id, "本人", incomes={"工资性": 20000}), MemberInput("李四娘", spouse_id, "配偶")])


@pytest.fixture
def marked_up(db_ctx, admin, clerk, reviewer):
    """Three households in villages named as markup, each with a case paying from 2020-11."""
    ids = [(_id(f"43090219450101{n:03d}"), _id(f"11010519491231{n + 100:03d}")) for n in range(1, 4)]
    households = [register_household(db_ctx.uow, clerk, _household(v, NAME, *pair))
                  for v, pair in zip(VILLAGES, ids, strict=True)]
    with db_ctx.uow.begin() as s:
        for hid in households:
            h = s.get(Household, hid)
            members = list(s.scalars(select(Member).where(Member.household_id == hid)))
            create_case_in(s, admin, h, "urban_dibao", "2020-11", 50000, members, payee_name=NAME,
                           payee_account="6228000011112222333")
    generate_rosters(db_ctx.uow, clerk, "2020-12")
    confirm_rosters(db_ctx.uow, reviewer, "2020-12")
    return households


def _pages(path):
    return [page.extract_text() for page in PdfReader(path).pages]


def _font_sizes(path):
    """Every font size a page's text is set in (a <font size=40> that got through shows as 40)."""
    sizes = set()
    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.add(round(size * abs(tm[0]) or size)))
    return sizes


def _assert_literal(path, *texts):
    text = "".join("".join(_pages(path)).split())  # table cells wrap: compare without line breaks
    for wanted in texts:
        assert "".join(wanted.split()) in text, wanted
    assert max(_font_sizes(path)) < 30  # the largest real type is the 18 pt title


def test_roster_pdf_prints_village_names_as_typed(db_ctx, clerk, marked_up, tmp_path):
    export_roster(db_ctx.uow, clerk, "2020-12", pdf=tmp_path / "r.pdf")
    _assert_literal(tmp_path / "r.pdf", *VILLAGES, NAME)


def test_roster_pdf_through_the_cli_exits_0(db_ctx, clerk, marked_up, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)
    code = main(["--db", str(db_ctx.db_path), "--user", "clerk", "roster", "export", "--month", "2020-12",
                 "--pdf", str(tmp_path / "cli.pdf")])
    assert code == 0, capsys.readouterr().err
    _assert_literal(tmp_path / "cli.pdf", *VILLAGES)


def test_long_term_notice_prints_names_as_typed(db_ctx, marked_up, tmp_path):
    write_notice(db_ctx.uow, "current", tmp_path / "n.pdf", month="2020-12")
    _assert_literal(tmp_path / "n.pdf", *VILLAGES, NAME)


def test_village_filter_of_a_notice_takes_the_name_as_typed(db_ctx, marked_up, tmp_path, monkeypatch, capsys):
    code = main(["--db", str(db_ctx.db_path), "notice", "--current", "--village", VILLAGES[0],
                 "--pdf", str(tmp_path / "v.pdf")])
    assert code in (0, 3), capsys.readouterr().err  # 3: no case pays this month (the notice uses today)


@pytest.fixture
def application(db_ctx, clerk, reviewer):
    hid = register_household(db_ctx.uow, clerk, _household(VILLAGES[0], NAME, "430902194501010013",
                                                           "11010519491231002X"))
    app_id = create_application(db_ctx.uow, clerk, hid, "urban_dibao", on=date(2020, 9, 25))
    take_step(db_ctx.uow, clerk, app_id, "accept", on=date(2020, 9, 28))
    take_step(db_ctx.uow, clerk, app_id, "start_investigation", on=date(2020, 9, 29))
    take_step(db_ctx.uow, clerk, app_id, "record_investigation", on=date(2020, 9, 30), data=INVESTIGATION)
    take_step(db_ctx.uow, reviewer, app_id, "first_review_approve", on=date(2020, 10, 9),
              opinion="<font size=40 color=red>同意")
    return app_id


def test_pending_notice_prints_names_as_typed(db_ctx, application, tmp_path):
    write_notice(db_ctx.uow, "pending", tmp_path / "p.pdf")
    _assert_literal(tmp_path / "p.pdf", VILLAGES[0], NAME)


@pytest.mark.parametrize("form", [review_form_pdf, investigation_form_pdf])
def test_forms_print_names_findings_and_opinions_as_typed(db_ctx, application, tmp_path, form):
    path = form(form_data(db_ctx.uow, application, today=date(2020, 10, 20)), tmp_path / "f.pdf")
    _assert_literal(path, NAME, "<font size=40 color=red>")


def test_rejection_notice_prints_the_reason_as_typed(db_ctx, admin, clerk, reviewer, application, tmp_path):
    set_setting(db_ctx.uow, admin, DELEGATED_KEY, True)
    take_step(db_ctx.uow, clerk, application, "notice_end", on=date(2020, 10, 16))
    take_step(db_ctx.uow, reviewer, application, "reject_confirm", on=date(2020, 10, 19),
              opinion="<img src=x>收入超过标准")
    path = rejection_notice_pdf(form_data(db_ctx.uow, application, today=date(2020, 10, 20)), tmp_path / "j.pdf")
    _assert_literal(path, NAME, "<img src=x>收入超过标准")
