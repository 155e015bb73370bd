"""Reading a workbook file into plain sheets (SPEC §7.1 Formats): .xlsx with openpyxl, .xls with xlrd.

Only the real data extent is read: the sheet's declared dimension is not trusted (one stray cell
at XFD1048576 would make it a million rows by 16384 columns), reading stops after a run of empty
rows, and columns are capped. A zip that inflates far beyond its size is refused before parsing.
Any other file, an encrypted one, or one the library cannot read gets a Chinese message saying how
to save it as .xlsx; the library's own (English) text only goes to the log.
"""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

from app.domain.sheet_table import SheetData
from app.errors import WorkbookUnreadable

log = logging.getLogger(__name__)

MAX_COLUMNS = 100  # a roster has 15-30 columns; anything right of this is a stray cell
EMPTY_RUN = 200  # this many empty rows in a row end the sheet's data
MAX_ROWS = 200_000  # members of a county are fewer
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes of all parts of an .xlsx once inflated
MAX_RATIO = 100  # inflated / packed, checked once the parts pass RATIO_FLOOR
RATIO_FLOOR = 10 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
NOT_SUPPORTED = {".et", ".ett", ".csv", ".wps", ".ods", ".txt", ".xlsb", ".numbers", ".dbf"}
SAVE_AS = ("请用 WPS 表格或 Excel 打开它，选择「文件 → 另存为」，文件类型选「Excel 工作簿 (*.xlsx)」，"
           "再导入另存的文件")


def read_workbook(path: Path) -> list[SheetData]:
    """Every worksheet (chart sheets have no cells and are left out), in workbook order."""
    path = Path(path)
    if path.suffix.lower() in NOT_SUPPORTED:
        raise WorkbookUnreadable(f"{path.name} 是 {path.suffix} 文件，只能导入 .xlsx 或 .xls。{SAVE_AS}")
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        log.info("cannot open %s: %s", path, exc)
        raise WorkbookUnreadable(f"{path.name} 无法打开（文件不存在、是文件夹或没有读取权限）") from None
    if head.startswith(_ZIP):
        return _read_xlsx(path)
    if head.startswith(_OLE):
        return _read_xls(path)
    raise WorkbookUnreadable(f"{path.name} 不是 Excel 工作簿（.xlsx 或 .xls）。{SAVE_AS}")


def read_sheet(path: Path) -> list[tuple]:
    """All rows of the first worksheet (lists with a header on row 1, such as external check lists)."""
    sheets = read_workbook(path)
    if not sheets:
        raise WorkbookUnreadable(f"{Path(path).name} 中没有工作表")
    return sheets[0].rows


def _damaged(path: Path, sheet: str, rows: int, exc: BaseException) -> WorkbookUnreadable:
    log.warning("unreadable workbook %s (sheet %r after row %d): %r", path.name, sheet, rows, exc)
    where = f"工作表「{sheet}」第 {rows} 行之后的内容" if sheet else "文件内容"
    return WorkbookUnreadable(f"{path.name} 已损坏：{where}无法读取。请在 Excel 或 WPS 中打开它（能打开时会自动修复），"
                              f"另存为 .xlsx 后再导入")


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:  # a damaged directory
        raise _damaged(path, "", 0, exc) from None
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_UNCOMPRESSED or (total > RATIO_FLOOR and total / packed > MAX_RATIO):
        raise WorkbookUnreadable(
            f"{path.name} 解压后有 {total // (1024 * 1024)} MB（是文件大小的 {total // packed} 倍），"
            f"超过导入上限（{MAX_UNCOMPRESSED // (1024 * 1024)} MB、{MAX_RATIO} 倍），可能已损坏或含有大量多余内容。"
            f"请只把花名册复制到一个新工作簿，另存为 .xlsx 后再导入")
    if any(i.flag_bits & 0x1 for i in infos):
        raise WorkbookUnreadable(f"{path.name} 设有密码，程序无法读取。请在 WPS/Excel 中取消密码后另存为 .xlsx 再导入")


def _read_xlsx(path: Path) -> list[SheetData]:
    from openpyxl.reader.excel import ExcelReader

    _check_zip(path)
    try:
        reader = ExcelReader(path, read_only=True, data_only=True)  # what openpyxl.load_workbook does, but:
        reader.read_chartsheet = lambda *_: None  # chart sheets hold no cells (and some break the reader)
        reader.read()
        wb = reader.wb
    except Exception as exc:  # noqa: BLE001 - whatever the library says, the file is not a workbook we can read
        log.warning("openpyxl cannot open %s: %r", path.name, exc)
        raise WorkbookUnreadable(f"{path.name} 不是有效的 Excel 工作簿（.xlsx）。{SAVE_AS}") from None
    out: list[SheetData] = []
    try:
        for ws in wb.worksheets:
            out.append(_xlsx_sheet(path, ws))
    finally:
        wb.close()
    return out


def _xlsx_sheet(path: Path, ws) -> SheetData:  # noqa: ANN001 - openpyxl ReadOnlyWorksheet
    rows: list[tuple] = []
    empty = 0
    try:
        ws.reset_dimensions()  # the declared A1:XFD1048576 is not the data
        for values in ws.iter_rows(values_only=True):  # each row as wide as its own last cell
            values = _trim(values[:MAX_COLUMNS])
            empty = 0 if values else empty + 1
            if empty >= EMPTY_RUN:
                break
            rows.append(values)
            _check_rows(path, ws.title, len(rows))
        merged = _xlsx_merged(ws)
    except WorkbookUnreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - truncated XML, a bad shared-string index, a bad cell
        raise _damaged(path, ws.title, len(rows), exc) from None
    return SheetData(ws.title, _strip_tail(rows), merged)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3}[0-9]{1,7}(?::[A-Za-z]{1,3}[0-9]{1,7})?)"')


def _xlsx_merged(ws) -> tuple[tuple[int, int, int, int], ...]:  # noqa: ANN001
    """Merged ranges from the sheet XML (openpyxl's read-only mode does not keep them).

    A byte scan, not a second XML parse: <mergeCell ref="A1:B2"/> elements are simple and the
    scan is several times faster than parsing the sheet again.
    """
    from openpyxl.utils.cell import range_boundaries

    out, tail = [], b""
    with ws._get_source() as src:  # noqa: SLF001 - the read-only sheet's own XML stream
        while chunk := src.read(1 << 20):
            data = tail + chunk
            last = 0
            for m in _MERGE.finditer(data):
                c1, r1, c2, r2 = range_boundaries(m.group(1).decode("ascii"))
                out.append((r1, c1, r2 or r1, c2 or c1))
                last = m.end()
            tail = data[max(last, len(data) - 200):]  # an element cut by the chunk boundary
    return tuple(out)


def _read_xls(path: Path) -> list[SheetData]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as exc:  # noqa: BLE001
        log.warning("xlrd cannot open %s: %r", path.name, exc)
        if "encrypt" in str(exc).lower() or _ole_encrypted(path):
            raise WorkbookUnreadable(f"{path.name} 设有打开密码（已加密），程序无法读取。"
                                     f"请在 WPS/Excel 中取消密码后另存为 .xlsx 再导入") from None
        raise WorkbookUnreadable(f"{path.name} 不是可读取的 Excel 工作簿（.xls），可能是 WPS 的 .et/.wps 文件"
                                 f"或已损坏。{SAVE_AS}") from None
    out = []
    try:
        for i in range(book.nsheets):
            out.append(_xls_sheet(path, book, book.sheet_by_index(i)))
    finally:
        book.release_resources()
    return out


def _xls_sheet(path: Path, book, sh) -> SheetData:  # noqa: ANN001 - xlrd Book and Sheet
    import xlrd

    rows: list[tuple] = []
    try:
        for r in range(min(sh.nrows, MAX_ROWS + 1)):
            values = []
            for c in range(min(sh.ncols, MAX_COLUMNS)):
                cell = sh.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    values.append(None)
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    values.append(_xls_date(cell.value, book.datemode))
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    values.append(xlrd.error_text_from_code.get(cell.value, "#错误"))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    values.append(bool(cell.value))
                else:
                    values.append(cell.value)
            rows.append(_trim(tuple(values)))
            _check_rows(path, sh.name, len(rows))
        merged = tuple((rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sh.merged_cells)
    except WorkbookUnreadable:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _damaged(path, sh.name, len(rows), exc) from None
    return SheetData(sh.name, _strip_tail(rows), merged)


def _xls_date(value: float, datemode: int) -> object:
    import xlrd

    try:
        return xlrd.xldate.xldate_as_datetime(value, datemode)
    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
        return value  # not a real date: the number itself, refused where a date or month is expected


def _ole_encrypted(path: Path) -> bool:
    """An encrypted .xlsx is an OLE file holding an EncryptedPackage stream."""
    try:
        with path.open("rb") as f:
            data = f.read(4 * 1024 * 1024)
    except OSError:
        return False
    return "EncryptedPackage".encode("utf-16-le") in data


def _check_rows(path: Path, sheet: str, n: int) -> None:
    if n > MAX_ROWS:
        raise WorkbookUnreadable(f"{path.name} 的工作表「{sheet}」超过 {MAX_ROWS} 行，不像一份花名册；"
                                 f"请只保留花名册的行后再导入")


def _trim(values: tuple) -> tuple:
    n = len(values)
    while n and (values[n - 1] is None or values[n - 1] == ""):
        n -= 1
    return tuple(values[:n])


def _strip_tail(rows: list[tuple]) -> list[tuple]:
    while rows and not rows[-1]:
        rows.pop()
    return rows

