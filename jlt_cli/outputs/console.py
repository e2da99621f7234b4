"""The human report of ``jlt validate``: a table, then one line per finding, then a summary."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from jlt_cli.model import Case, Finding, Severity
from jlt_cli.outputs.common import STATUS_TEXT, case_status, decision_text
from jlt_cli.outputs.terminal import clean
from jlt_cli.pipeline import RunResult

STATUS_COLOUR = {"valid": "green", "invalid": "red", "unreadable": "red", "excluded": "blue"}


def status_label(case: Case) -> str:
    """The status in the words of outputs/common.STATUS_TEXT, coloured."""
    status = case_status(case)
    text = STATUS_TEXT[status] + ("（有警告）" if status == "valid" and case.warnings else "")
    colour = "yellow" if status == "valid" and case.warnings else STATUS_COLOUR[status]
    return f"[{colour}]{text}[/]"


def type_label(case: Case) -> str:
    if not case.readable:
        return "—"
    if not case.type:
        return "[red]未能判断[/]"
    conf = f" {case.type_confidence:.0%}" if case.inferred_type else ""
    declared = "（声明）" if case.declared_type and case.type == case.declared_type else ""
    if any(f.rule == "low-confidence" and not f.waived for f in case.findings):
        return f"[yellow]{case.type}（待核对）{conf}[/]"  # chosen on little evidence: see the warning's scores
    return f"{case.type}{declared}{conf}"


def finding_line(case: Case, f: Finding) -> str:
    loc = f"{case.display_path}:{f.line}" if f.line else case.display_path
    colour = "red" if f.severity is Severity.ERROR else "yellow"
    waived = f" [dim]（已豁免：{clean(f.waived)}）[/]" if f.waived else ""
    return f"{clean(_one_line(loc))}: [{colour}]{f.severity.value}[/] [bold]{f.rule}[/] {clean(_one_line(f.message))}{waived}"


def _one_line(text: str) -> str:
    """A finding is one line: a line break in a file name is shown as \\n, not obeyed."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def print_report(result: RunResult, console: Console) -> None:
    table = Table(title="案例审核结果", show_lines=False, expand=False)
    for col in ("文件", "报送单位", "案例题目", "类型/置信度", "状态", "问题"):
        table.add_column(col, overflow="fold")
    for case in result.cases:
        problems = []
        if case.errors:
            problems.append(f"[red]{case.errors} 错误[/]")
        if case.warnings:
            problems.append(f"[yellow]{case.warnings} 警告[/]")
        table.add_row(
            clean(case.display_path),
            clean(case.unit) or "—",
            clean(case.title) or "—",
            type_label(case),
            status_label(case),
            " ".join(problems) or "—",
        )
    console.print(table)
    lines = [finding_line(c, f) for c in result.cases for f in c.findings]
    if lines:
        console.print()
        for line in lines:
            console.print(line, soft_wrap=True)
    s = result.summary
    by_type = "，".join(f"{t} {n}" for t, n in s["by_type"].items())
    console.print()
    # the same statuses as the review sheet (通过 / 需修改 / 无法读取 / 不收录（工作人员决定）)
    counts = Counter(case_status(c) for c in result.cases)
    tail = "".join(f"，[{STATUS_COLOUR[k]}]{STATUS_TEXT[k]} {counts[k]}[/]" for k in ("unreadable", "excluded") if counts[k])
    console.print(
        f"共 {s['files']} 个文件：[green]通过 {counts['valid']}[/]，[red]需修改 {counts['invalid']}[/]{tail}；"
        f"错误 {s['errors']} 个，警告 {s['warnings']} 个。按类型：{by_type}。",
        soft_wrap=True,
    )
    if not result.single_file:  # one draft checked on its own says nothing about who else has sent theirs
        console.print(missing_line(result), soft_wrap=True)
    for case in result.cases:
        if case.decision:
            console.print(f"{clean(case.display_path)}：{clean(decision_text(case, result.config))}", soft_wrap=True)
    if result.ignored:
        shown = "；".join(f"{clean(i.display)}（{clean(i.reason)}）" for i in result.ignored[:10])
        more = f" 等 {len(result.ignored)} 个" if len(result.ignored) > 10 else ""
        console.print(f"[dim]未作为报送材料读取{more}：{shown}[/]", soft_wrap=True)
    source = result.config.source
    console.print(f"[dim]配置：{clean(str(source)) if source else '默认设置（未找到 jlt.yaml）'}[/]", soft_wrap=True)


def missing_line(result: RunResult) -> str:
    """The units of the call with no readable submission (the chasing list), those with only unreadable files marked."""
    missing = result.summary["missing_units"]
    if not missing:
        return "通知的主送单位均已报送。"
    unreadable = {c.unit for c in result.cases if not c.readable and c.unit}
    not_cases = {c.unit for c in result.cases if c.readable and not c.is_case and c.unit}

    def shown(unit: str) -> str:
        note = "（文件无法读取）" if unit in unreadable else "（报送的不是案例）" if unit in not_cases else ""
        return clean(unit) + note

    names = [shown(u) for u in missing]
    return f"[yellow]未报送的单位（{len(missing)} 个）[/]：{'、'.join(names)}。"
