"""Fuzzing the command line (issue 13): whatever a person types, exit 0, 2, 3 or 4 with Chinese text.

Never a traceback, never E_INTERNAL. `app.cli.main(argv)` runs in-process against one small
township (a household, a case, a 2020-12 roster) and one initialised county. Commands that
would block or reach the network cannot be produced: `county serve` only ever sees a county
database that is not initialised (it stops before binding), `sync upload` a batch file that does
not exist, and no argv lacks a command (which would open the GUI).

The first tests are the inputs the issue names, each with its exit code and message.
"""

from __future__ import annotations

import json
import time

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.bootstrap import open_database
from app.cli import main
from app.domain import passwords
from app.domain.programs import PROGRAM_NAMES
from app.domain.registry import HouseholdInput, MemberInput
from app.models import Household, Member
from app.services.auth import add_user, login
from app.services.cases import create_case_in
from app.services.households import register_household
from app.services.rosters import generate_rosters
from app.services.township import init_township
from tests.conftest import PASSWORD

ALLOWED = {0, 2, 3, 4}
FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


class World:
    """The township and county every example runs against, and how to run a command."""

    def __init__(self, db, county, tmp, capsys) -> None:
        self.db, self.county, self.tmp, self.capsys = str(db), str(county), tmp, capsys
        self.no_county = str(tmp / "no-county.db")  # never initialised: county serve stops before binding

    def run(self, *argv: str, user: str | None = "clerk") -> tuple[int, str]:
        self.capsys.readouterr()
        prefix = ["--db", self.db] + (["--user", user] if user else [])
        code = main([*prefix, *argv])
        err = self.capsys.readouterr().err
        assert code in ALLOWED, (argv, code, err)
        assert "Traceback" not in err and "E_INTERNAL" not in err, (argv, err)
        if code:
            assert "错误 [E_" in err, (argv, err)
        return code, err


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """Built once for the file: the township (cheap argon2 hashes, as in conftest) and the county."""
    tmp = tmp_path_factory.mktemp("cli")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JIUZHU_HOME", str(tmp / "home"))
        mp.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        ctx = open_database(tmp / "township.db", create=True)
        try:
            init_township(ctx.uow, code="430902101", name="测试镇", admin="admin", password=PASSWORD)
            admin = login(ctx.uow, "admin", PASSWORD)
            for role in ("clerk", "reviewer"):
                add_user(ctx.uow, admin, role, role, PASSWORD)
            clerk = login(ctx.uow, "clerk", PASSWORD)
            hid = register_household(ctx.uow, clerk, HouseholdInput(
                village="东风村", hukou_type="城镇", bank_account="6228000011112222333", members=[
                    MemberInput("张三丰", "430902194501010013", "本人"),
                    MemberInput("李四娘", "11010519491231002X", "配偶")]))
            with ctx.uow.begin() as s:
                members = list(s.scalars(select(Member).where(Member.household_id == hid)))
                create_case_in(s, admin, s.get(Household, hid), "urban_dibao", "2020-11", 50000, members,
                               payee_name="张三丰", payee_account="6228000011112222333")
            generate_rosters(ctx.uow, clerk, "2020-12")
        finally:
            ctx.close()
        assert main(["county", "init", "--db", str(tmp / "county.db"), "--out", str(tmp / "county.pub")]) == 0
    return tmp


@pytest.fixture
def world(shared, monkeypatch, capsys):
    monkeypatch.setenv("JIUZHU_HOME", str(shared / "home"))  # one data folder: one daily backup, not one per test
    monkeypatch.chdir(shared)  # a relative junk path (county --db x) makes its file here, not in the checkout
    monkeypatch.setenv("JIUZHU_PASSWORD", PASSWORD)
    monkeypatch.delenv("JIUZHU_USER", raising=False)
    return World(shared / "township.db", shared / "county.db", shared, capsys)


# ---- the inputs the issue names --------------------------------------------------------------


def test_a_month_far_away_is_refused_at_once(world):
    started = time.monotonic()
    code, err = world.run("roster", "generate", "--month", "9999-12")
    assert code == 3 and "2000-01 至 2099-12" in err and time.monotonic() - started < 10


@pytest.mark.parametrize("year", ["99999", "0", "1999", "2100", "二〇二〇"])
def test_stats_year_outside_the_range_exits_3(world, year):
    code, err = world.run("stats", "--year", year, "--json", user=None)
    assert code == 3 and "年份应为 2000 至 2099" in err


def test_calc_on_deeply_nested_json_exits_3(world):
    path = world.tmp / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, err = world.run("calc", str(path), user=None)
    assert code == 3 and "嵌套层数过多" in err


@pytest.mark.parametrize("option", ["--xlsx", "--pdf", "--bank"])
@pytest.mark.parametrize("where", ["folder", "missing folder"])
def test_export_to_a_folder_or_into_a_missing_folder_exits_3(world, option, where):
    path = world.tmp if where == "folder" else world.tmp / "nowhere" / "x.out"
    code, err = world.run("roster", "export", "--month", "2020-12", option, str(path))
    assert code == 3 and option in err and ("文件夹" in err)
    assert not (world.tmp / "nowhere").exists()


def test_notice_pdf_to_a_folder_exits_3(world):
    code, err = world.run("notice", "--current", "--pdf", str(world.tmp), user=None)
    assert code == 3 and "这是一个文件夹" in err


def test_upload_to_a_broken_address_is_a_usage_error(world):
    code, err = world.run("sync", "upload", str(world.tmp / "b.zip"), "--url", "http://[::1")
    assert code == 2 and "--url" in err and "有效地址" in err


def test_county_decide_with_an_absurd_amount_exits_3(world):
    code, err = world.run("county", "decide", "--db", world.county, "--application", "1", "--confirm",
                          "--amount", "1e999999999", "--out", str(world.tmp), user=None)
    assert code == 3 and "金额过大" in err


def test_county_status_on_an_unsupported_database_url_is_a_usage_error(world):
    code, err = world.run("county", "status", "--db", "mysql://u:p@localhost/county", user=None)
    assert code == 2 and "不支持的数据库地址「mysql://…」" in err and "u:p@" not in err


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http", "８０"])
def test_county_serve_on_an_impossible_port_is_a_usage_error(world, port):
    code, err = world.run("county", "serve", "--db", world.county, "--port", port, user=None)
    assert code == 2 and "端口应为 1 至 65535" in err or "应为整数" in err


def test_county_serve_on_a_host_that_does_not_resolve_exits_3(world):
    code, err = world.run("county", "serve", "--db", world.county, "--host", "256.1.1.1", "--port", "8765",
                          user=None)
    assert code == 3 and "无法解析" in err


@pytest.mark.parametrize("argv, text", [
    (["frobnicate"], "无效的选择"), (["roster"], "缺少必需的参数"), (["roster", "export", "--month", "2020-12"],
                                                              "必须给出以下参数之一"),
    (["stats", "--year", "2020", "--json", "--bogus"], "无法识别的参数"),
    (["user", "add", "x", "--role", "boss"], "无效的选择"), (["demo", "--households", "ten"], "应为整数"),
])
def test_usage_errors_are_in_chinese(world, argv, text):
    code, err = world.run(*argv, user=None)
    assert code == 2 and text in err and "用法：" in err and "usage:" not in err


# ---- fuzzing ---------------------------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=16)
MONTHS = st.one_of(
    st.sampled_from(["2020-12", "2020-11", "2000-01", "2099-12", "9999-12", "0000-01", "10000-01", "2020-13",
                     "2020-00", "２０２０-１２", " 2020-12", "2020-1", "202012", "-2020-12", "2020-12-01", ""]),
    st.from_regex(r"\d{1,5}-\d{1,3}", fullmatch=True), _TEXT)
YEARS = st.one_of(st.integers(-10**6, 10**6).map(str), st.sampled_from(["2020", "２０２０", "2_020", "1e3", ""]),
                  _TEXT)
PROGRAMS = st.one_of(st.sampled_from([*PROGRAM_NAMES, *PROGRAM_NAMES.values(), "城市", "dibao"]), _TEXT)
AMOUNTS = st.one_of(st.sampled_from(["1e999999999", "1e10000000", "NaN", "Infinity", "-1", "0.001", "1,000",
                                     "650元", "9" * 5000, "1e300", "100"]),
                    st.decimals(allow_nan=True, allow_infinity=True).map(str), _TEXT)
DATES = st.one_of(st.sampled_from(["9999-12-31", "0001-01-01", "2020-02-30", "2020-10-19", ""]), _TEXT)
URLS = st.one_of(st.sampled_from(["http://[::1", "http://h:99999/", "http://", "ftp://x/", "https://[", "http:x",
                                  "http://127.0.0.1:1/", "https://县级.example/"]), _TEXT)
PORTS = st.one_of(st.integers(-10**6, 10**6).map(str), st.sampled_from(["", "http", "８０", "1e3"]), _TEXT)


def _paths(world):
    tmp = world.tmp
    special = st.sampled_from([str(tmp), str(tmp / "nowhere" / "x.xlsx"), "", "/", "/proc/x.pdf",
                               str(tmp / ("很长" * 200 + ".pdf")), "/etc/passwd/x.pdf", str(tmp / "ok.xlsx")])
    named = _TEXT.filter(lambda t: t.strip() and "/" not in t).map(lambda t: str(tmp / t))
    return st.one_of(special, named)


@FUZZ
@given(data=st.data())
def test_months_years_and_programs(world, data):
    template = data.draw(st.sampled_from(["generate", "confirm", "export", "stats", "county_stats"]))
    month, program = data.draw(MONTHS), data.draw(PROGRAMS)
    if template == "generate":
        world.run("roster", "generate", "--month", month)
    elif template == "confirm":
        world.run("roster", "confirm", "--month", month, "--program", program, user="reviewer")
    elif template == "export":
        world.run("roster", "export", "--month", month, "--program", program, "--xlsx", str(world.tmp / "r.xlsx"))
    elif template == "stats":
        world.run("stats", "--year", data.draw(YEARS), "--month", month, "--json", user=None)
    else:
        world.run("county", "stats", "--db", world.county, "--year", data.draw(YEARS), "--month", month, "--json",
                  user=None)


@FUZZ
@given(data=st.data())
def test_output_paths(world, data):
    path = data.draw(_paths(world))
    template = data.draw(st.sampled_from(["xlsx", "pdf", "bank", "notice", "stats", "calc", "full", "household"]))
    if template in ("xlsx", "pdf", "bank"):
        world.run("roster", "export", "--month", "2020-12", f"--{template}", path)
    elif template == "full":
        world.run("roster", "export", "--month", "2020-12", "--xlsx", path, "--full", user="reviewer")
    elif template == "notice":
        world.run("notice", data.draw(st.sampled_from(["--current", "--pending"])), "--pdf", path, user=None)
    elif template == "stats":
        world.run("stats", "--year", "2020", "--xlsx", path, user=None)
    elif template == "household":
        world.run("household", "export", path, user="admin")
    else:
        world.run("calc", path, user=None)


@FUZZ
@given(data=st.data())
def test_amounts_dates_addresses_and_ports(world, data):
    template = data.draw(st.sampled_from(["decide", "upload", "trust", "serve", "status"]))
    if template == "decide":
        world.run("county", "decide", "--db", world.county, "--application", "1", "--confirm", "--amount",
                  data.draw(AMOUNTS), "--on", data.draw(DATES), "--out", str(world.tmp), user=None)
    elif template == "upload":
        world.run("sync", "upload", str(world.tmp / "missing.zip"), "--url", data.draw(URLS), "--attempts",
                  data.draw(st.sampled_from(["1", "0", "-3", "99", "x"])))
    elif template == "trust":
        world.run("sync", "trust-county", str(world.tmp / "missing.pub"), "--url", data.draw(URLS), user="admin")
    elif template == "serve":  # a county that is not initialised: refused before any socket is bound
        world.run("county", "serve", "--db", world.no_county, "--host", data.draw(_TEXT), "--port", data.draw(PORTS),
                  user=None)
    else:
        world.run("county", "status", "--db", data.draw(st.one_of(URLS.map(lambda u: "x" + u), _TEXT)), user=None)


_JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _TEXT),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
                     max_leaves=12)
CASE_KEYS = ("program", "area", "month", "params", "members", "deductions")


@FUZZ
@given(data=st.data())
def test_calc_case_files(world, data):
    kind = data.draw(st.sampled_from(["json", "case", "deep", "text"]))
    if kind == "json":
        text = json.dumps(data.draw(_JSON))
    elif kind == "case":
        case = {"program": data.draw(st.sampled_from(["dibao", "tekun", "x"])), "area": "urban",
                "month": data.draw(MONTHS), "deductions": data.draw(AMOUNTS), "members": data.draw(_JSON)}
        case[data.draw(st.sampled_from(CASE_KEYS))] = data.draw(_JSON)
        text = json.dumps(case)
    elif kind == "deep":
        depth = data.draw(st.integers(1, 200_000))
        text = '{"a":' * depth + "1" + "}" * depth
    else:
        text = data.draw(st.text(max_size=40))
    path = world.tmp / "case.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    world.run("calc", str(path), user=None)


SAFE_COMMANDS = [["roster", "generate"], ["roster", "confirm"], ["roster", "export"], ["notice"], ["stats"],
                 ["check"], ["calc"], ["audit", "verify"], ["sync", "status"], ["roster"], ["household", "export"],
                 ["user", "add"], ["county", "status"], ["county", "stats"], ["county", "verify"]]
JUNK = st.lists(st.one_of(_TEXT, st.sampled_from(["--month", "--year", "--json", "--xlsx", "--pdf", "--bank",
                                                  "--program", "--full", "--db", "--user", "-h", "--role", "--",
                                                  "2020-12", "城市低保", "reviewer", "admin"])), max_size=6)


@FUZZ
@given(command=st.sampled_from(SAFE_COMMANDS), junk=JUNK)
def test_random_arguments_after_a_command(world, command, junk):
    if command[0] == "county":  # its own --db: the initialised county, not the township file
        junk = ["--db", world.county, *junk]
    world.run(*command, *junk, user=None)
