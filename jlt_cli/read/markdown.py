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

import datetime
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
from jlt_cli.read.bounds import prepare_text
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
_HEADING_ATTRS = re.compile(r"(?<!\s)\s*\{\s*[#.][^{}]*\}\s*$")
# footnotes: [^1] in the text, [^1]: 图片由……提供。 at the end
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\[\]\s]+\]:[ \t]*(\S.*)$", re.MULTILINE)
_FOOTNOTE_REF = re.compile(r"\[\^[^\[\]\s]+\](?!:)")


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


def _join(texts: list[str]) -> str:
    """Lines of one paragraph as one text: Chinese lines join without a space; Latin words need one.

    Built in one pass (a paragraph may have thousands of lines: pairwise concatenation would be quadratic).
    """
    out: list[str] = []
    for text in texts:
        if not text:
            continue
        if out and out[-1][-1].isascii() and out[-1][-1].isalnum() and text[0].isascii() and text[0].isalnum():
            out.append(" ")
        out.append(text)
    return "".join(out)


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
        text = _join([part.text for part in parts if part.image is None])
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
            text = _join([ln.text for ln in current])
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


class _Refused(Exception):
    """Front matter written with a YAML construct jlt does not read: what it is, in Chinese."""


class _PlainYaml(yaml.SafeLoader):
    """YAML as front matter needs it: keys and short values. No anchors or aliases (``&a`` / ``*a``: a few
    lines of them expand to gigabytes), no explicit tags (``!!binary``, ``!!python/…``), little nesting."""

    _depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("锚点或别名（& 或 * 开头的写法）")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise _Refused(f"类型标签（{str(tag).replace('tag:yaml.org,2002:', '!!')}）")
        if self._depth >= 4:
            raise _Refused("多层嵌套的列表或键值")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_META_HINT = "请把元数据写成简单的“键: 值”，每项一行，例如“案例题目: 依托社区学校 打造家门口的终身学习阵地”。"


def _meta_value(label: str, value, limit: int) -> str:
    """A wanted metadata value as one line of text, or ReadError saying why it cannot be one."""
    scalars = (str, int, float, bool, datetime.date)
    items = [v for v in value if v is not None] if isinstance(value, list) else [value]  # [区教委, ] has a None
    if not all(isinstance(v, scalars) for v in items):
        raise ReadError("unreadable", f"文件开头的元数据中，“{label}”的值不是简单的文字（含有嵌套的列表或键值）。{_META_HINT}")
    text = "、".join(str(v) for v in items).strip()
    if len(text) > limit:
        raise ReadError("unreadable", f"文件开头的元数据中，“{label}”的值有 {len(text):,} 字，超过上限 {limit:,} 字"
                                      f"（题目、单位等都是一行短文字）。请核对后重新提交。")
    return text


def _front_matter(text: str, config: Config) -> tuple[str, list[Block]]:
    """Strip a leading ``---`` YAML block; return its case metadata as “标签：值” paragraphs.

    The stripped lines are replaced by empty lines so Markdown line numbers stay true. A block longer than
    limits.max_front_matter_chars is not front matter (two ``---`` rules around the text); one written with
    anchors, aliases or tags, or with a value that is not a short text, makes the file unreadable.
    """
    if text[:200].split("\n", 1)[0].strip() != "---":
        return text, []
    limit = int(config.get("limits", "max_front_matter_chars"))
    # the closing --- comes within the limit, or this is not front matter: never split the whole file
    head = text[: limit + 4096]
    lines = head.split("\n")
    if len(head) < len(text):
        lines.pop()  # cut short by the slice
    end = next((n for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")), None)
    if end is None or sum(len(ln) + 1 for ln in lines[1:end]) > limit:
        return text, []
    wanted = {str(x).replace(" ", "") for x in config.get("title_labels")}
    for labels in config.get("metadata_labels").values():
        wanted.update(str(x).replace(" ", "") for x in labels or [])
    try:
        meta = yaml.load("\n".join(lines[1:end]), Loader=_PlainYaml)  # a SafeLoader, stricter still
    except _Refused as exc:
        raise ReadError("unreadable", f"文件开头的元数据（两行 --- 之间）使用了{exc}，审核时不读取这种写法。{_META_HINT}") from None
    except (yaml.YAMLError, RecursionError):
        meta = None
    if not isinstance(meta, dict):
        # Not front matter after all (an author's “---” rules): leave it to Markdown, as a viewer would.
        return text, []
    value_limit = int(config.get("limits", "max_meta_value_chars"))
    blocks: list[Block] = []
    for key, value in meta.items():
        label = _ENGLISH_KEYS.get(str(key).strip().lower(), str(key).strip())
        if label.replace(" ", "") not in wanted or value is None:
            continue
        value_text = _meta_value(label, value, value_limit)
        if value_text:
            line = next((n + 1 for n in range(1, end) if lines[n].lstrip().startswith(str(key))), 1)
            blocks.append(Block(BlockKind.PARAGRAPH, f"{label}：{value_text}", line=line))
    rest = "\n" * (end + 1) + text[sum(len(ln) + 1 for ln in lines[: end + 1]):]
    return rest, blocks


def _check_counts(body: str, config: Config) -> None:
    """Footnotes and links, counted before markdown-it builds a token for each (file-too-large when too many)."""
    footnotes = sum(1 for _ in _FOOTNOTE_DEF.finditer(body)) if "[^" in body else 0
    most = int(config.get("limits", "max_footnotes"))
    if footnotes > most:
        raise ReadError("file-too-large", f"文件有 {footnotes:,} 条脚注，超过上限 {most:,} 条，远超一篇案例所需，不再分析这个文件。"
                                          "请删去多余的脚注（图片来源等可写在图片说明中）后重新提交；"
                                          "确需审核时，工作人员可在 jlt.yaml 的 limits.max_footnotes 中调高上限。")
    links = body.count("](")
    most = int(config.get("limits", "max_links"))
    if links > most:
        raise ReadError("file-too-large", f"文件有约 {links:,} 处链接或图片（“[文字](地址)”），超过上限 {most:,} 处，"
                                          "远超一篇案例所需，不再分析这个文件。请检查文件是否是异常内容后重新提交；"
                                          "确需审核时，工作人员可在 jlt.yaml 的 limits.max_links 中调高上限。")


def _check_nesting(tokens: list[Token], most: int) -> None:
    """markdown-it stops reading at its nesting limit and drops the rest silently: say so instead."""
    deepest = max((t for t in tokens if t.map), key=lambda t: t.level, default=None)
    if deepest is not None and deepest.level >= most - 1:
        line = deepest.map[0] + 1 if deepest.map else 1
        raise ReadError("unreadable", f"第 {line:,} 行附近的列表或引用（“-”“>”）嵌套超过 {most} 层，其后的内容无法读取。"
                                      "请减少嵌套层次（列表和引用一般不超过三层）后重新提交。")


def read_markdown(path: Path, data: bytes, config: Config, keep_images: bool = False) -> SourceDocument:
    # bounded before anything parses it: white-space runs collapsed, lines and characters counted
    text = prepare_text(decode_text(data).replace("\x00", "\ufffd"), config)
    body, meta_blocks = _front_matter(text, config)
    _check_counts(body, config)
    builder = _Builder(path, config, keep_images)
    builder.blocks.extend(meta_blocks)
    parser = _parser()
    tokens = parser.parse(_footnotes(body))
    _check_nesting(tokens, parser.options["maxNesting"])
    builder.walk(tokens)
    if not any(b.kind is not BlockKind.IMAGE for b in builder.blocks):
        raise ReadError("empty-file", EMPTY_MESSAGE)
    return SourceDocument(path=path, format="markdown", blocks=builder.blocks, problems=builder.problems)


class MarkdownReader(Reader):
    name = "markdown"
    kinds = ("markdown",)
    file_extensions = (".md", ".markdown")
    rules = ("bad-image", "empty-file", "file-too-large", "unreadable")

    def read(self, source: Source) -> SourceDocument:
        return read_markdown(source.path, source.data, source.config, keep_images=source.keep_images)
