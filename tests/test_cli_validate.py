"""The real CLI: exit codes, the table, the JSON contract."""

from __future__ import annotations

import json

from casebuilder import case_markdown, write
from click.testing import CliRunner

from jlt_cli.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_exit_0_when_clean_and_table_shows_the_case(tmp_path):
    write(tmp_path, "good.md", case_markdown())
    r = invoke("validate", tmp_path)
    assert r.exit_code == 0, r.output
    assert "通过" in r.output and "合川区钱塘镇人民政府" in r.output


def test_exit_1_on_error_and_finding_line_format(tmp_path):
    write(tmp_path, "bad.md", case_markdown(parts=["basic", "measures", "results"]))
    r = invoke("validate", tmp_path)
    assert r.exit_code == 1
    assert "error missing-section" in r.output
    assert "下步工作打算" in r.output


def test_strict_fails_on_warnings(tmp_path):
    write(tmp_path, "order.md", case_markdown(parts=["measures", "basic", "results", "plans"]))
    assert invoke("validate", tmp_path).exit_code == 0
    assert invoke("validate", "--strict", tmp_path).exit_code == 1


def test_exit_2_on_missing_path_and_bad_config(tmp_path):
    r = invoke("validate", tmp_path / "nope")
    assert r.exit_code == 2 and "找不到" in r.output
    bad = write(tmp_path, "jlt.yaml", "brochure:\n  titel: x\n")
    write(tmp_path, "in/a.md", case_markdown())
    r = invoke("validate", "--config", bad, tmp_path / "in")
    assert r.exit_code == 2 and "titel" in r.output and ":2" in r.output


def test_json_contract(tmp_path):
    write(tmp_path, "a.md", case_markdown())
    write(tmp_path, "b.md", case_markdown(title=None, unit=None))
    r = invoke("validate", "--format", "json", tmp_path)
    data = json.loads(r.stdout)
    assert data["tool"] == "jlt" and data["version"]
    assert set(data["summary"]) >= {"files", "cases", "valid", "invalid", "errors", "warnings", "by_type"}
    assert set(data["summary"]["by_type"]) == {"社区学校", "护校安园", "困境儿童"}
    f = data["files"][0]
    assert set(f) >= {"path", "format", "status", "title", "unit", "declared_type", "inferred_type", "type",
                      "type_confidence", "type_evidence", "sections", "chars", "findings"}
    assert f["status"] == "valid" and f["type"] == "社区学校"
    assert [s["name"] for s in f["sections"]] == ["基本情况", "具体措施", "工作成效", "下步工作打算"]
    assert all(set(s) >= {"name", "heading", "chars"} for s in f["sections"])
    bad = data["files"][1]
    assert bad["status"] == "invalid"
    assert {"rule", "severity", "message", "section", "line"} <= set(bad["findings"][0])
    assert r.exit_code == 1


def test_show_prints_parts_with_headings_as_written(tmp_path):
    path = write(tmp_path, "a.md", case_markdown())
    r = invoke("show", path)
    assert r.exit_code == 0
    assert "## 基本情况（原标题：一、基本情况）" in r.output
    r = invoke("show", "--format", "json", path)
    data = json.loads(r.stdout)
    assert data["sections"][0]["blocks"][0]["text"].startswith("钱塘镇位于合川区北部")


def test_usage_errors_are_in_chinese_with_exit_2(tmp_path):
    """The real console script: click's English usage messages are turned into Chinese, exit code 2."""
    import subprocess
    import sys
    from pathlib import Path

    jlt = Path(sys.executable).with_name("jlt")
    cases = {
        ("validate", "--nope", str(tmp_path)): "没有选项 --nope",
        ("nosuch",): "没有命令“nosuch”",
        ("validate",): "缺少要处理的文件或文件夹",
        ("validate", "--format", "xml", str(tmp_path)): "无效，可选：table",
    }
    for args, expected in cases.items():
        run = subprocess.run([str(jlt), *args], capture_output=True, text=True, timeout=60)
        assert run.returncode == 2, (args, run.stderr)
        assert expected in run.stderr and "用法错误" in run.stderr and "Traceback" not in run.stderr, run.stderr


def test_empty_folder_and_folder_for_show_are_usage_errors(tmp_path):
    runner = CliRunner()
    empty = tmp_path / "收件"
    empty.mkdir()
    (empty / "照片.jpg").write_bytes(b"\xff\xd8\xff")  # not a submission
    for command in (["validate", str(empty)], ["stats", str(empty)], ["feedback", str(empty), "-o", str(tmp_path / "out")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and "没有找到案例文件" in result.output, (command, result.output)
    result = runner.invoke(app, ["show", str(tmp_path)])
    assert result.exit_code == 2 and "是文件夹" in result.output


def test_broken_custom_template_is_a_chinese_error_not_a_traceback(tmp_path):
    from pathlib import Path

    templates = tmp_path / "模板"
    templates.mkdir()
    (templates / "case.html.j2").write_text("{% for x in %}\n", encoding="utf-8")
    samples = Path(__file__).resolve().parent.parent / "samples"
    result = CliRunner().invoke(app, ["build", str(samples), "--templates", str(templates), "-o", str(tmp_path / "a.pdf")])
    assert result.exit_code == 2 and "汇编模板有错误" in result.output and "case.html.j2" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "a.pdf").exists()
