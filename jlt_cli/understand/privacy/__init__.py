"""Personal information in case text: what identifies a child or a family.

The brochure is printed and handed out, and many cases are about children in hardship: 未成年人保护法
art. 4 and 103 forbid disclosing what identifies a minor. One detector serves the ``personal-info`` rule (what
is certain), the ``possible-name`` rule (a name that may be a child's, for staff to judge) and
``jlt build --redact``, so a reported match and a replaced match are the same thing.

A few recognisers each return :class:`Match` (numbers, contact ids, home addresses, names); one resolver
keeps the surest of overlapping ones. Each match says what it is, how sure it is and why, and what the
brochure prints instead. Every pattern is bounded, so a 200,000-character line is read in linear time.
"""

from __future__ import annotations

import bisect
import re

from jlt_cli.base.text import CJK as _CJK
from jlt_cli.understand.personnames import HIDDEN
from jlt_cli.understand.privacy.addresses import find_addresses
from jlt_cli.understand.privacy.match import KIND_ADVICE, KIND_LABELS, Match, pseudonym
from jlt_cli.understand.privacy.names import find_names
from jlt_cli.understand.privacy.numbers import NORMALISE, find_contact_ids, find_numbers

__all__ = ["Match", "find_personal_info", "find_in_table", "table_name_matches", "KIND_LABELS", "KIND_ADVICE"]


# --- the resolver -------------------------------------------------------------------------------


def find_personal_info(text: str, *, caption: bool = False) -> list[Match]:
    """Every piece of personal information in ``text``, in order, never overlapping.

    ``caption``: the text is a picture's caption (a child named under a photo is identified by it).
    """
    if not text:
        return []
    norm = text.translate(NORMALISE)
    found = find_numbers(norm) + find_contact_ids(norm) + find_addresses(norm, text)
    found += find_names(text, caption, found)
    # the surest first, then the longest: an ID is not read as a phone, an address number not as a name
    found.sort(key=lambda m: (not m.certain, -(m.end - m.start), m.start))
    starts: list[int] = []  # the kept matches, sorted by start (they never overlap, so ends are sorted too)
    ends: list[int] = []
    out: list[Match] = []
    for m in found:
        i = bisect.bisect_right(starts, m.start)
        if (i and ends[i - 1] > m.start) or (i < len(starts) and starts[i] < m.end):
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        out.append(m if m.value else Match(m.kind, m.start, m.end, text[m.start : m.end], m.certain, m.reason,
                                           m.printed, m.whose))
    return sorted(out, key=lambda x: x.start)


def find_in_table(rows: list[list[str]]) -> list[list[list[Match]]]:
    """Every piece of personal information in each cell of a table, in order, never overlapping.

    A cell is read as text, and a 姓名 column of a children's table names children (``table_name_matches``); where
    both find the same name, the surer reading is the one kept, so no span is reported twice.
    """
    cells = [[find_personal_info(cell) for cell in row] for row in rows]
    for r, c, m in table_name_matches(rows):
        cell = cells[r][c]
        if any(o.certain and o.start < m.end and m.start < o.end for o in cell):
            continue  # already an error there (an ID or a certain name)
        cells[r][c] = sorted([o for o in cell if not (o.start < m.end and m.start < o.end)] + [m], key=lambda x: x.start)
    return cells


def table_name_matches(rows: list[list[str]]) -> list[tuple[int, int, Match]]:
    """Names in a 姓名 column of a table that also gives school, class or address: (row, col, match)."""
    out: list[tuple[int, int, Match]] = []
    for h, header in enumerate(rows[:3]):
        cols = [i for i, c in enumerate(header) if re.fullmatch(r"\s*(学生|儿童|幼儿|孩子)?姓\s*名\s*", c or "")]
        if not cols or not any(re.search(r"学校|年级|班级|班|住址|地址|家庭|村|社区", c or "") for c in header):
            continue
        # a table of staff (职务, 任职年限…) names adults; children's tables say so (年级, 年龄, 监护人…)
        if any(re.search(r"职务|职称|岗位|任职|工作单位|从教|教龄", c or "") for c in header) and not any(
                re.search(r"学生|儿童|幼儿|年级|班级|年龄|监护人", c or "") for c in header):
            break
        for r in range(h + 1, len(rows)):
            for c in cols:
                if c >= len(rows[r]):
                    continue
                cell = rows[r][c].strip()
                if re.fullmatch(f"[{_CJK}]{{2,4}}", cell) and not any(ch in HIDDEN for ch in cell) \
                        and not cell.startswith(("小", "阿")) and "化名" not in cell:
                    offset = rows[r][c].index(cell)
                    out.append((r, c, Match("name", offset, offset + len(cell), cell, True,
                                            "同表有学校、班级或住址", pseudonym(cell), "child")))
        break
    return out
