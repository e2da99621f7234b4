"""The front of the Word brochure: cover, 前言 and the 目录 field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jlt_cli.base.numerals import ordinal_label
from jlt_cli.outputs.brochure.html import print_text, printed_title, title_lines
from jlt_cli.outputs.docx_brochure.blocks import add_body_paragraph, balanced_title
from jlt_cli.outputs.docx_brochure.page import MARGINS_MM, RED, ooxml_name, type_width_pt
from jlt_cli.outputs.word import add_run, set_east_asian_font, update_fields_on_open

if TYPE_CHECKING:
    from jlt_cli.config import Config
    from jlt_cli.outputs.selection import Selection

TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
TOC_HOW_TO = "目录尚未生成页码：在 Word 中右键单击此处，选“更新域”→“更新整个目录”；在 WPS 中点“引用”→“更新目录”。"


def add_cover(doc, config: "Config", fonts: dict[str, str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    title = str(config.get("brochure", "title") or "")
    p = doc.add_paragraph()  # not the Title style: python-docx's template draws a blue rule under it
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Mm(82 - MARGINS_MM["top"])
    p.paragraph_format.line_spacing = Pt(28 * 1.6)
    lines = title_lines(title, 14)
    for i, line in enumerate(lines):
        run = add_run(p, line, fonts["title"], size_pt=28, colour=RED)
        if i < len(lines) - 1:
            run.add_break()
    if len(lines) == 1:
        balanced_title(p, title, 28)
    subtitle = str(config.get("brochure", "subtitle") or "")
    if subtitle:
        sp = doc.add_paragraph()
        sp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sp.paragraph_format.space_before = Mm(20)
        add_run(sp, subtitle, fonts["kai"], size_pt=16)
    foot = [str(x) for x in (config.get("brochure", "issuer"), config.get("brochure", "date")) if x]
    for i, text in enumerate(foot):
        fp = doc.add_paragraph()
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fp.paragraph_format.line_spacing = Pt(32)
        if i == 0:
            fp.paragraph_format.space_before = Mm(95 if not subtitle else 75)
        add_run(fp, text, fonts["sans"], size_pt=16)


def add_front_title(doc, text: str, fonts: dict[str, str]) -> None:
    """前言 / 目录 heading: not a Heading style, so the 目录 does not list it (the PDF's does not)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.page_break_before = True
    p.paragraph_format.space_after = Mm(12)
    p.paragraph_format.line_spacing = Pt(32)
    add_run(p, text, fonts["title"], size_pt=22)


def add_preface(doc, config: "Config", fonts: dict[str, str]) -> bool:
    """The optional preface (brochure.preface, a Markdown file) as plain paragraphs."""
    path = config.preface_path
    if path is None:
        return False
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False  # the PDF build reports a missing preface; the Word copy just goes without
    add_front_title(doc, "前　言", fonts)
    for line in text.splitlines():
        line = line.strip().lstrip("#>").strip()
        if line:
            add_body_paragraph(doc, print_text(line), fonts["serif"])
    return True


def _toc_styles(doc, fonts: dict[str, str]) -> dict[int, str]:
    """Word's own “toc 1”/“toc 2” styles (Word and WPS use them when they update the 目录): dot leaders to a
    right tab at the margin, as the PDF's 目录."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Pt

    names = {}
    for level, (font, size, indent, before) in {1: ("sans", 14, 0, 10), 2: ("serif", 12, 2, 0)}.items():
        name = f"TOC {level}"
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            el = style.element
            el.attrib.pop(ooxml_name("w:customStyle"), None)
            el.find(ooxml_name("w:name")).set(ooxml_name("w:val"), f"toc {level}")  # the built-in name Word recognises
        style.base_style = doc.styles["Normal"]
        set_east_asian_font(style, fonts[font])
        style.font.size = Pt(size)
        fmt = style.paragraph_format
        fmt.left_indent = Pt(size * indent)
        fmt.right_indent = Pt(size * 2) if level == 2 else Pt(0)
        fmt.first_line_indent = Pt(0)
        fmt.space_before = Pt(before)
        fmt.line_spacing = Pt(21 if level == 2 else 24.5)
        fmt.tab_stops.add_tab_stop(Pt(type_width_pt()), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        names[level] = style.name
    return names


def add_toc(doc, fonts: dict[str, str], entries: list[tuple[int, str, int]] | None) -> None:
    """The TOC field; its result the entries with their page numbers, or one line saying how to fill it."""
    from docx.oxml import OxmlElement

    styles = _toc_styles(doc, fonts)

    def fld(p, kind: str, dirty: bool = False):
        el = OxmlElement("w:fldChar")
        el.set(ooxml_name("w:fldCharType"), kind)
        if dirty:
            el.set(ooxml_name("w:dirty"), "true")
        p.add_run()._r.append(el)

    if not entries:
        p = doc.add_paragraph()
        fld(p, "begin", dirty=True)
        instr = OxmlElement("w:instrText")
        instr.set(ooxml_name("xml:space"), "preserve")
        instr.text = f" {TOC_INSTRUCTION} "
        p.add_run()._r.append(instr)
        fld(p, "separate")
        add_run(p, TOC_HOW_TO, fonts["kai"], colour=(0x80, 0x80, 0x80))
        fld(p, "end")
        update_fields_on_open(doc)
        return
    for i, (level, text, page) in enumerate(entries):
        p = doc.add_paragraph(style=styles[min(level, 2)])
        if i == 0:
            fld(p, "begin")
            instr = OxmlElement("w:instrText")
            instr.set(ooxml_name("xml:space"), "preserve")
            instr.text = f" {TOC_INSTRUCTION} "
            p.add_run()._r.append(instr)
            fld(p, "separate")
        add_run(p, text, fonts["sans" if level == 1 else "serif"])
        p.add_run().add_tab()
        add_run(p, str(page), fonts["serif"])
        if i == len(entries) - 1:
            fld(p, "end")
    update_fields_on_open(doc, on=False)


# ---------------------------------------------------------------- the document


def toc_headings(selection: "Selection", config: "Config") -> list[tuple[int, str]]:
    """(level, text) of every heading the 目录 lists, in order: chapters, their cases, the appendix."""
    out = []
    for n, ch in enumerate((c for c in selection.chapters if c.cases), 1):
        out.append((1, f"第{ordinal_label(n)}部分　{ch.title}"))
        for case in ch.cases:
            out.append((2, printed_title(case)))
    if out:
        out.append((1, "附　录"))
    return out


