"""The township's own parameters (SPEC §3, §5): what each one is, how a person types it, its range.

Each field parses the text an administrator typed into the stored value, or raises InvalidInput
naming the field. Calculation parameters are effective-dated settings; the complaint phone and
the township population are not (they describe the township, not a month's rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.domain import canonical
from app.domain.money import fen_to_yuan, yuan_to_fen
from app.errors import InvalidInput

ROUNDING_NAMES = {"yuan": "到元", "jiao": "到角", "fen": "到分"}
INCREMENT_NAMES = {"elderly": "老年人（60 岁以上）", "minor": "未成年人", "severe_disability": "重度残疾（一、二级）",
                   "serious_illness": "重病患者"}
PHONE_MAX = 100


@dataclass(frozen=True)
class SettingField:
    key: str  # the setting key; increments are "increments.<category>"
    label: str
    kind: str  # phone / rounding / yuan / positive_yuan / rate / int
    dated: bool = True  # effective-dated (from a month on)
    low: int = 0
    high: int = 0  # for int


FIELDS: tuple[SettingField, ...] = (
    SettingField("complaint_phone", "投诉举报电话", "phone", dated=False),
    SettingField("population", "乡镇户籍人口（人）", "int", dated=False, low=0, high=10_000_000),
    SettingField("rounding", "低保金额取整方式", "rounding"),
    SettingField("min_payment", "最低发放金额（元/户/月）", "yuan"),
    *(SettingField(f"increments.{k}", f"分类施保：{name}（标准的倍数）", "rate") for k, name in INCREMENT_NAMES.items()),
    SettingField("min_wage", "上年度月最低工资标准（元）", "positive_yuan"),
    SettingField("temp_limit_multiple", "临时救助乡镇审批上限（城市低保标准的倍数）", "int", low=1, high=20),
    SettingField("taper_months", "渐退期（月）", "int", low=0, high=24),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}


def parse_field(f: SettingField, typed: object) -> object:
    """The stored value of what was typed for `f`; InvalidInput naming the field otherwise."""
    text = canonical.text(typed)
    if f.kind == "phone":
        text = " ".join(text.split())
        if len(text) > PHONE_MAX:
            raise InvalidInput(f"{f.label}：最多 {PHONE_MAX} 个字符，实为 {len(text)} 个")
        return text
    if f.kind == "rounding":
        for key, name in ROUNDING_NAMES.items():
            if text in (key, name):
                return key
        raise InvalidInput(f"{f.label}：应为 {'、'.join(ROUNDING_NAMES.values())} 之一，实为「{text}」")
    if f.kind in ("yuan", "positive_yuan"):
        try:
            fen = yuan_to_fen(text.removesuffix("元").replace(",", "") or "0")
        except ValueError as exc:
            raise InvalidInput(f"{f.label}：{exc}") from None
        if f.kind == "positive_yuan" and fen <= 0:
            raise InvalidInput(f"{f.label}：应大于 0")
        return str(fen // 100) if fen % 100 == 0 else str(fen_to_yuan(fen))
    if f.kind == "rate":
        try:
            rate = Decimal(text or "0")
        except InvalidOperation:
            rate = Decimal(-1)
        if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(2) or rate.as_tuple().exponent < -4:
            raise InvalidInput(f"{f.label}：应为 0 至 2 之间的小数（如 0.1 表示标准的 10%），实为「{text}」")
        return str(rate)
    try:
        number = int(text)
    except ValueError:
        raise InvalidInput(f"{f.label}：应为 {f.low}-{f.high} 的整数，实为「{text}」") from None
    if not f.low <= number <= f.high:
        raise InvalidInput(f"{f.label}：应为 {f.low}-{f.high} 的整数，实为 {number}")
    return number


def shown(f: SettingField, value: object) -> str:
    """The stored value as the administrator sees it in the form."""
    if f.kind == "rounding":
        return ROUNDING_NAMES.get(str(value), str(value))
    return "" if value is None else str(value)
