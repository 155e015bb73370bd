"""Rosters shaped like the ones offices keep (SPEC §7.1) import to exactly the people of the SPEC template.

Every file here is built by code from the rows of the golden fixture roster_valid.xlsx: title rows,
synonyms and full-width brackets, two-row merged headers, household cells merged down, 合计 and
signature rows, real words (户主/妻/长子, √, 650元, 二级, 2019年3月), .xls; and damaged ones.
"""

from __future__ import annotations

import openpyxl
import pytest
import xlwt
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.bootstrap import open_database
from app.cli import main
from app.domain.legacy import COLUMNS
from app.errors import ImportRejected
from app.models import Case, Household
from app.services.auth import login
from app.services.legacy_io import import_legacy
from app.services.township import init_township
from tests.conftest import PASSWORD, dump_content

C = {name: i for i, name in enumerate(COLUMNS)}
RELATION_WORDS = {"本人": "户主", "配偶": "妻", "子": "长子", "女": "长女", "孙子女": "孙子", "父母": "父亲"}
GRADE_WORDS = {0: "无", 1: "一级", 2: "二级", 3: "三级", 4: "四级"}
FW = str.maketrans("0123456789", "０１２３４５６７８９")  # what a Chinese IME types


def fixture_rows(fixtures_dir) -> list[list]:
    ws = openpyxl.load_workbook(fixtures_dir / "legacy/roster_valid.xlsx").active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert tuple(rows[0]) == COLUMNS
    return rows[1:]


def office_values(row: list, n: int) -> list:
    """One fixture row as a clerk writes it: real words, units, full-width digits in some cells."""
    out = list(row)
    out[C["与户主关系"]] = RELATION_WORDS.get(row[C["与户主关系"]], row[C["与户主关系"]])
    out[C["重病"]] = "√" if row[C["重病"]] == "是" else ("" if n % 2 else "否")
    out[C["残疾等级"]] = GRADE_WORDS[row[C["残疾等级"]]] if n % 3 else row[C["残疾等级"]]
    amount = row[C["月救助金(元)"]]
    if amount:
        out[C["月救助金(元)"]] = f"{amount:,.2f}元" if amount >= 1000 else f"{amount}元"
    income = row[C["月收入(元)"]]
    out[C["月收入(元)"]] = f"{income}元" if income else None
    month = row[C["纳入年月"]]
    if month:
        y, m = month.split("-")
        out[C["纳入年月"]] = (f"{y}年{int(m)}月", f"{y}.{m}", f"{y}/{int(m)}", f"{y}{m}")[n % 4]
    if n % 5 == 0 and isinstance(row[C["身份证号"]], str):
        out[C["身份证号"]] = row[C["身份证号"]].translate(FW)
    if isinstance(row[C["银行账号"]], str) and n % 2:
        acc = row[C["银行账号"]]
        out[C["银行账号"]] = f"{acc[:4]} {acc[4:8]} {acc[8:12]} {acc[12:]}"  # spaced as on the card
    if row[C["救助类别"]] == "无" and n % 2:
        out[C["救助类别"]] = None
    return out


OFFICE_HEADER = ["村（社区）", "户编号", "姓名", "身份证号码", "与户主关系", "保障类别", "月收入（元）", "残疾等级",
                 "重病", "自理能力缺失项数", "开户银行", "银行卡号", "联系电话", "纳入时间", "月保障金（元）"]


def write_office_xlsx(path, rows: list[list]) -> None:
    """Title and unit rows, a 序号 column, synonyms with full-width brackets, 合计 and signatures below."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2020年12月"
    ws.append(["龙光桥镇城乡低保、特困人员花名册"])
    ws.merge_cells("A1:P1")
    ws.append(["填报单位：龙光桥镇民政办", None, None, None, None, None, None, None, None, None, None, None, None,
               "制表日期：2020年12月5日"])
    ws.append(["序号", *OFFICE_HEADER])
    for n, row in enumerate(rows, start=1):
        ws.append([n, *office_values(row, n)])
    ws.append([])
    ws.append(["合计", None, None, f"{len(rows)} 人"])
    ws.append(["经办人：", None, "审核人：", None, "负责人：", None, "制表：李会计"])
    wb.save(path)


GROUPS = [("序号", 1, 1), ("村（社区）", 2, 2), ("户编号", 3, 3), ("家庭成员情况", 4, 11), ("银行信息", 12, 13),
          ("联系电话", 14, 14), ("纳入年月", 15, 15), ("月救助金(元)", 16, 16)]
HOUSEHOLD_COLUMNS = ("村(社区)", "户编号", "开户行", "银行账号")


def merged_layout(rows: list[list]):  # noqa: ANN201 - yields what to write where
    """Two-row header (groups merged across, single headers merged down) and household cells merged down."""
    cells, merges = {}, []
    cells[(1, 1)] = "龙光桥镇2020年低保对象花名册"
    merges.append((1, 1, 1, 16))
    for text, c1, c2 in GROUPS:
        cells[(2, c1)] = text
        merges.append((2, c1, 2, c2) if c2 > c1 else (2, c1, 3, c1))
    for col, name in enumerate(COLUMNS[2:10], start=4):
        cells[(3, col)] = name
    cells[(3, 12)], cells[(3, 13)] = "开户行", "银行账号"
    r, n = 4, 0
    groups: dict[str, list[list]] = {}
    for row in rows:
        groups.setdefault(row[C["户编号"]], []).append(row)
    for members in groups.values():
        head = next(m for m in members if m[C["与户主关系"]] == "本人")
        members = [head] + [m for m in members if m is not head]
        for i, row in enumerate(members):
            n += 1
            values = office_values(row, n)
            cells[(r + i, 1)] = n
            for name in COLUMNS:
                if name in HOUSEHOLD_COLUMNS and i > 0:
                    continue
                cells[(r + i, C[name] + 2)] = values[C[name]] if name not in HOUSEHOLD_COLUMNS else \
                    office_values(head, n - i)[C[name]]
        if len(members) > 1:
            merges += [(r, C[name] + 2, r + len(members) - 1, C[name] + 2) for name in HOUSEHOLD_COLUMNS]
        r += len(members)
    cells[(r, 1)] = "小计"
    cells[(r + 1, 1)] = "填表人："
    return cells, merges


def write_merged_xlsx(path, rows: list[list]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    cells, merges = merged_layout(rows)
    for (r, c), v in cells.items():
        ws.cell(r, c, v)
    for r1, c1, r2, c2 in merges:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    wb.save(path)


def write_merged_xls(path, rows: list[list]) -> None:
    """The same two-row merged layout as WPS saves it in the old .xls format."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("花名册")
    cells, merges = merged_layout(rows)
    covered = set()
    for r1, c1, r2, c2 in merges:
        ws.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, cells.get((r1, c1)))
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for (r, c), v in cells.items():
        if (r, c) not in covered and v is not None:
            ws.write(r - 1, c - 1, v)
    wb.save(str(path))


def write_template(path, rows: list[list], sheet: str = "花名册") -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(COLUMNS))
    for row in rows:
        ws.append(row)
    wb.save(path)


def snapshot(ctx) -> dict:
    """People, IDs, accounts and cases in a comparable form (database ids left out)."""
    with ctx.uow.read() as s:
        households = s.scalars(select(Household).options(selectinload(Household.members))).all()
        people = sorted((h.legacy_no, h.village.name, h.hukou_type, h.bank_name, h.bank_account, h.phone, m.name,
                         m.id_number, m.relation, m.disability_grade, m.serious_illness, m.selfcare_items_failed,
                         m.monthly_income_fen) for h in households for m in h.members)
        by_id = {m.id: m.id_number for h in households for m in h.members}
        cases = s.scalars(select(Case).options(selectinload(Case.members))).all()
        programs = sorted((c.program, c.start_month, c.amount_fen, c.payee_name, c.payee_account, c.support_mode,
                           tuple(sorted(by_id[cm.member_id] for cm in c.members))) for c in cases)
    return {"people": people, "cases": programs}


def fresh_township(tmp_path, name: str):
    ctx = open_database(tmp_path / f"{name}.db", create=True)
    init_township(ctx.uow, code="430902101", name="测试镇", admin="admin", password=PASSWORD)
    return ctx, login(ctx.uow, "admin", PASSWORD)


@pytest.fixture
def golden(db_ctx, admin, fixtures_dir) -> dict:
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    return snapshot(db_ctx)


@pytest.fixture
def rows(fixtures_dir) -> list[list]:
    return fixture_rows(fixtures_dir)


@pytest.mark.parametrize(("writer", "suffix"), [(write_office_xlsx, ".xlsx"), (write_merged_xlsx, ".xlsx"),
                                                 (write_merged_xls, ".xls")])
def test_office_layouts_import_to_exactly_the_template_people(tmp_path, golden, rows, writer, suffix):
    path = tmp_path / f"office{suffix}"
    writer(path, rows)
    ctx, actor = fresh_township(tmp_path, "office")
    summary = import_legacy(ctx.uow, actor, path)
    assert (summary.households, summary.members) == (40, 132)
    assert snapshot(ctx) == golden
    ctx.close()


def test_the_report_names_the_sheet_and_header_row_found(tmp_path, admin, db_ctx, rows):
    path = tmp_path / "office.xlsx"
    write_office_xlsx(path, rows)
    summary = import_legacy(db_ctx.uow, admin, path, dry_run=True)
    assert summary.where == "「2020年12月」（表头第 3 行）"


def test_the_first_sheet_with_a_header_is_read(tmp_path, admin, db_ctx, rows):
    path = tmp_path / "two.xlsx"
    write_template(path, rows)
    wb = openpyxl.load_workbook(path)
    notes = wb.create_sheet("填表说明", 0)
    notes.append(["说明：本表每月5日前报送"])
    wb.save(path)
    summary = import_legacy(db_ctx.uow, admin, path, dry_run=True)
    assert summary.members == 132 and summary.where == "「花名册」（表头第 1 行）"


def test_no_header_names_the_sheets_and_rows_searched_and_the_columns_expected(tmp_path, admin, db_ctx):
    path = tmp_path / "none.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["名字", "号码"])
    wb.create_sheet("Sheet2").append(["甲", "乙"])
    wb.save(path)
    with pytest.raises(ImportRejected) as err:
        import_legacy(db_ctx.uow, admin, path)
    text = err.value.text
    assert "「Sheet1」、「Sheet2」" in text and "前 10 行" in text and "身份证号" in text and "纳入年月" in text
    assert len(err.value.problems) == 1


def test_a_local_class_maps_to_the_program_and_is_kept_on_the_case_and_in_the_notes(tmp_path, golden, rows):
    changed = [list(r) for r in rows]
    for r in changed:
        if r[C["救助类别"]] == "农村低保":
            r[C["救助类别"]] = "农村低保A类"
        elif r[C["救助类别"]] == "城市低保":
            r[C["救助类别"]] = "城市低保（二类）"
    path = tmp_path / "class.xlsx"
    write_template(path, changed)
    ctx, actor = fresh_township(tmp_path, "class")
    import_legacy(ctx.uow, actor, path)
    assert snapshot(ctx) == golden
    with ctx.uow.read() as s:
        notes = {h.legacy_no: h.notes for h in s.scalars(select(Household))}
    assert notes["H110003"] == "导入时的救助类别:农村低保A类"  # stored in its canonical (NFKC) form
    assert notes["H110002"] == "导入时的救助类别:城市低保二类"
    assert notes["H110001"] == ""
    with ctx.uow.read() as s:  # and the class is kept on the case itself (SPEC §7.1)
        classes = {(c.household.legacy_no, c.program): c.local_class for c in s.scalars(select(Case))}
    assert classes[("H110003", "rural_dibao")] == "A类"
    assert classes[("H110002", "urban_dibao")] == "二类"
    assert {v for (no, prog), v in classes.items() if not prog.endswith("dibao")} == {""}
    ctx.close()


def _refused(db_ctx, admin, path) -> ImportRejected:
    before = dump_content(db_ctx.db_path)
    with pytest.raises(ImportRejected) as err:
        import_legacy(db_ctx.uow, admin, path)
    assert dump_content(db_ctx.db_path) == before
    return err.value


@pytest.mark.parametrize(("column", "value"), [
    ("银行账号", 6228033076661934515), ("银行账号", 6.228033076661934e18), ("身份证号", 430923193010076090),
    ("身份证号", "4.30923193010076E+17"), ("身份证号", "４.３０９２３１９３０１００７６Ｅ＋１７"),
    ("联系电话", 13969349199), ("银行账号", "6.22803307666193E+18"),
])
def test_numbers_that_lost_digits_are_refused_naming_row_and_column(tmp_path, db_ctx, admin, rows, column, value):
    rows[0][C[column]] = value
    path = tmp_path / "lost.xlsx"
    write_template(path, rows)
    err = _refused(db_ctx, admin, path)
    assert [(p.row, p.column) for p in err.problems] == [(2, column)]
    assert "Excel 只保留 15 位有效数字，请把该列设为文本后按原始资料重新录入" in err.text
    assert "工作表「花名册」第 2 行「" + column + "」" in err.text


def test_cli_refuses_a_float_account_with_exit_3_and_writes_nothing(tmp_path, rows, monkeypatch, capsys):
    rows[4][C["银行账号"]] = float(rows[4][C["银行账号"]])
    path = tmp_path / "float.xlsx"
    write_office_xlsx(path, rows)
    db = tmp_path / "cli.db"
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)
    assert main(["--db", str(db), "init", "--township-code", "430902101", "--township-name", "测试镇",
                 "--admin", "admin"]) == 0
    before = dump_content(db)
    capsys.readouterr()
    assert main(["--db", str(db), "--user", "admin", "household", "import", str(path)]) == 3
    err = capsys.readouterr().err
    assert "E_IMPORT_INVALID" in err and "第 8 行「银行卡号」：数值格式" in err  # title, unit, header: row 4 is n=1
    assert dump_content(db) == before


def test_an_ambiguous_tekun_category_is_refused_with_what_to_write(tmp_path, db_ctx, admin, rows):
    rows[0][C["救助类别"]] = "特困供养"
    path = tmp_path / "tekun.xlsx"
    write_template(path, rows)
    err = _refused(db_ctx, admin, path)
    assert [(p.row, p.column) for p in err.problems] == [(2, "救助类别")]
    assert "请写「城市特困」或「农村特困」" in err.text


def test_a_bad_head_row_is_one_problem_without_knock_ons(tmp_path, db_ctx, admin, rows):
    rows[0][C["身份证号"]] = "430923193010076091"  # the head of H110001, bad check digit
    path = tmp_path / "head.xlsx"
    write_template(path, rows)
    err = _refused(db_ctx, admin, path)
    assert [(p.row, p.column) for p in err.problems] == [(2, "身份证号")]
    assert "现有 0 名" not in err.text


def test_accounts_failing_luhn_are_warnings_and_still_imported(tmp_path, db_ctx, admin, rows):
    acc = rows[0][C["银行账号"]]
    rows[0][C["银行账号"]] = acc[:-1] + str((int(acc[-1]) + 1) % 10)
    path = tmp_path / "luhn.xlsx"
    write_template(path, rows)
    summary = import_legacy(db_ctx.uow, admin, path)
    assert summary.members == 132
    assert [(p.row, p.column) for p in summary.warnings] == [(2, "银行账号")]
    assert "Luhn" in str(summary.warnings[0])


def test_check_lists_an_account_failing_luhn(tmp_path, db_ctx, admin, rows):
    from app.services.checks import run_checks

    acc = rows[0][C["银行账号"]]
    rows[0][C["银行账号"]] = acc[:-1] + str((int(acc[-1]) + 1) % 10)
    path = tmp_path / "luhn.xlsx"
    write_template(path, rows)
    import_legacy(db_ctx.uow, admin, path)
    hits = [h for h in run_checks(db_ctx.uow) if h.kind == "账号校验位不符"]
    assert len(hits) == 1 and hits[0].key.startswith("luhn:") and acc[:-1] not in hits[0].key
    assert "校验位" in hits[0].description and acc[:-1] not in hits[0].description


def test_rows_after_a_village_subtotal_are_read_and_a_row_without_id_is_reported(tmp_path, db_ctx, admin, rows):
    path = tmp_path / "subtotals.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(list(COLUMNS))
    for row in rows[:40]:
        ws.append(row)
    ws.append(["小计", None, None, "40人"])  # sheet row 42
    for row in rows[40:]:
        ws.append(row)
    ws.append(["注：本表一式三份，村、镇、县各存一份"])
    ws.append(["合计", None, None, "132人", None, None, None, None, None, None, None, None, None, None, 99999])
    wb.save(path)
    assert import_legacy(db_ctx.uow, admin, path, dry_run=True).members == 132
    ws.cell(60, C["身份证号"] + 1).value = None  # a data row after the subtotal, its ID left out
    wb.save(path)
    err = _refused(db_ctx, admin, path)
    assert [(p.row, p.column) for p in err.problems] == [(60, "身份证号")]


def test_a_person_already_registered_under_a_full_width_id_is_refused(tmp_path, db_ctx, admin, golden, rows):
    path = tmp_path / "again.xlsx"
    write_office_xlsx(path, rows)  # every fifth ID in full-width digits, accounts spaced
    err = _refused(db_ctx, admin, path)
    assert len(err.problems) == 132 and all("一人只能属于一户" in p.reason for p in err.problems)
    assert {p.column for p in err.problems} == {"身份证号码"}
    assert "第 8 行「身份证号码」：430902197804235977 已是库中户" in err.text  # row 8 (n=5) was full-width


def test_two_columns_that_both_could_be_the_account_are_one_header_problem(tmp_path, db_ctx, admin, rows):
    path = tmp_path / "two.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    header = [("银行卡号" if c == "银行账号" else c) for c in COLUMNS] + ["存折号"]
    ws.append(header)
    for row in rows:
        ws.append([*row, row[C["银行账号"]]])
    wb.save(path)
    err = _refused(db_ctx, admin, path)
    assert [(p.row, p.column) for p in err.problems] == [(1, "银行账号")]
    assert "「银行卡号」、「存折号」 都可作为此列" in err.text
