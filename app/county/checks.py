"""Checks only a county can make (SPEC §6 across townships, issue 比对): over every township's records.

- 跨乡镇重复保障: one ID number covered by active cases in two or more townships;
- 低保特困跨乡镇重叠: the same ID in dibao in one township and tekun in another (a sharper case of the first);
- 死亡后仍发放: a person recorded dead in any township's registry, or on an external death / cremation list,
  whose case (in any township) was paid for months after the death, from the confirmed roster lines received;
- 外部名单命中: a covered person on the external list of SPEC §6 (civil servants, vehicles, business owners).

Pure reading of the county tables; the names and IDs stay inside the county database and the output masks
the ID (first 6 and last 4).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from app.county.admin import County
from app.county.models import CountyRecord, CountyTownship
from app.domain.masking import mask_id
from app.domain.money import format_fen
from app.domain.programs import PROGRAM_NAMES, family

# positions in a roster content line (app.services.rosters.CONTENT_COLUMNS)
CASE_ID, AMOUNT, FOR_MONTH = 1, 10, 12
COVERED = ("active", "suspended")  # a suspended case still covers the person (paid again on resume)

TWO_TOWNSHIPS = "跨乡镇重复保障"
DIBAO_TEKUN = "低保特困跨乡镇重叠"
PAID_AFTER_DEATH = "死亡后仍发放"
EXTERNAL = "外部名单命中"
KINDS = (TWO_TOWNSHIPS, DIBAO_TEKUN, PAID_AFTER_DEATH, EXTERNAL)


@dataclass(frozen=True)
class CountyHit:
    kind: str
    id_number_masked: str
    name: str
    townships: tuple[str, ...]  # the township names involved, in code order
    description: str
    amount_fen: int = 0  # paid after death


@dataclass(frozen=True)
class _Cover:
    township: str
    case_id: int
    program: str


def _records(s, kind: str):  # noqa: ANN001, ANN202 - Session -> iterator of (township, record)
    q = select(CountyRecord.township_code, CountyRecord.content).where(
        CountyRecord.kind == kind, CountyRecord.active.is_(True))
    for code, content in s.execute(q):
        yield code, json.loads(content)


def county_hits(county: County, external: Sequence[Any] = ()) -> list[CountyHit]:
    """Every cross-township hit, ordered by kind then masked ID. `external`: the rows of a SPEC §6 list as
    app.services.checks.read_external gives them (id_number, matter, label, is_death, day)."""
    with county.db.uow.read() as s:
        names = dict(s.execute(select(CountyTownship.code, CountyTownship.name)).all())
        members = {(code, r["id"]): r for code, r in _records(s, "member")}
        covers: dict[str, list[_Cover]] = defaultdict(list)
        for code, case in _records(s, "case"):
            if case["status"] not in COVERED:
                continue
            for member_id in case["member_ids"]:
                m = members.get((code, member_id))
                if m is not None:
                    covers[m["id_number"]].append(_Cover(code, case["id"], case["program"]))
        paid: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for code, roster in _records(s, "roster"):
            if roster["program"] not in PROGRAM_NAMES or roster["program"] in ("temporary", "price_subsidy"):
                continue
            for line in roster["content"]["lines"]:
                if line[CASE_ID] is not None and line[AMOUNT] > 0:
                    paid[(code, line[CASE_ID])][line[FOR_MONTH]] += line[AMOUNT]
    person = {m["id_number"]: m["name"] for m in members.values()}
    deaths: dict[str, date] = {}
    for m in members.values():
        if m.get("death_date"):
            day = date.fromisoformat(m["death_date"])
            deaths[m["id_number"]] = min(day, deaths.get(m["id_number"], day))
    for e in external:
        if e.is_death and e.day is not None:
            deaths[e.id_number] = min(e.day, deaths.get(e.id_number, e.day))

    def town_names(codes) -> tuple[str, ...]:  # noqa: ANN001
        return tuple(names.get(c, c) for c in sorted(set(codes)))

    hits: list[CountyHit] = []
    for number, cover in covers.items():
        towns = {c.township for c in cover}
        if len(towns) > 1:
            where = "；".join(f"{names.get(c.township, c.township)} {PROGRAM_NAMES.get(c.program, c.program)}"
                             for c in sorted(cover, key=lambda c: (c.township, c.case_id)))
            families = {t: {family(c.program) for c in cover if c.township == t} for t in towns}
            crossed = any("dibao" in families[a] and "tekun" in families[b] for a in towns for b in towns if a != b)
            hits.append(CountyHit(DIBAO_TEKUN if crossed else TWO_TOWNSHIPS, mask_id(number), person.get(number, ""),
                                  town_names(towns), f"同一身份证号在 {len(towns)} 个乡镇在保：{where}"))
        died = deaths.get(number)
        if died is None:
            continue
        after = f"{died.year:04d}-{died.month:02d}"
        months: dict[str, int] = defaultdict(int)
        for c in cover:
            for month, fen in paid.get((c.township, c.case_id), {}).items():
                if month > after:
                    months[month] += fen
        if months:
            total = sum(months.values())
            hits.append(CountyHit(
                PAID_AFTER_DEATH, mask_id(number), person.get(number, ""), town_names(c.township for c in cover),
                f"{died.isoformat()} 死亡后仍发放 {'、'.join(sorted(months))}，共 {len(months)} 个月 "
                f"{format_fen(total)} 元", total))
    for e in external:
        cover = covers.get(e.id_number)
        if cover and not e.is_death:
            when = f"（{e.day.isoformat()}）" if e.day else ""
            hits.append(CountyHit(EXTERNAL, mask_id(e.id_number), person.get(e.id_number, e.name),
                                  town_names(c.township for c in cover),
                                  f"外部名单第 {e.row} 行「{e.matter}」{when}：在保人员（{e.label}）"))
    return sorted(hits, key=lambda h: (KINDS.index(h.kind), h.id_number_masked, h.townships))
