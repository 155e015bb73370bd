"""Legacy roster import (SPEC §7): golden counts, all-or-nothing refusal, round trip."""

import json

import pytest
from sqlalchemy import func, select

from app.errors import ImportRejected
from app.models import Case, CaseMember, Household, Member
from app.services.legacy_io import export_legacy, import_legacy
from tests.conftest import dump_content

INVALID = {
    "roster_invalid_bad_checksum.xlsx": (62, "身份证号"),
    "roster_invalid_missing_column.xlsx": (1, "身份证号"),
    "roster_invalid_two_heads.xlsx": (101, "与户主关系"),
    "roster_invalid_unknown_program.xlsx": (62, "救助类别"),
}


def _count(ctx, model):
    with ctx.uow.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_valid_roster_matches_expected_counts(db_ctx, admin, fixtures_dir):
    expected = json.loads((fixtures_dir / "legacy/roster_valid.expected.json").read_text(encoding="utf-8"))
    summary = import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    assert (summary.households, summary.members) == (expected["households"], expected["members"])
    assert (_count(db_ctx, Household), _count(db_ctx, Member)) == (expected["households"], expected["members"])


def test_import_creates_cases_per_program(db_ctx, admin, fixtures_dir):
    expected = json.loads((fixtures_dir / "legacy/roster_valid.expected.json").read_text(encoding="utf-8"))
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    with db_ctx.uow.read() as s:
        for program, want in expected["roster_2020-12"].items():
            cases = s.scalars(select(Case).where(Case.program == program)).all()
            persons = s.scalar(select(func.count()).select_from(CaseMember).join(Case)
                               .where(Case.program == program))
            assert (len(cases), persons) == (want["households"], want["persons"]), program


def test_dry_run_writes_nothing(db_ctx, admin, fixtures_dir):
    before = dump_content(db_ctx.db_path)
    summary = import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx", dry_run=True)
    assert summary.households == 40 and summary.dry_run
    assert dump_content(db_ctx.db_path) == before


@pytest.mark.parametrize(("name", "where"), sorted(INVALID.items()))
def test_invalid_roster_is_refused_naming_the_row_and_changes_nothing(db_ctx, admin, fixtures_dir, name, where):
    before = dump_content(db_ctx.db_path)
    with pytest.raises(ImportRejected) as err:
        import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy" / name)
    assert (where[0], where[1]) in {(p.row, p.column) for p in err.value.problems}
    assert f"第 {where[0]} 行「{where[1]}」" in err.value.text
    assert dump_content(db_ctx.db_path) == before


def test_importing_the_same_people_twice_is_refused(db_ctx, admin, fixtures_dir):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    with pytest.raises(ImportRejected) as err:
        import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    assert len(err.value.problems) == 132 and "一人只能属于一户" in err.value.text
    assert _count(db_ctx, Household) == 40


def test_export_then_import_round_trips(db_ctx, admin, fixtures_dir, tmp_path):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    out = tmp_path / "export.xlsx"
    assert export_legacy(db_ctx.uow, admin, out) == 132
    from app.bootstrap import open_database
    from app.services.auth import login
    from app.services.township import init_township

    other = open_database(tmp_path / "other.db", create=True)
    init_township(other.uow, code="430902102", name="另一镇", admin="admin", password="secret123")
    summary = import_legacy(other.uow, login(other.uow, "admin", "secret123"), out)
    assert (summary.households, summary.members, summary.cases) == (40, 132, {
        "rural_dibao": 17, "urban_dibao": 16, "rural_tekun": 6})
    with other.uow.read() as s:
        total = s.scalar(select(func.sum(Case.amount_fen)))
    with db_ctx.uow.read() as s:
        assert total == s.scalar(select(func.sum(Case.amount_fen)))
