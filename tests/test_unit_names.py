"""One name per unit everywhere, who has not submitted, and the staff's way to move a case to another type."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from casebuilder import PARTS, case_markdown, write
from click.testing import CliRunner

from jlt_cli.cli import app
from jlt_cli.config import ConfigError, load_config
from jlt_cli.pipeline import process_single, validate_paths

NEUTRAL = "辖区有12个村（社区），常住人口约4.2万人。近年来把社区家长学校建设作为推进家校社协同育人的重要抓手，建成社区家长学校8所。"


def _round(tmp_path: Path, files: dict[str, str], config: str = "") -> Path:
    inbox = tmp_path / "收件"
    for name, text in files.items():
        write(inbox, name, text)
    if config:
        (tmp_path / "jlt.yaml").write_text(config, encoding="utf-8")
    return inbox


def test_every_way_of_writing_a_unit_prints_one_name(tmp_path, config):
    files = {
        "a.md": case_markdown(unit="区妇联", texts={"basic": NEUTRAL}),
        "b.md": case_markdown(unit="合川区妇女联合会", title="家庭教育讲师团进万家", texts={"basic": NEUTRAL}),
        "c.md": case_markdown(unit="重庆市合川区人民法院", title="家庭教育令护航成长", texts={"basic": NEUTRAL}),
        "d.md": case_markdown(unit="区检察院", title="督促监护令唤回缺位的父母", texts={"basic": NEUTRAL}),
    }
    result = validate_paths([_round(tmp_path, files)], config)
    by_file = {Path(c.display_path).name: c for c in result.cases}
    assert by_file["a.md"].unit == by_file["b.md"].unit == "合川区妇女联合会"
    assert (by_file["a.md"].unit_written, by_file["b.md"].unit_written) == ("区妇联", "合川区妇女联合会")
    assert by_file["c.md"].unit == "重庆市合川区人民法院" and by_file["d.md"].unit == "重庆市合川区人民检察院"
    assert not [f for c in result.cases for f in c.findings if f.rule in ("unknown-unit", "missing-unit")]


def test_units_print_short_and_json_keeps_what_was_written(tmp_path):
    inbox = _round(tmp_path, {"a.md": case_markdown(unit="合川区妇女联合会", texts={"basic": NEUTRAL})}, "units:\n  print: short\n")
    res = CliRunner().invoke(app, ["validate", str(inbox), "--format", "json"])
    case = json.loads(res.output)["files"][0]
    assert case["unit"] == "区妇联" and case["unit_written"] == "合川区妇女联合会"


def test_units_print_takes_full_or_short_only(tmp_path):
    (tmp_path / "jlt.yaml").write_text("units:\n  print: long\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="full 或 short"):
        load_config(tmp_path / "jlt.yaml")


@pytest.mark.parametrize("signature", ["龙子湖区民政局", "重庆市大足区民政局", "开福区妇联"])
def test_another_districts_body_is_kept_as_written_and_never_the_title(tmp_path, config, signature):
    text = "\n".join([signature, "", *[f"## {h}\n\n{t}\n" for h, t in PARTS.values()], signature, "", "2025年7月18日"])
    case = process_single(write(tmp_path, "案例.md", text.replace("钱塘镇位于合川区北部，", "")), config)
    assert case.unit == signature and case.title != signature
    rules = [f.rule for f in case.findings]
    assert "other-district" in rules and "missing-title" in rules  # the body of another district: an error of its own
    assert not any(signature in b.text for s in case.sections for b in s.blocks)


def test_units_that_have_not_submitted(tmp_path, config):
    files = {
        "妇联.md": case_markdown(unit="区妇联", texts={"basic": NEUTRAL}),
        "联合.md": case_markdown(unit="团区委、区关工委", title="童心相伴助成长", texts={"basic": NEUTRAL}),
        "学校.md": case_markdown(unit="合川区钱塘镇中心小学", title="家长护学岗", texts={"basic": NEUTRAL}),
        "派出所.md": case_markdown(unit="合川区公安局南津街派出所", title="反诈课堂进校园", texts={"basic": NEUTRAL}),
    }
    inbox = _round(tmp_path, files)
    (inbox / "二郎镇").mkdir()
    (inbox / "二郎镇" / "案例.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = validate_paths([inbox], config)
    missing = result.summary["missing_units"]
    for sent in ("合川区妇女联合会", "共青团重庆市合川区委员会", "合川区关心下一代工作委员会", "重庆市公安局合川区分局"):
        assert sent not in missing
    # a school's case is not its town's; an unreadable file is no submission; the issuer is never chased
    assert "合川区钱塘镇人民政府" in missing and "合川区二郎镇人民政府" in missing
    assert "合川区教育委员会" not in missing and "合川区南津街街道办事处" in missing
    assert missing.index("重庆市合川区人民法院") < missing.index("合川区合阳城街道办事处") < missing.index("重庆人文科技学院")
    assert len(missing) == 52 - 4  # 17 district bodies − 区教委、区市场监管局, 30 镇街, 7 universities; 4 sent

    res = CliRunner().invoke(app, ["validate", str(inbox)])
    assert f"未报送的单位（{len(missing)} 个）" in res.output and "合川区二郎镇人民政府（文件无法读取）" in res.output
    res = CliRunner().invoke(app, ["stats", str(inbox)])
    assert f"未报送的单位（{len(missing)} 个）：重庆市合川区人民法院、" in res.output.replace("\n", "")


def test_type_mismatch_gives_the_jlt_yaml_entry_that_moves_the_case(tmp_path):
    name = "清平镇-社区学校建设案例（修改稿）.md"
    kunjing = ("我镇对辖区留守儿童、困境儿童逐一建立“一人一档”，落实“一人一策”帮扶，儿童主任定期走访，"
               "组织爱心妈妈结对帮扶，为事实无人抚养儿童落实基本生活保障和心理疏导。") * 2
    inbox = _round(tmp_path, {name: case_markdown(unit="合川区清平镇人民政府", declared="社区学校建设案例",
                                                  title="留守儿童结对帮扶", texts={k: kunjing for k in PARTS})})
    case = validate_paths([inbox], load_config(None, cwd=tmp_path)).cases[0]
    (finding,) = [f for f in case.findings if f.rule == "type-mismatch"]
    assert case.type == "社区学校" and "仍按声明的“社区学校建设案例”编排" in finding.message
    entry = re.search(r"(files: \{.*\}\})", finding.message).group(1)
    assert yaml.safe_load(entry) == {"files": {name: {"type": "困境儿童", "reason": "内容为困境儿童帮扶，经与单位确认改列"}}}
    # the entry as written moves the case, and the warning goes
    (tmp_path / "jlt.yaml").write_text(entry + "\n", encoding="utf-8")
    case = validate_paths([inbox], load_config(None, inputs=[inbox])).cases[0]
    assert case.type == "困境儿童" and not [f for f in case.findings if f.rule == "type-mismatch"]
    # the unit is not told about the staff's jlt.yaml
    from jlt_cli.outputs.feedback_letters import message_for_unit

    assert "jlt.yaml" not in message_for_unit(finding.message)


def test_defaults_name_each_term_and_unit_once():
    """YAML keeps the last of two equal keys without a word: a term listed twice would weigh what the second says."""
    from jlt_cli.config import defaults_text

    seen: set[tuple[str, ...]] = set()
    path: list[tuple[int, str]] = []  # (indent, key) of the maps we are in
    for line in defaults_text().splitlines():
        m = re.match(r"^( *)([^#\s-][^:]*):", line)
        if not m:
            continue
        indent, key = len(m.group(1)), m.group(2)
        path = [(i, k) for i, k in path if i < indent]
        where = (*(k for _, k in path), key)
        assert where not in seen, where
        seen.add(where)
        path.append((indent, key))
    assert ("types", "社区学校", "terms", "四点半课堂") in seen
