"""County-only checks (SPEC §8) over every township's records: one ID number covered in two townships,
dibao + tekun for one person across townships, and payments after a death date anywhere in the
county; with the external list of SPEC §6 (deaths, cremations, civil servants, vehicles, business
owners) its deaths count as recorded ones and its other rows hit covered people in any township. A
person is covered by an active case that names them among its members; ID numbers are shown masked,
as on the township's check page. `external` is the rows app.services.checks.read_external gives
(row, name, id_number, matter, label, is_death, day)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.county.admin import County
from app.county.models import CountyRecord, CountyTownship
from app.domain.programs import family, program_name


@dataclass(frozen=True)
class CrossHit:
    id: str
    check: str  # 跨乡镇重复救助 / 低保特困重叠
    id_number: str  # masked
    name: str
    covers: str  # 乡镇：项目（户 n）；…
    townships: int


def mask(id_number: str) -> str:
    return id_number[:6] + "********" + id_number[-4:] if len(id_number) == 18 else id_number


def _coverage(county: County) -> tuple[dict[str, list[tuple[str, str, int]]], dict[str, str]]:
    """{id number: [(township, program, household id)]} over active cases, and id number -> name."""
    covered: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    names: dict[str, str] = {}
    with county.db.uow.read() as s:
        members = {}
        for code, object_id, content in s.execute(select(
                CountyRecord.township_code, CountyRecord.object_id, CountyRecord.content).where(
                CountyRecord.kind == "member", CountyRecord.active.is_(True))):
            m = json.loads(content)
            members[(code, object_id)] = m
        for code, content in s.execute(select(CountyRecord.township_code, CountyRecord.content).where(
                CountyRecord.kind == "case", CountyRecord.active.is_(True))):
            c = json.loads(content)
            if c.get("status") != "active":
                continue
            for member_id in c.get("member_ids", []):
                m = members.get((code, member_id))
                if m and m.get("id_number"):
                    covered[m["id_number"]].append((code, c["program"], c["household_id"]))
                    names[m["id_number"]] = m.get("name", "")
    return covered, names


def cross_township_hits(county: County) -> list[CrossHit]:
    covered, names = _coverage(county)
    with county.db.uow.read() as s:
        towns = dict(s.execute(select(CountyTownship.code, CountyTownship.name)).all())
    hits = []
    for number, covers in sorted(covered.items()):
        codes = {c for c, _p, _h in covers}
        text = "；".join(f"{towns.get(c, c)}：{program_name(p)}（户 {h}）" for c, p, h in sorted(covers))
        families = {family(p) for _c, p, _h in covers}
        if len(codes) > 1:
            hits.append(CrossHit(f"two:{number}", "跨乡镇重复救助", mask(number), names[number], text, len(codes)))
        if {"dibao", "tekun"} <= families and len(codes) > 1:
            hits.append(CrossHit(f"overlap:{number}", "低保特困跨乡镇重叠", mask(number), names[number], text,
                                 len(codes)))
    return hits


# positions in a roster content line (app.services.rosters CONTENT_COLUMNS)
CASE, PAYEE_ID, AMOUNT = 1, 6, 10


EXTERNAL_LIST = "外部名单"


def _deaths(county: County, external: Sequence[Any] = ()
            ) -> tuple[dict[str, tuple[str, str, str]], dict[tuple[str, int], str]]:
    """{id number: (township, death date, name)} and {(township, member id): id number} of the dead; a
    death on the external list stands for its own township (EXTERNAL_LIST) unless a township recorded it."""
    deaths: dict[str, tuple[str, str, str]] = {}
    records: dict[str, list[tuple[str, int]]] = defaultdict(list)  # every member record of an ID number
    with county.db.uow.read() as s:
        for code, object_id, content in s.execute(select(
                CountyRecord.township_code, CountyRecord.object_id, CountyRecord.content).where(
                CountyRecord.kind == "member")):
            m = json.loads(content)
            if not m.get("id_number"):
                continue
            records[m["id_number"]].append((code, object_id))
            if m.get("death_date"):
                deaths[m["id_number"]] = (code, m["death_date"], m.get("name", ""))
    for e in external:
        if e.is_death and e.day is not None and e.id_number not in deaths:
            deaths[e.id_number] = (EXTERNAL_LIST, e.day.isoformat(), e.name)
    # the dead as members of any township's cases: a death recorded in one township (or listed) stops
    # the payments of a case that still names that person in another
    members = {key: number for number in deaths for key in records.get(number, ())}
    return deaths, members


def paid_after_death(county: County, external: Sequence[Any] = ()) -> list[CrossHit]:
    """Roster lines of a month after a death: the dead person is the payee (in any township) or is
    among the members of the case the line pays (in any township: one may record a death another pays)."""
    deaths, dead_members = _deaths(county, external)
    if not deaths:
        return []
    hits: dict[str, CrossHit] = {}
    with county.db.uow.read() as s:
        towns = dict(s.execute(select(CountyTownship.code, CountyTownship.name)).all())
        case_members = {(code, oid): json.loads(content).get("member_ids", []) for code, oid, content in s.execute(
            select(CountyRecord.township_code, CountyRecord.object_id, CountyRecord.content)
            .where(CountyRecord.kind == "case"))}
        rosters = s.execute(select(CountyRecord.township_code, CountyRecord.content).where(
            CountyRecord.kind == "roster", CountyRecord.active.is_(True))).all()
    for code, content in rosters:
        roster = json.loads(content)
        month = roster.get("month", "")
        for line in roster.get("content", {}).get("lines", []):
            if line[AMOUNT] <= 0:
                continue
            numbers = {line[PAYEE_ID]} | {dead_members[(code, m)] for m in case_members.get((code, line[CASE]), [])
                                          if (code, m) in dead_members}
            for number in numbers & deaths.keys():
                town, died, name = deaths[number]
                if month > died[:7]:
                    key = f"death:{number}:{code}:{month}"
                    hits[key] = CrossHit(key, "死亡后仍发放", mask(number), name,
                                         f"{towns.get(town, town)} 登记死亡 {died}；{towns.get(code, code)} "
                                         f"{month} {program_name(roster.get('program', ''))}仍发放",
                                         len({town, code}))
    return sorted(hits.values(), key=lambda h: h.id)


def external_hits(county: County, external: Sequence[Any]) -> list[CrossHit]:
    """Covered people (in any township) on the external list's rows that are not deaths."""
    rows = [e for e in external if not e.is_death]
    if not rows:
        return []
    covered, names = _coverage(county)
    with county.db.uow.read() as s:
        towns = dict(s.execute(select(CountyTownship.code, CountyTownship.name)).all())
    hits = []
    for e in rows:
        covers = covered.get(e.id_number)
        if covers:
            when = f"（{e.day.isoformat()}）" if e.day else ""
            text = "；".join(f"{towns.get(c, c)}：{program_name(p)}（户 {h}）" for c, p, h in sorted(covers))
            hits.append(CrossHit(f"ext:{e.row}:{e.id_number}", f"外部名单：{e.label}", mask(e.id_number),
                                 names.get(e.id_number, e.name), f"外部名单第 {e.row} 行「{e.matter}」{when}；{text}",
                                 len({c for c, _p, _h in covers})))
    return hits


def county_checks(county: County, external: Sequence[Any] = ()) -> list[CrossHit]:
    """Every county-only check, in the order the 比对 page lists them (the external list's last)."""
    return cross_township_hits(county) + paid_after_death(county, external) + external_hits(county, external)
