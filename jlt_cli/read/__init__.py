"""Reading: find the submissions in a folder and turn each file into a SourceDocument.

One reader per format (docx, markdown, text). The format is decided by the
file's content, not its name: a PDF renamed .docx is still a PDF.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from jlt_cli.checks.registry import reader_rule
from jlt_cli.config import Config
from jlt_cli.model import ReadError, Severity, SourceDocument
from jlt_cli.read.sniff import sniff

UNREADABLE = reader_rule("unreadable", Severity.ERROR, "文件损坏、加密或无法解析")
UNSUPPORTED = reader_rule("unsupported-format", Severity.ERROR, "不支持的文件格式（.doc/.wps/.rtf/.odt/.pdf 等）")
EMPTY = reader_rule("empty-file", Severity.ERROR, "文件为空或没有可读的文字")
TOO_LARGE = reader_rule("file-too-large", Severity.ERROR, "文件超过配置的大小上限")
MACROS = reader_rule("macro-document", Severity.WARNING, "启用宏的文档：只读取文字，宏不会运行")
TRACKED = reader_rule("tracked-changes", Severity.WARNING, "文档中仍有未处理的修订或批注")
IMAGE_DROPPED = reader_rule("bad-image", Severity.WARNING, "图片损坏、过大或为外部链接，已略去")
CONVERTED = reader_rule("converted", Severity.WARNING, "旧格式文件由 LibreOffice 转换为 .docx 后读取（--convert）")

SUBMISSION_SUFFIXES = {
    ".docx", ".docm", ".dotx", ".md", ".markdown", ".txt",
    ".doc", ".wps", ".rtf", ".odt", ".pdf", ".pages", ".wpt", ".dot", ".et", ".xls", ".xlsx", ".ppt", ".pptx",
    *(ARCHIVE_SUFFIXES := {".zip", ".rar", ".7z", ".tar", ".gz", ".tgz"}),  # a case sent as an archive is reported, never lost
}
RESAVE_HINT = "请用 Word/WPS 另存为 .docx 后重新提交"
NOT_REGULAR = "这不是普通文件（可能是管道、设备或特殊文件），未读取。请提交 Word 或 Markdown 文件本身。"
LINK_OUTSIDE = "这是指向输入文件夹之外的符号链接（快捷方式），为安全起见未读取。请把文件本身复制到文件夹中后重新运行。"
LINK_BROKEN = "这是一个无法打开的符号链接（快捷方式）：目标不存在或链接循环。请把文件本身放进文件夹后重新提交。"


@dataclass
class Discovered:
    path: Path
    display: str  # as shown to the user
    # Why the file must not be opened (a link out of the folder, a pipe): reported as ``unreadable``.
    problem: str | None = None


def _display(path: Path, given: Path) -> str:
    if given.is_file() or path == given:
        return str(given)
    try:
        return str(given / path.relative_to(given))
    except ValueError:
        return str(path)


def _skip_name(name: str) -> bool:
    # hidden files, Office lock files (~$x.docx), editor backups
    # (a README.md/README.txt beside the cases explains the folder; it is never a submission)
    return (
        name.startswith((".", "~$")) or name.endswith("~") or name in {"Thumbs.db", "desktop.ini"}
        or name.lower() in {"readme.md", "readme.txt", "readme.markdown"}
    )


def discover(paths: list[Path]) -> list[Discovered]:
    """Every candidate submission under ``paths``, sorted, without following links out of a folder."""
    found: list[Discovered] = []
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir() and not given.is_symlink() or (given.is_dir() and given.suffix.lower() not in SUBMISSION_SUFFIXES):
            root = given.resolve()
            for dirpath, dirnames, filenames in os.walk(given, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not _skip_name(d))
                here = Path(dirpath)
                # a directory named like a document (x.docx/) is reported, not walked
                for d in list(dirnames):
                    if Path(d).suffix.lower() in SUBMISSION_SUFFIXES:
                        dirnames.remove(d)
                        p = here / d
                        found.append(Discovered(p, _display(p, given)))
                for name in sorted(filenames):
                    if _skip_name(name):
                        continue
                    p = here / name
                    named_like_doc = p.suffix.lower() in SUBMISSION_SUFFIXES
                    if p.is_symlink():
                        problem = _link_problem(p, root)
                        if problem:
                            # never followed out of the folder; reported (not silently lost) when it looks like a case
                            if named_like_doc:
                                found.append(Discovered(p, _display(p, given), problem))
                            continue
                    if not _is_regular(p):
                        # a FIFO or device would block or never end: reported by name, never opened
                        if named_like_doc:
                            found.append(Discovered(p, _display(p, given), NOT_REGULAR))
                        continue
                    if not named_like_doc and not _looks_like_document(p):
                        continue
                    key = p.resolve()
                    if key in seen:
                        continue
                    seen.add(key)
                    found.append(Discovered(p, _display(p, given)))
        else:
            key = given.resolve() if given.exists() else given
            if key not in seen:
                seen.add(key)
                # a link named on the command line obeys the folder rule too: its target must lie beside it
                problem = _link_problem(given, given.parent.resolve()) if given.is_symlink() else None
                found.append(Discovered(given, str(given), problem))
    return found


def _link_problem(path: Path, root: Path) -> str | None:
    """Why a symbolic link inside the folder must not be followed, or None when its target is inside ``root``."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling or a loop
        return LINK_BROKEN
    if target != root and root not in target.parents:
        return LINK_OUTSIDE
    return None


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _looks_like_document(path: Path) -> bool:
    """Files without a known suffix are still considered when their content is a document."""
    if path.suffix:
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"{\\rtf"))


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
    limit_mb = float(config.get("limits", "max_file_mb", default=20))
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
    return _dispatch(kind, path, data, config, keep_images, convert)


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


def _archive_message(path: Path, data: bytes, kind: str) -> str:
    """What to tell a unit that sent its case as an archive: jlt never unpacks, but names what is inside a zip."""
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
    return (f"这是压缩包（{path.suffix or 'ZIP'}），jlt 不会自动解压。{inside}"
            "请解压后把其中的案例文件（.docx）直接放进收件文件夹，再重新运行。")


def _dispatch(
    kind: str, path: Path, data: bytes, config: Config, keep_images: bool, convert: bool = False
) -> SourceDocument:
    if kind in ("doc", "wps", "rtf", "odt") and convert:
        from jlt_cli.read.convert import read_converted

        return read_converted(path, data, kind, config, keep_images=keep_images)
    if kind in ("docx", "docm", "dotx"):
        from jlt_cli.read.docx import read_docx

        return read_docx(path, data, config, kind=kind, keep_images=keep_images)
    if kind == "markdown":
        from jlt_cli.read.markdown import read_markdown

        return read_markdown(path, data, config, keep_images=keep_images)
    if kind == "text":
        from jlt_cli.read.text import read_text

        return read_text(path, data, config)
    if kind == "unreadable-zip":
        raise ReadError("unreadable", "文件已损坏：ZIP 结构无法解析（可能传输不完整）。请重新导出或重新发送原文件。")
    if kind == "mislabeled":
        raise ReadError(
            "unreadable",
            f"文件扩展名是 {path.suffix}，但内容不是该格式（可能是改名的其他文件或已损坏）。{RESAVE_HINT}。",
        )
    if kind == "encrypted":
        raise ReadError("unreadable", "文件已加密，请去除密码后重新提交。")
    messages = {
        "doc": f"这是旧版 Word 文档（.doc 格式）。{RESAVE_HINT}。",
        "wps": f"这是 WPS 文字的 .wps 格式。{RESAVE_HINT}。",
        "rtf": f"这是 RTF 格式。{RESAVE_HINT}。",
        "odt": f"这是 OpenDocument（.odt）格式。{RESAVE_HINT}。",
        "pdf": f"这是 PDF 文件，无法可靠提取案例结构。{RESAVE_HINT}（请提交可编辑的原文件）。",
        "pages": f"这是 Apple Pages 文档。请在 Pages 中导出为 Word（.docx）后重新提交。",
        "xlsx": f"这是电子表格或演示文稿，不是案例文档。{RESAVE_HINT}。",
        "zip": "这是一个压缩包或其他 ZIP 格式文件，其中没有 Word 正文（word/document.xml）。" + RESAVE_HINT + "。",
        "ole": f"这是旧版 Office 二进制文件。{RESAVE_HINT}。",
        "binary": f"无法识别的文件内容（不是 Word、Markdown 或文本文件）。{RESAVE_HINT}。",
    }
    if path.suffix.lower() in ARCHIVE_SUFFIXES or (kind == "zip" and path.suffix.lower() not in (".docx", ".docm", ".dotx")):
        raise ReadError("unsupported-format", _archive_message(path, data, kind))
    if kind == "binary" and path.suffix.lower() in (".md", ".markdown", ".txt"):
        # named as text but not decodable as text: an encoding problem, not a wrong format
        raise ReadError("unreadable", "这个文本文件的编码无法识别（含空字符、混用了几种编码，或是没有 BOM 的 UTF-16）。"
                                      "请用记事本或 WPS 打开后“另存为”，编码选 UTF-8，再重新提交。")
    if kind in messages:
        raise ReadError("unsupported-format", messages[kind])
    raise ReadError("unsupported-format", f"不支持的文件格式（{path.suffix or '无扩展名'}）。{RESAVE_HINT}。")
