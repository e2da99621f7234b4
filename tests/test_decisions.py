"""Issue 11 (4): staff decisions per file in jlt.yaml, each with a reason, obeyed and shown by every output."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from casebuilder import case_markdown, write
from jlt_cli.cli import app

LEFT_BEHIND = {
    "basic": "清平镇有留守儿童326名、困境儿童58名，其中事实无人抚养儿童12名，部分孩子由祖辈照看，缺少关爱和监护，"
             "心理健康问题较为突出，亟需建立帮扶机制，镇里依托社区学校开展关爱活动。",
    "measures": "建立留守儿童和困境儿童一人一档、一人一策，儿童主任逐户走访，开展心理疏导和送教上门，落实低保、临时救助等政策，"
                "组织爱心妈妈与困境儿童结对帮扶，定期开展关爱活动，对监护缺失的儿童落实委托照护和临时监护措施。",
    "results": "全镇困境儿童帮扶覆盖率达到100%，留守儿童心理健康状况明显改善，结对帮扶家庭满意度达到98%，多名困境儿童重返校园。",
    "plans": "下一步将继续完善困境儿童关爱帮扶机制，扩大结对帮扶覆盖面，为留守儿童和困境儿童提供更加精准的关爱服务。",
}
NAME = "清平镇-社区学校建设案例（修改稿）.md"


def _round(tmp_path, decisions: str = ""):
    inbox = tmp_path / "收件"
    write(inbox, NAME, case_markdown(title="情暖留守儿童", unit="合川区清平镇人民政府", declared="社区学校建设案例",
                                     texts=LEFT_BEHIND))
    write(inbox, "钱塘镇-家长学校.md", case_markdown())
    (tmp_path / "jlt.yaml").write_text(decisions, encoding="utf-8")
    return inbox


def _validate(inbox) -> dict:
    res = CliRunner().invoke(app, ["validate", str(inbox), "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    return {f["path"].split("/")[-1]: f for f in json.loads(res.output)["files"]}


def test_declared_type_against_content_stays_with_a_warning_that_says_how_to_move_it(tmp_path):
    files = _validate(_round(tmp_path))
    case = files[NAME]
    assert case["type"] == "社区学校"
    mismatch = [f for f in case["findings"] if f["rule"] == "type-mismatch"]
    assert mismatch and "困境儿童" in mismatch[0]["message"]


def test_a_type_decision_moves_the_case_and_silences_the_mismatch(tmp_path):
    inbox = _round(tmp_path, f'files:\n  "{NAME}":\n    type: 困境儿童\n    reason: 内容为留守儿童帮扶，经与单位确认改列\n')
    case = _validate(inbox)[NAME]
    assert case["type"] == "困境儿童" and case["status"] == "valid"
    assert not [f for f in case["findings"] if f["rule"] in ("type-mismatch", "unknown-type")]
    assert case["decision"] == {"type": "困境儿童", "unit": None, "title": None, "include": True,
                                "reason": "内容为留守儿童帮扶，经与单位确认改列"}
    res = CliRunner().invoke(app, ["show", str(inbox / NAME)])
    assert "工作人员决定：改列“困境儿童帮扶案例”（理由：内容为留守儿童帮扶，经与单位确认改列）" in res.output
    out = tmp_path / "out" / "汇编.html"
    res = CliRunner().invoke(app, ["build", str(inbox), "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "out" / "汇编" / "index.html").read_text(encoding="utf-8")
    chapter = html.index("困境儿童帮扶案例")
    assert html.index("情暖留守儿童", chapter) > chapter


def test_unit_title_and_exclusion_decisions(tmp_path):
    inbox = _round(tmp_path, f'files:\n  "{NAME}":\n    unit: 区民政局\n    title: 留守儿童关爱帮扶纪实\n    include: false\n'
                             f'    reason: 由区民政局统一报送，本轮不收录\n')
    case = _validate(inbox)[NAME]
    assert case["unit"] == "合川区民政局" and case["title"] == "留守儿童关爱帮扶纪实"  # 区民政局 under its one name
    res = CliRunner().invoke(app, ["build", str(inbox), "-o", str(tmp_path / "汇编.pdf")])
    assert res.exit_code == 0, res.output
    assert "工作人员决定不收入汇编（理由：由区民政局统一报送，本轮不收录）" in res.output


def test_a_decision_needs_a_reason_and_a_known_type(tmp_path):
    inbox = _round(tmp_path, f'files:\n  "{NAME}":\n    type: 困境儿童\n')
    res = CliRunner().invoke(app, ["validate", str(inbox)])
    assert res.exit_code == 2 and "jlt.yaml:2" in res.output and "reason" in res.output, res.output
    inbox = _round(tmp_path, f'files:\n  "{NAME}":\n    type: 心理健康\n    reason: 试试\n')
    res = CliRunner().invoke(app, ["validate", str(inbox)])
    assert res.exit_code == 2 and "不是已配置的案例类型" in res.output, res.output


def test_near_copies_from_two_units_both_told_naming_unit_and_title_never_a_path(tmp_path):
    import os
    import time

    inbox = tmp_path / "收件"
    first = write(inbox / "街道甲", "社区学校.md", case_markdown(title="家门口的社区学校", unit="合川区钓鱼城街道办事处"))
    second = write(inbox / "街道乙", "社区学校.md", case_markdown(title="家门口的社区学校", unit="合川区南津街街道办事处"))
    now = time.time()
    os.utime(first, (now - 100, now - 100))  # received first
    os.utime(second, (now, now))
    files = {f["path"]: f for f in json.loads(CliRunner().invoke(app, ["validate", str(inbox), "--format", "json"]).output)["files"]}
    later = [f for f in files[str(second)]["findings"] if f["rule"] == "similar-case"]
    earlier = [f for f in files[str(first)]["findings"] if f["rule"] == "similar-case"]
    assert later[0]["severity"] == "error" and earlier[0]["severity"] == "warning"
    assert "《家门口的社区学校》" in later[0]["message"] and "钓鱼城街道" in later[0]["message"]
    assert "南津街街道" in earlier[0]["message"]
    for f in later + earlier:
        assert "街道甲" not in f["message"] and "街道乙" not in f["message"] and "/" not in f["message"]


def test_many_copies_all_name_the_one_kept(tmp_path):
    import os

    inbox = tmp_path / "收件"
    towns = ["钱塘镇", "沙鱼镇", "官渡镇", "涞滩镇", "龙市镇", "肖家镇", "古楼镇", "三庙镇"]
    for n, town in enumerate(towns):
        path = write(inbox, f"{n}-{town}.md", case_markdown(unit=f"合川区{town}人民政府"))
        os.utime(path, (1_700_000_000 + n, 1_700_000_000 + n))
    files = json.loads(CliRunner().invoke(app, ["validate", str(inbox), "--format", "json"]).output)["files"]
    errors = [f for c in files for f in c["findings"] if f["rule"] == "similar-case" and f["severity"] == "error"]
    assert len(errors) == len(towns) - 1
    assert all("钱塘镇" in f["message"] for f in errors)  # the first received, kept


def test_the_sheet_and_the_console_show_decisions_missing_units_and_what_was_left_aside(tmp_path):
    import openpyxl

    inbox = _round(tmp_path, f'files:\n  "{NAME}":\n    type: 困境儿童\n    reason: 内容为留守儿童帮扶，经与单位确认改列\n')
    (inbox / "README.txt").write_text("说明", encoding="utf-8")
    sheet = tmp_path / "审核结果.xlsx"
    res = CliRunner().invoke(app, ["validate", str(inbox), "--report", str(sheet)])
    assert "工作人员决定：改列“困境儿童帮扶案例”（理由：内容为留守儿童帮扶，经与单位确认改列）" in res.output
    assert "README.txt" in res.output and "未报送的单位" in res.output and "jlt.yaml" in res.output
    wb = openpyxl.load_workbook(sheet)
    rows = [[c for c in r if c is not None] for r in wb["审核结果"].iter_rows(values_only=True)]
    assert any("工作人员决定" in str(c) for r in rows for c in r)
    summary = [str(c) for r in wb["汇总"].iter_rows(values_only=True) for c in r if c is not None]
    assert any(s.startswith("未报送的单位（") for s in summary) and any("合川区妇女联合会" in s for s in summary)
    doc = json.loads(CliRunner().invoke(app, ["validate", str(inbox), "--format", "json"]).output)
    assert doc["ignored"] and doc["ignored"][0]["path"].endswith("README.txt")
    assert "区妇联" in doc["summary"]["missing_units"] or "合川区妇女联合会" in doc["summary"]["missing_units"]


def test_pictures_spreadsheets_and_readmes_are_listed_as_left_aside_with_a_reason(tmp_path):
    inbox = _round(tmp_path)
    (inbox / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (inbox / "联系人名单.xlsx").write_bytes(b"PK\x03\x04")
    (inbox / "汇报.pptx").write_bytes(b"PK\x03\x04")
    doc = json.loads(CliRunner().invoke(app, ["validate", str(inbox), "--format", "json"]).output)
    reasons = {Path(i["path"]).name: i["reason"] for i in doc["ignored"]}
    assert "图片" in reasons["照片.jpg"] and "表格" in reasons["联系人名单.xlsx"] and "演示文稿" in reasons["汇报.pptx"]
    assert len(doc["files"]) == 2 and doc["summary"]["ignored"] == 3


def test_an_excluded_file_with_errors_does_not_fail_the_run(tmp_path):
    """Staff settled it: validate exits 0 when the only file with errors is one they excluded, 1 otherwise."""
    inbox = _round(tmp_path)
    write(inbox, "盐井街道-草稿.md", case_markdown(title="盐井街道草稿", unit="合川区盐井街道办事处", parts=["basic", "measures"]))
    res = CliRunner().invoke(app, ["validate", str(inbox)])
    assert res.exit_code == 1, res.output
    (tmp_path / "jlt.yaml").write_text('files:\n  "盐井街道-草稿.md":\n    include: false\n    reason: 单位撤回\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["validate", str(inbox)])
    assert res.exit_code == 0, res.output
    assert "不收录（工作人员决定）" in res.output


def test_a_fixed_copy_sent_later_is_kept_over_the_broken_first(tmp_path):
    """A unit re-sends its draft fixed but not renamed: the complete later copy is kept, the first is the duplicate."""
    import os

    inbox = tmp_path / "收件"
    first = write(inbox, "钱塘镇案例.md", case_markdown(parts=["basic", "measures", "results"]))
    later = write(inbox, "钱塘镇-社区学校案例.md", case_markdown())
    os.utime(first, (1_700_000_000, 1_700_000_000))
    os.utime(later, (1_700_086_400, 1_700_086_400))
    files = _validate(inbox)
    assert files["钱塘镇-社区学校案例.md"]["status"] == "valid", files["钱塘镇-社区学校案例.md"]["findings"]
    rules = {f["rule"] for f in files["钱塘镇案例.md"]["findings"]}
    assert "duplicate" in rules
    dup = next(f for f in files["钱塘镇案例.md"]["findings"] if f["rule"] == "duplicate")
    assert "后收到" in dup["message"] and "钱塘镇-社区学校案例.md" in dup["message"]
    # both fine or both broken: the first received stays the one kept
    os.utime(later, (1_699_000_000, 1_699_000_000))
    files = _validate(inbox)
    assert not any(f["rule"] == "duplicate" for f in files["钱塘镇-社区学校案例.md"]["findings"])


def test_one_file_checked_alone_lists_no_missing_units(tmp_path):
    """A clerk validating one draft is not told that 51 other units have not submitted (JSON as the console)."""
    path = write(tmp_path, "钱塘镇.md", case_markdown())
    res = CliRunner().invoke(app, ["validate", str(path), "--format", "json"])
    assert json.loads(res.output)["summary"]["missing_units"] == []
    write(tmp_path, "龙市镇.md", case_markdown(unit="合川区龙市镇人民政府", title="院坝课堂"))
    res = CliRunner().invoke(app, ["validate", str(tmp_path), "--format", "json"])
    assert "合川区龙凤镇人民政府" in json.loads(res.output)["summary"]["missing_units"]
