"""Rules about the shape of a case: the title and the parts 附件1 requires, their order and content."""

from __future__ import annotations

import re
from typing import Iterator

from jlt_cli.base.numerals import ordinal_label
from jlt_cli.base.text import CJK
from jlt_cli.checks.registry import CheckContext, Hit, case_rule
from jlt_cli.model import TEMPLATE_HINT, Case, Severity


def format_hint(ctx: CheckContext) -> str:
    """附件1's part headings as a unit should type them: 一、基本情况 二、具体措施 …"""
    return " ".join(f"{ordinal_label(i)}、{ctx.config.part_name(k)}" for i, k in enumerate(ctx.config.part_keys, 1))


@case_rule("not-a-case", Severity.ERROR)
def not_a_case(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """不是案例：正文部分找到不足两个（通知、总结等）

    为什么：附件1要求案例按“基本情况、具体措施、工作成效、下步工作打算”分部分撰写。一个文件里连两个部分
    都找不到，多半是发错了文件（通知、工作总结、新闻稿），或整篇没有分部分。
    怎么改：确认发来的是案例本身；按附件1的格式分部分撰写，每部分单独一行标题。
    示例：把“我镇高度重视……”开头的通讯稿，改为“一、基本情况”“二、具体措施”……四个部分。
    """
    if not case.readable or case.is_case:
        return
    names = [ctx.config.part_name(k) for k in ctx.config.part_keys]
    found = [s.name for s in case.sections]
    got = f"只找到“{found[0]}”" if found else "一个也没有找到"
    yield Hit(
        f"这不像一篇案例：{ordinal_label(len(names))}个正文部分（{'、'.join(names)}）{got}。"
        f"它可能是通知、工作总结或其他材料。若确是案例，请按附件1的格式：{format_hint(ctx)}分部分撰写，每部分单独一行标题。"
    )


@case_rule("missing-title", Severity.ERROR)
def missing_title(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """找不到案例题目

    为什么：附件1的第一部分就是“案例题目”，汇编的目录和每篇的标题都要用它。
    怎么改：在正文最前面单独一行写出题目（不要与单位、日期写在同一行），或加一行“案例题目：××××”。
    示例：第一行写“家门口的四点半课堂——钱塘镇社区学校建设纪实”。落款单位和日期不能当作题目。
    """
    if case.is_case and not case.title:
        yield Hit("找不到案例题目。请在正文最前面单独一行写出题目，或加一行“案例题目：××××”。", line=1)


@case_rule("missing-section", Severity.ERROR)
def missing_section(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """缺少附件1规定的某个部分

    为什么：附件1规定每篇案例都要有基本情况、具体措施、工作成效、下步工作打算四个正文部分，汇编按这四部分排版。
    怎么改：按消息中写明的部分补写一节，标题单独成行；也可用常见的同义标题（如“主要做法”“取得成效”）。
    示例：缺少“下步工作打算”时，在文末加“四、下步工作打算”，写出下一步的具体打算。
    """
    if not case.is_case:
        return
    present = {s.key for s in case.sections}
    for i, key in enumerate(ctx.config.part_keys, 1):
        if key in present:
            continue
        name = ctx.config.part_name(key)
        alt = "、".join(f"“{s}”" for s in ctx.config.part_synonyms(key)[1:3])
        also = f"（也可写作{alt}）" if alt else ""
        yield Hit(
            f"缺少“{name}”部分。请按附件1补充一节，标题写作“{ordinal_label(i)}、{name}”{also}。",
            section=name,
        )


@case_rule("section-order", Severity.WARNING)
def section_order(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """各部分的顺序与附件1不一致

    为什么：附件1规定了各部分的先后顺序；汇编时统一按附件1的顺序排列，原文顺序不同时读者会觉得前后不接。
    怎么改：调整各部分的顺序，使之与附件1一致。
    示例：“工作成效”写在“具体措施”之前时，把“具体措施”一节整体移到前面。
    """
    if not case.is_case:
        return
    keys = [s.key for s in case.sections]
    expected = [k for k in ctx.config.part_keys if k in keys]
    if keys != expected:
        name = ctx.config.part_name
        first_wrong = next(s for s, e in zip(case.sections, expected) if s.key != e)
        yield Hit(
            f"各部分顺序为 {'→'.join(name(k) for k in keys)}，附件1的顺序是 "
            f"{'→'.join(name(k) for k in expected)}。请调整顺序（汇编时将按附件1的顺序排列）。",
            line=first_wrong.line,
            section=first_wrong.name,
        )


@case_rule("empty-section", Severity.ERROR)
def empty_section(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """某个部分只有标题、没有内容（或只有“略”“待补充”、××、省略号之类的占位）

    为什么：只有标题的部分印出来是一行空标题，说明案例还没写完。占位的“（略）”“待补充”“××××”和成串的
    标点不算内容：字数只数汉字、字母和数字，占位字不计。
    怎么改：在该标题下写出具体内容（字数下限见 jlt.yaml 的 limits.section_min_chars）。
    示例：“三、工作成效”下只写了“成效明显。”或“（待补充）…………”，应写出数据、事例和群众评价。
    """
    if not case.is_case:
        return
    minimum = int(ctx.config.get("limits", "section_min_chars"))
    for s in case.sections:
        written = content_chars(s.text)
        if written < minimum:
            if s.chars == 0:
                amount = "没有内容"
            elif written == 0:
                amount = "只有占位文字或标点，没有内容"
            elif written < s.chars:
                amount = f"只有 {written} 个字（不计标点和“略”“待补充”“××”之类的占位）"
            else:
                amount = f"只有 {written} 个字"
            yield Hit(
                f"“{s.name}”部分（标题“{s.heading}”）{amount}。请在该标题下写出具体内容（至少 {minimum} 字）。",
                line=s.line,
                section=s.name,
            )


# Words that stand in for text not yet written, and marks that stand in for names or numbers (××, ○○, XX).
_PLACEHOLDERS = re.compile(
    r"此处(?:填写|输入|补充)[^。；;\n]{0,12}|(?:内容)?待(?:补充|完善|填写|定|补)|暂(?:无|略|缺)|"
    # 略/无/同上 standing alone between marks, not the 略 of 省略。 or the 无 of 从有到无。
    r"(?<![^。；;，,：:\s（(【\[])[（(【\[]?(?:略|无|空|同上|(?:详)?见附件\d*)[）)】\]]?(?=$|[。；;，,\s])|"
    r"[×xXＸ○〇◯＊*]{2,}"
)
_COUNTED = re.compile(f"[{CJK}A-Za-z0-9０-９Ａ-Ｚａ-ｚ]")


def content_chars(text: str) -> int:
    """Characters of written content: Han characters, letters and digits, placeholders left out."""
    return sum(len(_COUNTED.findall(_PLACEHOLDERS.sub("", line))) for line in text.splitlines())


@case_rule("template-hint", Severity.ERROR)
def template_hint(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """模板的【填写提示】没有删除

    为什么：jlt template 生成的报送模板中，提示文字都以“【填写提示】”开头；留在文中会被原样印进汇编。
    怎么改：删除所有带“【填写提示】”的文字，换成本单位的实际内容。
    示例：删去“【填写提示】简要介绍本单位的基本情况……”一段。
    """
    for section in case.sections:
        for block in section.blocks:
            if TEMPLATE_HINT in block.text:
                yield Hit(
                    f"“{section.name}”部分还留着模板的{TEMPLATE_HINT}文字。请删除提示，换成本单位的实际内容。",
                    line=block.line,
                    section=section.name,
                )
                break
    for block in case.preamble:
        if TEMPLATE_HINT in block.text:
            yield Hit(f"题目或单位处还留着模板的{TEMPLATE_HINT}文字。请删除提示，填写实际内容。", line=block.line)
            break


@case_rule("multiple-cases", Severity.ERROR)
def multiple_cases(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """一个文件里有两篇案例

    为什么：各部分写完后又从“基本情况”开始，说明一个文件里粘贴了两篇案例；jlt 只能读出第一篇，
    后一篇会被并进最后一个部分，汇编和统计都会出错。
    怎么改：把每篇案例分别存成一个文件后重新提交。
    示例：“社区学校两篇.docx”拆成“案例一.docx”“案例二.docx”。
    """
    if not case.is_case or case.repeated_part is None:
        return
    heading, line = case.repeated_part
    yield Hit(
        f"各部分写完后又出现了“{heading}”：这个文件里似乎有两篇案例：审核只能读出第一篇，后一篇被并进了"
        f"“{case.sections[-1].name}”。请把每篇案例分别存成一个文件后重新提交。",
        line=line,
    )
