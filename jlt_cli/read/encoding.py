"""Turn the bytes of a text submission (Markdown, plain text) into a str.

Units in the district save text files from Notepad, WPS and WeChat: UTF-8 with or
without BOM, UTF-16 with BOM, and GBK/GB18030 are all common. The order of attempts
matters: a BOM is authoritative; strict UTF-8 almost never succeeds by accident on
GBK bytes, whereas GB18030 accepts much UTF-8, so UTF-8 goes first; a statistical
guess comes last because it is the least reliable on short Chinese texts.
"""

from __future__ import annotations

import codecs
import re

from jlt_cli.base.text import drop_invisible
from jlt_cli.model import ReadError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WITH_BOM = {"utf-32-le": "utf-32", "utf-32-be": "utf-32", "utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}

UNREADABLE_MESSAGE = (
    "无法识别文件的文字编码（不是 UTF-8、GBK 或带 BOM 的 UTF-16），读出来会是乱码。"
    "请用记事本或 WPS 打开后“另存为”，编码选择 UTF-8，再重新提交。"
)


MOJIBAKE_MESSAGE = (
    "文件内容是乱码：中文（UTF-8）被当作西文编码打开后又保存了，例如“æ¸­æ²±é•‡”。无法可靠还原。"
    "请从原始文件重新导出（Word/WPS 另存为 .docx，或记事本另存为 UTF-8）后重新提交。"
)
_LATIN_MOJIBAKE = re.compile(r"[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _check_mojibake(text: str) -> str:
    """Raise ReadError when Chinese UTF-8 was once decoded as Windows-1252 and saved again."""
    sample = "".join(text[:20000].split())
    if len(sample) >= 20 and len(_CJK.findall(sample)) * 20 < len(sample):
        if len(_LATIN_MOJIBAKE.findall(sample)) * 5 >= len(sample):
            raise ReadError("unreadable", MOJIBAKE_MESSAGE)
    return text


def _normalise_newlines(text: str) -> str:
    return drop_invisible(text.replace("\r\n", "\n").replace("\r", "\n"))


def detect(data: bytes) -> tuple[str, str]:
    """The text exactly as stored (newlines untouched) and the codec to write it back with.

    See the module doc for the order of attempts. Raises ReadError("unreadable") when no encoding fits.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                # writing back with the codec that adds the BOM keeps the file as its author saved it
                return data[len(bom):].decode(encoding), _WITH_BOM[encoding]
            except UnicodeDecodeError:
                # A BOM followed by bytes that do not fit it: damaged, guessing would give mojibake.
                raise ReadError("unreadable", UNREADABLE_MESSAGE) from None
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _check_mojibake(text)
        return text, encoding
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - detection failing is the same as "no idea"
        best = None
    if best is None:
        raise ReadError("unreadable", UNREADABLE_MESSAGE)
    return str(best).lstrip("\ufeff"), best.encoding


def decode_text(data: bytes) -> str:
    """The text of a submission for reading: decoded, newlines as ``\\n``, invisible characters dropped."""
    return _normalise_newlines(detect(data)[0])
