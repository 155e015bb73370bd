"""Registry rules: relationships, hukou types, income categories, household validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.domain import canonical, limits
from app.domain.ids import normalize_id
from app.errors import IdNumberError

RELATIONS = ("本人", "配偶", "子", "女", "父母", "祖父母", "孙子女", "兄弟姐妹", "其他")
HUKOU_TYPES = ("城镇", "农业")
INCOME_CATEGORIES = ("工资性", "经营净", "财产净", "转移净")
LABOUR_ABILITIES = ("", "有劳动能力", "部分丧失", "完全丧失")


def name_initials(name: str) -> str:
    """Pinyin initials of a Chinese name: 张三丰 -> zsf (non-Chinese characters kept lower-case)."""
    from pypinyin import Style, lazy_pinyin  # its phrase tables take ~0.5 s to load: only when writing

    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER) if p).lower()


@dataclass
class MemberInput:
    name: str
    id_number: str
    relation: str
    co_resident: bool = True
    labour_ability: str = ""
    disability_category: str = ""
    disability_grade: int = 0
    serious_illness: bool = False
    student: bool = False
    selfcare_items_failed: int = 0
    death_date: date | None = None
    incomes: dict[str, int] = field(default_factory=dict)  # category -> fen per month
    id: int | None = None  # existing member id when editing


@dataclass
class HouseholdInput:
    village: str
    members: list[MemberInput]
    address: str = ""
    hukou_type: str = "农业"
    phone: str = ""
    bank_name: str = ""
    bank_account: str = ""
    separately_registered: bool = False
    deductions_fen: int = 0
    notes: str = ""
    legacy_no: str | None = None


HOUSEHOLD_TEXT = ("village", "address", "hukou_type", "bank_name", "notes")
HOUSEHOLD_COMPACT = ("phone", "bank_account")  # numbers people read out: no space anywhere
MEMBER_TEXT = ("name", "relation", "labour_ability", "disability_category")


def canonicalize(data: HouseholdInput) -> HouseholdInput:
    """Put every typed value of the household in its canonical form (SPEC §2), in place.

    Text NFKC and trimmed; phone and account without any space; ID numbers compact with upper-case X
    (validate_household then gives them their stored form). Done before validation, so a full-width
    or spaced spelling is checked, compared and stored as the one it stands for."""
    for f in HOUSEHOLD_TEXT:
        setattr(data, f, canonical.text(getattr(data, f)))
    for f in HOUSEHOLD_COMPACT:
        setattr(data, f, canonical.compact(getattr(data, f)))
    if data.legacy_no is not None:
        data.legacy_no = canonical.text(data.legacy_no)
    for m in data.members:
        for f in MEMBER_TEXT:
            setattr(m, f, canonical.text(getattr(m, f)))
        m.id_number = canonical.id_text(m.id_number)
    return data


def validate_household(data: HouseholdInput, *, today: date | None = None) -> list[tuple[str, str]]:
    """Return (field, reason) problems; puts the values in their canonical form and ID numbers in their
    stored form, in place. Empty list = valid."""
    canonicalize(data)
    problems: list[tuple[str, str]] = []
    if not data.village:
        problems.append(("村(社区)", "不能为空"))
    if data.hukou_type not in HUKOU_TYPES:
        problems.append(("户籍类型", f"应为 城镇 或 农业，实为「{data.hukou_type}」"))
    if data.bank_account and not (data.bank_account.isascii() and data.bank_account.isdigit()):
        problems.append(("银行账号", "只能包含数字"))
    if data.deductions_fen < 0:
        problems.append(("刚性支出", "不能为负"))
    problems.extend(limits.too_long(data, limits.HOUSEHOLD))  # what the county's batch format accepts
    if not data.members:
        problems.append(("成员", "至少需要一名成员"))
    heads = sum(1 for m in data.members if m.relation == "本人")
    if data.members and heads != 1:
        problems.append(("与户主关系", f"必须恰好有一名「本人」（户主），现有 {heads} 名"))
    seen: set[str] = set()
    for i, m in enumerate(data.members, start=1):
        problems.extend((f"成员第 {i} 行「{f}」", r) for f, r in _member_problems(m, today))
        if m.id_number in seen:
            problems.append((f"成员第 {i} 行「身份证号」", "与本户其他成员重复"))
        seen.add(m.id_number)
    return problems


def _member_problems(m: MemberInput, today: date | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if not m.name:
        out.append(("姓名", "不能为空"))
    out.extend(limits.too_long(m, {k: v for k, v in limits.MEMBER.items() if k != "id_number"}))
    try:
        m.id_number = normalize_id(m.id_number, today=today).number
    except IdNumberError as exc:
        out.append(("身份证号", exc.params["detail"]))
    if m.relation not in RELATIONS:
        out.append(("与户主关系", f"应为 {'/'.join(RELATIONS)} 之一"))
    if not 0 <= m.disability_grade <= 4:
        out.append(("残疾等级", "应为 0-4"))
    if not 0 <= m.selfcare_items_failed <= 6:
        out.append(("自理能力缺失项数", "应为 0-6"))
    for cat, fen in m.incomes.items():
        if cat not in INCOME_CATEGORIES:
            out.append(("收入类别", f"未知类别「{cat}」"))
        elif fen < 0:
            out.append((f"{cat}收入", "不能为负"))
    return out
