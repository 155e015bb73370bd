"""Column mappings (SPEC §7.1 Mapping): preview, save per township by name, import with --mapping,
and a provincial export of one household sheet plus one member sheet joined by 户编号."""

from __future__ import annotations

import json

import openpyxl
import pytest
from sqlalchemy import select

from app.cli import main
from app.domain.table_mapping import Mapping, SheetMapping
from app.errors import ImportRejected, NotFound
from app.models import Setting
from app.services.import_mappings import list_mappings, load_mapping, preview_file, save_mapping
from app.services.legacy_io import import_legacy
from tests.conftest import PASSWORD, dump_content
from tests.integration.test_real_spreadsheets import (
    C,
    fixture_rows,
    fresh_township,
    snapshot,
    write_office_xlsx,
)

HOUSEHOLD_HEADER = ["户码", "所属村", "户主", "代发银行", "代发账号", "保障起始", "月发放额"]
MEMBER_HEADER = ["户码", "成员", "证件号", "称谓", "对象类型", "收入", "残疾", "重病", "缺失项", "电话"]
PROVINCIAL = Mapping(
    members=SheetMapping("家庭成员", 1, {
        "户编号": "户码", "姓名": "成员", "身份证号": "证件号", "与户主关系": "称谓", "救助类别": "对象类型",
        "月收入(元)": "收入", "残疾等级": "残疾", "重病": "重病", "自理能力缺失项数": "缺失项", "联系电话": "电话"}),
    households=SheetMapping("家庭", 2, {
        "户编号": "户码", "村(社区)": "所属村", "开户行": "代发银行", "银行账号": "代发账号", "纳入年月": "保障起始",
        "月救助金(元)": "月发放额"}),
)


def write_provincial(path, rows: list[list]) -> None:
    """One row per household on one sheet (under a title), the members on another, as provincial systems export."""
    wb = openpyxl.Workbook()
    hs = wb.active
    hs.title = "家庭"
    hs.append(["家庭基本信息（导出）"])
    hs.append(HOUSEHOLD_HEADER)
    ms = wb.create_sheet("家庭成员")
    ms.append(MEMBER_HEADER)
    for r in rows:
        if r[C["与户主关系"]] == "本人":
            hs.append([r[C["户编号"]], r[C["村(社区)"]], r[C["姓名"]], r[C["开户行"]], r[C["银行账号"]],
                       r[C["纳入年月"]], r[C["月救助金(元)"]]])
        program = r[C["救助类别"]]
        ms.append([r[C["户编号"]], r[C["姓名"]], r[C["身份证号"]], r[C["与户主关系"]], program,
                   r[C["月收入(元)"]], r[C["残疾等级"]], r[C["重病"]], r[C["自理能力缺失项数"]], r[C["联系电话"]]])
    wb.save(path)


@pytest.fixture
def rows(fixtures_dir) -> list[list]:
    return fixture_rows(fixtures_dir)


def test_a_household_sheet_and_a_member_sheet_import_by_mapping_to_the_template_people(
        tmp_path, db_ctx, admin, fixtures_dir, rows):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    golden = snapshot(db_ctx)
    path = tmp_path / "省系统导出.xlsx"
    write_provincial(path, rows)
    ctx, actor = fresh_township(tmp_path, "provincial")
    summary = import_legacy(ctx.uow, actor, path, mapping=PROVINCIAL)
    assert (summary.households, summary.members) == (40, 132)
    assert summary.where == "「家庭成员」（表头第 1 行）、「家庭」（表头第 2 行）"
    assert snapshot(ctx) == golden
    ctx.close()


def test_a_saved_mapping_is_a_setting_and_the_cli_imports_with_it(tmp_path, rows, monkeypatch, capsys):
    path = tmp_path / "省系统导出.xlsx"
    write_provincial(path, rows)
    db = tmp_path / "cli.db"
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)
    assert main(["--db", str(db), "init", "--township-code", "430902101", "--township-name", "测试镇",
                 "--admin", "admin"]) == 0
    from app.bootstrap import open_database
    from app.services.auth import login

    cli_ctx = open_database(db)
    assert save_mapping(cli_ctx.uow, login(cli_ctx.uow, "admin", PASSWORD), " 省系统导出 ", PROVINCIAL) == "省系统导出"
    assert list_mappings(cli_ctx.uow) == ["省系统导出"]
    with cli_ctx.uow.read() as s:
        stored = s.scalar(select(Setting.value).where(Setting.key == "import_mapping:省系统导出"))
    assert json.loads(stored)["households"]["columns"]["银行账号"] == "代发账号"
    assert load_mapping(cli_ctx.uow, "省系统导出") == PROVINCIAL
    cli_ctx.close()
    capsys.readouterr()
    before = dump_content(db)
    assert main(["--db", str(db), "--user", "admin", "household", "import", str(path), "--mapping", "省系统导出",
                 "--dry-run"]) == 0
    assert "40 户，132 人" in capsys.readouterr().out and dump_content(db) == before
    assert main(["--db", str(db), "--user", "admin", "household", "import", str(path), "--mapping", "省系统导出"]) == 0
    assert "已导入：40 户，132 人" in capsys.readouterr().out


def test_an_unknown_mapping_name_exits_3_listing_the_saved_ones(tmp_path, db_ctx, admin, monkeypatch, capsys):
    save_mapping(db_ctx.uow, admin, "龙光桥镇模板", PROVINCIAL)
    with pytest.raises(NotFound, match="龙光桥镇模板"):
        load_mapping(db_ctx.uow, "没有这个")
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)
    path = tmp_path / "x.xlsx"
    openpyxl.Workbook().save(path)
    assert main(["--db", str(db_ctx.db_path), "--user", "admin", "household", "import", str(path),
                 "--mapping", "没有这个"]) == 3
    assert "E_NOT_FOUND" in capsys.readouterr().err


def test_a_member_whose_household_is_missing_is_refused_naming_sheet_and_row(tmp_path, db_ctx, admin, rows):
    path = tmp_path / "省系统导出.xlsx"
    write_provincial(path, rows)
    wb = openpyxl.load_workbook(path)
    wb["家庭"].delete_rows(3)  # H110001's household row (its members are rows 2-5 of the member sheet)
    wb.save(path)
    before = dump_content(db_ctx.db_path)
    with pytest.raises(ImportRejected) as err:
        import_legacy(db_ctx.uow, admin, path, mapping=PROVINCIAL)
    assert {(p.sheet, p.row, p.column) for p in err.value.problems} == {("家庭成员", r, "户码") for r in (2, 3, 4, 5)}
    assert "户编号 H110001 在工作表「家庭」中没有" in err.value.text
    assert dump_content(db_ctx.db_path) == before


def test_a_bad_value_on_the_household_sheet_names_that_sheet(tmp_path, db_ctx, admin, rows):
    path = tmp_path / "省系统导出.xlsx"
    write_provincial(path, rows)
    wb = openpyxl.load_workbook(path)
    wb["家庭"]["E3"] = 6228033076661934515  # the account typed as a number
    wb.save(path)
    with pytest.raises(ImportRejected) as err:
        import_legacy(db_ctx.uow, admin, path, mapping=PROVINCIAL)
    assert [(p.sheet, p.row, p.column) for p in err.value.problems] == [("家庭", 3, "代发账号")]


def test_a_mapping_whose_columns_are_not_in_the_file_says_which(tmp_path, db_ctx, admin, rows):
    path = tmp_path / "office.xlsx"
    write_office_xlsx(path, rows)
    with pytest.raises(ImportRejected) as err:
        import_legacy(db_ctx.uow, admin, path, mapping=PROVINCIAL)
    assert len(err.value.problems) == 1 and "「证件号」" in err.value.text


def test_preview_finds_the_sheet_header_and_prefills_the_mapping(tmp_path, rows):
    path = tmp_path / "office.xlsx"
    write_office_xlsx(path, rows)
    preview = preview_file(path)
    p = preview.chosen
    assert (preview.sheets, p.sheet, p.header_row) == (["2020年12月"], "2020年12月", 3)
    assert p.labels[:4] == ["序号", "村(社区)", "户编号", "姓名"]
    assert p.rows[0][:3] == ["1", "东风村", "H110001"] and len(p.rows) == 8
    assert p.mapping.columns["身份证号"] == "身份证号码" and p.mapping.columns["银行账号"] == "银行卡号"
    assert len(p.mapping.columns) == 15


def test_a_mapping_name_must_be_given_and_short(db_ctx, admin):
    from app.errors import InvalidInput

    for bad in ("", "  ", "名" * 41):
        with pytest.raises(InvalidInput):
            save_mapping(db_ctx.uow, admin, bad, PROVINCIAL)


def test_one_column_mapped_to_two_fields_is_refused_saying_so(tmp_path, db_ctx, admin, rows):
    path = tmp_path / "省系统导出.xlsx"
    write_provincial(path, rows)
    columns = dict(PROVINCIAL.members.columns, 姓名="证件号")
    wrong = Mapping(SheetMapping("家庭成员", 1, columns), PROVINCIAL.households)
    with pytest.raises(ImportRejected) as err:
        import_legacy(db_ctx.uow, admin, path, mapping=wrong)
    assert len(err.value.problems) == 1 and "「姓名」、「身份证号」都指向列「证件号」" in err.value.text
