"""Batch export and county ingest (SPEC §11), each timed with its raw baseline in the same run.

    batch_export(db)   a FULL data batch of the bench database (collect, encrypt, sign, zip, write
                       to a folder, re-read and verify, record) vs. reading the same tables raw
                       with sqlite3, serialising the same records as JSON Lines and age-encrypting
                       them (batches are not compressed: entries are stored).
    county_ingest(db)  `county ingest` of that batch into a fresh county SQLite database (every
                       receiver stage, apply, signed receipt) vs. the same payloads decrypted and their
                       rows inserted raw into a fresh copy of the same county database (its schema and
                       indexes), WAL + synchronous=FULL, one transaction (SPEC §11 v2).

The bench database is copied first (an export records its batch); township and county keys,
the county database and every file live in one temporary folder, with JIUZHU_HOME pointed
there while measuring, so nothing reaches the user's data folder.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyrage

from bench.timing import PASSWORD, best, result

# the township tables a data batch is read from (sync/feed.py)
SOURCE_TABLES = ("household", "village", "member", "income", "application", "application_transition",
                 "assistance_case", "case_member", "case_event", "roster", "roster_line")




@contextmanager
def _home(folder: Path) -> Iterator[None]:
    """JIUZHU_HOME -> `folder` while measuring (keys, county.json, receipts, backups stay in the temp folder)."""
    previous = os.environ.get("JIUZHU_HOME")
    os.environ["JIUZHU_HOME"] = str(folder)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("JIUZHU_HOME", None)
        else:
            os.environ["JIUZHU_HOME"] = previous


@dataclass
class Setup:
    tmp: Path
    ctx: object  # AppContext on the copy
    clerk: object  # Actor
    township_keys: Path
    county_keys: Path
    county_template: Path  # initialised county database with the township registered
    code: str  # the bench township's code
    batch: Path | None = None  # a full batch (made by batch_export, or on demand)


_setups: dict[Path, Setup] = {}


def _prepare(db: Path) -> Setup:
    """Copy the bench DB, make keys for both sides, a registered county database; once per process."""
    db = Path(db).resolve()
    if db in _setups:
        return _setups[db]
    from app.bootstrap import open_database
    from app.county.admin import county_init, load_county, register_township
    from app.services.auth import login
    from app.services.exchange.keyring import keygen, trust_county
    from app.sync import keys

    tmp = Path(tempfile.mkdtemp(prefix="jiuzhu-sync-bench-"))
    atexit.register(shutil.rmtree, tmp, True)
    kt, kc = tmp / "keys-township", tmp / "keys-county"
    with _home(tmp / "home"):
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as src, sqlite3.connect(tmp / "township.db") as dst:
            src.backup(dst)  # the bench database itself is only read
        src.close()
        dst.close()
        ctx = open_database(tmp / "township.db")
        atexit.register(ctx.close)  # runs before the folder is removed (atexit is last in, first out)
        admin, clerk = login(ctx.uow, "admin", PASSWORD), login(ctx.uow, "clerk", PASSWORD)
        keygen(ctx.uow, admin, tmp / "T.pub", folder=kt)
        template = tmp / "county-template.db"
        county_init(f"sqlite:///{template}", tmp / "C.pub", code="430900", name="基准县民政局", keys_folder=kc)
        county = load_county(f"sqlite:///{template}", keys_folder=kc)
        code = keys.read_public(tmp / "T.pub").code
        register_township(county, tmp / "T.pub", code)
        county.close()
        trust_county(ctx.uow, admin, tmp / "C.pub")
    setup = Setup(tmp, ctx, clerk, kt, kc, template, code)
    _setups[db] = setup
    return setup


def _export(st: Setup, out: Path) -> Path:
    from app.services.exchange.export import export_batch

    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    return export_batch(st.ctx.uow, st.clerk, out, full=True, keys_folder=st.township_keys).path


def _records(st: Setup) -> dict[str, list[dict]]:
    """The records a full batch carries (the same rows the baseline serialises)."""
    from sqlalchemy import func, select

    from app.models import AuditRecord
    from app.services.exchange import feed

    with st.ctx.uow.read() as s:
        head = s.scalar(select(func.max(AuditRecord.id))) or 0
        return feed.collect(s, 0, head, True)


def _raw_read(db: Path) -> int:
    n = 0
    with sqlite3.connect(db) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in SOURCE_TABLES:
            if table in names:
                n += len(conn.execute(f"SELECT * FROM {table}").fetchall())  # noqa: S608 - fixed names
    return n


def _serialise_encrypt(records: dict[str, list[dict]], recipient) -> int:  # noqa: ANN001
    size = 0
    for rows in records.values():
        plain = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows).encode()
        size += len(pyrage.encrypt(plain, [recipient]))
    return size


def batch_export(db: Path) -> dict:
    """A full batch export of the bench database vs. raw read + JSON Lines + age encryption of the same rows."""
    from app.sync import keys

    st = _prepare(db)
    with _home(st.tmp / "home"):
        times = []
        for _ in range(2):
            started = time.perf_counter()
            path = _export(st, st.tmp / "stick")
            times.append(time.perf_counter() - started)
            if st.batch is None:  # sequence 1: what a fresh county database can ingest
                st.batch = Path(shutil.copyfile(path, st.tmp / "batch.zip"))
        seconds = min(times)
        records = _records(st)
        recipient = keys.read_public(st.tmp / "C.pub").age_recipient()
        copy = st.tmp / "township.db"
        baseline = best(lambda: (_raw_read(copy), _serialise_encrypt(records, recipient)), repeat=2)
    return result(seconds, baseline)


def _fresh_county(st: Setup, n: int):  # noqa: ANN202 - County
    from app.county.admin import load_county

    path = st.tmp / f"county-{n}.db"
    shutil.copyfile(st.county_template, path)
    return load_county(f"sqlite:///{path}", keys_folder=st.county_keys)


def _county_rows(records: dict[str, list[tuple[dict, str]]], code: str) -> list[tuple]:
    """county_record rows for the batch's records (11 columns), each stored as the line it arrived in."""
    from app.county.apply import KIND
    from app.models.base import utcnow

    now, rows = utcnow().isoformat(sep=" "), []
    for content, recs in records.items():
        kind = KIND.get(content, "tombstone")
        for r, line in recs:
            rows.append((code, kind, r["id"], r.get("household_id", r["id"]), r.get("version", 1),
                         str(r.get("state", r.get("status", ""))), 1, "", line, 1, now))
    return rows


def _raw_decrypt(batch: Path, identity) -> dict[str, list[tuple[dict, str]]]:  # noqa: ANN001 - age identity
    """The batch's payloads decrypted and their JSON Lines parsed (record, line), with nothing checked."""
    import zipfile

    out: dict[str, list[tuple[dict, str]]] = {}
    with zipfile.ZipFile(batch) as zf:
        for name in zf.namelist():
            if name.startswith("payload/"):
                lines = pyrage.decrypt(zf.read(name), [identity]).splitlines()
                content = name.removeprefix("payload/").split(".")[0]
                out[content] = [(json.loads(x), x.decode()) for x in lines[1:]]  # the first line is the header
    return out


def _raw_insert(template: Path, path: Path, batch: Path, identity, code: str) -> None:  # noqa: ANN001
    """SPEC §11 v2 baseline: the same rows decrypted and inserted raw into a fresh copy of the county
    database (the same schema and indexes), WAL + synchronous=FULL, one transaction."""
    records = _raw_decrypt(batch, identity)
    rows = _county_rows({k: v for k, v in records.items() if k != "audit"}, code)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("BEGIN")
        conn.executemany("INSERT OR REPLACE INTO county_record (township_code, kind, object_id, household_id, "
                         "version, status, active, end_reason, content, batch_sequence, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()


def county_ingest(db: Path) -> dict:
    """`county ingest` of a full batch into a fresh county SQLite DB vs. the same rows inserted raw."""
    from app.county.ingest import ingest

    st = _prepare(db)
    with _home(st.tmp / "home"):
        if st.batch is None:
            st.batch = Path(shutil.copyfile(_export(st, st.tmp / "stick"), st.tmp / "batch.zip"))
        times = []
        for n in range(2):
            county = _fresh_county(st, n)  # copying and opening the database is not timed
            try:
                started = time.perf_counter()
                outcome = ingest(county, st.batch, receipt_dir=st.tmp)
                times.append(time.perf_counter() - started)
            finally:
                county.close()
            if outcome.status != "accepted":
                raise RuntimeError(f"county ingest of the bench batch: {outcome.status}")
        from app.sync import keys

        identity = keys.load("county", "430900", "基准县民政局", st.county_keys).identity
        raw_times = []
        for n in range(2):
            raw = st.tmp / f"raw-{n}.db"
            shutil.copyfile(st.county_template, raw)  # untimed, as for ours
            started = time.perf_counter()
            _raw_insert(st.county_template, raw, st.batch, identity, st.code)
            raw_times.append(time.perf_counter() - started)
    return result(min(times), min(raw_times))
