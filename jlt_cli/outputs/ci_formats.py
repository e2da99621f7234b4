"""``jlt validate --format github|junit|sarif``: the same findings for CI systems.

- github: workflow commands (``::error file=…,line=…,title=…::message``) that GitHub shows as annotations;
- junit: one testsuite, one testcase per file, one <failure> per error, warnings in <system-out>;
- sarif: SARIF 2.1.0 for code-scanning dashboards, rules taken from the RULES registry.
Waived findings are left out of github/junit (staff accepted them) and kept in SARIF as suppressed.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

from jlt_cli import __version__
from jlt_cli.checks.registry import RULES
from jlt_cli.model import Case, Finding, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

# XML 1.0 cannot hold these at all, not even escaped.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _posix(path: str) -> str:
    return path.replace("\\", "/")


# ---------------------------------------------------------------- GitHub


def _gh_data(text: str) -> str:
    """Escaping for the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    """Escaping for a property value (file=, title=): also ':' and ','."""
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(case: Case, f: Finding) -> str:
    kind = "error" if f.severity is Severity.ERROR else "warning"
    props = [f"file={_gh_prop(_posix(case.display_path))}"]
    if f.line:
        props.append(f"line={f.line}")
    props.append(f"title={_gh_prop(f'jlt {f.rule}')}")
    return f"::{kind} {','.join(props)}::{_gh_data(f.message)}"


def render_github(result) -> str:
    lines = [github_line(c, f) for c in result.cases for f in c.active_findings()]
    s = result.summary
    lines.append(f"jlt：共 {s['files']} 个文件，通过 {s['valid']}，需修改 {s['invalid']}；错误 {s['errors']} 个，警告 {s['warnings']} 个。")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- JUnit


def _x(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text or "")


def _where(case: Case, f: Finding) -> str:
    loc = f"{case.display_path}:{f.line}" if f.line else case.display_path
    return f"{_posix(loc)} [{f.rule}]" + (f"（{f.section}）" if f.section else "")


def render_junit(result) -> str:
    cases = list(result.cases)
    errors_total = sum(1 for c in cases if c.errors)
    root = ET.Element("testsuites", {"name": "jlt", "tests": str(len(cases)), "failures": str(errors_total), "errors": "0"})
    suite = ET.SubElement(
        root,
        "testsuite",
        {"name": "jlt validate", "tests": str(len(cases)), "failures": str(errors_total), "errors": "0", "skipped": "0"},
    )
    for case in cases:
        name = _x(_posix(case.display_path))
        tc = ET.SubElement(suite, "testcase", {"classname": "jlt.validate", "name": name, "file": name})
        active = case.active_findings()
        for f in active:
            if f.severity is Severity.ERROR:
                fail = ET.SubElement(tc, "failure", {"message": _x(f.message), "type": f.rule})
                fail.text = _x(f"{_where(case, f)} {f.message}")
        warnings = [f for f in active if f.severity is not Severity.ERROR]
        if warnings:
            out = ET.SubElement(tc, "system-out")
            out.text = _x("\n".join(f"警告 {_where(case, f)} {f.message}" for f in warnings))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ---------------------------------------------------------------- SARIF


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _uri(path: str) -> str:
    # a relative URI reference: percent-encoded (Chinese file names included), '/' kept
    posix = _posix(path)
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/")


def sarif_dict(result) -> dict:
    rule_ids = list(RULES)
    used = {f.rule for c in result.cases for f in c.findings}
    rule_ids += sorted(used - set(rule_ids))  # a finding from an unregistered id still gets a descriptor
    index = {rid: i for i, rid in enumerate(rule_ids)}
    rules = []
    for rid in rule_ids:
        rule = RULES.get(rid)
        summary = rule.summary if rule else rid
        rules.append(
            {
                "id": rid,
                "name": rid,
                "shortDescription": {"text": summary},
                "defaultConfiguration": {"level": _level(rule.severity) if rule else "warning"},
            }
        )
    results = []
    for case in result.cases:
        for f in case.findings:
            loc: dict = {"artifactLocation": {"uri": _uri(case.display_path)}}
            if f.line and f.line > 0:
                loc["region"] = {"startLine": f.line}
            item: dict = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": _level(f.severity),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": loc}],
            }
            if f.section:
                item["properties"] = {"section": f.section}
            if f.waived:
                item["suppressions"] = [{"kind": "external", "justification": f.waived}]
            results.append(item)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "jlt", "version": __version__, "semanticVersion": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(result) -> str:
    return json.dumps(sarif_dict(result), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"github": render_github, "junit": render_junit, "sarif": render_sarif}


def render_ci(result, fmt: str) -> str:
    return RENDERERS[fmt](result)
