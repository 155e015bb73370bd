"""Each SPEC §11 operation timed together with its raw baseline, in the same run."""

from __future__ import annotations

import compileall
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

import app
from app.bootstrap import open_database
from app.services.auth import login
from app.services.queries import HouseholdFilter, household_rows
from app.services.roster_queries import roster_lines
from app.services.rosters import generate_rosters
from bench.timing import PASSWORD, best, result

MONTH = "2020-12"




def _probe(*args: str) -> dict:
    env = dict(os.environ, JIUZHU_PASSWORD=PASSWORD, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "bench.gui_probe", *args], capture_output=True, text=True,
                         env=env, check=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _compiled() -> None:
    # the app as shipped runs from bytecode (PyInstaller bundles .pyc; a checkout writes __pycache__
    # on first import unless PYTHONDONTWRITEBYTECODE is set, as it is on some CI machines)
    compileall.compile_dir(Path(app.__file__).parent, quiet=1)


def _paired(mode: str, baseline: str, db: Path, runs: int = 3) -> tuple[dict, list[dict]]:
    """Ours and its baseline in turn (A B A B ...), best of each: this machine's speed drifts."""
    _compiled()
    ours, base = [], []
    for _ in range(runs):
        ours.append(_probe(mode, str(db)))
        base.append(_probe(*([baseline, str(db)] if baseline == "list_baseline" else [baseline])))
    return result(min(r["seconds"] for r in ours), min(r["seconds"] for r in base)), ours


def startup(db: Path) -> tuple[dict, dict]:
    """v1 row: start to a usable list (login untimed) against a bare window; and the GUI's peak memory."""
    _compiled()
    app_runs = [_probe("app", str(db)) for _ in range(2)]
    base = min(_probe("baseline")["seconds"] for _ in range(2))
    fastest = min(app_runs, key=lambda r: r["seconds"])
    return result(fastest["seconds"], base), {"mb": round(max(r["peak_mb"] for r in app_runs), 1),
                                             "rows": fastest["rows"]}


def first_window(db: Path) -> dict:
    """v2: start to the login window on screen, against a bare QApplication + QMainWindow show."""
    return _paired("first", "bare", db)[0]


def login_to_list(db: Path) -> tuple[dict, dict]:
    """v2: login accepted to a usable household list, against 200 rows fetched raw into a bare QTableView;
    with the peak memory (VmHWM) of the GUI process with every household listed."""
    row, runs = _paired("list", "list_baseline", db)
    return row, {"mb": round(max(r["peak_mb"] for r in runs), 1), "rows": runs[0]["rows"]}


def search(db: Path) -> dict:
    ctx = open_database(db)
    with sqlite3.connect(db) as conn:
        name, number = conn.execute("SELECT name, id_number FROM member ORDER BY id LIMIT 1 OFFSET 777").fetchone()
        initials = conn.execute("SELECT name_initials FROM member ORDER BY id LIMIT 1 OFFSET 999").fetchone()[0]
    terms = [name, number[6:12], initials]

    def ours() -> None:
        for t in terms:
            household_rows(ctx.uow, HouseholdFilter(text=t))

    def raw() -> None:
        with sqlite3.connect(db) as conn:
            for t in terms:
                conn.execute("SELECT household_id FROM member WHERE name LIKE ? OR id_number LIKE ? "
                             "OR name_initials LIKE ?", (f"%{t}%", f"%{t}%", f"{t}%")).fetchall()

    seconds, base = best(ours) / len(terms), best(raw) / len(terms)
    ctx.close()
    return result(seconds, base)


def _discard_drafts(db: Path, month: str) -> None:
    """Remove the month's draft rosters (untimed), so the next generation starts from nothing."""
    with sqlite3.connect(db) as conn:
        drafts = "SELECT id FROM roster WHERE month = ? AND state = 'draft'"
        conn.execute(f"DELETE FROM roster_line WHERE roster_id IN ({drafts})", (month,))  # noqa: S608
        conn.execute("DELETE FROM roster WHERE month = ? AND state = 'draft'", (month,))
    conn.close()


def roster_generate(db: Path) -> tuple[dict, dict]:
    """A month generated from nothing (its drafts discarded before each timed run), and the same
    month regenerated over its unchanged draft (reported apart: it skips rewriting the lines)."""
    ctx = open_database(db)
    clerk = login(ctx.uow, "clerk", PASSWORD)
    fresh = []
    for _ in range(3):
        _discard_drafts(db, MONTH)
        started = time.perf_counter()
        generate_rosters(ctx.uow, clerk, MONTH)
        fresh.append(time.perf_counter() - started)
    again = best(lambda: generate_rosters(ctx.uow, clerk, MONTH))

    def raw() -> None:
        _discard_drafts(db, MONTH)  # untimed, as for ours: the month starts from nothing
        started = time.perf_counter()
        _raw_roster(db, MONTH)
        raw_times.append(time.perf_counter() - started)

    raw_times: list[float] = []
    for _ in range(3):
        raw()
    _discard_drafts(db, MONTH)
    ctx.close()
    base = min(raw_times)
    return result(min(fresh), base), result(again, base)


RAW_ROSTER_LINES = """
INSERT INTO roster_line (roster_id, line_no, case_id, grant_id, household_id, village, payee_name, payee_id_number,
                         bank_name, bank_account, persons, amount_fen, kind, for_month, note)
SELECT r.id, row_number() OVER (PARTITION BY c.program ORDER BY v.name, h.id, c.id), c.id, NULL, h.id, v.name,
       c.payee_name, head.id_number, h.bank_name, c.payee_account,
       (SELECT count(*) FROM case_member cm WHERE cm.case_id = c.id), c.amount_fen, '正常', :month, ''
FROM assistance_case c
JOIN household h ON h.id = c.household_id
JOIN village v ON v.id = h.village_id
JOIN roster r ON r.month = :month AND r.program = c.program AND r.state = 'draft'
LEFT JOIN member head ON head.household_id = h.id AND head.relation = '本人' AND head.removed = 0
WHERE c.start_month <= :month AND c.status = 'active'
"""


def _raw_roster(db: Path, month: str) -> None:
    """SPEC §11 v2 baseline: the month's plain case lines written by one raw INSERT ... SELECT into the
    same roster_line table (same indexes), WAL + synchronous=FULL, one transaction with its rosters."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("BEGIN")
        for program in ("urban_dibao", "rural_dibao", "urban_tekun", "rural_tekun"):
            conn.execute("INSERT INTO roster (month, program, state, generated_by, generated_at, confirmed_by, "
                         "content_hash, households, persons, total_fen) "
                         "VALUES (?, ?, 'draft', 'raw', datetime('now'), '', '', 0, 0, 0)", (month, program))
        conn.execute(RAW_ROSTER_LINES, {"month": month})
        conn.execute("COMMIT")
    finally:
        conn.close()


def xlsx_export(db: Path) -> dict:
    from app.reports.roster_xlsx import write_roster_xlsx

    ctx = open_database(db)
    lines = roster_lines(ctx.uow, "2020-11")
    with tempfile.TemporaryDirectory() as tmp:
        seconds = best(lambda: write_roster_xlsx(lines, "2020-11", Path(tmp) / "r.xlsx", title="花名册", draft=False),
                       repeat=2)

        def raw() -> None:
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("花名册")
            for i, x in enumerate(lines, 1):
                ws.append([i, x.program, x.village, x.payee_name, x.payee_id_number, x.bank_name, x.bank_account,
                           x.persons, x.kind, x.for_month, x.amount_fen / 100, x.note])
            wb.save(Path(tmp) / "raw.xlsx")

        base = best(raw, repeat=2)
    ctx.close()
    return result(seconds, base)


def pdf_linearity(db: Path) -> dict:
    from app.reports.roster_pdf import roster_pdf

    ctx = open_database(db)
    lines = roster_lines(ctx.uow, "2020-11")
    ctx.close()
    big = (lines * (50_000 // max(len(lines), 1) + 1))[:50_000]
    with tempfile.TemporaryDirectory() as tmp:
        def make(n: int) -> float:
            started = time.perf_counter()
            roster_pdf(big[:n], Path(tmp) / f"r{n}.pdf", township="基准镇", month="2020-11", program=None, draft=False)
            return time.perf_counter() - started

        make(200)  # untimed: the first PDF of a process loads and subsets the CJK font
        before = make(5_000)
        large = make(50_000)
        small = (before + make(5_000)) / 2  # 5,000 lines before and after: this VM's speed drifts
    return {"seconds": round(large, 3), "baseline_seconds": round(small, 3), "ratio": round(large / small, 2)}


from bench.sync_measure import batch_export, county_ingest  # noqa: E402,F401 - SPEC §11 sync rows
