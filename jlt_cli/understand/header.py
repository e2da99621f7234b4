"""The header of a case: its metadata lines (报送单位：…), title, declared type and unit, and its type.

The unit is looked for in this order; the first place that names one wins:

1. a 报送单位 line (报送单位：…, 供稿单位：…, a cover table's 报送单位 row), anywhere in the header;
2. a bare unit line in the header, above or under the title (合川区钱塘镇人民政府, （区妇联）, ——钱塘镇,
   （合川区渭沱镇供稿）); not a covering letter's addressee (区教委：);
3. the signature (落款) at the end, with or without its date (found with the parts); two lines of different
   units sign jointly (区检察院、区教委), a party committee and its government sign once;
4. the page header or footer;
5. the author's unit in brackets (撰稿人：李某某（小沔镇党政办）);
6. the headline, when it starts with the unit (钱塘镇：…… / 钱塘镇“周末课堂”……);
7. the first sentence of the text, when one of its clauses starts with the unit (近年来，区妇联……), unless that
   unit asks or partners the writer (区教委要求各镇街……, 区教委联合我会……);
8. the file name (a piece of it that is or starts with a unit: 区关工委-困境儿童帮扶案例.docx, not
   情暖龙市镇.docx), then the folder it is in and the folder above (收件/钱塘镇/案例.docx).

A unit of the call found anywhere is then given its one name (units.settle_unit); a body of another district
or of the city is kept as written, and the unknown-unit rule says so.
"""

from __future__ import annotations

import re

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind
from jlt_cli.understand.classify import classify, type_from_text
from jlt_cli.understand.labels import has_typed_label, heading_words, match_section, split_label, strip_decoration
from jlt_cli.understand.parts import part_label
from jlt_cli.understand.reading import ATTACHMENT, DATE, Reading, clean_title, filled_cells, is_text
from jlt_cli.understand.units import (
    clean_unit, is_unit_line, looks_like_unit, match_unit, normalise, resolve_unit, unit_at_start, unit_from_path,
    unit_in_line,
)

# Lines that name the call or a form rather than the case ("…案例申报表", "…案例征集").
_GENERIC_TITLE = re.compile(r"(申报表|征集要求|案例征集|报送表|登记表)$")
# The call's own headline copied above the title: nothing is left once its words are removed.
_CALL_WORDS = re.compile(
    r"附件\s*\d*|重庆市|合川区|家校社协同育人|家校社|协同育人|教联体|建设|成果|优秀|典型|案例|汇编|征集|申报|报送|材料|"
    r"[\s\u3000：:（）()【】“”\"'《》、，,—-]"
)


def label_regex(config: Config) -> re.Pattern:
    cached = config._cache.get("meta_re")
    if cached:
        return cached
    labels: dict[str, str] = {}
    for kind, names in (config.get("metadata_labels") or {}).items():
        for name in names or []:
            labels[re.sub(r"\s+", "", str(name))] = kind
    for name in config.get("title_labels") or []:
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
    regex, labels = label_regex(config)
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


def table_metadata(block: Block, config: Config) -> list[tuple[str, str]]:
    """Cover tables: rows like | 案例题目 | ×× | or | 报送单位 | ×× | 联系人 | ×× |."""
    regex, labels = label_regex(config)
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


_TYPE_LINE_FILLER = re.compile(r"附件\d*|案例|类型|申报表|报送表|登记表|征集|合川区|家校社协同育人|教联体|建设|成果|工作|[\s：:（）()【】“”\"'《》、，,—－-]")


def type_line(text: str, config: Config) -> str | None:
    """The type when a header line only names it (护校安园工作案例 / 困境儿童帮扶案例申报表), else None.

    A short title that merely mentions a type (“周末课堂”让社区学校热起来) is not such a line.
    """
    t = type_from_text(text, config)
    if not t:
        return None
    rest = text
    for spec in (config.get("types") or {}).values():
        for alias in sorted([spec.get("full_name", ""), *(spec.get("aliases") or [])], key=len, reverse=True):
            if alias:
                rest = rest.replace(alias, "")
    for name in config.get("types") or {}:
        rest = rest.replace(name, "")
    return t if len(_TYPE_LINE_FILLER.sub("", rest)) <= 1 else None



def read_metadata(r: Reading, blocks: list[Block], first_part: int) -> None:
    # metadata lines sit before the first part, or in a cover table anywhere before it;
    # a few units put them at the end, so scan the whole file for label lines
    for i, b in enumerate(blocks):
        pairs: list[tuple[str, str]] = []
        if b.kind is BlockKind.TABLE and i < first_part:
            pairs = table_metadata(b, r.config)
        elif is_text(b) and len(b.text) <= 120:
            pairs = parse_metadata_line(b.text, r.config)
        if not pairs:
            continue
        if i > first_part and not any(k in ("unit", "contact", "phone") for k, _ in pairs):
            continue  # 类型：… in the middle of the text is prose, not a header line
        r.used.add(i)
        r.case.metadata_lines.add(b.line or 0)
        for kind, value in pairs:
            set_meta(r, kind, value, b.line)


def set_meta(r: Reading, kind: str, value: str, line: int | None) -> None:
    c = r.case
    if kind == "unit" and value and not c.unit:
        c.unit, c.unit_line = clean_unit(value, r.config), line
    elif kind == "contact" and value and not c.contact:
        c.contact = value
    elif kind == "phone" and value and not c.phone:
        c.phone = value
    elif kind == "type" and value and not c.declared_type:
        t = type_from_text(value, r.config)
        if t:
            c.declared_type, c.declared_type_source = t, "文件内容"
    elif kind == "title" and value and not c.title:
        c.title, c.title_line = clean_title(value), line


def read_title(r: Reading, blocks: list[Block], first_part: int) -> None:
    c = r.case
    # a "（一）案例题目" heading: the title is the next text line
    for i, b in enumerate(blocks[: first_part + 1]):
        if i in r.used or not is_text(b):
            continue
        if heading_words(b.text) in [re.sub(r"\s", "", t) for t in r.config.get("title_labels")]:
            r.used.add(i)
            if c.title:
                break
            for j in range(i + 1, min(first_part, len(blocks))):
                nb = blocks[j]
                if is_text(nb) and nb.text.strip() and j not in r.used:
                    c.title, c.title_line = clean_title(nb.text), nb.line
                    r.used.add(j)
                    break
            break
    candidates = [
        (i, b) for i, b in enumerate(blocks[:first_part])
        if is_text(b) and b.text.strip() and i not in r.used
    ]
    framed = framed_lines(r, blocks[:first_part])
    framed_ids = {id(b) for _, b in framed}
    candidates = sorted(candidates + framed, key=lambda ib: ib[0])
    # declared type and unit lines in the header
    for i, b in candidates:
        t = type_line(b.text, r.config)
        if t:
            if not c.declared_type:
                c.declared_type, c.declared_type_source = t, "文件内容"
            r.used.add(i)
    if not c.title:
        pick = pick_title(r, [(i, b) for i, b in candidates if i not in r.used or id(b) in framed_ids])
        if pick is not None:
            i, b = pick
            c.title, c.title_line = clean_title(b.display_text if b.label else b.text), b.line
            r.used.add(i)
            follow_title(r, candidates, i, b)
    # a bare unit line in the header (under the title)
    for i, b in candidates:
        if i in r.used:
            continue
        unit = unit_in_line(b.text, r.config)
        if unit:
            if not c.unit:
                c.unit, c.unit_line = unit, b.line
            r.used.add(i)
            c.metadata_lines.add(b.line or 0)
        elif DATE.match(b.text) or ATTACHMENT.match(b.text):
            r.used.add(i)


_DASH = ("——", "—", "--", "－－")


def follow_title(r: Reading, candidates: list[tuple[int, Block]], i: int, b: Block) -> None:
    """The lines that continue the title: a subtitle (——…), a title typed over two lines, a subtitle typed over
    two lines; at most three more lines. A unit or a type after the dash is not a subtitle."""
    c = r.case
    last_i, last_b, in_sub = i, b, False
    for _ in range(3):
        nxt = next(((j, nb) for j, nb in candidates if j > last_i and j not in r.used), None)
        if nxt is None:
            return
        j, nb = nxt
        text = nb.text.strip()
        if text.startswith(_DASH) and not in_sub and not c.title.endswith(_DASH):
            sub = clean_title(text.lstrip("—-－ \u3000"))
            unit = unit_in_line(sub, r.config)
            if unit or type_line(sub, r.config) or not sub:
                if unit and not c.unit:
                    c.unit, c.unit_line = unit, nb.line  # ——钱塘镇: who wrote it
                return
            c.title, in_sub = f"{c.title}——{sub}", True
        elif j == last_i + 1 and title_continues(r, last_b, nb) and len(c.title) <= 60:
            c.title = join_title_lines(c.title, clean_title(text), in_sub)
        else:
            return
        r.used.add(j)
        last_i, last_b = j, nb


def join_title_lines(first: str, second: str, in_subtitle: bool = False) -> str:
    """Two lines of one title as printed: a title broken mid-phrase is written on (构建家校社 / 协同帮扶新格局;
    ……融合教育 / 与家庭支持服务的探索); two phrases set on two lines are parted by a space (织密“护校网” / 守护
    学生平安上学路)."""
    if first.endswith(_DASH) or second.startswith(_DASH):
        return first.rstrip("—-－") + "——" + second.lstrip("—-－")
    mid_phrase = (in_subtitle or re.search(r"\s", first) or first.endswith(("、", "“", "与", "和", "及", "的"))
                  or _CONNECTIVE.match(second))
    return f"{first}{second}" if mid_phrase else f"{first} {second}"


def framed_lines(r: Reading, blocks: list[Block]) -> list[tuple[int, Block]]:
    """A title framed by a table in the header read as a prominent line: a one-cell table, or the
    first row of a layout table that holds a single cell (the title spanning the row above
    报送单位/案例类型 cells)."""
    out = []
    for i, b in enumerate(blocks):
        if b.kind is not BlockKind.TABLE:
            continue  # (a cover table already read for its 报送单位 row may still frame the title)
        for row in b.rows or []:
            cells = filled_cells(row)
            if len(cells) != 1:
                continue
            text = cells[0]
            if "\n" in text or parse_metadata_line(text, r.config) or part_label(text, r.config) \
                    or type_line(text, r.config) or DATE.match(text) or is_unit_line(text, r.config):
                continue
            out.append((i, Block(BlockKind.PARAGRAPH, text=text, line=b.line, bold=True)))
            break
    return out


# A line that cannot start a title of its own: it carries on the one above (与家庭支持服务的探索).
_CONNECTIVE = re.compile(r"^(与|和|及|的|之|暨|并|以及)")
# Words that end a title the way 局 ends a bureau's name (构建……新格局).
_TITLE_END = re.compile(r"(格局|布局|大局|新局|开局|全局|结局)$")


def title_continues(r: Reading, first: Block, nxt: Block) -> bool:
    """The line after the title is its second line: alike in look, short, not a sentence, unit, date or label."""
    text = nxt.text.strip()
    if not 4 <= len(re.sub(r"\s", "", text)) <= 30 or re.search(r"[，。；！？：:,;.!?]", text):
        return False
    # a line left open (……平安伴我行—— / …… / 与家庭支持服务的探索) goes on whatever the look of the next one
    open_break = first.text.rstrip().endswith(_DASH) or bool(_CONNECTIVE.match(text))
    # else a Word or Markdown title is set apart (centred, bold, a heading); plain text has only its lines
    if not (open_break or first.kind is BlockKind.HEADING or first.centered or first.bold or r.doc.format == "text"):
        return False
    if len(re.findall(r"[\u4e00-\u9fff]", text)) * 2 < len(text):
        return False
    if not open_break and (nxt.kind, nxt.level, nxt.centered, nxt.bold) != (first.kind, first.level, first.centered, first.bold):
        return False
    if has_typed_label(text) or nxt.label or DATE.match(text) or ATTACHMENT.match(text):
        return False
    if re.search(r"\d{4}\s*年|二[〇○零][一二三四五六七八九〇○零]{2}年", text) or (text[:1] in "（(" and text[-1:] in "）)"):
        return False  # （2025年7月） / （钱塘镇供稿）: a note under the title, not its second line
    if parse_metadata_line(text, r.config) or match_section(text, r.config, True) or type_line(text, r.config):
        return False
    if (looks_like_unit(text) and not _TITLE_END.search(text)) or is_unit_line(text, r.config) or _GENERIC_TITLE.search(text):
        return False
    return len(_CALL_WORDS.sub("", text)) > 1


# A covering letter's title (关于报送……案例的报告) and the words a lone short line is never a title for.
_COVER_LETTER = re.compile(r"^关于.{2,80}?的?(报告|函|通知|请示|说明)$")
_NOT_A_TITLE = re.compile(r"^(目录|正文|说明|封面|前言|摘要|附件|案例|材料|题目|标题)$")
_SENTENCE = re.compile(r"[。！？；]")


def acceptable_title(b: Block, r: Reading) -> bool:
    """The line could be the title: not a date, an attachment mark, a unit or signature line, the call's
    headline, a type label, a covering letter's title or its salutation (区教委：)."""
    text = re.sub(r"\s", "", b.text)
    if not 2 <= len(text) <= 150 or ATTACHMENT.match(b.text) or DATE.match(b.text) or _NOT_A_TITLE.match(text):
        return False
    if re.fullmatch(r"[（(][^（）()]*[）)]", text) or text.endswith(("：", ":")) or _COVER_LETTER.match(text):
        return False  # （2025年7月） / （钱塘镇供稿） / 区教委： / 关于报送……的报告
    if "。" in text:
        return False  # a sentence (现将我镇案例报送如下。), however it is set
    if _GENERIC_TITLE.search(text) or len(_CALL_WORDS.sub("", text)) <= 1 or type_line(text, r.config):
        return False
    return not is_unit_line(b.text, r.config)


def pick_title(r: Reading, candidates: list[tuple[int, Block]]) -> tuple[int, Block] | None:
    # prominent first: a Title/Heading style, a markdown heading, a centred or bold line
    for i, b in candidates:
        if acceptable_title(b, r) and (b.kind is BlockKind.HEADING or b.centered or b.bold):
            return i, b
    # else the first line that is not a sentence of prose (a covering letter's lines are passed over)
    for i, b in candidates[:8]:
        text = b.text.strip()
        if not acceptable_title(b, r) or _SENTENCE.search(text.rstrip("。")) or text.endswith("。"):
            continue
        if b.label or has_typed_label(text):
            break  # 一、参赛对象: numbered items have begun, the title (if any) was above them
        if len(text) <= (50 if re.search("[，,]", text) else 150):
            return i, b
    return None


def unit_fallbacks(r: Reading, blocks: list[Block], first_part: int) -> None:
    c = r.case
    if c.unit:
        return
    # 4. the page header (页眉) of many units carries their name (1.–3. are read with the header and the parts)
    for line in f"{c.header_text}\n{c.footer_text}".splitlines():
        line = line.strip()
        m = match_unit(line, r.config) if line else None
        if m and m.kind != "school" or (m and looks_like_unit(line)):
            c.unit = normalise(line)
            return
    # 5. the author's unit in brackets after the name (撰稿人：李某某（小沔镇党政办）)
    noted = re.search(r"[（(]([^（）()]{2,30})[）)]", c.contact or "")
    found = (unit_in_line(noted.group(1), r.config) or unit_at_start(noted.group(1), r.config)) if noted else None
    if found:
        c.unit = found
        return
    # 6. a headline that starts with its unit: 钓鱼城街道：“童心驿站”…… / 钱塘镇“周末课堂”让……
    found = unit_in_headline(c.title or "", r.config)
    if found:
        c.unit = found
        return
    # 7. the first sentence: 钱塘镇位于合川区北部…… / 近年来，区妇联依托……
    found = unit_in_first_sentence(first_sentence(r), r.config)
    if found:
        c.unit = found
        return
    # 8. last resort: a unit named in the file name or its folder (收件/钱塘镇/社区学校案例.docx)
    c.unit = unit_from_path(c.path, r.config) or ""


def unit_in_headline(title: str, config: Config) -> str | None:
    """The unit a headline starts with: before a colon or dash (any unit line, also a school or another
    district's body), or a unit of the call right at its start."""
    head = re.split(r"[：:]|——", title, maxsplit=1)
    if len(head) == 2 and 2 <= len(head[0].strip()) <= 25:
        found = unit_in_line(head[0], config) or unit_at_start(head[0], config)
        if found:
            return found
    return unit_at_start(title, config)


# A clause that opens with a time or purpose (近年来，/ 为深入贯彻……，) comes before the subject.
_CLAUSE = re.compile(r"[，,；;]")


# “我局”“我镇”: the writer speaks of itself; a town named in a sentence where a bureau says 我局 is where it
# worked, not who it is (龙市镇地处合川区北部，是我局困境儿童关爱服务试点镇).
_WE_BODY = re.compile(r"我(局|委|会|院|部|馆|庭|队|办|中心|支队|分局)")
_WE_PLACE = re.compile(r"我(镇|街道|街|乡)")


def unit_in_first_sentence(sentence: str, config: Config) -> str | None:
    """The unit at the start of a clause of the first sentence (the subject of what the case tells)."""
    for clause in _CLAUSE.split(sentence):
        found = unit_at_start(clause.strip(" \u3000“”\"'"), config)
        if not found:
            continue
        kind = resolve_unit(found, config).kind
        if (kind == "town" and _WE_BODY.search(sentence)) or (kind != "town" and _WE_PLACE.search(sentence)):
            return None
        return found
    return None


def first_sentence(r: Reading) -> str:
    """The first sentence of the text: of a lead paragraph under the title, else of the first part."""
    c = r.case
    candidates = [b for b in c.preamble if is_text(b) and (b.line or 0) not in c.metadata_lines
                  and b.text.strip() and b.text.strip() != c.title and b.line != c.title_line]
    for section in c.sections[:1]:
        candidates += [b for b in section.blocks if b.kind is BlockKind.PARAGRAPH]
    for b in candidates:
        text = b.text.strip()
        if len(text) < 8 or DATE.match(text) or ATTACHMENT.match(text) or is_unit_line(text, r.config):
            continue
        return re.split(r"[。！？!?]", text, maxsplit=1)[0]
    return ""


def classify_case(r: Reading) -> None:
    c = r.case
    lead = "\n".join(b.text for b in c.preamble if is_text(b) and (b.line or 0) not in c.metadata_lines)
    result = classify(c.title, lead + "\n" + c.body_text, r.config)
    c.inferred_type = result.type
    c.type_confidence = result.confidence
    c.type_scores = result.scores
    c.type_evidence = result.evidence
    c.type_hits = {t: dict(h) for t, h in result.hits.items()}
    if not c.declared_type:
        t = type_from_text(c.path.stem, r.config)
        if t:
            c.declared_type, c.declared_type_source = t, "文件名"
            # clerks reuse the template's file name: content that clearly says otherwise wins
            ratio = float(r.config.get("classification", "mismatch_ratio"))
            if result.type and result.type != t and result.scores.get(result.type, 0) >= ratio * max(result.scores.get(t, 0), 1):
                c.declared_overruled = True
