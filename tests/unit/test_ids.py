"""GB 11643-1999 ID numbers: golden fixture cases and the derived fields."""

import json
import random
from datetime import date

import pytest

from app.domain.ids import age_on, is_stored_id, is_valid_id, normalize_id
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


def _stored(raw: object, today: date) -> bool:
    try:
        return normalize_id(raw, today=today).number == raw
    except IdNumberError:
        return False


TODAY = date(2026, 11, 26)


@pytest.mark.parametrize("raw", [
    "430902194501010013", "11010519491231002X", "11010519491231002x", " 11010519491231002X", "430902800101001",
    "430902194501010014", "430902194502300013", "430902209901010013", "430902202611260018", "430902202611270014",
    "430902190002290016", "430902200002290013", "430902000001010013", "430902194513010013", "430902194501000013",
    "4309021945010100", "43090219450101001Y", "", None, 430902194501010013, "４３0902194501010013",
    "٤٣0902194501010013", "43090219450101 0013", "430902194501010013\n",
])
def test_is_stored_id_agrees_with_normalize_id(raw):
    assert is_stored_id(raw, today=TODAY) == _stored(raw, TODAY)


def test_is_stored_id_agrees_with_normalize_id_on_many_numbers():
    rng = random.Random(11643)
    numbers = []
    for _ in range(20_000):
        body = f"{rng.randrange(10 ** 6):06d}{rng.randrange(1890, 2030)}{rng.randrange(0, 14):02d}" \
               f"{rng.randrange(0, 32):02d}{rng.randrange(1000):03d}"
        numbers.append(body + rng.choice("0123456789Xx"))
    assert [n for n in numbers if is_stored_id(n, today=TODAY) != _stored(n, TODAY)] == []
    assert 0 < sum(map(lambda n: is_stored_id(n, today=TODAY), numbers)) < len(numbers)
