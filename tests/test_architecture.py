"""Issue 10: a house a newcomer can change — layers, one home per concept, types from configuration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from casebuilder import case_markdown, write
from conftest import OWN_FIXTURES, ROOT
from jlt_cli.cli import app
from jlt_cli.pipeline import load_settings, process_single, validate_paths

PACKAGE = ROOT / "jlt_cli"


def _modules() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


@pytest.mark.slow
def test_every_module_imports_alone_in_a_fresh_interpreter():
    """No import cycle hides behind import order: each module is the first import of its own interpreter."""
    def imports(module: str) -> tuple[str, str]:
        run = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, cwd=ROOT)
        return module, run.stderr if run.returncode else ""

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        failures = {m: err for m, err in pool.map(imports, _modules()) if err}
    assert not failures, "\n\n".join(f"{m}:\n{e}" for m, e in failures.items())


def test_config_with_rules_and_waivers_loads_as_a_first_import(tmp_path):
    """The circular import the maintainer met: load a jlt.yaml with rules: and waivers: before anything else."""
    (tmp_path / "jlt.yaml").write_text(
        "rules:\n  tracked-changes: off\nwaivers:\n  - {file: a.docx, rule: punctuation, reason: 已复核}\n", encoding="utf-8")
    code = "from jlt_cli.pipeline import load_settings; c = load_settings(); print(c.rule_severity('tracked-changes'))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0 and run.stdout.strip() == "off", run.stderr


FOURTH_TYPE = """\
types:
  心理健康:
    full_name: 心理健康教育案例
    chapter: 第四类 心理健康教育案例
    aliases: [心理健康教育]
    terms: {心理健康: 5, 心理咨询: 3, 心理辅导: 3, 情绪疏导: 3}
"""

PSYCH_TEXTS = {
    "basic": "铜溪镇中心小学有学生1200余名，近年来部分学生出现焦虑、厌学等情绪问题，学校把心理健康教育作为家校社协同育人的重点，"
             "联合镇卫生院、社工站建立心理健康服务网络，为家长和学生提供心理咨询和心理辅导。",
    "measures": "一是建设心理健康辅导室，配备专职心理教师2名，每周开放心理咨询；二是开展心理健康主题家长课堂12场，指导家长做好情绪疏导；"
                "三是联合镇卫生院建立心理辅导转介机制，对需要帮助的学生及时开展心理辅导和情绪疏导，形成学校、家庭、医院协同的心理健康服务链条。",
    "results": "一年来共开展心理咨询320人次、心理辅导86人次，家长心理健康知识知晓率由45%提高到92%，学生情绪问题明显减少，群众满意度达到97%。",
    "plans": "下一步将把心理健康教育延伸到村（社区），培育心理健康志愿者队伍，完善心理咨询和心理辅导的转介机制，让更多家庭受益。",
}


def test_a_fourth_type_added_in_jlt_yaml_goes_through_validate_json_and_brochure(tmp_path):
    round_dir = tmp_path / "round"
    inbox = round_dir / "收件"
    (round_dir).mkdir()
    (round_dir / "jlt.yaml").write_text(FOURTH_TYPE, encoding="utf-8")
    write(inbox, "心理健康_铜溪镇_心灵护航.md", case_markdown(title="心灵护航 共育阳光少年", unit="合川区铜溪镇人民政府",
                                                       texts=PSYCH_TEXTS))
    write(inbox, "社区学校_钱塘镇_家长学校.md", case_markdown())
    runner = CliRunner()
    res = runner.invoke(app, ["validate", str(inbox), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["summary"]["by_type"] == {"社区学校": 1, "护校安园": 0, "困境儿童": 0, "心理健康": 1}
    psych = next(f for f in doc["files"] if "铜溪镇" in f["path"])
    assert psych["type"] == "心理健康" and psych["status"] == "valid"

    out = tmp_path / "汇编.html"
    res = runner.invoke(app, ["build", str(inbox), "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "汇编" / "index.html").read_text(encoding="utf-8")
    assert "第四类 心理健康教育案例" in html and "心灵护航" in html

    res = runner.invoke(app, ["template", "-t", "心理健康", "-o", str(tmp_path / "t.md"), "--config", str(round_dir / "jlt.yaml")])
    assert res.exit_code == 0, res.output
    assert "案例类型：心理健康教育案例" in (tmp_path / "t.md").read_text(encoding="utf-8")

    res = runner.invoke(app, ["stats", str(inbox)])
    assert res.exit_code == 0 and "心理健康教育案例" in res.output, res.output


def test_a_new_type_needs_its_name_and_vocabulary(tmp_path):
    (tmp_path / "jlt.yaml").write_text("types:\n  心理健康:\n    aliases: [心理]\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["validate", str(OWN_FIXTURES / "docx"), "--config", str(tmp_path / "jlt.yaml")])
    assert res.exit_code == 2 and "jlt.yaml:2" in res.output and "full_name" in res.output, res.output


def test_rule_severities_from_jlt_yaml_are_obeyed_for_word_files(tmp_path):
    """The reader reports problems; the pipeline gives them the severity of jlt.yaml (was: fixed in the reader)."""
    config_path = tmp_path / "jlt.yaml"
    config_path.write_text("rules:\n  tracked-changes: 'off'\n  bad-image: error\n", encoding="utf-8")
    config = load_settings(config_path)
    tracked = process_single(OWN_FIXTURES / "docx" / "comments-only.docx", config)
    assert not [f for f in tracked.findings if f.rule == "tracked-changes"]
    images = process_single(OWN_FIXTURES / "docx" / "bad-images.docx", config)
    bad = [f for f in images.findings if f.rule == "bad-image"]
    assert bad and all(f.severity.value == "error" for f in bad) and images.status == "invalid"


def _near_copies(folder: Path) -> None:
    from casebuilder import MEASURES

    for n in range(12):
        text = MEASURES.replace("96场", f"{90 + n}场").replace("40余场", f"{30 + n}余场")
        write(folder, f"镇{n:02d}.md", case_markdown(title=f"家长学校第{n}篇", texts={"measures": text}))


@pytest.mark.slow
def test_duplicate_findings_are_the_same_under_any_hash_seed(tmp_path):
    _near_copies(tmp_path / "收件")
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-m", "jlt_cli", "validate", str(tmp_path / "收件"), "--format", "json"],
                             capture_output=True, cwd=tmp_path, env=env)
        assert run.returncode in (0, 1), run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1
    assert b"duplicate" in outputs.pop()


@pytest.mark.parametrize("mimetype, kind", [
    (b"application/vnd.oasis.opendocument.text", "odt"),
    (b"application/vnd.oasis.opendocument.spreadsheet", "xlsx"),
    (b"application/vnd.oasis.opendocument.presentation", "xlsx"),
])
def test_opendocument_kinds_are_told_apart(tmp_path, mimetype, kind):
    from jlt_cli.read.sniff import sniff

    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", mimetype)
        zf.writestr("content.xml", "<x/>")
    assert sniff(path.read_bytes(), ".ods") == kind


def test_every_reader_rule_is_registered_and_documented():
    from jlt_cli.checks import RULES
    from jlt_cli.read import reader_rules

    missing = reader_rules() - set(RULES)
    assert not missing, missing
    for rule in RULES.values():
        assert rule.summary and "怎么改" in rule.explanation and "示例" in rule.explanation, rule.id


def test_the_readers_follow_one_contract():
    from jlt_cli.read import READERS
    from jlt_cli.read.base import Reader

    kinds = [k for r in READERS if not r.on_request for k in r.kinds]
    assert len(kinds) == len(set(kinds))  # one reader per format
    for reader in READERS:
        assert isinstance(reader, Reader) and reader.kinds and reader.file_extensions and reader.rules


def test_no_logic_restates_a_default():
    """defaults.yaml is the one home of defaults: code reads settings without a fallback of its own."""
    import re

    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"config\.get\([^)]*default=", line) and "open map" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_validate_on_own_fixtures_still_runs(tmp_path):
    config = load_settings(None, inputs=[OWN_FIXTURES / "docx"], cwd=tmp_path)
    result = validate_paths([OWN_FIXTURES / "docx"], config)
    assert result.cases and all(c.findings is not None for c in result.cases)
