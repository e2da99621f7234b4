"""``jlt validate``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jlt_cli.actions.validate import check_review_sheet, validate, write_review_sheet
from jlt_cli.cli.common import (
    command, EXIT_FINDINGS, EXIT_OK, FILE, Progress, config_option, convert_option, load, paths_argument, shows_errors,
)
from jlt_cli.outputs.terminal import clean, stderr_console, stdout_console

FORMATS = ("table", "json", "github", "junit", "sarif")


@command("validate")
@paths_argument
@config_option
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="输出格式：table 表格（默认）、json、github（工作流注释）、junit、sarif")
@click.option("--strict", is_flag=True, help="有警告也以退出码 1 结束")
@click.option("--report", type=FILE, default=None, metavar="文件", help="另存审核结果表（.xlsx，不能在输入文件夹之内）")
@convert_option
@shows_errors
def command(paths: tuple[Path, ...], config_file: Path | None, fmt: str, strict: bool, report: Path | None,
            convert: bool) -> None:
    """审核案例：读取每个文件，识别题目、单位、类型和各部分，报告问题。

    退出码：0 没有错误；1 有文件存在错误（加 --strict 时警告也算）；2 用法错误或内部故障。
    """
    inputs = list(paths)
    if report is not None:
        check_review_sheet(report, inputs)
    config = load(config_file, inputs)
    with Progress() as progress:
        result = validate(inputs, config, progress=progress.files, convert=convert)
    if fmt == "json":
        from jlt_cli.outputs.json_report import render_json

        sys.stdout.write(render_json(result) + "\n")
    elif fmt in ("github", "junit", "sarif"):
        from jlt_cli.outputs.ci_formats import render_ci

        sys.stdout.write(render_ci(result, fmt))
    else:
        from jlt_cli.outputs.console import print_report

        print_report(result, stdout_console())
    if report is not None:
        write_review_sheet(result, report)
        stderr_console().print(f"已写入审核结果表：{clean(str(report))}")
    failed = result.has_errors() or (strict and result.has_warnings())
    raise click.exceptions.Exit(EXIT_FINDINGS if failed else EXIT_OK)
