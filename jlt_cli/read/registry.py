"""The one list of readers. A new format is a module with a ``Reader`` subclass, added here."""

from __future__ import annotations

from jlt_cli.read.base import Reader
from jlt_cli.read.convert import ConvertingReader
from jlt_cli.read.docx import DocxReader
from jlt_cli.read.markdown import MarkdownReader
from jlt_cli.read.text import TextReader

READERS: tuple[Reader, ...] = (DocxReader(), MarkdownReader(), TextReader(), ConvertingReader())


def reader_for(kind: str, *, convert: bool = False) -> Reader | None:
    for reader in READERS:
        if kind in reader.kinds and (convert or not reader.on_request):
            return reader
    return None


def reader_rules() -> set[str]:
    """Every rule id a reader may report (a test checks each is registered and documented)."""
    return {rule for reader in READERS for rule in reader.rules}


def readable_extensions() -> set[str]:
    return {ext for reader in READERS for ext in reader.file_extensions}
