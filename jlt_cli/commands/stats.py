"""``jlt stats PATH…``: counts per type, unit and status; ``--svg`` writes the same as a bar chart."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer


def register(app: typer.Typer) -> None:
    from jlt_cli.cli import EXIT_OK, ConfigOpt, PathsArg, check_paths, fail, get_config, run_validation
    from jlt_cli.outputs.terminal import clean, stderr_console, stdout_console

    @app.command()
    def stats(
        paths: List[Path] = PathsArg,
        svg: Optional[Path] = typer.Option(None, "--svg", help="另存为 SVG 柱状图（可插入汇编附录或汇报材料）", dir_okay=False),
        config_file: Optional[Path] = ConfigOpt,
    ) -> None:
        """统计案例：按类型、报送单位和审核状态计数。"""
        from jlt_cli.outputs.stats import print_stats, stats_svg
        from jlt_cli.outputs.xlsx_report import atomic_write

        check_paths(paths)
        # an .svg is never read as a submission, so beside the cases is fine; only never replace an input
        if svg is not None and any(p.is_file() and p.resolve() == svg.resolve() for p in paths):
            raise fail(f"输出文件“{svg}”就是输入文件本身，不能覆盖。")
        config = get_config(config_file)
        result = run_validation(paths, config)
        print_stats(result, stdout_console())
        if svg is not None:
            text = stats_svg(result)
            try:
                atomic_write(svg, lambda tmp: tmp.write_text(text, encoding="utf-8"))
            except OSError as exc:
                raise fail(f"无法写入“{svg}”：{exc.strerror or exc}") from None
            stderr_console().print(f"已写入统计图：{clean(str(svg))}")
        raise typer.Exit(EXIT_OK)
