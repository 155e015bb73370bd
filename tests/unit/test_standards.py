"""Effective-dated standards, the Yiyang 2020 defaults and the program names (SPEC §3)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.programs import PROGRAM_NAMES, key_for, program_key, program_name, split_key
from app.domain.standards import (
    DEFAULT_SETTINGS,
    DEFAULT_STANDARDS,
    Standard,
    parse_month,
    standard_for_key,
    standard_in_force,
)
from app.errors import InvalidInput


@pytest.mark.parametrize(
    ("month", "amount_fen"),
    [("2018-12", None), ("2019-01", 31000), ("2019-12", 31000), ("2020-01", 33500), ("2021-06", 33500)],
)
def test_rural_dibao_in_force_is_the_latest_effective_on_or_before_the_month(month, amount_fen):
    found = standard_in_force(DEFAULT_STANDARDS, "dibao", "rural", month)
    assert (found.amount_fen if found else None) == amount_fen


@pytest.mark.parametrize(
    ("key", "amount_fen"),
    [("urban_dibao", 58000), ("rural_dibao", 33500), ("urban_tekun", 75400), ("rural_tekun", 43550)],
)
def test_yiyang_2020_defaults_per_program(key, amount_fen):
    assert standard_for_key(DEFAULT_STANDARDS, key, "2020-12").amount_fen == amount_fen


def test_rural_tekun_default_is_the_yearly_amount_divided_by_twelve():
    assert standard_for_key(DEFAULT_STANDARDS, "rural_tekun", date(2020, 7, 1)).amount_fen * 12 == 5226_00


def test_lookup_does_not_depend_on_the_order_of_standards():
    standards = [Standard("dibao", "urban", 60000, "2021-01"), *reversed(DEFAULT_STANDARDS)]
    assert standard_in_force(standards, "dibao", "urban", "2021-03").amount_fen == 60000
    assert standard_in_force(standards, "dibao", "urban", "2020-12").amount_fen == 58000


@pytest.mark.parametrize("month", ["2020-13", "2020-00", "2020-1", "20-01", "2020/01", None, 202001])
def test_month_must_be_year_dash_two_digit_month(month):
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        parse_month(month)


@pytest.mark.parametrize(
    "args",
    [
        ("lowbao", "urban", 100, "2020-01"),
        ("dibao", "town", 100, "2020-01"),
        ("dibao", "urban", 0, "2020-01"),
        ("dibao", "urban", 100, "2020-1"),
    ],
)
def test_standard_with_unknown_program_area_or_bad_amount_is_refused(args):
    with pytest.raises(InvalidInput):
        Standard(*args)


def test_default_settings_match_the_spec():
    assert DEFAULT_SETTINGS["care_fractions"] == {"全自理": "1/10", "半护理": "1/6", "全护理": "1/3"}
    assert set(DEFAULT_SETTINGS["increments"].values()) == {"0"}
    assert (DEFAULT_SETTINGS["min_wage"], DEFAULT_SETTINGS["min_payment"], DEFAULT_SETTINGS["rounding"]) == (
        "1540",
        "0",
        "yuan",
    )
    assert (DEFAULT_SETTINGS["taper_months"], DEFAULT_SETTINGS["temp_limit_multiple"]) == (6, 3)


def test_program_names_are_exactly_those_of_the_spec():
    assert PROGRAM_NAMES == {
        "urban_dibao": "城市低保",
        "rural_dibao": "农村低保",
        "urban_tekun": "城市特困",
        "rural_tekun": "农村特困",
        "temporary": "临时救助",
        "price_subsidy": "价格临时补贴",
    }


@pytest.mark.parametrize(("key", "name"), list(PROGRAM_NAMES.items()))
def test_program_key_and_name_round_trip(key, name):
    assert program_key(name) == key and program_name(key) == name and program_key(key) == key


@pytest.mark.parametrize("name", ["低保", "城市 低保x", ""])
def test_unknown_program_name_is_refused(name):
    with pytest.raises(InvalidInput):
        program_key(name)


@pytest.mark.parametrize(("family", "area"), [("dibao", "urban"), ("tekun", "rural")])
def test_family_and_area_round_trip_through_the_program_key(family, area):
    assert split_key(key_for(family, area)) == (family, area)


def test_temporary_is_not_a_formula_program():
    with pytest.raises(InvalidInput):
        split_key("temporary")
