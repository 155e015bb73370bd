"""How an administrator types each township parameter, and what is refused (table-driven)."""

import pytest

from app.domain.township_settings import FIELD_BY_KEY, parse_field
from app.errors import InvalidInput

OK = [
    ("complaint_phone", " 0737-4321234  13807371234 ", "0737-4321234 13807371234"),
    ("rounding", "到角", "jiao"), ("rounding", "fen", "fen"),
    ("min_payment", "10元", "10"), ("min_payment", "", "0"), ("min_payment", "12.50", "12.50"),
    ("min_wage", "1,540", "1540"), ("min_wage", "１５４０", "1540"),
    ("increments.elderly", "0.1", "0.1"), ("increments.minor", "0", "0"),
    ("taper_months", "６", 6), ("temp_limit_multiple", "3", 3), ("population", "36500", 36500),
]
BAD = [
    ("complaint_phone", "1" * 101, "最多 100 个字符"), ("rounding", "四舍五入", "到元、到角、到分"),
    ("min_payment", "-1", "不能为负"), ("min_wage", "0", "应大于 0"), ("min_wage", "abc", "上年度月最低工资"),
    ("increments.elderly", "3", "0 至 2"), ("increments.elderly", "NaN", "0 至 2"),
    ("taper_months", "25", "0-24"), ("temp_limit_multiple", "0", "1-20"), ("population", "三万", "整数"),
]


@pytest.mark.parametrize(("key", "typed", "stored"), OK)
def test_typed_values_are_stored_in_one_form(key, typed, stored):
    assert parse_field(FIELD_BY_KEY[key], typed) == stored


@pytest.mark.parametrize(("key", "typed", "why"), BAD)
def test_bad_values_are_refused_naming_the_field(key, typed, why):
    with pytest.raises(InvalidInput, match=why) as caught:
        parse_field(FIELD_BY_KEY[key], typed)
    assert FIELD_BY_KEY[key].label in str(caught.value)
