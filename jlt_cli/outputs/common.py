"""What every output agrees on: a file's status in words, whose file it is, where a finding is, and the
rule that no output is written into an input folder (it would be read as a submission next run)."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Iterable

from jlt_cli.base.numerals import ordinal_label
from jlt_cli.config import Config
from jlt_cli.model import Case, Finding

# The one home of the status wording (console, sheet, stats, JSON status_text, letters, web).
STATUS_TEXT = {"valid": "通过", "invalid": "需修改", "unreadable": "无法读取", "excluded": "不收录（工作人员决定）"}
NO_UNIT = "未识别单位"
NO_TYPE = "未能判断"


def case_status(case: Case) -> str:
    """excluded / unreadable / invalid / valid — the states staff talk about. A file staff excluded (jlt.yaml
    include: false) is that first: what it holds no longer matters to the unit or the brochure."""
    if case.excluded_by_staff:
        return "excluded"
    if not case.readable:
        return "unreadable"
    return case.status


def status_text(case: Case) -> str:
    return STATUS_TEXT[case_status(case)]


def decision_text(case: Case, config: Config | None) -> str:
    """Staff's decision for the file as every output shows it (the type by its full name), or ""."""
    if case.decision is None:
        return ""
    kind = config.type_full_name(case.decision.type) if case.decision.type and config is not None else None
    return case.decision.describe(kind)


def unit_of(case: Case) -> str:
    return case.unit.strip() if case.unit and case.unit.strip() else NO_UNIT


def type_text(case: Case, config: Config) -> str:
    """The case's type by its full name, or 未能判断."""
    return config.type_full_name(case.type) if case.type else NO_TYPE


# What a table by type (review sheet, stats) calls the files that are not counted under a type.
UNTYPED_CASE = "类型未能判断的案例"
NOT_A_CASE = "非案例（通知、总结等）"
UNREADABLE = "无法读取"
TOTAL = "合计"


def type_row(case: Case, config: Config | None) -> str:
    """The row of a table by type a file counts in: its type, or why it has none. Exactly one per file, so the rows
    add up to the files."""
    if not case.readable:
        return UNREADABLE
    if not case.is_case:
        return NOT_A_CASE
    if case.type:
        return config.type_full_name(case.type) if config is not None else case.type
    return UNTYPED_CASE


def location_label(case: Case, finding: Finding) -> str:
    """“第 12 段” for Word (paragraph numbers), “第 12 行” for text formats."""
    if not finding.line:
        return ""
    return position_label(case, finding.line)


def position_label(case: Case, line: int) -> str:
    unit = "段" if case.format in ("docx", "docm", "dotx", "doc", "wps", "rtf", "odt") else "行"
    return f"第 {line} {unit}"


def display_width(text: str) -> int:
    """Columns a string takes: East Asian wide/full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _input_dirs(inputs: Iterable[Path]) -> list[Path]:
    # the folder of a single input file counts too (as in ``jlt build``): ``jlt validate .`` would read it next time
    return [(p if p.is_dir() else p.parent).resolve() for p in inputs]


def inside_inputs(out: Path, inputs: Iterable[Path]) -> str | None:
    """A Chinese reason when ``out`` lies in an input folder or is an input file; None when it is safe."""
    inputs = list(inputs)
    target = out.resolve()
    for given in inputs:
        if given.exists() and not given.is_dir() and target == given.resolve():
            return f"输出文件“{out}”就是输入文件本身，不能覆盖。"
    for folder in _input_dirs(inputs):
        if target == folder or folder in target.parents:
            return (
                f"输出位置“{out}”在输入文件夹“{folder}”之内：下次审核时它会被当作报送案例读取。"
                "请写到输入文件夹之外（例如输入文件夹旁边）。"
            )
    return None


def part_heading(config: Config, key: str) -> str:
    """一、基本情况 … 四、下步工作打算: a part's canonical name, numbered by its place in the configured order."""
    return f"{ordinal_label(config.part_keys.index(key) + 1)}、{config.part_name(key)}"
