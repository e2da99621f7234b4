"""The Word reader (.docx, .docm, .dotx): the package is read with lxml, never executed.

python-docx's paragraph API silently drops tracked insertions, moved text, text boxes, content
controls, smart tags and simple fields (see shared/fixtures/real-docx/FINDINGS.md), and opening a
Document is slow. So this reader parses only the parts it needs (document, styles, numbering, notes,
headers, rels) and reads pictures' headers only. ooxml.py is the XML plumbing, styles.py and
numbering.py resolve what a paragraph looks like and the label Word draws, walk.py emits the blocks.
"""

from __future__ import annotations

from pathlib import Path

from jlt_cli.config import Config
from jlt_cli.model import ReadError, SourceDocument
from jlt_cli.read.base import REPAIR_HINT, Reader, Source
from jlt_cli.read.docx.walk import DocxWalk


def read_docx(path: Path, data: bytes, config: Config, kind: str = "docx", keep_images: bool = False) -> SourceDocument:
    """Read a .docx/.docm/.dotx file (bytes already loaded) into a SourceDocument; problems raise ReadError."""
    try:
        reader = DocxWalk(path, data, config, kind, keep_images)
        try:
            doc = reader.read()
        finally:
            reader.zip.close()
        if not doc.blocks:
            # a blank attachment: say so, not "this is not a case"
            raise ReadError("empty-file", "文档是空白的，没有任何内容，可能发错了附件。请检查后重新提交案例的 Word 文件。")
        return doc
    except ReadError:
        raise
    except RecursionError:
        raise ReadError("unreadable", f"文件结构嵌套过深（如表格层层嵌套），无法解析。{REPAIR_HINT}。") from None
    except MemoryError:
        raise ReadError("unreadable", f"文件结构异常，读取时超出内存限制。{REPAIR_HINT}。") from None
    except Exception as exc:  # noqa: BLE001 - hostile input must become a finding, not a crash
        raise ReadError("unreadable", f"文件结构异常，无法解析（{type(exc).__name__}）。{REPAIR_HINT}。") from None


class DocxReader(Reader):
    name = "docx"
    kinds = ("docx", "docm", "dotx")
    file_extensions = (".docx", ".docm", ".dotx")
    rules = ("bad-image", "empty-file", "macro-document", "tracked-changes", "unreadable")

    def read(self, source: Source) -> SourceDocument:
        return read_docx(source.path, source.data, source.config, kind=source.kind, keep_images=source.keep_images)
