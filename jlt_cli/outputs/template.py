"""``jlt template``: the blank submission a unit fills in, laid out the way jlt reads it.

Metadata lines (报送单位：/联系人：/联系电话：/案例类型：), 案例题目：, then the four parts
under the canonical headings 一、基本情况 … 四、下步工作打算 (附件1's five parts: the title
is part （一）). Each part carries hint text taken from 附件1 (the type descriptions and
the three guidance points 聚焦协同育人, 坚持惠民有感, 体现科学实效). Hints start with
HINT_MARK so a left-over hint is easy to spot (by eye or by a rule).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jlt_cli.base.numerals import ordinal_label
from jlt_cli.model import TEMPLATE_HINT
from jlt_cli.outputs.common import part_heading

if TYPE_CHECKING:
    from jlt_cli.config import Config

HINT_MARK = TEMPLATE_HINT
HINT_GREY = (0x80, 0x80, 0x80)

TITLE_HINT = "在“案例题目：”后直接填写题目（同一行）。题目应简明醒目，体现案例主题和特色，一般不超过 30 字。"
INTRO_HINT = (
    "请按提示填写，填写完成后删除所有带“【填写提示】”的文字。正文用“一、基本情况”至“四、下步工作打算”四个标题，"
    "标题文字不要改动；可插入图片（请附图注）和表格。"
)


def template_parts(type_name: str | None, config: "Config") -> dict:
    """Everything a template holds, independent of the file format: the parts and hints from jlt.yaml."""
    full = config.type_full_name(type_name) if type_name else ""
    parts = []
    for key in config.part_keys:
        hint = str(config.get("sections", key, "hint") or "")
        if key == config.part_keys[0] and type_name:
            guidance = str(config.get("types", type_name, "guidance") or "")
            if guidance:
                hint += f"本类案例（{full}）应{guidance}"
        parts.append((part_heading(config, key), hint))
    count = ordinal_label(len(config.type_names))
    return {
        "heading": f"合川区家校社协同育人“教联体”建设成果案例{('（' + full + '）') if full else ''}",
        "metadata": [("报送单位", ""), ("联系人", ""), ("联系电话", ""), ("案例类型", full)],
        "type_hint": None if type_name else f"在“案例类型：”后填写以下{count}类之一：{config.type_list_text()}。",
        "title_hint": TITLE_HINT,
        "parts": parts,
    }


def template_markdown(type_name: str | None, config: "Config") -> str:
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


def build_template_docx(type_name: str | None, config: "Config"):
    """The template as a python-docx Document (not saved)."""
    from docx import Document
    from docx.shared import Cm, Pt

    from jlt_cli.outputs.word import add_run, indent_first_line, style_document

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
