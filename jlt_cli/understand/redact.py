"""Masking personal information for ``jlt build --redact``: in memory, never in the input file.

The same detector as the ``personal-info`` rule finds the matches, so every reported match is
masked. A value found once (学生王小明) is then masked wherever else it occurs in the case
(王小明的母亲…), because the brochure must not print it anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, Case
from jlt_cli.understand.body import printed_blocks
from jlt_cli.understand.privacy import DOUBLE_SURNAMES, find_personal_info, table_name_matches

REDACTED_REASON = "已在汇编中遮盖（--redact）"
# What the brochure prints instead: nothing of the value survives (a partly masked ID still gives away eight
# digits, 刘*语 next to a school and class still points at one child). Names become 刘某, as case reports write.
PRINTED = {"身份证号": "（身份证号略）", "手机号码": "（电话略）", "固定电话号码": "（电话略）", "银行卡号": "（卡号略）",
           "家庭住址门牌号": "（住址略）"}


def printed_form(value: str, label: str) -> str:
    if label == "儿童真实姓名":
        return (value[:2] if value[:2] in DOUBLE_SURNAMES else value[:1]) + "某"
    return PRINTED.get(label, "（略）")


@dataclass(frozen=True)
class RedactionRecord:
    file: str  # display path
    line: int | None
    section: str | None
    kind: str  # Chinese label: 身份证号、手机号码…
    masked: str  # the masked form as printed; the original value is never recorded

    def describe(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        part = f"（{self.section}）" if self.section else ""
        return f"{where}{part} 遮盖{self.kind}：{self.masked}"


def _block_values(block: Block) -> list[tuple[str, str, str]]:
    """(value, masked, kind label) found in one block."""
    found = []
    if block.kind is BlockKind.TABLE and block.rows:
        for row in block.rows:
            for cell in row:
                found += [(m.value, m.masked, m.label) for m in find_personal_info(cell)]
        found += [(m.value, m.masked, m.label) for _, _, m in table_name_matches(block.rows)]
    elif block.kind is BlockKind.IMAGE:
        if block.image and block.image.caption:
            found += [(m.value, m.masked, m.label) for m in find_personal_info(block.image.caption)]
    else:
        found += [(m.value, m.masked, m.label) for m in find_personal_info(block.text)]
    return found


def _replace(text: str, values: list[tuple[str, str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """Replace every occurrence of every value (longest first, so 王小明 is not cut by a shorter value).

    The brochure gets the printed form; the record keeps the partly masked form staff can find in the file.
    """
    done: list[tuple[str, str]] = []
    for value, masked, label in values:
        count = text.count(value)
        if count:
            text = text.replace(value, printed_form(value, label))
            done += [(label, masked)] * count
    return text, done


def redact_case(case: Case, config: Config, mark_findings: bool = True) -> list[RedactionRecord]:
    """Mask personal information in the case's brochure text; return one record per masking.

    With ``mark_findings`` the case's ``personal-info`` findings are marked as handled (waived with
    the reason “已在汇编中遮盖”), so the case is no longer held back by them.
    """
    blocks = list(printed_blocks(case, config))
    values: dict[str, tuple[str, str, str]] = {}
    title_block = Block(BlockKind.PARAGRAPH, text=case.title)
    for block in [title_block, *(b for b, _ in blocks)]:
        for value, masked, label in _block_values(block):
            values.setdefault(value, (value, masked, label))
    ordered = sorted(values.values(), key=lambda v: len(v[0]), reverse=True)
    records: list[RedactionRecord] = []
    if ordered:
        for block, section in blocks:
            done: list[tuple[str, str]] = []
            if block.kind is BlockKind.TABLE and block.rows:
                for row in block.rows:
                    for i, cell in enumerate(row):
                        row[i], d = _replace(cell, ordered)
                        done += d
            if block.text:
                block.text, d = _replace(block.text, ordered)
                # a table's text mirrors its cells: count the cells only
                done += [] if block.kind is BlockKind.TABLE and block.rows else d
            if block.image and block.image.caption:
                block.image.caption, d = _replace(block.image.caption, ordered)
                done += d
            records += [RedactionRecord(case.display_path, block.line, section, k, m) for k, m in done]
        case.title, _ = _replace(case.title, ordered)
        for s in case.sections:
            s.heading, _ = _replace(s.heading, ordered)
    if mark_findings:
        for f in case.findings:
            if f.rule == "personal-info" and not f.waived:
                f.waived = REDACTED_REASON
    return records
