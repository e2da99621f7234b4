"""Checks: one small documented rule per problem, registered in one place (``registry``).

The runners here return ``Problem``s (rule id, message, position); the pipeline turns each into a
Finding with the severity jlt.yaml gives that rule.
"""

from __future__ import annotations

from jlt_cli.checks import rules  # noqa: F401 - registers every rule
from jlt_cli.checks.registry import RULES, CheckContext, Rule
from jlt_cli.config import Config
from jlt_cli.model import Case, Problem

__all__ = ["RULES", "Rule", "run_case_checks", "run_run_checks"]


def run_case_checks(case: Case, config: Config) -> list[Problem]:
    ctx = CheckContext(config)
    out: list[Problem] = []
    for rule in RULES.values():
        if rule.check is not None and config.rule_severity(rule.id) != "off":
            out.extend(Problem(rule.id, hit.message, hit.line, hit.section, to_unit=hit.to_unit)
                       for hit in rule.check(case, ctx))
    return out


def run_run_checks(cases: list[Case], config: Config) -> list[tuple[Case, Problem]]:
    ctx = CheckContext(config)
    out: list[tuple[Case, Problem]] = []
    for rule in RULES.values():
        if rule.run_check is not None and config.rule_severity(rule.id) != "off":
            out.extend((case, Problem(rule.id, hit.message, hit.line, hit.section, hit.milder, hit.to_unit))
                       for case, hit in rule.run_check(cases, ctx))
    return out
