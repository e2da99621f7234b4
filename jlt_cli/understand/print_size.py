"""How much room a case takes in the printed brochure, estimated from the house style's real metrics.

The numbers below are those of templates/brochure.css (A4, GB/T 9704 margins, body 14 pt on a 24.5 pt line):
a page's text block is 153.18 × 225 mm = 434 × 638 pt, so a line holds 31 characters of body text and a page
26 lines. The estimate counts what prints, block by block (a paragraph to whole lines, a table row to the tallest
of its cells, a picture to its set size), and is checked against rendered PDFs in tests/test_print_size.py
(right within one page). Change these with the stylesheet.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, Case
from jlt_cli.understand.body import is_contact_line

PT_PER_MM = 72 / 25.4
PAGE_WIDTH_PT = 153.18 * PT_PER_MM  # the text block
PAGE_HEIGHT_PT = 225 * PT_PER_MM
BODY_PT, BODY_LINE_PT = 14.0, 24.5
TITLE_PT, TITLE_LINE_PT = 22.0, 33.0
TABLE_PT, TABLE_LINE_PT = 10.5, 15.75
TABLE_ROW_PAD_PT = 4.5  # 2 pt padding above and below, the rule
PICTURE_MAX_HEIGHT_PT = 88 * PT_PER_MM
FIGURE_EXTRA_PT = 18 + 3 + TABLE_LINE_PT  # margins and one caption line
# Space lost to keep-together (pictures, table rows, headings moved to the next page): a fraction of each page.
LOST_TO_BREAKS = 0.06


def _text_lines(text: str, chars_per_line: float, indent: float = 0.0) -> int:
    if not text.strip():
        return 0
    total = 0
    for line in text.split("\n"):
        width = sum(0.5 if ord(c) < 0x2E80 and c != "\u3000" else 1.0 for c in line.strip()) + indent
        total += max(1, math.ceil(width / chars_per_line))
    return total


def _width(text: str) -> float:
    """Width in em: a Chinese character is one, a Latin letter or digit about half."""
    return sum(0.5 if ord(c) < 0x2E80 and c != "\u3000" else 1.0 for c in text)


def _column_widths(rows: list[list[str]], columns: int) -> list[float]:
    """Columns as a browser's automatic table layout sets them: each at least its longest unbreakable piece
    (a number, a Latin word, one Chinese character), the rest of the width shared in proportion to content."""
    pad = 8.0
    longest = [0.0] * columns
    shortest = [1.0] * columns
    for row in rows:
        for i, cell in enumerate(row[:columns]):
            for line in str(cell).split("\n"):
                longest[i] = max(longest[i], _width(line.strip()))
                pieces = re.findall(r"[0-9A-Za-z.,%:/\-]+", line)
                shortest[i] = max([shortest[i]] + [_width(x) for x in pieces])
    full = [w * TABLE_PT + pad for w in longest]
    if sum(full) <= PAGE_WIDTH_PT:
        return full
    least = [w * TABLE_PT + pad for w in shortest]
    spare = max(PAGE_WIDTH_PT - sum(least), 0.0)
    want = [max(f - m, 0.0) for f, m in zip(full, least)]
    total = sum(want) or 1.0
    return [m + spare * w / total for m, w in zip(least, want)]


def table_height(rows: list[list[str]]) -> float:
    """Points a table takes: each row as tall as its tallest cell, the columns sized to their content."""
    if not rows:
        return 0.0
    columns = max(len(r) for r in rows) or 1
    widths = _column_widths(rows, columns)
    height = 6 + 10.0
    for row in rows:
        lines = max((_text_lines(str(cell), max(1.0, (widths[i] - 8) / TABLE_PT)) for i, cell in enumerate(row[:columns])),
                    default=1) or 1
        height += lines * TABLE_LINE_PT + TABLE_ROW_PAD_PT
    return height


def block_height(block: Block) -> float:
    body_chars = PAGE_WIDTH_PT / BODY_PT
    if block.kind is BlockKind.TABLE:
        return table_height(block.rows or [])
    if block.kind is BlockKind.IMAGE:
        image = block.image
        if image is None:
            return 0.0
        if image.width and image.height:
            width_pt = PAGE_WIDTH_PT if image.width >= image.height else PAGE_WIDTH_PT * 0.6
            height = min(PICTURE_MAX_HEIGHT_PT, width_pt * image.height / image.width)
        else:
            height = PICTURE_MAX_HEIGHT_PT * 0.7
        return height + FIGURE_EXTRA_PT
    if block.kind is BlockKind.HEADING:
        return _text_lines(block.display_text, body_chars, 2) * BODY_LINE_PT
    return _text_lines(block.display_text, body_chars, 2) * BODY_LINE_PT


@dataclass(frozen=True)
class PrintSize:
    height_pt: float

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.height_pt / (PAGE_HEIGHT_PT * (1 - LOST_TO_BREAKS))))


def case_print_size(case: Case, config: Config) -> PrintSize:
    """The printed height of a case as the brochure sets it: title, unit, part headings and what prints."""
    title_chars = PAGE_WIDTH_PT / TITLE_PT
    height = _text_lines(case.title or "题目", title_chars) * TITLE_LINE_PT + 4 * PT_PER_MM
    if case.unit:
        height += BODY_LINE_PT + 24.5
    for section in case.sections:
        height += BODY_LINE_PT + 12
        height += sum(block_height(b) for b in section.blocks if not is_contact_line(b, case, config))
    return PrintSize(height)
