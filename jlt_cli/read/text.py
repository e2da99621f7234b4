"""Plain-text submissions (.txt): one paragraph per non-empty line.

Nothing is marked as a heading here; plain text has no markup, so deciding that
“一、基本情况” is a heading is the understanding layer's job, as for any paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, ReadError, SourceDocument
from jlt_cli.read.base import Reader, Source
from jlt_cli.read.bounds import prepare_text
from jlt_cli.read.encoding import decode_text

# folios left over from a copy out of a PDF or a printed page: - 1 -, — 2 —, 第 3 页, 第1页 共5页
_PAGE_NUMBER = re.compile(r"^(?:[-—–]+\s*\d{1,3}\s*[-—–]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?)$")

EMPTY_MESSAGE = "文件中没有可读的文字（只有空白）。请检查是否上传了正确的文件。"


def read_text(path: Path, data: bytes, config: Config) -> SourceDocument:
    text = prepare_text(decode_text(data), config)
    blocks: list[Block] = []
    for number, line in enumerate(text.split("\n"), 1):
        # strip() also removes the full-width spaces (U+3000) used to indent Chinese paragraphs
        content = line.replace("\x00", "").strip()
        if content and not _PAGE_NUMBER.match(content):
            blocks.append(Block(BlockKind.PARAGRAPH, content, line=number))
    if not blocks:
        raise ReadError("empty-file", EMPTY_MESSAGE)
    return SourceDocument(path=path, format="text", blocks=blocks)


class TextReader(Reader):
    name = "text"
    kinds = ("text",)
    file_extensions = (".txt",)
    rules = ("empty-file", "file-too-large", "unreadable")

    def read(self, source: Source) -> SourceDocument:
        return read_text(source.path, source.data, source.config)
