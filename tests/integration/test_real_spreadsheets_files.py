"""Files that are not a plain .xlsx (SPEC §7.1 Formats) and files built to hurt (issue 13, Low).

Each is refused with exit 3 and a Chinese message (never E_INTERNAL, never the library's English),
or read within the real data extent.
"""

from __future__ import annotations

import re
import time
import zipfile

import openpyxl
import pytest
import xlwt

from app.cli import main
from app.domain.legacy import COLUMNS
from app.errors import ImportRejected, WorkbookUnreadable
from app.services.legacy_io import import_legacy
from app.services.workbook import read_workbook
from tests.conftest import PASSWORD, dump_content
from tests.integration.test_real_spreadsheets import C, fixture_rows, write_template


@pytest.fixture
def rows(fixtures_dir) -> list[list]:
    return fixture_rows(fixtures_dir)


def _unreadable(db_ctx, admin, path) -> str:
    before = dump_content(db_ctx.db_path)
    with pytest.raises(WorkbookUnreadable) as err:
        import_legacy(db_ctx.uow, admin, path)
    assert err.value.exit_code == 3 and err.value.code == "E_WORKBOOK"
    assert dump_content(db_ctx.db_path) == before
    assert not any(word in err.value.text for word in ("Error", "File", "zip", "Traceback", "{"))
    return err.value.text


@pytest.mark.parametrize("suffix", [".et", ".csv", ".wps", ".ods"])
def test_other_formats_are_told_to_save_as_xlsx(tmp_path, db_ctx, admin, suffix):
    path = tmp_path / f"花名册{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 if suffix != ".csv" else "姓名,身份证号\n".encode())
    text = _unreadable(db_ctx, admin, path)
    assert "另存为" in text and "Excel 工作簿 (*.xlsx)" in text and suffix in text


def test_a_text_file_named_xlsx_is_not_a_workbook(tmp_path, db_ctx, admin):
    path = tmp_path / "花名册.xlsx"
    path.write_text("村(社区),户编号\n", encoding="utf-8")
    assert "不是 Excel 工作簿" in _unreadable(db_ctx, admin, path)


def test_an_encrypted_workbook_is_told_to_remove_the_password(tmp_path, db_ctx, admin):
    # what Excel writes for a password-protected .xlsx: an OLE file holding an EncryptedPackage stream
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000 + "EncryptedPackage".encode("utf-16-le")
                     + b"\0" * 2000)
    assert "密码" in _unreadable(db_ctx, admin, path)


def test_a_folder_is_refused_not_an_internal_error(tmp_path, db_ctx, admin):
    folder = tmp_path / "dir.xlsx"
    folder.mkdir()
    assert "无法打开" in _unreadable(db_ctx, admin, folder)


def test_a_zip_bomb_is_refused_before_parsing(tmp_path, db_ctx, admin):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (30 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    started = time.perf_counter()
    text = _unreadable(db_ctx, admin, path)
    assert time.perf_counter() - started < 2
    assert "超过导入上限" in text and "100 倍" in text


def test_a_stray_cell_at_xfd1048576_does_not_make_the_sheet_huge(tmp_path, db_ctx, admin, rows):
    path = tmp_path / "stray.xlsx"
    write_template(path, rows)
    wb = openpyxl.load_workbook(path)
    wb.active["XFD1048576"] = "x"
    wb.save(path)
    assert path.stat().st_size < 30_000
    started = time.perf_counter()
    summary = import_legacy(db_ctx.uow, admin, path, dry_run=True)
    assert time.perf_counter() - started < 15
    assert summary.members == 132


def test_a_chart_sheet_first_is_passed_over(tmp_path, db_ctx, admin, rows):
    path = tmp_path / "chart.xlsx"
    write_template(path, rows)
    wb = openpyxl.load_workbook(path)
    wb.create_chartsheet("图表", 0)
    wb.save(path)
    summary = import_legacy(db_ctx.uow, admin, path, dry_run=True)
    assert summary.members == 132 and "花名册" in summary.where


def _rewrite_sheet(src, dst, change) -> None:  # noqa: ANN001
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)


def test_truncated_sheet_xml_is_a_damaged_file_naming_the_sheet(tmp_path, db_ctx, admin, rows):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    write_template(good, rows)
    _rewrite_sheet(good, bad, lambda data: data[: len(data) // 2])
    text = _unreadable(db_ctx, admin, bad)
    assert "已损坏" in text and "工作表「花名册」第" in text and "另存为 .xlsx" in text


def test_a_bad_shared_string_index_is_a_damaged_file(tmp_path, db_ctx, admin, rows):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "花名册"
    wb.active.append(list(COLUMNS))
    wb.active.append(rows[0])
    wb.save(good)
    # a string cell pointing past the end of the shared-string table
    _rewrite_sheet(good, bad, lambda data: re.sub(rb'(<c r="A2") t="inlineStr"><is><t>[^<]*</t></is>',
                                                  rb'\1 t="s"><v>99999</v>', data, count=1))
    assert "已损坏" in _unreadable(db_ctx, admin, bad)


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("月救助金(元)", 1e300, "金额过大"), ("月救助金(元)", "1e10000000", "应为金额"),
    ("月收入(元)", 99999999999999999, "金额过大"), ("月收入(元)", "１，０００，０００．０１元", "金额过大"),
    ("纳入年月", "9999-12", "2000-01 至 2099-12"), ("纳入年月", "0000-01", "2000-01 至 2099-12"),
])
def test_absurd_cells_are_refused_naming_the_row(tmp_path, db_ctx, admin, rows, column, value, reason):
    rows[0][C[column]] = value
    path = tmp_path / "absurd.xlsx"
    write_template(path, rows)
    with pytest.raises(ImportRejected) as err:
        import_legacy(db_ctx.uow, admin, path)
    assert [(p.row, p.column) for p in err.value.problems] == [(2, column)] and reason in err.value.text


def test_an_xls_with_an_id_typed_as_a_number_is_refused(tmp_path, db_ctx, admin, rows):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("花名册")
    for c, name in enumerate(COLUMNS):
        ws.write(0, c, name)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, float(v) if (r, c) == (3, C["身份证号"]) else v)
    path = tmp_path / "wps.xls"
    wb.save(str(path))
    with pytest.raises(ImportRejected) as err:
        import_legacy(db_ctx.uow, admin, path)
    assert [(p.row, p.column) for p in err.value.problems] == [(4, "身份证号")]
    assert "15 位有效数字" in err.value.text


def test_read_workbook_keeps_xls_merges_and_real_row_numbers(tmp_path):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("表1")
    ws.write_merge(0, 0, 0, 3, "标题")
    ws.write(2, 1, "x")
    path = tmp_path / "m.xls"
    wb.save(str(path))
    [sheet] = read_workbook(path)
    assert sheet.name == "表1" and sheet.merged == ((1, 1, 1, 4),) and sheet.rows[2] == (None, "x")


@pytest.mark.parametrize("damage", ["folder", "et", "truncated"])
def test_cli_exits_3_for_unreadable_files(tmp_path, monkeypatch, capsys, rows, damage):
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)
    db = tmp_path / "cli.db"
    assert main(["--db", str(db), "init", "--township-code", "430902101", "--township-name", "测试镇",
                 "--admin", "admin"]) == 0
    if damage == "folder":
        path = tmp_path / "x.xlsx"
        path.mkdir()
    elif damage == "et":
        path = tmp_path / "x.et"
        path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    else:
        good, path = tmp_path / "good.xlsx", tmp_path / "x.xlsx"
        write_template(good, rows)
        _rewrite_sheet(good, path, lambda data: data[:-300])
    capsys.readouterr()
    assert main(["--db", str(db), "--user", "admin", "household", "import", str(path)]) == 3
    err = capsys.readouterr().err
    assert "E_WORKBOOK" in err and "E_INTERNAL" not in err



def test_a_zip_directory_claiming_an_unknown_version_is_a_damaged_file(tmp_path, db_ctx, admin, rows):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    write_template(good, rows[:3])
    data = bytearray(good.read_bytes())
    at = data.index(b"PK\x01\x02") + 6  # "version needed to extract" of the first directory entry
    data[at:at + 2] = (64).to_bytes(2, "little")  # 6.4: zipfile raises NotImplementedError
    bad.write_bytes(bytes(data))
    assert "已损坏" in _unreadable(db_ctx, admin, bad)
