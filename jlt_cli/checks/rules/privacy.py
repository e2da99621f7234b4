"""The minors' privacy rules: what the brochure prints must not identify a child or a family.

``personal-info`` reports what is certain (an error: the case is held back unless --redact replaces it);
``possible-name`` reports a name that may be a child's or a parent's but has nothing beside it that identifies
the child (a warning: staff judge it, the message says why). Both read exactly what the brochure prints.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from jlt_cli.checks.registry import CheckContext, Hit, case_rule
from jlt_cli.model import BlockKind, Case, Severity
from jlt_cli.understand.body import printed_blocks
from jlt_cli.understand.privacy import KIND_ADVICE, Match, find_personal_info, table_name_matches


def _where(section: str | None) -> str:
    return f"“{section}”部分" if section else "题目"


def _matches(case: Case, ctx: CheckContext) -> Iterator[tuple[Match, str, int | None, str | None]]:
    """(match, the text it is in, line, section) for the title and every printed block."""
    if case.title:
        for m in find_personal_info(case.title):
            yield m, case.title, case.title_line, None
    for block, section in printed_blocks(case, ctx.config):
        if block.kind is BlockKind.TABLE and block.rows:
            for row in block.rows:
                for cell in row:
                    for m in find_personal_info(cell):
                        yield m, cell, block.line, section
            for r, c, m in table_name_matches(block.rows):
                yield m, block.rows[r][c], block.line, section
        elif block.kind is BlockKind.IMAGE:
            caption = block.image.caption if block.image else ""
            for m in find_personal_info(caption, caption=True) if caption else []:
                yield m, caption, block.line, section
        else:
            for m in find_personal_info(block.text):
                yield m, block.text, block.line, section


@case_rule("personal-info", Severity.ERROR)
def check_personal_info(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """正文中有身份证号、电话、银行卡号、微信号、家庭住址或可识别的儿童、家长姓名

    为什么：汇编公开印发，许多案例写的是困境儿童；《未成年人保护法》第四条、第一百零三条要求不得披露
    未成年人及其家庭的身份和隐私信息。儿童的真实姓名一旦与学校、班级、村组、病情或照片同时出现，就能认出是谁；
    家长的姓名与孩子的情况写在一起也是如此。文首的“联系人/联系电话”一行只给工作人员看，不印出，也不在此检查。
    怎么改：儿童和家长改用化名（如“小明”“王某”）并注明“化名”；删去身份证号、私人电话、银行卡号、微信号、QQ号、
    个人邮箱，住址只写到镇街或村（社区），不写村民小组、楼栋和门牌号。汇编时也可用 jlt build --redact 自动替换。
    示例：“石龙村5组的留守儿童刘小雨（12岁）” → “留守儿童小雨（化名）”。
    """
    for m, text, line, section in _matches(case, ctx):
        if m.certain:
            yield Hit(_message(m, text, section), line, section)


@case_rule("possible-name", Severity.WARNING)
def check_possible_name(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """正文中可能有儿童或家长的真实姓名（未与学校、班级、住址等同时出现）

    为什么：案例公开印发，儿童和家长的真实姓名不宜出现（《未成年人保护法》第四条、第一百零三条）。jlt 判断这里像是
    一个真实姓名（前有“学生”“孩子”“母亲”等，或句中谈的是儿童），但同句没有学校、班级、住址、病情等能认出是谁的内容，
    所以只提醒、不算错误：可能是化名、成年人，也可能确是孩子的真名。消息说明了判断的理由。
    怎么改：若是儿童或家长的真实姓名，改用化名（如“小明”“王某”）并注明“化名”；若已是化名，在姓名后注明“（化名）”；
    若是公开身份的成年人（如校长、民警），在姓名前写明职务。汇编时 jlt build --redact 也会替换它。
    示例：“学生马思琪在班会上分享了读书心得” → “学生小琪（化名）在班会上分享了读书心得”。
    """
    for m, text, line, section in _matches(case, ctx):
        if not m.certain:
            yield Hit(_message(m, text, section), line, section)


def _context(m: Match, text: str) -> str:
    """The words around the match, with the match as the brochure would print it (never the value itself)."""
    left = re.split(r"[。！？!?\n]", text[max(0, m.start - 14) : m.start])
    right = re.split(r"(?<=[。！？!?\n])", text[m.end : m.end + 14])
    more_left = len(left) == 1 and m.start > 14
    more_right = len(right) == 1 and m.end + 14 < len(text)
    return f"{'…' if more_left else ''}{left[-1]}【{m.printed}】{right[0].strip()}{'…' if more_right else ''}"


def _message(m: Match, text: str, section: str | None) -> str:
    law = "案例将公开印发，不得披露未成年人及其家庭的身份和隐私信息（《未成年人保护法》第四条、第一百零三条）"
    if m.certain:
        return (f"{_where(section)}有{m.label}“{m.masked}”（{m.reason}）：“{_context(m, text)}”。{law}：{KIND_ADVICE[m.kind]}。"
                "汇编时也可用 jlt build --redact 自动替换为【】中的写法。")
    return (f"{_where(section)}可能有{m.label}“{m.masked}”：“{_context(m, text)}”——{m.reason}。若是真实姓名，{KIND_ADVICE[m.kind]}；"
            "若是化名，在姓名后注明“（化名）”。")
