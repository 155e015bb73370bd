"""The `jiuzhu` command: parses arguments, calls services, prints, exits (SPEC §9)."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys

from app import __version__
from app.cli import args as argtypes
from app.cli.args import ChineseArgumentParser
from app.cli.common import held_locks
from app.errors import AppError

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    p = ChineseArgumentParser(prog="jiuzhu", description="乡镇社会救助工作台")
    p.add_argument("--version", action="version", version=f"jiuzhu {__version__}")
    p.add_argument("--db", type=argtypes.database_file, help="数据库文件（默认 JIUZHU_DB 或数据目录下的 township.db）")
    p.add_argument("--user", help="操作用户（密码取自 JIUZHU_PASSWORD 或提示输入）")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    from app.cli import county, monitor, papers, stats, sync, township

    for group in (township, stats, papers, sync, county, monitor):
        group.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    from app.permissions import private_umask

    private_umask()  # SPEC §10: the database, backups, batches, keys and logs are the user's alone
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage error (2), or -h / --version (0): already printed
        return exc.code if isinstance(exc.code, int) else 2
    except AppError as exc:  # an argument type refused what was typed (cli_args.py): nothing opened yet
        print(f"错误 [{exc.code}]：{exc.text}", file=sys.stderr)
        return exc.exit_code
    if not getattr(args, "func", None):
        from app.cli.township import cmd_gui

        args.func = cmd_gui
    try:
        from app.bootstrap import setup_logging

        setup_logging()
        return args.func(args)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - every error ends here: a code and Chinese text, never SQL
        return _report(args, exc)
    finally:
        while held_locks:
            held_locks.pop().release()


def _report(args: argparse.Namespace, exc: Exception) -> int:
    """The one place an exception becomes the CLI's stderr text and exit code (SPEC §9)."""
    app_error = exc if isinstance(exc, AppError) else None
    if app_error is None and ("sqlalchemy" in sys.modules or isinstance(exc, sqlite3.Error)):
        from app.bootstrap import database_error

        app_error = database_error(exc)
    if app_error is not None:
        log.warning("command %s refused: %s", args.command, app_error)
        print(f"错误 [{app_error.code}]：{app_error.text}", file=sys.stderr)
        return app_error.exit_code
    log.exception("unexpected error")  # engines hide SQL parameters; the log's formatter masks IDs
    text = str(exc)
    if "sqlalchemy" in sys.modules:
        from app.bootstrap import internal_text

        text = internal_text(exc)
    print(f"错误 [E_INTERNAL]：内部错误：{text}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
