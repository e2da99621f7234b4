"""Letters to units ready to send from Word/WPS: addressed, fonts an office PC has, signature kept with the text.

The fonts are checked in the .docx XML itself (what Word reads); the layout by rendering real letters through
LibreOffice (slow tier) and reading the PDF's pages back.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from casebuilder import case_markdown, write
from click.testing import CliRunner

from jlt_cli.cli import app

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()
ISSUER = "重庆市合川区教育委员会"


def _case_with(n: int, unit: str = "钱塘镇"):
    from jlt_cli.model import Case, Finding, Severity

    case = Case(path=Path(f"社区学校_{unit}_家长学校.md"), display_path=f"社区学校_{unit}_家长学校.md", format="markdown",
                title="办好家门口的社区家长学校", unit=unit)
    for k in range(n):
        case.findings.append(Finding("empty-section", Severity.ERROR if k % 2 == 0 else Severity.WARNING,
                                     f"第{k + 1}处：“工作成效”部分只有 5 个字。请在该标题下写出具体内容，写明数据、事例和群众评价。",
                                     line=k + 3, section="工作成效"))
    return case


def _letter(tmp_path: Path, n: int = 2, config=None, name: str = "letter.docx") -> Path:
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.outputs.feedback_letters import UnitFeedback, build_letter

    out = tmp_path / name
    build_letter(UnitFeedback("钱塘镇", [_case_with(n)]), config or Config(load_defaults())).save(str(out))
    return out


# ---------------------------------------------------------------- fonts


def _fonts_in(path: Path) -> set[str]:
    """Every font name the document's XML names (runs, styles, defaults)."""
    from lxml import etree

    names = set()
    with zipfile.ZipFile(path) as z:
        for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
            if part in z.namelist():
                for rf in etree.fromstring(z.read(part)).iter(f"{W}rFonts"):
                    names |= {rf.get(f"{W}{a}") for a in ("ascii", "hAnsi", "eastAsia") if rf.get(f"{W}{a}")}
    return names


def test_letter_fonts_are_office_fonts_set_through_east_asia(tmp_path):
    import docx

    path = _letter(tmp_path)
    doc = docx.Document(str(path))
    body = doc.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert body.get(f"{W}eastAsia") == "仿宋_GB2312" and body.get(f"{W}eastAsiaTheme") is None
    title = doc.paragraphs[0]
    assert title.text == "关于报送案例的修改意见"
    assert {r._r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") for r in title.runs} == {"方正小标宋简体"}
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    assert heading.runs[0]._r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "黑体"
    subject = next(p for p in doc.paragraphs if p.text.startswith("案例题目："))
    assert subject.runs[0]._r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "楷体_GB2312"
    for p in doc.paragraphs:
        for r in p.runs:
            if r.text.strip():
                assert r._r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia"), r.text
    names = _fonts_in(path)
    chinese = {n for n in names if re.search(r"[\u4e00-\u9fff]", n)}
    assert chinese == {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"}, names
    assert not [n for n in names if re.search("Noto|LXGW|Source Han|AR PL|明朝|Mincho", n)], names
    # the font table lets Word fall back to 仿宋 / 黑体 on a PC without the GB2312 and 方正 fonts
    from lxml import etree

    table = etree.fromstring(zipfile.ZipFile(path).read("word/fontTable.xml"))
    alts = {f.get(f"{W}name"): (f.find(f"{W}altName").get(f"{W}val") if f.find(f"{W}altName") is not None else "")
            for f in table.iter(f"{W}font")}
    assert alts["仿宋_GB2312"] == "仿宋" and alts["方正小标宋简体"] == "黑体" and alts["楷体_GB2312"] == "楷体"
    assert all(f.find(f"{W}charset").get(f"{W}val") == "86" for f in table.iter(f"{W}font")
               if f.get(f"{W}name") in chinese)


def test_word_fonts_are_a_setting_apart_from_the_pdf_fonts(tmp_path):
    import docx

    from jlt_cli.config import load_config

    cfg = tmp_path / "jlt.yaml"
    cfg.write_text("word_fonts:\n  fangsong: [仿宋]\n  title: [黑体]\n"
                   "brochure:\n  fonts:\n    serif: [Noto Serif CJK SC]\n", encoding="utf-8")
    path = _letter(tmp_path, config=load_config(cfg))
    doc = docx.Document(str(path))
    assert doc.styles["Normal"].element.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "仿宋"
    assert doc.paragraphs[0].runs[0]._r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "黑体"
    assert "Noto Serif CJK SC" not in _fonts_in(path)


def test_letter_page_and_signature_block(tmp_path):
    import docx
    from docx.shared import Mm

    doc = docx.Document(str(_letter(tmp_path)))
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(1) and abs(s.page_height - Mm(297)) < Mm(1)
    for got, mm in ((s.top_margin, 37), (s.bottom_margin, 35), (s.left_margin, 28), (s.right_margin, 26)):
        assert abs(got - Mm(mm)) < Mm(0.5)
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    last, issuer, date = paragraphs[-3:]
    assert issuer.text == ISSUER and re.fullmatch(r"二〇.+年.+月.+日", date.text)
    assert "如有疑问" in last.text
    # the last paragraph goes with the signature, whole; the issuer with the date
    assert last.paragraph_format.keep_with_next and last.paragraph_format.keep_together
    assert issuer.paragraph_format.keep_with_next
    # issuer and date centred on each other, the longer one 右空二字 (a date longer than the name: 右空四字)
    pt = 12700
    centre = [p.paragraph_format.right_indent / pt + 16 * len(p.text) / 2 for p in (issuer, date)]
    assert abs(centre[0] - centre[1]) <= 8
    longer = issuer if len(issuer.text) > len(date.text) else date
    assert longer.paragraph_format.right_indent / pt == (32 if longer is issuer else 64)


# ---------------------------------------------------------------- addressed


@pytest.mark.parametrize("where, unit_line", [
    ("困境儿童_区关工委_五老护苗.md", None),  # no 报送单位 line: the file name says
    ("困境儿童_区关工委_五老护苗.md", "（盖章）"),  # the template's seal note left in its place
    ("困境儿童_区关工委_五老护苗.md", "报送单位"),
    ("区关工委/五老护苗.md", None),  # the unit's folder
])
def test_letter_is_addressed_to_the_unit_the_file_names(tmp_path, where, unit_line):
    import docx

    inbox = tmp_path / "收件"
    text = case_markdown(unit=unit_line, parts=["basic", "measures", "plans"])
    if unit_line is None:
        text = text.replace("钱塘镇", "本地")  # nothing in the text names a unit
    write(inbox, where, text)
    out = tmp_path / "意见"
    res = runner.invoke(app, ["feedback", str(inbox), "-o", str(out)])
    assert res.exit_code == 0, res.output
    (letter,) = out.glob("*.docx")
    assert "未识别单位" not in letter.name and "盖章" not in letter.name and not letter.name.startswith("报送单位")
    # the unit under its one name (units.print: full, the default): 区关工委 is 合川区关心下一代工作委员会
    assert "合川区关心下一代工作委员会" in letter.name
    lines = [p.text for p in docx.Document(str(letter)).paragraphs]
    assert re.fullmatch(r"合川区关心下一代工作委员会：", lines[1]), lines[1]


def test_unknown_only_when_nothing_says(tmp_path):
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.model import Case
    from jlt_cli.outputs.feedback_letters import letter_unit

    config = Config(load_defaults())
    nobody = Case(path=Path("收件/案例.md"), display_path="案例.md", format="markdown")
    assert letter_unit(nobody, config) == "未识别单位"
    nobody.unit = "（盖章）"
    assert letter_unit(nobody, config) == "未识别单位"
    nobody.unit = "五老志愿服务队"  # what the file wrote, though not a unit of the call: still whom to write to
    assert letter_unit(nobody, config) == "五老志愿服务队"
    named = Case(path=Path("收件/区关工委/案例.md"), display_path="区关工委/案例.md", format="markdown", unit="报送单位")
    assert letter_unit(named, config) == "区关工委"


# ---------------------------------------------------------------- rendered


def _render(paths: list[Path], out: Path) -> list[Path]:
    profile = out / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, paths)], check=True, timeout=300, capture_output=True)
    return [out / (p.stem + ".pdf") for p in paths]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
def test_rendered_letters_keep_the_signature_with_the_last_paragraph(tmp_path):
    """Letters of 1 to 16 findings: the page break falls everywhere around the end; the page that carries the
    issuer always carries the closing paragraph too, and a short letter is one page."""
    from pypdf import PdfReader

    letters = [_letter(tmp_path, n, name=f"letter-{n:02d}.docx") for n in range(1, 17)]
    pdfs = _render(letters, tmp_path)
    pages = {}
    for n, pdf in enumerate(pdfs, 1):
        texts = [re.sub(r"\s+", "", p.extract_text() or "") for p in PdfReader(str(pdf)).pages]
        pages[n] = len(texts)
        signed = [i for i, t in enumerate(texts) if ISSUER in t and "年" in t[t.index(ISSUER):]]
        assert signed == [len(texts) - 1], n
        assert "如有疑问" in texts[-1], f"{n} findings: the signature is alone on page {len(texts)}"
        assert f"—{len(texts)}—" in texts[-1]  # the page number, as GB/T 9704 writes it
    assert pages[1] == 1 and pages[2] == 1
    assert max(pages.values()) >= 2  # the series does cross a page
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdfs[0]), str(tmp_path / "short")], check=True)
    assert (tmp_path / "short-1.png").stat().st_size > 5000
