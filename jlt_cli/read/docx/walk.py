"""The walk over word/document.xml, in reading order: paragraphs, tables, pictures, text boxes and notes.

python-docx's paragraph API silently drops tracked insertions, moved text, text
boxes, content controls, smart tags and simple fields (see
shared/fixtures/real-docx/FINDINGS.md), and opening a Document is slow. So this
reader parses only the parts it needs (document, styles, numbering, notes,
headers, rels) and reads pictures' headers only.

Reading rules, in short:

* text is the "accept all changes" view: w:ins/w:moveTo kept, w:del/w:moveFrom dropped;
  complex fields show their result only; text boxes appear once (mc:Choice, never mc:Fallback);
* each table becomes one TABLE block (a one-cell table is a frame: its paragraphs are read as they are);
  text boxes' paragraphs follow their paragraph;
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

from jlt_cli.base.text import DROP_INVISIBLE
from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, Image, Problem, ReadError, SourceDocument
from jlt_cli.read.docx.numbering import Numbering
from jlt_cli.read.docx.ooxml import (
    A_BLIP, CAPTION_TEXT, FOOTER_PART, HEADER_BYTES, HEADER_PART, INLINE_DESCEND, MC_ALT, MC_CHOICE, MC_FALLBACK, M_OMATH, M_OMATHPARA, M_T, O_RELID, PR_NS, REVISION_TAGS, R_EMBED, R_ID, R_LINK, V_IMAGEDATA, W_B, W_BODY, W_BR, W_CR, W_CUSTOMXML, W_DEL, W_DRAWING, W_ENDNOTEREF, W_FLDCHAR, W_FOOTNOTEREF, W_ID, W_INS, W_JC, W_MOVETO, W_NBHYPHEN, W_OBJECT, W_OUTLINELVL, W_P, W_PICT, W_PPR, W_PSTYLE, W_PTAB, W_R, W_RPR, W_RSTYLE, W_RUBY, W_RUBYBASE, W_SDT, W_SDTCONTENT, W_SMARTTAG, W_SYM, W_T, W_TAB, W_TBL, W_TC, W_TR, W_TRPR, W_TXBXCONTENT, W_TYPE, W_VANISH, children, norm, on, parse_xml, to_int, val, w,
)
from jlt_cli.read.docx.styles import ResolvedStyle, Styles, char_bold_defined, heading_level_from_name
from jlt_cli.read.docx.symbols import SYMBOL_PUA, map_symbol_text, sym_text
from jlt_cli.read.base import REPAIR_HINT
from jlt_cli.read.bounds import Limits, too_many_blocks
from jlt_cli.read.images import inspect_image
from jlt_cli.read.safezip import SafeZip, open_zip


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
        text = text.translate(DROP_INVISIBLE)
        self.parts.append(text)
        self.length += len(text)
        if text.strip():
            self.has_text = True
            if not bold:
                self.all_bold = False


class DocxWalk:
    def __init__(self, path: Path, data: bytes, config: Config, kind: str, keep_images: bool):
        self.path = path
        self.config = config
        self.kind = kind
        self.keep_images = keep_images
        self.limits = Limits.of(config)
        self.zip: SafeZip = open_zip(data, config)
        self.problems: list[Problem] = []
        self.blocks: list[Block] = []
        self.fld: list[bool] = []  # complex-field stack: True once past "separate" (result part)
        self.fld_hidden = 0  # how many open fields are still in their instruction part
        self.image_cache: dict[str, tuple[Image | str, bytes | None]] = {}
        self.note_blocks: set[int] = set()
        self.notes_text: dict[str, dict[str, str]] = {}
        self.problem_anchor: list[tuple[Problem, Block | None]] = []
        self.rels: dict[str, tuple[str, bool]] = {}
        self.rels_by_type: dict[str, list[str]] = {}
        self.text_only = False  # notes and headers: their pictures use other rels and are not case content
        self.anchors: dict[etree._Element, str] = {}

    # -- package

    def _part(self, name: str, required: bool = False) -> etree._Element | None:
        if self.zip.find(name) is None:
            if required:
                raise ReadError("unreadable", f"文件中缺少 Word 正文（{name}），可能已损坏或不是 Word 文档。{REPAIR_HINT}。")
            return None
        return parse_xml(self.zip.read(name), name)

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
        if self.zip.find(main) is None:
            raise ReadError("unreadable", f"文件中缺少 Word 正文（{main}），可能已损坏或不是 Word 文档。{REPAIR_HINT}。")
        data = self.zip.read(main)
        # far more paragraphs than a case can have: refused before the XML tree is built (a 60 MB body of a
        # million paragraphs costs a gigabyte as a tree); the paragraphs of table cells are allowed for
        paragraphs = data.count(b"<w:p>") + data.count(b"<w:p ")
        if paragraphs > self.limits.blocks + 2 * self.limits.table_cells:
            raise too_many_blocks(paragraphs, self.limits)
        root = parse_xml(data, main)
        del data
        body = root.find(W_BODY) if root is not None else None
        if body is None:
            raise ReadError("unreadable", f"Word 正文（{main}）中没有 w:body 部分，文件可能已损坏。{REPAIR_HINT}。")
        self._load_rels(main)
        # a stable address for every paragraph and table of the part (see Block.anchor), in document order
        self.anchors: dict[etree._Element, str] = {el: f"p{i}" for i, el in enumerate(root.iter(W_P))}
        self.anchors.update({el: f"tbl{i}" for i, el in enumerate(root.iter(W_TBL))})
        styles_part = self._typed_name("styles", "word/styles.xml")
        self.styles = Styles(self.zip.read(styles_part) if styles_part else None, styles_part or "")
        self.numbering = Numbering(self._typed_part("numbering", "word/numbering.xml"), self.styles)
        self._walk(body)
        self._merge_captions()
        blocks = self.blocks
        for i, block in enumerate(blocks, 1):
            block.line = i
        lines = {id(b): b.line for b in blocks}
        for problem, anchor in self.problem_anchor:
            if anchor is not None:
                problem.line = lines.get(id(anchor))
        doc = SourceDocument(path=self.path, format=self.kind, blocks=blocks, header_text=self._header_text(),
                             footer_text=self._header_text(FOOTER_PART))
        if self.kind == "docm":
            doc.problems.append(Problem(
                "macro-document",
                "这是启用宏的文档（.docm）：审核只读取其中的文字，宏不会运行，也不会被提取。"
                "请在 Word/WPS 中另存为不含宏的 .docx 后重新提交。"))
        if self._has_revisions(body):
            doc.problems.append(Problem(
                "tracked-changes",
                "文档中仍有修订痕迹或批注（审核时按“接受全部修订”后的文字读取）。请在 Word 中接受或拒绝所有修订、"
                "删除批注后重新提交。"))
        doc.problems.extend(self.problems)
        return doc

    def _has_revisions(self, body: etree._Element) -> bool:
        if next(body.iter(*REVISION_TAGS), None) is not None:
            return True
        comments = self._typed_part("comments", "word/comments.xml")
        return comments is not None and next(comments.iter(w("comment")), None) is not None

    # -- block level

    def _walk(self, container: etree._Element) -> None:
        """Emit the blocks of a body-like container (body, sdtContent, cell, text box) in order."""
        for child in container:
            if len(self.blocks) > self.limits.blocks:  # stop at the limit, not after a million paragraphs
                raise too_many_blocks(len(self.blocks), self.limits)
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
        first_problem = len(self.problem_anchor)
        ppr = p.find(W_PPR)
        style = self.styles.resolve(val(ppr.find(W_PSTYLE)) if ppr is not None else None)
        label = self.numbering.label(ppr, style)
        para = _Para(default_bold=style.bold)
        self._inline(p, para)
        # a paragraph's instruction-only fields cannot run on: drop them so one broken field does not hide the rest
        if self.fld_hidden:
            self.fld = [f for f in self.fld if f]
            self.fld_hidden = 0
        text = norm("".join(para.parts))
        # pictures met before any text come first, the rest after the paragraph
        joined = "".join(para.parts)
        before = [b for pos, b in para.images if not joined[:pos].strip()]
        after = [b for pos, b in para.images if joined[:pos].strip()]
        anchor = self.anchors.get(p)
        for _, image_block in para.images:
            image_block.anchor = anchor
        self.blocks.extend(before)
        if text:
            block = Block(BlockKind.PARAGRAPH, text=text, style=style.name, label=label,
                          bold=para.has_text and para.all_bold, centered=self._centered(ppr, style), anchor=anchor)
            level = heading_level_from_name(style.heading_name)
            if level is None:
                outline = to_int(val(ppr.find(W_OUTLINELVL))) if ppr is not None else None
                if outline is None:
                    outline = style.outline
                if outline is not None and 0 <= outline < 9:
                    level = outline + 1
            if level is not None:
                block.kind = BlockKind.HEADING
                block.level = level
            self.blocks.append(block)
            self._reanchor(first_problem, block)
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
    def _centered(ppr: etree._Element | None, style: ResolvedStyle) -> bool:
        jc = val(ppr.find(W_JC)) if ppr is not None else None
        return jc == "center" if jc is not None else style.centered

    def _table(self, tbl: etree._Element) -> None:
        first_problem = len(self.problem_anchor)
        rows: list[list[str]] = []
        deferred: list[Block] = []
        cells: list[list[Block]] = []
        for tr in children(tbl, W_TR):
            trpr = tr.find(W_TRPR)
            if trpr is not None and trpr.find(W_DEL) is not None:
                continue  # a row deleted as a tracked change is gone once changes are accepted
            row = []
            for tc in children(tr, W_TC):
                saved = self.blocks
                self.blocks = []
                self._walk(tc)
                inner, self.blocks = self.blocks, saved
                cells.append(inner)
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
        if len(cells) == 1 and not any(b.kind is BlockKind.TABLE for b in cells[0]):
            # a one-cell table is a frame drawn around paragraphs (a boxed heading, a framed note, a whole case
            # typed into one box, as WPS users do): its paragraphs are read as the document's own
            self.blocks.extend(cells[0])
            return
        if any(any(c for c in r) for r in rows):
            block = Block(BlockKind.TABLE, text="", rows=rows, anchor=self.anchors.get(tbl))
            self.blocks.append(block)
            self._reanchor(first_problem, block)
        self.blocks.extend(deferred)

    # -- inline level

    def _inline(self, el: etree._Element, para: _Para) -> None:
        for child in el:
            tag = child.tag
            if tag == W_R:
                self._run(child, para)
            elif tag in INLINE_DESCEND:
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
                    if SYMBOL_PUA.search(text):
                        text = map_symbol_text(text, rpr)
                    para.add(text, bold)
            elif tag == W_RPR:
                rpr = child
                if on(child.find(W_VANISH)):
                    hidden = True
                    continue
                b = on(child.find(W_B))
                if b is None:
                    rstyle = val(child.find(W_RSTYLE))
                    if rstyle and char_bold_defined(self.styles, rstyle):
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
                para.add(sym_text(child), bold)
            elif tag == W_NBHYPHEN:
                para.add("-", bold)
            elif tag == W_FLDCHAR:
                self._fld_char(child.get(w("fldCharType")))
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
            self._drop(f"文档中有一张链接到外部文件的图片（{shown}），不会下载外部内容，汇编中已略去。"
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
        problem = Problem("bad-image", message)
        self.problems.append(problem)
        self.problem_anchor.append((problem, self.blocks[-1] if self.blocks else None))

    def _reanchor(self, start: int, block: Block) -> None:
        for i in range(start, len(self.problem_anchor)):
            self.problem_anchor[i] = (self.problem_anchor[i][0], block)

    # -- notes, captions, headers

    def _note_text(self, kind: str, note_id: str) -> str:
        notes = self.notes_text.get(kind)
        if notes is None:
            notes = {}
            root = self._typed_part(kind, f"word/{kind}.xml")
            if root is not None:
                tag = w(kind[:-1])  # footnote / endnote
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
        saved = (self.blocks, self.fld, self.fld_hidden, self.problems, self.problem_anchor)
        self.blocks, self.fld, self.fld_hidden, self.problems, self.problem_anchor = [], [], 0, [], []
        saved_numbering, saved_text_only = self.numbering, self.text_only
        self.numbering = Numbering(None, self.styles)  # notes and headers do not advance body lists
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
            self.blocks, self.fld, self.fld_hidden, self.problems, self.problem_anchor = saved
            self.numbering, self.text_only = saved_numbering, saved_text_only
        return sep.join(p for p in parts if p.strip())

    def _header_text(self, part: re.Pattern = HEADER_PART) -> str:
        names = [n for n in self.zip.names() if part.match(n)]
        names.sort(key=lambda n: (len(n), n))
        lines: list[str] = []
        for name in names:
            root = self._part(name)
            if root is None:
                continue
            for line in self._plain_text(root).split("\n"):
                line = norm(line)
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
        if CAPTION_TEXT.match(text):
            return True
        # a short centred line under a picture is its caption, unless it reads like a metadata line
        # (报送单位：…) or a bold heading that happens to follow a logo
        return (len(text) <= 40 and block.centered and not block.bold and not block.label
                and not re.search("[：:]", text[:12]))
