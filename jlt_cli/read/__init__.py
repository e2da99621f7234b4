"""Reading: find the submissions in a folder and turn each file into a SourceDocument.

One reader per format (``read.registry``), all behind the contract in ``read.base``. The format is
decided by the file's content, not its name: a PDF renamed .docx is still a PDF.
"""

from __future__ import annotations

import stat
from pathlib import Path

from jlt_cli.config import Config
from jlt_cli.model import ReadError, SourceDocument
from jlt_cli.read.base import RESAVE_HINT, Source
from jlt_cli.read.bounds import bound_document
from jlt_cli.read.discover import (
    ARCHIVE_SUFFIXES, NOT_REGULAR, SUBMISSION_SUFFIXES, Discovered, Discovery, Ignored, discover,
)
from jlt_cli.read.registry import READERS, reader_for, reader_rules
from jlt_cli.read.sniff import sniff

__all__ = [
    "ARCHIVE_SUFFIXES", "READERS", "SUBMISSION_SUFFIXES", "Discovered", "Discovery", "Ignored", "discover",
    "read_document", "reader_rules",
]


def read_document(path: Path, config: Config, keep_images: bool = False, convert: bool = False) -> SourceDocument:
    """Read one file; raises ReadError with a finding-worthy Chinese message.

    Pictures are always checked; their bytes are kept only with ``keep_images`` (build needs them,
    validation of a thousand files should not hold every photo in memory). ``convert``: legacy formats
    (.doc/.wps/.rtf/.odt) go through LibreOffice when it is installed (read/convert.py).
    """
    if path.is_dir():
        raise ReadError("unreadable", f"这是一个文件夹而不是文件（名称为“{path.name}”）。请提交文件本身。")
    try:
        st = path.stat()
    except OSError as exc:
        raise ReadError("unreadable", f"无法访问文件：{exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ReadError("unreadable", NOT_REGULAR)  # opening a FIFO would block forever
    size = st.st_size
    limit_mb = float(config.get("limits", "max_file_mb"))
    if size > limit_mb * 1024 * 1024:
        raise ReadError(
            "file-too-large",
            f"文件大小 {size / 1024 / 1024:.1f} MB，超过上限 {limit_mb:g} MB。请压缩图片后重新提交，"
            f"或在 jlt.yaml 的 limits.max_file_mb 中调高上限。",
        )
    if size == 0:
        raise ReadError("empty-file", "文件是空的（0 字节）。请检查是否上传了正确的文件。")
    try:
        with path.open("rb") as fh:
            # bounded: a file that grew after stat() must not be read whole; asking for the size
            # we expect (not the limit) keeps read() from allocating 20 MB for every small file
            limit = int(limit_mb * 1024 * 1024)
            data = fh.read(min(size, limit) + 1)
            if len(data) > size:
                data += fh.read(limit + 1 - len(data))
    except OSError as exc:
        raise ReadError("unreadable", f"无法读取文件：{exc.strerror or exc}") from None
    if len(data) > limit_mb * 1024 * 1024:
        raise ReadError("file-too-large", f"文件超过大小上限 {limit_mb:g} MB（读取时仍在变大）。请确认文件已完整保存后重新提交。")
    kind = sniff(data, path.suffix.lower())
    reader = reader_for(kind, convert=convert)
    if reader is None:
        raise ReadError(*_no_reader(kind, path, data))
    # every reader's document held to the same work and memory bounds (read/bounds.py)
    return bound_document(reader.read(Source(path, data, kind, config, keep_images)), config)


def _zip_name(info) -> str:
    """A member name as its author wrote it: names without the UTF-8 flag are GBK on Chinese Windows."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _archive_message(path: Path, data: bytes, kind: str) -> tuple[str, str, str]:
    """(rule, message for staff, words for the unit) for a case sent as an archive: jlt never unpacks it, but names
    what is inside a zip. Staff unpack it into the inbox; the unit is asked to send the .docx itself next time."""
    inside = ""
    if kind == "zip":
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = [_zip_name(i).rsplit("/", 1)[-1] for i in zf.infolist() if not i.filename.endswith("/")]
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
            names = []
        docs = [n for n in names if n.lower().endswith((".docx", ".doc", ".wps", ".md", ".txt"))]
        if docs:
            more = f"等 {len(docs)} 个文件" if len(docs) > 3 else ""
            inside = f"包内有“{'”“'.join(docs[:3])}”{more}。"
    what = f"这是压缩包（{path.suffix or 'ZIP'}）"
    return ("unsupported-format",
            f"{what}，jlt 不会自动解压。{inside}请解压后把其中的案例文件（.docx）直接放进收件文件夹，再重新运行。",
            f"{what}。{inside}请直接报送 Word 文件（.docx），不要压缩打包。")


def _no_reader(kind: str, path: Path, data: bytes) -> tuple[str, ...]:
    """(rule, message[, words for the unit]) for content no reader takes: what it is and what to send instead."""
    if kind == "unreadable-zip":
        return ("unreadable", "文件已损坏：ZIP 结构无法解析（可能传输不完整）。请重新导出或重新发送原文件。")
    if kind == "mislabeled":
        return (
            "unreadable",
            f"文件扩展名是 {path.suffix}，但内容不是该格式（可能是改名的其他文件或已损坏）。{RESAVE_HINT}。",
        )
    if kind == "encrypted":
        return ("unreadable", "文件已加密，请去除密码后重新提交。")
    messages = {
        "doc": f"这是旧版 Word 文档（.doc 格式）。{RESAVE_HINT}。",
        "wps": f"这是 WPS 文字的 .wps 格式。{RESAVE_HINT}。",
        "rtf": f"这是 RTF 格式。{RESAVE_HINT}。",
        "odt": f"这是 OpenDocument（.odt）格式。{RESAVE_HINT}。",
        "pdf": f"这是 PDF 文件，无法可靠提取案例结构。{RESAVE_HINT}（请提交可编辑的原文件）。",
        "pages": "这是 Apple Pages 文档。请在 Pages 中导出为 Word（.docx）后重新提交。",
        "xlsx": f"这是电子表格或演示文稿，不是案例文档。{RESAVE_HINT}。",
        "zip": "这是一个压缩包或其他 ZIP 格式文件，其中没有 Word 正文（word/document.xml）。" + RESAVE_HINT + "。",
        "ole": f"这是旧版 Office 二进制文件。{RESAVE_HINT}。",
        "binary": f"无法识别的文件内容（不是 Word、Markdown 或文本文件）。{RESAVE_HINT}。",
    }
    if path.suffix.lower() in ARCHIVE_SUFFIXES or (kind == "zip" and path.suffix.lower() not in (".docx", ".docm", ".dotx")):
        return _archive_message(path, data, kind)
    if kind == "binary" and path.suffix.lower() in (".md", ".markdown", ".txt"):
        # named as text but not decodable as text: an encoding problem, not a wrong format
        return ("unreadable", "这个文本文件的编码无法识别（含空字符、混用了几种编码，或是没有 BOM 的 UTF-16）。"
                                      "请用记事本或 WPS 打开后“另存为”，编码选 UTF-8，再重新提交。")
    if kind in messages:
        message = messages[kind]
        if path.suffix.lower() in (".docx", ".docm", ".dotx") and kind != "zip":
            # the unit will answer "it is a .docx": say that only the name is, and how that happens
            message = f"文件名是 {path.suffix}，但内容不是（只改扩展名不能转换格式）：{message}"
        return ("unsupported-format", message)
    return ("unsupported-format", f"不支持的文件格式（{path.suffix or '无扩展名'}）。{RESAVE_HINT}。")
