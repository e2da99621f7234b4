"""``jlt stats``: how many cases per type, unit and status, and which units of the call have sent nothing —
as rich tables and as an SVG chart.

``stats_svg(result)`` is hand-written SVG (no matplotlib): Chinese labels, a
font-family list that starts with Noto Sans CJK SC, widths estimated with East
Asian characters counting double. The brochure's appendix embeds the same string. The chart has bars per
type and per status only: a bar per unit is mostly a row of “1”s, which the unit table says better.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape, quoteattr

from jlt_cli.config import Config
from jlt_cli.model import Case
from jlt_cli.outputs.common import (
    NO_UNIT, NOT_A_CASE, STATUS_TEXT, TOTAL, UNREADABLE, UNTYPED_CASE, case_status, display_width, type_row, unit_of,
)
from jlt_cli.outputs.selection import select_cases
from jlt_cli.understand.units import UnitNames, missing_units, unit_order

FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', SimHei, sans-serif"
STATUS_COLOURS = {"valid": "#4e9a6b", "invalid": "#c8553d", "unreadable": "#8c8c8c", "excluded": "#5b7fa6"}
TYPE_COLOUR = "#3d6fa8"


@dataclass
class Stats:
    by_type: list[tuple[str, int]]  # every file in one row (common.type_row): the rows add up to ``total``
    by_status: list[tuple[str, str, int]]  # (key, label, count)
    by_unit: list[tuple[str, int, int]]  # (unit, files, valid), in the call's order
    total: int
    missing: list[str]  # units of the call with no readable submission, in the call's order
    included: int | None = None  # cases jlt build puts in the brochure (its own select_cases); None without config


def compute_stats(cases: list[Case], config: Config) -> Stats:
    """Counts per type, status and unit; with ``config`` a unit's several names (合川区民政局, 区民政局) count as one,
    units are listed in the call's order, and the units of the call that sent nothing readable are named."""
    types = Counter(type_row(c, config) for c in cases)
    # every type of the call (also with no file yet), then why the other files have none, when any has
    by_type = [(name, types.pop(name, 0)) for name in map(config.type_full_name, config.type_names)]
    by_type += [(name, types.pop(name)) for name in (UNTYPED_CASE, NOT_A_CASE, UNREADABLE) if types.get(name)]
    by_type += sorted(types.items())  # a type only a file's decision names
    statuses = Counter(case_status(c) for c in cases)
    # every file in one status row; 不收录（工作人员决定） only when staff excluded a file
    by_status = [(k, STATUS_TEXT[k], statuses.get(k, 0)) for k in ("valid", "invalid", "unreadable", "excluded")
                 if k != "excluded" or statuses.get(k)]
    names = UnitNames(config, unknown=NO_UNIT)
    units: dict[str, list[int]] = {}  # key → [files, valid]
    for c in cases:
        row = units.setdefault(names.key(unit_of(c)), [0, 0])
        row[0] += 1
        row[1] += case_status(c) == "valid"
    rows = [(names.name(k), n, v) for k, (n, v) in units.items()]
    if config is not None:
        rows.sort(key=lambda r: (r[0] == NO_UNIT, unit_order(r[0], config)))
    else:
        rows.sort(key=lambda r: (r[0] == NO_UNIT, r[0]))
    missing = missing_units(cases, config) if config is not None else []
    included = len(select_cases(cases, config).included) if config is not None else None
    return Stats(by_type, by_status, rows, len(cases), missing, included)


def print_stats(result, console) -> None:
    """Three rich tables on the terminal."""
    from rich.table import Table

    from jlt_cli.outputs.terminal import clean

    s = compute_stats(list(result.cases), getattr(result, "config", None))
    t = Table(title="按类型（每个文件计一次）", show_footer=True)
    t.add_column("案例类型", footer=TOTAL)
    t.add_column("文件数", justify="right", footer=str(sum(n for _, n in s.by_type)))
    for name, n in s.by_type:
        t.add_row(name, str(n))
    console.print(t)
    t = Table(title="按状态")
    t.add_column("状态")
    t.add_column("数量", justify="right")
    for _, label, n in s.by_status:
        t.add_row(label, str(n))
    console.print(t)
    t = Table(title="按报送单位")
    t.add_column("报送单位", overflow="fold")
    t.add_column("文件数", justify="right")
    t.add_column("通过", justify="right")
    t.add_column("未通过", justify="right")  # 需修改, 无法读取 or 不收录: see 按状态
    for unit, n, v in s.by_unit:
        t.add_row(clean(unit), str(n), str(v), str(n - v))
    console.print(t)
    console.print(f"共 {s.total} 个文件，收录汇编 {s.included} 篇（与 jlt build 的收录规则相同）。")
    console.print(missing_text(s.missing), soft_wrap=True)


def missing_text(missing: list[str]) -> str:
    """One line naming the units of the call that have sent nothing readable (what staff chase up)."""
    if not missing:
        return "通知的主送单位均已报送。"
    return f"未报送的单位（{len(missing)} 个）：{'、'.join(missing)}。"


# ---------------------------------------------------------------- SVG


def escape(text: str) -> str:
    """XML text: markup escaped and characters XML 1.0 cannot hold dropped (unit names come from files)."""
    from jlt_cli.outputs.word import clean_text

    return _escape(clean_text(text))


def _text_px(text: str, size: float) -> float:
    """Rough rendered width: a CJK character is one em, Latin about half."""
    return display_width(text) * size * 0.5


def _bar_group(title: str, rows: list[tuple[str, int, str]], y0: float, width: float, label_w: float) -> tuple[list[str], float]:
    """A titled group of horizontal bars; returns SVG elements and the y after it."""
    out = [f'<text x="20" y="{y0 + 18:.0f}" font-size="16" font-weight="bold">{escape(title)}</text>']
    y = y0 + 32
    bar_h, gap = 20, 8
    top = max((n for _, n, _ in rows), default=0) or 1
    bar_max = width - label_w - 80
    for label, n, colour in rows:
        w = bar_max * n / top
        out.append(
            f'<text x="{20 + label_w - 8:.0f}" y="{y + 15:.0f}" font-size="13" text-anchor="end">{escape(label)}</text>'
        )
        if n:
            out.append(f'<rect x="{20 + label_w:.0f}" y="{y:.0f}" width="{max(w, 2):.1f}" height="{bar_h}" fill="{colour}"/>')
        out.append(f'<text x="{20 + label_w + w + 6:.1f}" y="{y + 15:.0f}" font-size="13">{n}</text>')
        y += bar_h + gap
    return out, y + 12


def stats_svg(
    result, title: str = "案例报送情况统计", *, with_status: bool = True, font_family: str = FONT_FAMILY,
    noun: str = "个文件",
) -> str:
    """An SVG bar chart (per type, per status) of ``result`` (a RunResult, or anything with ``.cases``).

    The brochure's appendix draws the included cases without the status group (all of them passed)
    and in the brochure's own sans font, so the chart needs no font of its own.
    """
    s = compute_stats(list(result.cases), getattr(result, "config", None))
    labels = [n for n, _ in s.by_type] + [label for _, label, _ in s.by_status if with_status]
    label_w = min(max((_text_px(x, 13) for x in labels), default=60) + 16, 300)
    width = 720.0
    parts: list[str] = []
    y = 50.0
    g, y = _bar_group("按案例类型", [(n, c, TYPE_COLOUR) for n, c in s.by_type], y, width, label_w)
    parts += g
    if with_status:
        g, y = _bar_group("按审核状态", [(label, c, STATUS_COLOURS[k]) for k, label, c in s.by_status], y, width, label_w)
        parts += g
    height = y + 10
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family={quoteattr(font_family)} role="img" '
        f"aria-label={quoteattr(title)}>"
    )
    body = [
        head,
        f"<title>{escape(title)}</title>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="20" y="30" font-size="20" font-weight="bold">{escape(title)}（共 {s.total} {noun}）</text>',
        *parts,
        "</svg>",
    ]
    return "\n".join(body) + "\n"
