"""Checks only a county can make: one person covered in two townships, dibao here and tekun there, and
payments after a death recorded in any township's registry."""

from __future__ import annotations

import json

import pytest
from stdnum.cn import ric

from app.county.checks import county_checks
from app.county.models import CountyRecord, CountyTownship


def valid(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


WU, QIAN, SUN = valid("43090219500101001"), valid("43090219600202002"), valid("43090219700303003")


def _member(mid: int, hid: int, name: str, number: str, death: str | None = None) -> dict:
    return {"id": mid, "household_id": hid, "name": name, "id_number": number, "death_date": death}


def _case(cid: int, hid: int, program: str, member_ids: list[int], status: str = "active") -> dict:
    return {"id": cid, "household_id": hid, "program": program, "status": status, "member_ids": member_ids}


def _roster(rid: int, month: str, program: str, lines: list[tuple[int, int, str]]) -> dict:
    """lines: (case_id, amount_fen, for_month) in the roster content's line layout."""
    return {"id": rid, "month": month, "program": program, "state": "confirmed", "content": {"lines": [
        [n, case, None, 1, "村", "收款人", "", "银行", "", 1, fen, "正常", for_month, ""]
        for n, (case, fen, for_month) in enumerate(lines, start=1)]}}


def _load(county, towns: dict[str, dict[str, list[dict]]]) -> None:
    with county.db.uow.begin() as s:
        for code, kinds in towns.items():
            s.add(CountyTownship(code=code, name={"430902101": "龙光桥镇", "430902102": "泉交河镇"}[code]))
            for kind, records in kinds.items():
                for r in records:
                    s.add(CountyRecord(township_code=code, kind=kind, object_id=r["id"], content=json.dumps(r)))


A, B = "430902101", "430902102"
TWO, OVERLAP, DEATH = "跨乡镇重复救助", "低保特困跨乡镇重叠", "死亡后仍发放"


@pytest.mark.parametrize(("program_a", "program_b", "checks"), [
    ("rural_dibao", "rural_dibao", [TWO]),
    ("urban_dibao", "rural_tekun", [TWO, OVERLAP]),
    ("rural_tekun", "urban_dibao", [TWO, OVERLAP]),
])
def test_one_id_covered_in_two_townships_is_found(county, program_a, program_b, checks):
    _load(county, {A: {"member": [_member(1, 1, "吴一", WU)], "case": [_case(1, 1, program_a, [1])]},
                   B: {"member": [_member(7, 3, "吴一", WU)], "case": [_case(4, 3, program_b, [7])]}})
    hits = county_checks(county)
    assert [h.check for h in hits] == checks
    assert {(h.name, h.townships, h.id_number) for h in hits} == {("吴一", 2, WU[:6] + "********" + WU[-4:])}
    assert "龙光桥镇" in hits[0].covers and "泉交河镇" in hits[0].covers and WU not in hits[0].covers


def test_an_ended_case_or_one_township_is_no_hit(county):
    _load(county, {A: {"member": [_member(1, 1, "钱二", QIAN), _member(2, 2, "孙三", SUN)],
                       "case": [_case(1, 1, "rural_dibao", [1]), _case(2, 2, "rural_dibao", [2])]},
                   B: {"member": [_member(5, 9, "钱二", QIAN)], "case": [_case(3, 9, "rural_tekun", [5], "ended")]}})
    assert county_checks(county) == []


def test_payments_after_a_death_recorded_in_another_township_are_counted(county):
    _load(county, {A: {"member": [_member(1, 1, "孙三", SUN)], "case": [_case(1, 1, "rural_dibao", [1])],
                       "roster": [_roster(1, "2020-11", "rural_dibao", [(1, 33500, "2020-11")]),
                                  _roster(2, "2020-12", "rural_dibao", [(1, 33500, "2020-12"), (1, 33500, "2020-10")])]},
                   B: {"member": [_member(4, 6, "孙三", SUN, death="2020-10-15")]}})  # registered dead in B
    hits = county_checks(county)
    assert [(h.check, h.name) for h in hits] == [(DEATH, "孙三"), (DEATH, "孙三")]  # November and December
    assert ["泉交河镇 登记死亡 2020-10-15；龙光桥镇 2020-11" in hits[0].covers,
            "龙光桥镇 2020-12" in hits[1].covers] == [True, True]


def test_an_external_list_finds_the_dead_paid_and_the_covered_civil_servant_in_any_township(county, tmp_path):
    import openpyxl

    from app.services.checks import read_external

    _load(county, {A: {"member": [_member(1, 1, "孙三", SUN)], "case": [_case(1, 1, "rural_dibao", [1])],
                       "roster": [_roster(1, "2020-12", "rural_dibao", [(1, 33500, "2020-12")])]},
                   B: {"member": [_member(2, 2, "钱二", QIAN)], "case": [_case(2, 2, "urban_tekun", [2])]}})
    wb = openpyxl.Workbook()
    for row in (["姓名", "身份证号", "事项", "日期"], ["孙三", SUN, "火化", "2020-11-02"], ["钱二", QIAN, "公务员", None]):
        wb.active.append(row)
    wb.save(tmp_path / "ext.xlsx")
    hits = county_checks(county, read_external(tmp_path / "ext.xlsx"))
    assert [(h.check, h.name) for h in hits] == [(DEATH, "孙三"), ("外部名单：财政供养人员", "钱二")]
    assert "外部名单 登记死亡 2020-11-02；龙光桥镇 2020-12" in hits[0].covers
    assert "「公务员」" in hits[1].covers and "泉交河镇" in hits[1].covers


def test_county_check_command_prints_json_and_refuses_a_bad_list_with_exit_3(county, tmp_path, capsys):
    import openpyxl

    from app import cli

    _load(county, {A: {"member": [_member(1, 1, "吴一", WU)], "case": [_case(1, 1, "rural_dibao", [1])]},
                   B: {"member": [_member(7, 3, "吴一", WU)], "case": [_case(4, 3, "urban_tekun", [7])]}})
    url = f"sqlite:///{tmp_path / 'county' / 'county.db'}"
    assert cli.main(["county", "check", "--db", url, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == 2 and [h["check"] for h in out["hits"]] == [TWO, OVERLAP]
    assert out["hits"][0]["townships"] == 2 and WU not in json.dumps(out)
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "事项"])  # no 日期: a death list must have one
    wb.active.append(["吴一", WU, "死亡"])
    wb.save(tmp_path / "bad.xlsx")
    assert cli.main(["county", "check", "--db", url, "--external", str(tmp_path / "bad.xlsx")]) == 3
    assert "「日期」" in capsys.readouterr().err
