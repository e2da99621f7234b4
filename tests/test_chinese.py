"""Issue 12 (7): everything a user reads is Chinese — every --help, the usage errors, positions in jlt show."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from casebuilder import case_markdown, write
from jlt_cli.cli import app

# Three or more English words in a row is a sentence a user would have to read in English.
ENGLISH = re.compile(r"\b[A-Za-z][a-z]{2,}(?:[ ,'’-]+[A-Za-z][a-z]+){2,}")
# Words that are names, not prose: option values, formats, products, file names.
ALLOWED = {"table", "json", "github", "junit", "sarif", "pdf", "docx", "html", "markdown", "index", "assets", "LibreOffice",
           "soffice", "WeasyPrint", "Markdown", "GitHub", "Actions", "Word", "Excel", "jlt", "yaml", "brochure", "case",
           "css", "help", "info", "personal", *app.commands}


def _english(text: str) -> list[str]:
    found = ENGLISH.findall(text)
    return [f for f in found if any(w not in ALLOWED for w in re.findall(r"[A-Za-z]+", f))]


def _commands() -> list[list[str]]:
    return [[]] + [[name] for name in sorted(app.commands)]


@pytest.mark.parametrize("args", _commands(), ids=lambda a: " ".join(a) or "jlt")
def test_every_help_is_chinese(args):
    result = CliRunner().invoke(app, [*args, "--help"], prog_name="jlt")
    assert result.exit_code == 0, result.output
    assert not _english(result.output), _english(result.output)
    assert "Usage" not in result.output and "Options" not in result.output and "Show this" not in result.output
    assert "用法：" in result.output and "选项：" in result.output


USAGE_ERRORS = [
    (["bulid", "收件"], "没有命令“bulid”"),
    (["validate", "--nope", "."], "没有选项 --nope"),
    (["validate"], "缺少要处理的文件或文件夹"),
    (["validate", "--format", "xml", "."], "无效，可选"),
    (["build", "--format", "pdf", "-o", "x.docx", "."], "--format 指定的是 pdf"),
    (["show"], "缺少要处理的文件或文件夹"),
    (["feedback", "."], "缺少选项"),
    (["template", "-t", "不存在的类型"], "未知的案例类型"),
    (["rules", "no-such-rule"], "没有规则"),
    (["fix", "不存在.md"], "找不到文件"),
]


@pytest.mark.parametrize("args, expected", USAGE_ERRORS, ids=lambda x: " ".join(x) if isinstance(x, list) else None)
def test_usage_errors_are_chinese_without_mixed_quotes(args, expected, tmp_path):
    jlt = Path(sys.executable).with_name("jlt")
    run = subprocess.run([str(jlt), *args], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert run.returncode == 2, (args, run.stdout, run.stderr)
    assert expected in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and not _english(run.stderr), run.stderr
    assert "'" not in run.stderr.replace("''", ""), f"Python repr quotes in a message: {run.stderr}"


def test_show_names_paragraphs_and_lines(tmp_path):
    md = write(tmp_path, "案例.md", case_markdown(texts={"results": "家长参与家庭教育学习的积极性明显提高,亲子关系得到改善。问卷显示群众满意度达到98%，"
                                                                    "两所社区家长学校被评为区级示范家长学校，家校社协同育人的氛围日益浓厚。"}))
    out = CliRunner().invoke(app, ["show", str(md)]).output
    assert "第 " in out and " 行" in out and " 处" not in out, out
