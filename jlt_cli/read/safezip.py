"""Bounded access to a ZIP package (DOCX) that may be hostile.

A submission is untrusted: a zip bomb, a header that lies about sizes, or a
million tiny members must cost milliseconds and a few MB, then become a
ReadError. Sizes in headers are never trusted: every read inflates in chunks
and counts what it actually produced.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from jlt_cli.model import ReadError
from jlt_cli.read.base import REPAIR_HINT

# Small reads keep the compressed input zipfile pulls per call small, so the ratio is judged early.
CHUNK = 16 * 1024
# Below this many inflated bytes a member's ratio is not judged: small XML parts
# of repetitive markup (5,000 headings: 1 MB at 200x) legitimately compress very well.
RATIO_FLOOR = 4 * 1024 * 1024  # a bomb still trips here, long before the 64 MB total cap

_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError,
               KeyError, struct.error, OverflowError, IndexError)


def _eocd_entries(data: bytes) -> int | None:
    """Member count announced by the end-of-central-directory record, read before zipfile parses anything."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if pos < 0 or pos + 22 > len(data):
        return None
    total = struct.unpack_from("<H", data, pos + 10)[0]
    return None if total == 0xFFFF else total  # 0xFFFF: zip64, count lives elsewhere


class SafeZip:
    """Read members of an in-memory zip under limits on members, inflated bytes and ratio."""

    def __init__(self, data: bytes, *, max_members: int = 2000, max_total_bytes: int = 64 * 1024 * 1024,
                 max_ratio: float = 200.0):
        self.max_members = max_members
        self.max_total = max_total_bytes
        self.max_ratio = max_ratio
        self.inflated = 0  # running total over every read, the only number trusted
        announced = _eocd_entries(data)
        if announced is not None and announced > max_members:
            raise self._too_many(announced)
        try:
            self._zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zf.infolist()
        except _ZIP_ERRORS:
            raise ReadError("unreadable", f"文件已损坏：ZIP 结构无法解析（可能传输不完整）。{REPAIR_HINT}。") from None
        if len(infos) > max_members:
            raise self._too_many(len(infos))
        self._infos = {i.filename: i for i in infos}
        self._lower = {name.lower(): name for name in self._infos}

    def _too_many(self, count: int) -> ReadError:
        return ReadError(
            "unreadable",
            f"文件内部包含 {count} 个组成部分，超过上限 {self.max_members}（正常 Word 文档只有几十个），"
            f"可能已损坏或被恶意构造。{REPAIR_HINT}；如确为正常文件，可在 jlt.yaml 的 limits.max_zip_members 中调高上限。",
        )

    def names(self) -> list[str]:
        return list(self._infos)

    def find(self, name: str) -> str | None:
        """The stored member name matching ``name`` (exact, else case-insensitive), or None."""
        if name in self._infos:
            return name
        return self._lower.get(name.lower())

    def read(self, name: str, limit: int | None = None) -> bytes:
        """Inflate one member, counting real output against the limits.

        With ``limit``, stop after that many bytes (a picture's header): no CRC check then.
        """
        stored = self.find(name)
        if stored is None:
            raise KeyError(name)
        info = self._infos[stored]
        if info.flag_bits & 0x1:
            raise ReadError("unreadable", "文件内容已加密，无法读取。请去除密码后重新提交。")
        out = bytearray()
        compressed = max(info.compress_size, 1)
        try:
            with self._zf.open(info) as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    self.inflated += len(chunk)
                    if self.inflated > self.max_total:
                        raise self._bomb(f"解压后超过 {self.max_total // (1024 * 1024)} MB 上限",
                                         "limits.max_docx_uncompressed_mb")
                    # judge the ratio on the compressed bytes consumed so far, not the whole member:
                    # a bomb is then stopped after ~RATIO_FLOOR bytes whatever its total size
                    consumed = compressed - getattr(fh, "_compress_left", 0) - len(
                        getattr(getattr(fh, "_decompressor", None), "unconsumed_tail", b"") or b"")
                    if len(out) > RATIO_FLOOR and len(out) / max(consumed, 1) > self.max_ratio:
                        raise self._bomb(f"“{stored}”的压缩比超过 {self.max_ratio:g} 倍", "limits.max_zip_ratio")
                    if limit is not None and len(out) >= limit:
                        return bytes(out[:limit])
        except ReadError:
            raise
        except _ZIP_ERRORS:
            raise ReadError(
                "unreadable", f"文件已损坏：内部的“{stored}”无法解压（数据不完整或校验失败）。{REPAIR_HINT}。"
            ) from None
        return bytes(out)

    def _bomb(self, what: str, key: str) -> ReadError:
        return ReadError(
            "unreadable",
            f"文件解压后的体积异常（{what}），疑似“压缩炸弹”或已损坏，已停止读取。{REPAIR_HINT}；"
            f"如确为正常的大文件，可在 jlt.yaml 的 {key} 中调高上限。",
        )

    def close(self) -> None:
        self._zf.close()


def open_zip(data: bytes, config) -> SafeZip:
    """A SafeZip with the limits from ``config`` (limits.max_zip_members, max_docx_uncompressed_mb, max_zip_ratio)."""
    return SafeZip(
        data,
        max_members=int(config.get("limits", "max_zip_members")),
        max_total_bytes=int(float(config.get("limits", "max_docx_uncompressed_mb")) * 1024 * 1024),
        max_ratio=float(config.get("limits", "max_zip_ratio")),
    )
