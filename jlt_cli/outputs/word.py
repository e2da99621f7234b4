"""Word helpers every Word output shares (letters, the Word brochure, the template, annotated copies).

Fonts: a Word document names one font per run, and the office PC that opens it must have it. The names come
from ``word_fonts`` in jlt.yaml (fonts a Windows/WPS office has: 仿宋_GB2312, 方正小标宋简体, 黑体, 楷体), not
from ``brochure.fonts`` (the PDF's, which must be installed where jlt runs). The first name of each list is
written; the others go into the font table as w:altName, which Word tries in turn when the first is missing.
python-docx's ``font.name`` writes only w:ascii/w:hAnsi, so Chinese text would keep the theme's East Asian
font; ``set_east_asian_font`` writes w:eastAsia too and removes the theme attributes that would win over it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jlt_cli.config import Config

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# The roles of word_fonts (defaults.yaml): 公文 body, 宋体 body, 黑体, 楷体, 小标宋 titles.
WORD_FONT_ROLES = ("fangsong", "serif", "sans", "kai", "title")
# A role written as an empty list in jlt.yaml still needs a name: 宋体 is on every Chinese Windows.
LAST_RESORT_FONT = "宋体"

# GB/T 9704-2012: A4, 天头 37 mm, 订口 28 mm, type area 156 × 225 mm (so 35 mm bottom, 26 mm right).
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


def set_east_asian_font(target, name: str) -> None:
    """Set ascii/hAnsi/eastAsia fonts on a run or a style (python-docx object) to ``name``.

    Theme attributes (w:eastAsiaTheme…) take precedence over explicit names in Word,
    so they are removed; otherwise a heading style keeps its theme font for Chinese.
    """

    element = target.element if hasattr(target, "element") else target._element
    rfonts = element.get_or_add_rPr().get_or_add_rFonts()  # placed where the schema wants it (after rStyle)
    _set_rfonts(rfonts, name)


def _set_rfonts(rfonts, name: str) -> None:
    from docx.oxml.ns import qn

    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        rfonts.set(qn(attr), name)


def word_fonts(config: "Config") -> dict[str, list[str]]:
    """word_fonts.<role> as lists of names, the first one written, the rest its stand-ins."""
    raw = config.get("word_fonts") or {}
    out: dict[str, list[str]] = {}
    for role in WORD_FONT_ROLES:
        names = raw.get(role) or []
        if isinstance(names, str):
            names = [names]
        out[role] = [str(n).strip() for n in names if str(n).strip()] or [LAST_RESORT_FONT]
    return out


def first_font(config: "Config", role: str, fallback: str = LAST_RESORT_FONT) -> str:
    """The font written for ``role`` (word_fonts.<role>[0])."""
    return word_fonts(config).get(role, [fallback])[0]


def set_page(section) -> None:
    """A4 with the GB/T 9704 margins (python-docx's default page is US Letter)."""
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 7 - 10)  # the page number 7 mm below the type area


def style_document(doc, config: "Config", body_pt: float = 12, *, body: str = "serif",
                   line_pt: float | None = None) -> dict[str, str]:
    """Normal and Heading 1–4 with East Asian fonts, black text, sensible sizes, A4 pages with GB/T 9704 margins,
    Chinese language marks and the issuer as author (not “python-docx”).

    ``body`` is the word_fonts role of the body text (``fangsong`` for letters, ``serif`` for the brochure);
    ``line_pt`` an exact line pitch (pagination then does not depend on which font the PC substitutes).
    Returns the font name per role, plus ``body``.
    """
    from docx.shared import Pt, RGBColor

    for section in doc.sections:
        set_page(section)
    issuer = str(config.get("brochure", "issuer") or "")
    doc.core_properties.author = issuer or "jlt"
    doc.core_properties.last_modified_by = issuer or "jlt"
    doc.core_properties.language = "zh-CN"

    lists = word_fonts(config)
    fonts = {role: names[0] for role, names in lists.items()}
    fonts["body"] = fonts[body]
    _doc_defaults(doc, fonts["body"])
    normal = doc.styles["Normal"]
    set_east_asian_font(normal, fonts["body"])
    normal.font.size = Pt(body_pt)
    normal.paragraph_format.space_after = Pt(0)
    if line_pt:
        normal.paragraph_format.line_spacing = Pt(line_pt)  # lineRule exact
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
    register_fonts(doc, lists)
    return fonts


def _doc_defaults(doc, font: str) -> None:
    """The document's default run font and language (python-docx's template: theme fonts, en-US)."""
    from docx.oxml.ns import qn

    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    _set_rfonts(rfonts, font)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")


def register_fonts(doc, lists: dict[str, list[str]]) -> None:
    """Each written font in word/fontTable.xml, with its stand-ins as w:altName and the GB2312 character set:
    where the font is missing, Word tries the stand-ins, then picks a Chinese font (not a Western one)."""
    from lxml import etree

    part = next((rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable")), None)
    if part is None or not hasattr(part, "_blob"):
        return
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.fromstring(part.blob)
    known = {el.get(f"{{{w}}}name"): el for el in root.findall(f"{{{w}}}font")}
    for names in lists.values():
        name, alts = names[0], [n for n in names[1:] if n != names[0]]
        font = known.get(name)
        if font is None:
            font = known[name] = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        for child in list(font):
            font.remove(child)
        if alts:
            etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": ",".join(alts)})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})  # GB2312_CHARSET
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "auto"})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


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


def add_field(paragraph, instruction: str, placeholder: str, font: str, size_pt: float | None = None) -> None:
    """A complex field: begin / instrText / separate / placeholder result / end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld(kind: str):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")  # ask Word to recompute it
        run._r.append(el)
        return run

    fld("begin")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._r.append(instr)
    fld("separate")
    add_run(paragraph, placeholder, font, size_pt=size_pt)
    fld("end")


def page_number_footers(doc, section, font: str, size_pt: float = 14, *, start: int | None = None) -> None:
    """“— N —” as GB/T 9704 places it: 四号, on the outer side (right on odd pages, left on even ones).

    ``start`` restarts the numbering in this section (the brochure counts from its first chapter page).
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.alignment = align
        # one character in from the edge, as in the standard
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(size_pt)
        else:
            p.paragraph_format.left_indent = Pt(size_pt)
        add_run(p, "— ", font, size_pt=size_pt)
        add_field(p, "PAGE", "1", font, size_pt=size_pt)
        add_run(p, " —", font, size_pt=size_pt)
    if start is not None:
        sect_pr = section._sectPr
        pg = sect_pr.find(qn("w:pgNumType"))
        if pg is None:
            pg = OxmlElement("w:pgNumType")
            sect_pr.insert_element_before(pg, *_SECT_AFTER_PGNUM)
        pg.set(qn("w:start"), str(start))


_SECT_AFTER_PGNUM = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
                     "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_SETTINGS_AFTER_UPDATE = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
                          "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                          "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
                          "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
                          "w:decimalSymbol", "w:listSeparator")


def update_fields_on_open(doc, on: bool = True) -> None:
    """<w:updateFields w:val="true"/> in settings.xml (in schema order): Word/WPS offer to refresh fields on open."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if not on:
        if el is not None:
            settings.remove(el)
        return
    if el is None:
        el = OxmlElement("w:updateFields")
        settings.insert_element_before(el, *_SETTINGS_AFTER_UPDATE)
    el.set(qn("w:val"), "true")


def blank_footers(section) -> None:
    """No page number in this section (the brochure's cover, 前言 and 目录)."""
    for footer in (section.footer, section.even_page_footer, section.first_page_footer):
        footer.is_linked_to_previous = False
        for p in footer.paragraphs:
            for r in list(p.runs):
                r._r.getparent().remove(r._r)
