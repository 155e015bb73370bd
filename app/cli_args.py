"""What the command line accepts: a parser that speaks Chinese and the argument types (SPEC §9).

`ChineseArgumentParser` is argparse with its messages in Chinese ("用法：", "缺少必需的参数",
"无效的选择"...) and exit code 2 for every usage error. The types check what a person typed
before anything is opened: a port is 1-65535, a count is a positive integer of sane size.
Months and years are checked by the commands with domain/months.py (exit 3, invalid input).
"""

from __future__ import annotations

import argparse
import re
import sys
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


def chinese_message(message: str) -> str:
    """argparse's English error text in Chinese (unknown texts pass through unchanged)."""
    for pattern, replacement in _MESSAGES:
        if pattern.match(message):
            message = pattern.sub(replacement, message, count=1)
            break
    for pattern, replacement in _DETAILS:
        message = pattern.sub(replacement, message)
    return message


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
