"""``jlt validate --report 审核结果.xlsx``: the review record staff keep, filter and print in Excel/WPS.

Three sheets from the same RunResult the terminal shows: 审核结果 (one row per file), 问题明细 (every finding,
the rule's Chinese name beside its id), 汇总 (counts per unit and per type, each block adding up to the files).
Every sheet prints on landscape A4, one page wide, its header row repeated on each printed page and frozen on
screen.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from jlt_cli.base.atomic import atomic_write
from jlt_cli.model import Case, Severity
from jlt_cli.outputs.common import (
    NO_TYPE, NO_UNIT, NOT_A_CASE, TOTAL, UNREADABLE, UNTYPED_CASE, case_status, decision_text, display_width,
    status_text, type_row,
)

ERROR_FILL = "FFC7CE"  # Excel's own "bad" fill: staff recognise it
WARNING_FILL = "FFEB9C"
HEADER_FILL = "D9E1F2"
EXCLUDED_FILL = "D9D9D9"  # grey: staff took the file out of the round


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


def _summary_text(case: Case, config=None, limit: int = 200) -> str:
    active = case.active_findings()
    ordered = [f for f in active if f.severity is Severity.ERROR] + [f for f in active if f.severity is not Severity.ERROR]
    text = "；".join(f.message.rstrip("。；") for f in ordered)
    if len(text) > limit:
        text = text[:limit].rstrip() + f"…（共 {len(ordered)} 条）"
    if case.decision:  # staff's decision first: it explains the row (a moved type, an excluded case)
        text = decision_text(case, config) + ("；" + text if text else "")
    return text


def _style_sheet(ws, widths_cap: dict[int, int], wrap_cols: set[int], *, title: str = "") -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    if ws.max_row >= 1 and ws.max_column >= 1:
        ws.auto_filter.ref = ws.dimensions
    for col_idx, column in enumerate(ws.iter_cols(min_row=1, max_row=ws.max_row), 1):
        widest = max((display_width(line) for c in column if c.value is not None for line in str(c.value).split("\n")),
                     default=4)
        cap = widths_cap.get(col_idx, 50)
        # +2 for the filter arrow in the header and a little air
        ws.column_dimensions[get_column_letter(col_idx)].width = min(max(widest + 2, 6), cap)
        for c in column[1:]:  # every cell from the top: a tall wrapped row reads line by line
            c.alignment = Alignment(wrap_text=col_idx in wrap_cols, vertical="top")
    _row_heights(ws, wrap_cols)
    _print_setup(ws, title or ws.title)


LINE_PT = 15.0  # one line of the default 11 pt font, Chinese included


def _row_heights(ws, wrap_cols: set[int]) -> None:
    """Rows as tall as their wrapped text: neither Excel nor LibreOffice grows a row written by openpyxl, so a long
    问题摘要 would print cut to its first line."""
    import math

    from openpyxl.utils import get_column_letter

    widths = {c: max((ws.column_dimensions[get_column_letter(c)].width or 10) - 1, 1) for c in wrap_cols}
    for row in ws.iter_rows(min_row=2):
        lines = 1
        for cell in row:
            if cell.column in widths and cell.value is not None:
                lines = max(lines, sum(max(1, math.ceil(display_width(part) / widths[cell.column]))
                                       for part in str(cell.value).split("\n")))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = lines * LINE_PT


def _print_setup(ws, title: str) -> None:
    """Landscape A4, one page wide (as many pages down as it takes), the header row on every page, page numbers."""
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: no limit down the page
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _fill_row(ws, row: int, colour: str) -> None:
    from openpyxl.styles import PatternFill

    fill = PatternFill("solid", fgColor=colour)
    for cell in ws[row]:
        cell.fill = fill


RESULT_HEADERS = ["序号", "文件", "报送单位", "案例题目", "类型", "状态", "错误", "警告", "问题摘要"]
DETAIL_HEADERS = ["文件", "行/段", "严重程度", "规则", "规则名称", "说明", "部分", "豁免理由"]


def rule_name(rule_id: str) -> str:
    """The rule's Chinese summary (the first line of its documentation), or "" for an id jlt does not know."""
    from jlt_cli.checks import RULES

    rule = RULES.get(rule_id)
    return rule.summary if rule else ""


def build_workbook(cases: list[Case], config=None, missing: list[str] | None = None):
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
                _summary_text(case, config),
            ],
        )
        if case.excluded_by_staff:
            _fill_row(ws, row, EXCLUDED_FILL)  # settled: nothing to chase, whatever it holds
        elif case.errors or not case.readable:
            _fill_row(ws, row, ERROR_FILL)
        elif case.warnings:
            _fill_row(ws, row, WARNING_FILL)
    # widths for the printed page: long text wraps inside its column instead of widening the sheet
    _style_sheet(ws, {2: 30, 3: 20, 4: 34, 5: 16, 9: 60}, wrap_cols={2, 3, 4, 9})

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
                    rule_name(f.rule),
                    f.message,
                    f.section or "",
                    f.waived or "",
                ],
            )
            if f.severity is Severity.ERROR and not f.waived:
                _fill_row(wd, row, ERROR_FILL)
            row += 1
    _style_sheet(wd, {1: 28, 4: 18, 5: 24, 6: 70, 8: 24}, wrap_cols={1, 5, 6, 8})

    _summary_sheet(wb.create_sheet("汇总"), cases, config, missing)
    return wb


def _summary_sheet(ws, cases: list[Case], config=None, missing: list[str] | None = None) -> None:
    from openpyxl.styles import Font

    from jlt_cli.outputs.feedback_letters import letter_unit
    from jlt_cli.understand.units import UnitNames

    # one column per status of outputs/common.case_status: each row's statuses add up to its files
    statuses = ["valid", "invalid", "unreadable", "excluded"]
    headers = ["报送单位", "文件数", "通过", "需修改", "无法读取", "不收录", "错误", "警告"]
    counts: dict[str, Counter] = defaultdict(Counter)
    names = UnitNames(config, unknown=NO_UNIT)  # one row per unit however it was written
    for case in cases:
        # the unit its letter goes to: the file name or folder says when the file does not (as the letters)
        c = counts[names.key(letter_unit(case, config))]
        c["files"] += 1
        c[case_status(case)] += 1
        c["errors"] += case.errors
        c["warnings"] += case.warnings
    _put(ws, 1, headers)
    row = 2
    total: Counter = Counter()
    # units with most files needing work first: that is what staff follow up
    for unit, c in sorted(counts.items(), key=lambda kv: (kv[0] == NO_UNIT, -kv[1]["invalid"] - kv[1]["unreadable"], kv[0])):
        _put(ws, row, [names.name(unit), c["files"], *(c[k] for k in statuses), c["errors"], c["warnings"]])
        total.update(c)
        row += 1
    _put(ws, row, [TOTAL, total["files"], *(total[k] for k in statuses), total["errors"], total["warnings"]])
    for cell in ws[row]:
        cell.font = Font(bold=True)
    unit_rows_end = row
    row += 2
    _put(ws, row, ["案例类型", *headers[1:6]])
    for cell in ws[row]:
        cell.font = Font(bold=True)
    row += 1
    # every type of the call (also with no file yet), then the files no type counts: each file in one row
    by_type: dict[str, Counter] = {config.type_full_name(t): Counter() for t in config.type_names} if config else {}
    for key in (UNTYPED_CASE, NOT_A_CASE, UNREADABLE):
        by_type[key] = Counter()
    for case in cases:
        c = by_type.setdefault(type_row(case, config), Counter())
        c["files"] += 1
        c[case_status(case)] += 1
    type_total: Counter = Counter()
    for name, c in by_type.items():
        if name in (UNTYPED_CASE, NOT_A_CASE, UNREADABLE) and not c["files"]:
            continue
        _put(ws, row, [name, c["files"], *(c[k] for k in statuses)])
        type_total.update(c)
        row += 1
    _put(ws, row, [TOTAL, type_total["files"], *(type_total[k] for k in statuses)])
    for cell in ws[row]:
        cell.font = Font(bold=True)
    _style_sheet(ws, {1: 30}, wrap_cols={1})
    if missing is not None:  # the chasing list of the round, under the counts, across the width of the sheet
        from openpyxl.styles import Alignment

        row += 2
        _put(ws, row, [f"未报送的单位（{len(missing)} 个）"])
        ws.cell(row=row, column=1).font = Font(bold=True)
        row += 1
        text = "、".join(missing) or "通知的主送单位均已报送。"
        _put(ws, row, [text])
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        width = sum((ws.column_dimensions[chr(64 + c)].width or 10) for c in range(1, len(headers) + 1))
        ws.row_dimensions[row].height = 16 * max(1, -(-display_width(text) // int(width)))
    ws.auto_filter.ref = f"A1:{chr(64 + len(headers))}{unit_rows_end}"  # the filter covers the unit table only


def write_review_xlsx(result, out: Path) -> Path:
    """Write the three-sheet review workbook for ``result`` (a RunResult) to ``out`` atomically."""
    wb = build_workbook(list(result.cases), result.config, result.summary["missing_units"])
    atomic_write(Path(out), lambda tmp: wb.save(tmp))
    return Path(out)
