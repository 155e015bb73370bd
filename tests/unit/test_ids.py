"""GB 11643-1999 ID numbers: golden fixture cases and the derived fields."""

import json
from datetime import date

import pytest

from app.domain.ids import age_on, is_valid_id, normalize_id
from app.errors import IdNumberError


def _cases(fixtures_dir, kind):
    return json.loads((fixtures_dir / "id_numbers.json").read_text(encoding="utf-8"))[kind]


def test_every_valid_fixture_number_is_accepted(fixtures_dir):
    assert [n for n in _cases(fixtures_dir, "valid") if not is_valid_id(n)] == []


def test_every_invalid_fixture_number_is_refused(fixtures_dir):
    assert [n for n in _cases(fixtures_dir, "invalid") if is_valid_id(n)] == []


@pytest.mark.parametrize(
    ("raw", "stored", "born", "sex"),
    [
        ("430902194501010013", "430902194501010013", date(1945, 1, 1), "男"),
        ("11010519491231002x", "11010519491231002X", date(1949, 12, 31), "女"),
        (" 11010519491231002X ", "11010519491231002X", date(1949, 12, 31), "女"),
        ("430902800101001", "430902198001010015", date(1980, 1, 1), "男"),
        ("990000200001010020", "990000200001010020", date(2000, 1, 1), "女"),  # unknown area accepted
    ],
)
def test_normalised_number_and_derived_fields(raw, stored, born, sex):
    info = normalize_id(raw)
    assert (info.number, info.birth_date, info.sex) == (stored, born, sex)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("430902194501010014", "校验位"),
        ("430902194502300013", "不存在"),
        ("430902209901010013", "未来"),
        ("4309021945010100", "长度"),
        ("43090219450101001Y", "末位"),
        ("", "不能为空"),
    ],
)
def test_bad_numbers_say_why(raw, reason):
    with pytest.raises(IdNumberError) as err:
        normalize_id(raw, today=date(2026, 11, 26))
    assert reason in err.value.text


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [(date(1960, 12, 1), date(2020, 12, 1), 60), (date(1960, 12, 2), date(2020, 12, 1), 59),
     (date(2002, 12, 1), date(2020, 12, 1), 18), (date(2000, 2, 29), date(2020, 2, 28), 19)],
)
def test_age_on_a_day(birth, day, age):
    assert age_on(birth, day) == age
