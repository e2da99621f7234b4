"""Pictures reduced to print resolution before WeasyPrint embeds them.

WeasyPrint embeds photos as they come (50 cases × 3 photos of 2000×1500 px: an 87 MB PDF) and its
own ``optimize_images``/``dpi`` is 4× slower than shrinking first with Pillow's JPEG draft mode.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from jlt_cli.model import Image


@dataclass
class PreparedImage:
    filename: str  # relative to the assets folder
    width: int
    height: int


class ImageSkipped(Exception):
    """A picture that cannot go into the brochure; the message is for the user."""


def _has_alpha(im: PILImage.Image) -> bool:
    if im.mode in ("RGBA", "LA", "PA"):
        return im.getchannel("A").getextrema()[0] < 255
    return im.mode == "P" and "transparency" in im.info


def prepare_image(image: Image, dest: Path, stem: str, max_px: int, max_pixels: int | None = None) -> PreparedImage:
    """Write ``image`` into ``dest`` as ``stem``.jpg/.png, longest side ≤ max_px, upright."""
    if not image.data:
        raise ImageSkipped("图片数据缺失")
    if max_pixels:
        PILImage.MAX_IMAGE_PIXELS = max_pixels
    try:
        im = PILImage.open(io.BytesIO(image.data))
        if im.format == "JPEG":
            # Decode at a reduced scale straight away: far less work for big photos.
            im.draft("RGB", (max_px, max_px))
        im.load()
        im = ImageOps.exif_transpose(im)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as exc:
        raise ImageSkipped(f"无法识别的图片格式（{image.content_type or image.name}）") from exc
    if max(im.size) > max_px:
        im.thumbnail((max_px, max_px), PILImage.Resampling.LANCZOS)
    dest.mkdir(parents=True, exist_ok=True)
    if _has_alpha(im):
        im = im.convert("RGBA")
        name = f"{stem}.png"
        im.save(dest / name, "PNG", optimize=True)
    else:
        if im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        name = f"{stem}.jpg"
        im.save(dest / name, "JPEG", quality=85, optimize=True, progressive=False)
    return PreparedImage(name, im.width, im.height)
