"""``jlt feedback --annotate``: the unit's own document, with one Word comment (批注) per finding.

A unit fixes its case in its own file, so the most useful feedback is that file with each problem pinned where it
is: a comment on the paragraph concerned (on the very run for half-width punctuation), a missing part at the
heading of the part before where it belongs, a whole-file finding at the title. The author of every comment is the
issuing body (brochure.issuer); each says what is wrong and how to fix it, and “可自动修正” where jlt would make the
change itself (the punctuation rule's safe fixes).

The copy differs from the original only by the comments: every package part is copied byte for byte except
word/document.xml (which gains only comment range and reference marks, the rest serialised as it was read),
the comments part, the document's relationships and [Content_Types].xml. Positions come from the reader:
``Block.anchor`` (set by the DOCX walk) says which w:p or w:tbl a finding's block is.

Markdown and text submissions (and Word formats other than .docx) get the same list as plain text instead.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from jlt_cli.model import Block, BlockKind, Case, Finding, ReadError, Severity
from jlt_cli.outputs.common import position_label
from jlt_cli.outputs.feedback_letters import (
    ANNOTATED_SUFFIX, LIST_SUFFIX, UnitFeedback, problems_of, safe_filename, unit_message,
)
from jlt_cli.understand.punctuation import find_punctuation

if TYPE_CHECKING:
    from jlt_cli.config import Config

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
AUTO_FIX = "可自动修正"


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


W_P, W_R, W_T, W_TBL, W_PPR, W_ID = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("pPr"), _w("id")
COMMENT_MARKS = (_w("commentRangeStart"), _w("commentRangeEnd"))

# A parser that keeps the part as it is (comments, processing instructions, CDATA) but never resolves entities
# nor loads anything: the reader already refused DTDs, this is the second fence.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_blank_text=False, strip_cdata=False)


# ---------------------------------------------------------------- what each comment says


def is_auto_fixable(finding: Finding, text: str) -> bool:
    """The punctuation rule's safe fixes (what ``jlt fix`` and the brochure apply) cover this finding's text."""
    return finding.rule == "punctuation" and any(i.safe for i in find_punctuation(text))


def comment_text(case: Case, finding: Finding, block: Block | None, note: str = "") -> str:
    """What is wrong and how to fix it, in the unit's words (staff-only clauses dropped), one comment."""
    label = "必须修改" if finding.severity is Severity.ERROR else "建议修改"
    text = f"【{label}】{unit_message(finding)}{note}"
    if block is not None and is_auto_fixable(finding, _block_text(block)):
        text += f"\n【{AUTO_FIX}】这几处半角标点在汇编时会自动改为全角；在本文件中照建议修改也可以。"
    return text


def _block_text(block: Block) -> str:
    if block.kind is BlockKind.TABLE:
        return "\n".join("\t".join(r) for r in block.rows or [])
    return block.display_text


# ---------------------------------------------------------------- where each comment goes


def _read_blocks(case: Case, config: "Config") -> list[Block]:
    """The file's blocks as the reader numbered them (Finding.line is a block's ``line``)."""
    from jlt_cli.read import read_document

    return read_document(Path(case.path), config).blocks


def target_block(case: Case, finding: Finding, blocks: list[Block], config: "Config") -> tuple[Block | None, str]:
    """The block a finding belongs to, and a note on where a missing part goes.

    A finding with a position: that block. A missing part: the heading of the part before where it belongs (or,
    when it would be the first, of the part after). A finding about a part: that part's heading. Anything else is
    about the whole file: the title (or the first block).
    """
    by_line = {b.line: b for b in blocks if b.line is not None}
    note = ""
    line = finding.line
    if line is None and finding.section:
        present = {s.name: s for s in case.sections}
        if finding.section in present:
            line = present[finding.section].line
        else:
            line, note = _missing_part_line(case, finding.section, config)
    if line is None:
        line = case.title_line
    block = by_line.get(line) if line is not None else None
    if block is None or block.anchor is None:
        # a note or a merged line has no place of its own: the nearest block before it that has one
        candidates = [b for b in blocks if b.anchor is not None and (line is None or (b.line or 0) <= line)]
        block = candidates[-1] if candidates and line is not None else next((b for b in blocks if b.anchor), None)
    return block, note


def _missing_part_line(case: Case, name: str, config: "Config") -> tuple[int | None, str]:
    keys = list(config.part_keys)
    key = next((k for k in keys if config.part_name(k) == name), None)
    if key is None:
        return None, ""
    order = keys.index(key)
    before = [s for s in case.sections if s.key in keys and keys.index(s.key) < order]
    after = [s for s in case.sections if s.key in keys and keys.index(s.key) > order]
    if before:
        s = max(before, key=lambda s: keys.index(s.key))
        return s.line, f"（“{name}”应写在“{s.name}”部分之后。）"
    if after:
        s = min(after, key=lambda s: keys.index(s.key))
        return s.line, f"（“{name}”应写在“{s.name}”部分之前。）"
    return None, ""


# ---------------------------------------------------------------- the package


class AnnotateError(Exception):
    """The file cannot be annotated (changed since it was read, Strict OOXML, broken package)."""


def _main_part(names: set[str], read) -> str:
    """word/document.xml, or wherever _rels/.rels says the document is (as the reader finds it)."""
    if "_rels/.rels" in names:
        rels = _parse(read("_rels/.rels"))
        for rel in rels.iter(f"{{{PR_NS}}}Relationship"):
            if (rel.get("Type") or "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                target = posixpath.normpath((rel.get("Target") or "").lstrip("/"))
                if target in names:
                    return target
    return "word/document.xml"


def _parse(data: bytes) -> etree._Element:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise AnnotateError("DTD")
    try:
        return etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise AnnotateError(str(exc)) from None


_PROLOG = re.compile(rb"^(?:\xef\xbb\xbf)?(?:<\?xml[^>]*\?>)?(?:\s|<\?[^>]*\?>|<!--.*?-->)*", re.S)


def _serialise_like(original: bytes, root: etree._Element) -> bytes:
    """``root`` written back with the original's own XML declaration and surrounding bytes (lxml's would differ)."""
    prolog = _PROLOG.match(original).group(0)
    declared = re.search(rb"encoding=[\"']([^\"']+)", prolog[:200])
    if declared and declared.group(1).lower().replace(b"-", b"") not in (b"utf8",):
        return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True)
    epilog = original[len(original.rstrip()):]
    return prolog + etree.tostring(root, encoding="UTF-8", xml_declaration=False) + epilog


def _runs_for_punctuation(p: etree._Element) -> tuple[etree._Element, etree._Element] | None:
    """The first and last run (direct children of ``p``) holding the paragraph's punctuation issues."""
    runs = [r for r in p if r.tag == W_R]
    spans: list[tuple[int, int, etree._Element]] = []
    text = ""
    for r in runs:
        piece = "".join(t.text or "" for t in r.iter(W_T))
        spans.append((len(text), len(text) + len(piece), r))
        text += piece
    issues = find_punctuation(text)
    if not issues:
        return None
    first = min(i.start for i in issues)
    last = max(i.end for i in issues) - 1
    start = next((r for a, b, r in spans if a <= first < b), None)
    end = next((r for a, b, r in spans if a <= last < b), None)
    return (start, end) if start is not None and end is not None else None


def _paragraph_for(root: etree._Element, anchor: str, hint: str = "") -> etree._Element | None:
    """The w:p an anchor names; for a table, its first paragraph with text (or one containing ``hint``)."""
    m = re.fullmatch(r"(p|tbl)(\d+)", anchor or "")
    if not m:
        return None
    tag = W_P if m.group(1) == "p" else W_TBL
    n = int(m.group(2))
    el = next((e for i, e in enumerate(root.iter(tag)) if i == n), None)
    if el is None or tag == W_P:
        return el
    paragraphs = [p for p in el.iter(W_P) if "".join(t.text or "" for t in p.iter(W_T)).strip()]
    if hint:
        for p in paragraphs:
            if hint in "".join(t.text or "" for t in p.iter(W_T)):
                return p
    return paragraphs[0] if paragraphs else None


# One tag of a well-formed part (lxml has parsed it already; no DTD): comments, CDATA and PIs are skipped as
# wholes, and an attribute value may hold “>”.
_TOKEN = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
    rb"|<(?P<close>/)?(?P<name>[^\s/>]+)(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(?P<empty>/)?>",
    re.S,
)


class _Positions:
    """Byte offsets of every element of a part, as written: where its start tag begins and ends, where its end
    tag begins and ends. The marks are spliced into the original bytes there, so that everything else stays as
    the unit's word processor wrote it (lxml would rewrite ``<w:rPr></w:rPr>`` as ``<w:rPr/>``)."""

    def __init__(self, data: bytes, root: etree._Element):
        elements = list(root.iter(tag=etree.Element))
        self.offsets: dict[etree._Element, list[int]] = {}
        stack: list[list[int]] = []
        i = 0
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise AnnotateError("UTF-16")
        for m in _TOKEN.finditer(data):
            name = m.group("name")
            if name is None:
                continue
            if m.group("close"):
                if not stack:
                    raise AnnotateError("unbalanced")
                record = stack.pop()
                record[2], record[3] = m.start(), m.end()
                continue
            if i >= len(elements):
                raise AnnotateError("more tags than elements")
            el = elements[i]
            i += 1
            if name.split(b":")[-1] != etree.QName(el).localname.encode():
                raise AnnotateError("tags and elements disagree")
            record = [m.start(), m.end(), m.start() if m.group("empty") else -1, m.end() if m.group("empty") else -1]
            self.offsets[el] = record
            if not m.group("empty"):
                stack.append(record)
            elif el is root:
                break
            if not stack:
                break
        if i != len(elements) or stack:
            raise AnnotateError("tags and elements disagree")

    def before_start(self, el) -> int:
        return self.offsets[el][0]

    def after_start(self, el) -> int:
        return self.offsets[el][1]

    def before_end(self, el) -> int:
        return self.offsets[el][2]

    def after_end(self, el) -> int:
        return self.offsets[el][3]


class _Marks:
    """Comment marks to splice into document.xml: (offset, order, bytes)."""

    def __init__(self, root: etree._Element, data: bytes):
        prefix = next((k for k, v in root.nsmap.items() if v == W_NS), "w")
        self.w = f"{prefix}:" if prefix else ""
        self.positions = _Positions(data, root)
        self.inserts: list[tuple[int, int, bytes]] = []

    def mark(self, p: etree._Element, cid: int, first: etree._Element | None = None,
             last: etree._Element | None = None) -> None:
        """Comment range around ``first``…``last`` (runs of ``p``) or the whole paragraph, then the reference run."""
        w = self.w
        start = f'<{w}commentRangeStart {w}id="{cid}"/>'.encode()
        end = f'<{w}commentRangeEnd {w}id="{cid}"/><{w}r><{w}commentReference {w}id="{cid}"/></{w}r>'.encode()
        pos = self.positions
        if first is not None and last is not None:
            at_start, at_end = pos.before_start(first), pos.after_end(last)
        else:
            ppr = p.find(W_PPR)
            at_start = pos.after_end(ppr) if ppr is not None else pos.after_start(p)
            at_end = pos.before_end(p)
            if at_end < 0:  # <w:p/>: nothing to comment on
                return
        n = len(self.inserts)
        self.inserts.append((at_start, n, start))
        self.inserts.append((at_end, n + 1, end))

    def apply(self, data: bytes) -> bytes:
        out, pos = [], 0
        for offset, _, piece in sorted(self.inserts):
            out.append(data[pos:offset])
            out.append(piece)
            pos = offset
        out.append(data[pos:])
        return b"".join(out)


def _comment(cid: int, text: str, author: str, when: str) -> etree._Element:
    comment = etree.Element(_w("comment"), {W_ID: str(cid), _w("author"): author, _w("date"): when},
                            nsmap={"w": W_NS})
    for i, line in enumerate(text.split("\n")):
        p = etree.SubElement(comment, W_P)
        if i == 0:
            etree.SubElement(etree.SubElement(p, W_R), _w("annotationRef"))  # Word's mark for the comment's own anchor
        t = etree.SubElement(etree.SubElement(p, W_R), W_T)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = _xml_safe(line)
    return comment


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def annotate_docx(data: bytes, case: Case, config: "Config", blocks: list[Block] | None = None,
                  findings: list[Finding] | None = None, *, author: str | None = None,
                  when: datetime.datetime | None = None) -> bytes:
    """The .docx ``data`` with one comment per finding (``findings``: default the case's active ones)."""
    from jlt_cli.read.safezip import open_zip

    findings = problems_of(case) if findings is None else findings
    blocks = _read_blocks(case, config) if blocks is None else blocks
    author = author if author is not None else str(config.get("brochure", "issuer") or "jlt")
    stamp = (when or datetime.datetime.now()).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        package = open_zip(data, config)  # the reader's limits: never inflate a bomb
        names = set(package.names())
        main = _main_part(names, package.read)
        if main not in names:
            raise AnnotateError("no document part")
        original_doc = package.read(main)
        if b"purl.oclc.org/ooxml/" in original_doc[:4096]:
            raise AnnotateError("Strict OOXML")
        root = _parse(original_doc)
        rels_name = _rels_name(main)
        rels_data = package.read(rels_name) if rels_name in names else None
        rels = _parse(rels_data) if rels_data else etree.Element(f"{{{PR_NS}}}Relationships", nsmap={None: PR_NS})
        folder = posixpath.dirname(main)
        comments_part, comments_root, comments_data = None, None, None
        for rel in rels.iter(f"{{{PR_NS}}}Relationship"):
            if rel.get("Type") == COMMENTS_TYPE and rel.get("TargetMode") != "External":
                target = posixpath.normpath(posixpath.join(folder, rel.get("Target") or ""))
                if target in names:
                    comments_part, comments_data = target, package.read(target)
                    comments_root = _parse(comments_data)
        if comments_root is None:
            comments_root = etree.Element(_w("comments"), nsmap={"w": W_NS})
        used = [int(x) for el in (root, comments_root) for x in el.xpath("//@w:id", namespaces={"w": W_NS})
                if str(x).lstrip("-").isdigit()]
        next_id = max(used, default=-1) + 1
        marks = _Marks(root, original_doc)

        for finding in findings:
            block, note = target_block(case, finding, blocks, config)
            if block is None or block.anchor is None:
                continue
            hint = ""
            if block.kind is BlockKind.TABLE and finding.section:
                hint = next((s.heading for s in case.sections if s.name == finding.section), "")
            p = _paragraph_for(root, block.anchor, hint)
            if p is None:
                continue
            runs = _runs_for_punctuation(p) if finding.rule == "punctuation" else None
            marks.mark(p, next_id, *(runs or (None, None)))
            comments_root.append(_comment(next_id, comment_text(case, finding, block, note), author, stamp))
            next_id += 1

        replaced: dict[str, bytes] = {main: marks.apply(original_doc)}
        if comments_part is None:
            comments_part = posixpath.join(folder, "comments.xml")
            suffix = 1
            while comments_part in names:
                comments_part = posixpath.join(folder, f"comments{suffix}.xml")
                suffix += 1
            rel_ids = {rel.get("Id") for rel in rels.iter(f"{{{PR_NS}}}Relationship")}
            n = 1
            while f"rId{n}" in rel_ids:
                n += 1
            etree.SubElement(rels, f"{{{PR_NS}}}Relationship", {
                "Id": f"rId{n}", "Type": COMMENTS_TYPE, "Target": posixpath.relpath(comments_part, folder or ".")})
            replaced[rels_name] = (_serialise_like(rels_data, rels) if rels_data else
                                   etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True))
            types_data = package.read("[Content_Types].xml")
            types = _parse(types_data)
            part_name = "/" + comments_part
            if not any(o.get("PartName") == part_name for o in types.iter(f"{{{CT_NS}}}Override")):
                etree.SubElement(types, f"{{{CT_NS}}}Override", {"PartName": part_name, "ContentType": COMMENTS_CONTENT_TYPE})
            replaced["[Content_Types].xml"] = _serialise_like(types_data, types)
        replaced[comments_part] = (_serialise_like(comments_data, comments_root) if comments_data else
                                   etree.tostring(comments_root, xml_declaration=True, encoding="UTF-8", standalone=True))
        return _write_zip(data, package, replaced)
    except ReadError as exc:
        raise AnnotateError(exc.message) from None
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise AnnotateError(str(exc)) from None


def _write_zip(original: bytes, package, replaced: dict[str, bytes]) -> bytes:
    """Every member in its original order with its original bytes and settings, the replaced ones new."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as zin, zipfile.ZipFile(out, "w") as zout:
        written = set()
        for info in zin.infolist():
            if info.filename in written:
                continue
            data = replaced.get(info.filename)
            if data is None:
                data = b"" if info.is_dir() else package.read(info.filename)
            new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            new.compress_type = zipfile.ZIP_DEFLATED if info.compress_type != zipfile.ZIP_STORED else zipfile.ZIP_STORED
            new.external_attr = info.external_attr
            zout.writestr(new, data)
            written.add(info.filename)
        for name, data in replaced.items():
            if name not in written:
                zout.writestr(zipfile.ZipInfo(name, date_time=datetime.datetime.now().timetuple()[:6]), data,
                              compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# ---------------------------------------------------------------- the plain-text list (Markdown, other formats)


def findings_list(case: Case, config: "Config", blocks: list[Block] | None = None) -> str:
    """The same comments as a list a unit can work through in any editor (CRLF lines, for Windows Notepad)."""
    issuer = str(config.get("brochure", "issuer") or "")
    lines = [f"关于《{case.title}》（{Path(case.display_path).name}）的审核意见" if case.title
             else f"关于“{Path(case.display_path).name}”的审核意见", ""]
    if issuer:
        lines.append(f"审核单位：{issuer}")
    lines += [f"日期：{datetime.date.today().isoformat()}", ""]
    problems = problems_of(case)
    by_line = {b.line: b for b in blocks or [] if b.line is not None}
    for label, severity in (("必须修改", True), ("建议修改", False)):
        items = [f for f in problems if (f.severity is Severity.ERROR) == severity]
        if not items:
            continue
        lines.append(f"{label}：")
        for k, f in enumerate(items, 1):
            where = "，".join(x for x in (position_label(case, f.line) if f.line else "",
                                          f"“{f.section}”部分" if f.section else "") if x)
            text = unit_message(f)
            block = by_line.get(f.line)
            fixable = f.rule == "punctuation" and (block is None or is_auto_fixable(f, _block_text(block)))
            lines.append(f"{k}. {where + '：' if where else ''}{text}" + (f"【{AUTO_FIX}】" if fixable else ""))
        lines.append("")
    if any(f.rule == "punctuation" for f in problems):
        lines.append(f"注：标有“{AUTO_FIX}”的半角标点，汇编时会自动改为全角；在原文件中照建议修改也可以。")
    return "\r\n".join(lines).rstrip() + "\r\n"


# ---------------------------------------------------------------- per unit


def attachment_name(unit: str, case: Case, suffix: str, taken: set[str]) -> str:
    stem = safe_filename(Path(case.display_path).stem)
    name = f"{safe_filename(unit)}-{stem}{suffix}"
    n = 2
    while name in taken:
        name = f"{safe_filename(unit)}-{stem}-{n}{suffix}"
        n += 1
    taken.add(name)
    return name


def write_attachments(group: UnitFeedback, config: "Config", folder: Path) -> dict[str, str]:
    """For each of the unit's files to fix: the annotated .docx copy, or the plain-text list, written into
    ``folder``. Returns display path → file name (what the letter mentions). Unreadable files get nothing: the
    letter says what is wrong with them."""
    written: dict[str, str] = {}
    taken: set[str] = set()
    for case in group.to_fix:
        if not case.readable:
            continue
        try:
            blocks = _read_blocks(case, config)
        except (ReadError, OSError):
            blocks = []
        path = Path(case.path)
        if case.format == "docx" and path.suffix.lower() == ".docx" and blocks:
            try:
                data = annotate_docx(path.read_bytes(), case, config, blocks)
            except (AnnotateError, OSError):
                data = None
            if data is not None:
                name = attachment_name(group.unit, case, ANNOTATED_SUFFIX, taken)
                (folder / name).write_bytes(data)
                written[case.display_path] = name
                continue
        name = attachment_name(group.unit, case, LIST_SUFFIX, taken)
        (folder / name).write_text(findings_list(case, config, blocks), encoding="utf-8-sig", newline="")
        written[case.display_path] = name
    return written
