"""County-level indicators (SPEC §6, issue 6): the same figures over every township, computed
from the confirmed rosters the townships sent in their batches (what was paid)."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import select

from app.county.admin import County
from app.county.models import CountyRecord, CountyTownship
from app.domain.indicators import MonthFigures, money_text, summarize
from app.domain.months import check_period
from app.domain.programs import ALL_PROGRAMS
from app.domain.roster_lines import COUNTED_KINDS

# positions in a roster content line (app.services.rosters.roster_content)
HOUSEHOLD, PERSONS, AMOUNT, KIND = 3, 9, 10, 11


def _figures(lines: list[list], program: str) -> MonthFigures:
    counted = [x for x in lines if x[KIND] in COUNTED_KINDS and x[AMOUNT] > 0]
    households = len({x[HOUSEHOLD] for x in counted})
    times = len(counted) if program == "temporary" else households
    return MonthFigures(households, sum(x[PERSONS] for x in counted), times, sum(x[AMOUNT] for x in lines))


def township_figures(county: County, months: list[str]) -> dict[str, dict[str, dict[str, MonthFigures]]]:
    """{township code: {program: {month: figures}}} from the active roster records received."""
    out: dict[str, dict[str, dict[str, MonthFigures]]] = defaultdict(lambda: defaultdict(dict))
    wanted = set(months)
    with county.db.uow.read() as s:
        q = select(CountyRecord.township_code, CountyRecord.content).where(
            CountyRecord.kind == "roster", CountyRecord.active.is_(True))
        for code, content in s.execute(q):
            record = json.loads(content)
            if record.get("month") in wanted and record.get("state") != "draft":
                out[code][record["program"]][record["month"]] = _figures(record["content"]["lines"],
                                                                       record["program"])
    return out


def _programs_json(per_program: dict[str, dict[str, MonthFigures]], months: list[str]) -> dict:
    result = {}
    for key in ALL_PROGRAMS:
        ind = summarize(per_program.get(key, {}).values(), len(months))
        result[key] = {"avg_households": float(ind.avg_households), "avg_persons": float(ind.avg_persons),
                       "avg_amount_per_person": f"{ind.avg_amount_per_person:.2f}",
                       "total_paid": money_text(ind.total_paid_fen), "households_times": ind.households_times}
    return result


def county_stats_json(county: County, year: object, month: object = None) -> dict:
    """{"year", "programs": {KEY: ...} over all townships, "townships": {code: {"name", "programs"}}}."""
    year, month = check_period(year, month)
    months = [f"{year:04d}-{month:02d}"] if month else [f"{year:04d}-{m:02d}" for m in range(1, 13)]
    figures = township_figures(county, months)
    total: dict[str, dict[str, MonthFigures]] = defaultdict(dict)
    for per_program in figures.values():
        for program, by_month in per_program.items():
            for m, f in by_month.items():
                total[program][m] = total[program].get(m, MonthFigures()) + f
    with county.db.uow.read() as s:
        names = dict(s.execute(select(CountyTownship.code, CountyTownship.name)).all())
    monitoring = monitoring_totals(county, months)
    return {"year": year, "programs": _programs_json(total, months), "monitoring": monitoring.pop("", {}),
            "monitoring_townships": monitoring,
            "townships": {code: {"name": names.get(code, ""), "programs": _programs_json(figures[code], months)}
                          for code in sorted(figures)}}


def monitoring_totals(county: County, months: list[str]) -> dict[str, dict]:
    """SPEC §13 over the townships' warnings: {township code or "" (all): {"raised": {rule: n}, "open",
    "brought_in", "referred", "not_eligible"}} for warnings raised or handled in `months`."""
    from app.domain.monitoring import INCLUDED, NOT_ELIGIBLE, OPEN_STATUSES, REFERRED, RULES

    def empty() -> dict:
        return {"raised": dict.fromkeys(RULES, 0), "open": 0, "brought_in": 0, "referred": 0, "not_eligible": 0}

    out: dict[str, dict] = defaultdict(empty)
    wanted = set(months)
    with county.db.uow.read() as s:
        q = select(CountyRecord.township_code, CountyRecord.content).where(CountyRecord.kind == "monitor_warning")
        for code, content in s.execute(q):
            w = json.loads(content)
            for key in ("", code):
                t = out[key]
                if w["raised_on"][:7] in wanted and w["rule"] in t["raised"]:
                    t["raised"][w["rule"]] += 1
                t["open"] += w["status"] in OPEN_STATUSES
                if (w.get("closed_on") or "")[:7] in wanted:
                    t["brought_in"] += w["status"] == INCLUDED
                    t["referred"] += w["status"] == REFERRED
                    t["not_eligible"] += w["status"] == NOT_ELIGIBLE
    out.setdefault("", empty())
    return dict(out)


def stats_rows(stats: dict) -> list:  # list[CountyStatsRow]
    """county_stats_json as table rows: 全县 first (every program), then each township (the programs it paid)."""
    from app.domain.programs import program_name
    from app.reports.county_stats_xlsx import CountyStatsRow

    def rows(township: str, programs: dict, *, every: bool) -> list[CountyStatsRow]:
        return [CountyStatsRow(township, program_name(key), p["avg_households"], p["avg_persons"],
                               p["avg_amount_per_person"], p["total_paid"], p["households_times"])
                for key, p in programs.items() if every or p["households_times"] or float(p["total_paid"])]

    out = rows("全县", stats["programs"], every=True)
    for code, t in stats["townships"].items():  # a township's programs that paid nothing are left out
        out += rows(t["name"] or code, t["programs"], every=False)
    return out


def roster_years(county: County) -> list[int]:
    """The years some township sent a confirmed roster for, newest first (the 统计 page's choices)."""
    years = set()
    with county.db.uow.read() as s:
        for (content,) in s.execute(select(CountyRecord.content).where(
                CountyRecord.kind == "roster", CountyRecord.active.is_(True))):
            month = json.loads(content).get("month", "")
            if month[:4].isdigit():
                years.add(int(month[:4]))
    return sorted(years, reverse=True)


def monthly_paid(county: County, year: object) -> list[tuple[str, int]]:
    """What all townships paid in each month of `year` (fen, every program), for the 统计 page's chart."""
    year, _month = check_period(year, None)
    months = [f"{year:04d}-{m:02d}" for m in range(1, 13)]
    paid = dict.fromkeys(months, 0)
    for per_program in township_figures(county, months).values():
        for by_month in per_program.values():
            for m, f in by_month.items():
                paid[m] += f.paid_fen
    return list(paid.items())
