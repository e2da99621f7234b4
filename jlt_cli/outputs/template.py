"""``jlt template``: the blank submission a unit fills in, laid out the way jlt reads it.

Metadata lines (报送单位：/联系人：/联系电话：/案例类型：), 案例题目：, then the four parts
under the canonical headings 一、基本情况 … 四、下步工作打算 (附件1's five parts: the title
is part （一）). Each part carries hint text taken from 附件1 (the type descriptions and
the three guidance points 聚焦协同育人, 坚持惠民有感, 体现科学实效). Hints start with
HINT_MARK so a left-over hint is easy to spot (by eye or by a rule).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jlt_cli.model import SECTION_KEYS, TYPE_FULL_NAMES

if TYPE_CHECKING:
    from jlt_cli.config import Config

HINT_MARK = "【填写提示】"
HINT_GREY = (0x80, 0x80, 0x80)

# 附件1 一、案例类型: what each type must show.
TYPE_GUIDANCE = {
    "社区学校": (
        "体现街镇、社区等基层单位联动学校、家庭、社会等，整体推进校家协同育人的典型案例，包括社区家长学校建设，"
        "在宣传普及家庭教育知识、提升家长家庭教育水平发挥重要阵地作用，在联系学校、家庭、社会，构建协同育人体系"
        "发挥重要平台作用，在提升家庭教育水平、优化未成年人健康成长环境、推进基层社会治理发挥有效载体作用的"
        "协同育人特色做法和工作方式。"
    ),
    "护校安园": (
        "体现街道、社区、公安系统配合消防、司法、检察、教育等部门，全力打造内外结合、整体防控、创新工作方式的"
        "校园安全防控体系典型案例，包括妥善解决涉校涉生风险隐患、构建校园周边安全带、开展校园安全法治教育、"
        "多部门协作对重点家庭进行帮扶等特色工作机制和做法。"
    ),
    "困境儿童": (
        "体现各系统各部门帮助特殊群体儿童树立正确的人生观、价值观，及时疏导因心理、生理及健康变化带来的困惑，"
        "及时化解学习过程中面临的困难和问题，培养独立生活能力的教育指导案例，包括城乡留守儿童、残疾儿童、孤儿、"
        "事实无人抚养儿童和特殊家庭儿童等困境儿童以及进城务工人员随迁子女的家庭教育指导服务案例。"
    ),
}

# 附件1 二、征集要求, distributed over the parts where a writer needs them.
GUIDE_XIETONG = (
    "聚焦协同育人：写清各级党委、政府对学校、家庭、社会协同育人工作的统筹协调和系统谋划，部门之间在强化条件保障、"
    "促进资源共享上的协同联动，以及学校、家庭、社会各方围绕青少年健康成长各展优势、密切配合、相互支持的具体做法。"
)
GUIDE_HUIMIN = (
    "坚持惠民有感：用事实和数据说明为群众解决了什么、维护了什么，群众是否满意；回应人民群众最关心、最直接、"
    "最现实的利益问题。"
)
GUIDE_SHIXIAO = (
    "体现科学实效：说明如何科学、有效地解决协同育人在制度建设、指导服务、条件保障等方面的突出问题，体现学校的"
    "主导作用、家长的主体作用和社会的支持作用。"
)

PART_HINTS = {
    "basic": (
        "简要介绍本单位（本地区）的基本情况、本地未成年人的成长环境和构成实际，说明开展这项工作的背景、"
        "要解决的突出问题和总体思路。建议 300～600 字。"
    ),
    "measures": (
        f"分条写出主要做法，每条可用“（一）××××”作小标题。{GUIDE_XIETONG}"
        "做法要具体：谁牵头、哪些部门和学校参与、做了什么、怎么做的、形成了什么机制。建议 1000～2500 字。"
    ),
    "results": f"{GUIDE_HUIMIN}{GUIDE_SHIXIAO}尽量用数据、典型事例和群众评价说话。建议 400～1000 字。",
    "plans": "针对存在的不足，写出下一步巩固、深化、推广的具体打算和措施。建议 200～500 字。",
}

TITLE_HINT = "在“案例题目：”后直接填写题目（同一行）。题目应简明醒目，体现案例主题和特色，一般不超过 30 字。"
TYPE_HINT_ANY = "在“案例类型：”后填写以下三类之一：" + "、".join(TYPE_FULL_NAMES.values()) + "。"
INTRO_HINT = (
    "请按提示填写，填写完成后删除所有带“【填写提示】”的文字。正文用“一、基本情况”至“四、下步工作打算”四个标题，"
    "标题文字不要改动；可插入图片（请附图注）和表格。"
)


def part_names(config: "Config | None") -> list[tuple[str, str]]:
    """[(key, '一、基本情况'), …] from the canonical names in config."""
    from jlt_cli.outputs.docx_brochure import section_heading

    return [(key, section_heading(key, i, config)) for i, key in enumerate(SECTION_KEYS)]


def template_parts(type_name: str | None, config: "Config | None") -> dict:
    """Everything a template holds, independent of the file format."""
    full = TYPE_FULL_NAMES.get(type_name or "", "")
    basic_hint = PART_HINTS["basic"]
    if type_name:
        basic_hint += f"本类案例（{full}）应{TYPE_GUIDANCE[type_name]}"
    return {
        "heading": f"合川区家校社协同育人“教联体”建设成果案例{('（' + full + '）') if full else ''}",
        "metadata": [("报送单位", ""), ("联系人", ""), ("联系电话", ""), ("案例类型", full)],
        "type_hint": None if type_name else TYPE_HINT_ANY,
        "title_hint": TITLE_HINT,
        "parts": [(heading, PART_HINTS[key] if key != "basic" else basic_hint) for key, heading in part_names(config)],
    }


def template_markdown(type_name: str | None, config: "Config | None" = None) -> str:
    t = template_parts(type_name, config)
    out = [f"> {HINT_MARK}{INTRO_HINT}", ""]
    for label, value in t["metadata"]:
        out += [f"{label}：{value}", ""]
    if t["type_hint"]:
        out += [f"> {HINT_MARK}{t['type_hint']}", ""]
    out += ["案例题目：", "", f"> {HINT_MARK}{t['title_hint']}", ""]
    for heading, hint in t["parts"]:
        out += [f"## {heading}", "", f"> {HINT_MARK}{hint}", ""]
    return "\n".join(out)


def build_template_docx(type_name: str | None, config: "Config | None" = None):
    """The template as a python-docx Document (not saved)."""
    from docx import Document
    from docx.shared import Cm, Pt

    from jlt_cli.outputs.feedback_letters import add_run, indent_first_line, style_document

    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    fonts = style_document(doc, config, body_pt=14)
    t = template_parts(type_name, config)

    def hint(text: str) -> None:
        p = doc.add_paragraph()
        indent_first_line(p, body_pt=14)
        add_run(p, HINT_MARK + text, fonts["kai"], italic=True, colour=HINT_GREY, size_pt=12)

    hint(INTRO_HINT)
    for label, value in t["metadata"]:
        p = doc.add_paragraph()
        add_run(p, f"{label}：", fonts["sans"])
        if value:
            add_run(p, value, fonts["serif"])
    if t["type_hint"]:
        hint(t["type_hint"])
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(12)
    add_run(p, "案例题目：", fonts["sans"], bold=True)
    hint(t["title_hint"])
    for heading, text in t["parts"]:
        h = doc.add_paragraph(style="Heading 1")
        add_run(h, heading, fonts["sans"])
        hint(text)
    doc.core_properties.title = t["heading"]
    doc.core_properties.language = "zh-CN"
    return doc


def default_filename(type_name: str | None, fmt: str) -> str:
    return f"案例模板-{type_name or '通用'}.{fmt}"
