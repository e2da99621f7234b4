"""DOCX/DOCM/DOTX reader: walk word/document.xml with lxml, in reading order.

python-docx's paragraph API silently drops tracked insertions, moved text, text
boxes, content controls, smart tags and simple fields (see
shared/fixtures/real-docx/FINDINGS.md), and opening a Document is slow. So this
reader parses only the parts it needs (document, styles, numbering, notes,
headers, rels) and reads pictures' headers only.

Reading rules, in short:

* text is the "accept all changes" view: w:ins/w:moveTo kept, w:del/w:moveFrom dropped;
  complex fields show their result only; text boxes appear once (mc:Choice, never mc:Fallback);
* each table becomes one TABLE block; text boxes' paragraphs follow their paragraph;
  a footnote/endnote becomes a paragraph "注：…" after the paragraph that cites it;
* numbering labels Word draws ("一、", "（一）", "1.1") go to ``Block.label``, not the text;
* ``Block.line`` is the 1-based position of the block among the emitted blocks (empty
  paragraphs are not emitted and not counted; a caption merged into its picture is not counted).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, Finding, Image, ReadError, Severity, SourceDocument
from jlt_cli.read.encoding import ZERO_WIDTH
from jlt_cli.read.images import inspect_image
from jlt_cli.read.safezip import SafeZip, open_zip

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# ISO 29500 Strict files use other namespace URIs for the same vocabulary.
STRICT_NS = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W_NS.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": R_NS.encode(),
    b"http://purl.oclc.org/ooxml/drawingml/main": A_NS.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/math": M_NS.encode(),
}


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


W_BODY, W_P, W_R, W_T, W_TBL, W_TR, W_TC = (_w(n) for n in ("body", "p", "r", "t", "tbl", "tr", "tc"))
W_PPR, W_RPR, W_PSTYLE, W_RSTYLE = (_w(n) for n in ("pPr", "rPr", "pStyle", "rStyle"))
W_SDT, W_SDTCONTENT, W_CUSTOMXML, W_SMARTTAG = (_w(n) for n in ("sdt", "sdtContent", "customXml", "smartTag"))
W_HYPERLINK, W_FLDSIMPLE, W_INS, W_DEL, W_MOVEFROM, W_MOVETO = (
    _w(n) for n in ("hyperlink", "fldSimple", "ins", "del", "moveFrom", "moveTo"))
W_DIR, W_BDO, W_RUBY, W_RUBYBASE = (_w(n) for n in ("dir", "bdo", "ruby", "rubyBase"))
W_TAB, W_PTAB, W_BR, W_CR, W_SYM, W_NBHYPHEN, W_FLDCHAR = (
    _w(n) for n in ("tab", "ptab", "br", "cr", "sym", "noBreakHyphen", "fldChar"))
W_DRAWING, W_PICT, W_OBJECT, W_TXBXCONTENT = (_w(n) for n in ("drawing", "pict", "object", "txbxContent"))
W_FOOTNOTEREF, W_ENDNOTEREF = _w("footnoteReference"), _w("endnoteReference")
W_B, W_VANISH, W_JC, W_NUMPR, W_ILVL, W_NUMID, W_OUTLINELVL = (
    _w(n) for n in ("b", "vanish", "jc", "numPr", "ilvl", "numId", "outlineLvl"))
W_TRPR, W_VAL, W_TYPE, W_ID = _w("trPr"), _w("val"), _w("type"), _w("id")
MC_ALT, MC_CHOICE, MC_FALLBACK = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"
A_BLIP = f"{{{A_NS}}}blip"
V_IMAGEDATA = f"{{{V_NS}}}imagedata"
M_OMATH, M_OMATHPARA, M_T = f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara", f"{{{M_NS}}}t"
R_EMBED, R_LINK, R_ID = f"{{{R_NS}}}embed", f"{{{R_NS}}}link", f"{{{R_NS}}}id"
O_RELID = f"{{{O_NS}}}relid"

RESAVE = "请用 Word/WPS 重新打开并另存为 .docx 后重新提交"
HEADER_BYTES = 64 * 1024  # JPEG headers (with EXIF) and PNG IHDR fit in this
# Containers whose runs are part of the text (accept-all view).
_INLINE_DESCEND = {W_HYPERLINK, W_INS, W_MOVETO, W_SMARTTAG, W_FLDSIMPLE, W_CUSTOMXML, W_DIR, W_BDO}
_REVISION_TAGS = (W_INS, W_DEL, W_MOVEFROM, W_MOVETO)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_ZERO_WIDTH[0xA0] = " "
_OFF = {"0", "false", "off", "none"}

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_CAPTION_TEXT = re.compile(r"^图\s*[0-9０-９一二三四五六七八九十]+")
_HEADER_PART = re.compile(r"^word/header\d*\.xml$", re.IGNORECASE)
_FOOTER_PART = re.compile(r"^word/footer\d*\.xml$", re.IGNORECASE)


# ---------------------------------------------------------------- XML parsing

def _parse_xml(data: bytes, part: str) -> etree._Element:
    """Parse one package part safely; DTDs (XXE, entity expansion) and malformed XML become ReadError."""
    head = data[:2]
    probe = data.decode("utf-16", "replace").encode("utf-8") if head in (b"\xff\xfe", b"\xfe\xff") else data
    if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe:
        raise ReadError(
            "unreadable",
            f"文件内部的“{part}”含有 DTD/实体声明（DOCTYPE），正常的 Word 文档不会有，可能是被恶意构造的文件，"
            f"已拒绝读取。{RESAVE}。",
        )
    if b"purl.oclc.org/ooxml/" in probe[:4096]:
        for strict, transitional in STRICT_NS.items():
            data = data.replace(strict, transitional)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        reason = _xml_reason(str(exc))
        raise ReadError(
            "unreadable", f"文件内部的“{part}”不是有效的 XML（{reason}），文件可能已损坏或不完整。{RESAVE}。"
        ) from None
    if root is None or root.getroottree().docinfo.doctype:
        raise ReadError("unreadable", f"文件内部的“{part}”含有 DTD 声明或为空，已拒绝读取。{RESAVE}。")
    return root


_XML_REASONS = (
    ("Excessive depth", "嵌套层次过深"), ("Document is empty", "内容是空的"), ("Start tag expected", "内容不是 XML 文本"),
    ("tag mismatch", "标签不配对"), ("Premature end", "内容不完整，像是被截断了"), ("not proper UTF-8", "含有无效的 UTF-8 字符"),
    ("Extra content at the end", "结尾有多余内容"), ("xmlParseEntityRef", "含有未转义的 & 字符"),
)


def _xml_reason(message: str) -> str:
    """lxml's English parser message as a short Chinese reason."""
    for english, chinese in _XML_REASONS:
        if english.lower() in message.lower():
            return chinese
    return "格式错误"


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(W_VAL, default)


def _on(el: etree._Element | None) -> bool | None:
    """A toggle property (w:b, w:vanish): None when absent."""
    if el is None:
        return None
    return (el.get(W_VAL) or "true").lower() not in _OFF


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _norm(text: str) -> str:
    return text.translate(_ZERO_WIDTH).strip()


# ---------------------------------------------------------------- styles

@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    jc: str | None = None
    bold: bool | None = None
    vanish: bool | None = None


@dataclass
class _Resolved:
    """A style with its basedOn chain folded in."""

    style_id: str
    name: str
    heading_name: str  # name that decides headings (own name, else an ancestor's heading name)
    num_id: str | None
    ilvl: int | None
    outline: int | None
    centered: bool
    bold: bool
    vanish: bool


def _style_from_element(st: etree._Element, sid: str) -> _Style:
    s = _Style(name=_val(st.find(_w("name")), sid) or sid, based_on=_val(st.find(_w("basedOn"))))
    ppr = st.find(W_PPR)
    if ppr is not None:
        numpr = ppr.find(W_NUMPR)
        if numpr is not None:
            s.num_id = _val(numpr.find(W_NUMID))
            s.ilvl = _int(_val(numpr.find(W_ILVL)))
        s.outline = _int(_val(ppr.find(W_OUTLINELVL)))
        s.jc = _val(ppr.find(W_JC))
    rpr = st.find(W_RPR)
    if rpr is not None:
        s.bold = _on(rpr.find(W_B))
        s.vanish = _on(rpr.find(W_VANISH))
    return s


_STYLE_ATTRS = re.compile(rb"""\sw:(styleId|type|default)\s*=\s*["']([^"']*)["']""")


class _Styles:
    """styles.xml, resolved lazily: a document uses a handful of the hundreds of styles a template defines.

    For the usual ``w:`` prefix the part is indexed by byte offsets and only the ``<w:style>``
    elements a document uses are parsed (python-docx's template has a 350 KB styles.xml);
    anything unusual falls back to parsing the whole part.
    """

    def __init__(self, data: bytes | None, part: str = "word/styles.xml"):
        self._parsed: dict[str, _Style | None] = {}
        self._trees: dict[str, etree._Element] = {}
        self._spans: dict[str, tuple[int, int]] = {}
        self._data = b""
        self._wrap = (b"", b"")
        self.part = part
        self.default_para: str | None = None
        self.default_bold = False
        self._cache: dict[tuple[str, str | None], _Resolved] = {}
        if not data:
            return
        if not self._index(data):
            self._load_tree(_parse_xml(data, part))

    def _index(self, data: bytes) -> bool:
        head = re.search(rb"<w:styles\b[^>]*>", data[:4096])
        if head is None or W_NS.encode() not in head.group() or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            return False
        self._data = data
        self._wrap = (head.group(), b"</w:styles>")
        pos = head.end()
        while True:
            start = data.find(b"<w:style", pos)
            if start < 0:
                break
            tag_end = data.find(b">", start)
            if tag_end < 0:
                return False
            after = data[start + 8:start + 9]
            if after in (b" ", b">", b"/", b"\t", b"\n", b"\r"):  # <w:style …>, not <w:styles>/<w:styleId>
                start_tag = data[start:tag_end + 1]
                if start_tag.endswith(b"/>"):
                    end = tag_end + 1
                else:
                    close = data.find(b"</w:style>", tag_end)
                    if close < 0:
                        return False
                    end = close + len(b"</w:style>")
                attrs = dict(_STYLE_ATTRS.findall(start_tag))
                if b"styleId" in attrs:
                    sid = attrs[b"styleId"].decode("utf-8", "replace")
                    kind = attrs.get(b"type", b"paragraph").decode("utf-8", "replace")
                    self._spans.setdefault(f"{kind}:{sid}", (start, end))
                    default = attrs.get(b"default", b"").lower()
                    if kind == "paragraph" and default in (b"1", b"true", b"on") and self.default_para is None:
                        self.default_para = sid
                pos = end
            else:
                pos = tag_end + 1
        dd_start = data.find(b"<w:docDefaults")
        if dd_start >= 0:
            dd_end = data.find(b"</w:docDefaults>", dd_start)
            if dd_end < 0:
                return False
            frag = self._fragment(dd_start, dd_end + len(b"</w:docDefaults>"))
            if frag is None:
                return False
            self._read_defaults(frag)
        return True

    def _fragment(self, start: int, end: int) -> etree._Element | None:
        try:
            root = _parse_xml(self._wrap[0] + self._data[start:end] + self._wrap[1], self.part)
        except ReadError:
            return None
        return root[0] if len(root) else None

    def _read_defaults(self, doc_defaults: etree._Element) -> None:
        rpr = doc_defaults.find(f"{_w('rPrDefault')}/{W_RPR}")
        if rpr is not None:
            self.default_bold = bool(_on(rpr.find(W_B)))

    def _load_tree(self, root: etree._Element) -> None:
        self._spans = {}
        self._data = b""
        defaults = root.find(_w("docDefaults"))
        if defaults is not None:
            self._read_defaults(defaults)
        for st in root.iter(_w("style")):
            sid = st.get(_w("styleId"))
            if not sid:
                continue
            kind = st.get(W_TYPE, "paragraph")
            self._trees.setdefault(f"{kind}:{sid}", st)
            if kind == "paragraph" and (st.get(_w("default")) or "").lower() in ("1", "true", "on"):
                self.default_para = self.default_para or sid

    def get(self, key: str) -> _Style | None:
        """The raw style ``kind:styleId`` (own properties only), or None."""
        if key in self._parsed:
            return self._parsed[key]
        element = self._trees.get(key)
        if element is None and key in self._spans:
            element = self._fragment(*self._spans[key])
            if element is None:  # an odd fragment: fall back to the whole part, once
                data = self._data
                self._load_tree(_parse_xml(data, self.part))
                self._parsed.clear()
                return self.get(key)
        style = _style_from_element(element, key.split(":", 1)[1]) if element is not None else None
        self._parsed[key] = style
        return style

    def has(self, key: str) -> bool:
        return key in self._spans or key in self._trees

    def resolve(self, sid: str | None, kind: str = "paragraph") -> _Resolved:
        sid = sid if sid and self.has(f"{kind}:{sid}") else (self.default_para if kind == "paragraph" else None)
        key = (kind, sid)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        chain: list[_Style] = []
        seen: set[str] = set()
        cur = sid
        while cur and cur not in seen and len(chain) < 32:  # basedOn loops exist in the wild
            seen.add(cur)
            st = self.get(f"{kind}:{cur}")
            if st is None:
                break
            chain.append(st)
            cur = st.based_on

        def first(attr: str):
            for st in chain:
                value = getattr(st, attr)
                if value is not None:
                    return value
            return None

        name = chain[0].name if chain else ""
        heading_name = next((st.name for st in chain if _heading_level_from_name(st.name) is not None), name)
        numbering_style = next((st for st in chain if st.num_id is not None), None)
        bold = first("bold")
        res = _Resolved(
            style_id=sid or "",
            name=name,
            heading_name=heading_name,
            num_id=numbering_style.num_id if numbering_style else None,
            ilvl=first("ilvl"),
            outline=first("outline"),
            centered=first("jc") == "center",
            bold=self.default_bold if bold is None else bold,
            vanish=bool(first("vanish")),
        )
        self._cache[key] = res
        return res


def _heading_level_from_name(name: str) -> int | None:
    n = name.strip()
    if n.lower() == "title" or n == "标题":
        return 0
    m = _HEADING_NAME.match(n)
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------- numbering

_CN_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int) -> str:
    """Chinese counting numerals as Word draws them: 十, 十一, 二十, 一百零一."""
    if n <= 0:
        return str(n)
    if n >= 100000:
        return str(n)
    units = [(10000, "万"), (1000, "千"), (100, "百"), (10, "十")]
    out = []
    rest = n
    zero_pending = False
    for value, unit in units:
        digit, rest = divmod(rest, value)
        if digit:
            if zero_pending:
                out.append("零")
                zero_pending = False
            if not (value == 10 and digit == 1 and not out):  # 10-19 read 十, 十一
                out.append(_CN_DIGITS[digit])
            out.append(unit)
        elif out:
            zero_pending = True
    if rest:
        if zero_pending:
            out.append("零")
        out.append(_CN_DIGITS[rest])
    return "".join(out)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting",
                    "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting", "japaneseLegal",
                    "ideographLegalTraditional", "koreanLegal", "japaneseDigitalTenThousand"}


def format_number(n: int, fmt: str) -> str:
    """One level's number in ``fmt`` (w:numFmt)."""
    if fmt in _CHINESE_FORMATS:
        return _chinese(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "koreanDigital"):
        return "".join("〇" if c == "0" else _CN_DIGITS[int(c)] for c in str(n))
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
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    return str(n)  # decimal, ordinal, cardinalText… read as digits


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    legal: bool = False
    pstyle: str | None = None


@dataclass
class _Counter:
    values: list[int | None] = field(default_factory=lambda: [None] * 9)
    pending_start: dict[int, int] = field(default_factory=dict)
    nums_seen: set[str] = field(default_factory=set)


def _read_level(lvl: etree._Element, base: _Level | None = None) -> _Level:
    out = _Level(**vars(base)) if base else _Level()
    start = _int(_val(lvl.find(_w("start"))))
    if start is not None:
        out.start = start
    fmt = lvl.find(_w("numFmt"))
    if fmt is not None:
        out.fmt = _val(fmt, "decimal") or "decimal"
    if lvl.find(_w("lvlPicBulletId")) is not None:
        out.fmt = "bullet"
    text = lvl.find(_w("lvlText"))
    if text is not None:
        out.text = text.get(W_VAL, "")
    restart = lvl.find(_w("lvlRestart"))
    if restart is not None:
        out.restart = _int(_val(restart))
    legal = lvl.find(_w("isLgl"))
    if legal is not None:
        out.legal = bool(_on(legal))
    ps = lvl.find(W_PSTYLE)
    if ps is not None:
        out.pstyle = _val(ps)
    return out


class _Numbering:
    """numbering.xml: computes the label Word draws for each numbered paragraph, in document order."""

    def __init__(self, root: etree._Element | None, styles: _Styles):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNum with numStyleLink → style id
        self.nums: dict[str, tuple[str, dict[int, tuple[int | None, _Level | None]]]] = {}
        self.pstyle_levels: dict[str, tuple[str, int]] = {}  # style id → (numId, ilvl) from lvl/pStyle
        self.counters: dict[str, _Counter] = {}
        self.styles = styles
        if root is None:
            return
        for an in root.iter(_w("abstractNum")):
            aid = an.get(_w("abstractNumId"))
            if aid is None:
                continue
            levels = {}
            for lvl in an.iter(_w("lvl")):
                ilvl = _int(lvl.get(W_ILVL), 0) or 0
                if 0 <= ilvl < 9:
                    levels[ilvl] = _read_level(lvl)
            self.abstract[aid] = levels
            link = _val(an.find(_w("numStyleLink")))
            if link:
                self.style_link[aid] = link
        for num in root.iter(_w("num")):
            nid = num.get(_w("numId"))
            aid = _val(num.find(_w("abstractNumId")))
            if nid is None or aid is None:
                continue
            overrides: dict[int, tuple[int | None, _Level | None]] = {}
            for ov in num.iter(_w("lvlOverride")):
                ilvl = _int(ov.get(W_ILVL), 0) or 0
                start = _int(_val(ov.find(_w("startOverride"))))
                lvl_el = ov.find(_w("lvl"))
                overrides[ilvl] = (start, _read_level(lvl_el) if lvl_el is not None else None)
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

    def label(self, ppr: etree._Element | None, style: _Resolved) -> str:
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            numpr = ppr.find(W_NUMPR)
            if numpr is not None:
                num_id = _val(numpr.find(W_NUMID))
                ilvl = _int(_val(numpr.find(W_ILVL)))
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
        counter = self.counters.setdefault(aid, _Counter())
        if num_id not in counter.nums_seen:
            counter.nums_seen.add(num_id)
            for lv, (start, lvl_override) in overrides.items():
                if start is not None or lvl_override is not None:
                    if 0 <= lv < 9:
                        counter.values[lv] = None
                        counter.pending_start[lv] = start if start is not None else levels.get(lv, _Level()).start
        level = levels.get(ilvl, _Level())
        if counter.values[ilvl] is None:
            counter.values[ilvl] = counter.pending_start.pop(ilvl, level.start)
        else:
            counter.values[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            restart = levels.get(deeper, _Level()).restart
            limit = deeper if restart is None else restart
            if ilvl < limit:
                counter.values[deeper] = None
        if level.fmt in ("bullet", "none") or not level.text:
            return ""

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            lv = levels.get(k, _Level())
            value = counter.values[k]
            if value is None:
                value = lv.start
            if lv.fmt == "none":
                return ""
            return format_number(value, "decimal" if level.legal and k < ilvl else lv.fmt)

        return _norm(re.sub(r"%([1-9])", number, level.text))


# ---------------------------------------------------------------- w:sym

_SYMBOL_FONT = dict(zip(range(0x20, 0x7F), " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_"
                                           "‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼"))
_SYMBOL_FONT.update(zip(range(0xA0, 0xE6), "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓◊〈®©™∑"))
_SYMBOL_FONT.update({0xF1: "〉", 0xF2: "∫"})
_WINGDINGS = {0xFC: "✓", 0xFB: "✗", 0xFE: "☑", 0xFD: "☒", 0x6F: "□", 0xA8: "□", 0x6C: "●", 0x9F: "•", 0x6E: "■",
              0xA7: "▪", 0x71: "❑", 0xD8: "➢", 0xE0: "→"}


def _sym(el: etree._Element) -> str:
    raw = el.get(_w("char")) or ""
    if not _is_hex(raw):
        return ""
    code = int(raw, 16)
    font = (el.get(_w("font")) or "").lower()
    low = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    if 0xF000 <= code <= 0xF0FF or code < 0x100:
        if "symbol" in font:
            return _SYMBOL_FONT.get(low, "")
        if "wingdings" in font or "webdings" in font:
            return _WINGDINGS.get(low, "")
        return chr(low) if 0x20 <= low < 0x7F else ""
    if 0xE000 <= code <= 0xF8FF or code < 0x20 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return ""
    return chr(code)


_SYMBOL_PUA = re.compile("[\uf000-\uf0ff]")


def _map_symbol_text(text: str, rpr: etree._Element | None) -> str:
    """Symbol/Wingdings glyphs typed as U+F0xx: map to Unicode where known, else drop (never show PUA boxes)."""
    fonts = ""
    if rpr is not None:
        rfonts = rpr.find(_w("rFonts"))
        if rfonts is not None:
            fonts = " ".join(v for v in rfonts.attrib.values()).lower()
    table = _SYMBOL_FONT if "symbol" in fonts else _WINGDINGS if "wingdings" in fonts else {}
    return _SYMBOL_PUA.sub(lambda m: table.get(ord(m.group()) - 0xF000, ""), text)


def _is_hex(text: str | None) -> bool:
    return bool(text) and len(text) <= 8 and all(c in "0123456789abcdefABCDEF" for c in text)


# ---------------------------------------------------------------- reading

@dataclass
class _Para:
    """What one paragraph yields while its runs are walked."""

    parts: list[str] = field(default_factory=list)
    # (text length when the picture was met, image block or None)
    images: list[tuple[int, Block]] = field(default_factory=list)
    textboxes: list[etree._Element] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    default_bold: bool = False
    all_bold: bool = True
    has_text: bool = False
    length: int = 0

    def add(self, text: str, bold: bool) -> None:
        text = text.translate(ZERO_WIDTH)
        self.parts.append(text)
        self.length += len(text)
        if text.strip():
            self.has_text = True
            if not bold:
                self.all_bold = False


class _DocxReader:
    def __init__(self, path: Path, data: bytes, config: Config, kind: str, keep_images: bool):
        self.path = path
        self.config = config
        self.kind = kind
        self.keep_images = keep_images
        self.zip: SafeZip = open_zip(data, config)
        self.findings: list[Finding] = []
        self.blocks: list[Block] = []
        self.fld: list[bool] = []  # complex-field stack: True once past "separate" (result part)
        self.fld_hidden = 0  # how many open fields are still in their instruction part
        self.image_cache: dict[str, tuple[Image | str, bytes | None]] = {}
        self.note_blocks: set[int] = set()
        self.notes_text: dict[str, dict[str, str]] = {}
        self.finding_anchor: list[tuple[Finding, Block | None]] = []
        self.rels: dict[str, tuple[str, bool]] = {}
        self.rels_by_type: dict[str, list[str]] = {}
        self.text_only = False  # notes and headers: their pictures use other rels and are not case content

    # -- package

    def _part(self, name: str, required: bool = False) -> etree._Element | None:
        if self.zip.find(name) is None:
            if required:
                raise ReadError("unreadable", f"文件中缺少 Word 正文（{name}），可能已损坏或不是 Word 文档。{RESAVE}。")
            return None
        return _parse_xml(self.zip.read(name), name)

    def _main_part(self) -> str:
        rels = self._part("_rels/.rels")
        if rels is not None:
            for rel in rels.iter(f"{{{PR_NS}}}Relationship"):
                if (rel.get("Type") or "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                    target = posixpath.normpath((rel.get("Target") or "").lstrip("/"))
                    if target and not target.startswith("..") and self.zip.find(target):
                        return self.zip.find(target) or target
        return self.zip.find("word/document.xml") or "word/document.xml"

    def _load_rels(self, main: str) -> None:
        folder, name = posixpath.split(main)
        rels = self._part(posixpath.join(folder, "_rels", name + ".rels"))
        if rels is None:
            return
        for rel in rels.iter(f"{{{PR_NS}}}Relationship"):
            rid, target = rel.get("Id"), rel.get("Target") or ""
            external = (rel.get("TargetMode") or "").lower() == "external"
            if not rid:
                continue
            if not external:
                target = posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join(folder, target))
            self.rels[rid] = (target, external)
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            if not external:
                self.rels_by_type.setdefault(kind, []).append(target)

    def _typed_name(self, kind: str, fallback: str) -> str | None:
        for target in self.rels_by_type.get(kind, []):
            if self.zip.find(target):
                return self.zip.find(target)
        return self.zip.find(fallback)

    def _typed_part(self, kind: str, fallback: str) -> etree._Element | None:
        name = self._typed_name(kind, fallback)
        return self._part(name) if name else None

    # -- entry

    def read(self) -> SourceDocument:
        main = self._main_part()
        root = self._part(main, required=True)
        body = root.find(W_BODY) if root is not None else None
        if body is None:
            raise ReadError("unreadable", f"Word 正文（{main}）中没有 w:body 部分，文件可能已损坏。{RESAVE}。")
        self._load_rels(main)
        styles_part = self._typed_name("styles", "word/styles.xml")
        self.styles = _Styles(self.zip.read(styles_part) if styles_part else None, styles_part or "")
        self.numbering = _Numbering(self._typed_part("numbering", "word/numbering.xml"), self.styles)
        self._walk(body)
        self._merge_captions()
        blocks = self.blocks
        for i, block in enumerate(blocks, 1):
            block.line = i
        lines = {id(b): b.line for b in blocks}
        for finding, anchor in self.finding_anchor:
            if anchor is not None:
                finding.line = lines.get(id(anchor))
        doc = SourceDocument(path=self.path, format=self.kind, blocks=blocks, header_text=self._header_text(),
                             footer_text=self._header_text(_FOOTER_PART))
        if self.kind == "docm":
            doc.findings.append(Finding(
                "macro-document", Severity.WARNING,
                "这是启用宏的文档（.docm）：jlt 只读取其中的文字，宏不会运行，也不会被提取。"
                "请在 Word/WPS 中另存为不含宏的 .docx 后重新提交。"))
        if self._has_revisions(body):
            doc.findings.append(Finding(
                "tracked-changes", Severity.WARNING,
                "文档中仍有修订痕迹/批注，jlt 按“接受全部修订”后的文字读取，请在 Word 中接受或拒绝所有修订、"
                "删除批注后重新提交。"))
        doc.findings.extend(self.findings)
        return doc

    def _has_revisions(self, body: etree._Element) -> bool:
        if next(body.iter(*_REVISION_TAGS), None) is not None:
            return True
        comments = self._typed_part("comments", "word/comments.xml")
        return comments is not None and next(comments.iter(_w("comment")), None) is not None

    # -- block level

    def _walk(self, container: etree._Element) -> None:
        """Emit the blocks of a body-like container (body, sdtContent, cell, text box) in order."""
        for child in container:
            tag = child.tag
            if tag == W_P:
                self._paragraph(child)
            elif tag == W_TBL:
                self._table(child)
            elif tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    self._walk(content)
            elif tag in (W_CUSTOMXML, W_INS, W_MOVETO, W_SMARTTAG):
                self._walk(child)
            elif tag == MC_ALT:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    self._walk(choice)

    def _paragraph(self, p: etree._Element) -> None:
        first_finding = len(self.finding_anchor)
        ppr = p.find(W_PPR)
        style = self.styles.resolve(_val(ppr.find(W_PSTYLE)) if ppr is not None else None)
        label = self.numbering.label(ppr, style)
        para = _Para(default_bold=style.bold)
        self._inline(p, para)
        # a paragraph's instruction-only fields cannot run on: drop them so one broken field does not hide the rest
        if self.fld_hidden:
            self.fld = [f for f in self.fld if f]
            self.fld_hidden = 0
        text = _norm("".join(para.parts))
        # pictures met before any text come first, the rest after the paragraph
        joined = "".join(para.parts)
        before = [b for pos, b in para.images if not joined[:pos].strip()]
        after = [b for pos, b in para.images if joined[:pos].strip()]
        self.blocks.extend(before)
        if text:
            block = Block(BlockKind.PARAGRAPH, text=text, style=style.name, label=label,
                          bold=para.has_text and para.all_bold, centered=self._centered(ppr, style))
            level = _heading_level_from_name(style.heading_name)
            if level is None:
                outline = _int(_val(ppr.find(W_OUTLINELVL))) if ppr is not None else None
                if outline is None:
                    outline = style.outline
                if outline is not None and 0 <= outline < 9:
                    level = outline + 1
            if level is not None:
                block.kind = BlockKind.HEADING
                block.level = level
            self.blocks.append(block)
            self._reanchor(first_finding, block)
        self.blocks.extend(after)
        for box in para.textboxes:
            saved, saved_hidden = self.fld, self.fld_hidden
            self.fld, self.fld_hidden = [], 0
            start = len(self.blocks)
            self._walk(box)
            for b in self.blocks[start:]:
                if b.kind is BlockKind.HEADING:  # text-box content is plain paragraphs
                    b.kind, b.level = BlockKind.PARAGRAPH, None
            self.fld, self.fld_hidden = saved, saved_hidden
        for kind, note_id in para.notes:
            note = self._note_text(kind, note_id)
            if note:
                block = Block(BlockKind.PARAGRAPH, text=f"注：{note}", style="footnote text")
                self.note_blocks.add(id(block))
                self.blocks.append(block)

    @staticmethod
    def _centered(ppr: etree._Element | None, style: _Resolved) -> bool:
        jc = _val(ppr.find(W_JC)) if ppr is not None else None
        return jc == "center" if jc is not None else style.centered

    def _table(self, tbl: etree._Element) -> None:
        first_finding = len(self.finding_anchor)
        rows: list[list[str]] = []
        deferred: list[Block] = []
        for tr in _children(tbl, W_TR):
            trpr = tr.find(W_TRPR)
            if trpr is not None and trpr.find(W_DEL) is not None:
                continue  # a row deleted as a tracked change is gone once changes are accepted
            row = []
            for tc in _children(tr, W_TC):
                saved = self.blocks
                self.blocks = []
                self._walk(tc)
                inner, self.blocks = self.blocks, saved
                parts = []
                for b in inner:
                    if b.kind is BlockKind.IMAGE or id(b) in self.note_blocks:
                        deferred.append(b)
                    elif b.kind is BlockKind.TABLE:
                        parts.extend("\t".join(r) for r in b.rows or [])
                    else:
                        parts.append(b.display_text)
                row.append("\n".join(parts))
            rows.append(row)
        if any(any(c for c in r) for r in rows):
            block = Block(BlockKind.TABLE, text="", rows=rows)
            self.blocks.append(block)
            self._reanchor(first_finding, block)
        self.blocks.extend(deferred)

    # -- inline level

    def _inline(self, el: etree._Element, para: _Para) -> None:
        for child in el:
            tag = child.tag
            if tag == W_R:
                self._run(child, para)
            elif tag in _INLINE_DESCEND:
                self._inline(child, para)
            elif tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    self._inline(content, para)
            elif tag == MC_ALT:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    self._inline(choice, para)
            elif tag == W_RUBY:
                base = child.find(W_RUBYBASE)
                if base is not None:
                    self._inline(base, para)
            elif tag in (M_OMATHPARA, M_OMATH):
                if not self.fld_hidden:
                    para.add("".join(t.text or "" for t in child.iter(M_T)), para.default_bold)
            # w:del, w:moveFrom, w:pPr, bookmarks, comment ranges: not text

    def _run(self, r: etree._Element, para: _Para) -> None:
        bold = para.default_bold
        rpr: etree._Element | None = None
        hidden = False
        for child in r:
            tag = child.tag
            if hidden and tag != W_FLDCHAR:
                continue  # hidden text is not printed, but its field marks still count
            if tag == W_T:
                text = child.text
                if not self.fld_hidden and text:
                    if _SYMBOL_PUA.search(text):
                        text = _map_symbol_text(text, rpr)
                    para.add(text, bold)
            elif tag == W_RPR:
                rpr = child
                if _on(child.find(W_VANISH)):
                    hidden = True
                    continue
                b = _on(child.find(W_B))
                if b is None:
                    rstyle = _val(child.find(W_RSTYLE))
                    if rstyle and _char_bold_defined(self.styles, rstyle):
                        b = self.styles.resolve(rstyle, "character").bold
                if b is not None:
                    bold = b
            elif self.fld_hidden and tag != W_FLDCHAR:
                continue
            elif tag in (W_TAB, W_PTAB):
                para.add("\t", bold)
            elif tag == W_BR:
                if (child.get(W_TYPE) or "textWrapping") == "textWrapping":
                    para.add("\n", bold)
            elif tag == W_CR:
                para.add("\n", bold)
            elif tag == W_SYM:
                para.add(_sym(child), bold)
            elif tag == W_NBHYPHEN:
                para.add("-", bold)
            elif tag == W_FLDCHAR:
                self._fld_char(child.get(_w("fldCharType")))
            elif tag in (W_DRAWING, W_PICT):
                self._graphic(child, para)
            elif tag == MC_ALT:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    self._run(choice, para)
            elif tag in (W_FOOTNOTEREF, W_ENDNOTEREF):
                note_id = child.get(W_ID)
                if note_id:
                    para.notes.append(("footnotes" if tag == W_FOOTNOTEREF else "endnotes", note_id))
            # w:delText, w:instrText, w:object (OLE), w:lastRenderedPageBreak…: nothing

    def _fld_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fld.append(False)
            self.fld_hidden += 1
        elif kind == "separate":
            if self.fld and not self.fld[-1]:
                self.fld[-1] = True
                self.fld_hidden -= 1
        elif kind == "end" and self.fld:
            if not self.fld.pop():
                self.fld_hidden -= 1

    def _graphic(self, el: etree._Element, para: _Para) -> None:
        """Pictures and text boxes inside w:drawing / w:pict, skipping mc:Fallback copies."""
        stack = [el]
        found: list[etree._Element] = []
        while stack:
            node = stack.pop()
            tag = node.tag
            if tag == MC_FALLBACK or tag == W_OBJECT:
                continue
            if tag == W_TXBXCONTENT:
                found.append(node)
                continue
            if tag == A_BLIP or tag == V_IMAGEDATA:
                found.append(node)
                continue
            if isinstance(tag, str):
                stack.extend(reversed(node))
        for node in found:
            if node.tag == W_TXBXCONTENT:
                para.textboxes.append(node)
            elif not self.text_only:
                block = self._picture(node)
                if block is not None:
                    para.images.append((para.length, block))

    def _picture(self, node: etree._Element) -> Block | None:
        if node.tag == A_BLIP:
            rid, link = node.get(R_EMBED), node.get(R_LINK)
        else:
            rid, link = node.get(R_ID) or node.get(O_RELID), None
        target, external = self.rels.get(rid, ("", False)) if rid else ("", False)
        if not rid or external or not target:
            ext_target = target if external else self.rels.get(link or "", ("", False))[0]
            if not ext_target and not link:
                if rid:
                    # the picture points at a relationship the file does not have: Word shows a red cross
                    self._drop("文档中有一张图片的引用在文件里找不到（文件已损坏，Word 中显示为红叉），已略去。"
                               "请在 Word 中删除该图片后重新插入，再提交。")
                return None  # blip without any picture reference (e.g. an empty fill)
            shown = (ext_target or "外部文件")[:80]
            self._drop(f"文档中有一张链接到外部文件的图片（{shown}），jlt 不会下载外部内容，已略去。"
                       "请在 Word 中用“插入 → 图片”把图片嵌入文档（不要选“链接到文件”）后重新提交。")
            return None
        name = posixpath.basename(target)
        cached = self.image_cache.get(target)
        if cached is None:
            stored = self.zip.find(target)
            if stored is None:
                cached = ("在文件中找不到（文档已损坏），请重新插入该图片", None)
            else:
                # the header is all a check needs; the whole picture only when it is kept (or the header is long)
                data = self.zip.read(stored, limit=None if self.keep_images else HEADER_BYTES)
                result = inspect_image(data, name, self.config)
                if isinstance(result, str) and not self.keep_images and len(data) >= HEADER_BYTES:
                    data = self.zip.read(stored)
                    result = inspect_image(data, name, self.config)
                cached = (result, data if self.keep_images else None)
            self.image_cache[target] = cached
        result, data = cached
        if isinstance(result, str):
            self._drop(f"图片“{name}”{result}。该图片已略去，案例的其余内容照常读取。")
            return None
        image = Image(name=result.name, content_type=result.content_type, width=result.width,
                      height=result.height, data=data)
        return Block(BlockKind.IMAGE, image=image)

    def _drop(self, message: str) -> None:
        # anchored to the block before for now; the paragraph or table holding the picture takes it over
        finding = Finding("bad-image", Severity.WARNING, message)
        self.findings.append(finding)
        self.finding_anchor.append((finding, self.blocks[-1] if self.blocks else None))

    def _reanchor(self, start: int, block: Block) -> None:
        for i in range(start, len(self.finding_anchor)):
            self.finding_anchor[i] = (self.finding_anchor[i][0], block)

    # -- notes, captions, headers

    def _note_text(self, kind: str, note_id: str) -> str:
        notes = self.notes_text.get(kind)
        if notes is None:
            notes = {}
            root = self._typed_part(kind, f"word/{kind}.xml")
            if root is not None:
                tag = _w(kind[:-1])  # footnote / endnote
                for note in root.iter(tag):
                    if note.get(W_TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
                        continue
                    nid = note.get(W_ID)
                    if nid is not None:
                        notes[nid] = self._plain_text(note, " ")
            self.notes_text[kind] = notes
        return notes.get(note_id, "")

    def _plain_text(self, container: etree._Element, sep: str = "\n") -> str:
        """Text of a container walked like the body, pictures and notes left out."""
        saved = (self.blocks, self.fld, self.fld_hidden, self.findings, self.finding_anchor)
        self.blocks, self.fld, self.fld_hidden, self.findings, self.finding_anchor = [], [], 0, [], []
        saved_numbering, saved_text_only = self.numbering, self.text_only
        self.numbering = _Numbering(None, self.styles)  # notes and headers do not advance body lists
        self.text_only = True
        try:
            self._walk(container)
            parts = []
            for b in self.blocks:
                if b.kind is BlockKind.TABLE:
                    parts.extend("\t".join(c for c in r if c) for r in b.rows or [])
                elif b.kind is not BlockKind.IMAGE:
                    parts.append(b.display_text)
        finally:
            self.blocks, self.fld, self.fld_hidden, self.findings, self.finding_anchor = saved
            self.numbering, self.text_only = saved_numbering, saved_text_only
        return sep.join(p for p in parts if p.strip())

    def _header_text(self, part: re.Pattern = _HEADER_PART) -> str:
        names = [n for n in self.zip.names() if part.match(n)]
        names.sort(key=lambda n: (len(n), n))
        lines: list[str] = []
        for name in names:
            root = self._part(name)
            if root is None:
                continue
            for line in self._plain_text(root).split("\n"):
                line = _norm(line)
                if line and line not in lines:
                    lines.append(line)
        return "\n".join(lines)

    def _merge_captions(self) -> None:
        out: list[Block] = []
        blocks = self.blocks
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if block.kind is BlockKind.IMAGE and block.image is not None:
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                prev = out[-1] if out else None
                if nxt is not None and self._is_caption(nxt):
                    block.image.caption = nxt.display_text
                    out.append(block)
                    i += 2
                    continue
                if prev is not None and prev.text.startswith("图") and self._is_caption(prev):
                    block.image.caption = prev.display_text
                    out.pop()
            out.append(block)
            i += 1
        self.blocks = out

    def _is_caption(self, block: Block) -> bool:
        if block.kind is not BlockKind.PARAGRAPH or id(block) in self.note_blocks:
            return False
        if block.style.strip().lower() in ("caption", "题注"):
            return True
        text = block.display_text
        if _CAPTION_TEXT.match(text):
            return True
        # a short centred line under a picture is its caption, unless it reads like a metadata line
        # (报送单位：…) or a bold heading that happens to follow a logo
        return (len(text) <= 40 and block.centered and not block.bold and not block.label
                and not re.search("[：:]", text[:12]))


def _char_bold_defined(styles: _Styles, rstyle: str) -> bool:
    """Whether a character style (or its ancestors) says anything about bold."""
    seen: set[str] = set()
    cur: str | None = rstyle
    while cur and cur not in seen:
        seen.add(cur)
        st = styles.get(f"character:{cur}")
        if st is None:
            return False
        if st.bold is not None:
            return True
        cur = st.based_on
    return False


def _children(el: etree._Element, tag: str):
    """Children with ``tag``, looking through row/cell-level content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (W_SDT, W_CUSTOMXML, W_SDTCONTENT, W_INS, W_MOVETO):
            inner = child.find(W_SDTCONTENT) if child.tag == W_SDT else child
            if inner is not None:
                yield from _children(inner, tag)


def read_docx(path: Path, data: bytes, config: Config, kind: str = "docx", keep_images: bool = False) -> SourceDocument:
    """Read a .docx/.docm/.dotx file (bytes already loaded) into a SourceDocument; problems raise ReadError."""
    try:
        reader = _DocxReader(path, data, config, kind, keep_images)
        try:
            doc = reader.read()
        finally:
            reader.zip.close()
        if not doc.blocks:
            # a blank attachment: say so, not "this is not a case"
            raise ReadError("empty-file", "文档是空白的，没有任何内容，可能发错了附件。请检查后重新提交案例的 Word 文件。")
        return doc
    except ReadError:
        raise
    except RecursionError:
        raise ReadError("unreadable", f"文件结构嵌套过深（如表格层层嵌套），无法解析。{RESAVE}。") from None
    except MemoryError:
        raise ReadError("unreadable", f"文件结构异常，读取时超出内存限制。{RESAVE}。") from None
    except Exception as exc:  # noqa: BLE001 - hostile input must become a finding, not a crash
        raise ReadError("unreadable", f"文件结构异常，无法解析（{type(exc).__name__}）。{RESAVE}。") from None
