"""Picture checks shared by the readers: read the header only, never decode pixels.

``inspect_image`` answers "can the brochure use this picture?" from its header:
an Image with width/height/content_type, or a Chinese reason why it is dropped.
"""

from __future__ import annotations

import io
import warnings
from pathlib import PurePosixPath

from jlt_cli.model import Image

# Formats the brochure can place. Restricting Pillow to these also keeps exotic parsers away from untrusted bytes.
FORMATS = ["JPEG", "PNG", "GIF", "BMP", "TIFF", "WEBP"]
MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "BMP": "image/bmp",
        "TIFF": "image/tiff", "WEBP": "image/webp"}
VECTOR_SUFFIXES = {".emf", ".wmf", ".emz", ".wmz"}
MAX_SIDE = 65535  # beyond what any camera or scanner produces

_pil = None


def _pillow():
    global _pil
    if _pil is None:
        from PIL import Image as PILImage

        _pil = PILImage
    return _pil


def _is_vector(data: bytes, suffix: str) -> bool:
    if suffix in VECTOR_SUFFIXES:
        return True
    # EMF: record type 1 then " EMF" signature at offset 40; WMF placeable header D7CDC69A
    return data[:4] == b"\xd7\xcd\xc6\x9a" or (data[:4] == b"\x01\x00\x00\x00" and data[40:44] == b" EMF")


def inspect_image(data: bytes, name: str, config) -> Image | str:
    """Header check of one picture: an Image (data not attached) or the reason, in Chinese, for dropping it."""
    suffix = PurePosixPath(name).suffix.lower()
    if not data:
        return "是空文件（0 字节），请重新插入该图片"
    if _is_vector(data, suffix):
        return "是 EMF/WMF 矢量图，汇编无法排版此类图片，请改用 JPG 或 PNG 格式的图片重新插入"
    if suffix == ".svg" or data.lstrip()[:5] in (b"<?xml", b"<svg ", b"<svg"):
        return "是 SVG 矢量图，汇编无法排版此类图片，请改用 JPG 或 PNG 格式的图片重新插入"
    max_pixels = int(config.get("limits", "max_image_pixels"))
    pil = _pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: we apply our own limit below
            with pil.open(io.BytesIO(data), formats=FORMATS) as im:  # lazy: parses the header only
                fmt = im.format or ""
                width, height = im.size
    except pil.DecompressionBombError:
        return f"像素数过大（超过 {max_pixels:,} 像素），疑似异常文件，请把图片缩小（如长边 3000 像素以内）后重新插入"
    except pil.UnidentifiedImageError:
        return "无法识别（文件已损坏或不是常见图片格式），请改用 JPG 或 PNG 格式的图片重新插入"
    except Exception:  # noqa: BLE001 - any parser failure on hostile bytes means "drop it"
        return "已损坏，无法读取，请改用 JPG 或 PNG 格式的图片重新插入"
    if width <= 0 or height <= 0 or width > MAX_SIDE or height > MAX_SIDE:
        return f"尺寸异常（{width}×{height} 像素），文件可能已损坏，请重新插入该图片"
    if width * height > max_pixels:
        return (f"像素数过大（{width}×{height}，超过上限 {max_pixels:,} 像素），"
                f"请把图片缩小（如长边 3000 像素以内）后重新插入；或在 jlt.yaml 的 limits.max_image_pixels 中调高上限")
    return Image(name=PurePosixPath(name).name, content_type=MIME.get(fmt, ""), width=width, height=height)
