"""What every command of the CLI shares: exit codes, the usual options, progress on the terminal, and how an
ActionError is shown (a Chinese message on stderr, exit 2)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

import click

from jlt_cli.actions import ActionError
from jlt_cli.actions.validate import settings
from jlt_cli.config import Config
from jlt_cli.outputs.terminal import clean, stderr_console

# As Vale, ruff and sqlfluff do: 0 no errors, 1 some file has an error (with --strict, also a warning),
# 2 usage error or internal failure.
EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2

class ZhHelpFormatter(click.HelpFormatter):
    """Help laid out with Chinese punctuation (用法：/选项：), not click's ASCII colons."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else "用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class ZhContext(click.Context):
    formatter_class = ZhHelpFormatter


class ZhCommand(click.Command):
    context_class = ZhContext

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class ZhGroup(click.Group):
    context_class = ZhContext
    command_class = ZhCommand

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]…")
        super().__init__(*args, **kwargs)


def command(name: str):
    """A jlt command: click.command with Chinese help layout."""
    return click.command(name, cls=ZhCommand)


# click.Path without its own existence checks: jlt says what is missing in its own words
FILE = click.Path(path_type=Path, dir_okay=False)
FOLDER = click.Path(path_type=Path, file_okay=False)
ANY_PATH = click.Path(path_type=Path)

paths_argument = click.argument("paths", nargs=-1, required=True, type=ANY_PATH, metavar="路径…")
config_option = click.option("--config", "-c", "config_file", type=FILE, default=None, metavar="文件",
                             help="配置文件（默认：输入文件夹或当前目录及其上级目录中最近的 jlt.yaml）")
convert_option = click.option("--convert", is_flag=True,
                              help="用 LibreOffice（soffice）把 .doc/.wps/.rtf/.odt 转换为 .docx 后读取（在私有临时文件夹中进行）")


def fail(message: str) -> click.exceptions.Exit:
    """Print ``message`` as an error and return the exit to raise (code 2)."""
    stderr_console().print(f"[red]错误：[/]{clean(message)}", soft_wrap=True)  # a message is never folded mid-sentence
    return click.exceptions.Exit(EXIT_FAILURE)


def shows_errors(func: Callable) -> Callable:
    """Run a command body; an ActionError becomes a Chinese error message and exit code 2."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ActionError as exc:
            raise fail(exc.message) from None

    return wrapper


def load(config_file: Path | None, inputs: list[Path] | tuple = ()) -> Config:
    """The configuration in force for these inputs (the summaries say which jlt.yaml it came from)."""
    return settings(config_file, inputs)


class Progress:
    """A status line on stderr while files are read or pages typeset (silent when stderr is not a terminal)."""

    def __init__(self, label: str = "正在读取"):
        self.label = label
        console = stderr_console()
        self.status = console.status(label) if console.is_terminal else None

    def __enter__(self) -> "Progress":
        if self.status:
            self.status.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.status:
            self.status.stop()

    def files(self, i: int, n: int, name: str) -> None:
        if self.status:
            self.status.update(f"{self.label} {i}/{n} {clean(name)}")

    def stage(self, label: str) -> None:
        if self.status:
            self.status.update(f"{label}…")
