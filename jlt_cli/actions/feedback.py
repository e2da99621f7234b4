"""``jlt feedback``: the letters staff send back to units (one Word letter per unit)."""

from __future__ import annotations

from pathlib import Path

from jlt_cli.actions import ActionError
from jlt_cli.actions.validate import check_inputs, validate
from jlt_cli.config import Config
from jlt_cli.outputs.common import inside_inputs
from jlt_cli.outputs.feedback_letters import LetterPlan, write_letters
from jlt_cli.pipeline import Progress, RunResult


def check_letter_folder(out_dir: Path, paths: list[Path]) -> None:
    reason = inside_inputs(out_dir, paths)
    if reason:
        raise ActionError(reason)
    if out_dir.exists() and not out_dir.is_dir():
        raise ActionError(f"“{out_dir}”已存在且不是文件夹。")


def feedback(paths: list[Path], config: Config, out_dir: Path, *, confirm: bool = False,
             progress: Progress | None = None) -> tuple[RunResult, list[LetterPlan], list[str]]:
    """(the run, the letters written, the names of earlier letters moved to 旧版/)."""
    check_inputs(paths)
    check_letter_folder(out_dir, paths)
    result = validate(paths, config, progress=progress)
    moved: list[str] = []
    try:
        plans = write_letters(result.cases, config, out_dir, confirm=confirm, moved_aside=moved)
    except OSError as exc:
        raise ActionError(f"无法写入“{out_dir}”：{exc.strerror or exc}") from None
    return result, plans, moved
