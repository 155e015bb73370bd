"""Crash safety (SPEC §10): long operations killed with SIGKILL at random moments.

Each run starts the real CLI in a subprocess, kills it after a seeded random delay, then checks
that the database passes integrity_check, holds all or nothing of the operation, and that
running the operation again succeeds. Bounded: a fixed number of kills with short delays.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.bootstrap import open_database
from app.services.auth import add_user, login
from app.services.demo import build_demo
from app.services.legacy_io import export_legacy
from app.services.township import init_township

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL harness needs POSIX signals")
PASSWORD = "secret123"
KILLS_PER_OPERATION = 10


def _cli(db: Path, home: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, JIUZHU_HOME=str(home), JIUZHU_PASSWORD=PASSWORD)
    return subprocess.Popen([sys.executable, "-m", "app", "--db", str(db), *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # a refusal lists every row: never let a pipe fill


def _kill_after(proc: subprocess.Popen, delay: float) -> bool:
    """SIGKILL after `delay` seconds unless it finished first; returns whether it was killed."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def _query(db: Path, sql: str) -> object:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A legacy roster of 400 households and an empty township database to copy for each run."""
    root = tmp_path_factory.mktemp("crash")
    os.environ.setdefault("JIUZHU_HOME", str(root / "home"))
    demo = open_database(root / "demo.db", create=True)
    build_demo(demo.uow, households=400, seed=7, password=PASSWORD)
    roster = root / "roster.xlsx"
    export_legacy(demo.uow, login(demo.uow, "admin", PASSWORD), roster)
    demo.close()
    empty = open_database(root / "empty.db", create=True)
    init_township(empty.uow, code="430902101", name="测试镇", admin="admin", password=PASSWORD)
    admin = login(empty.uow, "admin", PASSWORD)
    add_user(empty.uow, admin, "clerk", "clerk", PASSWORD)
    empty.close()
    return root, roster


def _whole_run_seconds(db: Path, home: Path, *args: str) -> float:
    """How long the command takes uninterrupted here: kill delays are drawn within it, so most kills
    land while it works however fast this machine is today."""
    started = time.monotonic()
    assert _cli(db, home, *args).wait(timeout=300) == 0
    return time.monotonic() - started


def test_killed_import_leaves_all_or_nothing_and_reruns(workspace, tmp_path):
    root, roster = workspace
    shutil.copy(root / "empty.db", tmp_path / "whole.db")
    whole = _whole_run_seconds(tmp_path / "whole.db", tmp_path / "home", "--user", "admin", "household", "import",
                               str(roster))
    rng, killed = random.Random(20201201), 0
    deadline = time.monotonic() + 150
    for i in range(KILLS_PER_OPERATION):
        db = tmp_path / f"imp{i}.db"
        shutil.copy(root / "empty.db", db)
        proc = _cli(db, tmp_path / "home", "--user", "admin", "household", "import", str(roster))
        killed += _kill_after(proc, rng.uniform(0.3, max(0.6, 0.9 * whole)))
        assert _query(db, "SELECT count(*) FROM household") in (0, 400)
        assert _query(db, "SELECT count(*) FROM assistance_case") in (0, _query(root / "demo.db", "SELECT count(*) FROM assistance_case WHERE status != 'ended'"))
        if i % 3 == 0:  # re-running after the kill finishes the job
            rerun = _cli(db, tmp_path / "home", "--user", "admin", "household", "import", str(roster))
            if _query(db, "SELECT count(*) FROM household") == 0:
                assert rerun.wait(timeout=120) == 0
                assert _query(db, "SELECT count(*) FROM household") == 400
            else:
                assert rerun.wait(timeout=120) == 3  # already imported: refused, nothing doubled
        assert time.monotonic() < deadline
    assert killed >= KILLS_PER_OPERATION // 2


def test_killed_roster_generation_leaves_all_or_nothing_and_reruns(workspace, tmp_path):
    root, roster = workspace
    base = tmp_path / "base.db"
    shutil.copy(root / "empty.db", base)
    done = _cli(base, tmp_path / "home", "--user", "admin", "household", "import", str(roster))
    assert done.wait(timeout=120) == 0
    shutil.copy(base, tmp_path / "whole.db")
    whole = _whole_run_seconds(tmp_path / "whole.db", tmp_path / "home", "--user", "clerk", "roster", "generate",
                               "--month", "2020-12")
    rng, killed = random.Random(202012), 0
    for i in range(KILLS_PER_OPERATION):
        db = tmp_path / f"ros{i}.db"
        shutil.copy(base, db)
        proc = _cli(db, tmp_path / "home", "--user", "clerk", "roster", "generate", "--month", "2020-12")
        killed += _kill_after(proc, rng.uniform(0.2, max(0.4, 0.95 * whole)))
        rosters = _query(db, "SELECT count(*) FROM roster WHERE month = '2020-12'")
        assert rosters in (0, 6)
        if rosters == 0:
            assert _query(db, "SELECT count(*) FROM roster_line") == 0
            rerun = _cli(db, tmp_path / "home", "--user", "clerk", "roster", "generate", "--month", "2020-12")
            assert rerun.wait(timeout=120) == 0
            assert _query(db, "SELECT count(*) FROM roster WHERE month = '2020-12'") == 6
    assert killed >= KILLS_PER_OPERATION // 3


def _run(db: Path | None, home: Path, *args: str) -> None:
    """One CLI command to completion (setup steps of the sync runs)."""
    prefix = ["--db", str(db)] if db else []
    env = dict(os.environ, JIUZHU_HOME=str(home), JIUZHU_PASSWORD=PASSWORD)
    done = subprocess.run([sys.executable, "-m", "app", *prefix, *args], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="module")
def linked(workspace):
    """A township with the 400 households, its keys and the county's, and an empty county database."""
    root, roster = workspace
    home, db, county = root / "sync-home", root / "township.db", root / "county.db"
    shutil.copy(root / "empty.db", db)
    _run(db, home, "--user", "admin", "household", "import", str(roster))
    _run(db, home, "--user", "admin", "sync", "keygen", "--out", str(root / "T.pub"))
    _run(None, home, "county", "init", "--db", str(county), "--out", str(root / "C.pub"), "--code", "430902")
    _run(None, home, "county", "register", str(root / "T.pub"), "--township-code", "430902101", "--db", str(county))
    _run(db, home, "--user", "admin", "sync", "trust-county", str(root / "C.pub"))
    return root, home, db, county


def test_killed_batch_export_uses_no_sequence_or_a_whole_batch(linked, tmp_path):
    root, home, base, _ = linked
    rng, killed = random.Random(8), 0
    for i in range(KILLS_PER_OPERATION // 2):
        db, out = tmp_path / f"exp{i}.db", tmp_path / f"stick{i}"
        shutil.copy(base, db)
        out.mkdir()
        proc = _cli(db, home, "--user", "admin", "sync", "export", "--out", str(out))
        killed += _kill_after(proc, rng.uniform(0.3, 4.0))
        batches = sorted(out.glob("*.zip"))
        recorded = _query(db, "SELECT count(*) FROM sync_batch")
        assert len(batches) <= 1 and recorded <= 1
        rerun = _cli(db, home, "--user", "admin", "sync", "export", "--out", str(out))
        assert rerun.wait(timeout=300) == 0
        assert _query(db, "SELECT max(sequence) FROM sync_batch") == recorded + 1  # no gap, nothing reused
    assert killed >= 1


def _ingest(batch: Path, db: Path, home: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "app", "county", "ingest", str(batch), "--db", str(db)],
                            env=dict(os.environ, JIUZHU_HOME=str(home)), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def test_killed_county_ingest_leaves_all_or_nothing_and_reruns(linked, tmp_path):
    root, home, township, county = linked
    stick = tmp_path / "stick"
    stick.mkdir()
    _run(township, home, "--user", "admin", "sync", "export", "--out", str(stick))
    batch = next(stick.glob("*.zip"))
    reference = tmp_path / "reference.db"
    shutil.copy(county, reference)
    assert _ingest(batch, reference, home).wait(timeout=300) == 0
    whole = _query(reference, "SELECT count(*) FROM county_record")
    rng, killed = random.Random(9), 0
    for i in range(KILLS_PER_OPERATION // 2):
        db = tmp_path / f"county{i}.db"
        shutil.copy(county, db)
        killed += _kill_after(_ingest(batch, db, home), rng.uniform(0.3, 4.0))
        records, batches = _query(db, "SELECT count(*) FROM county_record"), _query(db, "SELECT count(*) FROM county_batch")
        assert (records, batches) in ((0, 0), (whole, 1))  # the records and the batch entry land together
        assert _ingest(batch, db, home).wait(timeout=300) == 0  # re-run: ingests, or "already imported"
        assert _query(db, "SELECT count(*) FROM county_record") == whole
    assert killed >= 1
