"""``jlt feedback PATH… -o DIR``: the letters staff send back to units."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer


def register(app: typer.Typer) -> None:
    from jlt_cli.cli import EXIT_OK, ConfigOpt, PathsArg, check_paths, fail, get_config, run_validation
    from jlt_cli.outputs.terminal import clean, stdout_console

    @app.command()
    def feedback(
        paths: List[Path] = PathsArg,
        out_dir: Path = typer.Option(..., "--output", "-o", help="修改意见的输出文件夹（不能在输入文件夹之内）", file_okay=False),
        confirm: bool = typer.Option(False, "--confirm", help="审核通过的单位也生成一份简短的确认函"),
        config_file: Optional[Path] = ConfigOpt,
    ) -> None:
        """为每个报送单位生成 Word 修改意见（关于报送案例的修改意见），列出每个文件的问题和修改要求。"""
        from jlt_cli.outputs.feedback_letters import write_letters
        from jlt_cli.outputs.xlsx_report import inside_inputs

        check_paths(paths)
        reason = inside_inputs(out_dir, paths)
        if reason:
            raise fail(reason)
        if out_dir.exists() and not out_dir.is_dir():
            raise fail(f"“{out_dir}”已存在且不是文件夹。")
        config = get_config(config_file)
        result = run_validation(paths, config)
        moved: list[str] = []
        try:
            plans = write_letters(result.cases, config, out_dir, confirm=confirm, moved_aside=moved)
        except OSError as exc:
            raise fail(f"无法写入“{out_dir}”：{exc.strerror or exc}") from None
        console = stdout_console()
        if moved:
            console.print(f"[yellow]上次生成、本次已不需要的 {len(moved)} 份已移到“{clean(str(out_dir / '旧版'))}”，请勿再发送：[/]"
                          + "、".join(clean(m) for m in moved))
        if not plans:
            console.print("所有单位的案例均无需修改，未生成修改意见（需要确认函请加 --confirm）。")
            raise typer.Exit(EXIT_OK)
        letters = [p for p in plans if not p.confirm]
        confirms = [p for p in plans if p.confirm]
        for p in plans:
            what = "确认函" if p.confirm else f"修改意见（{p.problems} 条问题）"
            console.print(f"{clean(p.unit)}：{what} → {clean(str(out_dir / p.filename))}")
        console.print(f"共生成修改意见 {len(letters)} 份" + (f"、确认函 {len(confirms)} 份" if confirms else "") + "。")
        raise typer.Exit(EXIT_OK)
