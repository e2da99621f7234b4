"""``jlt feedback``: the letters staff send back to units (one Word letter per unit), and with ``annotate`` the
unit's own documents with a Word comment (批注) on each problem."""

from __future__ import annotations

from pathlib import Path

from jlt_cli.actions import ActionError
from jlt_cli.actions.links import letter_links, link_for_unit
from jlt_cli.actions.validate import check_inputs, validate
from jlt_cli.config import Config
from jlt_cli.outputs.annotate import write_attachments
from jlt_cli.outputs.common import inside_inputs
from jlt_cli.outputs.feedback_letters import LetterPlan, write_letters
from jlt_cli.pipeline import Progress, RunResult


def check_letter_folder(out_dir: Path, paths: list[Path]) -> None:
    reason = inside_inputs(out_dir, paths)
    if reason:
        raise ActionError(reason)
    if out_dir.exists() and not out_dir.is_dir():
        raise ActionError(f"“{out_dir}”已存在且不是文件夹。")


def feedback(paths: list[Path], config: Config, out_dir: Path, *, confirm: bool = False, annotate: bool | None = None,
             progress: Progress | None = None) -> tuple[RunResult, list[LetterPlan], list[str]]:
    """(the run, the letters written, the names of earlier files moved to 旧版/).

    ``annotate``: also write each file to fix back with its problems as comments (None: feedback.annotate).
    """
    check_inputs(paths)
    check_letter_folder(out_dir, paths)
    if annotate is None:
        annotate = bool(config.get("feedback", "annotate"))
    result = validate(paths, config, progress=progress)
    moved: list[str] = []
    attach = (lambda group, folder: write_attachments(group, config, folder)) if annotate else None
    links = letter_links(config)  # the units' own upload links, when staff made them in jlt serve
    link_of = (lambda unit: link_for_unit(links, unit, config)) if links else None
    try:
        plans = write_letters(result.cases, config, out_dir, confirm=confirm, moved_aside=moved, attach=attach,
                              link_of=link_of)
    except OSError as exc:
        raise ActionError(f"无法写入“{out_dir}”：{exc.strerror or exc}") from None
    return result, plans, moved


def annotated_copy(case, config: Config) -> tuple[str, bytes] | None:
    """One file's findings to take away (``jlt feedback --annotate`` for a single case): the .docx with a comment
    on each problem, or the plain-text list for other formats; (file name, bytes), or None when nothing to fix."""
    import tempfile

    from jlt_cli.outputs.feedback_letters import UnitFeedback

    group = UnitFeedback(case.unit or "", [case])
    with tempfile.TemporaryDirectory(prefix="jlt-annotate-") as tmp:
        written = write_attachments(group, config, Path(tmp))
        name = written.get(case.display_path)
        if name is None:
            return None
        return name, (Path(tmp) / name).read_bytes()
