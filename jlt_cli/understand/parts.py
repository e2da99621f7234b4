"""Finding the parts of a case (基本情况 … 下步工作打算) and what belongs to each.

Every line that could head a part is a candidate; per part the surest one wins. A case sent as a 申报表
table is unfolded into lines first, and the signature at the end is handed to the header.
"""

from __future__ import annotations

import re

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, Section
from jlt_cli.understand.labels import has_typed_label, match_section
from jlt_cli.understand.reading import (
    DATE, Reading, filled_cells, heading_like, is_text, label_family, short_label, tidy_heading,
)
from jlt_cli.understand.units import unit_in_line, unit_key

_SENTENCE_END = re.compile(r"[。！？；]")
# "表1 ……" / "图2：……": a caption, even when typed in bold, is not a sub-heading
_CAPTION = re.compile(r"^[表图]\s*[\d一二三四五六七八九十]+")
# "附：联系人信息" left at the end once the contact lines under it are taken as metadata
CLOSING_NOTE = re.compile(r"^附[：:]?\s*(?:联系人|联系方式|作者|报送单位)?(?:信息|方式)?[：:]?$")


def part_label(text: str, config: Config) -> bool:
    """A short cell or line that is only a part's name (a row head of a 申报表)."""
    if not short_label(text):
        return False
    found = match_section(text, config, True)
    return found is not None and not found.remainder


def unfold_forms(blocks: list[Block], config: Config) -> list[Block]:
    """A case sent as a 申报表 — one table whose rows are 案例题目 | … / 基本情况 | … — read as lines.

    Only a table with at least two rows headed by a part name is unfolded; a data table inside a
    part stays a table. A part row becomes a heading and its paragraphs (also when the text sits in
    the row below, the vertical form); other rows become "标签：内容" lines.
    """
    out: list[Block] = []
    for b in blocks:
        rows = [filled_cells(row) for row in (b.rows or [])] if b.kind is BlockKind.TABLE else []
        if sum(1 for r in rows if r and part_label(r[0], config)) < 2:
            out.append(b)
            continue

        def paragraphs(texts: list[str], line=b.line) -> None:
            out.extend(Block(BlockKind.PARAGRAPH, text=t.strip(), line=line) for x in texts for t in x.split("\n") if t.strip())

        awaiting_text = False
        for cells in rows:
            if not cells:
                continue
            head = cells[0]
            if part_label(head, config):
                out.append(Block(BlockKind.HEADING, text=head, line=b.line, level=2))
                paragraphs(cells[1:])
                awaiting_text = len(cells) == 1
                continue
            if awaiting_text and len(cells) == 1:
                paragraphs(cells)
            elif len(cells) >= 2 and short_label(head) and all(len(v) <= 60 and "\n" not in v for v in cells[1:]):
                # 报送单位 | ×× | 联系人 | ×× → one metadata line
                pairs = [f"{cells[k]}：{cells[k + 1]}" if k + 1 < len(cells) else cells[k] for k in range(0, len(cells), 2)]
                # no line of its own: header lines are skipped by line number, and the body shares the table's
                out.append(Block(BlockKind.PARAGRAPH, text="　".join(pairs), line=None))
            elif short_label(head) and len(cells) >= 2:
                out.append(Block(BlockKind.PARAGRAPH, text=head, line=b.line))
                paragraphs(cells[1:])
            else:
                paragraphs(cells)
            awaiting_text = False
    return out


def find_parts(r: Reading, blocks: list[Block]) -> list[tuple[int, str, str, str]]:
    """(index, key, heading as written, same-line remainder) of each part heading, one per part, in document order.

    Every line that could head a part is a candidate; per part the surest one wins, so a sub-item
    "（三）成效评估" or a line "成效：……" inside 具体措施 does not start 工作成效 early when the real
    "三、工作成效" follows. Candidates numbered unlike the other part headings count for less.
    """
    found: list[tuple[int, str, str, str, int, str]] = []
    for i, b in enumerate(blocks):
        if not is_text(b) or not b.text.strip():
            continue
        m = match_section(b.text, r.config, heading_like(b))
        if m is None:
            continue
        if not heading_like(b) and not m.remainder and len(b.text.strip()) > 20:
            continue
        found.append((i, m.key, b.display_text.strip(), m.remainder, m.strength, label_family(b)))
    if not found:
        return []
    # the numbering the sure headings share (一、 / （一） / Heading 2 …)
    families: dict[str, set[str]] = {}
    floor = 2 if any(f[4] >= 2 for f in found) else 1  # all headings run-in: let those vote
    for _, key, _, _, strength, family in found:
        if strength >= floor:
            families.setdefault(family, set()).add(key)
    dominant = max(families.items(), key=lambda kv: len(kv[1]))[0] if families else None
    best: dict[str, tuple[int, tuple]] = {}
    starts = {f[0] for f in found}
    for n, (i, key, heading, remainder, strength, family) in enumerate(found):
        # a heading followed straight by another one heads nothing (a 目录 at the top): the later one wins a tie
        has_text = bool(remainder) or (i + 1 < len(blocks) and i + 1 not in starts)
        fits = dominant is None or family == dominant
        if not fits and strength <= 1 and dominant is not None and len(families[dominant]) >= 2:
            continue  # a loosely matching line numbered like a sub-item: content, not a part
        score = (strength + (1 if fits else 0), has_text, -n)
        if key not in best or score > best[key][0]:
            best[key] = (score, (i, key, heading, remainder))
    chosen = sorted((entry for _, entry in best.values()), key=lambda e: e[0])
    last = chosen[-1][0]
    for i, key, heading, _, strength, family in found:
        # the parts start over after the last one: a second case pasted below the first
        if i > last and strength >= 2 and family == dominant and len(chosen) >= 3:
            r.case.repeated_part = (tidy_heading(heading), blocks[i].line)
            break
    return chosen


def assemble_parts(r: Reading, blocks, heads, first_part) -> None:
    names = {k: r.config.part_name(k) for k in r.config.part_keys}
    for n, (i, key, heading, remainder) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(blocks)
        section = Section(key=key, name=names[key], heading=tidy_heading(heading), line=blocks[i].line)
        if remainder:
            heading_text = heading[: len(heading) - len(remainder)].rstrip() if heading.endswith(remainder) else heading
            section.heading = tidy_heading(heading_text.rstrip("：:。．.；;—- \u3000"))
            section.blocks.append(Block(BlockKind.PARAGRAPH, text=remainder, line=blocks[i].line))
        for j in range(i + 1, end):
            if j in r.used:
                continue
            section.blocks.append(blocks[j])
        r.case.sections.append(section)
    if heads:
        trailing_signature(r, r.case.sections[-1])
    r.case.preamble = [b for j, b in enumerate(blocks[:first_part]) if j not in r.used]


def trailing_signature(r: Reading, section: Section) -> None:
    """Unit name and date at the very end (落款) belong to the header, not to the last part.

    Two unit lines that are one unit (中共合川区三汇镇委员会 / 合川区三汇镇人民政府) sign once; two different units
    (区检察院 / 区教委) sign jointly, in the order written.
    """
    signed: list[tuple[str, int | None]] = []
    while section.blocks:
        last = section.blocks[-1]
        if not is_text(last):
            break
        text = last.text.strip()
        if DATE.match(text) or CLOSING_NOTE.match(text):
            section.blocks.pop()
            r.case.metadata_lines.add(last.line or 0)
            continue
        unit = unit_in_line(text, r.config)
        if unit:
            section.blocks.pop()
            r.case.metadata_lines.add(last.line or 0)
            signed.insert(0, (unit, last.line))
            continue
        break
    if signed and not r.case.unit:
        keys = [unit_key(u, r.config) for u, _ in signed]
        if len(set(keys)) > 1 and all(keys):
            joint = dict(zip(keys, (u for u, _ in signed)))  # one name per unit, in the order signed
            r.case.unit, r.case.unit_line = "、".join(joint.values()), signed[0][1]
        else:
            r.case.unit, r.case.unit_line = signed[0]


def mark_subheadings(r: Reading) -> None:
    """Short labelled or bold lines inside a part are its sub-headings (kept as content)."""
    for section in r.case.sections:
        for b in section.blocks:
            if b.kind is not BlockKind.PARAGRAPH or not b.text.strip():
                continue
            text = b.text.strip()
            short = len(text) <= 40 and len(_SENTENCE_END.findall(text.rstrip("。！？；"))) == 0
            if text.endswith(("；", ";", "，", ",", "、")) or (b.style.startswith("list") and (b.level or 1) > 1):
                continue  # an item of a list (1. 清理流动摊贩；), not the heading of what follows
            if short and (b.bold or b.label or has_typed_label(text)) and not _CAPTION.match(text):
                b.kind = BlockKind.HEADING
                b.level = 3
