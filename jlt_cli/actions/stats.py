"""``jlt stats``: counts per type, unit and status, and the same as an SVG chart."""

from __future__ import annotations

from pathlib import Path

from jlt_cli.actions import ActionError
from jlt_cli.actions.validate import check_inputs, validate
from jlt_cli.base.atomic import atomic_write_text
from jlt_cli.config import Config
from jlt_cli.pipeline import Progress, RunResult


def stats(paths: list[Path], config: Config, *, svg: Path | None = None, progress: Progress | None = None) -> RunResult:
    check_inputs(paths)
    # an .svg is never read as a submission, so beside the cases is fine; only never replace an input
    if svg is not None and any(p.is_file() and p.resolve() == svg.resolve() for p in paths):
        raise ActionError(f"输出文件“{svg}”就是输入文件本身，不能覆盖。")
    result = validate(paths, config, progress=progress)
    if svg is not None:
        from jlt_cli.outputs.stats import stats_svg

        try:
            atomic_write_text(svg, stats_svg(result))
        except OSError as exc:
            raise ActionError(f"无法写入“{svg}”：{exc.strerror or exc}") from None
    return result
