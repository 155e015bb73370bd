"""Backups (SPEC §10): online backup API, checked with integrity_check, daily, kept 30 days; restore.

`backup_database` and `restore_database` are the services the CLI and the GUI call: they take the
acting user, hold the one-writer lock and leave an audit record. A restore accepts only a jiuzhu
database of a known schema revision of this same township, and its record goes into the restored
file, so that file's chain says who restored what and when. `create_backup` / `restore_backup`
are the file operations below them (the daily backup, the start-up recovery of a damaged file).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.roles import ROLES, Actor, require_role
from app.errors import BackupOtherTownship, BackupRejected, DatabaseError, InvalidInput
from app.instance_lock import writer_lock
from app.models.migrate import sqlite_backup
from app.models.uow import UnitOfWork
from app.permissions import make_db_private, make_private

log = logging.getLogger(__name__)
KEEP_DAYS = 30
STAMP = "%Y%m%d-%H%M%S"


def backup_dir(data_dir: Path) -> Path:
    path = data_dir / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def create_backup(db_path: Path, data_dir: Path, out: Path | None = None, *, tag: str = "manual") -> Path:
    """Copy the live database (readers and writers may be active) and verify the copy."""
    if not db_path.exists():
        raise InvalidInput(f"数据库文件 {db_path} 不存在")
    dest = out or backup_dir(data_dir) / f"{db_path.stem}-{tag}-{datetime.now().strftime(STAMP)}.db"
    if dest.exists():
        raise InvalidInput(f"备份文件 {dest} 已存在，不会覆盖")
    tmp = dest.with_name(dest.name + ".tmp")
    sqlite_backup(db_path, tmp)
    make_private(tmp)
    tmp.replace(dest)
    log.info("backup written: %s", dest)
    return dest


def daily_backup(db_path: Path, data_dir: Path, now: datetime | None = None) -> Path | None:
    """On the first start of a day: one backup, and backups older than 30 days removed."""
    now = now or datetime.now()
    folder = backup_dir(data_dir)
    today = now.strftime("%Y%m%d")
    made = None
    if not any(folder.glob(f"{db_path.stem}-daily-{today}-*.db")):
        made = create_backup(db_path, data_dir, folder / f"{db_path.stem}-daily-{now.strftime(STAMP)}.db")
    prune(folder, now)
    return made


def prune(folder: Path, now: datetime) -> list[Path]:
    cutoff, removed = now - timedelta(days=KEEP_DAYS), []
    for f in folder.glob("*.db"):
        stamp = _stamp_of(f)
        if stamp and stamp < cutoff:
            f.unlink()
            removed.append(f)
    return removed


def _stamp_of(path: Path) -> datetime | None:
    parts = path.stem.rsplit("-", 2)
    try:
        return datetime.strptime(f"{parts[-2]}-{parts[-1]}", STAMP)
    except (ValueError, IndexError):
        return None


def list_backups(data_dir: Path) -> list[Path]:
    return sorted(backup_dir(data_dir).glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True)


def check_file(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path.name} 不是有效的数据库文件：{exc}") from exc
    if result != "ok":
        raise DatabaseError(f"{path.name} 完整性检查未通过：{result}")


def restore_backup(db_path: Path, source: Path, data_dir: Path) -> Path | None:
    """Replace the database with a checked backup; the replaced database is kept as a backup first.

    Call with no open connection to `db_path` (the GUI closes its engine first).
    """
    if not source.exists():
        raise InvalidInput(f"备份文件 {source} 不存在")
    check_file(source)
    kept = _keep_current(db_path, data_dir)
    tmp = db_path.with_name(db_path.name + ".restore.tmp")
    sqlite_backup(source, tmp)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    tmp.replace(db_path)
    make_db_private(db_path)
    log.info("database %s restored from %s (previous copy: %s)", db_path, source, kept)
    return kept


def newest_good_backup(db_path: Path, data_dir: Path) -> Path | None:
    for candidate in list_backups(data_dir):
        if not candidate.name.startswith(db_path.stem):
            continue
        try:
            check_file(candidate)
        except DatabaseError:
            continue
        return candidate
    return None


# -- the services: acting user, writer lock, audit ----------------------------------------------
EXPECTED_TABLES = frozenset({"alembic_version", "township", "user", "audit_log", "household", "member"})


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    kept: Path | None  # the copy of the replaced database
    township: str  # "龙光桥镇（430902101）"
    revision: str  # the schema revision the file held (migrated to head on restore)
    audit_id: int  # the restore's record in the restored file


def backup_database(uow: UnitOfWork, actor: Actor, db_path: Path, data_dir: Path, out: Path | None = None) -> Path:
    """`backup create`: any logged-in user; the copy is recorded in the audit log."""
    require_role(actor, *ROLES)
    from app.services import audit

    with writer_lock(db_path, "jiuzhu backup create"):
        made = create_backup(db_path, data_dir, out)
        papers = _embed_papers(made, db_path, data_dir)
        with uow.begin() as s:
            audit.append(s, actor, "backup.create", "database", None, after={"file": made.name}, note=made.name
                         + (f"（含申请材料 {papers} 份文件）" if papers else ""))
    return made


def _embed_papers(made: Path, db_path: Path, data_dir: Path) -> int:
    """The application papers (SPEC §14) go inside a backup made by a person, so the one file restores them."""
    from app.services.paper_store import PaperStore, embed_into

    return embed_into(made, PaperStore.for_database(data_dir, db_path))


def _unpack_papers(tmp: Path, db_path: Path, data_dir: Path) -> int:
    from app.services.paper_store import PaperStore, unpack_from

    return unpack_from(tmp, PaperStore.for_database(data_dir, db_path))


def known_revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    from app.models.migrate import alembic_config

    return [r.revision for r in ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions()]


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _copy_in(source: Path, tmp: Path) -> None:
    """The offered file, copied beside the database through the backup API (it may be live, in WAL mode)."""
    if not source.is_file():
        raise BackupRejected(f"备份文件 {source} 不存在或不是文件")
    try:
        with source.open("rb") as f:
            magic = f.read(16)
    except OSError as exc:
        raise BackupRejected(f"无法读取 {source}：{exc.strerror or exc}") from exc
    if magic != b"SQLite format 3\x00":
        raise BackupRejected(f"{source.name} 不是救助工作台的数据库文件")
    try:
        sqlite_backup(source, tmp)
    except (sqlite3.Error, DatabaseError) as exc:
        raise BackupRejected(f"{source.name} 已损坏或不是有效的数据库文件：{exc}") from exc


def _inspect(tmp: Path, name: str) -> tuple[str, str, str]:
    """(revision, township code, township name) of a copied file, or BackupRejected."""
    with sqlite3.connect(tmp) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = EXPECTED_TABLES - tables
        if missing:
            raise BackupRejected(f"{name} 不是救助工作台的乡镇数据库（缺少数据表 {'、'.join(sorted(missing))}）")
        revisions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        townships = conn.execute("SELECT code, name FROM township").fetchall()
    conn.close()
    known = known_revisions()
    if len(revisions) != 1 or revisions[0] not in known:
        raise BackupRejected(f"{name} 的数据库版本「{'、'.join(map(str, revisions)) or '无'}」不是本程序认识的版本"
                             f"（{known[-1]}～{known[0]}），可能来自更新版本的程序")
    if len(townships) != 1:
        raise BackupRejected(f"{name} 中没有乡镇信息（{len(townships)} 条），不是已初始化的乡镇数据库")
    return revisions[0], str(townships[0][0]), str(townships[0][1])


def _record_restore(tmp: Path, actor: Actor, before: dict, after: dict, note: str) -> int:
    """Bring the copy to the current schema and append the restore's record to its own chain."""
    from app.models.db import make_engine
    from app.models.migrate import migrate
    from app.services import audit

    engine = make_engine(str(tmp))
    try:
        migrate(engine)
        with UnitOfWork(engine).begin() as s:
            after = dict(after, audit_head=audit.head_hash(s))
            rec = audit.append(s, actor, "backup.restore", "database", None, before=before, after=after, note=note)
            s.flush()
            rec_id = rec.id
    finally:
        engine.dispose()
    with sqlite3.connect(tmp) as conn:  # one self-contained file again: the WAL folded in, -wal/-shm gone
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return rec_id


def restore_database(uow: UnitOfWork, actor: Actor, db_path: Path, source: Path, data_dir: Path) -> RestoreResult:
    """`backup restore`: admin only (logged in against the current database), under the writer lock.

    Refuses, changing nothing, a file that is not a jiuzhu database of a known revision or that holds
    another township. The replaced database is kept in backups/ first; the engine behind `uow` is
    closed, so callers open the restored file afresh."""
    require_role(actor, "admin")
    from app.services import audit
    from app.services.township import township_info

    db_path, source = Path(db_path), Path(source)
    with writer_lock(db_path, "jiuzhu backup restore"):
        current = township_info(uow)
        if current is None:
            raise InvalidInput(f"当前数据库 {db_path} 尚未初始化乡镇，不能恢复")
        with uow.read() as s:
            current_head = audit.head_hash(s)
        tmp = db_path.with_name(db_path.name + ".restore.tmp")
        _remove_db_files(tmp)
        try:
            _copy_in(source, tmp)
            revision, code, name = _inspect(tmp, source.name)
            if code != current[0]:
                raise BackupOtherTownship(f"{source.name} 是乡镇「{name}」（{code}）的数据库，"
                                          f"而当前数据库属于「{current[1]}」（{current[0]}）")
            uow.engine.dispose()  # nothing of ours may hold the file that is about to be replaced
            kept = _keep_current(db_path, data_dir)
            if kept:
                _embed_papers(kept, db_path, data_dir)
            _unpack_papers(tmp, db_path, data_dir)
            note = f"从 {source.name} 恢复" + (f"，原数据库另存为 {kept.name}" if kept else "")
            audit_id = _record_restore(
                tmp, actor, before={"township": current[0], "audit_head": current_head},
                after={"source": source.name, "source_sha256": _file_sha256(source), "revision": revision},
                note=note)
            uow.engine.dispose()
            for suffix in ("-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
            tmp.replace(db_path)
        finally:
            _remove_db_files(tmp)
        make_db_private(db_path)
    log.info("database %s restored by %s from %s (revision %s, previous copy: %s)", db_path, actor.name, source,
             revision, kept)
    return RestoreResult(source, kept, f"{name}（{code}）", revision, audit_id)


def _keep_current(db_path: Path, data_dir: Path) -> Path | None:
    if not db_path.exists():
        return None
    kept = backup_dir(data_dir) / f"{db_path.stem}-before-restore-{datetime.now().strftime(STAMP)}.db"
    try:
        sqlite_backup(db_path, kept)
    except (sqlite3.DatabaseError, DatabaseError):  # a damaged database: keep the raw file instead
        shutil.copy2(db_path, kept)
    make_private(kept)
    return kept


def _remove_db_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
