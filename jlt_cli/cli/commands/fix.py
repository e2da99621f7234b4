"""``jlt fix``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jlt_cli.actions.fix import fix
from jlt_cli.cli.common import command, EXIT_FINDINGS, EXIT_OK, FILE, shows_errors
from jlt_cli.outputs.terminal import clean, stderr_console


@command("fix")
@click.argument("path", type=FILE, metavar="文件")
@click.option("--output", "-o", type=FILE, default=None, metavar="文件", help="写入此文件（默认输出到屏幕）")
@click.option("--in-place", is_flag=True, help="直接修改原文件")
@shows_errors
def command(path: Path, output: Path | None, in_place: bool) -> None:
    """修正 Markdown 案例中的半角标点：中文之间的半角逗号、句号、分号、冒号、问号、叹号、括号和引号。

    原文件不会改动，除非加 --in-place；文件按原来的编码（UTF-8、GBK、UTF-16…）写回。
    """
    outcome = fix(path, output=output, in_place=in_place)
    report = outcome.report
    if output is None and not in_place:
        sys.stdout.write(report.text)
        sys.stdout.flush()
    console = stderr_console()
    where = f"，已写入 {outcome.written}" if outcome.written is not None else ""
    console.print(f"已修正 {report.fixed} 处半角标点{clean(where)}。" if report.fixed else "没有需要自动修正的标点。")
    for line, note in report.manual:
        console.print(f"{clean(str(path))}:{line}: 需人工处理：{clean(note)}", soft_wrap=True)
    raise click.exceptions.Exit(EXIT_FINDINGS if report.manual else EXIT_OK)
