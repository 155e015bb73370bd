"""Writing a batch to a folder or USB stick: temporary name, fsync, rename, re-read and verify.

A full, read-only or vanished target raises StickError and leaves no file behind under the
final name; callers record the batch (and so use up its sequence number) only afterwards.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

from app.sync.errors import StickError

CHUNK = 1 << 20


def _describe(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"目标空间不足（U 盘已满）：{exc.filename or ''}"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"目标只读或没有写权限：{exc.filename or ''}"
    return f"{exc.strerror or exc}（{exc.filename or ''}）"


def _write_all(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view[:CHUNK])
            view = view[written:]
        os.fsync(fd)
        if hasattr(os, "posix_fadvise"):  # drop the cache so the re-read comes from the device
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def write_verified(folder: str | Path, name: str, data: bytes,
                   verify: Callable[[bytes], None] | None = None) -> Path:
    """Write `data` as folder/name atomically and check what the target gives back."""
    folder = Path(folder)
    if not folder.is_dir():
        raise StickError(f"目标文件夹 {folder} 不存在")
    final, tmp = folder / name, folder / f".{name}.part"
    renamed = False
    try:
        _write_all(tmp, data)
        os.replace(tmp, final)
        renamed = True
        _fsync_dir(folder)
        back = final.read_bytes()
    except OSError as exc:
        _remove(tmp)
        if renamed:
            _remove(final)
        raise StickError(_describe(exc)) from exc
    if back != data:
        _remove(final)
        raise StickError(f"回读校验失败：{final} 的内容与写入的不一致")
    if verify is not None:
        try:
            verify(back)
        except Exception:
            _remove(final)
            raise
    return final
