"""``jlt validate --report 审核结果.xlsx``: the review record staff keep and filter in Excel/WPS.

Three sheets from the same RunResult the terminal shows: 审核结果 (one row per file),
问题明细 (every finding), 汇总 (counts per unit and per type).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from jlt_cli.base.atomic import atomic_write
from jlt_cli.model import Case, Severity
from jlt_cli.outputs.common import NO_TYPE, NO_UNIT, case_status, display_width, status_text, type_text, unit_of

ERROR_FILL = "FFC7CE"  # Excel's own "bad" fill: staff recognise it
WARNING_FILL = "FFEB9C"
HEADER_FILL = "D9E1F2"


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
    by_type: dict[str, Counter] = {config.type_full_name(t): Counter() for t in config.type_names}
    for case in cases:
        key = type_text(case, config) if case.readable else "无法读取"
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
    wb = build_workbook(list(result.cases), result.config)
    atomic_write(Path(out), lambda tmp: wb.save(tmp))
    return Path(out)
