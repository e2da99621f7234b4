"""OOXML plumbing for the Word reader: namespaces, tag names and safe XML parsing.

Every package part goes through ``parse_xml``: DTDs (XXE, entity expansion) and malformed XML become a
ReadError, and ISO 29500 Strict namespaces are mapped onto the transitional ones the reader knows.
"""

from __future__ import annotations

import re

from lxml import etree

from jlt_cli.base.text import INVISIBLE
from jlt_cli.model import ReadError
from jlt_cli.read.base import REPAIR_HINT

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


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


W_BODY, W_P, W_R, W_T, W_TBL, W_TR, W_TC = (w(n) for n in ("body", "p", "r", "t", "tbl", "tr", "tc"))
W_PPR, W_RPR, W_PSTYLE, W_RSTYLE = (w(n) for n in ("pPr", "rPr", "pStyle", "rStyle"))
W_SDT, W_SDTCONTENT, W_CUSTOMXML, W_SMARTTAG = (w(n) for n in ("sdt", "sdtContent", "customXml", "smartTag"))
W_HYPERLINK, W_FLDSIMPLE, W_INS, W_DEL, W_MOVEFROM, W_MOVETO = (
    w(n) for n in ("hyperlink", "fldSimple", "ins", "del", "moveFrom", "moveTo"))
W_DIR, W_BDO, W_RUBY, W_RUBYBASE = (w(n) for n in ("dir", "bdo", "ruby", "rubyBase"))
W_TAB, W_PTAB, W_BR, W_CR, W_SYM, W_NBHYPHEN, W_FLDCHAR = (
    w(n) for n in ("tab", "ptab", "br", "cr", "sym", "noBreakHyphen", "fldChar"))
W_DRAWING, W_PICT, W_OBJECT, W_TXBXCONTENT = (w(n) for n in ("drawing", "pict", "object", "txbxContent"))
W_FOOTNOTEREF, W_ENDNOTEREF = w("footnoteReference"), w("endnoteReference")
W_B, W_VANISH, W_JC, W_NUMPR, W_ILVL, W_NUMID, W_OUTLINELVL = (
    w(n) for n in ("b", "vanish", "jc", "numPr", "ilvl", "numId", "outlineLvl"))
W_TRPR, W_VAL, W_TYPE, W_ID = w("trPr"), w("val"), w("type"), w("id")
MC_ALT, MC_CHOICE, MC_FALLBACK = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"
A_BLIP = f"{{{A_NS}}}blip"
V_IMAGEDATA = f"{{{V_NS}}}imagedata"
M_OMATH, M_OMATHPARA, M_T = f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara", f"{{{M_NS}}}t"
R_EMBED, R_LINK, R_ID = f"{{{R_NS}}}embed", f"{{{R_NS}}}link", f"{{{R_NS}}}id"
O_RELID = f"{{{O_NS}}}relid"

HEADER_BYTES = 64 * 1024  # JPEG headers (with EXIF) and PNG IHDR fit in this
# Containers whose runs are part of the text (accept-all view).
INLINE_DESCEND = {W_HYPERLINK, W_INS, W_MOVETO, W_SMARTTAG, W_FLDSIMPLE, W_CUSTOMXML, W_DIR, W_BDO}
REVISION_TAGS = (W_INS, W_DEL, W_MOVEFROM, W_MOVETO)
# Word's non-breaking space reads as a space; the invisible characters are dropped.
_DROP = dict.fromkeys(map(ord, INVISIBLE))
_DROP[0xA0] = " "
OFF = {"0", "false", "off", "none"}

HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
CAPTION_TEXT = re.compile(r"^图\s*[0-9０-９一二三四五六七八九十]+")
HEADER_PART = re.compile(r"^word/header\d*\.xml$", re.IGNORECASE)
FOOTER_PART = re.compile(r"^word/footer\d*\.xml$", re.IGNORECASE)


def parse_xml(data: bytes, part: str) -> etree._Element:
    """Parse one package part safely; DTDs (XXE, entity expansion) and malformed XML become ReadError."""
    head = data[:2]
    probe = data.decode("utf-16", "replace").encode("utf-8") if head in (b"\xff\xfe", b"\xfe\xff") else data
    if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe:
        raise ReadError(
            "unreadable",
            f"文件内部的“{part}”含有 DTD/实体声明（DOCTYPE），正常的 Word 文档不会有，可能是被恶意构造的文件，"
            f"已拒绝读取。{REPAIR_HINT}。",
        )
    if b"purl.oclc.org/ooxml/" in probe[:4096]:
        for strict, transitional in STRICT_NS.items():
            data = data.replace(strict, transitional)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        reason = xml_reason(str(exc))
        raise ReadError(
            "unreadable", f"文件内部的“{part}”不是有效的 XML（{reason}），文件可能已损坏或不完整。{REPAIR_HINT}。"
        ) from None
    if root is None or root.getroottree().docinfo.doctype:
        raise ReadError("unreadable", f"文件内部的“{part}”含有 DTD 声明或为空，已拒绝读取。{REPAIR_HINT}。")
    return root


XML_REASONS = (
    ("Excessive depth", "嵌套层次过深"), ("Document is empty", "内容是空的"), ("Start tag expected", "内容不是 XML 文本"),
    ("tag mismatch", "标签不配对"), ("Premature end", "内容不完整，像是被截断了"), ("not proper UTF-8", "含有无效的 UTF-8 字符"),
    ("Extra content at the end", "结尾有多余内容"), ("xmlParseEntityRef", "含有未转义的 & 字符"),
)


def xml_reason(message: str) -> str:
    """lxml's English parser message as a short Chinese reason."""
    for english, chinese in XML_REASONS:
        if english.lower() in message.lower():
            return chinese
    return "格式错误"


def val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(W_VAL, default)


def on(el: etree._Element | None) -> bool | None:
    """A toggle property (w:b, w:vanish): None when absent."""
    if el is None:
        return None
    return (el.get(W_VAL) or "true").lower() not in OFF


def to_int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def norm(text: str) -> str:
    return text.translate(_DROP).strip()



def is_hex(text: str | None) -> bool:
    return bool(text) and len(text) <= 8 and all(c in "0123456789abcdefABCDEF" for c in text)



def children(el: etree._Element, tag: str):
    """Children with ``tag``, looking through row/cell-level content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (W_SDT, W_CUSTOMXML, W_SDTCONTENT, W_INS, W_MOVETO):
            inner = child.find(W_SDTCONTENT) if child.tag == W_SDT else child
            if inner is not None:
                yield from children(inner, tag)
