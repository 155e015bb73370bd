"""The calc case file of SPEC §7 (`jiuzhu calc`): strict parsing of the JSON and the result.

Params a case leaves out come from the standards and settings in force; unknown fields are
refused, never ignored. The formulas themselves live in app.domain.calc.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction

from app.domain.calc import (
    CARE_TIERS,
    INCREMENT_CATEGORIES,
    SELFCARE_ITEMS,
    CalcMember,
    CalcResult,
    DibaoParams,
    TekunParams,
    dibao_amount,
    show_yuan,
    single_person_dibao,
    single_person_qualifies,
    tekun_amount,
)
from app.domain.ids import normalize_id
from app.domain.money import decimal_to_fen, format_fen, to_decimal
from app.domain.programs import AREA_NAMES, PROGRAM_NAMES, key_for
from app.domain.standards import (
    DEFAULT_SETTINGS,
    DEFAULT_STANDARDS,
    Standard,
    month_text,
    parse_month,
    standard_in_force,
)
from app.errors import IdNumberError, InvalidInput

# ---- calc case file (SPEC §7) --------------------------------------------------------------

MAX_JSON_DEPTH = 16  # a case list holds cases holding members holding fields: 4 levels deep, with room
_JSON_REASONS = {
    "Expecting value": "此处缺少值", "Extra data": "JSON 结束后还有多余内容",
    "Expecting ',' delimiter": "缺少逗号", "Expecting ':' delimiter": "缺少冒号",
    "Expecting property name enclosed in double quotes": "字段名须用双引号括起",
    "Unterminated string starting at": "字符串没有结束的引号", "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义字符",
}


def read_case_text(text: str, name: str = "计算案例") -> object:
    """The JSON of a calc case file, or InvalidInput naming `name` and where the JSON is wrong.

    Nesting deeper than MAX_JSON_DEPTH, numbers of thousands of digits and NaN / Infinity are
    refused here, so nothing below ever recurses or computes on them.
    """
    def constant(word: str) -> object:
        raise InvalidInput(f"{name}：JSON 中不允许 {word}")

    try:
        data = json.loads(text, parse_constant=constant)
    except RecursionError:
        raise InvalidInput(f"{name}：JSON 嵌套层数过多（最多 {MAX_JSON_DEPTH} 层）") from None
    except json.JSONDecodeError as exc:
        reason = _JSON_REASONS.get(exc.msg, "格式错误")
        raise InvalidInput(f"{name}：不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{reason}）") from None
    except ValueError:  # an integer of more digits than Python converts
        raise InvalidInput(f"{name}：JSON 中的数字位数过多") from None
    if _depth(data) > MAX_JSON_DEPTH:
        raise InvalidInput(f"{name}：JSON 嵌套层数过多（最多 {MAX_JSON_DEPTH} 层）")
    return data


def _depth(value: object) -> int:
    """How deeply lists and objects nest in `value` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest

_CASE_KEYS = frozenset({"program", "area", "month", "params", "members", "deductions", "single_person"})
_MEMBER_KEYS = frozenset(
    {
        "id_number",
        "covered",
        "monthly_income",
        "disability_grade",
        "serious_illness",
        "selfcare_items_failed",
        "name",
    }
)
_PARAM_KEYS = {
    "dibao": frozenset({"standard", "increments", "min_payment", "rounding"}),
    "tekun": frozenset({"basic", "min_wage", "care_fractions", "rounding"}),
}
_FRACTION = re.compile(r"\d{1,12}(\.\d{1,12})?(\s*/\s*\d{1,12})?", re.ASCII)
_MAX_YUAN = Decimal(100_000_000)  # far above any real amount; keeps exactness checks meaningful


def _shown(value: object) -> str:
    """A refused value as a message quotes it: its repr, at most 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _object(value: object, where: str, allowed: frozenset[str], prefix: str) -> dict:
    if not isinstance(value, dict):
        raise InvalidInput(f"{where}：应为 JSON 对象，实为 {type(value).__name__}")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise InvalidInput(f"{prefix}{unknown[0]}：未知的字段，可用字段为 {'、'.join(sorted(allowed))}")
    return value


def _number(value: object, where: str) -> Decimal:
    if value is None or isinstance(value, bool | list | dict):
        raise InvalidInput(f"{where}：应为数字或数字字符串，实为 {value!r}")
    try:
        number = to_decimal(value)
    except ValueError:
        raise InvalidInput(f"{where}：不是有效的数字 {value!r}") from None
    if not number.is_finite():
        raise InvalidInput(f"{where}：不是有效的数字 {value!r}")
    if number and not -12 <= number.adjusted() <= 12:  # 1e999999999 would overflow the arithmetic
        raise InvalidInput(f"{where}：数值超出范围（{str(value)[:40]}）")
    return number


def _yuan(value: object, where: str) -> Decimal:
    """Yuan (number or decimal string): not negative, at most two decimals."""
    amount = _number(value, where)
    if amount < 0:
        raise InvalidInput(f"{where}：金额不能为负，实为 {value}")
    if amount >= _MAX_YUAN:
        raise InvalidInput(f"{where}：金额过大（{value}）")
    if amount.normalize().as_tuple().exponent < -2:
        raise InvalidInput(f"{where}：金额最多两位小数，实为 {value}")
    return amount


def _fraction(value: object, where: str) -> Fraction:
    """An exact fraction from "1/6", "0.1" or a number."""
    if isinstance(value, str):
        # digits only: Fraction("1e999999999") would compute a number of a billion digits
        if not _FRACTION.fullmatch(value.strip()):
            raise InvalidInput(f'{where}：不是有效的比例 {value[:40]!r}（如 "1/6" 或 0.1）')
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise InvalidInput(f'{where}：不是有效的比例 {value!r}（如 "1/6" 或 0.1）') from None
    return Fraction(_number(value, where))


def _integer(value: object, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{where}：应为 {low}-{high} 的整数，实为 {value!r}")
    return value


def _boolean(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"{where}：应为 true 或 false，实为 {value!r}")
    return value


def _member(raw: object, index: int, program: str) -> CalcMember:
    where = f"members[{index}]"
    raw = _object(raw, where, _MEMBER_KEYS, f"{where}.")
    number = raw.get("id_number")
    if not isinstance(number, str):
        raise InvalidInput(f"{where}.id_number：应为身份证号字符串，实为 {number!r}")
    try:
        number = normalize_id(number).number
    except IdNumberError as exc:
        raise IdNumberError(f"{where}.id_number：{exc.params['detail']}") from None
    if "covered" not in raw:
        raise InvalidInput(f"{where}.covered：缺少，应为 true 或 false")
    covered = _boolean(raw["covered"], f"{where}.covered")
    if program == "tekun" and covered and "selfcare_items_failed" not in raw:
        raise InvalidInput(f"{where}.selfcare_items_failed：特困供养人员必须给出自理能力缺失项数（0-6）")
    name = raw.get("name", "")
    if not isinstance(name, str):
        raise InvalidInput(f"{where}.name：应为字符串")
    return CalcMember(
        id_number=number,
        covered=covered,
        monthly_income_fen=decimal_to_fen(_yuan(raw.get("monthly_income", 0), f"{where}.monthly_income")),
        disability_grade=_integer(raw.get("disability_grade", 0), f"{where}.disability_grade", 0, 4),
        serious_illness=_boolean(raw.get("serious_illness", False), f"{where}.serious_illness"),
        selfcare_items_failed=_integer(
            raw.get("selfcare_items_failed", 0), f"{where}.selfcare_items_failed", 0, SELFCARE_ITEMS
        ),
        name=name,
    )


def _members(raw: object, program: str) -> list[CalcMember]:
    if not isinstance(raw, list) or not raw:
        raise InvalidInput("members：应为非空的成员列表")
    members = [_member(item, i, program) for i, item in enumerate(raw)]
    seen: dict[str, int] = {}
    for i, member in enumerate(members):
        if member.id_number in seen:
            raise InvalidInput(f"members[{i}].id_number：与 members[{seen[member.id_number]}] 重复")
        seen[member.id_number] = i
    return members


def _defaults(program: str, area: str, month: date, standards: Iterable[Standard], settings: dict) -> dict:
    """Params a case leaves out: the standard in force for area and month, and the settings."""
    found = standard_in_force(standards, program, area, month)
    keys = (
        ("increments", "min_payment", "rounding")
        if program == "dibao"
        else ("min_wage", "care_fractions", "rounding")
    )
    values = {key: settings[key] for key in keys}
    if found is not None:
        values["standard" if program == "dibao" else "basic"] = format_fen(found.amount_fen)
    return values


def _required(values: dict, key: str, program_key: str, month: date) -> object:
    if key not in values:
        raise InvalidInput(
            f"params.{key}：缺少，且 {month_text(month)} 没有在用的{PROGRAM_NAMES[program_key]}标准"
        )
    return values[key]


def _rounding(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"params.rounding：应为 yuan、jiao 或 fen，实为 {value!r}")
    return value


def _dibao_params(values: dict, program_key: str, month: date) -> DibaoParams:
    increments = _object(
        values["increments"], "params.increments", frozenset(INCREMENT_CATEGORIES), "params.increments."
    )
    return DibaoParams(
        standard=_yuan(_required(values, "standard", program_key, month), "params.standard"),
        increments={k: _number(v, f"params.increments.{k}") for k, v in increments.items()},
        min_payment=_yuan(values["min_payment"], "params.min_payment"),
        rounding=_rounding(values["rounding"]),
    )


def _tekun_params(values: dict, program_key: str, month: date) -> TekunParams:
    fractions = _object(
        values["care_fractions"], "params.care_fractions", frozenset(CARE_TIERS), "params.care_fractions."
    )
    return TekunParams(
        basic=_yuan(_required(values, "basic", program_key, month), "params.basic"),
        min_wage=_yuan(values["min_wage"], "params.min_wage"),
        care_fractions={k: _fraction(v, f"params.care_fractions.{k}") for k, v in fractions.items()},
        rounding=_rounding(values["rounding"]),
    )


def _single_person(members: list[CalcMember], params: DibaoParams, month: date, deductions_fen: int) -> CalcResult:
    """SPEC §3.1 单人保: one covered member of a household whose per-capita income is under 1.5 S;
    n = 1, I = that member's income, D = 0. The case lists the whole household so the test can be made."""
    covered = [m for m in members if m.covered]
    if len(covered) != 1:
        raise InvalidInput(f"single_person：单人保只保障一人，实为 {len(covered)} 人")
    if not single_person_qualifies(members, params.standard, deductions_fen):
        total = max(sum(m.monthly_income_fen for m in members) - deductions_fen, 0)
        per_capita = Fraction(total, 100 * len(members))
        raise InvalidInput(
            f"single_person：全家人均收入 {show_yuan(per_capita)} 元，不低于 1.5 倍保障标准 "
            f"{show_yuan(Fraction(3, 2) * Fraction(params.standard))} 元，不能单人保")
    result = single_person_dibao(covered[0], params, month)
    result.lines.insert(0, f"单人保：全家 {len(members)} 人，人均收入低于 1.5 倍保障标准，只保障 {covered[0].label}")
    return result


def calc_from_json(
    case: object, *, standards: Iterable[Standard] = DEFAULT_STANDARDS, settings: dict | None = None
) -> dict:
    """One calc case (SPEC §7) -> {"eligible", "amount", "per_capita_income", "lines"}.

    Params the case leaves out come from `standards` (in force for area and month) and `settings`
    (default: the Yiyang 2020 defaults); unknown fields are refused, never ignored.
    """
    case = _object(case, "计算案例", _CASE_KEYS, "")
    program, area = case.get("program"), case.get("area")
    if not isinstance(program, str) or program not in _PARAM_KEYS:
        raise InvalidInput(f"program：应为 dibao 或 tekun，实为 {_shown(program)}")
    if not isinstance(area, str) or area not in AREA_NAMES:
        raise InvalidInput(f"area：应为 urban 或 rural，实为 {_shown(area)}")
    month = parse_month(case.get("month"), "month")
    members = _members(case.get("members"), program)
    deductions_fen = decimal_to_fen(_yuan(case.get("deductions", 0), "deductions"))
    raw_params = _object(case.get("params", {}), "params", _PARAM_KEYS[program], "params.")
    defaults = _defaults(program, area, month, standards, settings or DEFAULT_SETTINGS)
    values, key = {**defaults, **raw_params}, key_for(program, area)
    single = case.get("single_person", False)
    if not isinstance(single, bool):
        raise InvalidInput(f"single_person：应为 true 或 false，实为 {_shown(single)}")
    if single and program != "dibao":
        raise InvalidInput("single_person：单人保只适用于低保，特困供养按人计算")
    if single:
        result = _single_person(members, _dibao_params(values, key, month), month, deductions_fen)
    elif program == "dibao":
        result = dibao_amount(members, _dibao_params(values, key, month), month, deductions_fen)
    elif deductions_fen:
        raise InvalidInput("deductions：特困供养不扣减刚性支出，应为 0 或省略")
    else:
        result = tekun_amount(members, _tekun_params(values, key, month), month)
    head = [f"{PROGRAM_NAMES[key]} {month_text(month)}" + ("（单人保）" if single else "")]
    defaulted = [k for k in defaults if k not in raw_params]
    if defaulted:
        head.append(f"未给出的参数取默认设置：{'、'.join(defaulted)}")
    output = result.to_json()
    output["lines"] = head + output["lines"]
    return output


def calc_many(obj: object, **options: object) -> dict | list[dict]:
    """A case -> its result; a list of cases -> the list of results (an error names the case)."""
    if isinstance(obj, dict):
        return calc_from_json(obj, **options)
    if not isinstance(obj, list):
        raise InvalidInput("计算案例：应为 JSON 对象或对象列表")
    results = []
    for index, case in enumerate(obj):
        try:
            results.append(calc_from_json(case, **options))
        except InvalidInput as exc:
            raise type(exc)(f"第 {index + 1} 个案例 {exc.params['detail']}") from exc
    return results
