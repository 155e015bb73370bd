"""Backups (SPEC §10): online backup API, checked with integrity_check, daily, kept 30 days; restore."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from app.errors import DatabaseError, InvalidInput
from app.models.migrate import sqlite_backup

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
    kept = None
    if db_path.exists():
        kept = backup_dir(data_dir) / f"{db_path.stem}-before-restore-{datetime.now().strftime(STAMP)}.db"
        try:
            sqlite_backup(db_path, kept)
        except (sqlite3.DatabaseError, DatabaseError):  # a damaged database: keep the raw file instead
            shutil.copy2(db_path, kept)
    tmp = db_path.with_name(db_path.name + ".restore.tmp")
    sqlite_backup(source, tmp)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    tmp.replace(db_path)
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
