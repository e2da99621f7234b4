"""``jlt rules``: every rule with its id, default severity and documentation (and the README's table)."""

from __future__ import annotations

from jlt_cli.actions import ActionError
from jlt_cli.checks import RULES, Rule
from jlt_cli.model import Severity


def all_rules() -> list[Rule]:
    """Errors first, then warnings; by id within each."""
    return sorted(RULES.values(), key=lambda r: (r.severity is not Severity.ERROR, r.id))


def find_rule(rule_id: str) -> Rule:
    if rule_id not in RULES:
        import difflib

        close = difflib.get_close_matches(rule_id, sorted(RULES), n=1)
        hint = f"是否指“{close[0]}”？" if close else ""
        raise ActionError(f"没有规则“{rule_id}”。{hint}运行 jlt rules 查看全部规则编号。")
    return RULES[rule_id]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table() -> str:
    """The README's rule table, generated from the registry (a test keeps the README equal to it)."""
    lines = ["| 规则 | 级别 | 含义 |", "|---|---|---|"]
    for rule in all_rules():
        lines.append(f"| `{rule.id}` | {rule.severity.label} | {_cell(rule.summary)} |")
    return "\n".join(lines) + "\n"


def markdown_docs() -> str:
    """Every rule's full documentation as Markdown."""
    out = []
    for rule in all_rules():
        out += [f"### `{rule.id}`（{rule.severity.label}，{rule.origin_label}）", "", rule.summary, ""]
        out += [line for line in rule.explanation.splitlines()] + [""]
    return "\n".join(out)
