"""The one place rules are registered.

A rule is a small function with a stable id and a default severity. Per-case
rules look at one Case; run rules (duplicates) look at all cases of a run.
Reader rules (unreadable, unsupported-format…) have no function: readers raise
``ReadError(rule_id, …)`` and the pipeline turns it into a finding, but they are
registered here too so ids, severities and docs live in one table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple

from jlt_cli.model import Case, Finding, Severity

if TYPE_CHECKING:
    from jlt_cli.config import Config


class Hit(NamedTuple):
    message: str
    line: int | None = None
    section: str | None = None


@dataclass(frozen=True)
class CheckContext:
    config: "Config"


CaseCheck = Callable[[Case, CheckContext], Iterable[Hit]]
RunCheck = Callable[[list[Case], CheckContext], Iterable[tuple[Case, Hit]]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str  # one Chinese line: what the rule looks for
    check: CaseCheck | None = None
    run_check: RunCheck | None = None
    # Reader rules are raised while reading; they always apply, whatever the content.
    reader: bool = False


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.id in RULES:
        raise ValueError(f"rule id registered twice: {rule.id}")
    RULES[rule.id] = rule
    return rule


def case_rule(rule_id: str, severity: Severity, summary: str):
    def wrap(func: CaseCheck) -> CaseCheck:
        register(Rule(rule_id, severity, summary, check=func))
        return func

    return wrap


def run_rule(rule_id: str, severity: Severity, summary: str):
    def wrap(func: RunCheck) -> RunCheck:
        register(Rule(rule_id, severity, summary, run_check=func))
        return func

    return wrap


def reader_rule(rule_id: str, severity: Severity, summary: str) -> Rule:
    return register(Rule(rule_id, severity, summary, reader=True))


def effective_severity(rule_id: str, config: "Config") -> Severity | None:
    """Severity after config (``rules: {id: off|warning|error}``); None means the rule is off."""
    override = config.rule_severity(rule_id)
    if override == "off":
        return None
    if override in ("error", "warning"):
        return Severity(override)
    return RULES[rule_id].severity


def make_finding(rule_id: str, hit: Hit, config: "Config") -> Finding | None:
    severity = effective_severity(rule_id, config)
    if severity is None:
        return None
    return Finding(rule_id, severity, hit.message, line=hit.line, section=hit.section)
