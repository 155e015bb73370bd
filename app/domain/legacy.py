"""The legacy roster template (SPEC §7): columns and row validation, independent of xlsx."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain import limits
from app.domain.ids import normalize_id
from app.domain.money import yuan_to_fen
from app.domain.registry import RELATIONS, MemberInput
from app.errors import IdNumberError, RowProblem

COLUMNS = ("村(社区)", "户编号", "姓名", "身份证号", "与户主关系", "救助类别", "月收入(元)", "残疾等级", "重病",
           "自理能力缺失项数", "开户行", "银行账号", "联系电话", "纳入年月", "月救助金(元)")
CATEGORIES = {"城市低保": "urban_dibao", "农村低保": "rural_dibao", "城市特困": "urban_tekun",
              "农村特困": "rural_tekun", "无": ""}
DIBAO = {"urban_dibao", "rural_dibao"}


@dataclass
class LegacyMember:
    row: int
    member: MemberInput
    program: str  # "" or a program key
    start_month: str | None
    amount_fen: int


@dataclass
class LegacyHousehold:
    legacy_no: str
    village: str
    rows: list[LegacyMember] = field(default_factory=list)
    bank_name: str = ""
    bank_account: str = ""
    phone: str = ""

    @property
    def head(self) -> LegacyMember:
        return next(m for m in self.rows if m.member.relation == "本人")

    @property
    def hukou_type(self) -> str:
        programs = [m.program for m in self.rows if m.program]
        if programs:
            return "城镇" if programs[0].startswith("urban") else "农业"
        return "城镇" if self.village.endswith("社区") else "农业"


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _int_in(v: object, lo: int, hi: int, what: str) -> int:
    if v is None or _text(v) == "":
        return 0
    try:
        n = float(_text(v))
    except ValueError:
        raise ValueError(f"{what}应为 {lo}-{hi} 的整数，实为「{_text(v)}」") from None
    if not n.is_integer() or not lo <= n <= hi:
        raise ValueError(f"{what}应为 {lo}-{hi} 的整数，实为「{_text(v)}」")
    return int(n)


def _month(v: object) -> str | None:
    if v is None or _text(v) == "":
        return None
    if isinstance(v, datetime | date):
        return f"{v.year:04d}-{v.month:02d}"
    t = _text(v)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", t)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"应为 YYYY-MM 格式的年月，实为「{t}」")
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"


def _money(v: object) -> int:
    if isinstance(v, bool) or isinstance(v, datetime | date):
        raise ValueError(f"应为非负金额，实为「{_text(v)}」")
    return yuan_to_fen(v)


def header_problems(header: list[object]) -> tuple[dict[str, int], list[RowProblem]]:
    """Map each column to its index; a missing or duplicated column is a problem on row 1."""
    names = [_text(h) for h in header]
    problems = [RowProblem(1, c, "缺少此列") for c in COLUMNS if c not in names]
    problems += [RowProblem(1, c, "此列重复") for c in COLUMNS if names.count(c) > 1]
    return {c: names.index(c) for c in COLUMNS if c in names}, problems


def _cell(problems: list[RowProblem], row: int, column: str, fn, value):  # noqa: ANN001
    try:
        return fn(value)
    except ValueError as exc:
        problems.append(RowProblem(row, column, str(exc)))
    except IdNumberError as exc:
        problems.append(RowProblem(row, column, str(exc.params["detail"])))
    return None


def parse_row(rownum: int, get, problems: list[RowProblem]) -> tuple[str, str, dict, LegacyMember] | None:  # noqa: ANN001
    """One sheet row -> (户编号, village, bank/phone fields, member); problems are appended."""
    before = len(problems)
    hh_no, village, name = _text(get("户编号")), _text(get("村(社区)")), _text(get("姓名"))
    for col, val in (("户编号", hh_no), ("村(社区)", village), ("姓名", name)):
        if not val:
            problems.append(RowProblem(rownum, col, "不能为空"))
    info = _cell(problems, rownum, "身份证号", normalize_id, get("身份证号"))
    relation = _text(get("与户主关系"))
    if relation not in RELATIONS:
        problems.append(RowProblem(rownum, "与户主关系", f"应为 {'/'.join(RELATIONS)} 之一，实为「{relation}」"))
    category = _text(get("救助类别")) or "无"
    if category not in CATEGORIES:
        problems.append(RowProblem(rownum, "救助类别", f"应为 {'/'.join(CATEGORIES)} 之一，实为「{category}」"))
    income = _cell(problems, rownum, "月收入(元)", _money, get("月收入(元)"))
    grade = _cell(problems, rownum, "残疾等级", lambda v: _int_in(v, 0, 4, "残疾等级"), get("残疾等级"))
    selfcare = _cell(problems, rownum, "自理能力缺失项数", lambda v: _int_in(v, 0, 6, "缺失项数"),
                     get("自理能力缺失项数"))
    ill = _text(get("重病")) or "否"
    if ill not in ("是", "否"):
        problems.append(RowProblem(rownum, "重病", f"应为 是 或 否，实为「{ill}」"))
    month = _cell(problems, rownum, "纳入年月", _month, get("纳入年月"))
    amount = _cell(problems, rownum, "月救助金(元)", _money, get("月救助金(元)"))
    account = _text(get("银行账号"))
    if account and not account.isdigit():
        problems.append(RowProblem(rownum, "银行账号", f"只能包含数字，实为「{account}」"))
    problems.extend(RowProblem(rownum, col, why) for col, why in limits.column_problems(
        {c: _text(get(c)) for c in limits.IMPORT_COLUMNS}))  # the limits the county's batch format has
    if len(problems) > before:
        return None
    member = MemberInput(name=name, id_number=info.number, relation=relation, disability_grade=grade,
                         serious_illness=ill == "是", selfcare_items_failed=selfcare,
                         incomes={"工资性": income} if income else {})
    extras = {"bank_name": _text(get("开户行")), "bank_account": account, "phone": _text(get("联系电话"))}
    return hh_no, village, extras, LegacyMember(rownum, member, CATEGORIES[category], month, amount or 0)


def parse_sheet(rows: list[tuple]) -> tuple[list[LegacyHousehold], list[RowProblem]]:
    """All rows of the sheet (row 1 = header) -> households, or every problem found."""
    if not rows:
        return [], [RowProblem(1, "", "工作表为空")]
    index, problems = header_problems(list(rows[0]))
    if problems:
        return [], problems
    households: dict[str, LegacyHousehold] = {}
    seen_ids: dict[str, int] = {}
    for rownum, values in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in values):
            continue
        parsed = parse_row(rownum, lambda c, v=values: v[index[c]] if index[c] < len(v) else None, problems)
        if parsed is None:
            continue
        hh_no, village, extras, lm = parsed
        if lm.member.id_number in seen_ids:
            problems.append(RowProblem(rownum, "身份证号", f"与第 {seen_ids[lm.member.id_number]} 行重复"))
        seen_ids.setdefault(lm.member.id_number, rownum)
        hh = households.setdefault(hh_no, LegacyHousehold(hh_no, village))
        if hh.village != village:
            problems.append(RowProblem(rownum, "村(社区)", f"同一户编号 {hh_no} 的村(社区)不一致"))
        if lm.member.relation == "本人":
            hh.bank_name, hh.bank_account, hh.phone = extras["bank_name"], extras["bank_account"], extras["phone"]
        hh.rows.append(lm)
    for hh in households.values():
        problems.extend(household_problems(hh))
    return list(households.values()), sorted(problems, key=lambda p: (p.row, p.column))


def household_problems(hh: LegacyHousehold) -> list[RowProblem]:
    """Rules across the rows of one household (head, categories, start month, amounts)."""
    heads = [m for m in hh.rows if m.member.relation == "本人"]
    if len(heads) != 1:
        where = heads[1:] if heads else hh.rows[:1]
        return [RowProblem(m.row, "与户主关系", f"户编号 {hh.legacy_no} 应恰好有一名「本人」，现有 {len(heads)} 名")
                for m in where]
    head, out = heads[0], []
    for m in hh.rows:
        if m.program in DIBAO and m is not head and m.program != head.program:
            out.append(RowProblem(m.row, "救助类别", f"低保类别应与户主行（{_name(head.program)}）一致"))
        if m.program and (m is head or m.program not in DIBAO):
            if not m.start_month:
                out.append(RowProblem(m.row, "纳入年月", f"{_name(m.program)}必须填写纳入年月"))
            if not m.amount_fen:
                out.append(RowProblem(m.row, "月救助金(元)", f"{_name(m.program)}必须填写月救助金"))
    return out


def _name(key: str) -> str:
    return next((n for n, k in CATEGORIES.items() if k == key), "无")
