"""Decide what a file is from its bytes (the name only breaks ties between text formats)."""

from __future__ import annotations

import io
import struct
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
        # .odt (and its template .ott) is a text document; .ods/.odp/.odg are spreadsheets and slides
        return "odt" if b"opendocument.text" in mimetype else "xlsx"
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


def _ole_entries(data: bytes) -> dict[str, tuple[int, int]] | None:
    """Stream and storage names of a Compound File (OLE) -> (start sector, size), or None when unparsable.

    Reads only the header, the FAT sectors it names and the directory chain, with hard bounds, so a
    crafted file costs microseconds. Names are what matter: WordDocument (Word 97), EncryptedPackage
    (a password-protected OOXML file), Workbook, PowerPoint Document.
    """
    if len(data) < 512:
        return None
    try:
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12):
            return None
        size = 1 << shift
        n_fat = struct.unpack_from("<I", data, 0x2C)[0]
        first_dir = struct.unpack_from("<I", data, 0x30)[0]
        difat = struct.unpack_from("<109I", data, 0x4C)[: min(n_fat, 109)]

        def sector(n: int) -> bytes:
            start = (n + 1) * size
            return data[start : start + size]

        fat: list[int] = []
        for n in difat:  # files over ~7 MB use DIFAT sectors too; the directory is normally near the start
            block = sector(n)
            fat.extend(struct.unpack(f"<{len(block) // 4}I", block))
        entries: dict[str, tuple[int, int]] = {}
        current, seen = first_dir, set()
        while current < 0xFFFFFFFA and current not in seen and len(seen) < 512:
            seen.add(current)
            block = sector(current)
            for off in range(0, len(block) - 127, 128):
                name_len = struct.unpack_from("<H", block, off + 64)[0]
                kind = block[off + 66]
                if kind in (1, 2) and 2 <= name_len <= 64:
                    name = block[off : off + name_len - 2].decode("utf-16-le", "replace")
                    start = struct.unpack_from("<I", block, off + 116)[0]
                    length = struct.unpack_from("<I", block, off + 120)[0]
                    entries[name] = (start, length)
            current = fat[current] if current < len(fat) else 0xFFFFFFFE
        return entries
    except (struct.error, IndexError, ValueError):
        return None


def _word97_encrypted(data: bytes, entry: tuple[int, int], sector_size: int = 512) -> bool:
    """fEncrypted in the FIB at the start of the WordDocument stream (only when it is in a regular sector)."""
    start, length = entry
    if length < 4096 or start >= 0xFFFFFFFA:
        return False
    offset = (start + 1) * sector_size
    fib = data[offset : offset + 12]
    return len(fib) == 12 and fib[:2] == b"\xec\xa5" and bool(struct.unpack_from("<H", fib, 10)[0] & 0x0100)


def _ole_kind(data: bytes, suffix: str) -> str:
    entries = _ole_entries(data)
    if entries is not None:
        names = {n.lower() for n in entries}
        # Encrypted OOXML files (Word, WPS) are OLE containers holding EncryptionInfo + EncryptedPackage.
        if "encryptedpackage" in names or "encryptioninfo" in names:
            return "encrypted"
        if "worddocument" in names:
            sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
            if _word97_encrypted(data, next(v for k, v in entries.items() if k.lower() == "worddocument"), sector_size):
                return "encrypted"
            return "wps" if suffix in (".wps", ".wpt") else "doc"
        if names & {"workbook", "book", "powerpoint document"}:
            return "xlsx"
    # Unparsable directory: fall back to the UTF-16 names being visible in the bytes.
    head = data[:2_000_000]
    if "EncryptedPackage".encode("utf-16-le") in head or "EncryptionInfo".encode("utf-16-le") in head:
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
