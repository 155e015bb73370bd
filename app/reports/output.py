"""Writing a report file: the path a person gave is checked first, and the file appears whole or not at all.

`atomic_output(path)` yields a temp path beside `path` and renames it over `path` on success.
A path that is a folder, lies in a folder that does not exist, or cannot be written is refused
with InvalidInput naming the path and why in Chinese (exit 3), never an OSError traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from app.errors import InvalidInput

_REASONS = {
    errno.ENOENT: "文件夹不存在", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EISDIR: "这是一个文件夹",
    errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘为只读", errno.ENAMETOOLONG: "文件名过长", errno.EINVAL: "文件名含有不允许的字符",
}


def output_problem(path: Path) -> str | None:
    """Why `path` cannot be a new or replaced output file, or None."""
    if str(path).strip() == "":
        return "未给出文件名"
    try:
        if path.is_dir():
            return "这是一个文件夹，请给出文件名"
        parent = path.parent
        if not parent.exists():
            return f"文件夹「{parent}」不存在"
        if not parent.is_dir():
            return f"「{parent}」不是文件夹"
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte ...
        return os_reason(exc)
    return None


def os_reason(exc: BaseException) -> str:
    """An OSError's reason in Chinese (the platform's text only as a last resort)."""
    if isinstance(exc, OSError) and exc.errno in _REASONS:
        return _REASONS[exc.errno]
    if isinstance(exc, ValueError):
        return "文件名含有不允许的字符"
    return f"无法写入（{getattr(exc, 'strerror', None) or exc}）"


def check_output(path: Path | str, field: str = "输出文件") -> Path:
    """`path` as a Path, or InvalidInput naming `field`, the path and the reason."""
    target = Path(path)
    problem = output_problem(target)
    if problem:
        raise InvalidInput(f"{field}「{target}」：{problem}")
    return target


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """Yield a temp path beside `path`; on success it replaces `path`, on error it is removed.

    A reader never sees a half-written file, and a failed write leaves the old file intact.
    """
    target = check_output(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem[:40]}-", suffix=target.suffix[:16] + ".tmp",
                                        dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise InvalidInput(f"输出文件「{target}」：{os_reason(exc)}") from exc
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"输出文件「{target}」：{os_reason(exc)}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
