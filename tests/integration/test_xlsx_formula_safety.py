"""Every xlsx the app writes keeps text that starts like a formula as text (SPEC §7.1, issue 12).

A name, a village or a bank name such as "=HYPERLINK(...)" or "+1" typed into the registry is
written as a string cell, so Excel / WPS never runs it. Each file is reopened with openpyxl (the
cell is of type "s" and holds the value unchanged) and its sheet XML has no <f> element.
"""

import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from app.bootstrap import open_database
from app.domain.registry import HouseholdInput, MemberInput
from app.models import Household, Member
from app.reports.stats_xlsx import write_stats_xlsx
from app.reports.xlsx_safe import looks_like_formula
from app.services.cases import create_case_in
from app.services.households import register_household
from app.services.legacy_io import export_legacy
from app.services.roster_export import export_roster
from app.services.rosters import confirm_rosters, generate_rosters
from app.services.stats import indicators
from app.services.township import init_township
from tests.conftest import PASSWORD

FORMULAS = {
    "village": '=HYPERLINK("http://x","东风村")',
    "name": "+张三",
    "spouse": "-李四娘",
    "bank": "@SUM(1)",
    "note": " ＝1+1",
}


@pytest.mark.parametrize("text, formula", [
    ("=1+1", True), ("+1", True), ("-2", True), ("@A1", True), ("  =1", True), ("＝1", True), ("＋1", True),
    ("\t=1", True), ("东风村", False), ("1-2", False), ("", False), ("—", False), ("a=b", False),
])
def test_formula_like_text_is_recognised(text, formula):
    assert looks_like_formula(text) is formula


@pytest.fixture
def paid(db_ctx, admin, clerk, reviewer):
    hid = register_household(db_ctx.uow, clerk, HouseholdInput(
        village=FORMULAS["village"], hukou_type="城镇", bank_name=FORMULAS["bank"], notes=FORMULAS["note"],
        bank_account="6228000011112222333", members=[
            MemberInput(FORMULAS["name"], "430902194501010013", "本人"),
            MemberInput(FORMULAS["spouse"], "11010519491231002X", "配偶")]))
    with db_ctx.uow.begin() as s:
        members = list(s.scalars(select(Member).where(Member.household_id == hid)))
        create_case_in(s, admin, s.get(Household, hid), "urban_dibao", "2020-11", 50000, members,
                       payee_name=FORMULAS["name"], payee_account="6228000011112222333")
    generate_rosters(db_ctx.uow, clerk, "2020-12")
    confirm_rosters(db_ctx.uow, reviewer, "2020-12")


def _assert_safe(path, *expected):
    """Every formula-like text is a string cell; `expected` values are there unchanged; no <f> in the XML."""
    wb = openpyxl.load_workbook(path)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and looks_like_formula(c.value):
                    assert c.data_type == "s", (ws.title, c.coordinate, c.value)
                    seen.add(c.value)
    assert set(expected) <= seen, set(expected) - seen
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_roster_xlsx_writes_formula_like_text_as_text(db_ctx, clerk, paid, tmp_path):
    export_roster(db_ctx.uow, clerk, "2020-12", xlsx=tmp_path / "r.xlsx")
    _assert_safe(tmp_path / "r.xlsx", FORMULAS["village"], FORMULAS["name"], FORMULAS["bank"])


def test_bank_file_writes_formula_like_text_as_text(db_ctx, clerk, paid, tmp_path):
    export_roster(db_ctx.uow, clerk, "2020-12", bank=tmp_path / "b.xlsx")
    _assert_safe(tmp_path / "b.xlsx", FORMULAS["village"], FORMULAS["name"], FORMULAS["bank"])


def test_stats_workbook_writes_a_formula_like_township_name_as_text(tmp_path):
    ctx = open_database(tmp_path / "s.db", create=True)
    try:
        init_township(ctx.uow, code="430902101", name="=1+1镇", admin="admin", password=PASSWORD)
        write_stats_xlsx(indicators(ctx.uow, 2020), tmp_path / "s.xlsx")
    finally:
        ctx.close()
    title = openpyxl.load_workbook(tmp_path / "s.xlsx")["绩效指标"]["A1"].value
    assert title.startswith("=1+1镇2020年")
    _assert_safe(tmp_path / "s.xlsx", title)


def test_household_export_writes_formula_like_text_as_text(db_ctx, admin, paid, tmp_path):
    export_legacy(db_ctx.uow, admin, tmp_path / "h.xlsx")
    _assert_safe(tmp_path / "h.xlsx", FORMULAS["village"], FORMULAS["name"], FORMULAS["spouse"])
