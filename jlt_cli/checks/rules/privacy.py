"""The minors' privacy rule: what the brochure prints must not identify a child or a family."""

from __future__ import annotations

from typing import Iterable

from jlt_cli.checks.registry import CheckContext, Hit, case_rule
from jlt_cli.model import BlockKind, Case, Severity
from jlt_cli.understand.body import block_texts, printed_blocks
from jlt_cli.understand.privacy import KIND_ADVICE, find_personal_info, table_name_matches


def _where(section: str | None) -> str:
    return f"“{section}”部分" if section else "题目"


@case_rule("personal-info", Severity.ERROR)
def check_personal_info(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """正文中有身份证号、电话、银行卡号、家庭住址或儿童真实姓名

    为什么：汇编公开印发，许多案例写的是困境儿童；《未成年人保护法》第四条、第一百零三条要求不得披露
    未成年人及其家庭的身份和隐私信息。文首的“联系人/联系电话”一行只给工作人员看，不印出，也不在此检查。
    怎么改：儿童和家长改用化名（如“小明”“王某”）并注明“化名”，不要与学校、班级、村组同时出现；删去身份证号、
    私人电话、银行卡号和门牌号（地址写到镇街或村即可）。汇编时也可用 jlt build --redact 自动遮盖。
    示例：“石龙村5组的留守儿童刘小雨（12岁）” → “留守儿童小雨（化名）”。
    """
    if case.title:
        for m in find_personal_info(case.title):
            yield Hit(_message(m, None), case.title_line)
    for block, section in printed_blocks(case, ctx.config):
        matches = [m for t in block_texts(block) for m in find_personal_info(t)]
        if block.kind is BlockKind.TABLE and block.rows:
            matches += [m for _, _, m in table_name_matches(block.rows)]
        for m in matches:
            yield Hit(_message(m, section), block.line, section)


def _message(m, section: str | None) -> str:
    return (f"{_where(section)}有{m.label}“{m.masked}”。案例将公开印发，不得披露未成年人及其家庭的身份和隐私信息"
            f"（《未成年人保护法》第四条、第一百零三条）：{KIND_ADVICE[m.kind]}。汇编时也可用 jlt build --redact 自动遮盖。")
