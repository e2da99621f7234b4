"""``jlt template``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jlt_cli.actions import ActionError
from jlt_cli.actions.template import template, template_text
from jlt_cli.cli.common import command, ANY_PATH, config_option, load, shows_errors
from jlt_cli.outputs.terminal import clean, stdout_console


@command("template")
@click.option("--type", "-t", "type_", default=None, help="案例类型：社区学校 / 护校安园 / 困境儿童（也可写全名）；不写则生成通用模板")
@click.option("--format", "-f", "fmt", type=click.Choice(("docx", "md")), default=None,
              help="docx（默认）或 md；不写时按 -o 的扩展名判断")
@click.option("--output", "-o", type=ANY_PATH, default=None, metavar="位置",
              help="输出文件（默认：当前文件夹下的 案例模板-<类型>.docx；md 格式可用 - 表示标准输出）")
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
@config_option
@shows_errors
def command(type_: str | None, fmt: str | None, output: Path | None, force: bool, config_file: Path | None) -> None:
    """生成空白的案例报送模板：元数据行、案例题目和各正文部分，附附件1的填写提示。"""
    config = load(config_file)
    if output is not None and str(output) == "-":
        if fmt != "md":
            raise ActionError("Word 模板不能写到标准输出，请用 -o 指定文件，或加 --format md。")
        sys.stdout.write(template_text(type_, config))
        return
    out = template(type_, config, fmt=fmt, output=output, force=force)
    stdout_console().print(f"已生成模板：{clean(str(out))}")
