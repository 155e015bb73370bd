"""Roster exports and notices: the files are reopened and their content checked."""

import json
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.errors import Conflict, IntegrityFailure
from app.models import Member
from app.reports.roster_xlsx import BANK_COLUMNS, ROSTER_COLUMNS
from app.services.legacy_io import import_legacy
from app.services.notices import write_notice
from app.services.roster_export import export_roster
from app.services.rosters import confirm_rosters, generate_rosters


@pytest.fixture
def december(db_ctx, admin, clerk, reviewer, fixtures_dir):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    generate_rosters(db_ctx.uow, clerk, "2020-12")
    return json.loads((fixtures_dir / "legacy/roster_valid.expected.json").read_text(encoding="utf-8"))


def _pdf_text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_bank_file_sums_equal_the_golden_totals(db_ctx, clerk, reviewer, december, tmp_path):
    confirm_rosters(db_ctx.uow, reviewer, "2020-12")
    export_roster(db_ctx.uow, clerk, "2020-12", bank=tmp_path / "bank.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "bank.xlsx").active.iter_rows(values_only=True))
    assert rows[0] == BANK_COLUMNS
    body, total = rows[1:-1], rows[-1]
    for program_name, key in (("城市低保", "urban_dibao"), ("农村低保", "rural_dibao"), ("农村特困", "rural_tekun")):
        got = sum(Decimal(str(r[9])) for r in body if r[6] == program_name)
        assert f"{got:.2f}" == december["roster_2020-12"][key]["total"]
    assert total[0] == "合计" and f"{Decimal(str(total[9])):.2f}" == "42061.00"
    assert all(len(r[3]) == 18 and isinstance(r[5], str) for r in body)


def test_bank_file_is_refused_for_a_draft(db_ctx, clerk, december, tmp_path):
    with pytest.raises(Conflict):
        export_roster(db_ctx.uow, clerk, "2020-12", bank=tmp_path / "bank.xlsx")
    assert not (tmp_path / "bank.xlsx").exists()


def test_draft_pdf_is_marked_and_numbered(db_ctx, clerk, december, tmp_path):
    export_roster(db_ctx.uow, clerk, "2020-12", pdf=tmp_path / "draft.pdf")
    text = _pdf_text(tmp_path / "draft.pdf")
    assert "草稿" in text and "第 1 页 共" in text and "新市社区 小计" in text and "总计" in text


def test_roster_xlsx_lists_every_line_with_a_total(db_ctx, clerk, reviewer, december, tmp_path):
    confirm_rosters(db_ctx.uow, reviewer, "2020-12")
    export_roster(db_ctx.uow, clerk, "2020-12", program="urban_dibao", xlsx=tmp_path / "r.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "r.xlsx").active.iter_rows(values_only=True))
    assert "草稿" not in rows[0][0] and len(rows) == 1 + 1 + 16 + 1
    assert f"{Decimal(str(rows[-1][ROSTER_COLUMNS.index('金额(元)')])):.2f}" == "22703.00"


def test_a_confirmed_roster_edited_behind_the_apps_back_is_refused(db_ctx, clerk, reviewer, december, tmp_path):
    confirm_rosters(db_ctx.uow, reviewer, "2020-12")
    with db_ctx.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE roster_line SET amount_fen = amount_fen + 100 WHERE line_no = 1")
    with pytest.raises(IntegrityFailure):
        export_roster(db_ctx.uow, clerk, "2020-12", bank=tmp_path / "bank.xlsx")


def test_current_notice_names_beneficiaries_without_ids_or_accounts(db_ctx, december, tmp_path):
    write_notice(db_ctx.uow, "current", tmp_path / "n.pdf", month="2020-12")
    text = _pdf_text(tmp_path / "n.pdf")
    with db_ctx.uow.read() as s:
        ids = list(s.scalars(select(Member.id_number)))
    assert "谢小" in text and "城市低保" in text and "1740.00" in text
    assert not [i for i in ids if i in text] and "6228" not in text
