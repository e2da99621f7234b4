"""The command line: a thin shell over ``jlt_cli.actions`` — parse options, call, print, choose the exit code.

Built on click (its public API, with its own messages translated, see ``zh``). Each command lives in
``cli/commands/<name>.py`` and is added to the group below.
"""

from __future__ import annotations

import os
import re
import signal
import sys

import click

from jlt_cli import __version__
from jlt_cli.cli import zh
from jlt_cli.cli.common import EXIT_FAILURE, ZhGroup
from jlt_cli.outputs.terminal import clean, stderr_console

zh.install()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=ZhGroup, context_settings=CONTEXT, no_args_is_help=True,
             help="合川区家校社协同育人“教联体”建设案例的审核（validate）与汇编（build）工具。")
@click.version_option(__version__, "--version", prog_name="jlt", message="%(prog)s %(version)s", help="显示版本并退出。")
def app() -> None:
    pass


def _register() -> None:
    from jlt_cli.cli.commands import build, doctor, feedback, fix, init, rules, serve, show, stats, template, validate

    for module in (validate, show, build, feedback, fix, stats, template, init, rules, doctor, serve):
        app.add_command(module.command)


_register()


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (kill, a closing terminal, CI timeouts) unwinds like Ctrl-C, so temporary files are removed."""
    if os.getpid() != _MAIN_PID:
        os._exit(128 + signum)  # a forked worker: nothing of its own to clean up
    raise KeyboardInterrupt


_MAIN_PID = os.getpid()
_REPR_QUOTED = re.compile(r"'([^'\s]{1,80})'")


def main() -> None:
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    signal.signal(signal.SIGTERM, _terminate)
    # not standalone: usage errors and Ctrl-C are reported here, in the same words as everything else
    try:
        code = app.main(standalone_mode=False, prog_name="jlt")
    except click.UsageError as exc:
        err = stderr_console()
        message = usage_message(exc)
        err.print(f"[red]用法错误：[/]{clean(message)}", soft_wrap=True)
        path = exc.ctx.command_path if exc.ctx is not None else "jlt"
        err.print(f"运行 {clean(path)} --help 查看用法。", soft_wrap=True)
        sys.exit(EXIT_FAILURE)
    except (KeyboardInterrupt, click.Abort):
        stderr_console().print("[red]已中断：未写入任何输出，原有文件保持不变。[/]")
        sys.exit(130)
    except click.ClickException as exc:
        stderr_console().print(f"[red]错误：[/]{clean(exc.format_message())}", soft_wrap=True)
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


# What to type, when a command is run without the file or folder it works on.
EXAMPLES = {"show": "jlt show 收件/某案例.docx", "fix": "jlt fix 案例.md"}


def usage_message(exc: click.UsageError) -> str:
    """click's (translated) usage error, without the Python-repr quotes it puts around names."""
    param = getattr(exc, "param", None)
    if isinstance(exc, click.MissingParameter) and getattr(param, "param_type_name", "") == "argument":
        name = exc.ctx.info_name if exc.ctx is not None else "validate"
        return f"缺少要处理的文件或文件夹，例如：{EXAMPLES.get(name, f'jlt {name} 收件/')}"
    message = _REPR_QUOTED.sub(r"\1", exc.format_message())
    return message[:-1] + "。" if message.endswith(".") else message
