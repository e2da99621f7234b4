"""Replacing personal information for ``jlt build --redact``: in memory, never in the input file.

The same detector as the ``personal-info`` and ``possible-name`` rules finds the matches, so every reported
match is replaced: 王小明 → 王某, 家住石龙村5组 → 家住石龙村, a phone → （电话略）. A name or a number found once
(学生王小明) is then replaced wherever else it occurs in the case (王小明的母亲…), because the brochure must not
print it anywhere. Where a child's name is replaced, the sentence (a table's row) also loses what narrows the
child down to one classroom: the school's own name and the class number (双凤镇中心小学四年级2班学生李思琪 →
某小学四年级学生李某; see privacy/details.py for the policy). Every other word stays as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, Case
from jlt_cli.understand.body import printed_blocks
from jlt_cli.understand.privacy import Match, find_in_table, find_personal_info
from jlt_cli.understand.privacy.details import find_child_details

REDACTED_REASON = "已在汇编中遮盖（--redact）"
# the rules whose findings --redact settles
REDACTED_RULES = ("personal-info", "possible-name")


@dataclass(frozen=True)
class RedactionRecord:
    file: str  # display path
    line: int | None
    section: str | None
    kind: str  # Chinese label: 身份证号、手机号码、儿童姓名…
    masked: str  # what the brochure prints instead; the original value is never recorded
    certain: bool = True

    def describe(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        part = f"（{self.section}）" if self.section else ""
        maybe = "" if self.certain else "（可能）"
        return f"{where}{part} 遮盖{self.kind}{maybe}，印为“{self.masked}”"


def summarise(records: list[RedactionRecord], examples: int = 3) -> list[str]:
    """The records as lines for a person: one line per place and kind (a table of 128 children is one line
    for its names, not 128), in order, with the count and the first few printed forms."""
    groups: dict[tuple, list[RedactionRecord]] = {}
    for r in records:
        groups.setdefault((r.file, r.line, r.section, r.kind, r.certain), []).append(r)
    lines = []
    for (file, line, section, kind, certain), rs in groups.items():
        if len(rs) == 1:
            lines.append(rs[0].describe())
            continue
        where = f"{file}:{line}" if line else file
        part = f"（{section}）" if section else ""
        maybe = "" if certain else "（可能）"
        shown = list(dict.fromkeys(r.masked for r in rs))
        printed = "".join(f"“{x}”" for x in shown[:examples]) + ("等" if len(shown) > examples else "")
        lines.append(f"{where}{part} 遮盖{kind}{maybe} {len(rs)} 处，印为{printed}")
    return lines


def _spans(text: str, matches: list[Match], carried: dict[str, list[Match]]) -> list[Match]:
    """The matches of ``text`` plus every other occurrence of a name or number found elsewhere in the case.

    ``carried`` maps a first character to the values beginning with it (longest first): one pass over the text.
    """
    own = sorted(matches, key=lambda x: x.start)
    spans: list[Match] = []
    k = 0  # the next own match
    i, n = 0, len(text)
    while i < n:
        if k < len(own) and i >= own[k].start:
            spans.append(own[k])
            i = max(i, own[k].end)
            k += 1
            continue
        limit = own[k].start if k < len(own) else n
        for m in carried.get(text[i], ()):
            end = i + len(m.value)
            if end <= limit and text.startswith(m.value, i):
                spans.append(Match(m.kind, i, end, m.value, m.certain, m.reason, m.printed, m.whose))
                i = end
                break
        else:
            i += 1
    return spans


def apply(text: str, spans: list[Match]) -> str:
    """``text`` with each match replaced by its printed form (spans sorted, never overlapping)."""
    out, pos = [], 0
    for m in spans:
        out += [text[pos : m.start], m.printed]
        pos = m.end
    return "".join(out) + text[pos:]


def redact_text(text: str, *, caption: bool = False, details: bool = True) -> str:
    """One text as the brochure prints it with --redact. ``details=False``: only the detector's matches are
    replaced, not the school and class beside a child's name (the probe corpus's convention)."""
    matches = find_personal_info(text, caption=caption)
    return apply(text, _with_details(text, matches) if details else matches)


def _child_names(spans: list[Match]) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in spans if m.kind == "name" and m.whose == "child"]


def _with_details(text: str, spans: list[Match], record: bool = False) -> list[Match]:
    """``spans`` plus the school and class in each sentence that names a child (``record``: the whole text is
    one record, a cell of a row that names one)."""
    names = _child_names(spans)
    if not names and not record:
        return spans
    extra = find_child_details(text, None if record else names)
    extra = [d for d in extra if not any(m.start < d.end and d.start < m.end for m in spans)]
    return sorted(spans + extra, key=lambda m: m.start)


def _carried(m: Match) -> bool:
    # a name or a long number is the same person's wherever it occurs; an address tail (5组) is not
    return (m.kind == "name" and len(m.value) >= 2) or (m.kind != "address" and len(m.value) >= 7)


def redact_case(case: Case, config: Config, mark_findings: bool = True) -> list[RedactionRecord]:
    """Replace personal information in the case's brochure text; return one record per replacement.

    With ``mark_findings`` the case's ``personal-info`` and ``possible-name`` findings are marked as handled
    (waived with the reason “已在汇编中遮盖”), so the case is no longer held back by them.
    """
    blocks = list(printed_blocks(case, config))
    # first pass: what each text holds, and the names and numbers to carry to every other text
    values: dict[str, Match] = {}

    def scan(text: str, caption: bool = False, found: list[Match] | None = None) -> list[Match]:
        found = find_personal_info(text, caption=caption) if found is None else found
        for m in found:
            if _carried(m):
                values.setdefault(m.value, m)
        return found

    title_matches = scan(case.title) if case.title else []
    per_block: list[tuple[Block, str | None, list]] = []
    for block, section in blocks:
        if block.kind is BlockKind.TABLE and block.rows:
            cells = [[scan(cell, found=found) for cell, found in zip(row, row_found)]
                     for row, row_found in zip(block.rows, find_in_table(block.rows))]
            per_block.append((block, section, cells))
        elif block.kind is BlockKind.IMAGE:
            caption = block.image.caption if block.image else ""
            per_block.append((block, section, scan(caption, caption=True) if caption else []))
        else:
            per_block.append((block, section, scan(block.text)))

    carried: dict[str, list[Match]] = {}
    for value in sorted(values, key=len, reverse=True):
        carried.setdefault(value[0], []).append(values[value])
    records: list[RedactionRecord] = []

    def spans_of(text: str, own: list[Match]) -> list[Match]:
        return _spans(text, _no_overlap(own), carried)

    def rewrite(text: str, spans: list[Match], block: Block | None, section: str | None, record: bool = False) -> str:
        spans = _with_details(text, spans, record)
        if block is not None:
            records.extend(RedactionRecord(case.display_path, block.line, section, m.label, m.printed, m.certain)
                           for m in spans)
        return apply(text, spans)

    if case.title:
        case.title = rewrite(case.title, spans_of(case.title, title_matches), None, None)
    for block, section, found in per_block:
        if block.kind is BlockKind.TABLE and block.rows:
            for r, row in enumerate(block.rows):
                spans = [spans_of(cell, found[r][c]) for c, cell in enumerate(row)]
                # a row that names a child is one record: its school and class cells are reduced too
                record = any(_child_names(s) for s in spans)
                for c, cell in enumerate(row):
                    row[c] = rewrite(cell, spans[c], block, section, record)
            if block.text:  # a table's text mirrors its cells: rewritten, not counted again
                block.text = apply(block.text, _spans(block.text, [], carried))
        elif block.kind is BlockKind.IMAGE:
            if block.image and block.image.caption:
                block.image.caption = rewrite(block.image.caption, spans_of(block.image.caption, found), block, section)
        else:
            block.text = rewrite(block.text, spans_of(block.text, found), block, section)
    for s in case.sections:
        s.heading = apply(s.heading, _spans(s.heading, [], carried))
    if mark_findings:
        for f in case.findings:
            if f.rule in REDACTED_RULES and not f.waived:
                f.waived = REDACTED_REASON
    return records


def _no_overlap(matches: list[Match]) -> list[Match]:
    out: list[Match] = []
    for m in sorted(matches, key=lambda x: (x.start, -(x.end - x.start))):
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out
