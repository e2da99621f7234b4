"""``jlt fix FILE.md``: the safe punctuation fixes applied to a Markdown submission.

The input is never changed unless asked (``in_place``); the text is read with the same decoder as
``jlt validate`` (UTF-8, GBK, UTF-16…) and written back in the encoding it came in, atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jlt_cli.actions import ActionError
from jlt_cli.base.atomic import atomic_write_text
from jlt_cli.model import ReadError
from jlt_cli.read.encoding import detect
from jlt_cli.understand.punctuation import FixReport, fix_markdown

MARKDOWN_SUFFIXES = {".md", ".markdown", ".txt"}


@dataclass
class FixOutcome:
    report: FixReport
    written: Path | None  # None: nothing written (stdout, or nothing to change in place)


def fix(path: Path, *, output: Path | None = None, in_place: bool = False) -> FixOutcome:
    if not path.is_file():
        raise ActionError(f"找不到文件：{path}")
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        raise ActionError(f"jlt fix 只处理 Markdown/文本文件（.md），“{path.name}”不是。Word 文档请在 Word/WPS 中修改。")
    if in_place and output is not None:
        raise ActionError("--in-place 与 -o 不能同时使用。")
    if output is not None and output.resolve() == path.resolve():
        raise ActionError("输出文件就是原文件。如需直接修改原文件，请使用 --in-place。")
    try:
        text, encoding = detect(path.read_bytes())
    except OSError as exc:
        raise ActionError(f"无法读取 {path}：{exc.strerror or exc}") from None
    except ReadError as exc:
        raise ActionError(f"无法读取 {path}：{exc.message}") from None
    report = fix_markdown(text)
    target = path if in_place else output
    if target is None or (in_place and report.text == text):
        return FixOutcome(report, None)
    try:
        atomic_write_text(target, report.text, encoding)  # a replaced file keeps its mode
    except OSError as exc:
        raise ActionError(f"无法写入 {target}：{exc.strerror or exc}") from None
    return FixOutcome(report, target)
