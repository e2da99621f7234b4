"""Constructs seen in real submissions that first fooled jlt: each one as a small file, read through the real pipeline.

Found by writing ~70 submissions the way units actually type them (Word, WPS, text pasted from Word or
WeChat, Markdown) and comparing jlt's reading with a careful human's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from casebuilder import MEASURES, PARTS, PLANS, RESULTS, write
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from jlt_cli.pipeline import process_single

FOUR = ["基本情况", "具体措施", "工作成效", "下步工作打算"]


def rules(case) -> list[str]:
    return [f.rule for f in case.findings]


def plain_case(head: list[str], parts: dict[str, tuple[str, str]] | None = None, tail: list[str] | None = None) -> str:
    """A .txt as pasted from Word: header lines, then each part heading and its text, then a signature."""
    lines = list(head)
    for heading, text in (parts or PARTS).values():
        lines += [heading, "　　" + text]
    return "\r\n".join(lines + (tail or [])) + "\r\n"


def read_txt(tmp_path: Path, config, text: str, name: str = "案例.txt", encoding: str = "utf-8"):
    return process_single(write(tmp_path, name, text, encoding), config)


# ---------------------------------------------------------------------------------------------- header


def test_call_headline_above_the_title_is_not_the_title(tmp_path, config):
    text = plain_case(["附件1", "合川区家校社协同育人“教联体”建设成果案例", "办好家门口的社区家长学校", "合川区钱塘镇人民政府"])
    case = read_txt(tmp_path, config, text)
    assert case.title == "办好家门口的社区家长学校"
    assert case.unit == "合川区钱塘镇人民政府" and rules(case) == []
    assert not any("办好家门口" in b.text for s in case.sections for b in s.blocks)


def test_title_typed_over_two_lines(tmp_path, config):
    text = plain_case(["聚焦“一老一小”需求", "打造社区家长学校新样板", "合川区钱塘镇人民政府　　2025年7月18日"])
    case = read_txt(tmp_path, config, text)
    assert case.title == "聚焦“一老一小”需求 打造社区家长学校新样板"
    assert case.unit == "合川区钱塘镇人民政府"  # the date on the same line does not hide the unit
    assert rules(case) == []


@pytest.mark.parametrize("note", ["（2025年7月）", "（钱塘镇供稿）"])
def test_note_under_the_title_is_not_its_second_line(tmp_path, config, note):
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校", note, "报送单位：合川区钱塘镇人民政府"]))
    assert case.title == "办好家门口的社区家长学校"


def test_second_line_that_is_a_unit_or_sentence_is_not_title(tmp_path, config):
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校", "（合川区妇女联合会）"]))
    assert case.title == "办好家门口的社区家长学校" and case.unit == "合川区妇女联合会"
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校", "报送单位：合川区钱塘镇人民政府"]))
    assert case.title == "办好家门口的社区家长学校" and case.unit == "合川区钱塘镇人民政府"


@pytest.mark.parametrize("line, unit", [
    ("报送单位（盖章）：合川区土场镇人民政府", "合川区土场镇人民政府"),
    ("报送单位名称：合川区土场镇人民政府", "合川区土场镇人民政府"),
    ("合川区妇女联合会", "合川区妇女联合会"),  # a known name whose ending says nothing
    ("重庆开放大学合川分校", "重庆开放大学合川分校"),
    ("中共重庆市合川区委宣传部", "中共重庆市合川区委宣传部"),
])
def test_unit_line_forms(tmp_path, config, line, unit):
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校", line]))
    assert case.unit == unit and "missing-unit" not in rules(case) and "unknown-unit" not in rules(case)


def test_unit_with_a_bracketed_second_name_sorts_as_the_known_unit(config):
    from jlt_cli.understand.units import match_unit, unit_rank

    m = match_unit("重庆开放大学合川分校（合川区社区教育学院）", config)
    assert (m.canonical, m.kind) == ("重庆开放大学合川分校", "university")
    assert unit_rank("重庆开放大学合川分校（合川区社区教育学院）", config) == unit_rank("重庆开放大学合川分校", config)


def test_signature_unit_and_date_on_one_line(tmp_path, config):
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校"], tail=["合川区渭沱镇人民政府　　2025年7月18日"]))
    assert case.unit == "合川区渭沱镇人民政府"
    assert "2025年7月18日" not in "".join(b.text for b in case.sections[-1].blocks)


def test_signed_unit_beats_the_file_name(tmp_path, config):
    text = plain_case(["办好家门口的社区家长学校"], tail=["中共合川区隆兴镇委员会", "2025年7月10日"])
    case = read_txt(tmp_path, config, text, name="社区学校_钱塘镇_家长学校.txt")
    assert case.unit_written == "中共合川区隆兴镇委员会" and case.unit == "合川区隆兴镇人民政府"  # the town’s one name


def test_unit_named_at_the_start_of_the_title(tmp_path, config):
    case = read_txt(tmp_path, config, plain_case(["钓鱼城街道：“童心驿站”让社区家长学校亮起来"]))
    assert case.unit_written == "钓鱼城街道" and case.unit == "合川区钓鱼城街道办事处" and "missing-unit" not in rules(case)


def test_title_ending_like_a_school_is_a_title(tmp_path, config):
    case = read_txt(tmp_path, config, plain_case(["大学生志愿者走进社区家长学校", "报送单位：重庆移通学院"]))
    assert case.title == "大学生志愿者走进社区家长学校" and case.unit == "重庆移通学院" and rules(case) == []


@pytest.mark.parametrize("line, expected", [
    ("案例类型：□社区学校建设案例 ☑护校安园工作案例 □困境儿童帮扶案例", "护校安园"),
    ("案例类型：□社区学校建设案例 □护校安园工作案例 ■困境儿童帮扶案例", "困境儿童"),
    ("案例类型：□社区学校建设案例 □护校安园工作案例 □困境儿童帮扶案例", None),  # nothing ticked: not declared
])
def test_checkbox_type_line(tmp_path, config, line, expected):
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校", "报送单位：合川区钱塘镇人民政府", line]))
    assert case.declared_type == expected


def test_zero_width_spaces_from_wechat(tmp_path, config):
    lines = ["\u200b办好家门口的社区家长学校", "报送单位：合川区钱塘镇人民政府"]
    parts = {k: ("\u200b" + h, "\u200b" + t.replace("，", "\u200b，")) for k, (h, t) in PARTS.items()}
    case = read_txt(tmp_path, config, plain_case(lines, parts))
    assert case.title == "办好家门口的社区家长学校" and [s.name for s in case.sections] == FOUR
    assert "\u200b" not in case.body_text and rules(case) == []


def test_page_numbers_pasted_from_a_pdf_are_dropped(tmp_path, config):
    text = plain_case(["办好家门口的社区家长学校", "合川区钱塘镇人民政府", "- 1 -"], tail=["— 2 —", "第 3 页 共 3 页"])
    case = read_txt(tmp_path, config, text)
    texts = [b.text for s in case.sections for b in s.blocks]
    assert not any(t in ("- 1 -", "— 2 —", "第 3 页 共 3 页") for t in texts) and rules(case) == []


# ---------------------------------------------------------------------------------------------- parts


def test_sub_items_that_sound_like_a_part_stay_in_their_part(tmp_path, config):
    measures = MEASURES + "\r\n（四）成效评估机制\r\n　　每学期对各教学点开展一次评估，评估结果与经费挂钩。\r\n成效：今年以来，家长到课率提升三成。"
    parts = dict(PARTS, measures=("二、具体措施", measures))
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校", "合川区钱塘镇人民政府"], parts))
    assert [s.name for s in case.sections] == FOUR and rules(case) == []
    results = next(s for s in case.sections if s.key == "results")
    assert results.heading == "三、工作成效" and results.blocks[0].text.startswith(RESULTS[:10])
    measures_text = "".join(b.text for b in case.sections[1].blocks)
    assert "成效评估机制" in measures_text and "家长到课率" in measures_text


def test_a_loose_match_still_counts_when_nothing_better_exists(tmp_path, config):
    parts = dict(PARTS, results=("三、工作成效显著", RESULTS))
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校", "合川区钱塘镇人民政府"], parts))
    assert [s.name for s in case.sections] == FOUR and case.sections[2].heading == "三、工作成效显著"


@pytest.mark.parametrize("heading", ["四、存在问题及下步打算", "四、存在问题和下一步工作打算", "四、问题与打算"])
def test_problems_and_plans_heading(tmp_path, config, heading):
    parts = dict(PARTS, plans=(heading, PLANS))
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校", "合川区钱塘镇人民政府"], parts))
    assert [s.name for s in case.sections] == FOUR and case.sections[3].heading == heading and rules(case) == []


def test_not_a_case_gets_no_editorial_noise(tmp_path, config):
    summary = "\r\n".join(["钱塘镇2025年上半年教育工作总结", "一、上半年工作开展情况", "上半年我们认真开展了各项工作。",
                           "二、存在的不足", "工作还不够深入。", "三、下半年工作思路", "继续抓好各项工作。", "钱塘镇人民政府"])
    case = read_txt(tmp_path, config, summary)
    assert rules(case) == ["not-a-case"]


# ---------------------------------------------------------------------------------------------- Word


def _docx(path: Path, build) -> Path:
    doc = Document()
    build(doc)
    doc.save(path)
    return path


def _body(doc, parts=None) -> None:
    for heading, text in (parts or PARTS).values():
        doc.add_paragraph().add_run(heading).bold = True
        doc.add_paragraph(text)


def _centred(doc, text: str, size: int = 22) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.font.size = Pt(size)


def test_docx_title_in_a_one_cell_frame(tmp_path, config):
    def build(doc):
        doc.add_table(rows=1, cols=1).cell(0, 0).text = "“儿童主任”守护成长路"
        doc.add_paragraph("报送单位：合川区民政局")
        _body(doc)

    case = process_single(_docx(tmp_path / "a.docx", build), config)
    assert case.title == "“儿童主任”守护成长路" and rules(case) == []


def test_docx_two_centred_title_lines(tmp_path, config):
    def build(doc):
        _centred(doc, "织密“护校网”")
        _centred(doc, "守护学生平安上学路")
        _centred(doc, "合川区草街街道办事处", 16)
        _body(doc)

    case = process_single(_docx(tmp_path / "b.docx", build), config)
    assert case.title == "织密“护校网” 守护学生平安上学路" and case.unit == "合川区草街街道办事处"


def test_docx_heading_with_line_break_or_space_then_text(tmp_path, config):
    def build(doc):
        _centred(doc, "家庭教育令护航未成年人成长")
        doc.add_paragraph("报送单位：合川区人民法院")
        for key, (heading, text) in PARTS.items():
            p = doc.add_paragraph()
            p.add_run(heading).bold = True
            if key == "results":
                p.add_run().add_break()  # Shift+Enter
                p.add_run(text)
            elif key == "plans":
                p.add_run("\u3000" + text)  # 四、下步工作打算　下一步……
            else:
                doc.add_paragraph(text)

    case = process_single(_docx(tmp_path / "c.docx", build), config)
    assert [s.name for s in case.sections] == FOUR and rules(case) == []
    assert case.sections[2].heading == "三、工作成效" and case.sections[2].blocks[0].text.startswith(RESULTS[:10])
    assert case.sections[3].heading == "四、下步工作打算" and case.sections[3].blocks[0].text.startswith(PLANS[:10])


def test_docx_cover_table_with_annotated_labels(tmp_path, config):
    def build(doc):
        table = doc.add_table(rows=2, cols=2)
        for r, (k, v) in enumerate([("报送单位（盖章）", "合川区科学技术协会"), ("案例类型", "社区学校建设案例")]):
            table.cell(r, 0).text, table.cell(r, 1).text = k, v
        doc.add_heading("科普大篷车开进社区家长学校", level=1)
        _body(doc)

    case = process_single(_docx(tmp_path / "d.docx", build), config)
    assert case.unit == "合川区科学技术协会" and case.title == "科普大篷车开进社区家长学校"
    assert case.declared_type == "社区学校" and rules(case) == []


def test_docx_case_sent_as_a_form(tmp_path, config):
    """申报表: the whole case in a table, | 基本情况 | text | rows, or the text in the row below its name."""
    def horizontal(doc):
        doc.add_paragraph("合川区家校社协同育人“教联体”建设案例申报表")
        rows = [("案例题目", "办好家门口的社区家长学校"), ("报送单位", "合川区钱塘镇人民政府", "联系人", "张老师"),
                ("案例类型", "社区学校建设案例")] + [(h[2:], t) for h, t in PARTS.values()]
        table = doc.add_table(rows=len(rows), cols=4)
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text
            if len(cells) == 2:  # the text cell spans the rest of the row
                table.cell(r, 1).merge(table.cell(r, 3))

    def vertical(doc):
        cells = ["案例题目", "办好家门口的社区家长学校"]
        for heading, text in PARTS.values():
            cells += [heading, text + "\n第二段：" + text[:40]]
        table = doc.add_table(rows=len(cells), cols=1)
        for r, text in enumerate(cells):
            table.cell(r, 0).text = text
        doc.add_paragraph("报送单位：合川区钱塘镇人民政府")

    for name, build in (("horizontal.docx", horizontal), ("vertical.docx", vertical)):
        case = process_single(_docx(tmp_path / name, build), config)
        assert case.title == "办好家门口的社区家长学校", name
        assert case.unit == "合川区钱塘镇人民政府" and [s.name for s in case.sections] == FOUR, name
        assert rules(case) == [], (name, [f.message for f in case.findings])
        assert case.sections[0].blocks[0].text == PARTS["basic"][1]
    assert case.sections[1].blocks[-1].text.startswith("第二段：")


def test_data_table_inside_a_part_stays_a_table(tmp_path, config):
    def build(doc):
        _centred(doc, "办好家门口的社区家长学校")
        doc.add_paragraph("报送单位：合川区钱塘镇人民政府")
        _body(doc)
        table = doc.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "工作成效", "2025年"
        table.cell(1, 0).text, table.cell(1, 1).text = "家长满意度", "98%"

    case = process_single(_docx(tmp_path / "t.docx", build), config)
    assert [s.name for s in case.sections] == FOUR
    assert case.sections[-1].blocks[-1].rows == [["工作成效", "2025年"], ["家长满意度", "98%"]]


# ---------------------------------------------------------------------------------------------- second round


def test_markdown_exports_attributes_br_and_footnotes(tmp_path, config):
    parts = "\n\n".join(f"## {h} {{#sec-{n}}}\n\n{t}" for n, (h, t) in enumerate(PARTS.values(), 1))
    text = (f"# 办好家门口的社区家长学校 {{#top}}\n\n报送单位：合川区沙鱼镇人民政府<br>联系人：张老师\n\n{parts}[^1]\n\n"
            "[^1]: 数据来源于镇社会事务办。\n")
    case = process_single(write(tmp_path, "a.md", text), config)
    assert case.title == "办好家门口的社区家长学校" and case.unit == "合川区沙鱼镇人民政府" and case.contact == "张老师"
    assert [s.heading for s in case.sections] == [h for h, _ in PARTS.values()]
    body = case.body_text
    assert "{#" not in body and "<br>" not in body and "[^1]" not in body and "注：数据来源于镇社会事务办。" in body


def test_wechat_decoration_and_glued_headings(tmp_path, config):
    lines = ["🌟办好家门口的社区家长学校🌟", "📌报送单位：合川区钱塘镇人民政府"]
    marks = ["🔶", "▍", "■", ">>"]
    for mark, (heading, text) in zip(marks, PARTS.values()):
        lines.append(f"{mark}{heading}{text}")  # no separator between the heading and its text
    case = read_txt(tmp_path, config, "\n".join(lines))
    assert case.title == "办好家门口的社区家长学校" and case.unit == "合川区钱塘镇人民政府"
    assert [s.name for s in case.sections] == FOUR and rules(case) == []
    assert case.sections[0].blocks[0].text.startswith(PARTS["basic"][1][:10])


def test_roman_numeral_headings(tmp_path, config):
    parts = {k: (f"{r}.{h[2:]}", t) for (k, (h, t)), r in zip(PARTS.items(), "ⅠⅡⅢⅣ")}
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校", "合川区钱塘镇人民政府"], parts))
    assert [s.name for s in case.sections] == FOUR and rules(case) == []


@pytest.mark.parametrize("line, unit", [
    ("报送单位：合川区三汇镇人民政府（盖章）　　2025年7月", "合川区三汇镇人民政府"),
    ("供稿：重庆市合川区久长街小学校　王丽（执笔）", "重庆市合川区久长街小学校"),
])
def test_unit_value_without_seal_date_or_author(tmp_path, config, line, unit):
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校", line]))
    assert case.unit == unit and "missing-unit" not in rules(case)


def test_title_ending_in_a_programme_name_is_not_a_school(tmp_path, config):
    case = read_txt(tmp_path, config, plain_case(["依托新时代文明实践站 建强社区家长学校", "合川区草街街道办事处"]))
    assert case.title == "依托新时代文明实践站 建强社区家长学校" and case.unit == "合川区草街街道办事处"


def test_contact_block_at_the_end_is_not_content(tmp_path, config):
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校"], tail=["附：联系人信息", "联系人：张老师", "联系电话：023-42751234", "合川区钱塘镇人民政府"]))
    assert case.unit == "合川区钱塘镇人民政府" and case.contact == "张老师"
    assert case.sections[-1].blocks[-1].text.endswith(PLANS[-10:])


def test_mojibake_text_is_one_clear_finding(tmp_path, config):
    text = plain_case(["办好家门口的社区家长学校", "合川区钱塘镇人民政府"])
    garbled = text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    case = process_single(write(tmp_path, "乱码.txt", garbled.decode("utf-8")), config)
    assert rules(case) == ["unreadable"] and "乱码" in case.findings[0].message


def test_docx_form_with_a_number_column(tmp_path, config):
    def build(doc):
        doc.add_paragraph("办好家门口的社区家长学校")
        doc.add_paragraph("报送单位：合川区钱塘镇人民政府")
        table = doc.add_table(rows=5, cols=3)
        for r, cells in enumerate([("序号", "项目", "内容")] + [(h[0], h[2:], t) for h, t in PARTS.values()]):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text

    case = process_single(_docx(tmp_path / "n.docx", build), config)
    assert [s.name for s in case.sections] == FOUR and rules(case) == []


def test_docx_form_body_reaches_the_checks(tmp_path, config):
    """A form with a 报送单位 row: its body is still checked (personal data is found in a cell)."""
    def build(doc):
        rows = [("案例题目", "办好家门口的社区家长学校"), ("报送单位", "合川区钱塘镇人民政府")] + [
            (h[2:], t + ("学生家长联系电话13983012345。" if k == "basic" else "")) for k, (h, t) in PARTS.items()]
        table = doc.add_table(rows=len(rows), cols=2)
        for r, (a, b) in enumerate(rows):
            table.cell(r, 0).text, table.cell(r, 1).text = a, b

    case = process_single(_docx(tmp_path / "p.docx", build), config)
    assert [s.name for s in case.sections] == FOUR
    assert "personal-info" in rules(case)


def test_two_cases_in_one_file_is_an_error(tmp_path, config):
    first = plain_case(["办好家门口的社区家长学校", "合川区钱塘镇人民政府"])
    second = plain_case(["织密护校网 守护上学路", "合川区南津街街道办事处"])
    case = read_txt(tmp_path, config, first + second)
    assert rules(case) == ["multiple-cases"]
    assert "两篇案例" in case.findings[0].message and case.findings[0].line == 13  # the second case’s “一、基本情况”


def test_a_contents_list_at_the_top_does_not_take_the_parts(tmp_path, config):
    toc = ["办好家门口的社区家长学校", "合川区钱塘镇人民政府", "目录"] + [h for h, _ in PARTS.values()]
    case = read_txt(tmp_path, config, plain_case(toc))
    assert [s.name for s in case.sections] == FOUR and rules(case) == []
    assert all(s.blocks for s in case.sections)


def test_docx_unit_only_in_the_page_footer(tmp_path, config):
    def build(doc):
        _centred(doc, "办好家门口的社区家长学校")
        _body(doc)
        doc.sections[0].footer.paragraphs[0].text = "合川区二郎镇人民政府"

    case = process_single(_docx(tmp_path / "f.docx", build), config)
    assert case.unit == "合川区二郎镇人民政府" and rules(case) == []
    assert "二郎镇" not in case.body_text


# ---------------------------------------------------------------------------------------------- unit names


@pytest.mark.parametrize("name, canonical", [
    ("中共重庆市合川区委员会宣传部", "区委宣传部"),
    ("合川区委网络安全和信息化委员会办公室", "区委网信办"),
    ("区人民检察院", "区检察院"),
    ("合川区公安分局", "区公安局"),
    ("区卫健委", "区卫生健康委"),
    ("移通学院", "重庆移通学院"),
    ("重庆人文科技学院学生处", "重庆人文科技学院"),  # a university's department sorts with its university
    ("合川电大", "重庆开放大学合川分校"),
    ("重庆市合川区官渡中学校", "官渡镇"),  # a school named after its town sorts with the town
    ("南津街派出所", "南津街街道"),
    ("合川区儿童福利院", "区民政局"),
])
def test_unit_name_forms(config, name, canonical):
    from jlt_cli.understand.units import match_unit, unit_rank

    m = match_unit(name, config)
    assert m is not None and m.canonical == canonical, (name, m)
    assert unit_rank(name, config) == unit_rank(canonical, config)


@pytest.mark.parametrize("line", ["情暖龙市镇", "关爱留守儿童在三汇镇", "建好南津街道社区家长学校", "护校安园示范学校"])
def test_title_naming_a_town_is_a_title_not_a_unit(tmp_path, config, line):
    case = read_txt(tmp_path, config, plain_case([line, "报送单位：合川区钱塘镇人民政府"]))
    assert case.title == line and case.unit == "合川区钱塘镇人民政府"


@pytest.mark.parametrize("line", ["重庆移通学院学生处", "合川区人民法院少年法庭", "南津街消防救援站", "合川区三汇镇人民政府（盖章）",
                                  "区妇联、区教委"])
def test_bare_unit_lines_of_sub_bodies(tmp_path, config, line):
    case = read_txt(tmp_path, config, plain_case(["办好家门口的社区家长学校", line]))
    assert case.unit and case.unit_written in line and "missing-unit" not in rules(case)


def test_docx_title_in_the_first_row_of_a_layout_table(tmp_path, config):
    """A borderless layout table: the title spans row 1, 案例类型 and 报送单位 sit side by side in row 2."""
    def build(doc):
        table = doc.add_table(rows=2, cols=2)
        table.cell(0, 0).merge(table.cell(0, 1)).text = "“渭沱守护”留守儿童关爱行动"
        table.cell(1, 0).text, table.cell(1, 1).text = "案例类型：困境儿童帮扶案例", "报送单位：合川区渭沱镇人民政府"
        _body(doc)

    case = process_single(_docx(tmp_path / "layout.docx", build), config)
    assert case.title == "“渭沱守护”留守儿童关爱行动" and case.unit == "合川区渭沱镇人民政府"
    assert case.declared_type == "困境儿童"


def test_bold_table_caption_is_not_a_sub_heading(tmp_path, config):
    def build(doc):
        _centred(doc, "办好家门口的社区家长学校")
        doc.add_paragraph("报送单位：合川区钱塘镇人民政府")
        _body(doc)
        doc.add_paragraph().add_run("表1 2025年家长学校开课情况").bold = True
        table = doc.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "月份", "场次"
        table.cell(1, 0).text, table.cell(1, 1).text = "7月", "12"

    case = process_single(_docx(tmp_path / "cap.docx", build), config)
    caption = next(b for b in case.sections[-1].blocks if b.text.startswith("表1"))
    assert caption.kind.value == "paragraph"


# ---------------------------------------------------------------------------------------------- staff's inbox


def test_a_case_sent_as_an_archive_is_reported_not_lost(tmp_path, config):
    import io
    import zipfile

    from jlt_cli.pipeline import validate_paths

    unit = tmp_path / "收件" / "土场镇"
    unit.mkdir(parents=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("AAAAAAAAAA.docx", b"x")  # renamed below to GBK bytes, as Windows zips store names
    (unit / "土场镇报送材料.zip").write_bytes(buf.getvalue().replace(b"AAAAAAAAAA.docx", "土场镇案例.docx".encode("gbk")))
    (unit / "照片.rar").write_bytes(b"Rar!\x1a\x07\x00" + b"\x00" * 40)
    result = validate_paths([tmp_path / "收件"], config)
    assert len(result.cases) == 2
    for case in result.cases:
        assert [f.rule for f in case.findings] == ["unsupported-format"]
        assert "压缩包" in case.findings[0].message and "解压" in case.findings[0].message
    zipped = next(c for c in result.cases if c.display_path.endswith(".zip"))
    assert "土场镇案例.docx" in zipped.findings[0].message


def test_blank_and_picture_only_documents_say_what_they_are(tmp_path, config):
    from PIL import Image as PILImage

    blank = _docx(tmp_path / "空白.docx", lambda doc: None)
    PILImage.new("RGB", (200, 100), (1, 2, 3)).save(tmp_path / "scan.png")
    scanned = _docx(tmp_path / "扫描件.docx", lambda doc: doc.add_picture(str(tmp_path / "scan.png")))
    case = process_single(blank, config)
    assert rules(case) == ["empty-file"] and "空白" in case.findings[0].message
    case = process_single(scanned, config)
    assert rules(case) == ["unreadable"] and "扫描件" in case.findings[0].message


def test_unreadable_file_in_a_units_folder_goes_into_that_units_letter(tmp_path, config):
    from jlt_cli.outputs.feedback_letters import group_by_unit
    from jlt_cli.pipeline import validate_paths

    folder = tmp_path / "收件" / "钱塘镇"
    folder.mkdir(parents=True)
    write(folder, "家长学校.txt", plain_case(["办好家门口的社区家长学校", "合川区钱塘镇人民政府"]))
    (folder / "补充材料.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = validate_paths([tmp_path / "收件"], config)
    legacy = next(c for c in result.cases if c.display_path.endswith(".doc"))
    assert not legacy.readable and legacy.unit == "合川区钱塘镇人民政府" and legacy.unit_written == "钱塘镇"
    (group,) = group_by_unit(result.cases, config)
    assert group.unit == "合川区钱塘镇人民政府" and len(group.cases) == 2


# ---------------------------------------------------------------------------------------------- adversarial leftovers


@pytest.mark.parametrize("line", ["1" * 200_000, "成" * 200_000, "成," * 100_000, "3栋" * 100_000],
                         ids=["digits", "chinese", "commas", "numbers-and-units"])
@pytest.mark.slow
def test_a_very_long_line_is_read_in_linear_time(tmp_path, config, line):
    """A 1,000,000-character line once hung validate (regexes retried a long run from every position).
    Not a speed target: the alarm only turns a hang back into a failure."""
    import signal

    text = plain_case(["办好家门口的社区家长学校", "合川区钱塘镇人民政府"]).replace("三、工作成效", "三、工作成效\n" + line, 1)
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("validate hung on a long line")))
    signal.alarm(60)
    try:
        case = read_txt(tmp_path, config, text)
    finally:
        signal.alarm(0)
    assert [s.name for s in case.sections] == FOUR


def test_bidi_controls_do_not_hide_a_heading(tmp_path, config):
    parts = dict(PARTS, basic=("\u202e一、基本情况\u202c\u200f", PARTS["basic"][1]))
    case = read_txt(tmp_path, config, plain_case(["\u202e办好家门口的社区家长学校", "合川区钱塘镇人民政府"], parts))
    assert case.title == "办好家门口的社区家长学校" and [s.name for s in case.sections] == FOUR and rules(case) == []


@pytest.mark.parametrize("data", ["办好家门口的社区家长学校\n一、基本情况\n".encode("utf-16-le"), b"\x00\x01\x02" * 40 + "中文".encode()])
def test_undecodable_text_file_says_it_is_an_encoding_problem(tmp_path, config, data):
    path = tmp_path / "案例.txt"
    path.write_bytes(data)
    case = process_single(path, config)
    assert rules(case) == ["unreadable"] and "编码" in case.findings[0].message and "UTF-8" in case.findings[0].message


def test_a_link_named_on_the_command_line_obeys_the_folder_rule(tmp_path, config):
    """`jlt show 收件/x.md` where x.md links to a file elsewhere must not print that file."""
    outside = tmp_path / "外部" / "secret.md"
    outside.parent.mkdir()
    outside.write_text("# 机密\n\nroot:x:0:0\n", encoding="utf-8")
    inbox = tmp_path / "收件"
    inbox.mkdir()
    (inbox / "x.md").symlink_to(outside)
    case = process_single(inbox / "x.md", config)
    assert rules(case) == ["unreadable"] and "符号链接" in case.findings[0].message
    assert "root:x" not in case.body_text
