"""jlt.yaml: loading, validation with line-numbered Chinese errors, waivers, and jlt init."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jlt_cli.cli import app
from jlt_cli.actions.init import config_text
from jlt_cli.config import ConfigError, load_config, load_defaults
from jlt_cli.pipeline import load_settings, validate_paths

runner = CliRunner()


def load(tmp_path: Path, text: str):
    """As every command loads it: the file, then its rule ids checked against the registry."""
    path = tmp_path / "jlt.yaml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as exc:
        load(tmp_path, text)
    return str(exc.value)


def test_no_file_gives_defaults(tmp_path):
    assert load_config(cwd=tmp_path).data == load_defaults()


def test_found_in_a_parent_folder(tmp_path):
    (tmp_path / "jlt.yaml").write_text("limits:\n  min_chars: 300\n", encoding="utf-8")
    (tmp_path / "收件" / "子").mkdir(parents=True)
    assert load_config(cwd=tmp_path / "收件" / "子").get("limits", "min_chars") == 300


def test_lists_extend_and_values_replace(tmp_path):
    c = load(tmp_path, "units:\n  extra: [某某协会]\nlimits:\n  max_chars: 8000\n")
    assert c.get("units", "extra") == ["某某协会"] and c.get("limits", "max_chars") == 8000
    assert "钱塘镇" in c.get("units", "towns")


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("brochure:\n  titel: x\n", 2, ["未知的配置项", "brochure.titel"]),
        ("limits:\n  max_chars: 很多\n", 2, ["limits.max_chars", "类型不对"]),
        ("limits:\n  max_chars: yes\n", 2, ["类型不对"]),
        ("brochure: 标题\n", 1, ["应为键值表"]),
        ("units:\n  extra: 某某协会\n", 2, ["应为列表"]),
        ("rules:\n  punctuation: loud\n", 2, ["off、warning 或 error"]),
        ("rules:\n  personal_info: error\n", 2, ["未知的规则", "personal-info"]),
        ("duplicate:\n  threshold: 1.5\n", 2, ["超出范围"]),
        ("duplicate:\n  threshold: 0\n", 2, ["超出范围"]),
        ("limits:\n  max_chars: -1\n", 2, ["超出范围"]),
        ("limits:\n  min_chars: 7000\n", 2, ["min_chars", "应小于"]),
        ("duplicate:\n  waived_pairs:\n    - [a.docx]\n", 2, ["waived_pairs", "两个文件名"]),
        ("waivers:\n  - file: a.docx\n    rule: punctuation\n", 2, ["缺少“reason”"]),
        ("waivers:\n  - a.docx\n", 1, ["file、rule、reason"]),
        ("waivers:\n  - file: a.docx\n    rule: punctuation\n    reason: 已复核\n    by: 张三\n", 5, ["未知的键“by”"]),
        ("waivers:\n  - {file: a.docx, rule: no-such-rule, reason: 已复核}\n", 2, ["未知的规则"]),
        ("limits:\n  max_chars: [1\n", 3, ["不是有效的 YAML"]),
    ],
)
def test_bad_values_name_file_and_line(tmp_path, text, line, words):
    message = error(tmp_path, text)
    assert f"jlt.yaml:{line}:" in message, message
    for w in words:
        assert w in message, message


def test_rule_levels_including_bare_off(tmp_path):
    c = load(tmp_path, "rules:\n  punctuation: off\n  too-short: error\n  unknown-unit: 'off'\n")
    assert c.rule_severity("punctuation") == "off" and c.rule_severity("unknown-unit") == "off"
    assert c.rule_severity("too-short") == "error"


def test_waiver_is_reported_with_reason_and_no_longer_counts(tmp_path):
    folder = tmp_path / "收件"
    folder.mkdir()
    (folder / "a.md").write_text("# 题目\n\n报送单位：某某科技有限公司\n\n## 一、基本情况\n\n" + "基本情况内容。" * 80
                                  + "\n\n## 二、具体措施\n\n" + "具体措施内容。" * 30 + "\n\n## 三、工作成效\n\n"
                                  + "工作成效内容。" * 10 + "\n\n## 四、下步工作打算\n\n" + "下步工作打算内容。" * 5 + "\n",
                                  encoding="utf-8")
    c = load(tmp_path, "waivers:\n  - {file: a.md, rule: unknown-unit, reason: 经核实为受邀单位}\n")
    [case] = validate_paths([folder], c).cases
    [f] = [f for f in case.findings if f.rule == "unknown-unit"]
    assert f.waived == "经核实为受邀单位" and case.warnings == len([x for x in case.active_findings() if x.severity.value == "warning"])
    assert f not in case.active_findings()


def test_generated_config_loads_back_identical(tmp_path):
    text = config_text()
    assert text.lstrip().startswith("#")
    assert load(tmp_path, text).data == load_defaults()


def test_init_writes_layout_and_never_overwrites(tmp_path):
    target = tmp_path / "第一轮"
    r = runner.invoke(app, ["init", str(target)])
    assert r.exit_code == 0, r.output
    assert (target / "jlt.yaml").is_file() and (target / "前言.md").is_file()
    assert (target / "收件").is_dir() and (target / "输出").is_dir()
    assert load_config(target / "jlt.yaml").data == load_defaults()
    (target / "jlt.yaml").write_text("limits:\n  min_chars: 100\n", encoding="utf-8")
    r = runner.invoke(app, ["init", str(target)])
    assert r.exit_code == 0
    assert "未覆盖" in r.output
    assert (target / "jlt.yaml").read_text(encoding="utf-8") == "limits:\n  min_chars: 100\n"


def test_init_in_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["init"])
    assert r.exit_code == 0 and (tmp_path / "jlt.yaml").is_file()


def test_init_refuses_a_file_as_folder(tmp_path):
    f = tmp_path / "x"
    f.write_text("", encoding="utf-8")
    assert runner.invoke(app, ["init", str(f)]).exit_code == 2


@pytest.mark.parametrize("text, line, words", [
    ("limits:\n  min_chars：400\n  max_chars: 6000\n", 2, "全角冒号"),
    ("rules: [a, b\nlimits:\n  min_chars: 3\n", 2, "方括号列表没有闭合"),
    ("limits:\n\tmin_chars: 3\n", 2, "制表符"),
])
def test_yaml_slips_are_named_in_chinese_at_their_line(tmp_path, text, line, words):
    path = tmp_path / "jlt.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert f"jlt.yaml:{line}:" in str(err.value) and words in str(err.value)
