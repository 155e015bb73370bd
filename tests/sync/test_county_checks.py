"""Checks only a county can make: one person covered in two townships, dibao here and tekun there, and
payments after a death recorded in any township's registry."""

from __future__ import annotations

import json

import pytest
from stdnum.cn import ric

from app.county.checks import DIBAO_TEKUN, PAID_AFTER_DEATH, TWO_TOWNSHIPS, county_hits
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


@pytest.mark.parametrize(("program_a", "program_b", "kind"), [
    ("rural_dibao", "rural_dibao", TWO_TOWNSHIPS),
    ("urban_dibao", "rural_tekun", DIBAO_TEKUN),
    ("rural_tekun", "urban_dibao", DIBAO_TEKUN),
])
def test_one_id_covered_in_two_townships_is_found_once(county, program_a, program_b, kind):
    _load(county, {A: {"member": [_member(1, 1, "吴一", WU)], "case": [_case(1, 1, program_a, [1])]},
                   B: {"member": [_member(7, 3, "吴一", WU)], "case": [_case(4, 3, program_b, [7])]}})
    [hit] = county_hits(county)
    assert (hit.kind, hit.name, hit.townships) == (kind, "吴一", ("龙光桥镇", "泉交河镇"))
    assert hit.id_number_masked == WU[:6] + "********" + WU[-4:] and WU not in hit.description
    assert "同一身份证号在 2 个乡镇在保" in hit.description


def test_an_ended_case_or_one_township_is_no_hit(county):
    _load(county, {A: {"member": [_member(1, 1, "钱二", QIAN), _member(2, 2, "孙三", SUN)],
                       "case": [_case(1, 1, "rural_dibao", [1]), _case(2, 2, "rural_dibao", [2])]},
                   B: {"member": [_member(5, 9, "钱二", QIAN)], "case": [_case(3, 9, "rural_tekun", [5], "ended")]}})
    assert county_hits(county) == []


def test_payments_after_a_death_recorded_in_another_township_are_counted(county):
    _load(county, {A: {"member": [_member(1, 1, "孙三", SUN)], "case": [_case(1, 1, "rural_dibao", [1])],
                       "roster": [_roster(1, "2020-11", "rural_dibao", [(1, 33500, "2020-11")]),
                                  _roster(2, "2020-12", "rural_dibao", [(1, 33500, "2020-12"), (1, 33500, "2020-10")])]},
                   B: {"member": [_member(4, 6, "孙三", SUN, death="2020-10-15")]}})  # registered dead in B
    [hit] = county_hits(county)
    assert (hit.kind, hit.townships, hit.amount_fen) == (PAID_AFTER_DEATH, ("龙光桥镇",), 67000)
    assert "2020-10-15 死亡后仍发放 2020-11、2020-12，共 2 个月 670.00 元" in hit.description


def test_an_external_list_finds_the_dead_paid_and_the_covered_civil_servant_in_any_township(county, tmp_path):
    import openpyxl

    from app.county.checks import EXTERNAL
    from app.services.checks import read_external

    _load(county, {A: {"member": [_member(1, 1, "孙三", SUN)], "case": [_case(1, 1, "rural_dibao", [1])],
                       "roster": [_roster(1, "2020-12", "rural_dibao", [(1, 33500, "2020-12")])]},
                   B: {"member": [_member(2, 2, "钱二", QIAN)], "case": [_case(2, 2, "urban_tekun", [2])]}})
    wb = openpyxl.Workbook()
    for row in (["姓名", "身份证号", "事项", "日期"], ["孙三", SUN, "火化", "2020-11-02"], ["钱二", QIAN, "公务员", None]):
        wb.active.append(row)
    wb.save(tmp_path / "ext.xlsx")
    hits = county_hits(county, read_external(tmp_path / "ext.xlsx"))
    assert [(h.kind, h.name, h.townships) for h in hits] == [
        (PAID_AFTER_DEATH, "孙三", ("龙光桥镇",)), (EXTERNAL, "钱二", ("泉交河镇",))]
    assert "共 1 个月 335.00 元" in hits[0].description and "「公务员」" in hits[1].description


def test_county_check_command_prints_json_and_refuses_a_bad_list_with_exit_3(county, tmp_path, capsys):
    import openpyxl

    from app import cli

    _load(county, {A: {"member": [_member(1, 1, "吴一", WU)], "case": [_case(1, 1, "rural_dibao", [1])]},
                   B: {"member": [_member(7, 3, "吴一", WU)], "case": [_case(4, 3, "urban_tekun", [7])]}})
    url = f"sqlite:///{tmp_path / 'county' / 'county.db'}"
    assert cli.main(["county", "check", "--db", url, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == 1 and out["hits"][0]["kind"] == DIBAO_TEKUN
    assert out["hits"][0]["townships"] == ["龙光桥镇", "泉交河镇"] and WU not in json.dumps(out)
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "事项"])  # no 日期: a death list must have one
    wb.active.append(["吴一", WU, "死亡"])
    wb.save(tmp_path / "bad.xlsx")
    assert cli.main(["county", "check", "--db", url, "--external", str(tmp_path / "bad.xlsx")]) == 3
    assert "「日期」" in capsys.readouterr().err
