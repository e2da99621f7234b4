"""Markdown submissions (.md) → a SourceDocument.

Parsed with markdown-it-py (CommonMark + tables). Raw HTML is disabled, so
``<script>`` or ``<img>`` typed by an author stays literal text and is never markup.
Links keep their text only; the target is never read or kept. Pictures are read
only from the submission's own folder.

Chinese authors rarely leave blank lines between paragraphs, so CommonMark would
merge “一、基本情况” and the paragraph under it into one paragraph. A paragraph is
therefore split back at a line break when the break looks like a paragraph end
(see ``_breaks_paragraph``); hard-wrapped prose is still joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from jlt_cli.config import Config
from jlt_cli.model import Block, BlockKind, Problem, ReadError, SourceDocument
from jlt_cli.read.encoding import decode_text
from jlt_cli.read.base import Reader, Source
from jlt_cli.read.images import inspect_image

EMPTY_MESSAGE = "文件中没有可读的文字（只有空白或空的 Markdown 结构）。请检查是否上传了正确的文件。"

# Sentence-final punctuation: a line ending with one of these ends a paragraph.
_TERMINALS = set("。！？；：…!?;")
_CLOSERS = "”’」』）)》"
# Numbering that starts a new paragraph: 一、 （一） 1. 1、 第一， ① …
_NUMBERED = re.compile(
    r"^(第[一二三四五六七八九十百]+[、，,是部]|[一二三四五六七八九十]+[、．.]"
    r"|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、．.）)]|[①-⑳])"
)
# “报送单位：” “联系人：” “案例题目：”: a short label and a colon start a new line of the header.
_LABEL_LINE = re.compile(r"^[\u4e00-\u9fff\s]{1,8}[：:]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_WINDOWS_ABS = re.compile(r"^[a-zA-Z]:[\\/]")
# Front-matter keys in English some editors (Typora, Obsidian) add, mapped to the labels the call uses.
_ENGLISH_KEYS = {"title": "案例题目", "unit": "报送单位", "contact": "联系人", "phone": "联系电话", "type": "案例类型"}


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    # markdown-it refuses javascript:/file:/data: links and leaves them as literal text, URL
    # included. Accept every link so it becomes a token: we then keep link text only and
    # decide about image sources ourselves (with a finding the author can act on).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


@dataclass
class _Piece:
    text: str
    strong: bool


@dataclass
class _Line:
    """One source line of a paragraph's inline content, or one picture in it."""

    offset: int  # lines after the paragraph's first line
    pieces: list[_Piece] = field(default_factory=list)
    image: Token | None = None
    hard_break: bool = False  # ended with a Markdown hard break (two spaces / backslash)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces).strip()

    @property
    def bold(self) -> bool:
        visible = [p for p in self.pieces if p.text.strip()]
        return bool(visible) and all(p.strong for p in visible)


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# {#id .class} after a heading (Pandoc, Typora, MkDocs attribute lists)
_HEADING_ATTRS = re.compile(r"\s*\{\s*[#.][^{}]*\}\s*$")
# footnotes: [^1] in the text, [^1]: 图片由……提供。 at the end
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:[ \t]*(\S.*)$", re.MULTILINE)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\](?!:)")


def _footnotes(body: str) -> str:
    """Footnote definitions become 注：… paragraphs and the markers go, as for Word footnotes."""
    if "[^" not in body:
        return body
    body = _FOOTNOTE_DEF.sub(lambda m: "\n注：" + m.group(1) + "\n", body)
    return _FOOTNOTE_REF.sub("", body)


def _split_inline(inline: Token) -> list[_Line]:
    lines = [_Line(0)]
    strong = 0
    offset = 0
    for child in inline.children or []:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            lines[-1].hard_break = kind == "hardbreak"
            offset += 1
            lines.append(_Line(offset))
        elif kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong = max(0, strong - 1)
        elif kind == "text" and child.content.count("**") >= 2 and child.content.count("**") % 2 == 0:
            # CommonMark's flanking rules leave “**责任。**街道” unclosed (punctuation before, a letter
            # after): Chinese authors write bold that way all the time, so pair the marks ourselves.
            for k, segment in enumerate(child.content.split("**")):
                if segment:
                    lines[-1].pieces.append(_Piece(segment, (strong > 0) != (k % 2 == 1)))
        elif kind == "text" and _BR.search(child.content):
            # html is off, so a <br> typed by the author arrives as text: it is a line break
            for k, segment in enumerate(_BR.split(child.content)):
                if k:
                    lines[-1].hard_break = True
                    lines.append(_Line(offset))
                if segment:
                    lines[-1].pieces.append(_Piece(segment, strong > 0))
        elif kind in ("text", "code_inline", "html_inline"):
            lines[-1].pieces.append(_Piece(child.content, strong > 0))
        elif kind == "image":
            lines.append(_Line(offset, image=child))
            lines.append(_Line(offset))
        # link_open/close, em_*: dropped; the text between them is kept
    return [ln for ln in lines if ln.image is not None or ln.pieces]


def _join(a: str, b: str) -> str:
    # Chinese lines join without a space; Latin words need one.
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _TERMINALS


def _breaks_paragraph(prev: _Line, nxt: _Line) -> bool:
    """Whether the line break between two lines of one CommonMark paragraph is a real paragraph end."""
    if prev.hard_break or prev.bold or nxt.bold:
        return True
    before, after = prev.text, nxt.text
    if _ends_sentence(before) or _NUMBERED.match(after) or _LABEL_LINE.match(after):
        return True
    # a short line without sentence punctuation: a title, a heading, a “报送单位：…” line
    return len(before) <= 30 and not any(c in before for c in "，。；,")


def _inline_text(inline: Token | None) -> str:
    if inline is None:
        return ""
    return "".join(
        c.content if c.type in ("text", "code_inline", "html_inline") else ("" if c.type != "softbreak" else "\n")
        for c in inline.children or []
    ).strip()


class _Builder:
    def __init__(self, path: Path, config: Config, keep_images: bool):
        self.path = path
        self.config = config
        self.keep_images = keep_images
        # one copy per picture file however often it is referenced (a file repeated 3000 times must not cost 3000 copies)
        self._image_cache: dict[Path, bytes] = {}
        self.blocks: list[Block] = []
        self.problems: list[Problem] = []
        self.folder = path.parent.resolve()

    def warn_image(self, message: str, line: int | None) -> None:
        self.problems.append(Problem("bad-image", message, line))

    # -- blocks ---------------------------------------------------------------------------------

    def walk(self, tokens: list[Token]) -> None:
        labels: list[str] = []  # label waiting for the first paragraph of the current list item
        bullets: list[bool | None] = []  # per open item: bulleted (None once its bullet is placed)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind == "heading_open":
                self.heading(tok, tokens[i + 1])
                i += 3
                continue
            if kind == "list_item_open":
                # ordered items: the number the author typed (markdown-it keeps it in .info)
                ordered = tok.markup in (".", ")")
                labels.append(f"{tok.info}." if ordered and tok.info else "")
                bullets.append(not ordered)
            elif kind == "list_item_close":
                labels.pop()
                bullets.pop()
            elif kind == "paragraph_open":
                label = ""
                if labels and labels[-1]:
                    label, labels[-1] = labels[-1], ""
                # list items keep their depth and bullet for the brochure (Block.style / Block.level)
                style = ""
                if bullets:
                    style = "list-bullet" if bullets[-1] and bullets[-1] is not None else "list"
                    if bullets[-1]:
                        bullets[-1] = None  # the bullet belongs to the item's first paragraph only
                self.paragraph(tok, tokens[i + 1], label, style=style, depth=len(labels))
                i += 3
                continue
            elif kind == "table_open":
                i = self.table(tokens, i)
                continue
            elif kind in ("code_block", "fence"):
                self.code(tok)
            elif kind == "html_block":  # not produced with html disabled; kept as text just in case
                self.code(tok)
            i += 1

    def heading(self, open_tok: Token, inline: Token) -> None:
        line = open_tok.map[0] + 1 if open_tok.map else None
        parts = _split_inline(inline)
        text = ""
        for part in parts:
            if part.image is None:
                text = _join(text, part.text)
        text = _HEADING_ATTRS.sub("", text)
        if text:
            self.blocks.append(Block(BlockKind.HEADING, text, line=line, level=int(open_tok.tag[1:])))
        for part in parts:
            if part.image is not None:
                self.image(part.image, line)

    def paragraph(self, open_tok: Token, inline: Token, label: str, style: str = "", depth: int = 0) -> None:
        first = open_tok.map[0] + 1 if open_tok.map else None
        current: list[_Line] = []

        def flush() -> None:
            nonlocal label
            if not current:
                return
            text = ""
            for ln in current:
                text = _join(text, ln.text)
            bold = all(ln.bold for ln in current)
            line = first + current[0].offset if first is not None else None
            if text:
                self.blocks.append(Block(BlockKind.PARAGRAPH, text, line=line, bold=bold, label=label,
                                         style=style, level=depth or None))
                label = ""
            current.clear()

        for ln in _split_inline(inline):
            if ln.image is not None:
                flush()
                self.image(ln.image, first + ln.offset if first is not None else None)
                continue
            if current and _breaks_paragraph(current[-1], ln):
                flush()
            current.append(ln)
        flush()

    def table(self, tokens: list[Token], i: int) -> int:
        line = tokens[i].map[0] + 1 if tokens[i].map else None
        rows: list[list[str]] = []
        row: list[str] = []
        i += 1
        while i < len(tokens) and tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close":
                rows.append(row)
            elif tok.type == "inline":
                if any(c.type == "image" for c in tok.children or []):
                    self.warn_image("表格单元格中的图片不会被读取。请把图片移到表格外、单独成段。", line)
                row.append(_inline_text(tok).replace("\n", " "))
            i += 1
        if rows:
            self.blocks.append(Block(BlockKind.TABLE, line=line, rows=rows))
        return i + 1

    def code(self, tok: Token) -> None:
        # Code blocks are usually paragraphs indented with four spaces, not code: keep them as text.
        start = (tok.map[0] + 1) if tok.map else None
        if start is not None and tok.type == "fence":
            start += 1  # content begins after the ``` line
        for n, text in enumerate(tok.content.split("\n")):
            text = text.strip()
            if text:
                self.blocks.append(Block(BlockKind.PARAGRAPH, text, line=start + n if start else None))

    # -- pictures -------------------------------------------------------------------------------

    def image(self, tok: Token, line: int | None) -> None:
        alt = tok.content.strip()
        src = unquote((tok.attrGet("src") or "").strip())
        shown = f"“{alt}”" if alt else ""
        target, problem = self.resolve(src)
        if problem:
            self.warn_image(f"图片{shown}已略去：{problem}", line)
            return
        assert target is not None
        try:
            size = target.stat().st_size
            limit_mb = float(self.config.get("limits", "max_file_mb"))
            if size > limit_mb * 1024 * 1024:
                self.warn_image(
                    f"图片{shown}（{src}）已略去：文件 {size / 1024 / 1024:.1f} MB，超过 {limit_mb:g} MB。请压缩后重新插入。",
                    line,
                )
                return
            data = self._image_cache.get(target)
            if data is None:
                data = self._image_cache[target] = target.read_bytes()
        except OSError:
            self.warn_image(f"图片{shown}（{src}）已略去：无法读取该文件。", line)
            return
        image = inspect_image(data, target.name, self.config)
        if isinstance(image, str):
            self.warn_image(f"图片{shown}（{src}）{image}。该图片已略去。", line)
            return
        image.caption = alt
        if self.keep_images:
            image.data = data
        self.blocks.append(Block(BlockKind.IMAGE, text="", line=line, image=image))

    def resolve(self, src: str) -> tuple[Path | None, str | None]:
        """The picture file inside the submission's folder, or a Chinese reason it is refused."""
        inside = "请把图片放在案例文件所在的文件夹（或其子文件夹）中，并使用相对路径引用，例如 ![图1](图片/图1.png)。"
        if not src:
            return None, "没有给出图片路径。"
        if _WINDOWS_ABS.match(src) or src.startswith(("/", "\\")) and not src.startswith("//"):
            return None, f"图片路径是绝对路径，不会被读取。{inside}"
        if _SCHEME.match(src) or src.startswith("//"):
            return None, f"外部链接图片不会被读取。{inside}"
        rel = PurePosixPath(src.replace("\\", "/"))
        if ".." in rel.parts:
            return None, f"图片路径超出案例所在文件夹（含“..”）。{inside}"
        try:
            target = (self.folder / rel).resolve()
        except (OSError, RuntimeError):
            return None, f"图片路径无法解析。{inside}"
        if self.folder not in target.parents:
            # e.g. a symbolic link pointing elsewhere
            return None, f"图片路径超出案例所在文件夹。{inside}"
        try:
            found = target.is_file()
        except OSError:  # a name too long for the file system, a permission problem: no such picture here
            found = False
        if not found:
            return None, f"找不到图片文件“{src[:80]}”。请确认图片与案例文件一起提交，且文件名大小写一致。"
        return target, None


def _front_matter(text: str, config: Config) -> tuple[str, list[Block]]:
    """Strip a leading ``---`` YAML block; return its case metadata as “标签：值” paragraphs.

    The stripped lines are replaced by empty lines so Markdown line numbers stay true.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text, []
    end = next((n for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")), None)
    if end is None:
        return text, []
    wanted = {str(x).replace(" ", "") for x in config.get("title_labels")}
    for labels in config.get("metadata_labels").values():
        wanted.update(str(x).replace(" ", "") for x in labels or [])
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        meta = None
    if not isinstance(meta, dict):
        # Not front matter after all (an author's “---” rules): leave it to Markdown, as a viewer would.
        return text, []
    blocks: list[Block] = []
    for key, value in meta.items():
        label = _ENGLISH_KEYS.get(str(key).strip().lower(), str(key).strip())
        if label.replace(" ", "") not in wanted or value is None:
            continue
        if isinstance(value, (list, tuple)):
            value = "、".join(str(v) for v in value)
        value_text = str(value).strip()
        if value_text:
            line = next((n + 1 for n in range(1, end) if lines[n].lstrip().startswith(str(key))), 1)
            blocks.append(Block(BlockKind.PARAGRAPH, f"{label}：{value_text}", line=line))
    rest = [""] * (end + 1) + lines[end + 1:]
    return "\n".join(rest), blocks


def read_markdown(path: Path, data: bytes, config: Config, keep_images: bool = False) -> SourceDocument:
    text = decode_text(data).replace("\x00", "\ufffd")
    body, meta_blocks = _front_matter(text, config)
    builder = _Builder(path, config, keep_images)
    builder.blocks.extend(meta_blocks)
    builder.walk(_parser().parse(_footnotes(body)))
    if not any(b.kind is not BlockKind.IMAGE for b in builder.blocks):
        raise ReadError("empty-file", EMPTY_MESSAGE)
    return SourceDocument(path=path, format="markdown", blocks=builder.blocks, problems=builder.problems)


class MarkdownReader(Reader):
    name = "markdown"
    kinds = ("markdown",)
    file_extensions = (".md", ".markdown")
    rules = ("bad-image", "empty-file", "unreadable")

    def read(self, source: Source) -> SourceDocument:
        return read_markdown(source.path, source.data, source.config, keep_images=source.keep_images)
