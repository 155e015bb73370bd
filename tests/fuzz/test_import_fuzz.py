"""Fuzzing the roster import: any cell values or damaged bytes give a result or a clear AppError (exit 3),
never a crash, E_INTERNAL or a write."""

from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.domain.legacy import COLUMNS
from app.errors import AppError
from app.services.legacy_io import import_legacy
from tests.conftest import dump_content

VALID_ROW = ["东风村", "H1", "张三丰", "430902194501010013", "本人", "农村低保", 0, 0, "否", 0, "中国农业银行",
             "6228000011112222333", "13900000000", "2020-01", 335]

cell = st.one_of(
    st.none(), st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.sampled_from(["", " ", "是", "否", "本人", "无", "城市低保", "2020-13", "4309021945010100X", "1e9", "-1"]),
)


def _write(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(COLUMNS))
    for row in rows:
        ws.append([datetime.combine(v, datetime.min.time()) if isinstance(v, date) else v for v in row])
    wb.save(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.integers(0, len(COLUMNS) - 1), value=cell, extra=st.lists(st.lists(cell, min_size=15, max_size=15),
                                                                          max_size=2))
def test_any_cell_value_gives_a_result_or_a_clear_error(db_ctx, admin, tmp_path, column, value, extra):
    row = list(VALID_ROW)
    row[column] = value
    path = tmp_path / "fuzz.xlsx"
    _write(path, [row, *extra])
    before = dump_content(db_ctx.db_path)
    try:
        summary = import_legacy(db_ctx.uow, admin, path, dry_run=True)
    except AppError as exc:
        assert exc.exit_code == 3 and exc.text
    else:
        assert summary.dry_run and summary.households >= 1
    assert dump_content(db_ctx.db_path) == before


def test_a_file_that_is_not_a_workbook_is_refused(db_ctx, admin, tmp_path):
    path = tmp_path / "not.xlsx"
    path.write_bytes(b"PK\x03\x04 garbage")
    before = dump_content(db_ctx.db_path)
    try:
        import_legacy(db_ctx.uow, admin, path)
    except AppError as exc:
        assert exc.exit_code == 3 and "无法读取" in exc.text
    assert dump_content(db_ctx.db_path) == before


# --- the CLI over random cells and damaged files: exit 0 or 3, never a traceback, never E_INTERNAL ---

nasty = st.one_of(
    cell, st.floats(min_value=1e15, max_value=1e308), st.integers(10**15, 10**30),
    st.sampled_from(["1e300", "1e10000000", "99999999999999999", "-0", "6.22803307666193E+18", "NaN", "inf",
                     "９９９９-１２", "0000-01", "2019.1", "201913", "特困供养", "低保", "农村低保A类", "√", "×",
                     "1,005.00元", "1,00,5元", "一级", "五级", "=1+1", "户主", "妻", "\u3000", "合计", "经办人："]),
)


@pytest.fixture
def cli_township(tmp_path, monkeypatch):
    """One township for all examples of a test (function scope: the cheap test password hasher applies)."""
    monkeypatch.setenv("JIUZHU_PASSWORD", "secret123")
    db = tmp_path / "t.db"
    assert main(["--db", str(db), "init", "--township-code", "430902101", "--township-name", "测试镇",
                 "--admin", "admin"]) == 0
    return tmp_path, db


def _cli_import(db, path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--db", str(db), "--user", "admin", "household", "import", str(path), "--dry-run"])
    return code, capsys.readouterr().err


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.dictionaries(st.integers(0, len(COLUMNS) - 1), nasty, min_size=1, max_size=4),
       title=st.booleans())
@example(cells={14: 1e300}, title=False)  # the cells, always tried
@example(cells={14: "1e10000000"}, title=True)
@example(cells={6: 99999999999999999}, title=False)
def test_cli_import_of_random_cells_exits_0_or_3(cli_township, capsys, cells, title):
    home, db = cli_township
    row = list(VALID_ROW)
    for column, value in cells.items():
        row[column] = value
    path = home / "cells.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append(["某某镇低保花名册"])
    ws.append(list(COLUMNS))
    ws.append([datetime.combine(v, datetime.min.time()) if isinstance(v, date) else v for v in row])
    wb.save(path)
    code, err = _cli_import(db, path, capsys)
    assert code in (0, 3), err
    assert "E_INTERNAL" not in err and "Traceback" not in err


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=8)), min_size=1, max_size=3))
def test_cli_import_of_a_damaged_file_exits_0_or_3(cli_township, capsys, cuts):
    home, db = cli_township
    good = home / "good.xlsx"
    if not good.exists():
        wb = openpyxl.Workbook()
        wb.active.append(list(COLUMNS))
        wb.active.append(VALID_ROW)
        wb.save(good)
    data = bytearray(good.read_bytes())
    for where, junk in cuts:  # overwrite a few bytes anywhere: headers, deflate streams, the directory
        at = int(where * (len(data) - 1))
        data[at:at + len(junk)] = junk
    path = home / "damaged.xlsx"
    path.write_bytes(bytes(data))
    code, err = _cli_import(db, path, capsys)
    assert code in (0, 3), err
    assert "E_INTERNAL" not in err and "Traceback" not in err
