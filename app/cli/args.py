"""What the command line accepts: a parser that speaks Chinese and the argument types (SPEC §9).

`ChineseArgumentParser` is argparse with its messages in Chinese ("用法：", "缺少必需的参数",
"无效的选择"...) and exit code 2 for every usage error. The types check what a person typed
before anything is opened or any password asked for:
- usage (exit 2, argparse's ArgumentTypeError): a port is 1-65535, a count a positive integer
  of sane size, an upload address an http(s) URL that parses, a county database a file or a
  sqlite / postgresql URL;
- invalid input (exit 3, InvalidInput raised through parse_args to app.cli.main): a month
  outside 2000-01..2099-12 (domain/months.py), an unknown program, an output file that is a
  folder or lies in a missing folder.
"""

from __future__ import annotations

import argparse
import errno
import re
import socket
import sys
import urllib.parse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NoReturn

_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"^argument (\S+): (.*)$", r"参数 \1：\2"),
    (r"^the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
    (r"^one of the arguments (.*) is required$", r"必须给出以下参数之一：\1"),
    (r"^unrecognized arguments: (.*)$", r"无法识别的参数：\1"),
    (r"^ambiguous option: (\S+) could match (.*)$", r"选项 \1 有歧义，可能是：\2"),
    (r"^unexpected option string: (.*)$", r"意外的选项：\1"),
))
_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"invalid choice: (.*) \(choose from (.*)\)", r"无效的选择 \1（可选：\2）"),
    (r"invalid (\w+) value: (.*)", r"无效的值 \2"),
    (r"not allowed with argument (.*)", r"不能与参数 \1 同时使用"),
    (r"expected one argument", "需要一个值"),
    (r"expected at most one argument", "最多一个值"),
    (r"expected at least one argument", "至少一个值"),
    (r"ignored explicit argument (.*)", r"不接受值 \1"),
))
_HEADINGS = (("usage: ", "用法："), ("positional arguments:", "位置参数："), ("options:", "选项："),
             ("show this help message and exit", "显示本帮助并退出"),
             ("show program's version number and exit", "显示版本号并退出"))


MIN_DAY, MAX_DAY = date(2000, 1, 1), date(2099, 11, 30)  # a decision date; its next month is in range


def chinese_message(message: str) -> str:
    """argparse's English error text in Chinese (unknown texts pass through unchanged)."""
    for pattern, replacement in _MESSAGES:
        if pattern.match(message):
            message = pattern.sub(replacement, message, count=1)
            break
    for pattern, replacement in _DETAILS:
        message = pattern.sub(replacement, message)
    return re.sub(r"^参数 (command|\w+_cmd)：", "子命令：", message)  # a subcommand's dest is no argument name


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with Chinese messages; usage errors print "错误 [E_USAGE]：..." and exit 2."""

    def format_usage(self) -> str:
        return _headings(super().format_usage())

    def format_help(self) -> str:
        return _headings(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"错误 [E_USAGE]：用法错误：{chinese_message(message)}（{self.prog} -h 查看帮助）\n")


def _headings(text: str) -> str:
    for english, chinese in _HEADINGS:
        text = text.replace(english, chinese)
    return text


def port(text: str) -> int:
    """A TCP port, 1-65535."""
    value = _int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"端口应为 1 至 65535 之间的整数，实为「{_shown(text)}」")
    return value


def positive_int(text: str, *, limit: int = 10_000_000) -> int:
    """A count or an id: 1..limit."""
    value = _int(text)
    if not 1 <= value <= limit:
        raise argparse.ArgumentTypeError(f"应为 1 至 {limit} 之间的整数，实为「{_shown(text)}」")
    return value


def count(limit: int):  # noqa: ANN201 - an argparse type
    """A positive_int type with its own upper limit (e.g. households of a demo township)."""
    def parse(text: str) -> int:
        return positive_int(text, limit=limit)
    parse.__name__ = "count"
    return parse


def _int(text: str) -> int:
    stripped = str(text).strip()
    if not (stripped.isascii() and re.fullmatch(r"[+-]?\d{1,12}", stripped)):
        raise argparse.ArgumentTypeError(f"应为整数，实为「{_shown(text)}」")
    return int(stripped)


def _shown(text: object) -> str:
    value = str(text).replace("\n", " ")
    return value if len(value) <= 40 else value[:40] + "…"


def month(field: str = "--month") -> Callable[[str], str]:
    """A month type: "2020-12" (full-width digits too) -> "2020-12"; InvalidInput (exit 3) otherwise."""
    def parse(text: str) -> str:
        from app.domain.months import parse_month

        return parse_month(text, field)
    parse.__name__ = "month"
    return parse


def program(text: str) -> str:
    """A program by Chinese name or key -> its key (城市低保 -> urban_dibao); InvalidInput otherwise."""
    from app.domain.programs import program_key

    return program_key(text)


def output_file(field: str) -> Callable[[str], Path]:
    """An output file type: refused (exit 3) when it is a folder or its folder does not exist."""
    def parse(text: str) -> Path:
        from app.reports.output import check_output

        return check_output(text, field)
    parse.__name__ = "output_file"
    return parse


def attempts(text: str) -> int:
    """How many upload attempts: 1-10 (the waits between them double)."""
    return positive_int(text, limit=10)


def http_url(text: str) -> str:
    """An upload address: http:// or https://, a host, a valid port."""
    try:
        parts = urllib.parse.urlsplit(text.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"应为 http:// 或 https:// 开头的有效地址，实为「{_shown(text)}」")
    return text.strip()


COUNTY_URL_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")


def county_db(text: str) -> str:
    """The county database: an SQLite file, or a sqlite:// / postgresql+psycopg:// URL."""
    if "://" in text:
        scheme = text.split("://", 1)[0].lower()
        if scheme not in COUNTY_URL_SCHEMES:
            raise argparse.ArgumentTypeError(  # the scheme only: the rest may hold a password
                f"不支持的数据库地址「{_shown(scheme)}://…」：县级数据库只能是 SQLite 文件或 postgresql+psycopg://…")
        return text
    if text.strip() == "" or Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"应为县级数据库文件，「{_shown(text)}」是文件夹或为空")
    return text


def socket_reason(exc: OSError) -> str:
    """Why a server could not start, in Chinese."""
    reasons = {errno.EADDRINUSE: "端口已被占用", errno.EACCES: "没有权限使用该端口（1024 以下须管理员权限）",
               errno.EADDRNOTAVAIL: "本机没有该地址"}
    if exc.errno in reasons:
        return reasons[exc.errno]
    if isinstance(exc, socket.gaierror):
        return "无法解析该主机名或地址"
    return f"网络错误（{exc.strerror or exc}）"


def database_file(text: str) -> str:
    """The township database (--db): a file path, not a folder."""
    if text.strip() == "" or Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"应为数据库文件，「{_shown(text)}」是文件夹或为空")
    return text
