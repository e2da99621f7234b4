"""Every rule has pass and fail cases under tests/rules/<rule-id>/, run by one parametrised test (as sqlfluff does).

A rule's folder holds ``cases.yaml`` (small Markdown cases written inline, see below) and/or ``pass/`` and
``fail/`` folders of real files (a file, or a folder read as one run). A fail case must raise the rule on
some file; a pass case must not raise it anywhere.

cases.yaml: ``fail:``/``pass:`` lists of cases; a case has a ``name`` and one of
``case: {kwargs of casebuilder.case_markdown}`` (a sound case with the changes given), ``markdown: text``
(``{basic}``… fill in the sound parts) or ``files: {name: spec}``, plus optional ``config:`` (a jlt.yaml),
``convert: true`` and ``break: analyze``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import casebuilder
from jlt_cli.checks import RULES
from jlt_cli.pipeline import load_settings, validate_paths

RULES_DIR = Path(__file__).resolve().parent / "rules"
SOUND = {key: text for key, (_, text) in casebuilder.PARTS.items()}


def _file_bytes(spec: dict) -> bytes:
    if "case" in spec:
        return casebuilder.case_markdown(**(spec["case"] or {})).encode("utf-8")
    if "markdown" in spec:
        return spec["markdown"].format(**SOUND).encode("utf-8")
    if "text" in spec:
        return spec["text"].encode("utf-8")
    if "bytes" in spec:
        return spec["bytes"].encode("utf-8")
    if spec.get("rtf_case"):
        text = casebuilder.case_markdown().replace("#", "")
        body = "".join("\\par\n" if c == "\n" else f"\\u{ord(c)}?" if ord(c) > 127 else c for c in text)
        return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\n" + body + "}\n").encode("ascii")
    raise ValueError(f"unknown file spec {spec}")


def _cases() -> list:
    params = []
    for rule_dir in sorted(p for p in RULES_DIR.iterdir() if p.is_dir()):
        rule = rule_dir.name
        spec_file = rule_dir / "cases.yaml"
        spec = yaml.safe_load(spec_file.read_text(encoding="utf-8")) if spec_file.is_file() else {}
        for expect in ("fail", "pass"):
            for case in spec.get(expect) or []:
                params.append(pytest.param(rule, expect, case, id=f"{rule}-{expect}-{case['name']}"))
            folder = rule_dir / expect
            if folder.is_dir():
                for item in sorted(folder.iterdir()):
                    params.append(pytest.param(rule, expect, item, id=f"{rule}-{expect}-{item.name}"))
    return params


def _materialise(case: dict, where: Path) -> tuple[Path, dict]:
    inbox = where / "收件"
    inbox.mkdir(parents=True)
    files = case.get("files") or {"案例.md": {k: case[k] for k in ("case", "markdown") if k in case}}
    for name, spec in files.items():
        (inbox / name).write_bytes(_file_bytes(spec))
    if case.get("config"):
        (where / "jlt.yaml").write_text(case["config"], encoding="utf-8")
    return inbox, case


@pytest.mark.parametrize("rule, expect, case", _cases())
def test_rule_case(rule, expect, case, tmp_path, monkeypatch):
    options: dict = {}
    if isinstance(case, Path):
        inbox = tmp_path / "收件"
        (shutil.copytree if case.is_dir() else lambda a, b: (b.mkdir(), shutil.copy(a, b)))(case, inbox)
    else:
        inbox, options = _materialise(case, tmp_path)
    if options.get("convert") and not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) 未安装")
    if options.get("break") == "analyze":
        import jlt_cli.pipeline

        def broken(*args, **kwargs):
            raise IndexError("test: a reading defect")

        monkeypatch.setattr(jlt_cli.pipeline, "analyze", broken)
    config = load_settings(None, inputs=[inbox], cwd=tmp_path)
    result = validate_paths([inbox], config, convert=bool(options.get("convert")))
    raised = [(c.display_path, f.message) for c in result.cases for f in c.active_findings() if f.rule == rule]
    if expect == "fail":
        assert raised, f"{rule} not raised; findings: {[(c.display_path, [f.rule for f in c.findings]) for c in result.cases]}"
    else:
        assert not raised, raised


def test_every_registered_rule_has_a_fail_and_a_pass_case():
    ids = {p.values[0]: set() for p in _cases()}
    for p in _cases():
        ids[p.values[0]].add(p.values[1])
    missing = {rule: {"fail", "pass"} - ids.get(rule, set()) for rule in RULES}
    missing = {rule: gap for rule, gap in missing.items() if gap}
    assert not missing, f"rules without cases under tests/rules/<id>/: {missing}"
    unknown = set(ids) - set(RULES)
    assert not unknown, f"case folders for no registered rule: {unknown}"


def test_readme_rule_table_is_generated_from_the_registry():
    from jlt_cli.actions.rules import markdown_table

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README 的规则表已过期：运行 .venv/bin/python scripts/readme_rules.py"
