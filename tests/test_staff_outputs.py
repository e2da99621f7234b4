"""What staff send and keep (issue 6): Excel review sheet, feedback letters, Word brochure, template, stats, CI formats.

Every output is produced from a real pipeline run on real files (samples/ plus Markdown cases written here)
and opened with the library that reads it: openpyxl, python-docx, xml.etree, json, pypdf.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from jlt_cli.cli import app
from jlt_cli.model import Severity
from conftest import ROOT, SAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()

# Real prose for a 护校安园 case: each part well over 200 characters, with the type's vocabulary.
HUXIAO_PARTS = {
    "基本情况": (
        "区公安局合川分局城区派出所辖区内有中小学、幼儿园二十余所，在校师生三万余人。学校周边上下学高峰时段人车混行，"
        "流动摊贩和无证经营时有出现，涉校涉生矛盾纠纷调处难度较大，家长对孩子上下学的交通安全和校园周边治安顾虑较多。"
        "派出所坚持把护校安园作为平安建设的重要内容，联合区教委、街道社区、区消防救援局和区检察院，探索警校家社协同的"
        "校园安全防控机制，着力构建校园周边安全带，让学生安心上学、家长放心工作。"
    ),
    "具体措施": (
        "（一）设立护学岗。在每所学校门口设立护学岗，上下学高峰时段民警、辅警、网格员、学校保安和家长志愿者同岗值守，"
        "开展交通疏导和治安巡逻，推行“校家警护学模式”，对人车混行严重的校门施划接送区并设置隔离护栏。"
        "（二）联合排查风险隐患。派出所每月会同街道、区市场监管局和区消防救援局开展校园周边联合排查，建立发现、交办、"
        "整改、销号台账，及时消除涉校涉生风险隐患。（三）开展法治教育。民警担任法治副校长，围绕防欺凌、防诈骗、防溺水、"
        "交通安全等主题以案释法，每学期组织应急疏散演练，提升师生安全素养。（四）帮扶重点家庭。依托网格走访建立重点家庭台账，"
        "社区、学校、派出所每月会商，矛盾苗头早发现、早化解。"
    ),
    "工作成效": (
        "经过一年多的实践，警校家社协同的护校安园机制运行顺畅，校园周边治安和交通秩序明显好转。护学岗累计值守四千余人次，"
        "上下学高峰时段学校周边未发生交通事故，校园及周边治安案件同比下降三成以上；联合排查整治校园周边安全隐患二百余处，"
        "整改率百分之百；调处涉校涉生矛盾纠纷四十余起，化解率超过九成。家长对学校周边安全环境的满意率明显提升，"
        "学校主导、家长尽责、社会支持的校园安全防控体系初步形成，群众安全感和获得感不断增强。"
    ),
    "下步工作打算": (
        "下一步，派出所将继续深化护校安园工作：一是推动护学岗向农村学校延伸，补齐偏远校点安全防控短板；二是运用智能视频监控"
        "提升校园周边巡逻防控的精准度；三是完善警校家社联席会商制度，把法治教育、防欺凌教育和交通安全教育纳入常态化课程；"
        "四是加强家长志愿者培训，壮大护校力量，持续巩固平安校园建设成果，让校园周边安全带更牢固、群众更满意。"
    ),
}

BROKEN_SHEQU = """# 开门办学聚合力 家校社共育好少年

报送单位：区妇联

案例类型：社区学校建设案例

## 一、基本情况

区妇联依托社区家长学校和家庭教育指导服务站，面向辖区家长开展家庭教育指导，推动家校社协同育人。

## 二、具体措施

联合社区开办家长课堂、家长夜校，组织家庭教育讲座和亲子活动，建立社区家长学校课程清单。

## 四、下步工作打算

继续办好社区家长学校，扩大家庭教育指导覆盖面。
"""


def _png(width: int = 900, height: int = 500) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (40, 110, 170)).save(buf, "PNG")
    return buf.getvalue()


def huxiao_markdown(unit: str = "区公安局", image: str | None = None) -> str:
    lines = ["# 警校家社同守护 织密校园周边安全带", "", f"报送单位：{unit}", "", "案例类型：护校安园工作案例", ""]
    for i, (name, text) in enumerate(HUXIAO_PARTS.items()):
        lines += [f"## {'一二三四'[i]}、{name}", "", text, ""]
        if name == "具体措施" and image:
            lines += [f"![图1 护学岗值守现场]({image})", "", "| 项目 | 数量 |", "| --- | --- |", "| 护学岗 | 23 个 |", ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """An input folder: the samples, one case with a picture and a table, one with errors, one unreadable file."""
    folder = tmp_path_factory.mktemp("staff") / "报送案例"
    folder.mkdir()
    for md in SAMPLES.glob("*.md"):
        shutil.copy(md, folder / md.name)
    (folder / "图片").mkdir()
    (folder / "图片" / "护学岗.png").write_bytes(_png())
    (folder / "护校安园_区公安局_警校家社同守护.md").write_text(huxiao_markdown(image="图片/护学岗.png"), encoding="utf-8")
    (folder / "社区学校_区妇联_缺工作成效.md").write_text(BROKEN_SHEQU, encoding="utf-8")
    (folder / "旧格式.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    return folder


@pytest.fixture(scope="module")
def result(inputs):
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.pipeline import validate_paths

    return validate_paths([inputs], Config(load_defaults()), keep_images=True)


def _case(result, fragment: str):
    return next(c for c in result.cases if fragment in c.display_path)


def test_fixture_has_every_status(result):
    statuses = {c.display_path: (c.readable, c.status) for c in result.cases}
    assert _case(result, "缺工作成效").errors
    assert not _case(result, "旧格式").readable
    assert _case(result, "警校家社").status == "valid", [f.message for f in _case(result, "警校家社").findings]
    assert sum(1 for r, s in statuses.values() if r and s == "valid") >= 3


# ---------------------------------------------------------------- Excel


def test_report_xlsx_one_row_per_file(inputs, result, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "审核结果.xlsx"
    res = runner.invoke(app, ["validate", str(inputs), "--report", str(out), "--format", "json"])
    assert res.exit_code == 1, res.output  # some files have errors
    assert out.is_file() and not list(tmp_path.glob(".jlt-*"))  # no temp file left behind
    wb = load_workbook(out)
    assert wb.sheetnames == ["审核结果", "问题明细", "汇总"]
    ws = wb["审核结果"]
    header = [c.value for c in ws[1]]
    assert header == ["序号", "文件", "报送单位", "案例题目", "类型", "状态", "错误", "警告", "问题摘要"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == len(result.cases)
    expected = {"valid": "通过", "invalid": "需修改"}
    for case in result.cases:
        row = rows[case.display_path]
        assert row[5] == (expected[case.status] if case.readable else "无法读取")
        assert row[6] == case.errors and row[7] == case.warnings
    for r in range(2, ws.max_row + 1):
        fill = ws.cell(r, 1).fill.fgColor.rgb
        if ws.cell(r, 7).value:
            assert fill.endswith("FFC7CE"), f"error row {r} not highlighted"
        else:
            assert not fill.endswith("FFC7CE")
    # Chinese-aware widths: the title column is wider than it would be counting one per character, and a title
    # longer than the printed column wraps inside it
    widest_title = max(len(str(r[3] or "")) for r in rows.values())
    assert ws.column_dimensions["D"].width >= min(widest_title * 1.5, 34)
    assert all(ws.cell(r, 4).alignment.wrap_text for r in range(2, ws.max_row + 1))

    detail = wb["问题明细"]
    assert [c.value for c in detail[1]][:7] == ["文件", "行/段", "严重程度", "规则", "规则名称", "说明", "部分"]
    assert detail.max_row - 1 == sum(len(c.findings) for c in result.cases)
    assert {r[2] for r in detail.iter_rows(min_row=2, values_only=True)} <= {"错误", "警告"}
    summary = [r for r in wb["汇总"].iter_rows(values_only=True) if r[0]]
    names = [r[0] for r in summary]
    assert "合川区妇女联合会" in names and "未识别单位" in names and "合计" in names  # 区妇联, under its one name
    assert "护校安园工作案例" in names


def test_report_refuses_input_folder(inputs):
    res = runner.invoke(app, ["validate", str(inputs), "--report", str(inputs / "审核结果.xlsx")])
    assert res.exit_code == 2
    assert "输入文件夹" in res.output
    assert not (inputs / "审核结果.xlsx").exists()


# ---------------------------------------------------------------- feedback letters


def _docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _assert_east_asian(doc, styles=("Normal", "Heading 1", "Heading 2")) -> None:
    """w:eastAsia on the named styles (no theme attribute overriding it) and on every run with text."""
    for name in styles:
        rfonts = doc.styles[name].element.find(f"{W}rPr/{W}rFonts")
        assert rfonts is not None and rfonts.get(f"{W}eastAsia"), name
        assert rfonts.get(f"{W}eastAsiaTheme") is None, name
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert runs
    for r in runs:
        rfonts = r._r.find(f"{W}rPr/{W}rFonts")
        assert rfonts is not None and rfonts.get(f"{W}eastAsia"), r.text


def test_feedback_letters(inputs, result, tmp_path):
    import docx

    from jlt_cli.outputs.feedback_letters import message_for_unit

    out = tmp_path / "修改意见"
    res = runner.invoke(app, ["feedback", str(inputs), "-o", str(out)])
    assert res.exit_code == 0, res.output
    letters = sorted(p.name for p in out.iterdir())
    units_to_fix = {c.unit or "未识别单位" for c in result.cases if c.active_findings()}
    assert letters == sorted(f"{u}-关于报送案例的修改意见.docx" for u in units_to_fix)
    assert "未识别单位-关于报送案例的修改意见.docx" in letters
    assert "合川区妇女联合会-关于报送案例的修改意见.docx" in letters  # 报送单位：区妇联, under its one name

    path = out / "合川区妇女联合会-关于报送案例的修改意见.docx"
    text = _docx_text(path)
    assert "关于报送案例的修改意见" in text and "合川区妇女联合会：" in text
    case = _case(result, "缺工作成效")
    own = case.active_findings()
    assert any(f.rule == "missing-section" for f in own)
    for f in own:
        assert message_for_unit(f.message) in text
    assert "jlt.yaml" not in text  # staff-only advice is not sent to units
    items = [line for line in text.splitlines() if re.match(r"^\d+\. ", line)]
    assert len(items) == len(own)  # exactly the unit's problems, nothing from other units
    others = [message_for_unit(f.message) for c in result.cases if c.unit != "合川区妇女联合会" for f in c.active_findings()]
    assert not [m for m in others if m in text and m not in {message_for_unit(f.message) for f in own}]
    assert case.title
    assert "社区学校_区妇联_缺工作成效.md" in text and case.title in text
    assert "区教委德体卫艺科" in text and "重庆市合川区教育委员会" in text
    _assert_east_asian(docx.Document(str(path)))


def test_feedback_confirm_and_deadline(inputs, result, tmp_path):
    cfg = tmp_path / "jlt.yaml"
    cfg.write_text("feedback:\n  deadline: 2025年7月30日18:00\n", encoding="utf-8")
    out = tmp_path / "letters"
    res = runner.invoke(app, ["feedback", str(inputs), "-o", str(out), "--confirm", "-c", str(cfg)])
    assert res.exit_code == 0, res.output
    confirm = out / "重庆市公安局合川区分局-关于报送案例的审核确认.docx"
    assert confirm.is_file()
    assert "无需修改" in _docx_text(confirm)
    assert "2025年7月30日18:00前" in _docx_text(out / "合川区妇女联合会-关于报送案例的修改意见.docx")
    res = runner.invoke(app, ["feedback", str(inputs), "-o", str(inputs / "意见")])
    assert res.exit_code == 2 and not (inputs / "意见").exists()


# ---------------------------------------------------------------- Word brochure


@pytest.fixture(scope="module")
def brochure(result, tmp_path_factory) -> Path:
    from jlt_cli.outputs.docx_brochure import write_docx_brochure
    from jlt_cli.outputs.selection import select_cases

    out = tmp_path_factory.mktemp("brochure") / "案例汇编.docx"
    # the 目录 left for Word to fill: no LibreOffice run in the fast tier (tests/test_word_brochure.py does that)
    write_docx_brochure(select_cases(result.cases, result.config), result.config, out, fill_toc=False)
    return out


def test_docx_brochure_content(result, brochure):
    import docx
    from docx.shared import Cm

    from jlt_cli.outputs.selection import select_cases

    doc = docx.Document(str(brochure))
    text = _docx_text(brochure)
    selection = select_cases(result.cases, result.config)
    assert len(selection.included) >= 3
    # a case title in its printed lines (a line break where the PDF breaks it), the subtitle after —— under it
    heading2 = [p.text.replace("\n", " ") for p in doc.paragraphs if p.style.name == "Heading 2"]
    for case in selection.included:
        assert case.title.partition("——")[0].strip() in heading2
        for section in case.sections:
            for block in section.blocks:
                if block.kind.value == "paragraph" and block.text.strip():
                    assert block.display_text.strip() in text, block.text[:30]
    for case in selection.excluded:
        if case.title:
            assert case.title not in heading2
    h3 = {p.text for p in doc.paragraphs if p.style.name == "Heading 3"}
    assert {"一、基本情况", "二、具体措施", "三、工作成效", "四、下步工作打算"} <= h3
    assert any(p.style.name == "Heading 1" and "护校安园工作案例" in p.text for p in doc.paragraphs)
    # chapters named as in the PDF, and the same appendix: units in the call's order, counts per type
    heading1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heading1[0].startswith("第一部分") and heading1[-1] == "附　录"
    units_table = next(t for t in doc.tables if t.rows[0].cells[1].text == "报送单位")
    listed = [row.cells[1].text for row in units_table.rows[1:]]
    assert len(listed) == len({*listed}) and len(listed) >= 3
    counts = next(t for t in doc.tables if t.rows[0].cells[0].text == "案例类型")
    assert counts.rows[-1].cells[1].text == str(len(selection.included))
    # the picture and the table of the 区公安局 case
    assert len(doc.inline_shapes) >= 1
    assert all(s.width <= Cm(14) + 10 and s.height <= Cm(9) + 10 for s in doc.inline_shapes)
    # tables: the header row repeats on the next page, no row splits across pages
    for table in doc.tables:
        rows = [tr.find(f"{W}trPr") for tr in table._tbl.findall(f"{W}tr")]
        assert rows[0].find(f"{W}tblHeader") is not None
        assert all(pr is not None and pr.find(f"{W}cantSplit") is not None for pr in rows)
    assert "图1 护学岗值守现场" in text and "护学岗" in text and "23 个" in text
    # body paragraphs: two-character indent
    body = next(p for p in doc.paragraphs if p.text.startswith(HUXIAO_PARTS["基本情况"][:10]))
    assert body._p.pPr.find(f"{W}ind").get(f"{W}firstLineChars") == "200"
    _assert_east_asian(doc, styles=("Normal", "Heading 1", "Heading 2", "Heading 3"))


def test_docx_brochure_fields(brochure):
    import docx

    doc = docx.Document(str(brochure))
    body = doc.element.body
    instr = " ".join(e.text for e in body.iter(f"{W}instrText"))
    assert 'TOC \\o "1-2" \\h \\z \\u' in instr
    kinds = [e.get(f"{W}fldCharType") for e in body.iter(f"{W}fldChar")]
    assert kinds[:3] == ["begin", "separate", "end"]
    assert "更新域" in _docx_text(brochure) and "更新目录" in _docx_text(brochure)  # how, in Word and in WPS
    upd = doc.settings.element.find(f"{W}updateFields")
    assert upd is not None and upd.get(f"{W}val") == "true"
    assert "PAGE" not in " ".join(e.text for e in doc.sections[0].footer._element.iter(f"{W}instrText"))  # cover
    footer = next(s for s in doc.sections if s.footer.paragraphs and "—" in s.footer.paragraphs[0].text).footer._element
    assert "PAGE" in " ".join(e.text for e in footer.iter(f"{W}instrText"))
    assert "— " in "".join(t.text or "" for t in footer.iter(f"{W}t"))
    # cases after the first of a chapter start on a new page
    breaks = [p for p in doc.paragraphs if p.style.name == "Heading 2" and p.paragraph_format.page_break_before]
    assert breaks


def test_build_format_docx_command(inputs, result, tmp_path, monkeypatch):
    import docx

    monkeypatch.setattr("jlt_cli.outputs.word_toc.soffice_path", lambda: None)  # the fast tier starts no LibreOffice

    out = tmp_path / "汇编.docx"
    res = runner.invoke(app, ["build", str(inputs), "--format", "docx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    heading2 = [p.text.replace("\n", " ") for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 2"]
    assert _case(result, "警校家社").title in heading2
    assert _case(result, "缺工作成效").title not in heading2
    res = runner.invoke(app, ["build", str(inputs), "--format", "docx", "-o", str(inputs / "汇编.docx")])
    assert res.exit_code == 2 and not (inputs / "汇编.docx").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
def test_docx_brochure_renders_chinese_in_libreoffice(result, brochure, tmp_path):
    from pypdf import PdfReader

    from jlt_cli.outputs.selection import select_cases

    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(brochure)],
        check=True, timeout=180, capture_output=True,
    )
    pdf = tmp_path / (brochure.stem + ".pdf")
    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages))
    assert "合川区家校社协同育人" in text
    for case in select_cases(result.cases, result.config).included:
        assert re.sub(r"\s+", "", case.title) in text


# ---------------------------------------------------------------- template


def _fill_markdown_template(text: str) -> str:
    """What a unit does: fill the metadata and title, replace each part's hint with prose, delete other hints."""
    out = []
    current = None
    for line in text.splitlines():
        if line.startswith("报送单位："):
            line = "报送单位：区公安局"
        elif line.startswith("联系人："):
            line = "联系人：李明"
        elif line.startswith("案例题目："):
            line = "案例题目：警校家社同守护 织密校园周边安全带"
        elif line.startswith("## "):
            current = line[3:].split("、", 1)[1]
        elif line.startswith("> 【填写提示】"):
            line = HUXIAO_PARTS[current] if current else ""
        out.append(line)
    return "\n".join(out)


def test_markdown_template_filled_validates_clean(tmp_path, monkeypatch):
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.pipeline import validate_paths

    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["template", "--type", "护校安园", "--format", "md"])
    assert res.exit_code == 0, res.output
    tpl = tmp_path / "案例模板-护校安园.md"
    text = tpl.read_text(encoding="utf-8")
    for needed in ("报送单位：", "联系人：", "联系电话：", "案例类型：护校安园工作案例", "案例题目：", "一、基本情况",
                   "二、具体措施", "三、工作成效", "四、下步工作打算", "聚焦协同育人", "坚持惠民有感", "体现科学实效"):
        assert needed in text
    assert runner.invoke(app, ["template", "--type", "护校安园", "--format", "md"]).exit_code == 2  # no overwrite
    assert runner.invoke(app, ["template", "--type", "护校安园", "--format", "md", "--force"]).exit_code == 0

    filled = tmp_path / "cases" / "filled.md"
    filled.parent.mkdir()
    filled.write_text(_fill_markdown_template(text), encoding="utf-8")
    case = validate_paths([filled], Config(load_defaults())).cases[0]
    assert case.errors == 0, [(f.rule, f.message) for f in case.findings]
    assert case.declared_type == "护校安园" and case.unit == "重庆市公安局合川区分局" and case.unit_written == "区公安局"
    assert case.title == "警校家社同守护 织密校园周边安全带"
    assert [s.key for s in case.sections] == ["basic", "measures", "results", "plans"]


def test_docx_template_filled_validates_clean(tmp_path):
    import docx

    from jlt_cli.config import Config, load_defaults
    from jlt_cli.pipeline import validate_paths

    tpl = tmp_path / "模板.docx"
    res = runner.invoke(app, ["template", "-t", "护校安园工作案例", "-o", str(tpl)])
    assert res.exit_code == 0, res.output
    doc = docx.Document(str(tpl))
    _assert_east_asian(doc, styles=("Normal", "Heading 1"))
    hints = [p for p in doc.paragraphs if p.text.startswith("【填写提示】")]
    assert len(hints) >= 6 and all(r.italic for p in hints for r in p.runs)
    current = None
    for p in list(doc.paragraphs):
        if p.style.name == "Heading 1":
            current = p.text.split("、", 1)[1]
        elif p.text.startswith("【填写提示】"):
            if current:
                for r in p.runs[1:]:
                    r.text = ""
                p.runs[0].text, p.runs[0].italic = HUXIAO_PARTS[current], False
            else:
                p._p.getparent().remove(p._p)
        elif p.text.startswith(("报送单位：", "联系人：", "案例题目：")):
            p.add_run({"报": "区公安局", "联": "李明", "案": "警校家社同守护 织密校园周边安全带"}[p.text[0]])
    filled = tmp_path / "cases" / "filled.docx"
    filled.parent.mkdir()
    doc.save(str(filled))
    case = validate_paths([filled], Config(load_defaults())).cases[0]
    assert case.errors == 0, [(f.rule, f.message) for f in case.findings]
    assert case.declared_type == "护校安园" and case.unit == "重庆市公安局合川区分局" and case.unit_written == "区公安局"
    assert case.title


# ---------------------------------------------------------------- stats


def test_stats_tables_and_svg(inputs, result, tmp_path):
    from jlt_cli.outputs.stats import stats_svg

    svg_path = tmp_path / "统计.svg"
    res = runner.invoke(app, ["stats", str(inputs), "--svg", str(svg_path)])
    assert res.exit_code == 0, res.output
    for word in ("护校安园工作案例", "通过", "需修改", "无法读取", "合川区妇女联合会"):
        assert word in res.output
    root = ET.fromstring(svg_path.read_text(encoding="utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Noto Sans CJK SC" in root.get("font-family")
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "社区学校建设案例" in texts and "合川区妇女联合会" not in texts  # per type; no bar of “1” per unit
    assert "按报送单位" not in texts
    assert len(list(root.iter("{http://www.w3.org/2000/svg}rect"))) > 3
    assert stats_svg(result).startswith("<svg")


# ---------------------------------------------------------------- CI formats


def test_github_annotations(inputs, result):
    res = runner.invoke(app, ["validate", str(inputs), "--format", "github"])
    assert res.exit_code == 1
    lines = [line for line in res.output.splitlines() if line.startswith("::")]
    assert len(lines) == sum(len(c.active_findings()) for c in result.cases)
    pattern = re.compile(r"^::(error|warning) file=[^,:]+(,line=\d+)?,title=jlt [a-z-]+::[^\r\n]+$")
    assert all(pattern.match(line) for line in lines), lines
    assert any(line.startswith("::error") and "missing-section" in line for line in lines)


def test_github_escaping():
    from jlt_cli.model import Case, Finding
    from jlt_cli.outputs.ci_formats import github_line

    case = Case(path=Path("a,b:c.md"), display_path="dir\\a,b:c.md", format="markdown")
    f = Finding("x-rule", Severity.WARNING, "100% 完成\r\n第二行", line=3)
    line = github_line(case, f)
    assert line == "::warning file=dir/a%2Cb%3Ac.md,line=3,title=jlt x-rule::100%25 完成%0D%0A第二行"


def test_junit_xml(inputs, result):
    res = runner.invoke(app, ["validate", str(inputs), "--format", "junit"])
    root = ET.fromstring(res.output.encode("utf-8"))
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    assert len(suites) == 1
    cases = suites[0].findall("testcase")
    assert len(cases) == len(result.cases) == int(suites[0].get("tests"))
    by_name = {tc.get("name"): tc for tc in cases}
    broken = by_name[_case(result, "缺工作成效").display_path]
    assert len(broken.findall("failure")) == _case(result, "缺工作成效").errors
    assert {f.get("type") for f in broken.findall("failure")} >= {"missing-section"}
    good = by_name[_case(result, "警校家社").display_path]
    assert not good.findall("failure")
    assert int(suites[0].get("failures")) == sum(1 for c in result.cases if c.errors)


def test_junit_survives_control_characters():
    from jlt_cli.model import Case, Finding
    from jlt_cli.outputs.ci_formats import render_junit
    from jlt_cli.pipeline import RunResult

    case = Case(path=Path("x.md"), display_path="x\x1b[31m<&>.md", format="markdown")
    case.findings.append(Finding("unreadable", Severity.ERROR, "bad \x00 \"quote\" <tag> & more"))
    root = ET.fromstring(render_junit(RunResult([case], None)))
    assert root.find("testsuite/testcase/failure").get("type") == "unreadable"


def test_sarif_shape(inputs, result):
    from jlt_cli.checks.registry import RULES

    res = runner.invoke(app, ["validate", str(inputs), "--format", "sarif"])
    doc = json.loads(res.output)
    assert doc["version"] == "2.1.0" and "sarif-2.1.0" in doc["$schema"]
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "jlt"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert set(RULES) <= set(rule_ids)
    assert all(r["shortDescription"]["text"] for r in driver["rules"])
    assert len(run["results"]) == sum(len(c.findings) for c in result.cases)
    for r in run["results"]:
        assert r["ruleId"] in rule_ids and rule_ids[r["ruleIndex"]] == r["ruleId"]
        assert r["level"] in ("error", "warning") and r["message"]["text"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] and " " not in loc["artifactLocation"]["uri"]
        if "region" in loc:
            assert loc["region"]["startLine"] >= 1
    assert any(r["ruleId"] == "missing-section" and r["level"] == "error" for r in run["results"])


def test_pre_commit_hook_definition():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "jlt-validate")
    assert hook["entry"] == "jlt validate" and hook["language"] == "python"
    assert re.search(hook["files"], "案例.docx") and re.search(hook["files"], "a.md") and not re.search(hook["files"], "a.pdf")


def test_letters_are_dated_the_day_they_are_written(result, tmp_path):
    import datetime

    from jlt_cli.base.numerals import chinese_date
    from jlt_cli.outputs.feedback_letters import write_letters

    write_letters(result.cases, result.config, tmp_path / "letters")
    letter = next((tmp_path / "letters").glob("*.docx"))
    text = _docx_text(letter)
    assert chinese_date(datetime.date.today()) in text and "二〇二五年九月" not in text
    assert chinese_date(datetime.date(2025, 7, 25)) == "二〇二五年七月二十五日"
    import docx
    from docx.shared import Mm

    section = docx.Document(str(letter)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)  # A4, not Letter
    assert docx.Document(str(letter)).core_properties.author == "重庆市合川区教育委员会"


def test_letters_no_longer_needed_are_moved_aside(result, tmp_path):
    from jlt_cli.outputs.feedback_letters import write_letters

    out = tmp_path / "修改意见"
    out.mkdir()
    (out / "合川区某某镇-关于报送案例的修改意见.docx").write_bytes(b"old letter")
    (out / "工作人员笔记.docx").write_bytes(b"not ours")
    moved: list[str] = []
    plans = write_letters(result.cases, result.config, out, moved_aside=moved)
    assert plans and moved == ["合川区某某镇-关于报送案例的修改意见.docx"]
    assert (out / "旧版" / moved[0]).read_bytes() == b"old letter" and (out / "工作人员笔记.docx").exists()
    assert all((out / p.filename).exists() for p in plans)


def test_letter_with_only_suggestions_does_not_demand_a_resubmission(tmp_path):
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.model import Case, Finding, Severity
    from jlt_cli.outputs.feedback_letters import UnitFeedback, build_letter

    case = Case(path=Path("a.md"), display_path="a.md", format="markdown", title="办好家门口的社区家长学校", unit="钱塘镇")
    case.findings.append(Finding("punctuation", Severity.WARNING, "中文之间用了半角逗号，请改为全角“，”。", line=3))
    out = tmp_path / "letter.docx"
    build_letter(UnitFeedback("钱塘镇", [case]), Config(load_defaults())).save(out)
    text = _docx_text(out)
    assert "按原稿收录" in text and "请修改完善后重新报送" not in text


def test_one_unit_one_row_however_it_was_written():
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.model import Case
    from jlt_cli.outputs.stats import compute_stats

    def case(unit: str) -> Case:
        return Case(path=Path(f"{unit}.md"), display_path=f"{unit}.md", format="markdown", title="题目", unit=unit)

    cases = [case("合川区民政局"), case("区民政局"), case("重庆市公安局合川区分局"), case("合川区公安局")]
    units = {u: n for u, n, _ in compute_stats(cases, Config(load_defaults())).by_unit}
    assert units == {"合川区民政局": 2, "重庆市公安局合川区分局": 2}
    bare = Config(load_defaults())
    bare.data["units"] = {"district": [], "towns": [], "universities": [], "extra": [], "aliases": {}}
    assert len(compute_stats(cases, bare).by_unit) == 4  # without the call's unit list, names stay apart
