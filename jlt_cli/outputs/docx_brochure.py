"""``jlt build -o 汇编.docx``: the brochure as an editable Word document, laid out like the PDF.

Same Selection (chapters, cases, order) and the same printed text (``case_view``: the one body filter, the title
split into lines, the subtitle after ——, list items) as the PDF. Real Word styles so the leadership's staff can
restyle it: 标题 1 chapters, 标题 2 case titles, 标题 3 the four parts, 正文 with a two-character indent, fonts from
``word_fonts`` (an office PC's), set through w:eastAsia.

Pages as the PDF's: cover, 前言 and 目录 unnumbered; a title page per chapter on a right-hand page, where the page
numbers start at 1; each case on a new page; the appendix on a right-hand page; “— N —” on the outer side, the
chapter's name in the header of right-hand pages and the book's title on left-hand ones. The type area, body
size and line pitch are the PDF's (14 pt on 24.5 pt lines, exact), so pages break where the PDF's do.

目录: a TOC field. When LibreOffice is installed, jlt lets it lay the document out once (``word_toc``) and writes
the real page numbers into the field's result, so the 目录 is filled when the file is opened; Word/WPS can still
update it (右键 → 更新域). Without LibreOffice the field asks to be updated on open, with one line saying how.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from jlt_cli.base.atomic import atomic_write
from jlt_cli.base.numerals import ordinal_label
from jlt_cli.model import Block, Case, Image
from jlt_cli.outputs.brochure.html import BlockView, CaseView, appendix_units, case_view, print_text, printed_title, title_lines
from jlt_cli.outputs.common import display_width
from jlt_cli.outputs.word import (
    add_run, blank_footers, clean_text, indent_first_line, page_number_footers, set_east_asian_font,
    style_document, update_fields_on_open,
)

if TYPE_CHECKING:
    from jlt_cli.config import Config
    from jlt_cli.outputs.selection import Selection

TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
TOC_HOW_TO = "目录尚未生成页码：在 Word 中右键单击此处，选“更新域”→“更新整个目录”；在 WPS 中点“引用”→“更新目录”。"
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


def _type_width_pt() -> float:
    return (210 - MARGINS_MM["inside"] - MARGINS_MM["outside"]) / 25.4 * 72


# ---------------------------------------------------------------- pages


def _set_page(section) -> None:
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["inside"]), Mm(MARGINS_MM["outside"])
    section.header_distance = Mm(MARGINS_MM["top"] - 12)
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 7 - 10)


def _mirror_margins(doc) -> None:
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


def _new_section(doc, *, odd_page: bool = True):
    """A section starting on the next right-hand page (as the PDF's break-before: right)."""
    from docx.enum.section import WD_SECTION

    from docx.shared import Pt

    section = doc.add_section(WD_SECTION.ODD_PAGE if odd_page else WD_SECTION.NEW_PAGE)
    _set_page(section)
    # python-docx clones the previous section's properties: the numbering goes on, it does not restart at 1
    for el in section._sectPr.findall(_qn("w:pgNumType")):
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
        bottom.set(_qn(k), v)
    borders.append(bottom)
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                              "w:pPrChange")


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _furniture(doc, section, fonts: dict[str, str], *, odd: str = "", even: str = "", numbers: bool = True,
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


def _heading(doc, text: str, level: int, font: str, *, size: float | None = None, centered: bool = False,
             page_break_before: bool = False, line_pt: float | None = None, bold: bool = True, indent: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph(style=f"Heading {level}")
    pieces = text.split("\n")
    for i, piece in enumerate(pieces):
        run = add_run(p, piece, font, size_pt=size, bold=bold)
        if not bold:
            run.bold = False  # 小标宋 is heavy of itself: no synthetic bold over it (the style's bold switched off)
        if i < len(pieces) - 1:
            run.add_break()  # the title's own lines, as the PDF breaks them
    if centered:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        indent_first_line(p, body_pt=size or BODY_PT)
    fmt = p.paragraph_format
    fmt.page_break_before = page_break_before
    fmt.keep_with_next = True
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if line_pt:
        fmt.line_spacing = Pt(line_pt)
    return p


def _body_paragraph(doc, text: str, font: str, *, bold: bool = False, hanging: int = 0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if hanging:
        p.paragraph_format.left_indent = Pt(BODY_PT * 2 * hanging)
    else:
        indent_first_line(p, body_pt=BODY_PT)
    add_run(p, text, font, bold=bold)
    return p


def _balanced_title(p, text: str, size: float) -> None:
    """A title one line too long would leave a character alone on its second line (“…安全网” → “网”): narrow
    the paragraph so that the two lines come out even. Word breaks Chinese anywhere, so width decides."""
    from docx.shared import Pt

    chars = display_width(text) / 2
    per_line = int(_type_width_pt() // size)
    if chars <= per_line:
        return
    lines = math.ceil(chars / per_line)
    want = math.ceil(chars / lines) + 1  # one character of slack for punctuation pushed to the next line
    if want >= per_line:
        return
    side = (_type_width_pt() - want * size) / 2
    p.paragraph_format.left_indent = Pt(side)
    p.paragraph_format.right_indent = Pt(side)


# ---------------------------------------------------------------- tables


def column_widths(rows: list[list[str]], total_pt: float, size_pt: float) -> list[float]:
    """Column widths in points from content: a column never narrower than its header or its longest unbreakable
    piece (a number, a Latin word); a column whose longest cell fits a fair share of the width gets all it needs
    (序号, 报送单位), and the columns with long text share the rest in proportion to their length (题目)."""
    n = max((len(r) for r in rows), default=0)
    if not n:
        return []
    pad = 12 + size_pt * 0.3  # the cell's own margins (about 5.4 pt each side in Word and LibreOffice) and air
    half = size_pt / 2  # one display-width unit: a Latin letter; a Chinese character is two

    def unbreakable(text: str) -> int:
        return max((display_width(w) for w in re.findall(r"[A-Za-z0-9.%,:/+\-]+", text)), default=0)

    mins, wants = [], []
    for c in range(n):
        cells = [r[c] if c < len(r) else "" for r in rows]
        header = cells[0] if cells else ""
        longest_line = max((display_width(line) for cell in cells for line in cell.split("\n")), default=0)
        smallest = max(display_width(header.replace("\n", "")), max(unbreakable(x) for x in cells), 2)
        mins.append(smallest * half + pad)
        wants.append(max(longest_line, smallest) * half + pad)
    if sum(wants) <= total_pt:  # everything fits on one line: the spare width to the wordiest columns
        extra = total_pt - sum(wants)
        weights = [w - m + 1 for w, m in zip(wants, mins)]
        return [w + extra * k / sum(weights) for w, k in zip(wants, weights)]
    if sum(mins) >= total_pt:
        return [total_pt * m / sum(mins) for m in mins]
    widths: list[float | None] = [None] * n
    left = total_pt
    while True:  # water-filling: satisfy the columns that ask for less than a fair share, then share the rest
        open_cols = [c for c in range(n) if widths[c] is None]
        fair = left / len(open_cols)
        small = [c for c in open_cols if wants[c] <= fair]
        if not small or len(small) == len(open_cols):
            break
        for c in small:
            widths[c] = wants[c]
            left -= wants[c]
    open_cols = [c for c in range(n) if widths[c] is None]
    floor = sum(mins[c] for c in open_cols)
    flex = sum(wants[c] - mins[c] for c in open_cols) or 1
    for c in open_cols:
        widths[c] = mins[c] + max(left - floor, 0) * (wants[c] - mins[c]) / flex
    return [float(w) for w in widths]


def _table(doc, rows: list[list[str]], fonts: dict[str, str], *, size: float | None = None,
           centre_columns: set[int] | None = None, width_pt: float | None = None) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    width = max((len(r) for r in rows), default=0)
    if not width:
        return
    size = size or (9 if width > 7 else TABLE_PT)  # as in the PDF: wide tables set smaller
    total = width_pt or _type_width_pt()
    widths = column_widths(rows, total, size)
    table = doc.add_table(rows=len(rows), cols=width)
    try:
        table.style = doc.styles["Table Grid"]
    except KeyError:
        pass
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(_qn("w:type"), "fixed")  # the widths below, not Word's guess from the first rows
    tbl_pr.append(layout)
    tbl_w = tbl_pr.find(_qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(_qn("w:w"), str(int(sum(widths) * 20)))
    tbl_w.set(_qn("w:type"), "dxa")
    for col, w in zip(table._tbl.tblGrid.findall(_qn("w:gridCol")), widths):
        col.set(_qn("w:w"), str(int(w * 20)))
    # row by row: table.cell(r, c) rebuilds the whole grid on every call (a 10,000-row table never finished)
    for r, (table_row, row) in enumerate(zip(table.rows, rows)):
        # the header row repeats on every page the table runs onto; no row is split across pages
        tr_pr = table_row._tr.get_or_add_trPr()
        for tag in (("w:cantSplit",) + (("w:tblHeader",) if r == 0 else ())):
            tr_pr.append(OxmlElement(tag))
        for c, cell in enumerate(table_row.cells):
            cell.width = Pt(widths[c])
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing = Pt(size * 1.5)
            p.paragraph_format.first_line_indent = Pt(0)
            if r == 0 or (centre_columns and c in centre_columns):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            text = row[c] if c < len(row) else ""
            add_run(p, text, fonts["sans"] if r == 0 else fonts["serif"], bold=(r == 0), size_pt=size)
            if r == 0:
                _shade(cell, "F1E9E4")
    after = doc.add_paragraph()  # Word glues consecutive tables together without a paragraph between
    after.paragraph_format.line_spacing = Pt(10)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement

    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(_qn("w:val"), "clear")
    shd.set(_qn("w:color"), "auto")
    shd.set(_qn("w:fill"), fill)
    tc_pr.append(shd)


# ---------------------------------------------------------------- pictures


def _picture_stream(image: Image, max_px: int) -> tuple[io.BytesIO, float] | None:
    """Picture bytes Word can embed (shrunk to ``max_px``) and a width in cm; None when it cannot be used."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(image.data or b"")) as im:
            im.load()
            fmt = im.format or ""
            w, h = im.size
            if fmt in WORD_IMAGE_TYPES and max(w, h) <= max_px:
                stream = io.BytesIO(image.data or b"")
            else:
                im = im.copy()
                im.thumbnail((max_px, max_px))
                w, h = im.size
                stream = io.BytesIO()
                if fmt == "JPEG" or (im.mode in ("RGB", "L", "CMYK") and fmt not in ("PNG", "GIF")):
                    im.convert("RGB").save(stream, "JPEG", quality=85)
                else:
                    im.save(stream, "PNG")
                stream.seek(0)
    except Exception:  # noqa: BLE001 - a bad picture becomes a note, never a failed build
        return None
    # 96 dpi is how Word sizes a pasted picture; never wider than the type area allows, and never
    # taller than MAX_IMAGE_HEIGHT_CM (a tall portrait would run off the page, its caption onto the next)
    width_cm = min(MAX_IMAGE_CM, w / 96 * 2.54, MAX_IMAGE_HEIGHT_CM * w / max(h, 1))
    return stream, width_cm


def _picture(doc, image: Image, caption: str, fonts: dict[str, str], max_px: int) -> None:
    """Picture centred with its caption (kept together, as the PDF's figure)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    got = _picture_stream(image, max_px) if image.data else None
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(8)
    if got is not None:
        stream, width_cm = got
        p.paragraph_format.keep_with_next = bool(caption)
        p.paragraph_format.line_spacing = 1.0  # a picture needs its own height, not the exact text pitch
        try:
            p.add_run().add_picture(stream, width=Cm(width_cm))
        except Exception:  # noqa: BLE001 - python-docx rejects some valid-looking files
            p.clear()
            got = None
    if got is None:
        add_run(p, f"〔图片“{image.name}”无法嵌入〕", fonts["kai"], colour=(0x80, 0x80, 0x80))
        return
    if caption:
        cap = doc.add_paragraph(style="Caption")
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap.paragraph_format.line_spacing = Pt(16)
        cap.paragraph_format.space_after = Pt(10)
        add_run(cap, caption, fonts["kai"], size_pt=TABLE_PT, colour=(0x33, 0x33, 0x33))


# ---------------------------------------------------------------- one case


def _case(doc, view: CaseView, images: dict[str, Image], fonts: dict[str, str], max_px: int, *,
          new_page: bool = True) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    title = _heading(doc, "\n".join(view.title_lines), 2, fonts["title"], size=TITLE_PT, centered=True,
                     page_break_before=new_page, line_pt=33, bold=False)
    if len(view.title_lines) == 1:
        _balanced_title(title, view.title_lines[0], TITLE_PT)
    title.paragraph_format.space_after = Pt(11)
    if view.subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_after = Pt(8)
        add_run(p, view.subtitle, fonts["kai"], size_pt=16)
        _balanced_title(p, view.subtitle, 16)
    if view.unit:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_after = Pt(LINE_PT)
        add_run(p, view.unit, fonts["kai"], size_pt=16)
    for section in view.sections:
        head = _heading(doc, f"{section.number}、{section.name}", 3, fonts["sans"], size=15, indent=True)
        head.paragraph_format.space_before = Pt(12)
        blocks = section.blocks
        for i, b in enumerate(blocks):
            _block(doc, b, blocks[i + 1] if i + 1 < len(blocks) else None, images, fonts, max_px)


def _block(doc, b: BlockView, nxt: BlockView | None, images: dict[str, Image], fonts: dict[str, str], max_px: int) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if b.kind == "heading":
        _heading(doc, b.text, 4, fonts["kai"], size=BODY_PT, indent=True)
    elif b.kind == "para":
        if nxt is not None and nxt.kind == "table" and b.text[:1] == "表":
            p = doc.add_paragraph()  # a caption “表1 …” stays with its table
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            add_run(p, b.text, fonts["sans"], size_pt=TABLE_PT)
        elif b.depth:
            _body_paragraph(doc, ("• " if b.bullet else "") + b.text, fonts["serif"], hanging=min(b.depth, 3))
        else:
            _body_paragraph(doc, b.text, fonts["serif"], bold=b.bold)
    elif b.kind == "table":
        _table(doc, b.rows, fonts)
    elif b.kind == "figure":
        image = images.get(b.src)
        if image is not None:
            _picture(doc, image, b.caption, fonts, max_px)
    else:  # pragma: no cover - every kind case_view makes is handled above
        p = doc.add_paragraph()
        add_run(p, b.text, fonts["serif"], size_pt=Pt(BODY_PT).pt)


# ---------------------------------------------------------------- front matter


def _cover(doc, config: "Config", fonts: dict[str, str]) -> None:
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
        _balanced_title(p, title, 28)
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


def _front_title(doc, text: str, fonts: dict[str, str]) -> None:
    """前言 / 目录 heading: not a Heading style, so the 目录 does not list it (the PDF's does not)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.page_break_before = True
    p.paragraph_format.space_after = Mm(12)
    p.paragraph_format.line_spacing = Pt(32)
    add_run(p, text, fonts["title"], size_pt=22)


def _preface(doc, config: "Config", fonts: dict[str, str]) -> bool:
    """The optional preface (brochure.preface, a Markdown file) as plain paragraphs."""
    path = config.preface_path
    if path is None:
        return False
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False  # the PDF build reports a missing preface; the Word copy just goes without
    _front_title(doc, "前　言", fonts)
    for line in text.splitlines():
        line = line.strip().lstrip("#>").strip()
        if line:
            _body_paragraph(doc, print_text(line), fonts["serif"])
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
            el.attrib.pop(_qn("w:customStyle"), None)
            el.find(_qn("w:name")).set(_qn("w:val"), f"toc {level}")  # the built-in name Word recognises
        style.base_style = doc.styles["Normal"]
        set_east_asian_font(style, fonts[font])
        style.font.size = Pt(size)
        fmt = style.paragraph_format
        fmt.left_indent = Pt(size * indent)
        fmt.right_indent = Pt(size * 2) if level == 2 else Pt(0)
        fmt.first_line_indent = Pt(0)
        fmt.space_before = Pt(before)
        fmt.line_spacing = Pt(21 if level == 2 else 24.5)
        fmt.tab_stops.add_tab_stop(Pt(_type_width_pt()), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        names[level] = style.name
    return names


def _toc(doc, fonts: dict[str, str], entries: list[tuple[int, str, int]] | None) -> None:
    """The TOC field; its result the entries with their page numbers, or one line saying how to fill it."""
    from docx.oxml import OxmlElement

    styles = _toc_styles(doc, fonts)

    def fld(p, kind: str, dirty: bool = False):
        el = OxmlElement("w:fldChar")
        el.set(_qn("w:fldCharType"), kind)
        if dirty:
            el.set(_qn("w:dirty"), "true")
        p.add_run()._r.append(el)

    if not entries:
        p = doc.add_paragraph()
        fld(p, "begin", dirty=True)
        instr = OxmlElement("w:instrText")
        instr.set(_qn("xml:space"), "preserve")
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
            instr.set(_qn("xml:space"), "preserve")
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


def build_docx_brochure(selection: "Selection", config: "Config", toc_pages: list[int] | None = None):
    """The brochure as a python-docx Document (not saved). ``toc_pages``: the page of each ``toc_headings``
    entry, from a layout run (None: the 目录 is left for Word/WPS to fill)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc = Document()
    fonts = style_document(doc, config, body_pt=BODY_PT, body="serif", line_pt=LINE_PT)
    normal = doc.styles["Normal"]
    normal.paragraph_format.widow_control = True  # as the PDF: orphans 2, widows 2
    max_px = int(config.get("brochure", "image_max_px") or 1600)
    _mirror_margins(doc)
    doc.settings.odd_and_even_pages_header_footer = True

    book = str(config.get("brochure", "title") or "")
    first = doc.sections[0]
    _set_page(first)
    _furniture(doc, first, fonts, numbers=False)  # cover, 前言 and 目录: no page number, as in the PDF
    _cover(doc, config, fonts)
    if config.preface_path is not None:
        _furniture(doc, _new_section(doc), fonts, numbers=False)  # on a right-hand page, as the PDF's
        _preface(doc, config, fonts)
    _furniture(doc, _new_section(doc), fonts, numbers=False)
    _front_title(doc, "目　录", fonts)
    headings = toc_headings(selection, config)
    entries = None
    if toc_pages is not None and len(toc_pages) == len(headings):
        entries = [(level, text, page) for (level, text), page in zip(headings, toc_pages)]
    _toc(doc, fonts, entries)

    images: dict[str, Image] = {}

    def hook(case: Case, block: Block, index: int):
        key = f"img{len(images)}"
        if block.image is None or not block.image.data:
            return None
        images[key] = block.image
        return key, block.image.width or 1, block.image.height or 1

    chapters = [ch for ch in selection.chapters if ch.cases]
    index = 0
    listed: list[tuple[str, str]] = []
    for n, chapter in enumerate(chapters, 1):
        # the chapter's title page on a right-hand page, numbered but without running heads; the body counts
        # from the first one (as the PDF's @page start)
        _furniture(doc, _new_section(doc), fonts, start=1 if n == 1 else None)
        head = _heading(doc, f"第{ordinal_label(n)}部分　{chapter.title}", 1, fonts["title"], size=26, centered=True,
                        line_pt=40, bold=False)
        head.paragraph_format.space_before = Mm(55)
        _balanced_title(head, head.text, 26)  # a long chapter name from jlt.yaml: two even lines
        _chapter_rules(head)
        count = doc.add_paragraph()
        count.alignment = WD_ALIGN_PARAGRAPH.CENTER
        count.paragraph_format.space_before = Mm(8)
        add_run(count, f"共 {len(chapter.cases)} 篇", fonts["kai"], size_pt=BODY_PT, colour=(0x44, 0x44, 0x44))
        _furniture(doc, _new_section(doc, odd_page=False), fonts, odd=chapter.title, even=book)
        for i, case in enumerate(chapter.cases):
            index += 1
            view = case_view(case, index, config, hook)
            listed.append((view.unit, view.title))
            _case(doc, view, images, fonts, max_px, new_page=i > 0)  # the first starts the section's page
    if not chapters:
        _body_paragraph(doc, "（没有审核通过的案例）", fonts["serif"])
    else:
        _furniture(doc, _new_section(doc), fonts, odd="附　录", even=book)
        _appendix(doc, selection, config, fonts, listed)
    doc.core_properties.title = book
    doc.core_properties.language = "zh-CN"
    return doc


def _chapter_rules(p) -> None:
    """The dark-red rules above and below a chapter's title (the PDF's .chapter-title borders)."""
    from docx.oxml import OxmlElement

    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "bottom"):
        el = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "12"), ("w:color", "8A1F1F")):
            el.set(_qn(k), v)
        borders.append(el)
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")


def _appendix(doc, selection: "Selection", config: "Config", fonts: dict[str, str], listed: list[tuple[str, str]]) -> None:
    """附录, as in the PDF: the units and their titles in the call's order, and the count per type."""
    from docx.shared import Mm, Pt

    head = _heading(doc, "附　录", 1, fonts["title"], size=TITLE_PT, centered=True, line_pt=33, bold=False)
    head.paragraph_format.space_after = Mm(10)
    sub = _heading(doc, "一、案例报送单位一览", 3, fonts["sans"], size=15)
    sub.paragraph_format.space_after = Pt(6)
    rows = [["序号", "报送单位", "案例题目"]] + [
        [str(n), unit or "（未注明单位）", "\n".join(titles)] for n, (unit, titles) in enumerate(appendix_units(listed, config), 1)]
    _table(doc, rows, fonts, size=12, centre_columns={0})
    sub = _heading(doc, "二、各类案例数量", 3, fonts["sans"], size=15)
    sub.paragraph_format.space_before = Mm(8)
    sub.paragraph_format.space_after = Pt(6)
    counts = [[ch.title, str(len(ch.cases))] for ch in selection.chapters]
    _table(doc, [["案例类型", "篇数"]] + counts + [["合计", str(sum(len(ch.cases) for ch in selection.chapters))]],
           fonts, size=12, centre_columns={1}, width_pt=_type_width_pt() * 0.7)


def write_docx_brochure(selection: "Selection", config: "Config", out: Path, *, fill_toc: bool = True) -> str | None:
    """Write the Word brochure for ``selection`` to ``out`` atomically (temp file + os.replace).

    With ``fill_toc`` and LibreOffice installed, the 目录 gets its page numbers. Returns None when it did, else
    the reason in Chinese (for the build's warnings).
    """
    from jlt_cli.outputs.word_toc import toc_page_numbers

    doc = build_docx_brochure(selection, config)
    reason = "未要求填写目录页码"
    headings = toc_headings(selection, config)
    if fill_toc and headings:
        buffer = io.BytesIO()
        doc.save(buffer)
        pages, reason = toc_page_numbers(buffer.getvalue(), headings)
        if pages is not None:
            doc = build_docx_brochure(selection, config, toc_pages=pages)
    atomic_write(Path(out), lambda tmp: doc.save(str(tmp)))
    return reason


def build_docx(
    paths: list[Path], config: "Config", out: Path, *, strict: bool = False, progress=None, on_stage=None, redact: bool = False,
    convert: bool = False,
):
    """``jlt build --format docx``: validate ``paths`` like the PDF build, write the Word brochure, return a BuildReport.

    Uses the PDF build's case collection, BuildReport and check_output, so ``jlt build`` includes the
    same cases, prints the same summary and refuses the same output places (never inside an input folder).
    """
    import time

    from jlt_cli.outputs.brochure.build import BuildReport, check_output, collect_cases

    started = time.perf_counter()
    target = check_output(out, paths, "pdf")  # same rules as a single-file output
    report = BuildReport(output=out, format="docx", strict=strict)
    selection = collect_cases(paths, config, report, progress=progress, redact=redact, convert=convert)
    if on_stage:
        on_stage("正在生成 Word 文档（装有 LibreOffice 时排版一次以填写目录页码）")
    reason = write_docx_brochure(selection, config, target)
    if reason:
        report.warnings.append(f"Word 版目录未填页码（{reason}）。{TOC_HOW_TO}")
    report.size = target.stat().st_size
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["build_docx", "build_docx_brochure", "column_widths", "toc_headings", "write_docx_brochure",
           "set_east_asian_font", "clean_text"]
