"""numbering.xml for the Word reader: the labels Word draws (一、 （一） 1.1) and never stores in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from jlt_cli.base.numerals import DATE_DIGITS, chinese, letter, roman
from jlt_cli.read.docx.ooxml import W_ILVL, W_NUMID, W_NUMPR, W_PSTYLE, W_VAL, norm, on, to_int, val, w
from jlt_cli.read.docx.styles import ResolvedStyle, Styles

_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting",
                    "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting", "japaneseLegal",
                    "ideographLegalTraditional", "koreanLegal", "japaneseDigitalTenThousand"}


def format_number(n: int, fmt: str) -> str:
    """One level's number in ``fmt`` (w:numFmt)."""
    if fmt in CHINESE_FORMATS:
        return chinese(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "koreanDigital"):
        return "".join(DATE_DIGITS[int(c)] for c in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        if 1 <= n <= 20:
            return chr(0x2460 + n - 1)
        return str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(c)) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "upperLetter":
        return letter(n)
    if fmt == "lowerLetter":
        return letter(n).lower()
    return str(n)  # decimal, ordinal, cardinalText… read as digits


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    legal: bool = False
    pstyle: str | None = None


@dataclass
class Counter:
    values: list[int | None] = field(default_factory=lambda: [None] * 9)
    pending_start: dict[int, int] = field(default_factory=dict)
    nums_seen: set[str] = field(default_factory=set)


def read_level(lvl: etree._Element, base: Level | None = None) -> Level:
    out = Level(**vars(base)) if base else Level()
    start = to_int(val(lvl.find(w("start"))))
    if start is not None:
        out.start = start
    fmt = lvl.find(w("numFmt"))
    if fmt is not None:
        out.fmt = val(fmt, "decimal") or "decimal"
    if lvl.find(w("lvlPicBulletId")) is not None:
        out.fmt = "bullet"
    text = lvl.find(w("lvlText"))
    if text is not None:
        out.text = text.get(W_VAL, "")
    restart = lvl.find(w("lvlRestart"))
    if restart is not None:
        out.restart = to_int(val(restart))
    legal = lvl.find(w("isLgl"))
    if legal is not None:
        out.legal = bool(on(legal))
    ps = lvl.find(W_PSTYLE)
    if ps is not None:
        out.pstyle = val(ps)
    return out


class Numbering:
    """numbering.xml: computes the label Word draws for each numbered paragraph, in document order."""

    def __init__(self, root: etree._Element | None, styles: Styles):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNum with numStyleLink → style id
        self.nums: dict[str, tuple[str, dict[int, tuple[int | None, Level | None]]]] = {}
        self.pstyle_levels: dict[str, tuple[str, int]] = {}  # style id → (numId, ilvl) from lvl/pStyle
        self.counters: dict[str, Counter] = {}
        self.styles = styles
        if root is None:
            return
        for an in root.iter(w("abstractNum")):
            aid = an.get(w("abstractNumId"))
            if aid is None:
                continue
            levels = {}
            for lvl in an.iter(w("lvl")):
                ilvl = to_int(lvl.get(W_ILVL), 0) or 0
                if 0 <= ilvl < 9:
                    levels[ilvl] = read_level(lvl)
            self.abstract[aid] = levels
            link = val(an.find(w("numStyleLink")))
            if link:
                self.style_link[aid] = link
        for num in root.iter(w("num")):
            nid = num.get(w("numId"))
            aid = val(num.find(w("abstractNumId")))
            if nid is None or aid is None:
                continue
            overrides: dict[int, tuple[int | None, Level | None]] = {}
            for ov in num.iter(w("lvlOverride")):
                ilvl = to_int(ov.get(W_ILVL), 0) or 0
                start = to_int(val(ov.find(w("startOverride"))))
                lvl_el = ov.find(w("lvl"))
                overrides[ilvl] = (start, read_level(lvl_el) if lvl_el is not None else None)
            self.nums[nid] = (aid, overrides)
        for nid, (aid, _) in self.nums.items():
            for ilvl, level in self.abstract.get(self._real_abstract(aid), {}).items():
                if level.pstyle and level.pstyle not in self.pstyle_levels:
                    self.pstyle_levels[level.pstyle] = (nid, ilvl)

    def _real_abstract(self, aid: str, depth: int = 0) -> str:
        """Follow numStyleLink (abstractNum → style → num → abstractNum with the levels)."""
        link = self.style_link.get(aid)
        if link and depth < 4:
            st = self.styles.get(f"paragraph:{link}") or self.styles.get(f"numbering:{link}")
            if st and st.num_id in self.nums:
                target = self.nums[st.num_id][0]
                if target != aid:
                    return self._real_abstract(target, depth + 1)
        return aid

    def label(self, ppr: etree._Element | None, style: ResolvedStyle) -> str:
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            numpr = ppr.find(W_NUMPR)
            if numpr is not None:
                num_id = val(numpr.find(W_NUMID))
                ilvl = to_int(val(numpr.find(W_ILVL)))
        if num_id is None and style.num_id is not None:
            num_id = style.num_id
            ilvl = style.ilvl
            if ilvl is None and style.style_id in self.pstyle_levels:
                pnid, pilvl = self.pstyle_levels[style.style_id]
                if pnid == num_id or self.nums.get(pnid, ("",))[0] == self.nums.get(num_id, ("?",))[0]:
                    ilvl = pilvl
        if num_id is None and style.style_id in self.pstyle_levels and style.num_id is None:
            num_id, ilvl = self.pstyle_levels[style.style_id]
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        if ilvl is None:
            ilvl = style.ilvl if style.ilvl is not None else 0
        if not 0 <= ilvl < 9:
            return ""
        aid, overrides = self.nums[num_id]
        aid = self._real_abstract(aid)
        levels = dict(self.abstract.get(aid, {}))
        for lv, (_, lvl_override) in overrides.items():
            if lvl_override is not None:
                levels[lv] = lvl_override
        counter = self.counters.setdefault(aid, Counter())
        if num_id not in counter.nums_seen:
            counter.nums_seen.add(num_id)
            for lv, (start, lvl_override) in overrides.items():
                if start is not None or lvl_override is not None:
                    if 0 <= lv < 9:
                        counter.values[lv] = None
                        counter.pending_start[lv] = start if start is not None else levels.get(lv, Level()).start
        level = levels.get(ilvl, Level())
        if counter.values[ilvl] is None:
            counter.values[ilvl] = counter.pending_start.pop(ilvl, level.start)
        else:
            counter.values[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            restart = levels.get(deeper, Level()).restart
            limit = deeper if restart is None else restart
            if ilvl < limit:
                counter.values[deeper] = None
        if level.fmt in ("bullet", "none") or not level.text:
            return ""

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            lv = levels.get(k, Level())
            value = counter.values[k]
            if value is None:
                value = lv.start
            if lv.fmt == "none":
                return ""
            return format_number(value, "decimal" if level.legal and k < ilvl else lv.fmt)

        return norm(re.sub(r"%([1-9])", number, level.text))
