"""Column mappings for the roster import (SPEC §7.1 Mapping): preview a file, save and list mappings.

A mapping is saved per township by name, as JSON in the `setting` table under
"import_mapping:<name>", so a clerk who mapped this month's 花名册 once reuses it next month
(GUI, or `jiuzhu household import F --mapping NAME`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.domain import canonical
from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.domain.sheet_table import FIELDS, SheetData, find_header
from app.domain.table_mapping import Mapping, SheetMapping, auto_table, mapping_from_header
from app.errors import InvalidInput, NotFound
from app.models import Setting
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.workbook import read_workbook

KEY_PREFIX = "import_mapping:"
MAX_NAME = 40
MAX_JSON = 1000  # the setting value column
PREVIEW_ROWS = 8


@dataclass(frozen=True)
class SheetPreview:
    """One sheet as the mapping dialog shows it."""

    sheet: str
    header_row: int  # 0 when no header was found
    labels: list[str]  # header text per column, in column order ("" for an empty header cell)
    rows: list[list[str]]  # the first data rows below the header, as text
    mapping: SheetMapping  # field -> header, pre-filled by the header rules
    found: bool = True


@dataclass(frozen=True)
class Preview:
    path: str
    sheets: list[str]
    chosen: SheetPreview  # the sheet the header rules would read (else the first)
    others: dict[str, SheetPreview] = field(default_factory=dict)  # every sheet by name
    data: dict[str, SheetData] = field(default_factory=dict)  # the cells, to preview another header row


def _text(v: object) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        v = int(v)
    return canonical.text(v)


def sheet_preview(sheet: SheetData, header_row: int | None = None, count: int = PREVIEW_ROWS) -> SheetPreview:
    """The header found (or the row given) and the first rows below it."""
    header = find_header(sheet, header_row=header_row) if header_row else find_header(sheet)
    if header is None:  # no known columns: show the first filled row as the header, map nothing
        first = header_row or next((i for i, r in enumerate(sheet.rows, 1) if any(_text(v) for v in r)), 1)
        width = max((len(r) for r in sheet.rows[:first + count]), default=0)
        labels = [_text(v) for v in (sheet.rows[first - 1] if first <= len(sheet.rows) else ())]
        labels += [""] * (width - len(labels))
        body = sheet.rows[first:first + count]
        return SheetPreview(sheet.name, first, labels, [[_text(v) for v in r] for r in body],
                            SheetMapping(sheet.name, first, {}), found=False)
    width = max(header.labels, default=-1) + 1
    labels = [header.labels.get(c, "") for c in range(width)]
    body = sheet.rows[header.last_row:header.last_row + count]
    rows = [[_text(r[c]) if c < len(r) else "" for c in range(width)] for r in body]
    return SheetPreview(sheet.name, header.first_row, labels, rows, mapping_from_header(header))


def preview_file(path: Path) -> Preview:
    """Every sheet's preview; `chosen` is the one the import would read without a mapping."""
    sheets = read_workbook(Path(path))
    if not sheets:
        raise InvalidInput(f"{Path(path).name} 中没有工作表")
    found = auto_table(sheets)
    previews = {s.name: sheet_preview(s) for s in sheets}
    chosen = previews[found[0].name] if found else previews[sheets[0].name]
    return Preview(str(path), [s.name for s in sheets], chosen, previews, {s.name: s for s in sheets})


def _key(name: str) -> str:
    name = canonical.text(name)
    if not name:
        raise InvalidInput("映射名称不能为空")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"映射名称最多 {MAX_NAME} 个字，实为 {len(name)} 个")
    return KEY_PREFIX + name


def _check(mapping: Mapping) -> None:
    for sm in filter(None, (mapping.members, mapping.households)):
        unknown = [f for f in sm.columns if f not in FIELDS]
        if unknown:
            raise InvalidInput(f"映射中有未知的字段：{'、'.join(unknown)}")
    if "户编号" not in mapping.members.columns:
        raise InvalidInput("成员表必须指定「户编号」所在的列")
    if mapping.households and "户编号" not in mapping.households.columns:
        raise InvalidInput("家庭表必须指定「户编号」所在的列，才能与成员表对应")


def save_mapping(uow: UnitOfWork, actor: Actor, name: str, mapping: Mapping) -> str:
    """Save (or replace) a mapping under `name`; audited. Returns the name as stored."""
    require_role(actor, *CLERK_ROLES)
    key = _key(name)
    _check(mapping)
    value = json.dumps(mapping.to_json(), ensure_ascii=False, separators=(",", ":"))
    if len(value) > MAX_JSON:
        raise InvalidInput(f"映射内容过长（{len(value)} 字，最多 {MAX_JSON} 字），请缩短表头文字")
    with uow.begin() as s:
        row = s.scalar(select(Setting).where(Setting.key == key))
        before = json.loads(row.value) if row else None
        if row is None:
            row = Setting(key=key, value=value, effective_month="2000-01")
            s.add(row)
        row.value = value
        audit.append(s, actor, "import_mapping.save", "setting", None, before=before, after=mapping.to_json(),
                     note=key[len(KEY_PREFIX):])
    return key[len(KEY_PREFIX):]


def load_mapping(uow: UnitOfWork, name: str) -> Mapping:
    key = _key(name)
    with uow.read() as s:
        value = s.scalar(select(Setting.value).where(Setting.key == key))
    if value is None:
        names = "、".join(list_mappings(uow)) or "（尚未保存任何映射）"
        raise NotFound(f"没有名为「{canonical.text(name)}」的导入映射；已保存的映射：{names}")
    try:
        return Mapping.from_json(json.loads(value))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InvalidInput(f"导入映射「{canonical.text(name)}」已损坏，请在图形界面中重新保存") from None


def list_mappings(uow: UnitOfWork) -> list[str]:
    with uow.read() as s:
        keys = s.scalars(select(Setting.key).where(Setting.key.like(KEY_PREFIX + "%")).order_by(Setting.key))
        return [k[len(KEY_PREFIX):] for k in keys if k.startswith(KEY_PREFIX)]
