"""Rules about length: a case should fill a few printed pages, not one paragraph or a report."""

from __future__ import annotations

from typing import Iterable

from jlt_cli.checks.registry import CheckContext, Hit, case_rule
from jlt_cli.model import Case, Severity


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


# Characters a printed page of the brochure holds, on average (A4, body text with headings and spacing).
CHARS_PER_PAGE = 850


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
        pages = n / CHARS_PER_PAGE
        yield Hit(
            f"正文（各部分）共 {n:,} 字，超过 {high:,} 字（汇编约 {pages:.0f} 页，每页约 {CHARS_PER_PAGE} 字）。"
            f"请精简到 {high:,} 字以内，突出主要做法和成效；上限可在 jlt.yaml 的 limits.max_chars 调整。"
        )
