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
from pathlib import Path
from typing import TYPE_CHECKING

from jlt_cli.base.atomic import atomic_write
from jlt_cli.base.numerals import ordinal_label
from jlt_cli.model import Block, Case, Image
from jlt_cli.outputs.brochure.html import appendix_units, case_view
from jlt_cli.outputs.docx_brochure.blocks import (
    add_body_paragraph,
    add_case,
    add_heading,
    add_table,
    balanced_title,
    column_widths,
)
from jlt_cli.outputs.docx_brochure.front import TOC_HOW_TO, add_cover, add_front_title, add_preface, add_toc, toc_headings
from jlt_cli.outputs.docx_brochure.page import (
    BODY_PT,
    LINE_PT,
    TITLE_PT,
    mirror_margins,
    new_section,
    ooxml_name,
    set_brochure_page,
    set_furniture,
    type_width_pt,
)
from jlt_cli.outputs.word import add_run, clean_text, set_east_asian_font, style_document

if TYPE_CHECKING:
    from jlt_cli.config import Config
    from jlt_cli.outputs.selection import Selection

__all__ = ["TITLE_PT", "TOC_HOW_TO", "build_docx", "build_docx_brochure", "column_widths", "toc_headings", "type_width_pt",
           "write_docx_brochure"]


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
    mirror_margins(doc)
    doc.settings.odd_and_even_pages_header_footer = True

    book = str(config.get("brochure", "title") or "")
    first = doc.sections[0]
    set_brochure_page(first)
    set_furniture(doc, first, fonts, numbers=False)  # cover, 前言 and 目录: no page number, as in the PDF
    add_cover(doc, config, fonts)
    if config.preface_path is not None:
        set_furniture(doc, new_section(doc), fonts, numbers=False)  # on a right-hand page, as the PDF's
        add_preface(doc, config, fonts)
    set_furniture(doc, new_section(doc), fonts, numbers=False)
    add_front_title(doc, "目　录", fonts)
    headings = toc_headings(selection, config)
    entries = None
    if toc_pages is not None and len(toc_pages) == len(headings):
        entries = [(level, text, page) for (level, text), page in zip(headings, toc_pages)]
    add_toc(doc, fonts, entries)

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
        set_furniture(doc, new_section(doc), fonts, start=1 if n == 1 else None)
        head = add_heading(doc, f"第{ordinal_label(n)}部分　{chapter.title}", 1, fonts["title"], size=26, centered=True,
                        line_pt=40, bold=False)
        head.paragraph_format.space_before = Mm(55)
        balanced_title(head, head.text, 26)  # a long chapter name from jlt.yaml: two even lines
        _chapter_rules(head)
        count = doc.add_paragraph()
        count.alignment = WD_ALIGN_PARAGRAPH.CENTER
        count.paragraph_format.space_before = Mm(8)
        add_run(count, f"共 {len(chapter.cases)} 篇", fonts["kai"], size_pt=BODY_PT, colour=(0x44, 0x44, 0x44))
        set_furniture(doc, new_section(doc, odd_page=False), fonts, odd=chapter.title, even=book)
        for i, case in enumerate(chapter.cases):
            index += 1
            view = case_view(case, index, config, hook)
            listed.append((view.unit, view.title))
            add_case(doc, view, images, fonts, max_px, new_page=i > 0)  # the first starts the section's page
    if not chapters:
        add_body_paragraph(doc, "（没有审核通过的案例）", fonts["serif"])
    else:
        set_furniture(doc, new_section(doc), fonts, odd="附　录", even=book)
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
            el.set(ooxml_name(k), v)
        borders.append(el)
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")


def _appendix(doc, selection: "Selection", config: "Config", fonts: dict[str, str], listed: list[tuple[str, str]]) -> None:
    """附录, as in the PDF: the units and their titles in the call's order, and the count per type."""
    from docx.shared import Mm, Pt

    head = add_heading(doc, "附　录", 1, fonts["title"], size=TITLE_PT, centered=True, line_pt=33, bold=False)
    head.paragraph_format.space_after = Mm(10)
    sub = add_heading(doc, "一、案例报送单位一览", 3, fonts["sans"], size=15)
    sub.paragraph_format.space_after = Pt(6)
    rows = [["序号", "报送单位", "案例题目"]] + [
        [str(n), unit or "（未注明单位）", "\n".join(titles if len(titles) == 1 else [f"· {t}" for t in titles])] for n, (unit, titles) in enumerate(appendix_units(listed, config), 1)]
    add_table(doc, rows, fonts, size=12, centre_columns={0})
    sub = add_heading(doc, "二、各类案例数量", 3, fonts["sans"], size=15)
    sub.paragraph_format.space_before = Mm(8)
    sub.paragraph_format.space_after = Pt(6)
    counts = [[ch.title, str(len(ch.cases))] for ch in selection.chapters]
    add_table(doc, [["案例类型", "篇数"]] + counts + [["合计", str(sum(len(ch.cases) for ch in selection.chapters))]],
           fonts, size=12, centre_columns={1}, width_pt=type_width_pt() * 0.7)


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
