"""``jlt feedback``."""

from __future__ import annotations

from pathlib import Path

import click

from jlt_cli.actions.feedback import feedback
from jlt_cli.cli.common import command, EXIT_OK, FOLDER, Progress, config_option, load, paths_argument, shows_errors
from jlt_cli.outputs.terminal import clean, stdout_console


@command("feedback")
@paths_argument
@click.option("--output", "-o", "out_dir", type=FOLDER, required=True, metavar="文件夹", help="修改意见的输出文件夹（不能在输入文件夹之内）")
@click.option("--confirm", is_flag=True, help="审核通过的单位也生成一份简短的确认函")
@click.option("--annotate/--no-annotate", default=None,
              help="同时把每个需修改的 Word 文件另存一份，在问题处加批注（Markdown 等文件附一份问题清单 .txt）；"
                   "默认按 jlt.yaml 的 feedback.annotate")
@config_option
@shows_errors
def command(paths: tuple[Path, ...], out_dir: Path, confirm: bool, annotate: bool | None, config_file: Path | None) -> None:
    """为每个报送单位生成 Word 修改意见（关于报送案例的修改意见），列出每个文件的问题和修改要求。"""
    config = load(config_file, list(paths))
    with Progress() as progress:
        _, plans, moved = feedback(list(paths), config, out_dir, confirm=confirm, annotate=annotate,
                                   progress=progress.files)
    console = stdout_console()
    if moved:
        console.print(f"[yellow]上次生成、本次已不需要的 {len(moved)} 份已移到“{clean(str(out_dir / '旧版'))}”，请勿再发送：[/]"
                      + "、".join(clean(m) for m in moved))
    if not plans:
        console.print("所有单位的案例均无需修改，未生成修改意见（需要确认函请加 --confirm）。")
        raise click.exceptions.Exit(EXIT_OK)
    letters = [p for p in plans if not p.confirm]
    confirms = [p for p in plans if p.confirm]
    for p in plans:
        what = "确认函" if p.confirm else f"修改意见（{p.problems} 条问题）"
        console.print(f"{clean(p.unit)}：{what} → {clean(str(out_dir / p.filename))}")
        for name in p.attachments:
            console.print(f"    随函附送 → {clean(str(out_dir / name))}")
    attached = sum(len(p.attachments) for p in plans)
    console.print(f"共生成修改意见 {len(letters)} 份" + (f"、确认函 {len(confirms)} 份" if confirms else "")
                  + (f"、随函附送的批注副本或问题清单 {attached} 份" if attached else "") + "。")
