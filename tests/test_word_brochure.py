"""The Word brochure as the PDF: 目录 with real page numbers, a title page per chapter, numbers from the first
chapter page, tables sized to their content, no title line holding one character.

Built from the samples plus two cases written here (a table with 序号, a title one character too long for a
line); read back with python-docx, and (slow tier) laid out by LibreOffice and read with pypdf/pdftotext.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from casebuilder import MEASURES, case_markdown, write
from click.testing import CliRunner
from conftest import SAMPLES

from jlt_cli.cli import app

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()
# 20 characters, no space and no phrase boundary: at 22 pt the type area holds 19, so Word would leave “网” alone
LONG_TITLE = "构建留守儿童关爱服务体系织密校园安全防护网"[:20]
TABLE = ("| 序号 | 活动名称 | 参与人数 |\n| --- | --- | --- |\n"
         "| 1 | 家长夜校：隔代教养与亲子沟通专题讲座（每月一期） | 320 人次 |\n"
         "| 2 | 周末课堂：五老志愿者讲家风家训故事 | 180 人次 |\n")
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("word-brochure") / "收件"
    folder.mkdir()
    for path in list(SAMPLES.glob("*.md")) + list(SAMPLES.glob("*.docx")):
        shutil.copy(path, folder / path.name)
    if (SAMPLES / "图片").is_dir():
        shutil.copytree(SAMPLES / "图片", folder / "图片")
    write(folder, "社区学校_钱塘镇_长题目.md",
          case_markdown(title=LONG_TITLE, declared="社区学校建设案例",
                        texts={"measures": MEASURES + "\n\n表1 活动开展情况\n\n" + TABLE}))
    return folder


@pytest.fixture(scope="module")
def selection(inbox):
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.outputs.selection import select_cases
    from jlt_cli.pipeline import validate_paths

    config = Config(load_defaults())
    result = validate_paths([inbox], config, keep_images=True)
    return select_cases(result.cases, config), config


def _unfilled(selection, tmp_path: Path) -> Path:
    from jlt_cli.outputs.docx_brochure import write_docx_brochure

    out = tmp_path / "汇编.docx"
    write_docx_brochure(*selection, out, fill_toc=False)
    return out


# ---------------------------------------------------------------- structure (fast)


def test_pages_as_the_pdf(selection, tmp_path):
    import docx

    doc = docx.Document(str(_unfilled(selection, tmp_path)))
    sel, _ = selection
    chapters = [ch for ch in sel.chapters if ch.cases]
    heading1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heading1 == [f"第{'一二三四'[i]}部分　{ch.title}" for i, ch in enumerate(chapters)] + ["附　录"]
    assert "共 " in "".join(p.text for p in doc.paragraphs)
    sections = doc.sections
    # cover and 目录 unnumbered; the first chapter page starts the numbering at 1, on a right-hand page
    numbered = [i for i, s in enumerate(sections) if "PAGE" in s.footer._element.xml]
    assert numbered and numbered[0] >= 2
    assert all("PAGE" not in s.footer._element.xml for s in sections[: numbered[0]])
    first = sections[numbered[0]]._sectPr
    assert first.find(f"{W}pgNumType").get(f"{W}start") == "1"
    assert first.find(f"{W}type").get(f"{W}val") == "oddPage"
    assert all(s._sectPr.find(f"{W}pgNumType") is None for s in sections[numbered[0] + 1:])  # then it runs on
    # running heads: the chapter on right-hand pages, the book on left-hand ones; none on a chapter's title page
    heads = [(s.header.paragraphs[0].text if s.header.paragraphs else "", s.even_page_header.paragraphs[0].text
              if s.even_page_header.paragraphs else "") for s in sections]
    book = "合川区家校社协同育人“教联体”建设成果案例汇编"
    assert (chapters[0].title, book) in heads and ("附　录", book) in heads
    assert heads[numbered[0]] == ("", "")
    assert doc.settings.odd_and_even_pages_header_footer
    assert doc.settings.element.find(f"{W}mirrorMargins") is not None


def test_toc_left_for_word_says_how_to_fill_it(selection, tmp_path, monkeypatch):
    import docx

    from jlt_cli.outputs.docx_brochure import TOC_HOW_TO, write_docx_brochure

    monkeypatch.setattr("jlt_cli.outputs.word_toc.soffice_path", lambda: None)
    out = tmp_path / "汇编.docx"
    reason = write_docx_brochure(*selection, out)
    assert reason and "LibreOffice" in reason
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert TOC_HOW_TO in texts
    begin = next(doc.element.body.iter(f"{W}fldChar"))
    assert begin.get(f"{W}dirty") == "true"
    assert doc.settings.element.find(f"{W}updateFields").get(f"{W}val") == "true"


def test_build_says_when_the_toc_has_no_numbers(inbox, tmp_path, monkeypatch):
    monkeypatch.setattr("jlt_cli.outputs.word_toc.soffice_path", lambda: None)
    res = runner.invoke(app, ["build", str(inbox), "-o", str(tmp_path / "汇编.docx")])
    assert res.exit_code == 0, res.output
    assert "目录未填页码" in res.output and "更新域" in res.output


def test_a_broken_libreoffice_falls_back_cleanly(selection, tmp_path):
    from jlt_cli.outputs.word_toc import layout_with_libreoffice

    before = set(Path(tempfile.gettempdir()).glob("jlt-toc-*"))
    data, reason = layout_with_libreoffice(_unfilled(selection, tmp_path).read_bytes(), soffice="/bin/false", timeout=5)
    assert data is None and "LibreOffice" in reason
    assert set(Path(tempfile.gettempdir()).glob("jlt-toc-*")) == before  # its private folder removed


def test_table_columns_sized_from_content(selection, tmp_path):
    import docx

    from jlt_cli.outputs.docx_brochure import column_widths

    doc = docx.Document(str(_unfilled(selection, tmp_path)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号" and t.rows[0].cells[1].text == "活动名称")
    grid = [int(c.get(f"{W}w")) / 20 for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
    assert grid[0] < grid[2] < grid[1]  # 序号 narrow, the names wide
    assert grid[0] >= 2 * 10.5 + 10  # “序号” on one line: two characters and the cell's margins
    assert abs(sum(grid) - 434) < 3  # the type area, as the PDF's 100 %
    assert table._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    units = next(t for t in doc.tables if t.rows[0].cells[1].text == "报送单位")
    grid = [int(c.get(f"{W}w")) / 20 for c in units._tbl.tblGrid.findall(f"{W}gridCol")]
    assert grid[0] < grid[1] < grid[2]
    # a unit's name of 11 characters fits its column at 12 pt (the PDF gives it 13em)
    assert grid[1] >= 11 * 12 + 10
    widths = column_widths([["序号", "题目"], ["1", "一" * 80]], 400, 10.5)
    assert widths[0] < 40 and abs(sum(widths) - 400) < 0.01


def test_a_title_one_character_too_long_is_balanced(selection, tmp_path):
    import docx

    from jlt_cli.outputs.docx_brochure import TITLE_PT, type_width_pt

    assert len(LONG_TITLE) == int(type_width_pt() // TITLE_PT) + 1  # unbalanced, “网” would stand alone
    doc = docx.Document(str(_unfilled(selection, tmp_path)))
    title = next(p for p in doc.paragraphs if p.style.name == "Heading 2" and p.text.replace("\n", "") == LONG_TITLE)
    if "\n" in title.text:  # broken between words near the middle (as the PDF breaks it)
        first, second = title.text.split("\n")
        assert abs(len(first) - len(second)) <= len(LONG_TITLE) // 5 and min(len(first), len(second)) >= 6
        return
    fmt = title.paragraph_format
    room = type_width_pt() - fmt.left_indent.pt - fmt.right_indent.pt
    assert room // TITLE_PT in (len(LONG_TITLE) // 2 + 1, len(LONG_TITLE) // 2 + 2)  # two even lines


# ---------------------------------------------------------------- laid out by LibreOffice (slow)


def _pdf_of(docx_path: Path, out: Path) -> Path:
    profile = out / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(docx_path)], check=True, timeout=300, capture_output=True)
    return out / (docx_path.stem + ".pdf")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="module")
def built(inbox, tmp_path_factory):
    out = tmp_path_factory.mktemp("built") / "汇编.docx"
    res = runner.invoke(app, ["build", str(inbox), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "目录未填页码" not in res.output, res.output
    pdf = _pdf_of(out, out.parent)
    return out, pdf


@pytest.mark.slow
@needs_soffice
def test_toc_page_numbers_are_the_pages_where_cases_start(built, selection):
    import docx
    from pypdf import PdfReader

    out, pdf = built
    doc = docx.Document(str(out))
    entries = [p.text.rsplit("\t", 1) for p in doc.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert len(entries) >= 10 and all(page.isdigit() for _, page in entries)
    assert not [p for p in doc.paragraphs if "尚未生成页码" in p.text]
    assert doc.settings.element.find(f"{W}updateFields") is None  # filled: Word does not ask on open
    pages = [_compact(p.extract_text()) for p in PdfReader(str(pdf)).pages]
    printed = []
    for text in pages:
        m = re.search(r"—(\d+)—", text)
        printed.append(int(m.group(1)) if m else None)
    toc_pages = [i for i, t in enumerate(pages) if "目录" in t[:10]]
    assert toc_pages and all(n is None for n in printed[: toc_pages[-1] + 1])  # cover and 目录 unnumbered
    checked = 0
    for title, page in entries:
        key = _compact(title)[:12]
        where = next(i for i, t in enumerate(pages) if i > toc_pages[-1] and key in t)
        assert printed[where] == int(page), (title, page, printed[where])
        checked += 1
    assert checked == len(entries)
    first_chapter = next(i for i, t in enumerate(pages) if i > toc_pages[-1] and "第一部分" in t)
    assert printed[first_chapter] == 1  # numbers start where the PDF's do: the first chapter page


@pytest.mark.slow
@needs_soffice
def test_no_title_line_holds_one_character(built):
    _, pdf = built
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page = next(p for p in layout.split("\f") if LONG_TITLE[:6] in _compact(p) and "目录" not in _compact(p)[:10])
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if _compact(line) and LONG_TITLE.startswith(_compact(line)[:4]))
    title_lines = []
    for line in lines[start:]:
        if "".join(title_lines) == LONG_TITLE:
            break
        title_lines.append(_compact(line))
    assert "".join(title_lines) == LONG_TITLE
    assert all(len(line) >= 2 for line in title_lines), title_lines
    assert not re.search(r"^序$", layout, flags=re.M)  # “序号” never broken in two


@pytest.mark.slow
@needs_soffice
def test_word_pages_look_right(built, tmp_path):
    """Page images for a person to look at (kept when JLT_KEEP_PAGES is set); here: each page renders."""
    _, pdf = built
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) >= 20 and all(p.stat().st_size > 1000 for p in images)
