"""``jlt show``: one file as jlt understood it."""

from __future__ import annotations

from pathlib import Path

from jlt_cli.actions import ActionError
from jlt_cli.actions.validate import check_inputs
from jlt_cli.config import Config
from jlt_cli.model import Case
from jlt_cli.pipeline import process_single


def show(path: Path, config: Config, *, convert: bool = False) -> Case:
    check_inputs([path])
    if path.is_dir():
        raise ActionError(f"“{path}”是文件夹。jlt show 显示一个文件，例如：jlt show {path / '某案例.docx'}；整个文件夹请用 jlt validate。")
    return process_single(path, config, convert=convert)
