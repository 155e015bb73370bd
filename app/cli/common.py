"""What every command group shares: opening the database (with the writer lock), the acting user,
passwords from the environment or the terminal, and JSON printing."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from app.errors import AuthError, UsageError


def password(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"请设置环境变量 {env} 或在终端中运行以输入密码")
    return getpass.getpass(prompt)


def new_password() -> str:
    return os.environ.get("JIUZHU_NEW_PASSWORD") or password("JIUZHU_PASSWORD", "新密码：")


LOCK_WAIT_SECONDS = 3.0  # a second writer waits this long for the first (JIUZHU_LOCK_WAIT overrides)
held_locks: list = []  # the writer lock this command holds (app.instance_lock), released by main()


def db_path(args: argparse.Namespace) -> Path:
    from app.paths import default_db_path

    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def hold_writer_lock(args: argparse.Namespace, db_path: Path) -> bool:
    """SPEC §10 one writer: hold the database's lock until the command ends; False if already held."""
    from app.instance_lock import InstanceLock, held_here

    if held_here(db_path):
        return False
    try:
        wait = float(os.environ.get("JIUZHU_LOCK_WAIT", LOCK_WAIT_SECONDS))
    except ValueError:
        wait = LOCK_WAIT_SECONDS
    subcommand = [v for k, v in sorted(vars(args).items()) if k.endswith("_cmd") and isinstance(v, str)]
    purpose = " ".join(["jiuzhu", str(args.command), *subcommand])
    held_locks.append(InstanceLock(db_path, purpose).acquire(wait))
    return True


def open_context(args: argparse.Namespace, *, create: bool = False, write: bool = False):
    """Open the database; `write=True` (every command that changes data) takes the writer lock first."""
    from app.bootstrap import open_database

    path = db_path(args)
    if write and (create or path.exists()):  # a missing file is refused by open_database below
        path.parent.mkdir(parents=True, exist_ok=True)
        hold_writer_lock(args, path)
    return open_database(path, create=create)


def acting_user(args: argparse.Namespace, ctx):
    """The logged-in acting user. Acting means writing: the writer lock is held from here on even when
    the command opened the database without write=True."""
    from app.services.auth import login

    if hold_writer_lock(args, ctx.db_path):
        ctx.engine.dispose()  # connections opened before the lock may point at a file since replaced
    name = args.user or os.environ.get("JIUZHU_USER")
    if not name:
        raise AuthError("此命令会修改数据，请用 --user 指定操作用户")
    return login(ctx.uow, name, password("JIUZHU_PASSWORD", f"{name} 的密码："))


def print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def info(text: str) -> None:
    """A progress or summary line on stderr, so stdout keeps only what a script reads (a path, JSON)."""
    print(text, file=sys.stderr)
