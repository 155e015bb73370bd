"""Which column holds which field (SPEC §7.1 Mapping): found by the header rules or chosen by the clerk.

A `Mapping` names, for the member sheet and optionally a one-row-per-household sheet, the sheet,
its header row and the header text of each field's column. Household-level fields taken from
the household sheet are joined to the members by 户编号. Applying a mapping gives the same
`Record`s as the header search does, so the row rules are one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain import canonical, vocab
from app.domain.sheet_table import (
    FIELDS,
    HEADER_ROWS,
    Header,
    Record,
    SheetData,
    SheetProblem,
    find_header,
    records,
)
from app.errors import RowProblem

REQUIRED = ("村(社区)", "户编号", "姓名", "身份证号", "与户主关系", "救助类别", "纳入年月", "月救助金(元)")
OPTIONAL = tuple(f for f in FIELDS if f not in REQUIRED)  # not in the file: blank for every row
# fields a household sheet may carry; 村(社区) and 救助类别 apply to every member, the rest to the head
HOUSEHOLD_FIELDS = ("户编号", "村(社区)", "救助类别", "开户行", "银行账号", "联系电话", "纳入年月", "月救助金(元)")
ALL_ROWS = ("村(社区)", "救助类别")


@dataclass(frozen=True)
class SheetMapping:
    sheet: str
    header_row: int = 0  # 0: search the first rows
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written

    def to_json(self) -> dict:
        return {"sheet": self.sheet, "header_row": self.header_row, "columns": dict(self.columns)}

    @classmethod
    def from_json(cls, data: dict) -> SheetMapping:
        columns = {str(k): canonical.text(v) for k, v in dict(data.get("columns") or {}).items() if v}
        return cls(canonical.text(data.get("sheet")), int(data.get("header_row") or 0), columns)


@dataclass(frozen=True)
class Mapping:
    members: SheetMapping
    households: SheetMapping | None = None

    def to_json(self) -> dict:
        return {"members": self.members.to_json(),
                "households": self.households.to_json() if self.households else None}

    @classmethod
    def from_json(cls, data: dict) -> Mapping:
        hh = data.get("households")
        return cls(SheetMapping.from_json(data["members"]), SheetMapping.from_json(hh) if hh else None)


def mapping_from_header(header: Header) -> SheetMapping:
    return SheetMapping(header.sheet, header.first_row,
                        {name: header.labels[col] for name, col in header.columns.items()})


def auto_table(sheets: list[SheetData]) -> tuple[SheetData, Header] | None:
    """The first sheet whose first rows hold a roster header."""
    for sheet in sheets:
        header = find_header(sheet)
        if header is not None:
            return sheet, header
    return None


def _locate(sheets: list[SheetData], sm: SheetMapping) -> tuple[SheetData, Header] | RowProblem:
    wanted = {name: (label,) for name, label in sm.columns.items() if label}
    labels = [label for (label,) in wanted.values()]
    twice = sorted({label for label in labels if labels.count(label) > 1})
    if twice:
        fields = "、".join(f"「{n}」" for n, (label,) in wanted.items() if label in twice)
        return RowProblem(0, "", f"映射中{fields}都指向列「{'」「'.join(twice)}」，一列只能对应一个字段")
    named = [s for s in sheets if s.name == sm.sheet]
    for sheet in named + [s for s in sheets if s not in named]:  # a renamed sheet is still found
        header = find_header(sheet, wanted, sm.header_row or None)
        if header is not None and len(header.columns) == len(wanted):
            return sheet, header
    near = (named or sheets)[:1]
    header = find_header(near[0], wanted, sm.header_row or None) if near else None
    missing = "、".join(f"「{lab}」" for name, (lab,) in wanted.items() if not header or name not in header.columns)
    row = f"第 {sm.header_row} 行" if sm.header_row else f"前 {HEADER_ROWS} 行"
    where = f"工作表「{near[0].name}」" if near else "文件"
    return RowProblem(0, "", f"{where}的{row}中找不到映射的列 {missing}，其他工作表也没有这些列"
                             f"（映射是按工作表「{sm.sheet}」保存的，请检查文件或重新设置映射）")


def apply_mapping(sheets: list[SheetData], mapping: Mapping) -> tuple[list[Record], list[str], list[RowProblem]]:
    """Records by the mapping, the sheets used (for the report), and problems with the mapping itself."""
    found = _locate(sheets, mapping.members)
    if isinstance(found, RowProblem):
        return [], [], [found]
    sheet, header = found
    recs = records(sheet, header)
    used = [f"「{sheet.name}」（表头第 {header.first_row} 行）"]
    mapped = set(header.columns)
    if mapping.households:
        hfound = _locate(sheets, mapping.households)
        if isinstance(hfound, RowProblem):
            return [], used, [hfound]
        hsheet, hheader = hfound
        used.append(f"「{hsheet.name}」（表头第 {hheader.first_row} 行）")
        recs, problems = _join(recs, records(hsheet, hheader, key_field="户编号"), hheader)
        mapped |= set(hheader.columns)
        if problems:
            return [], used, problems
    missing = [SheetProblem(header.first_row, name, "映射中没有指定此列", sheet.name)
               for name in REQUIRED if name not in mapped]
    return recs, used, missing


def _join(members: list[Record], households: list[Record], hheader: Header
          ) -> tuple[list[Record], list[RowProblem]]:
    problems: list[RowProblem] = []
    by_no: dict[str, Record] = {}
    for h in households:
        no = canonical.text(h.get("户编号"))
        if not no:
            problems.append(SheetProblem(h.row, h.labels.get("户编号", "户编号"), "不能为空", h.sheet))
        elif no in by_no:
            problems.append(SheetProblem(h.row, h.labels["户编号"], f"户编号 {no} 与第 {by_no[no].row} 行重复", h.sheet))
        else:
            by_no[no] = h
    out, used = [], set()
    fields = [f for f in hheader.columns if f != "户编号"]
    for m in members:
        no = canonical.text(m.get("户编号"))
        h = by_no.get(no)
        if h is None:
            label = m.labels.get("户编号", "户编号")
            problems.append(SheetProblem(m.row, label, f"户编号 {no or '（空）'} 在工作表「{hheader.sheet}」中没有", m.sheet))
            continue
        used.add(no)
        values, labels, origins = dict(m.values), dict(m.labels), {}
        is_head = _is_head(m.get("与户主关系"))
        for name in fields:
            if name in m.values and canonical.text(m.values[name]) != "":
                continue  # the member sheet's own value wins
            if name in ALL_ROWS or is_head:
                values[name], labels[name], origins[name] = h.get(name), h.labels[name], (h.sheet, h.row)
        out.append(Record(m.sheet, m.row, values, labels, origins))
    for no, h in by_no.items():
        if no not in used:
            problems.append(SheetProblem(h.row, h.labels["户编号"], f"户编号 {no} 在成员表中没有任何成员", h.sheet))
    return out, problems


def _is_head(value: object) -> bool:
    try:
        return vocab.relation(value) == "本人"
    except ValueError:
        return False
