"""``jlt doctor``."""

from __future__ import annotations

from pathlib import Path

import click

from jlt_cli.actions.doctor import doctor
from jlt_cli.cli.common import command, EXIT_FAILURE, EXIT_OK, config_option, load, shows_errors
from jlt_cli.outputs.terminal import clean, stdout_console

COLOURS = {"ok": "", "warning": "yellow", "error": "red"}


@command("doctor")
@config_option
@shows_errors
def command(config_file: Path | None) -> None:
    """检查运行环境：Python、WeasyPrint/Pango 版本、各角色的中文字体、LibreOffice。"""
    out = stdout_console()
    checks = doctor(load(config_file))
    for check in checks:
        colour = COLOURS[check.level]
        out.print(f"[{colour}]{clean(check.text)}[/]" if colour else clean(check.text), soft_wrap=True)
    raise click.exceptions.Exit(EXIT_FAILURE if any(c.level == "error" for c in checks) else EXIT_OK)
