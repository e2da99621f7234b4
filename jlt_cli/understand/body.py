"""The one body filter: which blocks of a case are its printed text.

The header lines a unit must give (报送单位/联系人/电话, 撰稿人, 通讯员…) are for staff, not for print:
wherever the writer put them, they are never printed and therefore not checked as body text. Every
output (PDF, HTML, Word), the rules that read body text (personal-info, punctuation, length,
duplicates) and ``--redact`` use this filter, so anything printed was checked, everywhere alike.
"""

from __future__ import annotations

import re
from typing import Iterator

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, Case


# 联系人：… / 联系人及电话：… / （撰稿人：刘洋　审核人：张强　联系电话：139…）
_CONTACT_LINE = re.compile(
    r"^\s*(?:[（(]\s*)?(报送单位|申报单位|填报单位|单位|联系人|联 系 人|联系电话|电话|手机|联系方式|撰稿人|执笔人|负责人|审核人|"
    r"审稿人|供稿|通讯员|作者)(?:[及和/、](?:联系)?(?:电话|方式|手机))?(?:[（(][^）)]{0,6}[）)])?\s*[:：]"
)


def is_contact_line(block: Block, case: Case, config: Config) -> bool:
    """A contact or header line (报送单位/联系人/电话/撰稿人/通讯员…), wherever the writer put it."""
    if block.line is not None and block.line in case.metadata_lines:
        return True
    if block.kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING):
        return False
    text = block.text.strip().lstrip("（(")
    return bool(_contact_labels(config).match(text) or _CONTACT_LINE.match(text))


def _contact_labels(config: Config) -> re.Pattern:
    # compiled once per run: this runs for every block of every file
    cached = config._cache.get("contact_labels")
    if cached is None:
        labels = [str(x) for key in ("unit", "contact", "phone") for x in config.get("metadata_labels", key)]
        alts = "|".join(r"[ \u3000]*".join(map(re.escape, lab.replace(" ", ""))) for lab in sorted(labels, key=len, reverse=True))
        cached = config._cache["contact_labels"] = re.compile(rf"^(?:{alts or '(?!x)x'})[ \u3000]*[:：]")
    return cached


def printed_blocks(case: Case, config: Config) -> Iterator[tuple[Block, str | None]]:
    """Every block of the parts that the brochure prints, with its part's name; contact lines left out."""
    for s in case.sections:
        for b in s.blocks:
            if not is_contact_line(b, case, config):
                yield b, s.name


def lead_blocks(case: Case, config: Config) -> Iterator[Block]:
    """Text before the first part that is neither the title nor a header line (an introduction)."""
    for b in case.preamble:
        if b.line is not None and b.line == case.title_line:
            continue
        if not is_contact_line(b, case, config):
            yield b


def block_texts(block: Block) -> list[str]:
    """The text of a block as printed: a table's cells, a picture's caption."""
    if block.kind is BlockKind.TABLE and block.rows:
        return [cell for row in block.rows for cell in row]
    if block.kind is BlockKind.IMAGE:
        return [block.image.caption] if block.image and block.image.caption else []
    return [block.text]
