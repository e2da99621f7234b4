"""The minors' privacy rules: what the brochure prints must not identify a child or a family.

``personal-info`` reports what is certain (an error: the case is held back unless --redact replaces it);
``possible-name`` reports a name that may be a child's or a parent's but has nothing beside it that identifies
the child (a warning: staff judge it, the message says why). Both read exactly what the brochure prints.

One finding per place, never one per value: a span is reported by one rule only (the surer reading), and a
table column of many values (a ledger of 128 children) is one finding naming the column, with a few masked
examples, so a letter to the unit lists a handful of items, not hundreds.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Iterator

from jlt_cli.checks.registry import CheckContext, Hit, case_rule
from jlt_cli.model import BlockKind, Case, Severity
from jlt_cli.understand.body import printed_blocks
from jlt_cli.understand.privacy import KIND_ADVICE, Match, find_in_table, find_personal_info

LAW = "案例将公开印发，不得披露未成年人及其家庭的身份和隐私信息（《未成年人保护法》第四条、第一百零三条）"
EXAMPLES = 3  # masked values a table column's finding shows
_QUOTE_REACH = 14  # characters of the sentence quoted either side of the value


def _where(section: str | None) -> str:
    return f"“{section}”部分" if section else "题目"


def _texts(case: Case, ctx: CheckContext) -> Iterator[tuple[list[Match], str, int | None, str | None]]:
    """(every match in one text, the text, line, section) for the title, paragraphs and captions."""
    if case.title:
        yield find_personal_info(case.title), case.title, case.title_line, None
    for block, section in printed_blocks(case, ctx.config):
        if block.kind is BlockKind.TABLE and block.rows:
            continue
        if block.kind is BlockKind.IMAGE:
            caption = block.image.caption if block.image else ""
            if caption:
                yield find_personal_info(caption, caption=True), caption, block.line, section
        else:
            yield find_personal_info(block.text), block.text, block.line, section


def _hits(case: Case, ctx: CheckContext, certain: bool) -> Iterator[Hit]:
    for matches, text, line, section in _texts(case, ctx):
        for m in matches:
            if m.certain == certain:
                yield Hit(_message(m, text, matches, section), line, section)
    for block, section in printed_blocks(case, ctx.config):
        if block.kind is BlockKind.TABLE and block.rows:
            yield from _table_hits(block.rows, find_in_table(block.rows), block.line, section, certain)


@case_rule("personal-info", Severity.ERROR)
def check_personal_info(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """正文中有身份证号、电话、银行卡号、微信号、家庭住址或可识别的儿童、家长姓名

    为什么：汇编公开印发，许多案例写的是困境儿童；《未成年人保护法》第四条、第一百零三条要求不得披露
    未成年人及其家庭的身份和隐私信息。儿童的真实姓名一旦与学校、班级、村组、病情或照片同时出现，就能认出是谁；
    家长的姓名与孩子的情况写在一起也是如此。文首的“联系人/联系电话”一行只给工作人员看，不印出，也不在此检查。
    表格中一栏有多个（如一张台账的“姓名”“监护人电话”栏），每栏报告一次，举出前几个（已遮盖）为例。
    怎么改：儿童和家长改用化名（如“小明”“王某”）并注明“化名”；删去身份证号、私人电话、银行卡号、微信号、QQ号、
    个人邮箱，住址只写到镇街或村（社区），不写村民小组、楼栋和门牌号；台账类表格删去含个人信息的栏目，或改写为统计数字。
    汇编时也可用 jlt build --redact 自动替换。
    示例：“石龙村5组的留守儿童刘小雨（12岁）” → “留守儿童小雨（化名）”。
    """
    yield from _hits(case, ctx, certain=True)


@case_rule("possible-name", Severity.WARNING)
def check_possible_name(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """正文中可能有儿童或家长的真实姓名（未与学校、班级、住址等同时出现）

    为什么：案例公开印发，儿童和家长的真实姓名不宜出现（《未成年人保护法》第四条、第一百零三条）。jlt 判断这里像是
    一个真实姓名（前有“学生”“孩子”“母亲”等，或句中谈的是儿童），但同句没有学校、班级、住址、病情等能认出是谁的内容，
    所以只提醒、不算错误：可能是化名、成年人，也可能确是孩子的真名。消息说明了判断的理由。personal-info 已报告的
    姓名不再在此重复提醒；表格中一栏有多个，每栏提醒一次。
    怎么改：若是儿童或家长的真实姓名，改用化名（如“小明”“王某”）并注明“化名”；若已是化名，在姓名后注明“（化名）”；
    若是公开身份的成年人（如校长、民警），在姓名前写明职务。汇编时 jlt build --redact 也会替换它。
    示例：“学生马思琪在班会上分享了读书心得” → “学生小琪（化名）在班会上分享了读书心得”。
    """
    yield from _hits(case, ctx, certain=False)


# --- one value: where it is, quoted with every value of the sentence masked -----------------------------


def _context(m: Match, text: str, matches: list[Match]) -> str:
    """The words around the match with every match of the text masked (李××, 159****8876, 清河村*组**号):
    a quote that hides one value and prints its neighbour would disclose what the finding is about."""
    pieces, items, pos, length = [], [], 0, 0  # items: where each masked value lies in the quote
    at = (0, 0)
    for o in sorted(matches, key=lambda x: x.start):
        if o.start < pos:
            continue
        pieces += [text[pos : o.start], o.masked]
        length += o.start - pos
        items.append((length, length + len(o.masked)))
        if o is m:
            at = items[-1]
        length += len(o.masked)
        pos = o.end
    flat = "".join(pieces) + text[pos:]
    start, end = at
    lo, hi = max(0, start - _QUOTE_REACH), min(len(flat), end + _QUOTE_REACH)
    for a, b in items:  # the quote never begins or ends inside a masked value (…9****8876)
        lo = b if a < lo < b else lo
        hi = a if a < hi < b else hi
    left = re.split(r"[。！？!?\n]", flat[lo:start])
    right = re.split(r"(?<=[。！？!?\n])", flat[end:hi])
    more_left = len(left) == 1 and lo > 0
    more_right = len(right) == 1 and hi < len(flat)
    return f"{'…' if more_left else ''}{left[-1]}{flat[start:end]}{right[0].strip()}{'…' if more_right else ''}"


def _message(m: Match, text: str, matches: list[Match], section: str | None, where: str = "") -> str:
    where = where or _where(section)
    quote = _context(m, text, matches)
    if m.certain:
        why = f"（{m.reason}）" if m.reason != m.label else ""  # not 手机号码“…”（手机号码）
        return (f"{where}有{m.label}“{m.masked}”{why}：“{quote}”。{LAW}：{KIND_ADVICE[m.kind]}。"
                f"汇编时也可用 jlt build --redact 把“{m.masked}”印作“{m.printed}”。")
    return (f"{where}可能有{m.label}“{m.masked}”：“{quote}”——{m.reason}。若是真实姓名，{KIND_ADVICE[m.kind]}；"
            "若是化名，在姓名后注明“（化名）”。")


# --- a table: one finding a column --------------------------------------------------------------


def _table_hits(rows: list[list[str]], cells: list[list[list[Match]]], line: int | None, section: str | None,
                certain: bool) -> Iterator[Hit]:
    header = _header_row(rows, cells)
    columns: dict[int, list[tuple[int, Match]]] = {}
    for r, row in enumerate(cells):
        for c, found in enumerate(row):
            columns.setdefault(c, []).extend((r, m) for m in found if m.certain == certain)
    where = f"{_where(section)}的表格"
    for c in sorted(columns):
        found = columns[c]
        if not found:
            continue
        name = _column_name(rows, header, c)
        if len(found) == 1:
            r, m = found[0]
            yield Hit(_message(m, rows[r][c], cells[r][c], section, f"{where}“{name}”一栏"), line, section)
        else:
            yield Hit(_column_message([m for _, m in found], where, name, certain), line, section)


def _header_row(rows: list[list[str]], cells: list[list[list[Match]]]) -> int | None:
    """The header: the first of the first three rows with text and no personal information in it."""
    for r in range(min(3, len(rows))):
        if any(cell.strip() for cell in rows[r]) and not any(cells[r]):
            return r
    return None


def _column_name(rows: list[list[str]], header: int | None, c: int) -> str:
    if header is not None and c < len(rows[header]):
        name = " ".join(rows[header][c].split())
        if 0 < len(name) <= 16:
            return name
    return f"第{c + 1}栏"


def _count(kind: str, whose: str, n: int) -> str:
    if kind == "name":
        return f"{n} 名" + {"child": "儿童的真实姓名", "parent": "家长的真实姓名"}.get(whose, "人员的姓名")
    if kind == "address":
        return f"{n} 处家庭住址"
    return f"{n} 个{Match(kind, 0, 0, '', True, '', '').label}"


def _column_message(found: list[Match], where: str, name: str, certain: bool) -> str:
    counts = Counter((m.kind, m.whose) for m in found)
    what = "、".join(_count(kind, whose, n) for (kind, whose), n in counts.items())
    examples = list(dict.fromkeys(m.masked for m in found))[:EXAMPLES]
    shown = "".join(f"“{x}”" for x in examples) + ("等" if len(set(m.masked for m in found)) > len(examples) else "")
    reasons = list(dict.fromkeys(m.reason for m in found if m.reason != m.label))[:2]
    kinds = list(dict.fromkeys(m.kind for m in found))
    if certain:
        why = f"，{'；'.join(reasons)}" if reasons else ""
        keep = f"；确需保留姓名的，{KIND_ADVICE['name']}" if "name" in kinds else ""
        return (f"{where}“{name}”一栏有 {what}（如{shown}{why}）。{LAW}：请删去这一栏，或改写为不含个人信息的"
                f"统计数字{keep}。汇编时也可用 jlt build --redact 自动替换这一栏的全部 {len(found)} 处。")
    why = "；".join(reasons)
    return (f"{where}“{name}”一栏可能有 {what}（如{shown}）——{why}。若是真实姓名，{KIND_ADVICE['name']}；"
            "若是化名，在表下注明“表中姓名均为化名”。")
