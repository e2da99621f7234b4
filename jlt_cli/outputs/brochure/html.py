"""The brochure as one HTML document: Jinja2 templates filled from a Selection and the config.

Case text is data: autoescaping is on for every template, blocks are rendered from plain text
(never raw HTML), and ``{{ 7*7 }}`` in a case is just characters — Jinja2 does not evaluate
values it substitutes.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from jlt_cli.config import Config
from jlt_cli.understand.body import is_contact_line
from jlt_cli.understand.punctuation import apply_fixes, find_punctuation
from jlt_cli.base.numerals import ordinal_label
from jlt_cli.model import Block, BlockKind, Case
from jlt_cli.outputs.selection import Selection
from jlt_cli.understand.units import NO_UNIT_SHOWN, UnitNames, unit_order

TEMPLATE_NAMES = ("brochure.html.j2", "case.html.j2", "brochure.css")


def templates_dir() -> Path:
    """The shipped templates: the source tree's top-level ``templates/`` (checkout, editable
    install) or ``jlt_cli/templates`` inside an installed wheel (pyproject maps one to the other)."""
    here = Path(__file__).resolve()
    package = here.parents[2]  # .../jlt_cli
    import site

    candidates = [
        package / "templates",
        package.parent / "templates",  # source checkout and editable install
        Path(sys.prefix) / "share" / "jlt" / "templates",  # wheel: [tool.setuptools.data-files]
        Path(site.getuserbase()) / "share" / "jlt" / "templates",  # pip install --user
    ]
    for cand in candidates:
        if (cand / "brochure.html.j2").is_file():
            return cand
    raise FileNotFoundError("找不到 jlt 自带的汇编模板（templates/brochure.html.j2），安装可能不完整。")


def make_environment(user_dir: Path | None = None) -> Environment:
    loaders = []
    if user_dir is not None:
        loaders.append(FileSystemLoader(str(user_dir)))
    loaders.append(FileSystemLoader(str(templates_dir())))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its extension
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cn_number"] = ordinal_label
    env.filters["no_lone_char"] = no_lone_char
    env.filters["toc_title"] = toc_title
    return env


# closing punctuation that may not start a line anyway; it rides along with the last characters
_TRAILING = set("。，、；：？！…—”’）》」』】〕〉.,;:?!)]\"'")


def no_lone_char(text: str, keep: int = 2) -> Markup:
    """Escape ``text`` and bind its last ``keep`` characters (with closing punctuation) so they break together.

    Chinese typesetting avoids a paragraph whose last line holds a single character (孤字);
    WeasyPrint has no such control, so the tail goes in an unbreakable span.
    """
    body = text.rstrip()
    end = len(body)
    while end and body[end - 1] in _TRAILING:
        end -= 1
    start = end
    while start > 0 and end - start < keep and not body[start - 1].isspace():
        start -= 1
    if start == 0 or end - start < keep:
        return escape(text)
    return Markup("{}<span class=\"nobr\">{}</span>").format(body[:start], body[start:])


def toc_title(text: str, keep: int = 2) -> Markup:
    """A 目录 title whose last ``keep`` characters (with closing punctuation, across a space) are bound to its dot
    leader (``.toc-tail`` in brochure.css): a wrapped title never leaves one character, nor the dots, alone on
    its last line."""
    body = " ".join(text.split())
    end = len(body)
    while end and body[end - 1] in _TRAILING:
        end -= 1
    start, seen = end, 0
    while start > 0 and seen < keep:
        start -= 1
        seen += not body[start].isspace()
    return Markup('{}<span class="toc-tail">{}</span>').format(body[:start], body[start:])


@dataclass
class BlockView:
    kind: str  # heading / para / table / figure
    text: str = ""
    bold: bool = False
    rows: list[list[str]] = field(default_factory=list)
    src: str = ""
    caption: str = ""
    width_pct: int = 100
    # list items (Markdown): how deep, and whether a bullet leads the paragraph. Numbered items at the top
    # level stay ordinary paragraphs, as 1. 2. 3. are set in Chinese official documents.
    depth: int = 0
    bullet: bool = False


@dataclass
class SectionView:
    number: str
    name: str
    blocks: list[BlockView]


@dataclass
class CaseView:
    anchor: str
    title: str
    unit: str
    path: str
    sections: list[SectionView]
    title_lines: list[str] = field(default_factory=list)
    subtitle: str = ""


_OPENERS = "“‘《（【〈「"
_CLOSERS = "”’》）】〉」，、：；"


def title_lines(title: str, max_chars: int) -> list[str]:
    """A display title broken where a reader would break it: at its spaces, else between phrases
    (never inside quotes), the two lines as even as possible. Only the layout changes, not the text."""
    title = " ".join(title.split())
    if len(title) <= max_chars:
        return [title]
    if " " in title or "\u3000" in title:
        parts = [p for p in re.split(r"[ \u3000]+", title) if p]
        # each part a phrase of its own (not a lone emoji or “5G”)
        if all(len(p) <= max_chars and len(re.findall(r"[\u4e00-\u9fff]", p)) >= 4 for p in parts):
            return parts
    best: tuple[int, int] | None = None
    depth = 0
    for i, ch in enumerate(title[:-1], 1):
        depth += (ch in _OPENERS) - (ch in "”’》）】〉」")
        nxt = title[i]
        # never start a line with a particle that leans on the words before it (“家门口”的…)
        if depth == 0 and (ch in _CLOSERS or nxt in _OPENERS) and nxt not in _CLOSERS and nxt not in "的之地得了着和与及":
            left, right = i, len(title) - i
            if left <= max_chars and right <= max_chars:
                score = abs(left - right)
                if best is None or score < best[0]:
                    best = (score, i)
    halves = [title[: best[1]], title[best[1]:]] if best else []
    if best is None or min(best[1], len(title) - best[1]) * 3 < len(title) \
            or any(len(re.findall(r"[\u4e00-\u9fff]", h)) < 4 for h in halves):
        # no phrase boundary near the middle: break between two words near it, so that no line holds only
        # a word or two (…融入 / 城市); the dictionary says where words end
        at = _word_break_near_middle(title, max_chars)
        return [title[:at], title[at:]] if at else [title]
    return halves


def _word_break_near_middle(title: str, max_chars: int) -> int | None:
    """The place nearest the middle of ``title`` (within a fifth of it) between two words as jieba segments
    them (志愿服务|助力, not 志愿|服务), outside quotes, where both lines fit; None when there is none."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on the console
    ends, at = set(), 0
    for word in jieba.cut(title, HMM=False):
        at += len(word)
        ends.add(at)
    depth = [0]
    for ch in title:
        depth.append(depth[-1] + (ch in _OPENERS) - (ch in "”’》）】〉」"))
    middle, reach = len(title) / 2, max(2, len(title) // 5)
    fits = [i for i in sorted(ends) if 0 < i < len(title) and not depth[i] and abs(i - middle) <= reach
            and i <= max_chars and len(title) - i <= max_chars
            and title[i] not in _CLOSERS and title[i] not in "的之地得了着和与及" and title[i - 1] not in _OPENERS]
    dash = title.find("——")
    if 0 < dash <= max_chars and len(title) - dash <= max_chars:
        return dash  # a subtitle's dash begins the second line wherever it stands
    return min(fits, key=lambda i: (abs(i - middle), -i)) if fits else None  # a tie: the longer line first


@dataclass
class ChapterView:
    anchor: str
    number: str
    title: str
    cases: list[CaseView]


# A picture gets an URL (relative to the assets folder) or None when it was dropped.
ImageHook = Callable[[Case, Block, int], "tuple[str, int, int] | None"]


def case_view(case: Case, index: int, config: Config, image_hook: ImageHook) -> CaseView:
    sections = []
    order = {k: i for i, k in enumerate(config.part_keys)}
    present = sorted((s for s in case.sections if s.key in order), key=lambda s: order[s.key])
    for n, section in enumerate(present, 1):
        views: list[BlockView] = []
        for block in section.blocks:
            if is_contact_line(block, case, config):
                continue  # the one body filter (understand.body): header and contact lines never print
            text = print_text(block.display_text)
            if block.kind is BlockKind.HEADING:
                if text:
                    views.append(BlockView("heading", text))
            elif block.kind is BlockKind.PARAGRAPH:
                if text:
                    listed = block.style.startswith("list") and (block.style == "list-bullet" or (block.level or 1) > 1)
                    views.append(BlockView("para", text, bold=block.bold, depth=(block.level or 1) if listed else 0,
                                           bullet=block.style == "list-bullet"))
            elif block.kind is BlockKind.TABLE:
                rows = [[print_text(str(c)) for c in r] for r in (block.rows or []) if any(str(c).strip() for c in r)]
                if rows:
                    width = max(len(r) for r in rows)
                    views.append(BlockView("table", rows=[r + [""] * (width - len(r)) for r in rows]))
            elif block.kind is BlockKind.IMAGE and block.image is not None:
                got = image_hook(case, block, len(views))
                if got:
                    src, w, h = got
                    pct = figure_width_pct(w, h)
                    views.append(BlockView("figure", src=src, caption=(block.image.caption or "").strip(), width_pct=pct))
        sections.append(SectionView(ordinal_label(n), section.name or config.part_name(section.key), views))
    title = printed_title(case)
    main, dash, sub = title.partition("——")
    if not main.strip():  # a title that starts with —— has no subtitle to split off
        main, dash, sub = title, "", ""
    return CaseView(
        anchor=f"case-{index}",
        title=title,
        unit=case.unit.strip(),
        path=case.display_path,
        sections=sections,
        title_lines=title_lines(main.strip(), 18),
        subtitle=f"——{sub.strip()}" if dash and sub.strip() else "",
    )


@dataclass
class BrochureContext:
    title: str
    title_lines: list[str]
    subtitle: str
    issuer: str
    date: str
    lang: str
    paper: str  # a CSS page size: A4 or A5 (see paper_for)
    font_css: str
    stylesheet: str  # URL of brochure.css
    preface_html: str
    chapters: list[ChapterView]
    units: list[tuple[str, list[str]]]
    counts: list[tuple[str, int]]
    total: int
    chart: str = ""  # URL of the appendix's statistics chart (SVG), "" for none
    paper_css: str = ""  # URL of the stylesheet that adapts brochure.css to the paper, "" for none (A4)


def build_context(
    selection: Selection, config: Config, *, font_css: str, stylesheet: str, preface_html: str, image_hook: ImageHook
) -> BrochureContext:
    chapters: list[ChapterView] = []
    index = 0
    listed: list[tuple[str, str]] = []  # (unit as written, title as printed), in chapter order
    for n, ch in enumerate((c for c in selection.chapters if c.cases), 1):
        views = []
        for case in ch.cases:
            index += 1
            view = case_view(case, index, config, image_hook)
            views.append(view)
            listed.append((view.unit, view.title))
        chapters.append(ChapterView(f"chapter-{n}", ordinal_label(n), ch.title, views))
    counts = [(ch.title, len(ch.cases)) for ch in selection.chapters]
    b = lambda key, default="": str(config.get("brochure", key) or default)  # noqa: E731
    return BrochureContext(
        title=b("title", "案例汇编"),
        title_lines=title_lines(b("title", "案例汇编"), 14),
        subtitle=b("subtitle"),
        issuer=b("issuer"),
        date=b("date"),
        lang="zh-CN",
        paper=b("paper", "A4"),
        font_css=font_css,
        stylesheet=stylesheet,
        preface_html=preface_html,
        chapters=chapters,
        units=appendix_units(listed, config),
        counts=counts,
        total=sum(n for _, n in counts),
    )


# Full-width digits and Latin letters (５２００, ＡＰＰ) print half-width, as GB/T 15835 sets numbers.
_HALF_WIDTH = {code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
# Spaces (also no-break and ideographic ones, and line breaks from text pasted off the web) between two
# Chinese characters or punctuation marks: “占 比约61%” → “占比约61%”. Between Latin words they stay.
_CJK_CHAR = r"[\u3000-\u303f\u3400-\u9fff\uff01-\uff0f\uff1a-\uff20\u2018-\u201d\u2026\u2014]"
_GAP_IN_CHINESE = re.compile(rf"(?<={_CJK_CHAR})[ \t\n\u00a0\u2002-\u200a\u3000]+(?={_CJK_CHAR})")


_BESIDE_FULL_MARK = re.compile(r"(?<=[，。；：！？、])[ \u00a0]+|(?<![ \u00a0])[ \u00a0]+(?=[，。；：！？、])")


def print_text(text: str) -> str:
    """Text as the brochure prints it: the same words, without stray spaces inside Chinese or full-width digits.

    Only the printed copy changes; checks and `jlt show` see the text as written.
    """
    text = _GAP_IN_CHINESE.sub("", text.strip().translate(_HALF_WIDTH))
    text = re.sub(r"[ \t\n\u00a0\u2002-\u200a]+", " ", text)
    # half-width punctuation in Chinese (a warning, so the case is printed): the same safe fixes as jlt fix
    issues = find_punctuation(text)
    if issues:
        text = apply_fixes(text, issues)
    # full-width marks carry their own space: none beside them (“网络， 3.5 万人”)
    return _BESIDE_FULL_MARK.sub("", text)


def printed_title(case: Case) -> str:
    """A case's title as every brochure prints it (PDF, HTML, Word, their 目录 and appendix): one line, the safe
    punctuation fixes of jlt fix; the space between a title's two phrases stays (it is how titles are set)."""
    title = " ".join((case.title.strip() or Path(case.display_path).stem).split())
    issues = find_punctuation(title)
    return apply_fixes(title, issues) if issues else title


def appendix_units(listed: list[tuple[str, str]], config: Config) -> list[tuple[str, list[str]]]:
    """The appendix's 案例报送单位一览: one row per unit under its one name, with its titles, in the call's order
    (district bodies, 街道, 镇, universities), as the chapters are; a school right after the town it
    names, the rest after the call's units."""
    names = UnitNames(config)
    titles: dict[str, list[str]] = {}
    for unit, title in listed:
        titles.setdefault(names.key(unit), []).append(title)
    rows = [(names.name(k) or NO_UNIT_SHOWN, t) for k, t in titles.items()]
    return sorted(rows, key=lambda row: (row[0] == NO_UNIT_SHOWN, unit_order(row[0], config)))


def figure_width_pct(width: int, height: int) -> int:
    """Portrait pictures narrower so that one does not fill a whole page."""
    return 100 if width >= height else max(45, min(100, int(100 * width / max(height, 1) * 1.1)))


def render_preface(path: Path) -> str:
    """The 前言 Markdown as HTML; raw HTML in it is shown as text, never passed through."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
    text = path.read_text(encoding="utf-8-sig")
    # the page already says 前 言: a first heading that only repeats it (# 前言) is not printed twice
    text = re.sub(r"\A\s*#{1,2}\s*(前\s*言|序\s*言|序)\s*#*\s*\n", "", text)
    return md.render(text)


def render_html(env: Environment, ctx: BrochureContext) -> str:
    return squeeze_punctuation(env.get_template("brochure.html.j2").render(b=ctx))


# 标点挤压 (W3C clreq, CSS text-spacing-trim): two adjacent full-width marks never leave a whole em of blank
# between them. In a Simplified-Chinese font a closing mark (，。）” …) sits in the left half of its em and an
# opening one (“（《 …) in the right half; the font's `halt` feature sets a mark in half an em. So a closing mark
# followed by any mark is set half-width (，“ → 1.5 em), and an opening mark that follows an opening mark is
# (“《: the blank between them goes, not the one before the pair). Only these pairs: `halt` on every mark would
# halve lone marks too, and the font's `chws` is not applied by WeasyPrint. The text stays the same characters.
CLOSING_MARKS = "，。、；：？！）】》」』〉〕”’"
OPENING_MARKS = "“‘（【《「『〈〔"
_SQUEEZED = re.compile(f"[{CLOSING_MARKS}](?=[{CLOSING_MARKS}{OPENING_MARKS}])|(?<=[{OPENING_MARKS}])[{OPENING_MARKS}]")
# A tag ends at the first > and neither a tag nor a comment spans another <: linear however many < a line
# holds (a comment with a < inside is then read as pieces, which squeezing leaves alone all the same).
_TAG = re.compile(r"(<!--(?:[^<-]|-(?!->))*-->|<[^<>]*>)")
_RAW_TEXT = re.compile(r"<(head|style|script|title|textarea)\b", re.I)
# tags a pair of marks may straddle (“好<span class="nobr">。”</span>): text on both sides is one run of a line
_INLINE_TAG = re.compile(r"</?(span|a|b|strong|em|i|u|code|small|sub|sup)\b", re.I)
SQUEEZE_CLASS = "squeeze"


def _squeezed(mark: str) -> str:
    return f'<span class="{SQUEEZE_CLASS}">{mark}</span>'


def squeeze_punctuation(html: str) -> str:
    """``html`` with each mark to be set half-width (see above) in ``<span class="squeeze">``; tags, attributes
    and the head untouched. The templates escape every value, so a ``<`` in the text is always ``&lt;``."""
    parts = _TAG.split(html)  # text, tag, text, tag, …, text
    texts = [""] * len(parts)  # the text parts that are printed (not inside <head>, <style> …)
    closing: str | None = None  # inside <head>/<style>/…: the end tag that leaves it
    for n, part in enumerate(parts):
        if n % 2:
            if closing is None:
                m = _RAW_TEXT.match(part)
                closing = f"</{m.group(1).lower()}" if m else None
            elif part.lower().startswith(closing):
                closing = None
        elif closing is None:
            texts[n] = part

    def neighbour(n: int, step: int) -> str:
        """The character printed next to text part ``n`` (step +1: after it, -1: before), across inline tags only."""
        n += step
        while 0 <= n < len(parts):
            if n % 2 and not _INLINE_TAG.match(parts[n]):
                return ""
            if not n % 2 and texts[n]:
                return texts[n][0] if step > 0 else texts[n][-1]
            n += step
        return ""

    for n in range(0, len(parts), 2):
        text = texts[n]
        if not text or not any(c in CLOSING_MARKS or c in OPENING_MARKS for c in text):
            continue
        head, body, tail = "", text, ""
        if body[0] in OPENING_MARKS and neighbour(n, -1) in tuple(OPENING_MARKS):
            head, body = _squeezed(body[0]), body[1:]
        if body and body[-1] in CLOSING_MARKS and neighbour(n, +1) in tuple(CLOSING_MARKS + OPENING_MARKS):
            body, tail = body[:-1], _squeezed(body[-1])
        parts[n] = head + _SQUEEZED.sub(lambda m: _squeezed(m.group(0)), body) + tail
    return "".join(parts)


@dataclass(frozen=True)
class Paper:
    """A paper size the house style is laid out for: its CSS (added after brochure.css) and the measures
    pictures are printed at (to judge their resolution)."""

    name: str
    css: str  # file in the templates folder, "" for none (A4 is brochure.css itself)
    text_width_mm: float  # the type area's width
    picture_max_mm: float  # the tallest a picture is set (figure img max-height)


PAPERS = {
    "A4": Paper("A4", "", 153.2, 88.0),
    # A4's design scaled down (type 14 → 10.5 pt, 31 → 29 characters a line, margins ×0.7): paper-a5.css
    "A5": Paper("A5", "paper-a5.css", 107.5, 62.0),
}


class PaperError(ValueError):
    """``brochure.paper`` names a size the brochure is not laid out for; the message is for the user."""


def paper_for(value: str) -> Paper:
    """The Paper for ``brochure.paper`` (A4, a5 …); any other size (B5, Letter, 185mm 260mm) is refused: the
    cover, margins and type sizes are measured for these two, another page would overflow or look lost."""
    key = "".join(str(value or "").split()).upper()
    if key in PAPERS:
        return PAPERS[key]
    raise PaperError(
        f"纸张大小“{value}”不受支持：汇编的版式（封面、页边距、字号、图片大小）只为 A4 和 A5 设计。"
        f"请把配置文件中 brochure.paper 改为 A4 或 A5 后重新生成。"
    )
