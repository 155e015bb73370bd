"""Demo township for `jiuzhu demo` (SPEC §9): 龙光桥镇 with realistic households and a year of cases.

Everything is drawn from one random.Random(seed) and dated against the demo's last month (default
2020-12; `jiuzhu demo` takes last month, so a newcomer sees a normal month), never the wall clock, so
a seed and a last month always yield the same people, ID numbers and amounts (only the timestamps the
models stamp differ). Another last month shifts every month by the same count and every birth year
by the years between; the standards stay as set. Households are planned in memory, then written through the registry and case
services in one transaction, so the demo carries the same audit records as real work.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import luhn
from stdnum.cn import ric

from app.domain.calc import CalcMember, DibaoParams, TekunParams, dibao_amount, tekun_amount
from app.domain.ids import age_on
from app.domain.lifecycle import month_add
from app.domain.months import month_problem
from app.domain.passwords import check_password_rules
from app.domain.programs import CASE_PROGRAMS, PROGRAM_NAMES, family, is_dibao, key_for
from app.domain.registry import HouseholdInput, MemberInput, validate_household
from app.domain.standards import DEFAULT_SETTINGS, DEFAULT_STANDARDS, parse_month, standard_in_force
from app.errors import Conflict, InvalidInput
from app.models import Case, CaseEvent, Household, Setting, Township, User, Village
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.auth import create_user_in
from app.services.cases import audit_case_created, case_snapshot, new_case
from app.services.households import audit_created, new_household
from app.services.township import seed_defaults

TODAY = date(2020, 12, 31)  # the default demo's "today": the data never depends on the wall clock
CURRENT_MONTH = "2020-12"
TOWNSHIP_CODE, TOWNSHIP_NAME = "430903101", "龙光桥镇"  # 益阳市赫山区
ACTOR = "clerk（演示数据）"
MAX_HOUSEHOLDS = 200_000
COMMUNITIES = ("新市社区", "龙光社区", "青山社区")  # codes ...001-003, 城镇户籍
VILLAGES = ("东风村", "桃花村", "白鹿村", "石笋村", "黄泥湖村", "枫林村", "团山村", "荷塘村")  # ...201-208
STREETS = ("建设路", "龙光路", "新市街", "青山路", "人民路", "桃花路")
NURSING_HOME, NURSING_HOME_ACCOUNT = "龙光桥镇敬老院", "82010000002867315"
COMPLAINT_PHONE = "0737-4221234"  # printed on every notice
# 益阳 area codes: 资阳区 赫山区 南县 桃江县 安化县 沅江市; most people are born in 赫山区
AREA_CODES = (("430903", 70), ("430902", 8), ("430921", 4), ("430922", 7), ("430923", 6), ("430981", 5))
SURNAMES = (
    ("刘", 9), ("李", 7), ("王", 5), ("张", 5), ("陈", 5), ("周", 5), ("胡", 4), ("杨", 4), ("黄", 4),
    ("曹", 3), ("谭", 3), ("郭", 3), ("彭", 3), ("罗", 3), ("邓", 3), ("曾", 3), ("谢", 3), ("肖", 3),
    ("吴", 3), ("龚", 2), ("夏", 2), ("熊", 2), ("汤", 2), ("文", 2), ("蔡", 2), ("赵", 2), ("何", 2),
    ("贺", 2), ("朱", 2), ("徐", 2), ("邹", 2), ("姚", 1), ("符", 1), ("莫", 1), ("皮", 1), ("钟", 1),
    ("孙", 1), ("丁", 1), ("袁", 1), ("卜", 1),
)
GIVEN = {  # (sex, born before 1960 / before 1985 / later) -> characters to draw from
    ("男", 0): "德福贵寿富财宝根生发金满春秋国华建明正清长友桂松",
    ("男", 1): "志伟强军勇平刚辉斌波红卫文涛林峰杰俊华亮建新",
    ("男", 2): "浩宇轩子豪博睿梓晨航一鑫泽俊杰天佑铭",
    ("女", 0): "秀兰桂英凤珍淑芳玉梅翠娥菊香贞莲冬",
    ("女", 1): "丽红霞燕娟敏艳芳琴萍静华娟美玲",
    ("女", 2): "欣怡雨涵梓萱诗琪婷佳悦思彤可馨",
}
BANKS = (("益阳农村商业银行", "621795", 35), ("中国邮政储蓄银行", "622188", 25),
         ("中国农业银行", "622848", 25), ("中国建设银行", "621700", 15))
PHONE_PREFIXES = ("130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 173 177 "
                  "180 181 182 183 185 186 187 188 189 199").split()
DISABILITIES = (("肢体", 40), ("视力", 15), ("智力", 22), ("精神", 23))
KINDS = {  # household compositions: weight among dibao households, among the others
    "alone": (18, 8), "elderly_couple": (16, 10), "nuclear": (16, 42), "single_parent": (14, 8),
    "three_gen": (10, 22), "grand": (14, 5), "disabled_adult": (12, 5),
}
END_REASONS = (("家庭人均收入超过保障标准", 55), ("就业后渐退期满", 20), ("本人申请退出", 15),
               ("家庭财产状况不符合条件（购置商品房）", 10))
END_REASONS_NO_EARNER = (("法定赡养人具备赡养能力", 45), ("本人申请退出", 30), ("家庭财产状况不符合条件（购置商品房）", 25))
INCOME_REASONS = ("家庭人均收入超过保障标准", "就业后渐退期满")


@dataclass
class _Plan:
    """One household to write, and the case (if any) it gets."""

    data: HouseholdInput
    program: str = ""
    covered: tuple[int, ...] = ()  # indexes into data.members
    start_month: str = ""
    end_month: str | None = None
    end_reason: str = ""
    amount_fen: int = 0
    support_mode: str = ""


@dataclass(frozen=True)
class _Clock:
    """The demo's calendar: its last month, its "today" (that month's last day), its year."""

    last_month: str = CURRENT_MONTH

    @property
    def today(self) -> date:
        first = parse_month(month_add(self.last_month, 1))
        return date.fromordinal(first.toordinal() - 1)

    @property
    def year(self) -> int:
        return self.today.year

    @property
    def born_by(self) -> date:
        """Nobody is born in the demo's last month (ages are taken on its first day)."""
        return date.fromordinal(parse_month(self.last_month).toordinal() - 1)

    def month(self, index: int) -> str:
        """Month number `index` counted from 35 months before the last month (0) as YYYY-MM."""
        return month_add(self.last_month, index - 35)


def build_demo(
    uow: UnitOfWork, *, households: int = 300, seed: int = 2020, password: str = "demo1234",
    last_month: str = CURRENT_MONTH,
) -> str:
    """Create the demo township on an empty database in one transaction; return a Chinese summary."""
    if (problem := month_problem(last_month)) is not None:
        raise InvalidInput(f"演示数据的最后月份：{problem}")
    if not 1 <= households <= MAX_HOUSEHOLDS:
        raise InvalidInput(f"演示户数应在 1 到 {MAX_HOUSEHOLDS} 之间，实为 {households}")
    check_password_rules(password)
    with uow.begin() as s:
        if any(s.scalar(select(t.id).limit(1)) is not None for t in (Township, User, Household)):
            raise Conflict("该数据库已有数据，演示数据只能生成到新数据库")
        clock = _Clock(last_month)
        plans = _Generator(seed, clock).plans(households)
        persons = sum(len(p.data.members) for p in plans)
        _create_township(s, password, population=round(persons * 12, -2))
        _write_all(s, plans, clock)
    return _summary(plans, persons, clock)


def _create_township(s: Session, password: str, *, population: int) -> None:
    s.add(Township(code=TOWNSHIP_CODE, name=TOWNSHIP_NAME, population=population))
    create_user_in(s, "admin", "admin", "admin", password)
    create_user_in(s, "admin", "clerk", "clerk", password)
    create_user_in(s, "admin", "reviewer", "reviewer", password)
    seed_defaults(s)
    audit.append(s, "admin", "township.init", "township", None,
                 after={"code": TOWNSHIP_CODE, "name": TOWNSHIP_NAME}, note="演示数据")
    phone = Setting(key="complaint_phone", value=json.dumps(COMPLAINT_PHONE), effective_month="2000-01")
    s.add(phone)
    s.flush()
    audit.append(s, "admin", "setting.set", "setting", phone.id, before={"key": "complaint_phone", "value": None},
                 after={"key": "complaint_phone", "value": COMPLAINT_PHONE, "effective_month": "2000-01"})
    for i, name in enumerate(COMMUNITIES, start=1):
        s.add(Village(name=name, code=f"{TOWNSHIP_CODE}{i:03d}", kind="社区"))
    for i, name in enumerate(VILLAGES, start=201):
        s.add(Village(name=name, code=f"{TOWNSHIP_CODE}{i:03d}", kind="村"))
    s.flush()


def _write_all(s: Session, plans: list[_Plan], clock: _Clock) -> None:
    """Bulk write in phases (households, cases, audit records), one flush per phase."""
    households = [new_household(s, plan.data) for plan in plans]
    s.flush()
    cases = [(plan, h, _new_case(s, plan, h)) for plan, h in zip(plans, households, strict=True) if plan.program]
    s.flush()
    for h in households:
        audit_created(s, ACTOR, h)
    for plan, h, case in cases:
        audit_case_created(s, ACTOR, case)
        if plan.end_month:  # ended during the last year: a termination effective the month after the last paid
            s.add(CaseEvent(case_id=case.id, kind="terminate", effective_month=month_add(plan.end_month, 1),
                            reason=plan.end_reason, created_by=ACTOR))
            before = case_snapshot(case)
            case.end_month, case.status, case.end_reason = plan.end_month, "ended", plan.end_reason
            case.version += 1
            audit.append(s, ACTOR, "case.end", "case", case.id, before=before, after=case_snapshot(case),
                         household_id=h.id)
        elif is_dibao(plan.program):
            _reviewed(s, case, h, clock, index=case.id)


def _reviewed(s: Session, case: Case, h: Household, clock: _Clock, *, index: int) -> None:
    """A dibao case older than half a year had its review (复核) in the last five months, as a township
    keeps them, so the demo's review list shows what is due soon rather than years of arrears."""
    month = month_add(clock.last_month, -(index * 7 % 5))
    if month_add(case.start_month, 6) > clock.last_month or month <= case.start_month:
        return
    on = parse_month(month).replace(day=15)
    s.add(CaseEvent(case_id=case.id, kind="review", effective_month=month, reason="复核：家庭情况无变化，继续保障",
                    created_by=ACTOR, created_at=datetime(on.year, on.month, on.day, 2)))
    before = case_snapshot(case)
    case.version += 1
    audit.append(s, ACTOR, "case.review", "case", case.id, before=before, after=case_snapshot(case),
                 household_id=h.id, note="复核")


def _new_case(s: Session, plan: _Plan, h: Household) -> Case:
    members = [h.members[i] for i in plan.covered]
    if plan.support_mode == "集中供养":  # the institution is paid
        payee, account = NURSING_HOME, NURSING_HOME_ACCOUNT
    else:  # the head for dibao, the person for 分散供养 tekun (SPEC §2, §3.2)
        payee, account = (members[0] if family(plan.program) == "tekun" else h.members[0]).name, h.bank_account
    return new_case(s, h, plan.program, plan.start_month, plan.amount_fen, members, payee_name=payee,
                    payee_account=account, support_mode=plan.support_mode)


def _summary(plans: list[_Plan], persons: int, clock: _Clock) -> str:
    active: dict[str, int] = {}
    for p in plans:
        if p.program and not p.end_month:
            active[p.program] = active.get(p.program, 0) + 1
    parts = [f"{PROGRAM_NAMES[k]} {active[k]} {'户' if is_dibao(k) else '人'}"
             for k in CASE_PROGRAMS if active.get(k)]
    ended = sum(1 for p in plans if p.end_month)
    return (f"{TOWNSHIP_NAME}：{len(plans)} 户，{persons} 人；{'，'.join(parts) or '无救助对象'}"
            f"；{clock.month(24)} 至 {clock.last_month} 停保 {ended} 户")


def _birth(m: MemberInput) -> date:
    n = m.id_number
    return date(int(n[6:10]), int(n[10:12]), int(n[12:14]))


def _age(m: MemberInput, today: date) -> int:
    return age_on(_birth(m), today)


class _Generator:
    """Plans households from one seeded Random; keeps ID numbers and bank accounts unique."""

    def __init__(self, seed: int, clock: _Clock) -> None:
        self.rng, self.clock, self.year = random.Random(seed), clock, clock.year
        self.ids: set[str] = set()
        self.accounts: set[str] = set()
        self.places = [(n, 1.3) for n in COMMUNITIES] + [(n, 1.0) for n in VILLAGES]

    def pick(self, table: tuple[tuple[str, int], ...]) -> str:
        return self.rng.choices([k for k, _ in table], [w for _, w in table])[0]

    def plans(self, count: int) -> list[_Plan]:
        return [self.plan() for _ in range(count)]

    # ---- people -------------------------------------------------------------------------------

    def name(self, surname: str, sex: str, year: int) -> str:
        chars = GIVEN[(sex, 0 if year < 1960 else 1 if year < 1985 else 2)]
        size = 1 if self.rng.random() < 0.2 else 2
        return surname + "".join(self.rng.choice(chars) for _ in range(size))

    def other_surname(self, *avoid: str) -> str:
        while (name := self.pick(SURNAMES)) in avoid:
            pass
        return name

    def id_number(self, area: str, year: int, sex: str) -> str:
        rng = self.rng
        while True:
            month = rng.randint(1, 12)
            born = date(year, month, rng.randint(1, 28 if month == 2 else 30))
            if born > self.clock.born_by:
                continue
            digit = rng.choice("13579" if sex == "男" else "02468")
            body = f"{area}{born:%Y%m%d}{rng.randint(1, 99):02d}{digit}"
            number = body + ric.calc_check_digit(body + "0")  # GB 11643 check character
            if number not in self.ids:
                self.ids.add(number)
                return number

    def person(self, relation: str, sex: str, year: int, surname: str, area: str,
               co_resident: bool = True) -> MemberInput:
        year = min(year, self.year)
        return MemberInput(name=self.name(surname, sex, year), id_number=self.id_number(area, year, sex),
                           relation=relation, co_resident=co_resident)

    def sex(self, male: float = 0.5) -> str:
        return "男" if self.rng.random() < male else "女"

    def child(self, parent_year: int, surname: str, area: str,
              co_resident: bool = True) -> MemberInput | None:
        year = parent_year + self.rng.randint(21, 34)
        if year > self.year:
            return None
        sex = self.sex()
        return self.person("子" if sex == "男" else "女", sex, year, surname, area, co_resident)

    def spouse(self, head: MemberInput, area: str) -> MemberInput:
        sex = "女" if _birth_sex(head) == "男" else "男"
        gap = self.rng.randint(0, 5)
        year = _birth(head).year + (gap if sex == "女" else -gap)
        if self.rng.random() < 0.3:
            area = self.pick(AREA_CODES)
        return self.person("配偶", sex, year, self.other_surname(head.name[0]), area)

    # ---- households ---------------------------------------------------------------------------

    def members(self, kind: str, area: str) -> list[MemberInput]:
        """The people of one household; the head (本人) comes first."""
        rng, surname = self.rng, self.pick(SURNAMES)
        if kind in ("alone", "tekun"):
            sex = self.sex(0.65 if kind == "tekun" else 0.45)
            old = kind == "tekun" or rng.random() < 0.85
            year = self.year - (rng.randint(60, 92) if old else rng.randint(40, 59))
            out = [self.person("本人", sex, year, surname, area)]
            if kind == "tekun" and rng.random() < 0.15:
                sibling = self.sex()
                out.append(self.person("兄弟姐妹", sibling, year + rng.randint(-8, 8), surname, area))
            return out
        head_male = {"single_parent": 0.4, "grand": 0.7, "disabled_adult": 0.75}.get(kind, 0.9)
        age = {"elderly_couple": (60, 85), "nuclear": (28, 55), "single_parent": (30, 50),
               "three_gen": (35, 55), "grand": (56, 75), "disabled_adult": (50, 75)}[kind]
        head = self.person("本人", self.sex(head_male), self.year - rng.randint(*age), surname, area)
        out = [head]
        married = kind in ("elderly_couple", "nuclear", "three_gen")
        if married or (kind in ("grand", "disabled_adult") and rng.random() < 0.65):
            out.append(self.spouse(head, area))
        family = out[-1].name[0] if _birth_sex(head) == "女" and len(out) > 1 else surname
        out += self.descendants(kind, head, family, area)
        if kind == "three_gen":
            year = _birth(head).year - rng.randint(24, 34)  # mother: 0-4 years younger
            out.append(self.person("父母", "男", year, surname, area))
            if rng.random() < 0.6:
                mother = self.other_surname(surname)
                out.append(self.person("父母", "女", year + rng.randint(0, 4), mother, area))
        return out

    def descendants(self, kind: str, head: MemberInput, family: str, area: str) -> list[MemberInput]:
        rng, year = self.rng, _birth(head).year
        out: list[MemberInput | None] = []
        if kind in ("nuclear", "single_parent", "three_gen"):
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                out.append(self.child(year, family, area, co_resident=rng.random() > 0.08))
        elif kind == "elderly_couple" and rng.random() < 0.5:
            out.append(self.child(year, family, area, co_resident=False))  # 外出务工, registered here
        elif kind == "grand":
            if rng.random() < 0.6:
                out.append(self.child(year, family, area, co_resident=False))
            for _ in range(rng.choice((1, 1, 2))):
                sex = self.sex()
                out.append(self.person("孙子女", sex, self.year - rng.randint(2, 15), family, area))
        elif kind == "disabled_adult":
            while (kid := self.child(year, family, area)) is None:
                pass
            kid.disability_category = self.pick(DISABILITIES)
            kid.disability_grade = rng.choice((1, 1, 2, 2, 2))
            out.append(kid)
        return [m for m in out if m is not None]

    def plan(self) -> _Plan:
        rng = self.rng
        place = rng.choices([n for n, _ in self.places], [w for _, w in self.places])[0]
        urban = place in COMMUNITIES or rng.random() < 0.05
        draw = rng.random()
        program = "tekun" if draw < 0.08 else "dibao" if draw < 0.53 else ""
        weights = [w[0] if program == "dibao" else w[1] for w in KINDS.values()]
        kind = "tekun" if program == "tekun" else rng.choices(list(KINDS), weights)[0]
        members = self.members(kind, self.pick(AREA_CODES))
        for m in members:
            self.traits(m, poor=bool(program), urban=urban)
        bank, account = self.bank()
        data = HouseholdInput(village=place, members=members, address=self.address(place),
                              hukou_type="城镇" if urban else "农业", phone=self.phone(),
                              bank_name=bank, bank_account=account)
        plan = _Plan(data)
        if program == "dibao":
            self.dibao(plan, urban)
        elif program == "tekun":
            self.tekun(plan, urban)
        problems = validate_household(data, today=self.clock.today)
        if problems:  # a generator bug, never bad user input
            raise AssertionError(f"演示数据生成错误：{problems}")
        return plan

    def traits(self, m: MemberInput, *, poor: bool, urban: bool) -> None:
        rng, age = self.rng, _age(m, self.clock.today)
        m.student = 6 <= age <= 18 or (19 <= age <= 22 and rng.random() < 0.35)
        if age >= 16 and not m.disability_grade and rng.random() < (0.12 if poor else 0.03):
            m.disability_category = self.pick(DISABILITIES)
            m.disability_grade = rng.choice((1, 2, 2, 3, 3, 4, 4, 4))
        m.serious_illness = age >= 35 and rng.random() < (0.10 if poor else 0.03)
        if m.disability_grade == 1 or age >= 80:
            m.selfcare_items_failed = rng.choice((0, 0, 1, 2, 3, 4, 5, 6))
        m.labour_ability = _labour_ability(m, age)
        m.incomes = {k: v * 100 for k, v in self.incomes(m, age, poor, urban).items() if v}

    def incomes(self, m: MemberInput, age: int, poor: bool, urban: bool) -> dict[str, int]:
        """Monthly income in whole yuan by category."""
        rng, out = self.rng, {}
        if m.labour_ability == "有劳动能力":
            if not poor:
                out["工资性"] = rng.randint(20, 48) * 100
            elif rng.random() < 0.6:  # odd jobs
                out["工资性"] = rng.randint(3, 12) * 100
            if not urban and rng.random() < (0.5 if poor else 0.3):
                out["经营净"] = rng.randint(5, 30) * 10  # farming and fish ponds
        elif m.labour_ability == "部分丧失" and age < 60 and rng.random() < 0.3:
            out["工资性"] = rng.randint(2, 6) * 100
        if age >= 60:  # 城乡居民基础养老金, or a retirement pension in town
            retired = urban and not poor and rng.random() < 0.6
            out["转移净"] = rng.randint(2000, 3200) if retired else rng.randint(103, 160)
        if not poor and age >= 30 and rng.random() < 0.05:
            out["财产净"] = rng.randint(2, 8) * 100
        return out

    def bank(self) -> tuple[str, str]:
        name = self.pick(tuple((n, w) for n, _, w in BANKS))
        prefix = next(p for n, p, _ in BANKS if n == name)
        while True:
            body = prefix + "".join(self.rng.choice("0123456789") for _ in range(12))
            account = body + luhn.calc_check_digit(body)
            if account not in self.accounts:
                self.accounts.add(account)
                return name, account

    def phone(self) -> str:
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randint(0, 99_999_999):08d}"

    def address(self, place: str) -> str:
        rng = self.rng
        if place in VILLAGES:
            return f"{place}{rng.randint(1, 14)}组{rng.randint(1, 48)}号"
        street = rng.choice(STREETS)
        if rng.random() < 0.5:
            return f"{place}{street}{rng.randint(1, 160)}号"
        flat = f"{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 7)}0{rng.randint(1, 4)}室"
        return f"{place}{street}{flat}"

    # ---- cases --------------------------------------------------------------------------------

    def months(self) -> tuple[str, str | None]:
        """(start month, end month or None): starts spread over the last three years, most in the last."""
        rng, month = self.rng, self.clock.month
        if rng.random() < 0.10:  # ended during the last year
            end = 24 + rng.randint(1, 10)
            return month(rng.randint(0, end - 1)), month(end)
        year = rng.choices((0, 1, 2), (25, 30, 45))[0]
        return month(year * 12 + rng.randint(0, 11)), None

    def dibao(self, plan: _Plan, urban: bool) -> None:
        rng, data = self.rng, plan.data
        area = "urban" if urban else "rural"
        plan.program = key_for("dibao", area)
        plan.covered = tuple(i for i, m in enumerate(data.members) if m.co_resident)
        plan.start_month, plan.end_month = self.months()
        month = plan.end_month or self.clock.last_month
        covered, params = [data.members[i] for i in plan.covered], _dibao_params(area, month)
        standard_fen = int(params.standard * 100)
        _cap_incomes(covered, int(len(covered) * standard_fen * rng.uniform(0.15, 0.85)))
        if any(m.serious_illness for m in covered) and rng.random() < 0.5:
            data.deductions_fen = rng.randint(10, 50) * 1000  # 医疗刚性支出
        if rng.random() < 0.02:
            data.separately_registered = True
            data.notes = "成员系村干部近亲属，已单独登记备案"
        calc = [_calc_member(m) for m in covered]
        plan.amount_fen = dibao_amount(calc, params, parse_month(month), data.deductions_fen).amount_fen
        if plan.end_month:
            self.end(plan, covered, standard_fen)

    def end(self, plan: _Plan, covered: list[MemberInput], standard_fen: int) -> None:
        """Why an ended case ended; an income reason gets the job income that ended it."""
        rng = self.rng
        earners = [m for m in covered if m.labour_ability == "有劳动能力"]
        plan.end_reason = self.pick(END_REASONS if earners else END_REASONS_NO_EARNER)
        if plan.end_reason in INCOME_REASONS:
            earner = rng.choice(earners)
            income = sum(sum(m.incomes.values()) for m in covered)
            needed = len(covered) * standard_fen - income + rng.randint(1, 8) * 10000
            raise_fen = max(needed, rng.randint(25, 40) * 10000)
            earner.incomes["工资性"] = earner.incomes.get("工资性", 0) + raise_fen

    def tekun(self, plan: _Plan, urban: bool) -> None:
        rng = self.rng
        area = "urban" if urban else "rural"
        person = plan.data.members[0]
        person.labour_ability = "完全丧失"
        person.selfcare_items_failed = rng.choice((0, 0, 0, 0, 1, 2, 3, 3, 4, 5, 6))
        person.incomes = {"转移净": rng.randint(103, 160) * 100} if _age(person, self.clock.today) >= 60 else {}
        plan.program, plan.covered = key_for("tekun", area), (0,)
        plan.start_month, _ = self.months()
        in_home = rng.random() < (0.6 if person.selfcare_items_failed >= 4 else 0.15)
        plan.support_mode = "集中供养" if in_home else "分散供养"
        last = self.clock.last_month
        params = _tekun_params(area, last)
        plan.amount_fen = tekun_amount([_calc_member(person)], params, parse_month(last)).amount_fen


def _birth_sex(m: MemberInput) -> str:
    return "男" if int(m.id_number[16]) % 2 else "女"


def _labour_ability(m: MemberInput, age: int) -> str:
    if age < 16 or m.student:
        return ""
    if m.disability_grade in (1, 2) or age >= 70:
        return "完全丧失"
    if m.disability_grade or m.serious_illness or age >= 60:
        return "部分丧失"
    return "有劳动能力"


def _cap_incomes(covered: list[MemberInput], cap_fen: int) -> None:
    """Scale the covered members' incomes down (to whole yuan) so they total at most cap_fen."""
    total = sum(sum(m.incomes.values()) for m in covered)
    if total <= cap_fen:
        return
    for m in covered:
        scaled = {k: v * cap_fen // total // 100 * 100 for k, v in m.incomes.items()}
        m.incomes = {k: v for k, v in scaled.items() if v}


def _calc_member(m: MemberInput) -> CalcMember:
    return CalcMember(id_number=m.id_number, covered=True, monthly_income_fen=sum(m.incomes.values()),
                      disability_grade=m.disability_grade, serious_illness=m.serious_illness,
                      selfcare_items_failed=m.selfcare_items_failed, name=m.name)


def _standard_yuan(family: str, area: str, month: str) -> Decimal:
    found = standard_in_force(DEFAULT_STANDARDS, family, area, month)
    assert found is not None, (family, area, month)  # the defaults cover 2019 on
    return Decimal(found.amount_fen) / 100


def _dibao_params(area: str, month: str) -> DibaoParams:
    s = DEFAULT_SETTINGS
    increments: dict = s["increments"]  # type: ignore[assignment]
    return DibaoParams(standard=_standard_yuan("dibao", area, month),
                       increments={k: Decimal(v) for k, v in increments.items()},
                       min_payment=Decimal(str(s["min_payment"])), rounding=str(s["rounding"]))


def _tekun_params(area: str, month: str) -> TekunParams:
    s = DEFAULT_SETTINGS
    fractions: dict = s["care_fractions"]  # type: ignore[assignment]
    return TekunParams(basic=_standard_yuan("tekun", area, month), min_wage=Decimal(str(s["min_wage"])),
                       care_fractions={k: Fraction(v) for k, v in fractions.items()},
                       rounding=str(s["rounding"]))

