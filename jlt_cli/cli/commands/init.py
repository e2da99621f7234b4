"""``jlt init``."""

from __future__ import annotations

from pathlib import Path

import click

from jlt_cli.actions.init import INBOX, init
from jlt_cli.cli.common import command, FOLDER, shows_errors
from jlt_cli.outputs.terminal import clean, stderr_console


@command("init")
@click.argument("directory", type=FOLDER, default=Path("."), metavar="[文件夹]")
@shows_errors
def command(directory: Path) -> None:
    """新建一轮报送的工作目录：带注释的 jlt.yaml（全部默认值）、收件/、输出/ 和 前言.md。"""
    created, kept = init(directory)
    console = stderr_console()

    def shown(name: str) -> str:
        return clean(str(directory / name.rstrip("/"))) + ("/" if name.endswith("/") else "")

    for name in created:
        console.print(f"已创建 {shown(name)}")
    for name in kept:
        console.print(f"已存在，未覆盖：{shown(name)}")
    if created:
        inbox = clean(str(directory / INBOX))
        console.print(f"下一步：把报送文件放入 {inbox}/，然后运行 jlt validate {inbox}", soft_wrap=True)
