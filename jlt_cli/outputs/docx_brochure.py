"""``jlt build --format docx``: the brochure as an editable Word document.

Same Selection (chapters, cases, order) as the PDF. Real Word styles so the
leadership's staff can restyle it: 标题 1 chapters, 标题 2 case titles, 标题 3 the
four canonical parts, 正文 paragraphs with a two-character indent. Every style and
run carries w:eastAsia (see feedback_letters.set_east_asian_font). The table of
contents is a TOC field with w:updateFields so Word/WPS fill it on open.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from jlt_cli.base.atomic import atomic_write
from jlt_cli.base.numerals import ordinal_label
from jlt_cli.model import Block, BlockKind, Case, Image
from jlt_cli.outputs.brochure.html import print_text
from jlt_cli.outputs.common import part_heading
from jlt_cli.understand.body import is_contact_line
from jlt_cli.outputs.word import add_run, clean_text, indent_first_line, set_east_asian_font, style_document

if TYPE_CHECKING:
    from jlt_cli.config import Config
    from jlt_cli.outputs.selection import Selection

TOC_PLACEHOLDER = "右键更新域以生成目录"
MAX_IMAGE_CM = 14.0
MAX_IMAGE_HEIGHT_CM = 9.0  # as the PDF (88 mm): two photos with captions share a page
BODY_PT = 12.0
# Formats Word embeds as they are; others are converted to PNG first.
WORD_IMAGE_TYPES = {"JPEG", "PNG", "GIF", "BMP", "TIFF"}


# ---------------------------------------------------------------- fields


def _field(paragraph, instruction: str, placeholder: str, font: str) -> None:
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
    add_run(paragraph, placeholder, font)
    fld("end")


def _update_fields_on_open(doc) -> None:
    """<w:updateFields w:val="true"/> in settings.xml: Word/WPS offer to refresh the TOC when opening."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        settings.append(el)
    el.set(qn("w:val"), "true")


def _page_number_footer(section, font: str) -> None:
    """“— N —” centred in the footer, the number a PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(p, "— ", font)
    _field(p, "PAGE", "1", font)
    add_run(p, " —", font)


# ---------------------------------------------------------------- content


def _page_break(doc) -> None:
    from docx.enum.text import WD_BREAK

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _heading(doc, text: str, level: int, font: str, *, page_break_before: bool = False, centered: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph(style=f"Heading {level}")
    add_run(p, text, font)
    if centered:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if page_break_before:
        p.paragraph_format.page_break_before = True
    return p


def _body_paragraph(doc, text: str, font: str):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent_first_line(p, body_pt=BODY_PT)
    add_run(p, text, font)
    return p


def _table(doc, rows: list[list[str]], font: str) -> None:
    from docx.oxml import OxmlElement

    width = max((len(r) for r in rows), default=0)
    if not width:
        return
    table = doc.add_table(rows=len(rows), cols=width)
    try:
        table.style = doc.styles["Table Grid"]
    except KeyError:
        pass
    size = 9 if width > 7 else 10.5  # as in the PDF: wide tables set smaller
    # row by row: table.cell(r, c) rebuilds the whole grid on every call (a 10,000-row table never finished)
    for r, (table_row, row) in enumerate(zip(table.rows, rows)):
        # the header row repeats on every page the table runs onto; no row is split across pages
        tr_pr = table_row._tr.get_or_add_trPr()
        for tag in (("w:tblHeader",) if r == 0 else ()) + ("w:cantSplit",):
            tr_pr.append(OxmlElement(tag))
        for c, cell in enumerate(table_row.cells):
            add_run(cell.paragraphs[0], row[c] if c < len(row) else "", font, bold=(r == 0), size_pt=size)
    doc.add_paragraph()  # Word glues consecutive tables together without a paragraph between


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


def _picture(doc, image: Image, number: int, fonts: dict[str, str], max_px: int) -> int:
    """Picture centred with its caption; returns the next figure number."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    got = _picture_stream(image, max_px) if image.data else None
    if got is None:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(p, f"〔图片“{image.name}”无法嵌入〕", fonts["kai"], colour=(0x80, 0x80, 0x80))
        return number
    stream, width_cm = got
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    try:
        p.add_run().add_picture(stream, width=Cm(width_cm))
    except Exception:  # noqa: BLE001 - python-docx rejects some valid-looking files
        p.clear()
        add_run(p, f"〔图片“{image.name}”无法嵌入〕", fonts["kai"], colour=(0x80, 0x80, 0x80))
        return number
    if image.caption:
        cap = doc.add_paragraph(style="Caption")
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(cap, image.caption, fonts["kai"], size_pt=10.5)
    return number + 1


def _blocks(doc, blocks: list[Block], fonts: dict[str, str], figure: int, max_px: int) -> int:
    for b in blocks:
        if b.kind is BlockKind.HEADING:
            _heading(doc, print_text(b.display_text), 4, fonts["kai"])
        elif b.kind is BlockKind.PARAGRAPH:
            text = print_text(b.display_text)
            if text:
                _body_paragraph(doc, text, fonts["serif"])
        elif b.kind is BlockKind.TABLE and b.rows:
            _table(doc, [[print_text(c) for c in row] for row in b.rows], fonts["serif"])
        elif b.kind is BlockKind.IMAGE and b.image:
            figure = _picture(doc, b.image, figure, fonts, max_px)
    return figure


def _case(doc, case: Case, fonts: dict[str, str], config: "Config", *, first_in_chapter: bool, max_px: int) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    # each case starts a page; the first of a chapter follows its chapter heading on the same page
    _heading(doc, case.title or Path(case.display_path).stem, 2, fonts["title"], page_break_before=not first_in_chapter,
             centered=True)
    if case.unit:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(12)
        add_run(p, case.unit, fonts["kai"], size_pt=14)
    figure = 1
    order = {k: i for i, k in enumerate(config.part_keys)}
    for section in sorted(case.sections, key=lambda s: order.get(s.key, 99)):
        if section.key not in order:
            continue
        _heading(doc, part_heading(config, section.key), 3, fonts["sans"])
        printed = [b for b in section.blocks if not is_contact_line(b, case, config)]  # the one body filter
        figure = _blocks(doc, printed, fonts, figure, max_px)


def _cover(doc, config: "Config", fonts: dict[str, str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for _ in range(6):
        doc.add_paragraph()
    title = doc.add_paragraph()  # not the Title style: python-docx's template draws a blue rule under it
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(title, str(config.get("brochure", "title") or ""), fonts["title"], bold=True, size_pt=26)
    subtitle = str(config.get("brochure", "subtitle") or "")
    if subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(p, subtitle, fonts["kai"], size_pt=16)
    for _ in range(10):
        doc.add_paragraph()
    for text in (config.get("brochure", "issuer"), config.get("brochure", "date")):
        if text:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(6)
            add_run(p, str(text), fonts["sans"], size_pt=16)


def _preface(doc, config: "Config", fonts: dict[str, str]) -> bool:
    """The optional preface (brochure.preface, a Markdown file) as plain paragraphs."""
    name = str(config.get("brochure", "preface") or "")
    if not name:
        return False
    path = Path(name)
    if not path.is_absolute():
        path = config.base_dir / path
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False  # the PDF build reports a missing preface; the Word copy just goes without
    _heading(doc, "前　言", 1, fonts["sans"], page_break_before=True, centered=True)
    for line in text.splitlines():
        line = line.strip().lstrip("#>").strip()
        if line:
            _body_paragraph(doc, line, fonts["serif"])
    return True


def build_docx_brochure(selection: "Selection", config: "Config"):
    """The brochure as a python-docx Document (not saved)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    fonts = style_document(doc, config, body_pt=BODY_PT)
    normal = doc.styles["Normal"]
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    max_px = int(config.get("brochure", "image_max_px") or 1600)

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.different_first_page_header_footer = True  # no page number on the cover
    _page_number_footer(section, fonts["serif"])

    _cover(doc, config, fonts)
    _page_break(doc)

    toc_title = doc.add_paragraph()
    toc_title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    toc_title.paragraph_format.space_after = Pt(12)
    add_run(toc_title, "目　录", fonts["sans"], bold=True, size_pt=16)  # not a heading: the TOC must not list itself
    _field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', TOC_PLACEHOLDER, fonts["serif"])

    first_chapter = True
    _preface(doc, config, fonts)
    chapters = [ch for ch in selection.chapters if ch.cases]
    for ci, chapter in enumerate(chapters):
        label = ordinal_label(ci + 1)
        # the chapters are named as in the PDF: 第一部分 社区学校建设案例
        _heading(doc, f"第{label}部分　{chapter.title}", 1, fonts["sans"], page_break_before=True, centered=True)
        first_chapter = False
        for i, case in enumerate(chapter.cases):
            _case(doc, case, fonts, config, first_in_chapter=(i == 0), max_px=max_px)
    if first_chapter:
        _body_paragraph(doc, "（没有审核通过的案例）", fonts["serif"])
    else:
        _appendix(doc, selection, config, fonts)
    _update_fields_on_open(doc)
    doc.core_properties.title = str(config.get("brochure", "title") or "")
    doc.core_properties.author = str(config.get("brochure", "issuer") or "")
    doc.core_properties.language = "zh-CN"
    return doc


def _appendix(doc, selection: "Selection", config: "Config", fonts: dict[str, str]) -> None:
    """附录, as in the PDF: the units and their titles in the call's order, and the count per type."""
    from jlt_cli.outputs.brochure.html import appendix_units

    _heading(doc, "附　录", 1, fonts["sans"], page_break_before=True, centered=True)
    _heading(doc, "一、案例报送单位一览", 3, fonts["sans"])
    listed = [(case.unit, print_text(case.title)) for ch in selection.chapters for case in ch.cases]
    rows = [["序号", "报送单位", "案例题目"]] + [
        [str(n), unit or "（未注明单位）", "\n".join(titles)] for n, (unit, titles) in enumerate(appendix_units(listed, config), 1)]
    _table(doc, rows, fonts["serif"])
    _heading(doc, "二、各类案例数量", 3, fonts["sans"])
    counts = [[ch.title, str(len(ch.cases))] for ch in selection.chapters]
    _table(doc, [["案例类型", "篇数"]] + counts + [["合计", str(sum(len(ch.cases) for ch in selection.chapters))]],
           fonts["serif"])


def write_docx_brochure(selection: "Selection", config: "Config", out: Path) -> Path:
    """Write the Word brochure for ``selection`` to ``out`` atomically (temp file + os.replace)."""
    doc = build_docx_brochure(selection, config)
    atomic_write(Path(out), lambda tmp: doc.save(str(tmp)))
    return Path(out)


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
        on_stage("正在生成 Word 文档")
    write_docx_brochure(selection, config, target)
    report.size = target.stat().st_size
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["build_docx", "build_docx_brochure", "write_docx_brochure", "set_east_asian_font", "clean_text"]
