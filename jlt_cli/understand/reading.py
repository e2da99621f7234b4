"""The state of reading one document into a Case, and the line tests the part finder and the header share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, Case, SourceDocument
from jlt_cli.understand.labels import has_typed_label, split_label, strip_decoration


@dataclass
class Reading:
    """One document being understood: its blocks become the Case, and each block is used once."""

    doc: SourceDocument
    config: Config
    case: Case
    used: set[int] = field(default_factory=set)  # indexes of blocks consumed as metadata or title

    @classmethod
    def start(cls, doc: SourceDocument, display: str, config: Config) -> "Reading":
        case = Case(path=doc.path, display_path=display, format=doc.format, header_text=doc.header_text,
                    footer_text=doc.footer_text)
        return cls(doc, config, case)


DATE = re.compile(r"^\s*(\d{4}|二[〇○零一二三四五六七八九]{3})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月(\s*[\d一二三四五六七八九十]{1,3}\s*日)?\s*$")
ATTACHMENT = re.compile(r"^\s*附\s*件\s*[\d一二三四五六七八九十]*\s*[：:]?\s*$")


def heading_like(block: Block) -> bool:
    return block.kind is BlockKind.HEADING or bool(block.label) or block.bold or has_typed_label(block.text)


FAMILIES = (
    ("part", re.compile(r"^第")),
    ("paren-cn", re.compile(r"^[（(][一二三四五六七八九十]")),
    ("paren-num", re.compile(r"^[（(]\d")),
    ("cn", re.compile(r"^[一二三四五六七八九十]")),
    ("num", re.compile(r"^\d")),
    ("circled", re.compile(r"^[①-⑳]")),
    ("roman", re.compile(r"^[IVXⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]")),
)


def label_family(block: Block) -> str:
    """The kind of numbering a heading carries: 一、 and 二、 are one family, （一） another."""
    label = block.label or split_label(block.text.strip().strip("*_ \u3000"))[0]
    for name, pattern in FAMILIES:
        if label and pattern.match(label):
            return name
    if block.kind is BlockKind.HEADING:
        return f"h{block.level or 0}"
    return "bold" if block.bold else "plain"


def is_text(block: Block) -> bool:
    return block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)


def tidy_heading(text: str) -> str:
    """'一、\t基本情况' → '一、基本情况': tabs and runs of spaces from Word numbering, for display."""
    text = re.sub(r"[\s\u3000]+", " ", text).strip()
    return re.sub(r"(?<=[、．.）)】])\s+", "", text)


def clean_title(text: str) -> str:
    text = strip_decoration(text.strip())
    return re.sub(r"[\s\u3000]+", " ", text).strip()


ROW_NUMBER = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)]?[、.．]?|序号)$")


def filled_cells(row: list[str]) -> list[str]:
    """The filled cells of a row without a leading number column; merged cells repeat their text, so repeats count once."""
    cells = list(dict.fromkeys(c.strip() for c in row if c.strip()))
    if len(cells) >= 2 and ROW_NUMBER.match(cells[0]):
        cells = cells[1:]
    return cells


def short_label(text: str) -> bool:
    return len(text) <= 20 and "\n" not in text
