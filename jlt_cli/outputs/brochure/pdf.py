"""HTML → PDF with WeasyPrint, fetching nothing but the files jlt prepared itself.

WeasyPrint's default fetcher would embed ``/etc/passwd`` through ``<link rel=attachment>`` and
follow http(s) links; ours serves only regular files below the folders (and the single font
files) jlt hands it, and refuses every other URL: other ``file:`` paths, network, ``data:``.
"""

from __future__ import annotations

import mimetypes
import os
import re
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
    # Case anchors set tighter so that their last few lines moved back a page (anchor → level).
    pulled_back: dict[str, int] = field(default_factory=dict)
    # Cases that still end with a page of only a few lines (anchor → lines on that page).
    spills: dict[str, int] = field(default_factory=dict)


# The levels brochure.css defines for .case[data-fit], loosest first.
FIT_LEVELS = (1, 2)

# jlt's case template writes each case as <article class="case" id="case-N">; articles do not nest and case
# text is escaped, so an article runs to the next </article>. (A template override without them: no pull-back.)
# (A tag's attributes stop at the next < and an article's body at the next <article: linear on any text.)
_ARTICLE_OPEN = re.compile(r"<article\b([^<>]*)>")
_ARTICLE = re.compile(r'<article\b[^<>]*?\bid="(case-\d+)"[^<>]*>(?:(?!<article\b).)*?</article>', re.S)
_ID = re.compile(r'\bid="([^"]*)"')


def case_spills(document, max_lines: int) -> dict[str, int]:
    """Cases (by their ``case-N`` anchor) whose last page holds at most ``max_lines`` lines of them.

    Read from WeasyPrint's laid-out boxes: a case is an ``<article id="case-N">``; its lines are the line
    boxes inside it, counted by their position on each page (a picture counts as the line it sits on).
    """
    from weasyprint.formatting_structure import boxes

    lines: dict[str, dict[int, set[float]]] = {}

    def walk(box, anchor: str | None, page: int) -> None:
        if isinstance(box, boxes.LineBox):
            if anchor:
                lines.setdefault(anchor, {}).setdefault(page, set()).add(round(box.position_y, 1))
            return
        element = getattr(box, "element", None)
        if getattr(box, "element_tag", None) == "article" and element is not None:
            ident = element.get("id") or ""
            if ident.startswith("case-"):
                anchor = ident
        for child in getattr(box, "children", None) or ():
            walk(child, anchor, page)

    for number, page in enumerate(document.pages):
        for child in page._page_box.children:  # the page's flow; margin boxes (header, number) carry no case
            walk(child, None, number)
    spills = {}
    for anchor, per_page in lines.items():
        if len(per_page) > 1:
            last = per_page[max(per_page)]
            if len(last) <= max_lines:
                spills[anchor] = len(last)
    return spills


def with_fit(html: str, levels: dict[str, int]) -> str:
    """``html`` with ``data-fit`` set on the cases in ``levels``, in one pass over the text."""
    if not levels:
        return html

    def mark(m: re.Match) -> str:
        ident = _ID.search(m.group(1))
        level = levels.get(ident.group(1)) if ident else None
        return m.group(0) if level is None else f'<article data-fit="{level}"{m.group(1)}>'

    return _ARTICLE_OPEN.sub(mark, html)


def probe_html(html: str, anchors: set[str], level: int) -> tuple[str, set[str]]:
    """The book's head with only the cases ``anchors``, set at ``level``: what their pages would hold.

    Every case starts on a new page and both page sides have the same measure, so a case alone breaks its
    lines and pages exactly as it does in the book. Also returns the anchors found."""
    head_end = html.find(">", html.find("<body")) + 1
    cases = {m.group(1): m.group(0) for m in _ARTICLE.finditer(html) if m.group(1) in anchors}
    body = with_fit("".join(cases.values()), dict.fromkeys(cases, level))
    return html[:head_end] + '<main class="body">' + body + "</main></body></html>", set(cases)


def write_pdf(
    html: str, base_dir: Path, target, fetcher: SafeFetcher, *, title: str, author: str, pull_back_lines: int = 0,
) -> RenderResult:
    """Render ``html`` (its relative URLs resolved against ``base_dir``) into ``target`` (path or file).

    With ``pull_back_lines`` > 0, a case whose last page would hold that many lines or fewer is set tighter:
    the book is rendered once, the cases that spill are tried at each level on a small probe document holding
    only them, and the book is rendered once more with the loosest level that fits each (a case that fits at
    no level keeps the house setting and is reported). Two renders of the book at most, plus the probes.
    """
    from weasyprint import HTML

    from jlt_cli.outputs.brochure.justify import cjk_justification

    fonts = font_configuration()
    base_url = base_dir.as_uri() + "/"

    def render(text: str):
        return HTML(string=text, base_url=base_url, url_fetcher=fetcher).render(font_config=fonts)

    levels: dict[str, int] = {}
    # Justification is counted during layout and applied when glyphs are drawn: both inside.
    t0 = time.perf_counter()
    with cjk_justification():
        document = render(html)
        spills = case_spills(document, pull_back_lines) if pull_back_lines > 0 else {}
        if spills:
            remaining = set(spills)
            for level in FIT_LEVELS:
                probe, found = probe_html(html, remaining, level)
                still = set(case_spills(render(probe), pull_back_lines)) & found
                levels.update(dict.fromkeys(found - still, level))
                remaining = still
                if not remaining:
                    break
            if levels:
                del document  # one laid-out book in memory at a time
                document = render(with_fit(html, levels))
                spills = case_spills(document, pull_back_lines)
        t1 = time.perf_counter()
        document.metadata.title = title
        document.metadata.authors = [author] if author else []
        document.metadata.lang = "zh-CN"
        document.metadata.attachments = []  # nothing rides along in the PDF
        document.write_pdf(target)
    t2 = time.perf_counter()
    return RenderResult(
        len(document.pages), list(fetcher.refused), {"render": t1 - t0, "write": t2 - t1},
        pulled_back={a: lv for a, lv in levels.items() if a not in spills}, spills=spills,
    )
