"""Lists from other offices and the monitoring settings (SPEC §13): import, kept records, settings.

A list is read as the real-spreadsheet importer reads a roster (SPEC §7.1: the header in any of the
first rows of any sheet, synonyms, merged cells, 合计 and signature rows skipped, numbers that lost
digits refused); at least 姓名 and 身份证号, with 日期, 金额, 备注 and 事项 where present (a SPEC §6
external list, 姓名 / 身份证号 / 事项 / 日期, is read as it is: each row's 事项 narrows the list's kind). The import is all
or nothing and is kept: who, when, the file's SHA-256, the rows. The same file is not imported twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from app.domain import canonical
from app.domain import monitoring as dom
from app.domain.months import parse_month
from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.domain.sheet_table import HEADER_ROWS, find_header, records
from app.errors import Conflict, ImportRejected, InvalidInput, RowProblem
from app.models import MonitorImport, MonitorListed
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.standards import put_setting, settings_in_force
from app.services.workbook import read_workbook

REQUIRED = ("姓名", "身份证号")
PREFIX = "monitor."


@dataclass(frozen=True)
class ListImported:
    id: int | None  # None on a dry run
    kind: str
    rows: int
    sheet: str
    sha256: str
    dry_run: bool


@dataclass(frozen=True)
class ImportRow:
    id: int
    kind: str
    file_name: str
    sha256: str
    rows: int
    sheet: str
    imported_by: str
    imported_at: datetime


def _table(path: Path) -> tuple[list, str]:
    sheets = read_workbook(path)
    for sheet in sheets:
        header = find_header(sheet, dom.LIST_SYNONYMS)
        if header and all(f in header.columns for f in REQUIRED):
            return records(sheet, header), f"「{sheet.name}」（表头第 {header.first_row} 行）"
    where = "、".join(f"「{s.name}」" for s in sheets) or "（无工作表）"
    raise ImportRejected([RowProblem(0, "", f"在工作表 {where} 的前 {HEADER_ROWS} 行中没有找到名单表头："
                                             f"至少应有「姓名」和「身份证号」两列（也可写作 身份证号码、公民身份号码）")])


def import_list(uow: UnitOfWork, actor: Actor, path: Path, kind: str, *, dry_run: bool = False,
                today: date | None = None) -> ListImported:
    """Validate the whole list, then keep it (one transaction) or nothing."""
    require_role(actor, *CLERK_ROLES)
    kind = canonical.text(kind)
    if not kind or len(kind) > 40:
        raise InvalidInput(f"名单类别：必须填写，不超过 40 字（如 {'、'.join(dom.LIST_KINDS[:4])}）")
    path = Path(path)
    recs, where = _table(path)
    entries, problems = dom.parse_listed(recs, today or date.today())
    if problems:
        raise ImportRejected(problems)
    if not entries:
        raise ImportRejected([RowProblem(0, "", f"工作表{where}的表头下面没有数据行")])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with uow.begin() as s:
        same = s.scalar(select(MonitorImport).where(MonitorImport.sha256 == digest))
        if same:
            raise Conflict(f"此文件已于 {same.imported_at:%Y-%m-%d %H:%M} 由 {same.imported_by} 导入"
                           f"（导入记录 {same.id}，{same.kind}，{same.rows} 行），未重复导入")
        if dry_run:
            return ListImported(None, kind, len(entries), where, digest, True)
        imp = MonitorImport(kind=kind, file_name=path.name[:255], sha256=digest, rows=len(entries),
                            sheet=where[:200], imported_by=actor.name)
        imp.entries = [MonitorListed(row=e.row, name=e.name[:50], id_number=e.id_number, day=e.day,
                                     amount_fen=e.amount_fen, note=e.note[:500], matter=e.matter)
                       for e in entries]
        s.add(imp)
        s.flush()
        audit.append(s, actor, "monitor.import", "monitor_import", imp.id,
                     after={"kind": kind, "file": imp.file_name, "sha256": digest, "rows": len(entries)})
        return ListImported(imp.id, kind, len(entries), where, digest, False)


def list_imports(uow: UnitOfWork) -> list[ImportRow]:
    with uow.read() as s:
        q = select(MonitorImport).order_by(MonitorImport.id)
        return [ImportRow(r.id, r.kind, r.file_name, r.sha256, r.rows, r.sheet, r.imported_by, r.imported_at)
                for r in s.scalars(q)]


def listed_count(uow: UnitOfWork) -> int:
    with uow.read() as s:
        return s.scalar(select(func.count(MonitorListed.id))) or 0


def _checked(name: str, value: object) -> object:
    default = dom.DEFAULTS[name]
    text = canonical.compact(value)
    if isinstance(default, bool):
        if text in ("on", "true", "1", "是", "开", "开启", "True"):
            return True
        if text in ("off", "false", "0", "否", "关", "关闭", "False"):
            return False
        raise InvalidInput(f"{name}：应为 开/关（on/off），实为「{text}」")
    if isinstance(default, int):
        if not text.isdigit() or int(text) > 10**9:
            raise InvalidInput(f"{name}：应为非负整数，实为「{text}」")
        return int(text)
    try:
        number = float(text)
    except ValueError:
        raise InvalidInput(f"{name}：应为数值（如 1.5），实为「{text}」") from None
    if not 0 < number <= 10:
        raise InvalidInput(f"{name}：应在 0 至 10 之间，实为「{text}」")
    return text


def set_monitor_setting(uow: UnitOfWork, actor: Actor, name: str, value: object,
                        effective_month: str = "2000-01") -> None:
    """A rule switch or a threshold from a month on (earlier months keep theirs); admin only."""
    require_role(actor, "admin")
    if name not in dom.DEFAULTS:
        raise InvalidInput(f"未知的监测设置：{name}（可用：{'、'.join(dom.DEFAULTS)}）")
    value = _checked(name, value)
    month = parse_month(effective_month, "生效年月")
    key = PREFIX + name
    with uow.begin() as s:
        put_setting(s, actor, key, value, month)


def monitor_settings(uow: UnitOfWork, month: str) -> dict[str, object]:
    """Every monitoring setting in force in `month` (name without the prefix -> value)."""
    with uow.read() as s:
        values = settings_in_force(s, month)
    return {name: dom.setting(values, name) for name in dom.DEFAULTS}
