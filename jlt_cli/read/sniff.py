"""Decide what a file is from its bytes (the name only breaks ties between text formats)."""

from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text"}


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = b""
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200 and info.compress_size < 200:
                    mimetype = zf.read("mimetype")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, RuntimeError):
        return "broken-zip"
    if b"opendocument" in mimetype:
        return "odt"
    if "word/document.xml" in names or any(n.lower() == "word/document.xml" for n in names):
        content_types = ""
        if "[Content_Types].xml" in names:
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    info = zf.getinfo("[Content_Types].xml")
                    if info.file_size < 1_000_000:
                        content_types = zf.read(info).decode("utf-8", "replace")
            except Exception:  # noqa: BLE001 - any failure here just means "plain docx"
                content_types = ""
        if "macroEnabled" in content_types:
            return "docm"
        if "template.main" in content_types:
            return "dotx"
        return "docx"
    if "index.xml" in names or any(n.startswith("QuickLook/") for n in names):
        return "pages"
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        return "xlsx"
    return "zip"


def _ole_kind(data: bytes, suffix: str) -> str:
    # Encrypted OOXML files are OLE containers holding an "EncryptedPackage" stream;
    # its UTF-16 name is visible in the directory sectors.
    if "EncryptedPackage".encode("utf-16-le") in data[:2_000_000] or "EncryptionInfo".encode("utf-16-le") in data[:2_000_000]:
        return "encrypted"
    if suffix in (".wps", ".wpt"):
        return "wps"
    if suffix in (".xls", ".et", ".ppt"):
        return "xlsx"
    return "doc"


def sniff(data: bytes, suffix: str) -> str:
    """One of: docx docm dotx markdown text doc wps rtf odt pdf pages xlsx zip unreadable-zip encrypted mislabeled binary."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        kind = _zip_kind(data)
        return "unreadable-zip" if kind == "broken-zip" else kind
    if data.startswith(OLE_MAGIC):
        return _ole_kind(data, suffix)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"%PDF"):
        return "pdf"
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if suffix in (".docx", ".docm", ".dotx", ".doc", ".wps", ".odt", ".pdf", ".rtf", ".pages"):
        # a "document" whose bytes are none of the above: renamed or damaged
        return "mislabeled"
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix] if _is_probably_text(data) else "binary"
    return "text" if _is_probably_text(data) else "binary"


def _is_probably_text(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 with BOM
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return controls <= len(head) // 100
