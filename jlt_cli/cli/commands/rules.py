"""``jlt rules``."""

from __future__ import annotations

import sys

import click

from jlt_cli.actions.rules import all_rules, find_rule, markdown_docs, markdown_table
from jlt_cli.cli.common import command, shows_errors
from jlt_cli.outputs.terminal import clean, stdout_console


@command("rules")
@click.argument("rule_id", required=False, metavar="[规则编号]")
@click.option("--format", "-f", "fmt", type=click.Choice(("table", "markdown")), default="table", show_default=True,
              help="table：终端表格；markdown：README 的规则表（加规则编号或 --explain 时为完整说明）")
@click.option("--explain", is_flag=True, help="列出每条规则的完整说明（为什么、怎么改、示例）")
@shows_errors
def command(rule_id: str | None, fmt: str, explain: bool) -> None:
    """列出全部检查规则：编号、默认级别、说明（可在 jlt.yaml 的 rules: 中调整级别）。

    例如：jlt rules personal-info 显示一条规则的完整说明。
    """
    if rule_id:
        rule = find_rule(rule_id)
        text = f"{rule.id}（默认{rule.severity.label}，{rule.origin_label}）\n{rule.summary}\n\n{rule.explanation}\n"
        sys.stdout.write(text)
        return
    if fmt == "markdown":
        sys.stdout.write(markdown_docs() if explain else markdown_table())
        return
    from rich.table import Table

    table = Table(title="检查规则", show_lines=explain)
    for col in ("编号", "默认级别", "说明"):
        table.add_column(col)
    for rule in all_rules():
        detail = f"{rule.summary}\n{rule.explanation}" if explain else rule.summary
        table.add_row(rule.id, rule.severity.label, clean(detail))
    stdout_console().print(table)
