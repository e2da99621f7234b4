"""The plain data a submission becomes: blocks read from a file, then a Case.

Readers produce a SourceDocument (a flat list of Blocks in reading order); the
understand package turns it into a Case (metadata + canonical sections); checks
add Findings. Nothing here knows about file formats or output formats.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


class BlockKind(str, enum.Enum):
    HEADING = "heading"  # a paragraph the reader knows is a heading (style, markdown #)
    PARAGRAPH = "paragraph"
    TABLE = "table"
    IMAGE = "image"


@dataclass
class Image:
    """A picture kept in reading order. ``data`` is None when it was dropped."""

    name: str
    content_type: str = ""
    data: bytes | None = None
    width: int | None = None
    height: int | None = None
    caption: str = ""


@dataclass
class Block:
    kind: BlockKind
    text: str = ""
    # 1-based position the user can find: the source line for text formats; for DOCX the
    # block's number among the non-empty paragraphs, tables and pictures, in reading order.
    line: int | None = None
    # Heading level when the format says so (Heading 1 style, ``#``); None otherwise.
    level: int | None = None
    style: str = ""
    # True when every visible run of the paragraph is bold.
    bold: bool = False
    centered: bool = False
    # Automatic numbering label drawn by Word ("一、", "（一）") that is not part of ``text``.
    label: str = ""
    # Table rows (cells as plain text) when kind is TABLE.
    rows: list[list[str]] | None = None
    image: Image | None = None
    # DOCX only: where the block sits in the main document part, so an output can find it again (the annotated
    # copy's comments): "p12" is the 13th w:p of the part in document order, "tbl3" the 4th w:tbl; a picture
    # has its paragraph's. None for other formats and for text not in the body (notes, page headers).
    anchor: str | None = None

    @property
    def display_text(self) -> str:
        """Text as the reader of the original sees it (numbering label included)."""
        return f"{self.label}{self.text}" if self.label else self.text


@dataclass
class Finding:
    rule: str
    severity: Severity
    message: str
    line: int | None = None
    section: str | None = None
    # Reason given in config when staff accepted this finding; a waived finding
    # is still reported but no longer counts as an error or warning.
    waived: str | None = None
    to_unit: str | None = None  # see Problem.to_unit

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "section": self.section,
            "line": self.line,
            **({"waived": self.waived} if self.waived else {}),
            **({"to_unit": self.to_unit} if self.to_unit else {}),
        }


@dataclass
class Problem:
    """What a reader noticed but could read past: a rule id, a Chinese message and where.

    Readers never decide severity; the pipeline turns every problem into a Finding with the severity
    jlt.yaml gives that rule (the one place that does, for readers and checks alike).
    """

    rule: str
    message: str
    line: int | None = None
    section: str | None = None
    # One level below the rule's severity (an error rule gives a warning): the milder side of a pair, such as
    # the first-received of two similar cases, which is told about the other without being held back.
    milder: bool = False
    # What the unit is told instead of ``message`` (letters, the unit's page) when the unit has to do something other
    # than what staff read (a case sent zipped: send the .docx itself) or has nothing to fix (an old draft).
    to_unit: str | None = None


# Where a declared type came from when staff decided it in jlt.yaml (files:); it is final.
STAFF_DECISION = "工作人员决定"


@dataclass
class Decision:
    """What staff decided for one file in jlt.yaml (``files:``), with the reason every affected output shows."""

    reason: str
    type: str | None = None  # a type's short name
    unit: str | None = None
    title: str | None = None
    include: bool = True
    # The title jlt read before ``title`` replaced it ("" when it found none): letters and describe() name both.
    original_title: str = ""

    def describe(self, type_name: str | None = None) -> str:
        """One Chinese line: 改列“困境儿童帮扶案例”；题目改为《…》（原题目《…》）；不收入汇编（理由：…）."""
        parts = []
        if self.type:
            parts.append(f"改列“{type_name or self.type}”")
        if self.unit:
            parts.append(f"报送单位定为“{self.unit}”")
        if self.title:
            was = f"（原题目《{self.original_title}》）" if self.original_title and self.original_title != self.title else ""
            parts.append(f"题目改为《{self.title}》{was}")
        if not self.include:
            parts.append("不收入汇编")
        return f"工作人员决定：{'；'.join(parts)}（理由：{self.reason}）"


@dataclass
class SourceDocument:
    """What a reader got out of one file, before any interpretation."""

    path: Path
    format: str  # "docx", "markdown", "text", ...
    blocks: list[Block] = field(default_factory=list)
    # Problems the reader noticed but could read past (tracked changes left, macros, dropped pictures).
    problems: list[Problem] = field(default_factory=list)
    # Text of a page header, kept apart: it may name the unit but is not case content.
    header_text: str = ""
    footer_text: str = ""  # the same for page footers (a few units sign there)


class ReadError(Exception):
    """A file that cannot be read as a case: becomes one finding for that file."""

    def __init__(self, rule: str, message: str, to_unit: str | None = None):
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.to_unit = to_unit  # see Problem.to_unit


# What `jlt template` puts in front of every hint: a hint left in a submission is not the unit's text.
TEMPLATE_HINT = "【填写提示】"


@dataclass
class Section:
    key: str  # a key of the configuration's ``sections`` (basic, measures, results, plans)
    name: str  # canonical Chinese name, e.g. 基本情况
    heading: str  # the heading as written in the file
    line: int | None = None
    blocks: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = []
        for b in self.blocks:
            if b.kind is BlockKind.TABLE and b.rows:
                parts.extend("\t".join(r) for r in b.rows)
            elif b.kind is not BlockKind.IMAGE:
                # a hint left from the template (to the end of its paragraph) is no content; template-hint reports it
                parts.append(b.display_text.split(TEMPLATE_HINT, 1)[0])
        return "\n".join(p for p in parts if p)

    @property
    def chars(self) -> int:
        return count_chars(self.text)


def count_chars(text: str) -> int:
    """Characters a reader counts: everything but white space."""
    return len("".join(text.split()))  # C-speed; runs for every part of every file


@dataclass
class Case:
    path: Path
    display_path: str  # path as shown to the user (relative to what was given)
    format: str
    title: str = ""
    title_line: int | None = None
    # The unit as it prints everywhere: a unit of the call under its one name (units.print), anything else as
    # written. ``unit_written`` keeps the text as found (报送单位 line, signature, headline, file name…).
    unit: str = ""
    unit_line: int | None = None
    unit_written: str = ""
    contact: str = ""
    phone: str = ""
    declared_type: str | None = None  # a type's short name, as configured (社区学校 …)
    declared_type_source: str = ""  # "文件内容" / "文件名"
    inferred_type: str | None = None
    type_confidence: float = 0.0
    type_scores: dict[str, float] = field(default_factory=dict)
    type_evidence: list[str] = field(default_factory=list)
    # term -> count per type behind the scores (explains a type-mismatch)
    type_hits: dict[str, dict[str, int]] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    # Blocks before the first part (title, metadata, lead text), and unmatched parts.
    preamble: list[Block] = field(default_factory=list)
    # Lines of the header the unit must give (报送单位/联系人/电话…): kept out of body checks and the brochure.
    metadata_lines: set[int] = field(default_factory=set)
    header_text: str = ""
    footer_text: str = ""
    # The type came only from the file name and the content clearly says another: the content's counts.
    declared_overruled: bool = False
    # What staff decided for this file in jlt.yaml (files:), already applied to type, unit and title.
    decision: Decision | None = None
    # A part heading met again after the last part (two cases pasted into one file): (heading, line).
    repeated_part: tuple[str, int | None] | None = None
    findings: list[Finding] = field(default_factory=list)
    # False when the file could not be read at all (unreadable, unsupported...).
    readable: bool = True

    @property
    def is_case(self) -> bool:
        """A readable file with at least two of the parts: a case, not a notice or a summary.

        The other structure rules, the type and the editorial checks only apply to a case.
        """
        return self.readable and len({s.key for s in self.sections}) >= 2

    @property
    def type(self) -> str | None:
        """Declared type when the case is valid, else the inferred one (as the JSON contract says).

        A file that is not a case at all (a notice, a summary) has no type, so it is not counted under one
        in the summaries.
        """
        if not self.is_case:
            return None
        if self.declared_type and self.declared_type_source == STAFF_DECISION:
            return self.declared_type
        if self.declared_type and self.status == "valid" and not self.declared_overruled:
            return self.declared_type
        return self.inferred_type or self.declared_type

    def active_findings(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.active_findings() if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.active_findings() if f.severity is Severity.WARNING)

    @property
    def status(self) -> str:
        return "invalid" if self.errors else "valid"

    @property
    def excluded_by_staff(self) -> bool:
        """Staff decided in jlt.yaml (include: false) that this file stays out of the brochure, whatever it holds."""
        return self.decision is not None and not self.decision.include

    def section(self, key: str) -> Section | None:
        for s in self.sections:
            if s.key == key:
                return s
        return None

    def body_blocks(self) -> list[Block]:
        """All content of the four parts, in order."""
        return [b for s in self.sections for b in s.blocks]

    @property
    def body_text(self) -> str:
        return "\n".join(s.text for s in self.sections)

    @property
    def chars(self) -> int:
        return sum(s.chars for s in self.sections)

    def images(self) -> list[Image]:
        return [b.image for b in self.body_blocks() if b.kind is BlockKind.IMAGE and b.image]
