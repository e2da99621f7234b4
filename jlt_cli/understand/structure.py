"""From a flat list of blocks to a Case: metadata, title, unit, type and the four parts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, Case, Section, SourceDocument
from jlt_cli.understand.classify import classify, type_from_text
from jlt_cli.understand.labels import has_typed_label, heading_words, match_section, split_label, strip_decoration
from jlt_cli.understand.units import anchored, is_known_unit_name, unit_from_path, looks_like_unit, match_unit, normalise, plausible_school_name

SECTION_ORDER = ("basic", "measures", "results", "plans")
_DATE = re.compile(r"^\s*(\d{4}|二[〇○零一二三四五六七八九]{3})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月(\s*[\d一二三四五六七八九十]{1,3}\s*日)?\s*$")
_ATTACHMENT = re.compile(r"^\s*附\s*件\s*[\d一二三四五六七八九十]*\s*[：:]?\s*$")
# Lines that name the call or a form rather than the case ("…案例申报表", "…案例征集").
_GENERIC_TITLE = re.compile(r"(申报表|征集要求|案例征集|报送表|登记表)$")
_SENTENCE_END = re.compile(r"[。！？；]")
# "表1 ……" / "图2：……": a caption, even when typed in bold, is not a sub-heading
_CAPTION = re.compile(r"^[表图]\s*[\d一二三四五六七八九十]+")
# The call's own headline copied above the title: nothing is left once its words are removed.
_CALL_WORDS = re.compile(
    r"附件\s*\d*|重庆市|合川区|家校社协同育人|家校社|协同育人|教联体|建设|成果|优秀|典型|案例|汇编|征集|申报|报送|材料|"
    r"[\s\u3000：:（）()【】“”\"'《》、，,—-]"
)
# A date at the end of a signature line: 合川区渭沱镇人民政府　　2025年7月18日
_TRAILING_DATE = re.compile(
    r"[\s\u3000]*(\d{4}|二[〇○零一二三四五六七八九]{3})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"(\s*[\d一二三四五六七八九十]{1,3}\s*日)?[\s\u3000]*$"
)


@dataclass
class _Meta:
    label_kind: str  # unit / contact / phone / type / title
    value: str
    line: int | None


def _label_regex(config: Config) -> re.Pattern:
    cached = config._cache.get("meta_re")
    if cached:
        return cached
    labels: dict[str, str] = {}
    for kind, names in (config.get("metadata_labels", default={}) or {}).items():
        for name in names or []:
            labels[re.sub(r"\s+", "", str(name))] = kind
    for name in config.get("title_labels", default=[]) or []:
        labels[re.sub(r"\s+", "", str(name))] = "title"
    alts = sorted(labels, key=len, reverse=True)
    # a label may be written with spaces between its characters (联 系 人)
    pattern = "|".join(r"[\s\u3000]*".join(map(re.escape, a)) for a in alts)
    # 报送单位（盖章）： / 报送单位名称： / 联系电话（手机）：
    regex = re.compile(rf"(?P<label>{pattern})(?:[（(][^）)\n]{{1,6}}[）)]|名称|全称)?[\s\u3000]*[：:]")
    config._cache["meta_re"] = (regex, labels)
    return config._cache["meta_re"]


def parse_metadata_line(text: str, config: Config) -> list[tuple[str, str]]:
    """[('unit', '合川区…'), ('contact', '张三'), …] when the line is a metadata line, else []."""
    regex, labels = _label_regex(config)
    stripped = strip_decoration(text.strip())
    _, after_label = split_label(stripped)
    for candidate in (stripped, after_label):
        first = regex.match(candidate)
        if first:
            break
    else:
        return []
    matches = list(regex.finditer(candidate))
    out = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(candidate)
        value = candidate[m.end():end].strip(" \t\u3000；;，,*_")
        kind = labels[re.sub(r"\s+", "", m.group("label"))]
        out.append((kind, value))
    return out


_LABEL_NOTE = re.compile(r"(?:[（(][^）)]{1,6}[）)]|名称|全称)$")


def _table_metadata(block: Block, config: Config) -> list[tuple[str, str]]:
    """Cover tables: rows like | 案例题目 | ×× | or | 报送单位 | ×× | 联系人 | ×× |."""
    regex, labels = _label_regex(config)
    out = []
    for row in block.rows or []:
        cells = [c.strip() for c in row]
        for i, cell in enumerate(cells):
            key = _LABEL_NOTE.sub("", re.sub(r"[\s\u3000：:]+", "", cell))
            if key in labels and i + 1 < len(cells):
                value = next((c for c in cells[i + 1:] if c and _LABEL_NOTE.sub("", re.sub(r"[\s：:]", "", c)) not in labels), "")
                if value:
                    out.append((labels[key], value))
            elif regex.match(cell):
                out.extend(parse_metadata_line(cell, config))
    return out


_TYPE_LINE_FILLER = re.compile(r"附件\d*|案例|类型|申报表|报送表|登记表|征集|合川区|家校社协同育人|教联体|建设|成果|工作|[\s：:（）()【】“”\"'《》、，,]")


def _type_line(text: str, config: Config) -> str | None:
    """The type when a header line only names it (护校安园工作案例 / 困境儿童帮扶案例申报表), else None.

    A short title that merely mentions a type (“周末课堂”让社区学校热起来) is not such a line.
    """
    t = type_from_text(text, config)
    if not t:
        return None
    rest = text
    for spec in (config.get("types", default={}) or {}).values():
        for alias in sorted([spec.get("full_name", ""), *(spec.get("aliases") or [])], key=len, reverse=True):
            if alias:
                rest = rest.replace(alias, "")
    for name in config.get("types", default={}) or {}:
        rest = rest.replace(name, "")
    return t if len(_TYPE_LINE_FILLER.sub("", rest)) <= 1 else None


def _heading_like(block: Block) -> bool:
    return block.kind is BlockKind.HEADING or bool(block.label) or block.bold or has_typed_label(block.text)


_FAMILIES = (
    ("part", re.compile(r"^第")),
    ("paren-cn", re.compile(r"^[（(][一二三四五六七八九十]")),
    ("paren-num", re.compile(r"^[（(]\d")),
    ("cn", re.compile(r"^[一二三四五六七八九十]")),
    ("num", re.compile(r"^\d")),
    ("circled", re.compile(r"^[①-⑳]")),
    ("roman", re.compile(r"^[IVXⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]")),
)


def _label_family(block: Block) -> str:
    """The kind of numbering a heading carries: 一、 and 二、 are one family, （一） another."""
    label = block.label or split_label(block.text.strip().strip("*_ \u3000"))[0]
    for name, pattern in _FAMILIES:
        if label and pattern.match(label):
            return name
    if block.kind is BlockKind.HEADING:
        return f"h{block.level or 0}"
    return "bold" if block.bold else "plain"


def _is_text(block: Block) -> bool:
    return block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)


# "附：联系人信息" left at the end once the contact lines under it are taken as metadata
_CLOSING_NOTE = re.compile(r"^附[：:]?\s*(?:联系人|联系方式|作者|报送单位)?(?:信息|方式)?[：:]?$")
_PROSE = re.compile(r"的|(?<!促)进(?!修)|让|把|在|走进|打造|建好|守护|护航|携手|助力|赋能|温暖|情暖|[“”\"《》：:]")
_SEAL_NOTE = re.compile(r"[（(](?:盖章|加盖公章|公章|章|签章)[）)]")


def _clean_unit(value: str, config: Config) -> str:
    """报送单位 as written, without a seal note, a date or an author after it.

    合川区三汇镇人民政府（盖章）　2025年7月 → 合川区三汇镇人民政府;
    重庆市合川区久长街小学校　王丽（执笔） → 重庆市合川区久长街小学校.
    """
    unit = _SEAL_NOTE.sub("", _TRAILING_DATE.sub("", value)).strip()
    parts = re.split(r"[\s\u3000]+", unit, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) >= 4 and (looks_like_unit(parts[0]) or match_unit(parts[0], config)):
        return parts[0]
    return unit or value


def _tidy_heading(text: str) -> str:
    """'一、\t基本情况' → '一、基本情况': tabs and runs of spaces from Word numbering, for display."""
    text = re.sub(r"[\s\u3000]+", " ", text).strip()
    return re.sub(r"(?<=[、．.）)】])\s+", "", text)


def _clean_title(text: str) -> str:
    text = strip_decoration(text.strip())
    return re.sub(r"[\s\u3000]+", " ", text).strip()


_ROW_NUMBER = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)]?[、.．]?|序号)$")


def _cells(row: list[str]) -> list[str]:
    """The filled cells of a row without a leading number column; merged cells repeat their text, so repeats count once."""
    cells = list(dict.fromkeys(c.strip() for c in row if c.strip()))
    if len(cells) >= 2 and _ROW_NUMBER.match(cells[0]):
        cells = cells[1:]
    return cells


def _short_label(text: str) -> bool:
    return len(text) <= 20 and "\n" not in text


def _part_label(text: str, config: Config) -> bool:
    if not _short_label(text):
        return False
    m = match_section(text, config, True)
    return m is not None and not m.remainder


def _unfold_forms(blocks: list[Block], config: Config) -> list[Block]:
    """A case sent as a 申报表 — one table whose rows are 案例题目 | … / 基本情况 | … — read as lines.

    Only a table with at least two rows headed by a part name is unfolded; a data table inside a
    part stays a table. A part row becomes a heading and its paragraphs (also when the text sits in
    the row below, the vertical form); other rows become "标签：内容" lines.
    """
    out: list[Block] = []
    for b in blocks:
        rows = [_cells(r) for r in (b.rows or [])] if b.kind is BlockKind.TABLE else []
        if sum(1 for r in rows if r and _part_label(r[0], config)) < 2:
            out.append(b)
            continue

        def paragraphs(texts: list[str], line=b.line) -> None:
            out.extend(Block(BlockKind.PARAGRAPH, text=t.strip(), line=line) for x in texts for t in x.split("\n") if t.strip())

        awaiting_text = False
        for cells in rows:
            if not cells:
                continue
            head = cells[0]
            if _part_label(head, config):
                out.append(Block(BlockKind.HEADING, text=head, line=b.line, level=2))
                paragraphs(cells[1:])
                awaiting_text = len(cells) == 1
                continue
            if awaiting_text and len(cells) == 1:
                paragraphs(cells)
            elif len(cells) >= 2 and _short_label(head) and all(len(v) <= 60 and "\n" not in v for v in cells[1:]):
                # 报送单位 | ×× | 联系人 | ×× → one metadata line
                pairs = [f"{cells[k]}：{cells[k + 1]}" if k + 1 < len(cells) else cells[k] for k in range(0, len(cells), 2)]
                # no line of its own: header lines are skipped by line number, and the body shares the table's
                out.append(Block(BlockKind.PARAGRAPH, text="　".join(pairs), line=None))
            elif _short_label(head) and len(cells) >= 2:
                out.append(Block(BlockKind.PARAGRAPH, text=head, line=b.line))
                paragraphs(cells[1:])
            else:
                paragraphs(cells)
            awaiting_text = False
    return out


class _Builder:
    def __init__(self, doc: SourceDocument, display: str, config: Config):
        self.doc = doc
        self.config = config
        self.case = Case(path=doc.path, display_path=display, format=doc.format, header_text=doc.header_text,
                         footer_text=doc.footer_text)
        self.used: set[int] = set()  # indexes of blocks consumed as metadata/title

    def build(self) -> Case:
        blocks = _unfold_forms(self.doc.blocks, self.config)
        heads = self._find_sections(blocks)
        first_part = heads[0][0] if heads else len(blocks)
        self._metadata(blocks, first_part)
        self._title(blocks, first_part)
        self._sections(blocks, heads, first_part)
        self._unit_fallbacks(blocks, first_part)  # after the signature: what the case says beats its file name
        self._subheadings()
        self._classify()
        return self.case

    # -- parts -------------------------------------------------------------------------------
    def _find_sections(self, blocks: list[Block]) -> list[tuple[int, str, str, str]]:
        """(index, key, heading as written, same-line remainder) of each part heading, one per part, in document order.

        Every line that could head a part is a candidate; per part the surest one wins, so a sub-item
        "（三）成效评估" or a line "成效：……" inside 具体措施 does not start 工作成效 early when the real
        "三、工作成效" follows. Candidates numbered unlike the other part headings count for less.
        """
        found: list[tuple[int, str, str, str, int, str]] = []
        for i, b in enumerate(blocks):
            if not _is_text(b) or not b.text.strip():
                continue
            m = match_section(b.text, self.config, _heading_like(b))
            if m is None:
                continue
            if not _heading_like(b) and not m.remainder and len(b.text.strip()) > 20:
                continue
            found.append((i, m.key, b.display_text.strip(), m.remainder, m.strength, _label_family(b)))
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
                self.case.repeated_part = (_tidy_heading(heading), blocks[i].line)
                break
        return chosen

    def _sections(self, blocks, heads, first_part) -> None:
        names = {k: (self.config.get("sections", k, "name", default=k)) for k in SECTION_ORDER}
        for n, (i, key, heading, remainder) in enumerate(heads):
            end = heads[n + 1][0] if n + 1 < len(heads) else len(blocks)
            section = Section(key=key, name=names[key], heading=_tidy_heading(heading), line=blocks[i].line)
            if remainder:
                heading_text = heading[: len(heading) - len(remainder)].rstrip() if heading.endswith(remainder) else heading
                section.heading = _tidy_heading(heading_text.rstrip("：:。．.；;—- \u3000"))
                section.blocks.append(Block(BlockKind.PARAGRAPH, text=remainder, line=blocks[i].line))
            for j in range(i + 1, end):
                if j in self.used:
                    continue
                section.blocks.append(blocks[j])
            self.case.sections.append(section)
        if heads:
            self._trailing_signature(self.case.sections[-1])
        self.case.preamble = [b for j, b in enumerate(blocks[:first_part]) if j not in self.used]

    def _trailing_signature(self, section: Section) -> None:
        """Unit name and date at the very end (落款) belong to the header, not to the last part."""
        while section.blocks:
            last = section.blocks[-1]
            if not _is_text(last):
                break
            text = last.text.strip()
            if _DATE.match(text) or _CLOSING_NOTE.match(text):
                section.blocks.pop()
                self.case.metadata_lines.add(last.line or 0)
                continue
            unit = self._unit_in_line(text)
            if unit:
                section.blocks.pop()
                self.case.metadata_lines.add(last.line or 0)
                if not self.case.unit:
                    self.case.unit, self.case.unit_line = unit, last.line
                continue
            break

    def _unit_in_line(self, text: str) -> str | None:
        """The unit a bare header or signature line names, else None.

        合川区钱塘镇人民政府 / （区妇联）/ 合川区妇女联合会 / 合川区渭沱镇人民政府　2025年7月18日;
        not a title that ends like a school (大学生志愿者走进社区家长学校).
        """
        line = _SEAL_NOTE.sub("", _TRAILING_DATE.sub("", text.strip())).strip()
        if line.startswith(("（", "(")) and line.endswith(("）", ")")):
            line = line[1:-1].strip()
        if not line or len(line) > 40:
            return None
        if is_known_unit_name(line, self.config):
            return normalise(line)
        joint = [p for p in re.split(r"[、，,和与]", line) if p.strip()]
        if len(joint) > 1 and all(is_known_unit_name(p, self.config) for p in joint):
            return line  # 区妇联、区教委: a case submitted jointly
        if not looks_like_unit(line):
            return None
        m = match_unit(line, self.config)
        if m is None or (m.kind == "school" and not plausible_school_name(line)):
            return None
        if m.kind != "school" and (not anchored(line, self.config) or _PROSE.search(line)):
            return None  # 情暖龙市镇 / 走进钱塘镇中心小学: a title naming a town, not its name
        return normalise(line)

    def _is_unit_line(self, text: str) -> bool:
        return self._unit_in_line(text) is not None

    def _subheadings(self) -> None:
        """Short labelled or bold lines inside a part are its sub-headings (kept as content)."""
        for section in self.case.sections:
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

    # -- header ------------------------------------------------------------------------------
    def _metadata(self, blocks: list[Block], first_part: int) -> None:
        # metadata lines sit before the first part, or in a cover table anywhere before it;
        # a few units put them at the end, so scan the whole file for label lines
        for i, b in enumerate(blocks):
            pairs: list[tuple[str, str]] = []
            if b.kind is BlockKind.TABLE and i < first_part:
                pairs = _table_metadata(b, self.config)
            elif _is_text(b) and len(b.text) <= 120:
                pairs = parse_metadata_line(b.text, self.config)
            if not pairs:
                continue
            if i > first_part and not any(k in ("unit", "contact", "phone") for k, _ in pairs):
                continue  # 类型：… in the middle of the text is prose, not a header line
            self.used.add(i)
            self.case.metadata_lines.add(b.line or 0)
            for kind, value in pairs:
                self._set_meta(kind, value, b.line)

    def _set_meta(self, kind: str, value: str, line: int | None) -> None:
        c = self.case
        if kind == "unit" and value and not c.unit:
            c.unit, c.unit_line = _clean_unit(value, self.config), line
        elif kind == "contact" and value and not c.contact:
            c.contact = value
        elif kind == "phone" and value and not c.phone:
            c.phone = value
        elif kind == "type" and value and not c.declared_type:
            t = type_from_text(value, self.config)
            if t:
                c.declared_type, c.declared_type_source = t, "文件内容"
        elif kind == "title" and value and not c.title:
            c.title, c.title_line = _clean_title(value), line

    def _title(self, blocks: list[Block], first_part: int) -> None:
        c = self.case
        # a "（一）案例题目" heading: the title is the next text line
        for i, b in enumerate(blocks[: first_part + 1]):
            if i in self.used or not _is_text(b):
                continue
            if heading_words(b.text) in [re.sub(r"\s", "", t) for t in self.config.get("title_labels", default=[])]:
                self.used.add(i)
                if c.title:
                    break
                for j in range(i + 1, min(first_part, len(blocks))):
                    nb = blocks[j]
                    if _is_text(nb) and nb.text.strip() and j not in self.used:
                        c.title, c.title_line = _clean_title(nb.text), nb.line
                        self.used.add(j)
                        break
                break
        candidates = [
            (i, b) for i, b in enumerate(blocks[:first_part])
            if _is_text(b) and b.text.strip() and i not in self.used
        ]
        framed = self._framed_lines(blocks[:first_part])
        framed_ids = {id(b) for _, b in framed}
        candidates = sorted(candidates + framed, key=lambda ib: ib[0])
        # declared type and unit lines in the header
        for i, b in candidates:
            t = _type_line(b.text, self.config)
            if t:
                if not c.declared_type:
                    c.declared_type, c.declared_type_source = t, "文件内容"
                self.used.add(i)
        if not c.title:
            pick = self._pick_title([(i, b) for i, b in candidates if i not in self.used or id(b) in framed_ids])
            if pick is not None:
                i, b = pick
                c.title, c.title_line = _clean_title(b.display_text if b.label else b.text), b.line
                self.used.add(i)
                # a subtitle line (——…) right after the title
                nxt = next(((j, nb) for j, nb in candidates if j > i and j not in self.used), None)
                if nxt and nxt[1].text.strip().startswith(("——", "—", "--")):
                    sub = nxt[1].text.strip().lstrip("—-").strip()
                    unit = self._unit_in_line(sub)
                    if unit:
                        if not c.unit:
                            c.unit, c.unit_line = unit, nxt[1].line
                    else:
                        c.title = f"{c.title}——{sub}"
                    self.used.add(nxt[0])
                elif nxt and nxt[0] == i + 1 and self._title_continues(b, nxt[1]) and len(c.title) <= 40:
                    # a title typed over two lines (聚焦“一老一小”需求 / 打造社区家长学校新样板)
                    c.title = f"{c.title} {_clean_title(nxt[1].text)}"
                    self.used.add(nxt[0])
                    third = next(((j, nb) for j, nb in candidates if j > nxt[0] and j not in self.used), None)
                    if third and third[1].text.strip().startswith(("——", "—", "--")):
                        sub = third[1].text.strip().lstrip("—-").strip()
                        if not self._unit_in_line(sub):
                            c.title = f"{c.title}——{sub}"
                            self.used.add(third[0])
        # a bare unit line in the header (under the title)
        for i, b in candidates:
            if i in self.used:
                continue
            unit = self._unit_in_line(b.text)
            if unit:
                if not c.unit:
                    c.unit, c.unit_line = unit, b.line
                self.used.add(i)
                c.metadata_lines.add(b.line or 0)
            elif _DATE.match(b.text) or _ATTACHMENT.match(b.text):
                self.used.add(i)

    def _framed_lines(self, blocks: list[Block]) -> list[tuple[int, Block]]:
        """A title framed by a table in the header read as a prominent line: a one-cell table, or the
        first row of a layout table that holds a single cell (the title spanning the row above
        报送单位/案例类型 cells)."""
        out = []
        for i, b in enumerate(blocks):
            if b.kind is not BlockKind.TABLE:
                continue  # (a cover table already read for its 报送单位 row may still frame the title)
            for row in b.rows or []:
                cells = _cells(row)
                if len(cells) != 1:
                    continue
                text = cells[0]
                if "\n" in text or parse_metadata_line(text, self.config) or _part_label(text, self.config) \
                        or _type_line(text, self.config) or _DATE.match(text) or self._is_unit_line(text):
                    continue
                out.append((i, Block(BlockKind.PARAGRAPH, text=text, line=b.line, bold=True)))
                break
        return out

    def _title_continues(self, first: Block, nxt: Block) -> bool:
        """The line after the title is its second line: alike in look, short, not a sentence, unit, date or label."""
        text = nxt.text.strip()
        if not 4 <= len(re.sub(r"\s", "", text)) <= 30 or re.search(r"[，。；！？：:,;.!?]", text):
            return False
        # a Word or Markdown title is set apart (centred, bold, a heading); plain text has only its lines
        if not (first.kind is BlockKind.HEADING or first.centered or first.bold or self.doc.format == "text"):
            return False
        if len(re.findall(r"[\u4e00-\u9fff]", text)) * 2 < len(text):
            return False
        if (nxt.kind, nxt.level, nxt.centered, nxt.bold) != (first.kind, first.level, first.centered, first.bold):
            return False
        if has_typed_label(text) or nxt.label or _DATE.match(text) or _ATTACHMENT.match(text):
            return False
        if re.search(r"\d{4}\s*年|二[〇○零][一二三四五六七八九〇○零]{2}年", text) or (text[:1] in "（(" and text[-1:] in "）)"):
            return False  # （2025年7月） / （钱塘镇供稿）: a note under the title, not its second line
        if parse_metadata_line(text, self.config) or match_section(text, self.config, True) or _type_line(text, self.config):
            return False
        if looks_like_unit(text) or self._is_unit_line(text) or _GENERIC_TITLE.search(text):
            return False
        return len(_CALL_WORDS.sub("", text)) > 1

    def _pick_title(self, candidates: list[tuple[int, Block]]) -> tuple[int, Block] | None:
        def acceptable(b: Block) -> bool:
            text = re.sub(r"\s", "", b.text)
            if not 4 <= len(text) <= 80 or _ATTACHMENT.match(b.text) or _DATE.match(b.text):
                return False
            if _GENERIC_TITLE.search(text) or len(_CALL_WORDS.sub("", text)) <= 1:
                return False
            if self._is_unit_line(b.text) and not (b.kind is BlockKind.HEADING and self.case.unit):
                return False
            return True

        # prominent first: a Title/Heading style, a markdown heading, a centred or bold line
        for i, b in candidates:
            if acceptable(b) and (b.kind is BlockKind.HEADING or b.centered or b.bold):
                return i, b
        # else the first short line that is not a sentence of prose
        for i, b in candidates[:3]:
            text = b.text.strip()
            if acceptable(b) and len(text) <= 50 and not text.endswith(("。", "；", "：", ":")):
                return i, b
        return None

    def _unit_fallbacks(self, blocks: list[Block], first_part: int) -> None:
        c = self.case
        if c.unit:
            return
        # the page header (页眉) of many units carries their name
        for line in f"{c.header_text}\n{c.footer_text}".splitlines():
            line = line.strip()
            m = match_unit(line, self.config) if line else None
            if m and m.kind != "school" or (m and looks_like_unit(line)):
                c.unit = normalise(line)
                return
        # a title that starts with its unit: 钓鱼城街道：“童心驿站”……
        head = re.split(r"[：:]|——", c.title or "", maxsplit=1)
        if len(head) == 2 and 2 <= len(head[0].strip()) <= 20:
            m = match_unit(head[0], self.config)
            if m and m.kind in ("district", "town", "university", "extra"):
                c.unit = normalise(head[0])
                return
        # last resort: a known unit named in the file name or its folder (收件/钱塘镇/社区学校案例.docx)
        c.unit = unit_from_path(c.path, self.config) or ""

    def _classify(self) -> None:
        c = self.case
        lead = "\n".join(b.text for b in c.preamble if _is_text(b) and (b.line or 0) not in c.metadata_lines)
        result = classify(c.title, lead + "\n" + c.body_text, self.config)
        c.inferred_type = result.type
        c.type_confidence = result.confidence
        c.type_scores = result.scores
        c.type_evidence = result.evidence
        c.type_hits = {t: dict(h) for t, h in result.hits.items()}
        if not c.declared_type:
            t = type_from_text(c.path.stem, self.config)
            if t:
                c.declared_type, c.declared_type_source = t, "文件名"
                # clerks reuse the template's file name: content that clearly says otherwise wins
                ratio = float(self.config.get("classification", "mismatch_ratio", default=2.0))
                if result.type and result.type != t and result.scores.get(result.type, 0) >= ratio * max(result.scores.get(t, 0), 1):
                    c.declared_overruled = True


def build_case(doc: SourceDocument, display: str, config: Config) -> Case:
    return _Builder(doc, display, config).build()
