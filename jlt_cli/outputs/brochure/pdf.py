"""HTML → PDF with WeasyPrint, fetching nothing but the files jlt prepared itself.

WeasyPrint's default fetcher would embed ``/etc/passwd`` through ``<link rel=attachment>`` and
follow http(s) links; ours serves only regular files below the folders (and the single font
files) jlt hands it, and refuses every other URL: other ``file:`` paths, network, ``data:``.
"""

from __future__ import annotations

import mimetypes
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

_FONT_CONFIG = None


def font_configuration():
    """One FontConfiguration per process: a new one per document grows memory (248 MB → 1 GB over 10)."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


class SafeFetcher(URLFetcher):
    """Serves ``file:`` URLs inside ``roots`` (or equal to one of ``files``); refuses everything else."""

    def __init__(self, roots: list[Path], files: list[Path] | None = None) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)
        self.roots = [Path(os.path.realpath(r)) for r in roots]
        self.files = {Path(os.path.realpath(f)) for f in files or []}
        self.refused: list[str] = []
        self.served: list[str] = []

    def allows(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        real = Path(os.path.realpath(unquote(parts.path)))
        if not real.is_file():
            return None
        if real in self.files or any(real.is_relative_to(root) for root in self.roots):
            return real
        return None

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:  # type: ignore[override]
        path = self.allows(url)
        if path is None:
            self.refused.append(url if len(url) < 200 else url[:200] + "…")
            raise ValueError(f"jlt refuses to fetch {url[:200]!r}: only files jlt prepared are allowed")
        self.served.append(str(path))
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix.lower() == ".css":
            ctype = "text/css"
        headers = {"Content-Type": f"{ctype}; charset=utf-8" if ctype == "text/css" else ctype}
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers)


@dataclass
class RenderResult:
    pages: int
    refused: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def write_pdf(html: str, base_dir: Path, target, fetcher: SafeFetcher, *, title: str, author: str) -> RenderResult:
    """Render ``html`` (its relative URLs resolved against ``base_dir``) into ``target`` (path or file)."""
    from weasyprint import HTML

    from jlt_cli.outputs.brochure.justify import cjk_justification

    fonts = font_configuration()
    doc_html = HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher)
    # Justification is counted during layout and applied when glyphs are drawn: both inside.
    t0 = time.perf_counter()
    with cjk_justification():
        document = doc_html.render(font_config=fonts)
        t1 = time.perf_counter()
        document.metadata.title = title
        document.metadata.authors = [author] if author else []
        document.metadata.lang = "zh-CN"
        document.metadata.attachments = []  # nothing rides along in the PDF
        document.write_pdf(target)
    t2 = time.perf_counter()
    return RenderResult(len(document.pages), list(fetcher.refused), {"render": t1 - t0, "write": t2 - t1})
