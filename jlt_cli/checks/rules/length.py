"""Rules about length: a case should fill a few printed pages, not one paragraph or a report."""

from __future__ import annotations

from typing import Iterable

from jlt_cli.checks.registry import CheckContext, Hit, case_rule
from jlt_cli.model import BlockKind, Case, Severity
from jlt_cli.understand.body import printed_blocks
from jlt_cli.understand.print_size import PAGE_HEIGHT_PT, case_print_size, table_height


@case_rule("too-short", Severity.WARNING)
def check_too_short(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """正文字数少于下限

    为什么：太短的案例说不清做法和成效，印出来不足一页，与其他案例不相称。
    怎么改：充实“具体措施”和“工作成效”，写清谁做了什么、怎么做的、有什么数据和实例。下限在 jlt.yaml 的 limits.min_chars。
    示例：只有 300 字的案例，补写两三项具体做法和成效数据。
    """
    low = int(ctx.config.get("limits", "min_chars"))
    n = case.chars
    if case.is_case and n < low:
        yield Hit(
            f"正文（各部分）共 {n:,} 字，少于 {low:,} 字。请充实具体措施和工作成效（写清做法、数据和实例）；"
            f"下限可在 jlt.yaml 的 limits.min_chars 调整。"
        )


@case_rule("too-long", Severity.WARNING)
def check_too_long(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """正文字数超过上限

    为什么：汇编篇幅有限，过长的案例会挤占其他单位的篇幅，也不便阅读。
    怎么改：精简到上限以内，突出主要做法和成效；大段台账、名单改为汇总表。上限在 jlt.yaml 的 limits.max_chars。
    示例：一万字的工作总结，压缩为三四千字的案例。
    """
    high = int(ctx.config.get("limits", "max_chars"))
    n = case.chars
    if case.is_case and n > high:
        pages = case_print_size(case, ctx.config).pages
        yield Hit(
            f"正文（各部分）共 {n:,} 字，超过 {high:,} 字（印在汇编中约 {pages} 页）。"
            f"请精简到 {high:,} 字以内，突出主要做法和成效；上限可在 jlt.yaml 的 limits.max_chars 调整。"
        )


@case_rule("long-table", Severity.WARNING)
def check_long_table(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """表格长于一页（台账、名单不宜印进汇编）

    为什么：汇编是给人读的案例，不是台账；一张印出来超过一整页的表格（逐户名单、逐次记录）打断阅读，
    也常常带着个人信息。
    怎么改：把明细表换成汇总表（按类别、按月份合计），明细留在本单位存档。
    示例：128 行的“结对帮扶台账”改为“按村（社区）汇总的帮扶人数和次数”一张小表。
    """
    if not case.is_case:
        return
    for block, section in printed_blocks(case, ctx.config):
        if block.kind is BlockKind.TABLE and block.rows:
            height = table_height(block.rows)
            if height > PAGE_HEIGHT_PT:
                pages = height / PAGE_HEIGHT_PT
                yield Hit(
                    f"“{section}”部分有一张 {max(len(block.rows) - 1, 1)} 行的表格，印出来约 {pages:.1f} 页。汇编中不宜印台账或名单，"
                    f"请改为汇总表（按类别或按月份合计），明细留存本单位。",
                    block.line, section,
                )
