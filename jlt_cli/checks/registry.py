"""The one place rules are registered, each a documented unit (as sqlfluff's rules are).

A rule has a stable id, a default severity and its documentation: the first line of its docstring is the
summary ``jlt rules`` lists; the rest says why the call requires it, how to fix it and gives a short
example (``jlt rules --explain ID``, and the README's rule table generated from here). Per-case rules
look at one Case, run rules (duplicates) at every case of a run. Rules about reading a file have no
function here: readers report ``Problem(rule_id, …)``, and those ids are documented here too, so that
ids, severities and documentation live in one table.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Callable, Iterable, NamedTuple

from jlt_cli.config import Config
from jlt_cli.model import Case, Severity


class Hit(NamedTuple):
    """What a rule function yields: a Chinese message saying what is wrong and how to fix it, and where."""

    message: str
    line: int | None = None
    section: str | None = None
    milder: bool = False  # one level below the rule's severity (see Problem.milder)
    to_unit: str | None = None  # what the unit is told instead (see Problem.to_unit)


@dataclass(frozen=True)
class CheckContext:
    config: Config
    # what several rules of one run share (computed once): e.g. the groups of near-copies
    cache: dict = field(default_factory=dict)


CaseCheck = Callable[[Case, CheckContext], Iterable[Hit]]
RunCheck = Callable[[list[Case], CheckContext], Iterable[tuple[Case, Hit]]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str  # one Chinese line: what the rule looks for
    explanation: str  # why the call requires it, how to fix it, an example
    check: CaseCheck | None = None
    run_check: RunCheck | None = None
    origin: str = "case"  # case / run / reading

    @property
    def origin_label(self) -> str:
        return {"case": "逐篇检查", "run": "全部文件一起检查", "reading": "读取文件时"}[self.origin]


RULES: dict[str, Rule] = {}


def _doc(doc: str | None, rule_id: str) -> tuple[str, str]:
    text = inspect.cleandoc(doc or "")
    summary, _, explanation = text.partition("\n")
    if not summary.strip() or not explanation.strip():
        raise ValueError(f"rule {rule_id} needs a docstring: a summary line, then why / how to fix / an example")
    return summary.strip(), explanation.strip()


def register(rule: Rule) -> Rule:
    if rule.id in RULES:
        raise ValueError(f"rule id registered twice: {rule.id}")
    RULES[rule.id] = rule
    return rule


def case_rule(rule_id: str, severity: Severity):
    """Register a function ``(case, ctx) -> Hits`` as a rule; its docstring is the rule's documentation."""
    def wrap(func: CaseCheck) -> CaseCheck:
        summary, explanation = _doc(func.__doc__, rule_id)
        register(Rule(rule_id, severity, summary, explanation, check=func))
        return func

    return wrap


def run_rule(rule_id: str, severity: Severity):
    """Register a function ``(cases, ctx) -> (case, Hit)s`` that looks at a whole run."""
    def wrap(func: RunCheck) -> RunCheck:
        summary, explanation = _doc(func.__doc__, rule_id)
        register(Rule(rule_id, severity, summary, explanation, run_check=func, origin="run"))
        return func

    return wrap


def reading_rule(rule_id: str, severity: Severity, doc: str) -> Rule:
    """Document a rule that readers (or the pipeline, while reading) report as a Problem."""
    summary, explanation = _doc(doc, rule_id)
    return register(Rule(rule_id, severity, summary, explanation, origin="reading"))
