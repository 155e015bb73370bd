"""One writer per database file: a lock file held while a program writes the database (SPEC §10).

The GUI holds it for as long as it has the database open; every CLI command that writes holds it
for the whole command; a restore holds it while the file is replaced. A second writer is told
who holds it (process id, what it is doing, since when) instead of writing. The OS drops the lock
when the process dies, so a crash never leaves a stale lock behind.

`InstanceLock(path).acquire()` refuses a second holder even in the same process (a second GUI
window); `writer_lock(path)` is for code that may run inside a program already holding the lock
(the GUI's restore): it joins this process's lock instead of refusing it.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from app.errors import DatabaseBusy, DatabaseError

POLL_SECONDS = 0.1

if os.name == "nt":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


_held: dict[Path, InstanceLock] = {}  # the locks this process holds, by lock file
_guard = threading.Lock()


def _default_purpose() -> str:
    """What this process is, for the busy message: "jiuzhu roster generate", or the GUI."""
    words, skip = [], False
    for arg in sys.argv[1:]:
        if skip or arg in ("--db", "--user"):
            skip = not skip
            continue
        if not arg.startswith("-"):
            words.append(arg)
    if not words or words[0] == "gui":
        return "jiuzhu 图形界面"
    return " ".join(["jiuzhu", *words[:2]])


def holder_text(lock_path: Path) -> str:
    """Who holds the lock, as the holder wrote it ("进程 1234（jiuzhu roster generate），17:40 起"), or ""."""
    try:
        info = json.loads(lock_path.read_text(encoding="utf-8"))
        text = f"进程 {int(info['pid'])}（{info.get('purpose') or 'jiuzhu'}）"
        return text + (f"，{info['since']} 起" if info.get("since") else "")
    except (OSError, ValueError, KeyError, TypeError):  # Windows keeps the locked byte unreadable
        return ""


class InstanceLock:
    def __init__(self, db_path: Path, purpose: str = "") -> None:
        self.db_path = Path(db_path)
        self.path = Path(str(db_path) + ".lock")
        self.purpose = purpose
        self._fd: int | None = None

    def acquire(self, wait: float = 0.0) -> InstanceLock:
        """Take the lock, trying for up to `wait` seconds; DatabaseBusy (E_DB_BUSY) if another holds it."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise DatabaseError(f"无法建立写入锁文件 {self.path}：{exc.strerror or exc}") from exc
        deadline = time.monotonic() + max(wait, 0.0)
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                who = holder_text(self.path)
                raise DatabaseBusy(f"{self.db_path} 已在另一个窗口或程序中打开" + (f"（{who}）" if who else "")
                                   + "，请等它完成或关闭后再试；本次操作未写入任何数据")
            time.sleep(POLL_SECONDS)
        info = {"pid": os.getpid(), "purpose": self.purpose or _default_purpose(),
                "since": datetime.now().strftime("%Y-%m-%d %H:%M:%S")}
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(info, ensure_ascii=False).encode())
        self._fd = fd
        with _guard:
            _held[self._key()] = self
        return self

    def release(self) -> None:
        if self._fd is not None:
            with _guard:
                if _held.get(self._key()) is self:
                    del _held[self._key()]
            os.close(self._fd)
            self._fd = None

    def _key(self) -> Path:
        return self.path.resolve()

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def held_here(db_path: Path) -> bool:
    """True when this process holds the writer lock of `db_path`."""
    with _guard:
        return Path(str(db_path) + ".lock").resolve() in _held


@contextmanager
def writer_lock(db_path: Path, purpose: str = "", wait: float = 0.0) -> Iterator[None]:
    """Hold the writer lock for the block, or join it when this process already holds it."""
    if held_here(db_path):
        yield
        return
    lock = InstanceLock(db_path, purpose).acquire(wait)
    try:
        yield
    finally:
        lock.release()
