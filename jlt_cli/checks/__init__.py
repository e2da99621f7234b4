"""Checks: importing this package registers every rule (one module per group)."""

from __future__ import annotations

from jlt_cli.checks import structure  # noqa: F401 - registers rules
from jlt_cli.checks import editorial  # noqa: F401
from jlt_cli.checks.registry import RULES, CheckContext, make_finding
from jlt_cli.config import Config
from jlt_cli.model import Case


def run_case_checks(case: Case, config: Config) -> None:
    ctx = CheckContext(config)
    for rule in RULES.values():
        if rule.check is None:
            continue
        for hit in rule.check(case, ctx):
            finding = make_finding(rule.id, hit, config)
            if finding:
                case.findings.append(finding)


def run_run_checks(cases: list[Case], config: Config) -> None:
    ctx = CheckContext(config)
    for rule in RULES.values():
        if rule.run_check is None:
            continue
        for case, hit in rule.run_check(cases, ctx):
            finding = make_finding(rule.id, hit, config)
            if finding:
                case.findings.append(finding)


def apply_waivers(cases: list[Case], config: Config) -> None:
    for case in cases:
        for f in case.findings:
            reason = config.waiver_for(case.display_path, f.rule)
            if reason:
                f.waived = reason
