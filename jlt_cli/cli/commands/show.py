"""``jlt show``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from jlt_cli.actions.show import show
from jlt_cli.cli.common import command, ANY_PATH, EXIT_FINDINGS, EXIT_OK, config_option, convert_option, load, shows_errors
from jlt_cli.outputs.json_report import full_case_dict
from jlt_cli.outputs.show import case_to_markdown
from jlt_cli.outputs.terminal import plain


@command("show")
@click.argument("path", type=ANY_PATH, metavar="文件")
@config_option
@click.option("--format", "-f", "fmt", type=click.Choice(("markdown", "json")), default="markdown", show_default=True,
              help="输出格式")
@convert_option
@shows_errors
def command(path: Path, config_file: Path | None, fmt: str, convert: bool) -> None:
    """显示 jlt 读到的案例：元数据、各部分（规范名与原标题）、全文、图片和问题。"""
    config = load(config_file, [path])
    case = show(path, config, convert=convert)
    if fmt == "json":
        sys.stdout.write(json.dumps(full_case_dict(case), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(plain(case_to_markdown(case, config)) + "\n")
    raise click.exceptions.Exit(EXIT_FINDINGS if case.errors else EXIT_OK)
