"""Finding the roster table in a workbook as offices keep it (SPEC §7.1), independent of the file format.

A reader turns a file into `SheetData` (cell values by real sheet row, merged ranges); this module
finds the header (any of the first 10 rows, one or two rows, through known synonyms), fills cells
merged down over member rows, and skips blank, 合计/小计 and signature rows. Every `Record` keeps
the real sheet row number and the header as written, so a message names what the clerk sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.domain.canonical import compact
from app.errors import RowProblem

HEADER_ROWS = 10  # the header may stand in any of the first rows of a sheet
MIN_FIELDS = 5  # a row matching fewer known columns is not taken for the header

# field (the SPEC §7 column) -> other headers offices write for it
SYNONYMS: dict[str, tuple[str, ...]] = {
    "村(社区)": ("村(社区)", "村(居)", "村(居委会)", "村", "社区", "村名", "所在村", "村(社区)名称", "村居", "村别"),
    "户编号": ("户编号", "户号", "家庭编号", "户代码", "家庭户号"),
    "姓名": ("姓名", "成员姓名", "家庭成员姓名", "户主姓名", "保障对象姓名", "救助对象姓名"),
    "身份证号": ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证", "证件号码"),
    "与户主关系": ("与户主关系", "与户主的关系", "家庭关系", "关系", "与户主关系(称谓)"),
    "救助类别": ("救助类别", "保障类别", "救助类型", "保障类型", "救助项目", "类别", "对象类别"),
    "月收入(元)": ("月收入(元)", "月收入", "个人月收入", "月均收入"),
    "残疾等级": ("残疾等级", "残疾级别", "残疾程度"),
    "重病": ("重病", "是否重病", "重病患者", "是否重病患者", "大病"),
    "自理能力缺失项数": ("自理能力缺失项数", "缺失项数", "自理能力缺失项", "生活自理能力缺失项数"),
    "开户行": ("开户行", "开户银行", "开户银行名称", "银行名称", "代发银行"),
    "银行账号": ("银行账号", "银行卡号", "银行帐号", "账号", "帐号", "卡号", "存折号", "存折账号", "社保卡号"),
    "联系电话": ("联系电话", "电话", "电话号码", "手机", "手机号", "手机号码", "联系方式"),
    "纳入年月": ("纳入年月", "纳入时间", "享受年月", "起始年月", "保障起始年月", "开始享受时间", "纳入保障时间"),
    "月救助金(元)": ("月救助金(元)", "月救助金", "月保障金", "月保障金额", "保障金额", "救助金额", "月发放金额",
                 "月享受金额", "享受金额", "发放金额"),
}
FIELDS = tuple(SYNONYMS)
_UNIT = re.compile(r"\((元|元/月|元/人/月|元/户/月|元/人|元/户|人民币元)\)$|\*")
FOOTER_STARTS = ("合计", "小计", "总计", "共计", "注:", "注1", "说明", "备注", "填表说明", "填报说明")
SIGNATURE_WORDS = ("经办人", "审核人", "负责人", "制表", "填表", "审批人", "复核人", "盖章")


def header_key(text: object) -> str:
    """A header as compared: NFKC, no spaces, full/half-width brackets alike, no "(元)" unit."""
    return _UNIT.sub("", compact(text))


_FIELD_OF = {header_key(s): f for f, words in SYNONYMS.items() for s in words}


@dataclass(frozen=True)
class SheetProblem(RowProblem):
    """A RowProblem that also names its sheet (a workbook can hold several)."""

    sheet: str = ""

    def __str__(self) -> str:
        return (f"工作表「{self.sheet}」" if self.sheet else "") + super().__str__()


@dataclass(frozen=True)
class SheetData:
    """A worksheet as a reader saw it: rows[0] is sheet row 1; merged ranges (r1, c1, r2, c2), 1-based."""

    name: str
    rows: list[tuple]
    merged: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class Header:
    sheet: str
    first_row: int  # sheet row of the header's first row
    last_row: int  # data starts below this row
    labels: dict[int, str]  # 0-based column -> the header as written (two-row: the lower cell)
    columns: dict[str, int] = field(default_factory=dict)  # field -> 0-based column
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # field -> its several headers


@dataclass(frozen=True)
class Record:
    """One data row: field -> raw cell value, with where each value came from."""

    sheet: str
    row: int
    values: dict[str, object]
    labels: dict[str, str]  # field -> header as written
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)  # field -> (sheet, row) if joined

    def get(self, name: str) -> object:
        return self.values.get(name)

    def where(self, name: str) -> tuple[str, int, str]:
        sheet, row = self.origins.get(name, (self.sheet, self.row))
        return sheet, row, self.labels.get(name, name)


def _text(v: object) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        v = int(v)
    return compact(v)


class Grid:
    """Cell values with merged ranges filled from their top-left cell (only where asked)."""

    def __init__(self, sheet: SheetData) -> None:
        self.sheet = sheet
        self.width = max((len(r) for r in sheet.rows), default=0)
        self._filled: dict[tuple[int, int], object] = {}
        self._covered: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in sheet.merged:
            r2, c2 = min(r2, len(sheet.rows)), min(c2, self.width)  # a stray huge range stops at the data
            top = self.raw(r1, c1)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self._filled[(r, c)] = top
                        self._covered[(r, c)] = (r1, c1)

    def raw(self, row: int, col: int) -> object:
        """1-based row and column, as written (None inside a merged range)."""
        if 1 <= row <= len(self.sheet.rows):
            values = self.sheet.rows[row - 1]
            if 1 <= col <= len(values):
                return values[col - 1]
        return None

    def value(self, row: int, col: int) -> object:
        return self._filled.get((row, col), self.raw(row, col))

    def merged_from_above(self, row: int, col: int) -> bool:
        top = self._covered.get((row, col))
        return top is not None and top[0] < row


def _match(labels: dict[int, str], wanted: dict[str, tuple[str, ...]] | None = None
           ) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Columns for each field: an exact field name wins over a synonym; two synonyms are a duplicate."""
    keys = {header_key(s): f for f, words in wanted.items() for s in words} if wanted else _FIELD_OF
    found: dict[str, list[int]] = {}
    for col, label in labels.items():
        name = keys.get(header_key(label))
        if name:
            found.setdefault(name, []).append(col)
    columns, duplicates = {}, {}
    for name, cols in found.items():
        exact = [c for c in cols if header_key(labels[c]) == header_key(name)] if not wanted else cols
        chosen = exact if exact else cols
        columns[name] = chosen[0]
        if len(chosen) > 1:
            duplicates[name] = [labels[c] for c in chosen]
    return columns, duplicates


def _labels(grid: Grid, row: int, two: bool) -> dict[int, str]:
    out = {}
    for c in range(1, grid.width + 1):
        top = _text(grid.value(row, c))
        low = _text(grid.value(row + 1, c)) if two and not grid.merged_from_above(row + 1, c) else ""
        if low or top:
            out[c - 1] = low or top
    return out


def find_header(sheet: SheetData, wanted: dict[str, tuple[str, ...]] | None = None,
                header_row: int | None = None) -> Header | None:
    """The best header in the first rows (or at `header_row`): most known columns, one row before two."""
    grid = Grid(sheet)
    rows = [header_row] if header_row else range(1, min(HEADER_ROWS, len(sheet.rows)) + 1)
    best: tuple[tuple[int, bool, int], Header] | None = None
    grouped = {r1 for r1, c1, r2, c2 in sheet.merged if r2 > r1 or c2 > c1}  # rows with merged cells
    for r in rows:
        for two in (False, True) if r in grouped else (False,):  # a two-row header has merged cells on top
            labels = _labels(grid, r, two)
            columns, dups = _match(labels, wanted)
            rank = (len(columns), -r, not two)  # most columns; then the first row; then one row, not two
            if best is None or rank > best[0]:
                best = (rank, Header(sheet.name, r, r + int(two), labels, columns, dups))
    need = 1 if wanted else MIN_FIELDS
    return best[1] if best and best[0][0] >= need else None


def _is_footer(texts: list[str]) -> bool:
    return any(t.startswith(FOOTER_STARTS) or any(w in t for w in SIGNATURE_WORDS) for t in texts if t)


def records(sheet: SheetData, header: Header, key_field: str = "身份证号") -> list[Record]:
    """Data rows below the header; blank rows, and 合计/小计, signature and note rows, are skipped.

    A footer row is only skipped when its `key_field` cell holds no real key, so a data row is never
    dropped: one without an ID is reported, not passed over.
    """
    grid = Grid(sheet)
    labels = {name: header.labels[col] for name, col in header.columns.items()}
    out = []
    for r in range(header.last_row + 1, len(sheet.rows) + 1):
        values = {name: grid.value(r, col + 1) for name, col in header.columns.items()}
        if all(v is None or isinstance(v, str) and _text(v) == "" for v in values.values()):
            continue
        if not _holds_key(values.get(key_field), key_field) and _is_footer(
                [_text(grid.value(r, c)) for c in range(1, grid.width + 1)]):
            continue
        out.append(Record(sheet.name, r, values, labels))
    return out


def _holds_key(value: object, key_field: str) -> bool:
    """Whether a row's key cell holds a real key ("132人" or "负责人：" in the ID column of a 合计 row do not)."""
    text = _text(value)
    if not text or _is_footer([text]):
        return False
    return key_field != "身份证号" or sum(ch.isdigit() for ch in text) >= 6


def not_found_reason(sheets: list[SheetData]) -> str:
    """What was searched and what was expected, when no sheet has a header."""
    where = "、".join(f"「{s.name}」" for s in sheets) or "（无工作表）"
    expected = "、".join(FIELDS)
    return (f"在工作表 {where} 的前 {HEADER_ROWS} 行中没有找到花名册表头（至少应有 {MIN_FIELDS} 个已知列）。"
            f"应有的列：{expected}；也可写作 户主姓名、身份证号码、保障类别、银行卡号、月保障金 等。"
            "请检查表头文字，或在图形界面的「导入花名册…」中指定列映射")
