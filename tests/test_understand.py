"""Understanding and the structure rules, through the real pipeline on real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from casebuilder import PARTS, case_markdown, write

from jlt_cli.pipeline import process_single, validate_paths


def rules(case) -> list[str]:
    return [f.rule for f in case.findings]


def run_one(tmp_path: Path, text: str, config, name: str = "案例.md"):
    return process_single(write(tmp_path, name, text), config)


def test_good_case_has_no_findings(tmp_path, config):
    case = run_one(tmp_path, case_markdown(), config)
    assert rules(case) == []
    assert case.title == "办好“家门口”的社区家长学校 打造协同育人新阵地"
    assert case.unit == "合川区钱塘镇人民政府"
    assert [s.name for s in case.sections] == ["基本情况", "具体措施", "工作成效", "下步工作打算"]
    assert case.type == "社区学校" and case.inferred_type == "社区学校"
    assert case.contact == "张老师" and case.phone == "023-42751234"
    assert any("社区家长学校" in e for e in case.type_evidence)


def test_missing_title(tmp_path, config):
    text = case_markdown(title=None)
    case = run_one(tmp_path, text, config)
    assert rules(case) == ["missing-title"]
    assert "案例题目" in case.findings[0].message


@pytest.mark.parametrize("missing", ["basic", "measures", "results", "plans"])
def test_missing_section_names_the_part(tmp_path, config, missing):
    parts = [k for k in PARTS if k != missing]
    case = run_one(tmp_path, case_markdown(parts=parts), config)
    assert rules(case) == ["missing-section"]
    name = {"basic": "基本情况", "measures": "具体措施", "results": "工作成效", "plans": "下步工作打算"}[missing]
    assert case.findings[0].section == name and name in case.findings[0].message


def test_section_order(tmp_path, config):
    case = run_one(tmp_path, case_markdown(parts=["measures", "basic", "results", "plans"]), config)
    assert rules(case) == ["section-order"]
    assert case.findings[0].severity.value == "warning"


def test_empty_section(tmp_path, config):
    case = run_one(tmp_path, case_markdown(texts={"results": ""}), config)
    assert rules(case) == ["empty-section"]
    assert case.findings[0].section == "工作成效"
    assert case.findings[0].line is not None


def test_not_a_case_is_one_finding(tmp_path, config):
    notice = (
        "# 关于开展暑期安全教育的通知\n\n各镇街、各学校：\n\n为切实做好暑期学生安全工作，现将有关事项通知如下。"
        "请各单位高度重视，认真组织实施。\n\n重庆市合川区教育委员会\n\n2025年7月1日\n"
    )
    case = run_one(tmp_path, notice, config)
    assert rules(case) == ["not-a-case"]


def test_unknown_type(tmp_path, config):
    generic = "本单位高度重视此项工作，召开专题会议研究部署，明确任务分工，扎实推进各项工作落地落实，取得了较好效果。" * 4
    text = case_markdown(title="扎实推进重点工作", texts={k: generic for k in PARTS})
    case = run_one(tmp_path, text, config)
    assert rules(case) == ["unknown-type"]


def test_unknown_type_says_when_two_types_tie(tmp_path, config):
    # 护学岗 (护校安园) and 残疾儿童 (困境儿童) both weigh 4: plenty of evidence, no dominant type
    tied = "镇上坚持护学岗值守，同时关心残疾儿童的学习生活，两项工作同步推进，形成了工作合力，得到群众认可。" * 3
    text = case_markdown(title="两项工作同步推进", texts={k: tied for k in PARTS})
    case = run_one(tmp_path, text, config)
    assert rules(case) == ["unknown-type"]
    message = case.findings[0].message
    assert "一样多" in message and "护校安园工作案例" in message and "困境儿童帮扶案例" in message
    assert "没有足够" not in message


def test_unknown_type_without_evidence_says_so(tmp_path, config):
    generic = "本单位高度重视此项工作，召开专题会议研究部署，明确任务分工，扎实推进各项工作落地落实，取得了较好效果。" * 4
    case = run_one(tmp_path, case_markdown(title="扎实推进重点工作", texts={k: generic for k in PARTS}), config)
    assert "没有足够的类型特征词" in case.findings[0].message


def test_type_mismatch_is_a_warning(tmp_path, config):
    kunjing = (
        "我们对辖区困境儿童、留守儿童逐一建立“一人一档”，落实“一人一策”帮扶，儿童督导员、儿童主任定期走访，"
        "为残疾儿童提供送教上门服务，为事实无人抚养儿童落实基本生活保障和心理疏导。"
    ) * 2
    text = case_markdown(texts={k: kunjing for k in PARTS}, declared="护校安园工作案例",
                         title="“一人一档”精准帮扶 护航困境儿童成长")
    case = run_one(tmp_path, text, config)
    assert rules(case) == ["type-mismatch"]
    assert case.status == "valid" and case.type == "护校安园"
    assert "困境儿童" in case.findings[0].message


def test_file_name_type_gives_way_to_clear_content(tmp_path, config):
    """Clerks reuse the template's file name; a type written only there loses to content that clearly says otherwise."""
    kunjing = (
        "我们对辖区困境儿童、留守儿童逐一建立“一人一档”，落实“一人一策”帮扶，儿童督导员、儿童主任定期走访，"
        "为残疾儿童提供送教上门服务，为事实无人抚养儿童落实基本生活保障和心理疏导。"
    ) * 2
    text = case_markdown(texts={k: kunjing for k in PARTS}, title="“一人一档”精准帮扶 护航困境儿童成长")
    case = run_one(tmp_path, text, config, name="附件1：护校安园工作案例（钓鱼城街道）.md")
    assert case.declared_type == "护校安园" and case.declared_type_source == "文件名"
    assert rules(case) == ["type-mismatch"] and case.status == "valid" and case.type == "困境儿童"
    assert "文件名" in case.findings[0].message and "按内容编入“困境儿童帮扶案例”" in case.findings[0].message


def test_dominant_type_wins_when_two_are_discussed(tmp_path, config):
    mixed = (
        "护学岗民警每天上下学时段在校门口值守，开展交通安全和防溺水教育，"
        "同时关注留守儿童的安全。校园周边治安巡逻常态化，法治副校长定期进校园。"
    )
    text = case_markdown(title="“护学岗”守护校园平安", texts={k: mixed for k in PARTS})
    case = run_one(tmp_path, text, config)
    assert case.inferred_type == "护校安园"
    assert case.type_scores["护校安园"] > case.type_scores["困境儿童"] > 0


def test_headings_written_in_many_ways(tmp_path, config):
    text = (
        "案例题目：“护学岗＋网格员”联动守护校园平安\n\n报送单位：重庆市公安局合川区分局\n\n"
        "（二）背景情况\n\n" + PARTS["basic"][1] + "\n\n"
        "**二、主要做法**\n\n（一）设立护学岗\n\n" + PARTS["measures"][1] + "\n\n"
        "三、取得成效：" + PARTS["results"][1] + "\n\n"
        "【下一步计划】\n\n" + PARTS["plans"][1] + "\n"
    )
    case = run_one(tmp_path, text, config)
    assert case.title == "“护学岗＋网格员”联动守护校园平安"
    assert case.unit == "重庆市公安局合川区分局"
    assert [s.key for s in case.sections] == ["basic", "measures", "results", "plans"]
    assert case.sections[2].chars > 50  # content written on the heading's line is kept
    sub = [b for b in case.sections[1].blocks if b.kind.value == "heading"]
    assert sub and sub[0].text == "（一）设立护学岗"


def test_plain_text_with_crlf_and_gbk(tmp_path, config):
    text = case_markdown(heading_prefix="").replace("# ", "").replace("\n", "\r\n")
    path = write(tmp_path, "案例.txt", text, encoding="gbk")
    case = process_single(path, config)
    assert rules(case) == []
    assert case.title.startswith("办好“家门口”")


def test_unit_from_signature_at_the_end(tmp_path, config):
    text = case_markdown(unit=None) + "\n合川区钱塘镇人民政府\n\n2025年7月20日\n"
    case = run_one(tmp_path, text, config)
    assert case.unit == "合川区钱塘镇人民政府"
    assert "2025年7月20日" not in case.sections[-1].text


def test_run_summary_counts(tmp_path, config):
    write(tmp_path, "a.md", case_markdown())
    other = "护学岗民警每天在校门口值守，开展交通安全、防溺水和防欺凌教育，校园周边治安巡逻常态化。" * 3
    write(tmp_path, "b.md", case_markdown(title=None, texts={k: other for k in PARTS}))
    result = validate_paths([tmp_path], config)
    s = result.summary
    assert (s["files"], s["valid"], s["invalid"], s["errors"]) == (2, 1, 1, 1)
    assert s["by_type"] == {"社区学校": 1, "护校安园": 1, "困境儿童": 0}


def test_template_hint_left_in(tmp_path, config):
    text = case_markdown(texts={"plans": PARTS["plans"][1] + "【填写提示】写明下一步的具体打算。"})
    case = run_one(tmp_path, text, config)
    assert rules(case) == ["template-hint"]
    assert case.findings[0].section == "下步工作打算"


CLASSIFY = Path(__file__).resolve().parent / "fixtures" / "classify"


@pytest.mark.parametrize("path", sorted(CLASSIFY.glob("*.md")), ids=lambda p: p.stem)
def test_hard_cases_land_on_their_dominant_type(path, config):
    """Cases written to mislead a term count (社区学校 with safety courses, 防溺水 for 留守儿童, 孤独症 with no
    listed term…), with no declared type: the content alone must give the type a reader of 附件1 would."""
    case = process_single(path, config)
    expected = path.stem.split("_")[0]
    assert case.inferred_type == expected, (case.type_scores, case.type_evidence)
    assert not [f for f in case.findings if f.rule in ("unknown-type", "type-mismatch")]
