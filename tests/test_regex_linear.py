"""Every regular expression jlt applies to user text takes time linear in the line (issue 15).

A fuzz campaign found lines that hung validate: ``报送单位：共青团合`` + 30,000 spaces + ``川区委`` took 37 s,
because a pattern starting with an unanchored ``[\\s\\u3000]*`` was retried from every space. The audit
(tests/regex_audit.py) finds the patterns itself — module attributes, literals in the sources, and those
compiled while real files are read (per configuration, per line) — so a new quadratic pattern fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import regex_audit as ra  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# A case written to reach the patterns built per line: a heading with its text on the same line, after a
# space, glued to it; spaced labels; a signature with a date; a ticked type box; footnotes; an address.
EXERCISE_MD = """# 依托社区学校 打造家门口的终身学习阵地

报送单位：合川区南津街街道办事处（盖章）　2025年7月18日
联 系 人：王老师　　联系电话：023-42812345
案例类型：☑社区学校建设案例 □护校安园工作案例

一、基本情况：南津街街道地处城区中心，辖区居民众多[^1]。

二、具体措施　今年以来，街道依托社区学校开展家长课堂，家住某小区3栋2单元501室的家长也来参加。

三、工作成效显著

（一）社区学校成效明显，留守儿童小明（化名，三年级）参加了四点半课堂。

四、下步工作打算及努力方向

合川区南津街街道办事处
2025年7月18日

[^1]: 数据来源：街道统计。
"""


def _exercise(tmp: Path) -> None:
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.pipeline import process_file
    from jlt_cli.read import Discovered

    config = Config(load_defaults())  # a fresh one: its per-run patterns are compiled while we watch
    (tmp / "练习.md").write_text(EXERCISE_MD, encoding="utf-8")
    files = [tmp / "练习.md"]
    for folder in (ROOT / "samples", ROOT / "tests" / "fixtures"):
        files += sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".docx", ".txt"))
    for path in files:
        process_file(Discovered(path, path.name), config)


@pytest.fixture(scope="module")
def patterns(tmp_path_factory) -> list[ra.Found]:
    tmp = tmp_path_factory.mktemp("regex-audit")
    found = ra.module_patterns() + ra.literal_patterns() + ra.runtime_patterns(lambda: _exercise(tmp))
    return ra.unique(found)


def test_the_audit_finds_every_kind_of_pattern(patterns):
    """Module attributes, literals, and the patterns compiled per configuration and per line."""
    where = " ".join(f.where for f in patterns)
    assert len(patterns) > 100
    for expected in ("jlt_cli.understand.units.TRAILING_DATE", "jlt_cli.understand.labels._DECORATION",
                     "jlt_cli/understand/privacy/match.py:",  # a literal inside a function
                     "jlt_cli.understand.header:",  # the metadata-label regex, compiled from the configuration
                     "jlt_cli.understand.classify:",  # the type-term matcher, compiled from the configuration
                     "jlt_cli.understand.body:",  # the contact labels, compiled from the configuration
                     "jlt_cli.understand.labels:"):  # a synonym spelled with spaces, compiled per heading line
        assert expected in where, f"the audit no longer sees {expected}"


def test_the_audit_catches_a_quadratic_pattern():
    """The timing must be able to fail: the old TRAILING_DATE and strip_decoration patterns, killed at the deadline."""
    old = [
        ra.Found(r"[\s\u3000]*(\d{4}|二[〇○零一二三四五六七八九]{3})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
                 r"(\s*[\d一二三四五六七八九十]{1,3}\s*日)?[\s\u3000]*$", 0, "old TRAILING_DATE"),
        ra.Found(r"^(?:[\s\u3000*_>])+|(?:[\s\u3000*_])+$", 0, "old _DECORATION"),
        ra.Found(r"\[\^[^\]\s]+\](?!:)", 0, "old _FOOTNOTE_REF"),
        ra.Found(r"(?<![a-z])[a-z]+\d", 0, "fine"),  # without the look-behind it would be quadratic too
    ]
    slow, _ = ra.audit(old, 20_000, 0.2)
    assert sorted(s.found.where for s in slow) == ["old TRAILING_DATE", "old _DECORATION", "old _FOOTNOTE_REF"]


def _report(slow: list[ra.Slow]) -> str:
    return "\n".join(f"  {s.found.where}: {s.line} line took {'over ' if s.killed else ''}{s.seconds:.2f} s "
                     f"({s.found.mode}) {s.found.pattern[:120]!r}" for s in slow)


@pytest.mark.slow
def test_every_pattern_is_linear_on_long_lines(patterns):
    """10,000-character lines: a linear scan takes milliseconds, a quadratic one most of a second."""
    slow, worst = ra.audit(patterns, 10_000, 0.2)
    assert not slow, "patterns that backtrack on long runs (anchor them, or bound the repetition):\n" + _report(slow)


@pytest.mark.slow
def test_every_pattern_is_linear_on_200k_lines(patterns):
    """The issue's figure: each pattern on 200,000-character lines of every kind of run, under one second."""
    slow, worst = ra.audit(patterns, 200_000, 1.0)
    print(f"\n{len(patterns)} patterns audited on 200,000-character lines; slowest scan {worst:.3f} s")
    assert not slow, "patterns that backtrack on long runs:\n" + _report(slow)
