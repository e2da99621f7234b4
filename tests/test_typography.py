"""Issue 12: the brochure's typography, measured in real PDFs (pypdf, pdftotext -bbox, pdfimages, page images).

标点挤压 (two adjacent full-width marks take 1.5 em, text copied out unchanged), 目录 lines that never hold one
character or only dots, room between the running head's rule and a title/table/picture that starts a page,
A5 paper, and pictures under 150 ppi at their printed size.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader

from casebuilder import case_markdown, write
from jlt_cli.config import Config, load_defaults
from jlt_cli.outputs.brochure import BuildError, build_brochure

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_CASE = SAMPLES / "护校安园_南津街街道_织密护校网.md"
needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("pdfimages")),
                                   reason="poppler-utils（pdftotext、pdftoppm、pdfimages）未安装")
pytestmark = needs_poppler

# 10 characters each; no mark beside another in CONTROL, two pairs (，“ and ”。) in SQUEEZED.
CONTROL = "对照甲，乙“丙”丁。"
SQUEEZED = "挤压甲乙，“丙”。丁"
# every kind of pair: closing+opening, closing+closing, colon+quote, stop+quote, opening+opening
PAIRS = "他说：“好。”随后（见表1）。家长们说“《家庭教育促进法》讲得好”，“一人一策”落到了实处！“网格+护学岗”）"
TOC_BASE = "钱塘镇办好家门口的社区家长学校打造家校社协同育人新阵地推动家庭教育指导服务向村组延伸培育本土家庭教育讲师队伍让更多家庭受益"
MARKS = "，。、；：？！）】》」』〉〕”’“‘（【《「『〈〔"


def _config(**brochure) -> Config:
    data = load_defaults()
    data["brochure"].update(brochure)
    return Config(data)


def _nows(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _prose(seed: int, chars: int) -> str:
    """Distinct text (near-copies are left out of the brochure as duplicates), made of whole words: a jumble of
    single characters puts surname-like characters beside 儿童/村, which the privacy check rightly reads as names."""
    rnd = random.Random(seed)
    words = ["社区家长学校", "开展", "家庭教育指导", "服务", "课程", "活动", "志愿者", "镇街", "村组", "儿童之家", "关爱帮扶",
             "心理健康讲座", "亲子阅读", "课堂", "覆盖", "群众", "参与", "人次", "定期", "组织", "推动", "完善", "机制"]
    out = ""
    while len(out) < chars:
        out += rnd.choice(words)
    return out[:chars] + "。"


def _toc_case(folder: Path, n: int) -> None:
    """A short case whose title is the first ``n`` characters of TOC_BASE."""
    texts = {k: _prose(n * 10 + i, 120) for i, k in enumerate(("basic", "measures", "results", "plans"))}
    write(folder, f"目录{n:02d}.md", case_markdown(title=TOC_BASE[:n], declared="社区学校建设案例", texts=texts))


def _picture(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    PILImage.new("RGB", size, colour).save(path)


# A4 column 153.2 mm = 6.03 in: a 2:1 picture fills it (76.6 mm tall, under the 88 mm cap), so 844 px wide print
# at 140 ppi and 1206 px at 200 ppi (pdfimages confirms below).
LOW, SHARP = (844, 422), (1206, 603)


@pytest.fixture(scope="module")
def brochure(tmp_path_factory):
    """One A4 brochure holding every case the tests look at."""
    root = tmp_path_factory.mktemp("typo")
    inbox = root / "收件"
    inbox.mkdir()
    # colours that are not the running head's red (the rule is found by its colour)
    _picture(inbox / "低清晰度.png", LOW, (60, 110, 170))
    _picture(inbox / "清晰.png", SHARP, (70, 140, 90))
    _picture(inbox / "清晰2.png", SHARP, (90, 90, 90))
    _picture(inbox / "清晰3.png", SHARP, (150, 120, 40))
    table = "| 学校 | 护学岗 | 值守人次 |\n|---|---|---|\n" + "".join(f"| 第{i}小学 | {i % 4 + 1} | {100 + i * 7} |\n" for i in range(1, 61))
    pictures = "".join(f"![图{i} 护学岗{i}]({name})\n\n" for i, name in enumerate(["低清晰度.png", "清晰.png", "清晰2.png", "清晰3.png"], 1))
    text = SAMPLE_CASE.read_text(encoding="utf-8")
    extra = f"{CONTROL}\n\n{SQUEEZED}\n\n{PAIRS}\n\n**表1 护学岗值守情况**\n\n{table}\n{pictures}"
    assert "（四）工作成效\n\n" in text
    (inbox / "排版.md").write_text(text.replace("（四）工作成效\n\n", "（四）工作成效\n\n" + extra, 1), encoding="utf-8")
    for n in (31, 32, 33):  # the 目录 measure holds 32 characters: a title that just fits, fills, and just spills
        _toc_case(inbox, n)
    out = root / "汇编.pdf"
    report = build_brochure([inbox], _config(), out)
    assert report.included == 4, [e.reasons for e in report.excluded]
    return out, report, PdfReader(out)


# ---------- reading the PDF back ----------

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def _lines(pdf: Path) -> list[tuple[int, str, float, float, float]]:
    """Every printed line as (page index, text, left x, right x, height) in PDF points, from pdftotext -bbox."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for n, page in enumerate(xml.split("<page ")[1:]):
        rows: dict[float, list] = {}
        for x0, y0, x1, y1, word in _WORD.findall(page):
            rows.setdefault(round(float(y1), 0), []).append((float(x0), float(x1), float(y1) - float(y0), word))
        for _, words in sorted(rows.items()):
            words.sort()
            out.append((n, "".join(w[3] for w in words), words[0][0], max(w[1] for w in words), words[0][2]))
    return out


def _line(pdf: Path, text: str) -> tuple[int, str, float, float, float]:
    found = [line for line in _lines(pdf) if line[1] == text]
    assert len(found) == 1, (text, found)
    return found[0]


def _page_images(pdf: Path, folder: Path, dpi: int) -> list[PILImage.Image]:
    """Every page as pdftoppm renders it (PPM: the same pixels as -png, written 4× faster)."""
    folder.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), str(pdf), str(folder / "p")], check=True, capture_output=True, timeout=120)
    return [PILImage.open(p).convert("RGB") for p in sorted(folder.glob("p-*.ppm"))]


def _image_ppi(pdf: Path) -> dict[tuple[int, int], float]:
    """(width, height) in pixels → x-ppi as drawn, from pdfimages -list."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    out = {}
    for row in listing.splitlines()[2:]:
        cols = row.split()
        if len(cols) > 13 and cols[2] == "image":
            out[(int(cols[3]), int(cols[4]))] = float(cols[12])
    return out


# ---------- 1. 标点挤压 ----------

def test_adjacent_marks_take_one_and_a_half_em(brochure):
    """Ten characters with no two marks side by side measure 10 em; with two pairs (，“ ”。) 9 em: each pair 1.5 em."""
    pdf = brochure[0]
    _, _, x0, x1, _ = _line(pdf, CONTROL)
    em = (x1 - x0) / 10
    assert 13.5 < em < 14.5  # 四号 body text: single marks keep their whole em
    _, _, x0, x1, _ = _line(pdf, SQUEEZED)
    assert (x1 - x0) / em == pytest.approx(9.0, abs=0.05)


def test_squeezed_text_copies_out_unchanged(brochure):
    """The marks are the same characters: no space, no character added or lost when copying out of the PDF."""
    reader = brochure[2]
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    joined = text.replace("\n", "")
    for sample in (CONTROL, SQUEEZED, PAIRS):
        assert sample in joined, sample
    # nothing between two marks anywhere in the document (pypdf writes a space where it sees a gap)
    assert not re.search(f"[{MARKS}] +[{MARKS}]", text)


def test_only_pairs_are_squeezed_in_the_html():
    """The span goes around the first mark of a pair (or the second of two opening marks), never a lone mark."""
    from jlt_cli.outputs.brochure.html import squeeze_punctuation

    def marked(text: str) -> str:
        return squeeze_punctuation(f"<p>{text}</p>").replace('<span class="squeeze">', "[").replace("</span>", "]")[3:-4]

    assert marked("甲，乙。丙（丁）戊“己”") == "甲，乙。丙（丁）戊“己”"
    assert marked("他说：“好。”") == "他说[：]“好[。]”"
    assert marked("见表1）。“《论语》”") == "见表1[）][。]“[《]论语[》]”"
    # across an inline tag (the bound line end of a paragraph) but not across paragraphs
    assert squeeze_punctuation('<p>“好<span class="nobr">”。</span></p><p>“</p>') == \
        '<p>“好<span class="nobr"><span class="squeeze">”</span>。</span></p><p>“</p>'
    html = '<head><title>“甲”，“乙”</title></head><body><p title="，“">，“</p></body>'
    assert squeeze_punctuation(html) == '<head><title>“甲”，“乙”</title></head><body><p title="，“"><span class="squeeze">，</span>“</p></body>'


def _first_line_boxes(text: str, align: str) -> list[tuple[str, float, float]]:
    """(text, x, width) of the text boxes on the first line of a paragraph, laid out as the brochure does."""
    from weasyprint import HTML

    from jlt_cli.outputs.brochure.html import squeeze_punctuation
    from jlt_cli.outputs.brochure.justify import cjk_justification

    html = ("<html lang='zh-CN'><style>.squeeze { font-feature-settings: 'halt' } "
            f"p {{ font: 20px 'Noto Serif CJK SC'; width: 21.3em; text-align: {align} }}</style><p>{text}</p>")
    with cjk_justification():
        page = HTML(string=squeeze_punctuation(html)).render().pages[0]
    lines: list = []

    def walk(box) -> None:
        if type(box).__name__ == "LineBox":
            lines.append([])
        if type(box).__name__ == "TextBox":
            lines[-1].append((box.text, box.position_x, box.width))
        for child in getattr(box, "children", []):
            walk(child)

    walk(page._page_box)
    return lines[0]


def test_justified_line_spreads_evenly_around_squeezed_marks():
    """A squeezed mark is a span of its own, so a line is several text boxes: every gap between two characters
    gets the same stretch, the gaps where a span begins or ends too, and the line ends flush."""
    text = "甲乙丙丁戊己庚辛，“壬癸”。子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒"
    natural, justified = _first_line_boxes(text, "left"), _first_line_boxes(text, "justify")
    assert [b[0] for b in natural] == [b[0] for b in justified] and len(justified) >= 4
    chars = sum(len(t) for t, _, _ in natural)
    extra = 21.3 * 20 - sum(w for _, _, w in natural)
    assert 0 < extra < 20
    stretch = extra / (chars - 1)
    before = 0
    for (t, x0, _), (_, x1, _) in zip(natural, justified):
        assert x1 - x0 == pytest.approx(before * stretch, abs=0.01), t
        before += len(t)
    last_text, last_x, last_width = justified[-1]
    assert last_x + last_width == pytest.approx(natural[0][1] + 21.3 * 20, abs=0.01)  # flush right


# ---------- 2. 目录 ----------

def _toc_lines(reader: PdfReader) -> list[str]:
    pages = [p.extract_text() or "" for p in reader.pages]
    toc = [t for t in pages if _nows(t).startswith("目录")]
    assert toc
    # following TOC pages (a long 目录) have no title: take pages up to the first chapter page
    start = pages.index(toc[0])
    for t in pages[start + 1:]:
        if not re.search(r"[.…]{5,}\s*\d+\s*$", t.strip().splitlines()[-1] if t.strip() else ""):
            break
        toc.append(t)
    return [line.strip() for t in toc for line in t.splitlines() if line.strip() and _nows(line) != "目录"]


def _check_toc_lines(reader: PdfReader) -> list[str]:
    lines = _toc_lines(reader)
    for line in lines:
        words = re.sub(r"[.…·\s\d]", "", line)
        assert len(words) >= 2, f"目录中的一行只有一个字或只有引线：{line!r}\n" + "\n".join(lines)
    return lines


def test_toc_lines_never_hold_one_character_or_only_dots(brochure):
    lines = _check_toc_lines(brochure[2])
    # the three titles around the measure are there, whole, each followed by its page number
    toc = "".join(_nows(line) for line in lines)
    for n in (31, 32, 33):
        assert re.search(re.escape(TOC_BASE[:n]) + r"\.+\d+", toc), n
    assert any(_nows(line).startswith(TOC_BASE[31:33]) for line in lines)  # 33 characters did wrap: two go down


@pytest.mark.slow
def test_toc_lines_for_every_title_length(tmp_path):
    """Titles of 26–65 characters: each remainder of the 32-character TOC measure, one and two lines."""
    inbox = tmp_path / "收件"
    inbox.mkdir()
    for n in range(26, 66):
        _toc_case(inbox, n)
    out = tmp_path / "汇编.pdf"
    report = build_brochure([inbox], _config(), out)
    assert report.included == 40
    lines = _check_toc_lines(PdfReader(out))
    assert sum(1 for line in lines if re.search(r"\d+$", line)) == 40 + 2  # every case, chapter and 附录 a number


# ---------- 2. the running head stands clear of the page's first line ----------

def _ink(image: PILImage.Image) -> PILImage.Image:
    """A mask of the ink (anything darker than light grey) of ``image``."""
    return image.convert("L").point(lambda v: 255 if v < 200 else 0)


def _rule_and_first_ink(page: PILImage.Image, dpi: int, top_mm: float = 45) -> tuple[int, int] | None:
    """Rows (pixels) of the running head's red rule and of the first ink below it, or None (a page without head)."""
    from PIL import ImageChops

    width, height = page.size
    left, right, top = int(width * 0.12), int(width * 0.88), int(top_mm / 25.4 * dpi)
    r, g, _ = page.crop((left, 0, right, top)).split()
    red = ImageChops.subtract(r, g).point(lambda v: 255 if v > 25 else 0)
    share = red.resize((1, top), PILImage.Resampling.BOX).tobytes()  # per row: the share of red pixels
    rows = [y for y, v in enumerate(share) if v > 0.6 * 255]
    if not rows:
        return None
    rule, below = rows[0], rows[0]
    while below + 1 < top and share[below + 1] > 0.1 * 255:
        below += 1  # the rule's own anti-aliased rows
    box = _ink(page.crop((left, below + 1, right, height))).getbbox()
    return rule, (below + 1 + box[1]) if box else height


def _head_gaps(pdf: Path, folder: Path, dpi: int = 100) -> list[tuple[int, float, bool]]:
    """(page number, mm between the head rule and the first ink under it, whether that ink is a wide block)."""
    out = []
    for n, page in enumerate(_page_images(pdf, folder, dpi), 1):
        found = _rule_and_first_ink(page, dpi)
        if found is None:
            continue
        rule, ink = found
        width = page.size[0]
        row = _ink(page.crop((0, ink + 2, width, ink + 3))).histogram()[255]
        out.append((n, (ink - rule) / dpi * 25.4, row > 0.5 * width))  # wide: a table's top border or a picture
    return out


def test_running_head_does_not_touch_the_first_line(brochure, tmp_path):
    gaps = _head_gaps(brochure[0], tmp_path / "pages")
    assert len(gaps) >= 6
    assert any(wide for _, _, wide in gaps), "no page of the test starts with a table or picture"
    close = [(n, round(mm, 1)) for n, mm, _ in gaps if mm < 3.0]
    assert not close, f"页眉线与正文首行之间不足 3 mm：{close}"


# ---------- 2. pictures judged at their printed size ----------

def test_pictures_under_150_ppi_are_reported(brochure):
    pdf, report, _ = brochure
    drawn = _image_ppi(pdf)
    assert drawn[LOW] == pytest.approx(140, abs=3) and drawn[SHARP] == pytest.approx(200, abs=3)  # as printed
    low = [w for w in report.warnings if "ppi" in w]
    assert len(low) == 1, report.warnings
    assert "排版.md" in low[0] and "低清晰度.png" in low[0] and "图1 护学岗1" in low[0] and "140 ppi" in low[0]
    assert not any("清晰.png" in w or "清晰2.png" in w for w in report.warnings)


# ---------- 2. A5 ----------

def test_unsupported_paper_is_refused_in_chinese(tmp_path):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(SAMPLE_CASE, inbox / SAMPLE_CASE.name)
    out = tmp_path / "汇编.pdf"
    with pytest.raises(BuildError, match="只为 A4 和 A5 设计.*brochure.paper 改为 A4 或 A5"):
        build_brochure([inbox], _config(paper="B5"), out)
    assert not out.exists()


@pytest.mark.slow
def test_a5_brochure_is_laid_out_for_a5(tmp_path):
    """The samples on A5: A5 pages, type scaled to 0.75, nothing outside the type area, pictures and tables within."""
    a4, a5 = tmp_path / "a4.pdf", tmp_path / "a5.pdf"
    build_brochure([SAMPLES], _config(), a4)
    report = build_brochure([SAMPLES], _config(paper="a5"), a5)
    reader = PdfReader(a5)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((419.53, 595.28), abs=0.5)
    assert "重庆市合川区教育委员会" in (reader.pages[0].extract_text() or "")  # the cover is one page, foot included
    # body type: lines of text are 0.75 the height of A4's
    def body_height(pdf: Path) -> float:
        heights = sorted(h for _, text, _, _, h in _lines(pdf) if len(text) >= 15)
        return heights[len(heights) // 2]
    assert body_height(a5) / body_height(a4) == pytest.approx(0.75, abs=0.03)
    # no ink outside the type area (left/right) on any page but the cover, nor below the page number
    dpi = 50
    mm = 25.4 / dpi
    for n, page in enumerate(_page_images(a5, tmp_path / "a5", dpi)[1:], 2):
        box = _ink(page).getbbox()
        if box:
            width, height = page.size
            assert box[0] * mm >= 18.5 and (width - box[2]) * mm >= 18.5, f"第 {n} 页超出版心：{box}"
            assert (height - box[3]) * mm >= 12, f"第 {n} 页超出下边：{box}"
    # pictures set within the narrower column and lower cap; their resolution judged at that size
    for (w, h), ppi in _image_ppi(a5).items():
        assert w / ppi * 25.4 <= 107.6 and h / ppi * 25.4 <= 62.1
    assert not [w for w in report.warnings if "ppi" in w]
    gaps = _head_gaps(a5, tmp_path / "heads")
    assert gaps and min(mm for _, mm, _ in gaps) >= 2.5


# ---------- 1. line breaks and justification with squeezed pairs ----------

@pytest.mark.slow
def test_squeezed_pairs_break_and_justify_like_other_text(tmp_path):
    """Pairs at every position of a line: no line starts with a closing mark or ends with an opening one, the
    text copies out whole, and full lines still reach the right edge (两端对齐)."""
    inbox = tmp_path / "收件"
    inbox.mkdir()
    paras = "\n\n".join("验" + "测" * n + "，“引号”。他说：“好。”（注）《书》" + "测" * 30 + "。" for n in range(0, 31))
    text = SAMPLE_CASE.read_text(encoding="utf-8")
    (inbox / "c.md").write_text(text.replace("（二）基本情况\n\n", f"（二）基本情况\n\n{paras}\n\n", 1), encoding="utf-8")
    out = tmp_path / "汇编.pdf"
    build_brochure([inbox], _config(), out)
    lines = [line for p in PdfReader(out).pages for line in (p.extract_text() or "").splitlines() if line.strip()]
    assert not [line for line in lines if line[0] in "，。、；：？！）】》」』〉〕”’"]
    assert not [line for line in lines if line[-1] in "“‘（【《「『〈〔"]
    assert "".join(lines).count("，“引号”。他说：“好。”（注）《书》") >= 28  # the rest are split by a page break
    # full lines of these paragraphs end at the same x on a page (the measure), whatever pairs they hold
    # (lines ending in a mark are left out: poppler gives a squeezed mark its whole em as a box)
    rights: dict[int, list[float]] = {}
    for page, text, _, x1, _ in _lines(out):
        if "测" in text and len(text) >= 28 and text[-1] not in MARKS:
            rights.setdefault(page, []).append(x1)
    assert sum(len(r) for r in rights.values()) > 20
    assert all(max(r) - min(r) < 0.5 for r in rights.values()), rights


@pytest.mark.parametrize("title, lines", [
    ("“童心相伴”志愿服务助力随迁子女融入城市", ["“童心相伴”志愿服务", "助力随迁子女融入城市"]),
    ("党建引领家长夜校进社区家校社携手共育好少年", ["党建引领家长夜校进社区", "家校社携手共育好少年"]),
    ("法治进校园护航助成长", ["法治进校园护航助成长"]),
])
def test_a_long_title_breaks_between_words_near_its_middle(title, lines):
    """No phrase boundary near the middle: the title breaks between two words there, never leaving 城市 alone."""
    from jlt_cli.outputs.brochure.html import title_lines

    assert title_lines(title, 19) == lines
