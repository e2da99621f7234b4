"""What one file may cost: the work and memory bounds every reader's output is held to (issue 15).

A hostile or broken file in a unit's submission must cost one finding, never the run. Two steps, both
linear in the size of the file:

- ``prepare_text``: the decoded text of a text submission (Markdown, plain text) before any parser sees it;
- ``bound_document``: the SourceDocument of every reader (DOCX included), before anything interprets it.

Both collapse runs of white space inside a line (a run of spaces, tabs or U+3000 longer than a few
characters carries no meaning in Chinese prose, and is what makes a careless pattern quadratic), and both
refuse, as one ``file-too-large`` finding, a file with more text, lines, paragraphs or table cells than
any case could need. The limits are in defaults.yaml under ``limits:``; jlt.yaml may raise them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from jlt_cli.config import Config
from jlt_cli.model import ReadError, SourceDocument, count_chars

RULE = "file-too-large"
_RAISE = "工作人员确需审核这样的文件时，可在 jlt.yaml 的 limits.{key} 中调高上限。"


@dataclass(frozen=True)
class Limits:
    text_chars: int  # characters other than white space, in the whole file
    lines: int  # lines of a text file
    blocks: int  # paragraphs, tables and pictures
    block_chars: int  # characters of one paragraph (or one line of a text file, one table cell)
    table_cells: int  # cells of all the tables of a file
    space_run: int  # a longer run of white space inside a line keeps this many characters

    @classmethod
    def of(cls, config: Config) -> "Limits":
        def get(key: str) -> int:
            return int(config.get("limits", key))

        return cls(get("max_text_chars"), get("max_lines"), get("max_blocks"), get("max_block_chars"),
                   get("max_table_cells"), max(1, get("max_space_run")))


@functools.lru_cache(maxsize=8)
def _space_run(keep: int) -> re.Pattern:
    # white space other than a line break, more than ``keep`` in a row: a greedy run, matched once per run
    return re.compile(rf"[^\S\n]{{{keep + 1},}}")


def collapse_spaces(text: str, keep: int) -> str:
    """Every run of white space inside a line cut to its first ``keep`` characters; the rest as written."""
    if len(text) <= keep:
        return text
    return _space_run(keep).sub(lambda m: m.group()[:keep], text)


def _too_large(what: str, key: str, advice: str) -> ReadError:
    return ReadError(RULE, f"{what}，远超一篇案例所需，不再分析这个文件。{advice}{_RAISE.format(key=key)}")


def _check_text_size(chars: int, limits: Limits) -> None:
    if chars > limits.text_chars:
        raise _too_large(f"文件中的文字有 {chars:,} 字，超过上限 {limits.text_chars:,} 字", "max_text_chars",
                         "请只提交案例本身（正文一般不超过六千字），删去附带的台账、名单和重复粘贴的内容。")


def prepare_text(text: str, config: Config) -> str:
    """The text of a text submission, bounded, before it is parsed: white-space runs collapsed, size checked.

    Raises ReadError(file-too-large) for more lines, more characters, or a longer line than the limits allow.
    """
    limits = Limits.of(config)
    text = collapse_spaces(text, limits.space_run)
    lines = text.count("\n") + 1
    if lines > limits.lines:
        raise _too_large(f"文件有 {lines:,} 行，超过上限 {limits.lines:,} 行", "max_lines",
                         "请检查文件是否完整、是否重复粘贴了大量内容，只提交案例本身。")
    _check_text_size(count_chars(text), limits)
    if len(text) > limits.block_chars:
        for number, line in enumerate(text.split("\n"), 1):
            if count_chars(line) > limits.block_chars:
                raise _too_long_paragraph(f"第 {number:,} 行", count_chars(line), limits)
    return text


def _too_long_paragraph(where: str, size: int, limits: Limits) -> ReadError:
    return _too_large(f"{where}有 {size:,} 字，超过一段的上限 {limits.block_chars:,} 字", "max_block_chars",
                      "请检查这一段是否是异常内容（如大量重复的符号），或分段后重新提交。")


def too_many_blocks(count: int, limits: Limits) -> ReadError:
    """The finding for a document of ``count`` blocks, over limits.max_blocks.

    A reader that builds blocks one by one (the Word reader walking a 60 MB document.xml) can raise this as
    soon as it passes ``limits.blocks``, instead of reading a million paragraphs only to be refused here.
    """
    return _too_large(f"文件至少有 {count:,} 个段落（含表格、图片），超过上限 {limits.blocks:,} 个", "max_blocks",
                      "请检查文件是否重复粘贴了大量内容，只提交案例本身。")


def _cell_chars(rows: list[list[str]] | None) -> list[int]:
    return [count_chars(cell) for row in rows or [] for cell in row]


def bound_document(doc: SourceDocument, config: Config) -> SourceDocument:
    """A reader's document held to the limits: sizes checked, white-space runs collapsed in every text.

    Raises ReadError(file-too-large) when the document has more paragraphs, characters or table cells than
    the limits allow, or a paragraph longer than one may be. Otherwise returns the same document.
    """
    limits = Limits.of(config)
    if len(doc.blocks) > limits.blocks:
        raise too_many_blocks(len(doc.blocks), limits)
    cells = sum(len(row) for b in doc.blocks for row in b.rows or [])
    if cells > limits.table_cells:
        raise _too_large(f"文件中的表格共有 {cells:,} 个单元格，超过上限 {limits.table_cells:,} 个", "max_table_cells",
                         "汇编不印台账和名单：请把明细表改为汇总表，明细留存本单位。")
    sizes = [(b, count_chars(b.text), _cell_chars(b.rows)) for b in doc.blocks]
    _check_text_size(sum(n + sum(c) for _, n, c in sizes), limits)
    text_format = doc.format in ("markdown", "text")
    for block, size, cell_sizes in sizes:
        longest = max([size, *cell_sizes])
        if longest > limits.block_chars:
            where = (f"第 {block.line:,} 行" if text_format else f"第 {block.line:,} 段") if block.line else "有一段"
            raise _too_long_paragraph(where, longest, limits)
    keep = limits.space_run
    for block in doc.blocks:
        block.text = collapse_spaces(block.text, keep)
        if block.rows:
            block.rows = [[collapse_spaces(cell, keep) for cell in row] for row in block.rows]
        if block.image is not None:
            block.image.caption = collapse_spaces(block.image.caption, keep)
    doc.header_text = collapse_spaces(doc.header_text, keep)
    doc.footer_text = collapse_spaces(doc.footer_text, keep)
    return doc
