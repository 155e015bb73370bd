"""Fuzzing the legacy import: any cell values give a result or a clear AppError, never a crash or a write."""

from datetime import date, datetime

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
