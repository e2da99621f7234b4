"""Regressions from a black-box round (a staff member's inbox of 47 files, a clerk's draft): each test one finding."""

from __future__ import annotations

from casebuilder import case_markdown, write
from jlt_cli.pipeline import process_single, validate_paths

NOTICE = """合川区科学技术局
关于开展2025年青少年科技创新大赛的通知

各镇街，各中小学：
为激发青少年科学兴趣，培养创新精神，经研究，决定举办2025年合川区青少年科技创新大赛。现将有关事项通知如下：
一、参赛对象
全区中小学在校学生及科技辅导员。
二、比赛项目
科技创新成果、科学幻想绘画、科技实践活动三类。
"""


def test_a_numbered_item_of_a_notice_is_never_its_title_and_a_notice_is_no_submission(tmp_path, config):
    write(tmp_path / "收件", "区科技局-通知.txt", NOTICE)
    result = validate_paths([tmp_path / "收件"], config)
    case = result.cases[0]
    assert case.title != "一、参赛对象" and not case.is_case
    assert "合川区科学技术局" in result.summary["missing_units"]  # a notice is not the case the call asks for


def test_a_hint_left_from_the_template_is_no_content(tmp_path, config):
    hint = "【填写提示】尽量用数据、典型事例和群众评价说话，写清为群众解决了什么、维护了什么，群众是否满意。"
    case = process_single(write(tmp_path, "草稿.md", case_markdown(texts={"results": "群众满意。" + hint})), config)
    rules = {f.rule for f in case.findings}
    assert {"template-hint", "empty-section"} <= rules
    assert "尽量用数据" not in case.section("results").text


def test_a_renamed_doc_is_told_that_only_its_name_is_docx(tmp_path, config):
    path = tmp_path / "二郎镇护校安园案例.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    case = process_single(path, config)
    (finding,) = case.findings
    assert finding.rule == "unsupported-format" and "文件名是 .docx" in finding.message and "只改扩展名" in finding.message


def test_a_hechuan_body_under_the_title_is_the_unit_kept_as_written(tmp_path, config):
    text = case_markdown(unit=None).replace("# 办好", "# 办好", 1)
    text = text.replace("\n\n## 一、基本情况", "\n\n合川区慈善会\n\n## 一、基本情况", 1)
    case = process_single(write(tmp_path, "慈善助学.md", text.replace("钱塘镇位于合川区北部，", "")), config)
    assert case.unit == "合川区慈善会"
    assert "unknown-unit" in {f.rule for f in case.findings} and "missing-unit" not in {f.rule for f in case.findings}
