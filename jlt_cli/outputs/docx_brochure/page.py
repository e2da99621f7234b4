"""The Word brochure's pages: the PDF's type area, mirrored margins, sections, running heads and numbers."""

from __future__ import annotations

from jlt_cli.outputs.word import add_run, blank_footers, page_number_footers

MAX_IMAGE_CM = 14.0
MAX_IMAGE_HEIGHT_CM = 8.8  # as the PDF (88 mm): two photos with captions share a page
# The PDF's page (templates/brochure.css): 37 mm top, 35 mm bottom, 28 mm binding side, 28.82 mm outer side
# (31 characters of 14 pt to the line), 14 pt text on 24.5 pt lines.
MARGINS_MM = {"top": 37, "bottom": 35, "inside": 28, "outside": 28.82}
BODY_PT = 14.0
LINE_PT = 24.5
TABLE_PT = 10.5
TITLE_PT = 22.0
RED = (0x8A, 0x1F, 0x1F)
# Formats Word embeds as they are; others are converted to PNG first.
WORD_IMAGE_TYPES = {"JPEG", "PNG", "GIF", "BMP", "TIFF"}


def type_width_pt() -> float:
    return (210 - MARGINS_MM["inside"] - MARGINS_MM["outside"]) / 25.4 * 72


# ---------------------------------------------------------------- pages


def set_brochure_page(section) -> None:
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["inside"]), Mm(MARGINS_MM["outside"])
    section.header_distance = Mm(MARGINS_MM["top"] - 12)
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 7 - 10)


def mirror_margins(doc) -> None:
    """Inside and outside margins swap on left-hand pages (w:mirrorMargins, in schema order)."""
    from docx.oxml import OxmlElement

    settings = doc.settings.element
    if settings.find(_w("mirrorMargins")) is None:
        settings.insert_element_before(OxmlElement("w:mirrorMargins"), *_SETTINGS_AFTER_MIRROR)


_SETTINGS_AFTER_MIRROR = (
    "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter", "w:gutterAtTop",
    "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState", "w:formsDesign",
    "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter", "w:stylePaneSortMethod", "w:documentType",
    "w:mailMerge", "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves", "w:doNotTrackFormatting",
    "w:documentProtection", "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop",
    "w:autoHyphenation", "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope",
    "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData", "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne",
    "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
    "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
)


def _w(name: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + name


def new_section(doc, *, odd_page: bool = True):
    """A section starting on the next right-hand page (as the PDF's break-before: right)."""
    from docx.enum.section import WD_SECTION
    from docx.shared import Pt

    section = doc.add_section(WD_SECTION.ODD_PAGE if odd_page else WD_SECTION.NEW_PAGE)
    set_brochure_page(section)
    # python-docx clones the previous section's properties: the numbering goes on, it does not restart at 1
    for el in section._sectPr.findall(ooxml_name("w:pgNumType")):
        section._sectPr.remove(el)
    # the empty paragraph that carries the previous section's properties takes no room at the end of a page
    carrier = doc.paragraphs[-1]
    carrier.paragraph_format.line_spacing = Pt(1)
    carrier.paragraph_format.space_before = carrier.paragraph_format.space_after = Pt(0)
    return section


def _running_header(header, text: str, font: str) -> None:
    """The PDF's running head: 10.5 pt 黑体, grey, a thin dark-red rule under it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    header.is_linked_to_previous = False
    p = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = Pt(14)
    add_run(p, text, font, size_pt=10.5, colour=(0x44, 0x44, 0x44))
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "4"), ("w:color", "8A1F1F")):
        bottom.set(ooxml_name(k), v)
    borders.append(bottom)
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                              "w:pPrChange")


def ooxml_name(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def set_furniture(doc, section, fonts: dict[str, str], *, odd: str = "", even: str = "", numbers: bool = True,
               start: int | None = None) -> None:
    """Every section says its own headers and footers (none inherited): the running heads (right-hand pages: the
    chapter, left-hand pages: the book; none on a title page) and “— N —” outside, or nothing (cover, 目录)."""
    section.different_first_page_header_footer = False
    for header, text in ((section.header, odd), (section.even_page_header, even)):
        header.is_linked_to_previous = False
        if text:
            _running_header(header, text, fonts["sans"])
    if numbers:
        page_number_footers(doc, section, fonts["serif"], start=start)
    else:
        blank_footers(section)


# ---------------------------------------------------------------- paragraphs


