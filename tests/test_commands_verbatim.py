"""Issue 12 (1): every command line jlt prints or writes (init, the jlt.yaml it makes, README) works as written.

Staff copy these lines; a line that fails (a wrong folder, a missing option) is the first thing a new
round meets. Each is run with the real console script, from the folder the text says.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

JLT = Path(sys.executable).with_name("jlt")
GOOD = [p for p in SAMPLES.glob("*.docx")] + [p for p in SAMPLES.glob("*.md")]


def _run(line: str, cwd: Path) -> subprocess.CompletedProcess:
    args = shlex.split(line)
    assert args[0] == "jlt", line
    return subprocess.run([str(JLT), *args[1:]], cwd=cwd, capture_output=True, text=True, timeout=300)


def _fill_inbox(inbox: Path) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    for path in GOOD:
        shutil.copy(path, inbox / path.name)


@pytest.fixture(scope="module")
def round_dir(tmp_path_factory):
    base = tmp_path_factory.mktemp("round")
    run = subprocess.run([str(JLT), "init", "2026征集"], cwd=base, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    _fill_inbox(base / "2026征集" / "收件")
    return base, run.stderr


def test_the_next_step_init_prints_works_from_where_init_was_run(round_dir):
    base, printed = round_dir
    lines = re.findall(r"运行 (jlt [^\n，。]+)", printed)
    assert lines, printed
    for line in lines:
        run = _run(line, base)
        assert run.returncode in (0, 1), (line, run.stderr)
        assert "配置" not in run.stderr or "错误" not in run.stderr


@pytest.mark.slow
def test_the_commands_in_the_generated_jlt_yaml_work_in_the_round_folder_and_from_above(round_dir):
    base, _ = round_dir
    folder = base / "2026征集"
    text = (folder / "jlt.yaml").read_text(encoding="utf-8")
    # the usage lines of the header: "#   jlt validate 收件/           审核，……"
    lines = [m.strip() for m in re.findall(r"^#\s{2,}(jlt [^\n]+?)(?:\s{2,}.*)?$", text, flags=re.M)]
    assert len(lines) >= 3, lines
    for line in lines:
        run = _run(line, folder)
        assert run.returncode in (0, 1), (line, run.stderr)
        assert "Traceback" not in run.stderr
    # the same round from the folder above: its jlt.yaml applies (a rule switched off there stays off)
    (folder / "jlt.yaml").write_text(text + "\nrules:\n  punctuation: 'off'\n", encoding="utf-8")
    inside = _run("jlt validate 收件/ --format json", folder)
    above = _run("jlt validate 2026征集/收件/ --format json", base)
    assert '"punctuation"' not in inside.stdout and '"punctuation"' not in above.stdout
    assert inside.stdout.count('"status": "valid"') == above.stdout.count('"status": "valid"')


# README placeholders and what stands in for them in the sandbox
PLACEHOLDERS = {"规则编号": "personal-info"}


def _readme_lines() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = readme[readme.index("## 工作人员使用指南"):readme.index("## 项目结构")]
    blocks = "\n".join(re.findall(r"```bash\n(.*?)```", guide, flags=re.S))
    lines = re.findall(r"`(jlt [^`]+)`", guide) + re.findall(r"^\s*(jlt [^\n#]+?)\s*(?:#.*)?$", blocks, flags=re.M)
    out = []
    for line in lines:
        for placeholder, value in PLACEHOLDERS.items():
            line = line.replace(placeholder, value)
        if "--convert" in line and not shutil.which("soffice"):
            continue
        out.append(line.strip())
    return list(dict.fromkeys(out))


@pytest.mark.slow
@pytest.mark.parametrize("line", _readme_lines())
def test_readme_commands_work_as_written(line, tmp_path):
    _fill_inbox(tmp_path / "收件")
    shutil.copy(next(SAMPLES.glob("*.docx")), tmp_path / "收件" / "某案例.docx")
    (tmp_path / "文件夹").mkdir()
    if line.split()[1:2] == ["fix"]:
        shutil.copy(next(SAMPLES.glob("*.md")), tmp_path / "案例.md")
    run = _run(line, tmp_path)
    assert run.returncode in (0, 1), (line, run.stdout[-500:], run.stderr[-1500:])
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("what", ["preface", "templates", "config"])
def test_a_named_file_that_is_missing_is_an_error_and_nothing_is_written(what, tmp_path):
    _fill_inbox(tmp_path / "收件")
    args = ["jlt", "build", "收件/", "-o", "out/汇编.pdf"]
    if what == "preface":
        (tmp_path / "jlt.yaml").write_text("brochure:\n  preface: 前言.md\n", encoding="utf-8")
    elif what == "templates":
        args += ["--templates", "我的模板"]
    else:
        args += ["--config", "没有这个.yaml"]
    run = _run(shlex.join(args), tmp_path)
    assert run.returncode == 2 and "错误" in run.stderr and "Errno" not in run.stderr, run.stderr
    assert not (tmp_path / "out").exists()
