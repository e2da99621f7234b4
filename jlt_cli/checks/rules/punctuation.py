"""The punctuation rule: Chinese prose takes full-width marks, and quotes and brackets come in pairs."""

from __future__ import annotations

from typing import Iterable

from jlt_cli.checks.registry import CheckContext, Hit, case_rule
from jlt_cli.model import Case, Severity
from jlt_cli.understand.body import block_texts, printed_blocks
from jlt_cli.understand.punctuation import describe, find_punctuation


@case_rule("punctuation", Severity.WARNING)
def check_punctuation(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """中文中夹有半角标点，或引号、括号不成对

    为什么：中文正文应使用全角标点（GB/T 15834）；从网页、微信或英文输入法带来的半角逗号、括号印出来
    挤在一起，引号括号不成对则像是漏了字。
    怎么改：把中文之间的半角标点改为全角，补齐不成对的引号、括号。Markdown 文件可用 jlt fix 自动修正安全的部分；
    汇编时 jlt 也会把确定无误的半角标点印成全角。
    示例：“开展活动,效果良好.” → “开展活动，效果良好。”
    """
    if not case.is_case:
        return
    if case.title and find_punctuation(case.title):  # the title is printed too, on its page and in the 目录
        issues = find_punctuation(case.title)
        hint = "可用 jlt fix 自动修正半角标点。" if case.format == "markdown" else ""
        yield Hit(f"题目中标点不规范：{describe(case.title, issues)}。{hint}".replace("。。", "。"), case.title_line)
    for block, section in printed_blocks(case, ctx.config):
        parts = []
        for text in block_texts(block):
            issues = find_punctuation(text)
            if issues:
                parts.append(describe(text, issues))
        if parts:
            hint = "可用 jlt fix 自动修正半角标点。" if case.format == "markdown" else ""
            yield Hit(f"标点不规范：{'；'.join(parts)}。{hint}".replace("。。", "。"), block.line, section)
