"""Low-income monitoring (SPEC §13): the register's kinds, the warning rules, a scan's plan, handling.

Pure rules over plain facts: the service gathers a `PersonFacts` per person (registry members and
people named on imported lists), and this module says which kinds the person has, which warning
conditions hold, and what a scan changes given the warnings already open. A scan is idempotent by
construction: `plan_scan` raises only conditions that have no open warning and closes only open
warnings whose condition has gone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.domain import canonical
from app.domain.accounts import LOST_DIGITS, lost_digits
from app.domain.ids import normalize_id
from app.domain.programs import FAMILY_NAMES
from app.domain.vocab import money_fen
from app.errors import IdNumberError, InvalidInput, RowProblem

# rule key -> Chinese name (SPEC §13, in this order everywhere)
RULES: dict[str, str] = {
    "unregistered": "名单人员未在册",
    "uncovered_poor": "疑似漏保",
    "multi_disabled": "一户多残",
    "elderly_disabled": "老残一体",
    "medical_cost": "大额医疗自付",
    "sole_earner_unemployed": "唯一劳动力失业",
    "covered_hit": "在保人员比对命中",
    "taper_ending": "渐退期将满",
    "review_overdue": "复核逾期",
}

# handling states (SPEC §13 Handling); the first two are open
PENDING, VERIFYING = "待核实", "核实中"
INCLUDED, REFERRED, NOT_ELIGIBLE, CLOSED = "纳入救助", "转介", "不符合", "已消除"
OPEN_STATUSES = (PENDING, VERIFYING)
STATUSES = (PENDING, VERIFYING, INCLUDED, REFERRED, NOT_ELIGIBLE, CLOSED)
REFERRAL_TARGETS = ("医疗救助", "教育救助", "住房救助", "就业救助")
# step -> (states it leaves, state it reaches)
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "verify": ((PENDING,), VERIFYING),
    "include": ((VERIFYING,), INCLUDED),
    "refer": ((VERIFYING,), REFERRED),
    "reject": ((VERIFYING,), NOT_ELIGIBLE),
}
STEP_NAMES = {"verify": "开始核实", "include": "纳入救助", "refer": "转介", "reject": "不符合"}

# kinds an imported list may carry (free text is accepted too: 其他部门名单 are many)
LIST_KINDS = ("防止返贫监测对象", "脱贫监测户", "未脱贫建档立卡贫困人口", "边缘人口", "整户无劳动力", "重度残疾",
              "大病", "失业", "医疗自付", "死亡", "火化", "公务员", "车辆", "工商")
COVERED_HIT_WORDS = ("死亡", "去世", "火化", "殡葬", "公务员", "公职", "财政供养", "车辆", "机动车", "工商", "企业", "个体")
MEDICAL_WORDS = ("医疗", "大病", "自付")
UNEMPLOYED_WORDS = ("失业",)

# settings (effective-dated, Setting rows "monitor.<name>"); amounts in fen
DEFAULTS: dict[str, object] = {
    **{f"rule.{k}": True for k in RULES},
    "edge_factor": "1.5",  # 低保边缘: per-capita income under k x the dibao standard
    "rigid_share": "0.5",  # 刚性支出困难: recorded costs above this share of income
    "medical_threshold_fen": 2_000_000,  # 大额医疗自付: 20000 元 a year
    "elderly_age": 60,
    "multi_disabled_count": 2,
    "taper_notice_months": 1,  # 渐退期将满: the last taper month is this close
    "due_workdays": 10,
}

LIST_SYNONYMS: dict[str, tuple[str, ...]] = {
    "姓名": ("姓名", "户主姓名", "成员姓名", "监测对象姓名", "对象姓名", "人员姓名"),
    "身份证号": ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证", "证件号码"),
    "日期": ("日期", "认定日期", "纳入日期", "识别日期", "登记日期", "时间", "发生日期", "死亡日期"),
    "金额(元)": ("金额(元)", "金额", "自付金额", "医疗自付金额", "自付费用", "费用"),
    "备注": ("备注", "说明", "风险类型", "致贫风险", "情况说明"),
    # the SPEC §6 external list names what each row is (死亡, 火化, 公务员, 车辆, 工商): the row's own kind
    "事项": ("事项", "比对事项", "比对类型", "事由", "名单类型"),
}
MATTER_LIMIT = 20
EXTERNAL_LIST_KIND = "外部比对名单"  # the SPEC §6 cross-check list, kept as a monitoring list


@dataclass(frozen=True)
class ListedEntry:
    """One row of an imported list, in canonical form."""

    row: int
    name: str
    id_number: str
    day: date | None
    amount_fen: int | None
    note: str
    matter: str = ""  # 事项 of a SPEC §6 list row (死亡, 车辆 ...); "" on a list of one kind


@dataclass(frozen=True)
class Listing:
    """A person named on an imported list (its kind and the import's date stand in for a missing date)."""

    kind: str
    day: date
    amount_fen: int | None = None
    note: str = ""

    @classmethod
    def of(cls, list_kind: str, matter: str, day: date, amount_fen: int | None = None, note: str = "") -> Listing:
        """A row's kind is its list's, narrowed by the row's 事项 when the list gives one (外部比对名单（死亡）)."""
        return cls(f"{list_kind}（{matter}）" if matter else list_kind, day, amount_fen, note)


@dataclass(frozen=True)
class PersonFacts:
    """What a scan knows about one person; household figures are the person's household's."""

    id_number: str
    name: str
    in_registry: bool
    household_id: int | None = None
    member_id: int | None = None
    is_head: bool = False
    age: int = 0
    disability_grade: int = 0
    covered: tuple[tuple[str, str], ...] = ()  # (dibao/tekun, start month) of active cases covering the person
    household_covered: bool = False  # any member covered by an active dibao / tekun case
    application_open: bool = False  # the household has a dibao / tekun application in progress
    per_capita_income_fen: int | None = None
    household_income_fen: int = 0
    household_earners: int = 0  # members with income of work (工资性 / 经营净)
    is_earner: bool = False
    rigid_costs_fen: int = 0  # recorded 刚性支出 per month
    dibao_standard_fen: int | None = None
    disabled_in_household: int = 0
    elderly_in_household: int = 0
    listings: tuple[Listing, ...] = ()
    ended_month: str | None = None  # last month of an ended case, when not covered now
    rejected_on: date | None = None  # latest application not approved
    created_on: date | None = None  # household registered
    taper_last_month: str | None = None
    review_due: date | None = None
    deceased: bool = False  # a death date is recorded: only a payment still made to them is a warning


@dataclass(frozen=True)
class Condition:
    rule: str
    id_number: str
    detail: str


@dataclass(frozen=True)
class OpenWarning:
    id: int
    rule: str
    id_number: str


@dataclass
class ScanPlan:
    raise_: list[Condition] = field(default_factory=list)
    close: list[tuple[int, str]] = field(default_factory=list)  # (warning id, reason)
    kept: int = 0


def _yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:.2f}"


def _month_index(month: str) -> int:
    y, m = month.split("-")
    return int(y) * 12 + int(m) - 1


def setting(settings: dict, name: str) -> object:
    return settings.get(f"monitor.{name}", DEFAULTS[name])


def rule_on(settings: dict, rule: str) -> bool:
    return bool(setting(settings, f"rule.{rule}"))


def is_edge(f: PersonFacts, settings: dict) -> bool:
    """低保边缘: not covered, per-capita income under k x the standard (k a setting)."""
    if f.household_covered or f.per_capita_income_fen is None or f.dibao_standard_fen is None:
        return False
    return f.per_capita_income_fen < Decimal(str(setting(settings, "edge_factor"))) * f.dibao_standard_fen


def is_rigid_hardship(f: PersonFacts, settings: dict) -> bool:
    """刚性支出困难: recorded medical / education costs above a share of the household's income."""
    if f.rigid_costs_fen <= 0 or not f.in_registry:
        return False
    return f.rigid_costs_fen > Decimal(str(setting(settings, "rigid_share"))) * f.household_income_fen


def kinds(f: PersonFacts, settings: dict, today: date) -> list[tuple[str, date | str]]:
    """The person's register kinds and since when (a month text for cases, else a date)."""
    out: list[tuple[str, date | str]] = []
    if f.deceased:
        return out
    for family, start in f.covered:
        out.append(("低保对象" if family == "dibao" else "特困人员", start))
    since = min(f.created_on, today) if f.created_on else today
    if is_edge(f, settings):
        out.append(("低保边缘家庭", since))
    if is_rigid_hardship(f, settings):
        out.append(("刚性支出困难家庭", since))
    for listing in sorted(f.listings, key=lambda x: x.day):
        if listing.kind not in [k for k, _ in out]:
            out.append((listing.kind, listing.day))
    if not f.covered and f.ended_month and _month_index(f.ended_month) > _month_index(
            f"{today.year:04d}-{today.month:02d}") - 12:
        out.append(("退出救助不满一年", f.ended_month))
    if not f.covered and f.rejected_on and (today - f.rejected_on).days < 365:
        out.append(("申请未通过不满一年", f.rejected_on))
    return out


def _words(listing: Listing, words: tuple[str, ...]) -> bool:
    return any(w in listing.kind for w in words)


def conditions(f: PersonFacts, settings: dict, today: date) -> list[Condition]:
    """Every warning condition that holds for the person now (switched-off rules give none)."""
    out: list[Condition] = []

    def add(rule: str, detail: str) -> None:
        if rule_on(settings, rule):
            out.append(Condition(rule, f.id_number, detail))

    if f.deceased:
        if f.covered:
            add("covered_hit", "已登记死亡的人员仍在保")
        return out
    listed = "、".join(dict.fromkeys(x.kind for x in f.listings))
    if f.listings and not f.in_registry:
        add("unregistered", f"{listed}名单人员，未在本镇家庭登记中，待摸排")
    poor = (f.in_registry and not f.covered and not f.application_open and f.per_capita_income_fen is not None
            and f.dibao_standard_fen is not None and f.per_capita_income_fen < f.dibao_standard_fen)
    if poor and (f.listings or f.is_head):
        add("uncovered_poor", f"未享受低保特困，家庭人均收入 {_yuan(f.per_capita_income_fen)} 元"
                              f"低于低保标准 {_yuan(f.dibao_standard_fen)} 元" + (f"（{listed}名单）" if listed else ""))
    if f.is_head and not f.household_covered:
        if f.disabled_in_household >= int(setting(settings, "multi_disabled_count")):
            add("multi_disabled", f"户内残疾人 {f.disabled_in_household} 人，未享受低保特困")
        if f.elderly_in_household and f.disabled_in_household:
            add("elderly_disabled", f"户内有 {setting(settings, 'elderly_age')} 岁以上老人 {f.elderly_in_household} 人"
                                    f"和残疾人 {f.disabled_in_household} 人，未享受低保特困")
    threshold = int(setting(settings, "medical_threshold_fen"))
    medical = [x.amount_fen for x in f.listings if _words(x, MEDICAL_WORDS) and x.amount_fen is not None]
    if medical and max(medical) >= threshold:
        add("medical_cost", f"医疗自付 {_yuan(max(medical))} 元，达到 {_yuan(threshold)} 元")
    if (f.in_registry and f.is_earner and f.household_earners == 1
            and any(_words(x, UNEMPLOYED_WORDS) for x in f.listings)):
        add("sole_earner_unemployed", "失业名单人员是家中唯一有劳动收入的成员")
    hits = [x.kind for x in f.listings if _words(x, COVERED_HIT_WORDS)]
    if f.covered and hits:
        add("covered_hit", f"在保人员出现在{'、'.join(dict.fromkeys(hits))}名单中")
    now = _month_index(f"{today.year:04d}-{today.month:02d}")
    if f.covered and f.taper_last_month and 0 <= _month_index(f.taper_last_month) - now <= int(
            setting(settings, "taper_notice_months")):
        add("taper_ending", f"渐退期至 {f.taper_last_month} 结束")
    if f.is_head and f.review_due and f.review_due < today:
        add("review_overdue", f"复核应于 {f.review_due.isoformat()} 前完成")
    return out


def plan_scan(found: list[Condition], open_warnings: list[OpenWarning], enabled: dict[str, bool]) -> ScanPlan:
    """New warnings for conditions without an open one; open ones whose condition went are closed."""
    plan = ScanPlan()
    now = {(c.rule, c.id_number): c for c in found}
    open_keys = set()
    for w in open_warnings:
        key = (w.rule, w.id_number)
        if key in now and key not in open_keys:
            open_keys.add(key)
            plan.kept += 1
        elif not enabled.get(w.rule, True):
            plan.close.append((w.id, "规则已停用"))
        else:
            plan.close.append((w.id, "情形已消除（扫描时不再符合）"))
    plan.raise_ = [c for key, c in now.items() if key not in open_keys]
    return plan


def check_step(step: str, status: str, data: dict) -> dict:
    """The fields a handling step needs, canonical; InvalidInput names what is missing."""
    if step not in STEPS:
        raise InvalidInput(f"处理步骤：应为 {'/'.join(STEPS)}，实为「{step}」")
    sources, _ = STEPS[step]
    if status not in sources:
        raise InvalidInput(f"状态为「{status}」的预警不能{STEP_NAMES[step]}")
    out: dict = {}
    if step == "verify":
        people = [canonical.text(x) for x in data.get("investigators") or [] if canonical.text(x)]
        if len(set(people)) < 2:
            raise InvalidInput("调查人员：核实须有两名调查人员")
        visit = data.get("visit_date")
        if not isinstance(visit, date):
            raise InvalidInput("入户核实日期：必须填写")
        out = {"investigators": sorted(set(people)), "visit_date": visit,
               "findings": canonical.text(data.get("findings"))}
        if not out["findings"]:
            raise InvalidInput("核实情况：必须填写")
    elif step == "refer":
        to = canonical.text(data.get("referral"))
        if not to:
            raise InvalidInput(f"转介去向：必须填写（{'、'.join(REFERRAL_TARGETS)} 或其他部门名称）")
        out = {"referral": to}
    elif step == "reject":
        reason = canonical.text(data.get("reason"))
        if not reason:
            raise InvalidInput("不符合原因：必须填写")
        out = {"reason": reason}
    elif step == "include":
        program = data.get("program") or "dibao"
        if program not in FAMILY_NAMES:
            raise InvalidInput(f"纳入项目：应为 dibao（低保）或 tekun（特困），实为「{program}」")
        out = {"program": program}
    return out


def parse_date(value: object) -> date | None:
    """A list's date cell: a date, 2020-05-15 / 2020.5.15 / 2020年5月15日 / 20200515, or a month (its 1st day)."""
    import re
    from datetime import datetime

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = canonical.compact(value)
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月?)|(\d{4})(\d{2})(\d{2})?", text)
    if not m:
        raise ValueError(f"应为日期（如 2020-05-15），实为「{text}」")
    g = m.groups()
    y, mo, d = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
    try:
        return date(int(y), int(mo), int(d or 1))
    except ValueError:
        raise ValueError(f"日期 {text} 不存在") from None


def parse_listed(records: list, today: date) -> tuple[list[ListedEntry], list[RowProblem]]:
    """Records of a list (fields of LIST_SYNONYMS) -> entries and every problem, one per cell."""
    out: list[ListedEntry] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for rec in records:
        before = len(problems)

        def bad(fieldname: str, reason: str, rec=rec) -> None:
            problems.append(RowProblem(rec.row, rec.labels.get(fieldname, fieldname), reason))

        name = canonical.text(rec.get("姓名"))
        if not name:
            bad("姓名", "不能为空")
        raw = rec.get("身份证号")
        number = ""
        if lost_digits(raw):
            bad("身份证号", LOST_DIGITS)
        else:
            try:
                number = normalize_id(canonical.id_text(raw), today=today).number
            except IdNumberError as exc:
                bad("身份证号", str(exc.params.get("detail", exc)))
        try:
            day = parse_date(rec.get("日期"))
            if day and day > today:
                bad("日期", f"日期 {day.isoformat()} 在未来")
        except ValueError as exc:
            bad("日期", str(exc))
            day = None
        amount = None
        if canonical.compact(rec.get("金额(元)")):
            try:
                amount = money_fen(rec.get("金额(元)"))
            except ValueError as exc:
                bad("金额(元)", str(exc))
        matter = canonical.text(rec.get("事项"))
        if len(matter) > MATTER_LIMIT:
            bad("事项", f"不超过 {MATTER_LIMIT} 字，实为 {len(matter)} 字")
        if number and number in seen and len(problems) == before:
            bad("身份证号", f"{number} 与第 {seen[number]} 行重复")
        if len(problems) == before:
            seen[number] = rec.row
            out.append(ListedEntry(rec.row, name, number, day, amount, canonical.text(rec.get("备注")), matter))
    return out, problems
