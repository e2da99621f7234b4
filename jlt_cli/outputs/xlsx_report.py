"""``jlt validate --report 审核结果.xlsx``: the review record staff keep and filter in Excel/WPS.

Three sheets from the same RunResult the terminal shows: 审核结果 (one row per file),
问题明细 (every finding), 汇总 (counts per unit and per type). Also home of two small
helpers every file-writing output here shares: atomic writes and the "not into an
input folder" guard (a .xlsx/.docx written there would be read as a submission next run).
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterable

from jlt_cli.model import Case, Finding, Severity

STATUS_TEXT = {"valid": "通过", "invalid": "需修改", "unreadable": "无法读取"}
NO_UNIT = "未识别单位"
NO_TYPE = "未能判断"

ERROR_FILL = "FFC7CE"  # Excel's own "bad" fill: staff recognise it
WARNING_FILL = "FFEB9C"
HEADER_FILL = "D9E1F2"


# ---------------------------------------------------------------- shared helpers


def case_status(case: Case) -> str:
    """unreadable / invalid / valid — the three states staff talk about."""
    if not case.readable:
        return "unreadable"
    return case.status


def status_text(case: Case) -> str:
    return STATUS_TEXT[case_status(case)]


def unit_of(case: Case) -> str:
    return case.unit.strip() if case.unit and case.unit.strip() else NO_UNIT


def location_label(case: Case, finding: Finding) -> str:
    """“第 12 段” for Word (paragraph numbers), “第 12 行” for text formats."""
    if not finding.line:
        return ""
    unit = "段" if case.format in ("docx", "docm", "dotx") else "行"
    return f"第 {finding.line} {unit}"


def display_width(text: str) -> int:
    """Columns a string takes: East Asian wide/full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def usual_mode(directory: bool = False) -> int:
    """The mode a file (or folder) created the ordinary way would get: temp files are 0600/0700, which
    would leave the colleagues who share the output folder unable to open the report."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def atomic_write(out: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temp file beside ``out``, then os.replace: no half-written report on failure."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".jlt-", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, usual_mode())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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


# ---------------------------------------------------------------- workbook


def _safe(value: object) -> object:
    """Strings as literal text: strip characters XML cannot hold; never let a title become a formula."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _put(ws, row: int, values: list[object]) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=col, value=_safe(value))
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # a file named “=SUM(…).docx” stays text


def _summary_text(case: Case, limit: int = 200) -> str:
    active = case.active_findings()
    ordered = [f for f in active if f.severity is Severity.ERROR] + [f for f in active if f.severity is not Severity.ERROR]
    text = "；".join(f.message.rstrip("。；") for f in ordered)
    if len(text) > limit:
        text = text[:limit].rstrip() + f"…（共 {len(ordered)} 条）"
    return text


def _style_sheet(ws, widths_cap: dict[int, int], wrap_cols: set[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = "A2"
    if ws.max_row >= 1 and ws.max_column >= 1:
        ws.auto_filter.ref = ws.dimensions
    for col_idx, column in enumerate(ws.iter_cols(min_row=1, max_row=ws.max_row), 1):
        widest = max((display_width(str(c.value)) for c in column if c.value is not None), default=4)
        cap = widths_cap.get(col_idx, 50)
        # +2 for the filter arrow in the header and a little air
        ws.column_dimensions[get_column_letter(col_idx)].width = min(max(widest + 2, 6), cap)
        if col_idx in wrap_cols:
            for c in column[1:]:
                c.alignment = Alignment(wrap_text=True, vertical="top")


def _fill_row(ws, row: int, colour: str) -> None:
    from openpyxl.styles import PatternFill

    fill = PatternFill("solid", fgColor=colour)
    for cell in ws[row]:
        cell.fill = fill


RESULT_HEADERS = ["序号", "文件", "报送单位", "案例题目", "类型", "状态", "错误", "警告", "问题摘要"]
DETAIL_HEADERS = ["文件", "行/段", "严重程度", "规则", "说明", "部分", "豁免理由"]


def build_workbook(cases: list[Case], config=None):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "审核结果"
    _put(ws, 1, RESULT_HEADERS)
    for i, case in enumerate(cases, 1):
        row = i + 1
        _put(
            ws,
            row,
            [
                i,
                case.display_path,
                case.unit or "",
                case.title or "",
                (case.type or NO_TYPE) if case.readable else "—",
                status_text(case),
                case.errors,
                case.warnings,
                _summary_text(case),
            ],
        )
        if case.errors or not case.readable:
            _fill_row(ws, row, ERROR_FILL)
        elif case.warnings:
            _fill_row(ws, row, WARNING_FILL)
    _style_sheet(ws, {2: 40, 3: 24, 4: 50, 9: 80}, wrap_cols={9})

    wd = wb.create_sheet("问题明细")
    _put(wd, 1, DETAIL_HEADERS)
    row = 2
    for case in cases:
        for f in case.findings:
            _put(
                wd,
                row,
                [
                    case.display_path,
                    f.line if f.line else "",
                    f.severity.label,
                    f.rule,
                    f.message,
                    f.section or "",
                    f.waived or "",
                ],
            )
            if f.severity is Severity.ERROR and not f.waived:
                _fill_row(wd, row, ERROR_FILL)
            row += 1
    _style_sheet(wd, {1: 40, 4: 24, 5: 80, 7: 30}, wrap_cols={5})

    _summary_sheet(wb.create_sheet("汇总"), cases, config)
    return wb


def _summary_sheet(ws, cases: list[Case], config=None) -> None:
    from openpyxl.styles import Font

    from jlt_cli.understand.units import UnitNames

    headers = ["报送单位", "文件数", "通过", "需修改", "无法读取", "错误", "警告"]
    counts: dict[str, Counter] = defaultdict(Counter)
    names = UnitNames(config, unknown=NO_UNIT)  # one row per unit however it was written, under its fullest name
    for case in cases:
        c = counts[names.key(unit_of(case))]
        c["files"] += 1
        c[case_status(case)] += 1
        c["errors"] += case.errors
        c["warnings"] += case.warnings
    _put(ws, 1, headers)
    row = 2
    total: Counter = Counter()
    # units with most files needing work first: that is what staff follow up
    for unit, c in sorted(counts.items(), key=lambda kv: (kv[0] == NO_UNIT, -kv[1]["invalid"] - kv[1]["unreadable"], kv[0])):
        _put(ws, row, [names.name(unit), c["files"], c["valid"], c["invalid"], c["unreadable"], c["errors"], c["warnings"]])
        total.update(c)
        row += 1
    _put(ws, row, ["合计", total["files"], total["valid"], total["invalid"], total["unreadable"], total["errors"], total["warnings"]])
    for cell in ws[row]:
        cell.font = Font(bold=True)
    row += 2
    type_header_row = row
    _put(ws, row, ["案例类型", "文件数", "通过", "需修改", "无法读取"])
    for cell in ws[row]:
        cell.font = Font(bold=True)
    row += 1
    from jlt_cli.model import TYPE_FULL_NAMES

    by_type: dict[str, Counter] = {TYPE_FULL_NAMES[t]: Counter() for t in TYPE_FULL_NAMES}
    for case in cases:
        key = TYPE_FULL_NAMES.get(case.type or "", NO_TYPE) if case.readable else "无法读取"
        by_type.setdefault(key, Counter())
        by_type[key]["files"] += 1
        by_type[key][case_status(case)] += 1
    for name, c in by_type.items():
        _put(ws, row, [name, c["files"], c["valid"], c["invalid"], c["unreadable"]])
        row += 1
    _style_sheet(ws, {1: 30}, wrap_cols=set())
    ws.auto_filter.ref = f"A1:G{type_header_row - 2}"  # the filter covers the unit table only


def write_review_xlsx(result, out: Path) -> Path:
    """Write the three-sheet review workbook for ``result`` (a RunResult) to ``out`` atomically."""
    wb = build_workbook(list(result.cases), getattr(result, "config", None))
    atomic_write(Path(out), lambda tmp: wb.save(tmp))
    return Path(out)
