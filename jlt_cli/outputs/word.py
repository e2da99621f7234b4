"""Word helpers every Word output shares (letters, the Word brochure, the template, annotated copies).

The one that matters: python-docx's ``font.name`` writes only w:ascii/w:hAnsi, so Chinese text keeps the
theme's East Asian font; ``set_east_asian_font`` writes w:eastAsia too and removes the theme attributes
that would otherwise win over it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jlt_cli.config import Config

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_east_asian_font(target, name: str) -> None:
    """Set ascii/hAnsi/eastAsia fonts on a run or a style (python-docx object) to ``name``.

    Theme attributes (w:eastAsiaTheme…) take precedence over explicit names in Word,
    so they are removed; otherwise a heading style keeps its theme font for Chinese.
    """
    from docx.oxml.ns import qn

    element = target.element if hasattr(target, "element") else target._element
    rfonts = element.get_or_add_rPr().get_or_add_rFonts()  # placed where the schema wants it (after rStyle)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        rfonts.set(qn(attr), name)


def first_font(config: "Config", role: str, fallback: str) -> str:
    """The first font of brochure.fonts.<role> (the same preference list the PDF uses)."""
    fonts = config.get("brochure", "fonts", role) or []
    return str(fonts[0]) if fonts else fallback


def style_document(doc, config: "Config", body_pt: float = 12) -> dict[str, str]:
    """Normal and Heading 1–4 with East Asian fonts, black text, sensible sizes, A4 pages (python-docx's
    default is US Letter) and the issuer as author (not “python-docx”). Returns the font names."""
    from docx.shared import Mm, Pt, RGBColor

    for section in doc.sections:
        # GB/T 9704 official-document page: A4, 37/35 mm top/bottom, 28/26 mm left/right
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    issuer = str(config.get("brochure", "issuer") or "")
    doc.core_properties.author = issuer or "jlt"
    doc.core_properties.last_modified_by = issuer or "jlt"

    fonts = {
        "serif": first_font(config, "serif", "宋体"),
        "sans": first_font(config, "sans", "黑体"),
        "kai": first_font(config, "kai", "楷体"),
        "title": first_font(config, "title", "宋体"),
    }
    normal = doc.styles["Normal"]
    set_east_asian_font(normal, fonts["serif"])
    normal.font.size = Pt(body_pt)
    _set_lang(normal)
    for level, (font, size) in {1: ("sans", 16), 2: ("title", 18), 3: ("sans", 14), 4: ("kai", body_pt)}.items():
        style = doc.styles[f"Heading {level}"]
        set_east_asian_font(style, fonts[font])
        style.font.size = Pt(size)
        style.font.bold = level != 4
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _set_lang(style)
    for name in ("Title", "Caption"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        set_east_asian_font(style, fonts["title" if name == "Title" else "kai"])
        style.font.color.rgb = RGBColor(0, 0, 0)
    return fonts


def _set_lang(style) -> None:
    """w:lang eastAsia=zh-CN: Word then applies Chinese line breaking and punctuation rules."""
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def add_run(paragraph, text: str, font: str, *, bold: bool = False, italic: bool = False, size_pt: float | None = None,
            colour: tuple[int, int, int] | None = None):
    """A run with the East Asian font set on the run itself (survives copy-paste into other documents)."""
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(clean_text(text))
    set_east_asian_font(run, font)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size_pt:
        run.font.size = Pt(size_pt)
    if colour:
        run.font.color.rgb = RGBColor(*colour)
    return run


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text XML can hold (python-docx raises on control characters from odd source files)."""
    return _XML_ILLEGAL.sub("", text or "")


def indent_first_line(paragraph, chars: int = 2, body_pt: float = 12) -> None:
    """Two-character first-line indent: firstLineChars for Word/WPS, firstLine twips for everyone else."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.paragraph_format.first_line_indent = Pt(body_pt * chars)
    ppr = paragraph._p.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is not None:
        ind.set(qn("w:firstLineChars"), str(chars * 100))


