"""What a case is made of in Word: headings, body paragraphs, tables and pictures, set as the PDF sets them."""

from __future__ import annotations

import io
import math
import re

from jlt_cli.model import Image
from jlt_cli.outputs.brochure.html import BlockView, CaseView
from jlt_cli.outputs.common import display_width
from jlt_cli.outputs.docx_brochure.page import (
    BODY_PT, LINE_PT, MAX_IMAGE_CM, MAX_IMAGE_HEIGHT_CM, TABLE_PT, TITLE_PT, WORD_IMAGE_TYPES, ooxml_name, type_width_pt,
)
from jlt_cli.outputs.word import add_run, indent_first_line


def add_heading(doc, text: str, level: int, font: str, *, size: float | None = None, centered: bool = False,
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


def add_body_paragraph(doc, text: str, font: str, *, bold: bool = False, hanging: int = 0):
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


def balanced_title(p, text: str, size: float) -> None:
    """A title one line too long would leave a character alone on its second line (“…安全网” → “网”): narrow
    the paragraph so that the two lines come out even. Word breaks Chinese anywhere, so width decides."""
    from docx.shared import Pt

    chars = display_width(text) / 2
    per_line = int(type_width_pt() // size)
    if chars <= per_line:
        return
    lines = math.ceil(chars / per_line)
    want = math.ceil(chars / lines) + 1  # one character of slack for punctuation pushed to the next line
    if want >= per_line:
        return
    side = (type_width_pt() - want * size) / 2
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


def add_table(doc, rows: list[list[str]], fonts: dict[str, str], *, size: float | None = None,
           centre_columns: set[int] | None = None, width_pt: float | None = None) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    width = max((len(r) for r in rows), default=0)
    if not width:
        return
    size = size or (9 if width > 7 else TABLE_PT)  # as in the PDF: wide tables set smaller
    total = width_pt or type_width_pt()
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
    layout.set(ooxml_name("w:type"), "fixed")  # the widths below, not Word's guess from the first rows
    tbl_pr.append(layout)
    tbl_w = tbl_pr.find(ooxml_name("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(ooxml_name("w:w"), str(int(sum(widths) * 20)))
    tbl_w.set(ooxml_name("w:type"), "dxa")
    for col, w in zip(table._tbl.tblGrid.findall(ooxml_name("w:gridCol")), widths):
        col.set(ooxml_name("w:w"), str(int(w * 20)))
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
    shd.set(ooxml_name("w:val"), "clear")
    shd.set(ooxml_name("w:color"), "auto")
    shd.set(ooxml_name("w:fill"), fill)
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


def add_case(doc, view: CaseView, images: dict[str, Image], fonts: dict[str, str], max_px: int, *,
          new_page: bool = True) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    title = add_heading(doc, "\n".join(view.title_lines), 2, fonts["title"], size=TITLE_PT, centered=True,
                     page_break_before=new_page, line_pt=33, bold=False)
    if len(view.title_lines) == 1:
        balanced_title(title, view.title_lines[0], TITLE_PT)
    title.paragraph_format.space_after = Pt(11)
    if view.subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_after = Pt(8)
        add_run(p, view.subtitle, fonts["kai"], size_pt=16)
        balanced_title(p, view.subtitle, 16)
    if view.unit:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_after = Pt(LINE_PT)
        add_run(p, view.unit, fonts["kai"], size_pt=16)
    for section in view.sections:
        head = add_heading(doc, f"{section.number}、{section.name}", 3, fonts["sans"], size=15, indent=True)
        head.paragraph_format.space_before = Pt(12)
        blocks = section.blocks
        for i, b in enumerate(blocks):
            _block(doc, b, blocks[i + 1] if i + 1 < len(blocks) else None, images, fonts, max_px)


def _block(doc, b: BlockView, nxt: BlockView | None, images: dict[str, Image], fonts: dict[str, str], max_px: int) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if b.kind == "heading":
        add_heading(doc, b.text, 4, fonts["kai"], size=BODY_PT, indent=True)
    elif b.kind == "para":
        if nxt is not None and nxt.kind == "table" and b.text[:1] == "表":
            p = doc.add_paragraph()  # a caption “表1 …” stays with its table
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            add_run(p, b.text, fonts["sans"], size_pt=TABLE_PT)
        elif b.depth:
            add_body_paragraph(doc, ("• " if b.bullet else "") + b.text, fonts["serif"], hanging=min(b.depth, 3))
        else:
            add_body_paragraph(doc, b.text, fonts["serif"], bold=b.bold)
    elif b.kind == "table":
        add_table(doc, b.rows, fonts)
    elif b.kind == "figure":
        image = images.get(b.src)
        if image is not None:
            _picture(doc, image, b.caption, fonts, max_px)
    else:  # pragma: no cover - every kind case_view makes is handled above
        p = doc.add_paragraph()
        add_run(p, b.text, fonts["serif"], size_pt=Pt(BODY_PT).pt)


# ---------------------------------------------------------------- front matter


