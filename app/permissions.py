"""Personal data at rest (SPEC §10): on Linux only the user who runs the program reads its files.

The entry point sets umask 0o077, so whatever the program creates is 0600 (folders 0700); these
helpers tighten files made before that (an older version, a database chosen with --db) and the
copies the program writes on purpose (backups). On Windows the per-user data folder carries the
user's ACL already.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077
DB_SUFFIXES = ("", "-wal", "-shm", "-journal", ".lock")  # the database and what lives beside it


def private_umask() -> None:
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def make_private(path: Path) -> None:
    """chmod 0700 (folder) / 0600 (file) on Linux; a missing file or one we do not own is left alone."""
    if os.name != "posix":
        return
    try:
        if path.is_symlink() or not path.exists():
            return
        path.chmod(0o700 if path.is_dir() else 0o600)
    except OSError:
        pass


def make_db_private(db_path: Path) -> None:
    for suffix in DB_SUFFIXES:
        make_private(Path(str(db_path) + suffix))
