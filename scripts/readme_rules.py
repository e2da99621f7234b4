"""Replace the rule table in README.md with the one generated from the registry (jlt rules --format markdown).

Run after adding or changing a rule: .venv/bin/python scripts/readme_rules.py
"""

from __future__ import annotations

import re
from pathlib import Path

from jlt_cli.actions.rules import markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"
MARKER = "<!-- 规则表由 jlt rules --format markdown 生成"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n", text.index(MARKER)) + 1
    end = re.compile(r"\n(?!\|)").search(text, start).start() + 1  # the first line after the table
    README.write_text(text[:start] + markdown_table() + text[end:], encoding="utf-8")
    print("README.md 的规则表已更新。")


if __name__ == "__main__":
    main()
