"""styles.xml for the Word reader: which paragraphs are headings, bold, centred or numbered by style."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from jlt_cli.model import ReadError
from jlt_cli.read.docx.ooxml import (
    HEADING_NAME, W_B, W_ILVL, W_JC, W_NS, W_NUMID, W_NUMPR, W_OUTLINELVL, W_PPR, W_RPR, W_TYPE, W_VANISH, on, parse_xml,
    to_int, val, w,
)


@dataclass
class Style:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    jc: str | None = None
    bold: bool | None = None
    vanish: bool | None = None


@dataclass
class ResolvedStyle:
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


def style_from_element(st: etree._Element, sid: str) -> Style:
    s = Style(name=val(st.find(w("name")), sid) or sid, based_on=val(st.find(w("basedOn"))))
    ppr = st.find(W_PPR)
    if ppr is not None:
        numpr = ppr.find(W_NUMPR)
        if numpr is not None:
            s.num_id = val(numpr.find(W_NUMID))
            s.ilvl = to_int(val(numpr.find(W_ILVL)))
        s.outline = to_int(val(ppr.find(W_OUTLINELVL)))
        s.jc = val(ppr.find(W_JC))
    rpr = st.find(W_RPR)
    if rpr is not None:
        s.bold = on(rpr.find(W_B))
        s.vanish = on(rpr.find(W_VANISH))
    return s


STYLE_ATTRS = re.compile(rb"""\sw:(styleId|type|default)\s*=\s*["']([^"']*)["']""")


class Styles:
    """styles.xml, resolved lazily: a document uses a handful of the hundreds of styles a template defines.

    For the usual ``w:`` prefix the part is indexed by byte offsets and only the ``<w:style>``
    elements a document uses are parsed (python-docx's template has a 350 KB styles.xml);
    anything unusual falls back to parsing the whole part.
    """

    def __init__(self, data: bytes | None, part: str = "word/styles.xml"):
        self._parsed: dict[str, Style | None] = {}
        self._trees: dict[str, etree._Element] = {}
        self._spans: dict[str, tuple[int, int]] = {}
        self._data = b""
        self._wrap = (b"", b"")
        self.part = part
        self.default_para: str | None = None
        self.default_bold = False
        self._cache: dict[tuple[str, str | None], ResolvedStyle] = {}
        if not data:
            return
        if not self._index(data):
            self._load_tree(parse_xml(data, part))

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
                attrs = dict(STYLE_ATTRS.findall(start_tag))
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
            root = parse_xml(self._wrap[0] + self._data[start:end] + self._wrap[1], self.part)
        except ReadError:
            return None
        return root[0] if len(root) else None

    def _read_defaults(self, doc_defaults: etree._Element) -> None:
        rpr = doc_defaults.find(f"{w('rPrDefault')}/{W_RPR}")
        if rpr is not None:
            self.default_bold = bool(on(rpr.find(W_B)))

    def _load_tree(self, root: etree._Element) -> None:
        self._spans = {}
        self._data = b""
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self._read_defaults(defaults)
        for st in root.iter(w("style")):
            sid = st.get(w("styleId"))
            if not sid:
                continue
            kind = st.get(W_TYPE, "paragraph")
            self._trees.setdefault(f"{kind}:{sid}", st)
            if kind == "paragraph" and (st.get(w("default")) or "").lower() in ("1", "true", "on"):
                self.default_para = self.default_para or sid

    def get(self, key: str) -> Style | None:
        """The raw style ``kind:styleId`` (own properties only), or None."""
        if key in self._parsed:
            return self._parsed[key]
        element = self._trees.get(key)
        if element is None and key in self._spans:
            element = self._fragment(*self._spans[key])
            if element is None:  # an odd fragment: fall back to the whole part, once
                data = self._data
                self._load_tree(parse_xml(data, self.part))
                self._parsed.clear()
                return self.get(key)
        style = style_from_element(element, key.split(":", 1)[1]) if element is not None else None
        self._parsed[key] = style
        return style

    def has(self, key: str) -> bool:
        return key in self._spans or key in self._trees

    def resolve(self, sid: str | None, kind: str = "paragraph") -> ResolvedStyle:
        sid = sid if sid and self.has(f"{kind}:{sid}") else (self.default_para if kind == "paragraph" else None)
        key = (kind, sid)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        chain: list[Style] = []
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
        heading_name = next((st.name for st in chain if heading_level_from_name(st.name) is not None), name)
        numbering_style = next((st for st in chain if st.num_id is not None), None)
        bold = first("bold")
        res = ResolvedStyle(
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


def heading_level_from_name(name: str) -> int | None:
    n = name.strip()
    if n.lower() == "title" or n == "标题":
        return 0
    m = HEADING_NAME.match(n)
    return int(m.group(1)) if m else None



def char_bold_defined(styles: Styles, rstyle: str) -> bool:
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
