"""``jlt validate``: read and check every submission, and the review sheet staff keep."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from jlt_cli.actions import ActionError
from jlt_cli.config import Config, ConfigError
from jlt_cli.outputs.common import inside_inputs
from jlt_cli.pipeline import Progress, RunResult, load_settings, validate_paths


def settings(config_file: Path | None, inputs: Iterable[Path] = ()) -> Config:
    """The configuration in force: ``--config``, else the jlt.yaml nearest the inputs or the current folder."""
    try:
        return load_settings(config_file, inputs=list(inputs))
    except ConfigError as exc:
        raise ActionError(str(exc)) from None


def check_inputs(paths: Iterable[Path]) -> None:
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise ActionError("找不到：" + "、".join(str(p) for p in missing))


def validate(paths: list[Path], config: Config, *, progress: Progress | None = None, convert: bool = False,
             keep_images: bool = False, allow_empty: bool = False) -> RunResult:
    """Every submission under ``paths``, read and checked. An empty or wrong folder is an error, not a clean run:
    staff would read "0 problems" as "all fine". ``allow_empty``: an empty inbox is a state (the web app's
    收件 page before the first upload), not an error."""
    check_inputs(paths)
    result = validate_paths(paths, config, progress=progress, convert=convert, keep_images=keep_images)
    if not result.cases and not allow_empty:
        raise ActionError("在" + "、".join(str(p) for p in paths) + "中没有找到案例文件（.docx、.md、.txt 等）。请检查文件夹是否选对。")
    return result


def check_review_sheet(report: Path, paths: list[Path]) -> None:
    if report.suffix.lower() != ".xlsx":
        raise ActionError(f"审核结果表应为 .xlsx 文件：{report}")
    reason = inside_inputs(report, paths)
    if reason:
        raise ActionError(reason)


def write_review_sheet(result: RunResult, report: Path) -> Path:
    from jlt_cli.outputs.xlsx_report import write_review_xlsx

    try:
        return write_review_xlsx(result, report)
    except OSError as exc:
        raise ActionError(f"无法写入审核结果表“{report}”：{exc.strerror or exc}") from None
