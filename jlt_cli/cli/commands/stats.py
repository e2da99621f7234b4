"""``jlt stats``."""

from __future__ import annotations

from pathlib import Path

import click

from jlt_cli.actions.stats import stats
from jlt_cli.cli.common import command, FILE, Progress, config_option, load, paths_argument, shows_errors
from jlt_cli.outputs.stats import print_stats
from jlt_cli.outputs.terminal import clean, stderr_console, stdout_console


@command("stats")
@paths_argument
@click.option("--svg", type=FILE, default=None, metavar="文件", help="另存为 SVG 柱状图（可插入汇编附录或汇报材料）")
@config_option
@shows_errors
def command(paths: tuple[Path, ...], svg: Path | None, config_file: Path | None) -> None:
    """统计案例：按类型、报送单位和审核状态计数。"""
    config = load(config_file, list(paths))
    with Progress() as progress:
        result = stats(list(paths), config, svg=svg, progress=progress.files)
    print_stats(result, stdout_console())
    if svg is not None:
        stderr_console().print(f"已写入统计图：{clean(str(svg))}")
