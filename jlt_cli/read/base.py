"""The reader contract: one reader per format, registered in one list (``jlt_cli.read.registry``).

A reader turns the bytes of one file into a SourceDocument: blocks in reading order, plus the problems it
noticed but could read past (``Problem(rule, message, line)``). It never decides a severity, and a file it
cannot read at all raises ``ReadError(rule, message)``. Like Pelican's ``BaseReader``, a reader declares
what it reads; the format is sniffed from the content, so ``kinds`` decide and ``file_extensions`` only
say which file names discovery looks at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from jlt_cli.config import Config
from jlt_cli.model import SourceDocument


@dataclass(frozen=True)
class Source:
    """One file to read: its bytes (already size-checked), the sniffed kind and the run's settings."""

    path: Path
    data: bytes
    kind: str
    config: Config
    keep_images: bool = False  # build keeps picture bytes; validation reads picture headers only


class Reader:
    name: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]]  # what ``sniff`` calls the content this reader reads
    file_extensions: ClassVar[tuple[str, ...]]  # names discovery picks up for it
    rules: ClassVar[tuple[str, ...]]  # rule ids of the problems (and ReadErrors) it may report
    on_request: ClassVar[bool] = False  # used only when the user asks (e.g. --convert)

    def read(self, source: Source) -> SourceDocument:
        raise NotImplementedError


# What a unit can do about a file jlt cannot read (one home for both sentences):
# another format → save it as .docx; a damaged or odd Word file → open it and save it again.
RESAVE_HINT = "请用 Word/WPS 另存为 .docx 后重新提交"
REPAIR_HINT = "请用 Word/WPS 重新打开并另存为 .docx 后重新提交"
