"""click's own words (help, usage errors) in Chinese, like everything else a user of jlt reads.

click marks its messages for translation with gettext (``_()``/``ngettext()`` bound in each module);
installing this table in those modules translates them without touching click. Placeholders are
reformatted without ``!r`` so Chinese quotes are not mixed with Python's 'repr' quotes. A test runs every
``--help`` and the usual usage errors and fails on any English sentence left.
"""

from __future__ import annotations

import importlib
import re
import unicodedata

ZH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 {command} {option} 查看用法。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "No such option {name!r}.": "没有选项 {name}。",
    "Did you mean {possibility}?": "是不是想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是想用其中之一：{possibilities}？）",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Option {name!r} does not take a value.": "选项 {name} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数：{args}",
    "Got unexpected extra arguments ({args})": "多余的参数：{args}",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个值。",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”无效，可选：{choices}。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，这里需要文件夹。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹，这里需要文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”不可读。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”不可写。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Aborted!": "已中断。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已弃用",
    "(dynamic)": "（动态）",
    "unknown error": "未知错误",
    "Value must be an iterable.": "值必须是列表。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
}

_MODULES = ("core", "exceptions", "formatting", "decorators", "parser", "types", "termui", "utils", "shell_completion")


def _gettext(message: str) -> str:
    return ZH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    message = singular if n == 1 else plural
    return ZH.get(message, message)


_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def _term_len(text: str) -> int:
    """Columns a string takes on a terminal: a Chinese character is two, so help columns line up."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in _ANSI.sub("", text))


def install() -> None:
    """Bind the Chinese table in click's modules, and measure help columns by display width (idempotent)."""
    formatting = importlib.import_module("click.formatting")
    if hasattr(formatting, "term_len"):
        formatting.term_len = _term_len
    for name in _MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext
