"""Indicators (SPEC §6): golden figures computed independently from the legacy roster fixture."""

import json
import os
import subprocess
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import openpyxl
import pytest

from app.domain.programs import ALL_PROGRAMS
from app.services.legacy_io import import_legacy
from app.services.rosters import confirm_rosters, generate_rosters
from app.services.stats import indicators, stats_json

MONTHS = [f"2020-{m:02d}" for m in range(1, 13)]
CATEGORY = {"城市低保": "urban_dibao", "农村低保": "rural_dibao", "城市特困": "urban_tekun", "农村特困": "rural_tekun"}


def expected_from_fixture(path, months=MONTHS, period=12):
    """Per program: which cases pay each month (from 纳入年月), their persons and amounts."""
    rows = list(openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
    col = {name: i for i, name in enumerate(rows[0])}
    households = defaultdict(list)
    for r in rows[1:]:
        households[r[col["户编号"]]].append(r)
    cases = []  # (program, household, start month, persons, fen)
    for hh, members in households.items():
        for r in members:
            program = CATEGORY.get(r[col["救助类别"]])
            if program is None or (program.endswith("dibao") and r[col["与户主关系"]] != "本人"):
                continue
            persons = sum(m[col["救助类别"]] == r[col["救助类别"]] for m in members) if program.endswith("dibao") else 1
            fen = int(Decimal(str(r[col["月救助金(元)"]])) * 100)
            cases.append((program, hh, r[col["纳入年月"]], persons, fen))
    out = {}
    for program in ALL_PROGRAMS:
        hh_months = persons = fen = 0
        for m in months:
            paying = [c for c in cases if c[0] == program and c[2] <= m]
            hh_months += len({c[1] for c in paying})
            persons += sum(c[3] for c in paying)
            fen += sum(c[4] for c in paying)

        def two(x):
            return Decimal(x.numerator) / Decimal(x.denominator)

        out[program] = {
            "avg_households": float(two(Fraction(hh_months, period)).quantize(Decimal("0.01"), ROUND_HALF_UP)),
            "avg_persons": float(two(Fraction(persons, period)).quantize(Decimal("0.01"), ROUND_HALF_UP)),
            "avg_amount_per_person": (f"{two(Fraction(fen, persons * 100)).quantize(Decimal('0.01'), ROUND_HALF_UP)}"
                                      if persons else "0.00"),
            "total_paid": f"{Decimal(fen) / 100:.2f}",
            "households_times": hh_months,
        }
    return out


@pytest.fixture
def imported(db_ctx, admin, fixtures_dir):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    return fixtures_dir / "legacy/roster_valid.xlsx"


def pay(db_ctx, clerk, reviewer, months):
    for m in months:
        generate_rosters(db_ctx.uow, clerk, m)
        confirm_rosters(db_ctx.uow, reviewer, m)


def test_twelve_confirmed_rosters_match_the_fixture_to_the_fen(db_ctx, clerk, reviewer, imported):
    pay(db_ctx, clerk, reviewer, MONTHS)
    got = stats_json(db_ctx.uow, 2020)
    assert got == {"year": 2020, "programs": expected_from_fixture(imported)}
    assert got["programs"]["rural_dibao"]["households_times"] > 0  # the fixture is not trivially empty


def test_a_month_is_its_own_average_and_matches_the_december_golden_roster(db_ctx, clerk, reviewer, imported,
                                                                           fixtures_dir):
    pay(db_ctx, clerk, reviewer, ["2020-12"])
    got = stats_json(db_ctx.uow, 2020, 12)["programs"]
    golden = json.loads((fixtures_dir / "legacy/roster_valid.expected.json").read_text(encoding="utf-8"))
    for program, want in golden["roster_2020-12"].items():
        assert (got[program]["avg_households"], got[program]["avg_persons"], got[program]["total_paid"]) == (
            want["households"], want["persons"], want["total"])
    assert got == expected_from_fixture(imported, ["2020-12"], 1)


def test_months_without_a_confirmed_roster_count_as_nothing_paid(db_ctx, clerk, reviewer, imported):
    pay(db_ctx, clerk, reviewer, ["2020-12"])
    generate_rosters(db_ctx.uow, clerk, "2020-11")  # a draft pays nothing
    year = stats_json(db_ctx.uow, 2020)["programs"]
    december = expected_from_fixture(imported, ["2020-12"], 12)
    assert year == december
    assert year["rural_tekun"]["avg_households"] == round(6 / 12, 2)
    assert stats_json(db_ctx.uow, 2020, 11)["programs"]["rural_dibao"]["total_paid"] == "0.00"


def test_previous_year_change_and_coverage(db_ctx, clerk, reviewer, imported):
    from app.models import Township

    pay(db_ctx, clerk, reviewer, ["2019-12", "2020-12"])
    with db_ctx.uow.begin() as s:
        s.query(Township).one().population = 10_000
    report = indicators(db_ctx.uow, 2020, 12)
    dibao = report.programs["urban_dibao"]
    assert dibao.previous.total_paid_fen > 0 and dibao.change("total_paid_fen") > 0  # more cases in 2020
    assert dibao.coverage_pct == (dibao.current.avg_persons / 100).quantize(Decimal("0.01"))
    assert report.programs["temporary"].coverage_pct is None
    assert report.total.current.total_paid_fen == sum(p.current.total_paid_fen for p in report.programs.values())
    year = indicators(db_ctx.uow, 2020).programs["urban_dibao"]
    assert (year.new_cases, year.ended_cases) == (5, 0)  # 纳入年月 2020-01, -02, -05, -09, -10


def run_cli(tmp_path, *args):
    env = dict(os.environ, JIUZHU_HOME=str(tmp_path / "home"))
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=120)


def test_cli_prints_exactly_the_json_and_writes_the_xlsx(tmp_path, db_ctx, clerk, reviewer, imported):
    pay(db_ctx, clerk, reviewer, MONTHS)
    done = run_cli(tmp_path, "--db", str(db_ctx.db_path), "stats", "--year", "2020", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == stats_json(db_ctx.uow, 2020)
    out = tmp_path / "指标.xlsx"
    done = run_cli(tmp_path, "--db", str(db_ctx.db_path), "stats", "--year", "2020", "--xlsx", str(out))
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(out)["绩效指标"]
    assert sheet["A1"].value == "测试镇2020年社会救助绩效自评指标表"
    assert [sheet.cell(row=r, column=1).value for r in range(4, 11)] == [
        "城市低保", "农村低保", "城市特困", "农村特困", "临时救助", "价格临时补贴", "合计"]
    assert run_cli(tmp_path, "--db", str(db_ctx.db_path), "stats", "--year", "2020", "--month", "13",
                   "--json").returncode == 3


def test_temporary_assistance_counts_one_time_per_grant_and_price_subsidy_its_total(db_ctx, admin, clerk, reviewer,
                                                                                   imported):
    from datetime import date

    from app.services.standards import set_price_subsidy
    from app.services.temporary import decide_grant, register_grant

    set_price_subsidy(db_ctx.uow, admin, "2020-12", "30", "20")
    for amount, persons in (("800", 2), ("500", 1)):  # two grants to the same household in one month
        gid = register_grant(db_ctx.uow, clerk, 1, kind="支出型", amount=amount, persons=persons, reason="住院",
                             on=date(2020, 12, 1))
        decide_grant(db_ctx.uow, reviewer, gid, approve=True, on=date(2020, 12, 2))
    pay(db_ctx, clerk, reviewer, ["2020-12"])
    got = stats_json(db_ctx.uow, 2020, 12)["programs"]
    assert got["temporary"] == {"avg_households": 1.0, "avg_persons": 3.0, "avg_amount_per_person": "433.33",
                                "total_paid": "1300.00", "households_times": 2}
    assert got["price_subsidy"]["total_paid"] == f"{(49 * 30 + (53 + 6) * 20):.2f}"
    assert got["price_subsidy"]["avg_persons"] == 49 + 53 + 6
