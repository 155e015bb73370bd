"""The legacy roster (SPEC §7, §7.1): row validation and household rules, independent of the file format."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain import canonical, limits, vocab
from app.domain.accounts import LOST_DIGITS, LUHN_WARNING, lost_digits, luhn_ok
from app.domain.ids import IdInfo, normalize_id
from app.domain.programs import CASE_PROGRAMS, PROGRAM_NAMES, is_dibao
from app.domain.registry import MemberInput
from app.domain.sheet_table import Header, Record, SheetData, SheetProblem, find_header, records
from app.errors import IdNumberError, RowProblem

COLUMNS = ("村(社区)", "户编号", "姓名", "身份证号", "与户主关系", "救助类别", "月收入(元)", "残疾等级", "重病",
           "自理能力缺失项数", "开户行", "银行账号", "联系电话", "纳入年月", "月救助金(元)")
CATEGORIES = {**{PROGRAM_NAMES[key]: key for key in CASE_PROGRAMS}, "无": ""}


@dataclass
class LegacyMember:
    row: int
    member: MemberInput
    program: str  # "" or a program key
    start_month: str | None
    amount_fen: int
    record: Record | None = None  # where the row came from, for messages
    local_class: str = ""  # 农村低保A类 -> "A类": kept on the case (SPEC §7.1)


@dataclass
class LegacyHousehold:
    legacy_no: str
    village: str
    rows: list[LegacyMember] = field(default_factory=list)
    bank_name: str = ""
    bank_account: str = ""
    phone: str = ""
    classes: list[str] = field(default_factory=list)  # local classes (农村低保A类), kept in the notes

    @property
    def notes(self) -> str:
        return f"导入时的救助类别:{'、'.join(self.classes)}" if self.classes else ""

    @property
    def head(self) -> LegacyMember:
        return next(m for m in self.rows if m.member.relation == "本人")

    @property
    def hukou_type(self) -> str:
        programs = [m.program for m in self.rows if m.program]
        if programs:
            return "城镇" if programs[0].startswith("urban") else "农业"
        return "城镇" if self.village.endswith("社区") else "农业"


def _problem(rec: Record, name: str, reason: str) -> SheetProblem:
    sheet, row, label = rec.where(name)
    return SheetProblem(row, label, reason, sheet)


def _cell(problems: list, rec: Record, name: str, fn):  # noqa: ANN001, ANN202
    try:
        return fn(rec.get(name))
    except ValueError as exc:
        problems.append(_problem(rec, name, str(exc)))
    except IdNumberError as exc:
        problems.append(_problem(rec, name, str(exc.params["detail"])))
    return None


def _identifier(value: object) -> str:
    """An ID, account or phone cell: a number has lost digits already; text is compacted."""
    if lost_digits(value):
        raise ValueError(LOST_DIGITS)
    return canonical.compact(value)


def _id_number(value: object) -> IdInfo:
    return normalize_id(canonical.id_text(_identifier(value)))


def _account(value: object) -> str:
    account = _identifier(value)
    if account and not account.isdigit():
        raise ValueError(f"只能包含数字，实为「{account}」")
    return account


def parse_record(rec: Record, problems: list, warnings: list) -> tuple[str, str, dict, LegacyMember] | None:
    """One data row -> (户编号, village, household fields, member); problems and warnings are appended."""
    before = len(problems)
    hh_no, village, name = (canonical.text(rec.get(c)) for c in ("户编号", "村(社区)", "姓名"))
    for col, val in (("户编号", hh_no), ("村(社区)", village), ("姓名", name)):
        if not val:
            problems.append(_problem(rec, col, "不能为空"))
    info = _cell(problems, rec, "身份证号", _id_number)
    relation = _cell(problems, rec, "与户主关系", vocab.relation)
    category = _cell(problems, rec, "救助类别", vocab.category)
    income = _cell(problems, rec, "月收入(元)", vocab.money_fen)
    grade = _cell(problems, rec, "残疾等级", vocab.grade)
    selfcare = _cell(problems, rec, "自理能力缺失项数", lambda v: vocab.count(v, 6))
    ill = _cell(problems, rec, "重病", vocab.yes_no)
    month = _cell(problems, rec, "纳入年月", vocab.month)
    amount = _cell(problems, rec, "月救助金(元)", vocab.money_fen)
    account = _cell(problems, rec, "银行账号", _account)
    phone = _cell(problems, rec, "联系电话", _identifier)
    if len(problems) == before:  # the limits the county's batch format has, on cells that parsed
        texts = {"村(社区)": village, "户编号": hh_no, "姓名": name, "开户行": canonical.text(rec.get("开户行")),
                 "银行账号": account or "", "联系电话": phone or ""}
        problems.extend(_problem(rec, col, why) for col, why in limits.column_problems(texts))
    if len(problems) > before:
        return None
    if account and relation == "本人" and not luhn_ok(account):  # the head's account is the one paid to
        warnings.append(_problem(rec, "银行账号", LUHN_WARNING))
    program, klass = category
    member = MemberInput(name=name, id_number=info.number, relation=relation, disability_grade=grade,
                         serious_illness=ill, selfcare_items_failed=selfcare,
                         incomes={"工资性": income} if income else {})
    extras = {"bank_name": canonical.text(rec.get("开户行")), "bank_account": account, "phone": phone,
              "class": f"{_name(program)}{klass}" if klass else ""}
    return hh_no, village, extras, LegacyMember(rec.row, member, program, month, amount or 0, rec, klass)


def parse_records(recs: list[Record]) -> tuple[list[LegacyHousehold], list[RowProblem], list[RowProblem]]:
    """Data rows -> (households, problems, warnings). A household with a bad row gets no knock-on problems."""
    problems: list[RowProblem] = []
    warnings: list[RowProblem] = []
    households: dict[str, LegacyHousehold] = {}
    seen_ids: dict[str, Record] = {}
    broken: set[str] = set()
    for rec in recs:
        parsed = parse_record(rec, problems, warnings)
        if parsed is None:
            broken.add(canonical.text(rec.get("户编号")))
            continue
        hh_no, village, extras, lm = parsed
        first = seen_ids.setdefault(lm.member.id_number, rec)
        if first is not rec:
            problems.append(_problem(rec, "身份证号", f"与第 {first.where('身份证号')[1]} 行重复"))
            broken.add(hh_no)
        hh = households.setdefault(hh_no, LegacyHousehold(hh_no, village))
        if hh.village != village:
            problems.append(_problem(rec, "村(社区)", f"同一户编号 {hh_no} 的村(社区)不一致"))
            broken.add(hh_no)
        if lm.member.relation == "本人":
            hh.bank_name, hh.bank_account, hh.phone = extras["bank_name"], extras["bank_account"], extras["phone"]
        if extras["class"] and extras["class"] not in hh.classes:
            hh.classes.append(extras["class"])
        hh.rows.append(lm)
    for hh in households.values():
        if hh.legacy_no not in broken:
            problems.extend(household_problems(hh))
    return list(households.values()), problems, warnings


def parse_sheet(rows: list[tuple]) -> tuple[list[LegacyHousehold], list[RowProblem]]:
    """The SPEC §7 template (header on row 1 of `rows`) -> households, or every problem found."""
    sheet = SheetData("", list(rows))
    header = find_header(sheet, header_row=1) if rows else None
    if header is None:
        return [], [RowProblem(1, "", "工作表为空" if not rows else "第 1 行不是花名册表头")]
    problems = header_problems(header)
    if problems:
        return [], problems
    households, problems, _ = parse_records(records(sheet, header))
    return households, problems


def header_problems(header: Header, optional: tuple[str, ...] = ()) -> list[RowProblem]:
    """A missing, ambiguous or duplicated column is a problem on the header row."""
    out: list[RowProblem] = [SheetProblem(header.first_row, c, "缺少此列", header.sheet)
                             for c in COLUMNS if c not in header.columns and c not in optional]
    for name, labels in header.duplicates.items():
        reason = "此列重复" if len(set(labels)) == 1 else f"{'、'.join(f'「{x}」' for x in labels)} 都可作为此列，请只保留一列或指定列映射"
        out.append(SheetProblem(header.first_row, name, reason, header.sheet))
    return out


def household_problems(hh: LegacyHousehold) -> list[RowProblem]:
    """Rules across the rows of one household (head, categories, start month, amounts)."""
    heads = [m for m in hh.rows if m.member.relation == "本人"]
    if len(heads) != 1:
        where = heads[1:] if heads else hh.rows[:1]
        return [_at(m, "与户主关系", f"户编号 {hh.legacy_no} 应恰好有一名「本人」（户主），现有 {len(heads)} 名")
                for m in where]
    head, out = heads[0], []
    for m in hh.rows:
        if is_dibao(m.program) and m is not head and m.program != head.program:
            out.append(_at(m, "救助类别", f"低保类别应与户主行（{_name(head.program)}）一致"))
        if m.program and (m is head or not is_dibao(m.program)):
            if not m.start_month:
                out.append(_at(m, "纳入年月", f"{_name(m.program)}必须填写纳入年月"))
            if not m.amount_fen:
                out.append(_at(m, "月救助金(元)", f"{_name(m.program)}必须填写月救助金"))
    return out


def _at(m: LegacyMember, name: str, reason: str) -> RowProblem:
    return _problem(m.record, name, reason) if m.record else RowProblem(m.row, name, reason)


def _name(key: str) -> str:
    return next((n for n, k in CATEGORIES.items() if k == key), "无")
