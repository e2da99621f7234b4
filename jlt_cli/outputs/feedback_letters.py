"""``jlt feedback``: one Word letter per submitting unit, telling it what to change."""

from __future__ import annotations

import datetime

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from jlt_cli.base.atomic import private_tempdir
from jlt_cli.base.numerals import chinese_date, ordinal_label
from jlt_cli.model import Case, Finding, Severity
from jlt_cli.outputs.common import NO_UNIT, display_width, location_label
from jlt_cli.outputs.word import add_run, indent_first_line, page_number_footers, style_document
from jlt_cli.understand.units import SEAL_NOTE, UnitNames, looks_like_unit, match_unit, normalise, unit_from_path

if TYPE_CHECKING:
    from jlt_cli.config import Config

LETTER_TITLE = "关于报送案例的修改意见"
CONFIRM_TITLE = "关于报送案例的审核确认"
# What is sent with a letter (jlt feedback --annotate): the unit's .docx with comments, or a plain-text list.
ANNOTATED_SUFFIX = "（审核批注）.docx"
LIST_SUFFIX = "（审核意见）.txt"
OUR_SUFFIXES = (f"-{LETTER_TITLE}.docx", f"-{CONFIRM_TITLE}.docx", ANNOTATED_SUFFIX, LIST_SUFFIX)

def safe_filename(name: str) -> str:
    """A unit name usable as a file name on Windows and Linux."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")
    return cleaned[:80] or NO_UNIT


# ---------------------------------------------------------------- letters


@dataclass
class UnitFeedback:
    unit: str
    cases: list[Case] = field(default_factory=list)

    @property
    def set_aside(self) -> list[Case]:
        """Files the unit is only told the fate of (settled_note): nothing in them is to fix."""
        return [c for c in self.cases if settled_note(c)]

    @property
    def to_fix(self) -> list[Case]:
        return [c for c in self.cases if problems_of(c) and not settled_note(c)]

    @property
    def passed(self) -> list[Case]:
        return [c for c in self.cases if not problems_of(c) and not settled_note(c)]

    @property
    def has_news(self) -> bool:
        """Something the unit must hear of even when nothing is to fix: a file set aside, a title staff changed."""
        return bool(self.set_aside) or any(title_note(c) for c in self.cases)


def named(case: Case) -> str:
    """《题目》（文件名）: how a letter names one of the unit's files (the folder on the staff's disk is not theirs)."""
    name = Path(case.display_path).name
    return f"《{case.title}》（{name}）" if case.title else f"“{name}”"


def title_note(case: Case) -> str | None:
    """The sentence telling the unit that staff changed its title (jlt.yaml title:), old and new, or None."""
    d = case.decision
    if d is None or not d.title:
        return None
    was = f"原题目《{d.original_title}》" if d.original_title else "原文件中未能识别题目"
    return f"题目按工作人员决定改为《{d.title}》，{was}。"


# Rules whose (unwaived) finding means the file gives way to another of the unit's files and is not handled itself.
GIVES_WAY = {"duplicate"}


def settled_note(case: Case) -> str | None:
    """The one sentence a unit is told about a file that is not handled as a case to fix, or None.

    A file staff excluded (jlt.yaml include: false) is out of the brochure whatever it holds: the unit hears that
    and the reason, not a list of problems it need not fix. So does a file that gives way to another of the unit's
    files (an old draft beside its 修改稿, a second copy): the rule says what replaced it.
    """
    if case.excluded_by_staff:
        reason = case.decision.reason.rstrip("。；;")
        return f"{named(case)}经工作人员决定，不收入汇编。理由：{reason}。"
    for f in case.active_findings():
        if f.rule in GIVES_WAY:
            return named(case) + unit_message(f)
    return None


def problems_of(case: Case) -> list[Finding]:
    """What the unit has to act on: active findings, errors first (waived ones were accepted by staff)."""
    active = case.active_findings()
    return [f for f in active if f.severity is Severity.ERROR] + [f for f in active if f.severity is not Severity.ERROR]


def group_by_unit(cases: Iterable[Case], config: "Config | None" = None) -> list[UnitFeedback]:
    """One group per unit; with ``config``, the names one unit goes by (合川区钱塘镇人民政府, and 钱塘镇 for its
    unreadable .doc found in the 钱塘镇 folder) are one letter, addressed with the fullest name."""
    names = UnitNames(config, unknown=NO_UNIT)
    groups: dict[str, UnitFeedback] = {}
    for case in cases:
        key = names.key(letter_unit(case, config))
        groups.setdefault(key, UnitFeedback(key)).cases.append(case)
    for key, group in groups.items():
        group.unit = names.name(key)
    return sorted(groups.values(), key=lambda g: (g.unit == NO_UNIT, g.unit))


def letter_unit(case: Case, config: "Config | None") -> str:
    """Whom the letter for ``case`` goes to: the unit the file names, else the unit its file name or folder names
    (units.unit_from_path, as the pipeline does for a file without one), else what the file wrote in the unit's
    place; 未识别单位 only when none of them says.

    A 报送单位 line left as the template had it (“（盖章）”, “报送单位”) names nobody: the file name still may.
    """
    written = (case.unit or "").strip()
    if config is None:
        return written or NO_UNIT
    if written and (match_unit(written, config) is not None or looks_like_unit(written)):
        return written
    from_path = unit_from_path(Path(case.path), config)
    if from_path:
        return from_path
    return written if written and not _placeholder(written, config) else NO_UNIT


def _placeholder(text: str, config: "Config") -> bool:
    """A seal note or a field label where the unit's name should be."""
    core = normalise(SEAL_NOTE.sub("", text))
    labels = {normalise(str(x)) for x in config.get("metadata_labels", "unit") or []}
    return not core or core in labels or bool(SEAL_NOTE.fullmatch(f"（{core}）"))


def letter_filename(unit: str, confirm: bool = False) -> str:
    return f"{safe_filename(unit)}-{CONFIRM_TITLE if confirm else LETTER_TITLE}.docx"


# Clauses meant for staff (how to tune jlt), not for the unit that has to rewrite its case.
_STAFF_ONLY = re.compile(r"jlt\.yaml|jlt |--[a-z]")


def message_for_unit(message: str) -> str:
    """The finding message without staff-only clauses (“下限可在 jlt.yaml 的 … 调整”)."""
    parts = re.split(r"(?<=[。；;])", message)
    kept = [p for p in parts if p and not _STAFF_ONLY.search(p)]
    text = "".join(kept).strip() or message
    return text[:-1] + "。" if text.endswith(("；", ";")) else text


def unit_message(f: Finding) -> str:
    """What the unit reads for a finding: the rule's own words for the unit, else the message without staff clauses."""
    return f.to_unit or message_for_unit(f.message)


def _problem_text(case: Case, f: Finding) -> str:
    where = "，".join(x for x in (location_label(case, f), f"“{f.section}”部分" if f.section else "") if x)
    return unit_message(f) + (f"（{where}）" if where else "")


# GB/T 9704-2012: body 三号 (16 pt) 仿宋, title 二号 (22 pt) 小标宋, 22 lines to the 225 mm type area.
BODY_PT = 16.0
LINE_PT = 28.95
TITLE_PT = 22.0
LINK_PT = 10.5  # a unit's link (单位链接) on one line of the letter


def _chars(text: str) -> float:
    """Width of ``text`` in Chinese characters (a half-width digit is half of one)."""
    return display_width(text) / 2


def build_letter(group: UnitFeedback, config: "Config", confirm: bool = False,
                 attachments: dict[str, str] | None = None, link: str | None = None):
    """The letter as a python-docx Document (not saved), laid out as a GB/T 9704 letter.

    ``attachments``: display path → file name of the annotated copy (or list) sent with the letter.
    ``link``: the unit's own upload address (单位链接, jlt serve), printed when the round has one.
    """
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    fonts = style_document(doc, config, body_pt=BODY_PT, body="fangsong", line_pt=LINE_PT)
    page_number_footers(doc, doc.sections[0], fonts["body"])
    attachments = attachments or {}

    def paragraph(text: str = "", font: str | None = None, *, indent: bool = True, bold: bool = False,
                  keep_next: bool = False):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            indent_first_line(p, body_pt=BODY_PT)
        if keep_next:
            p.paragraph_format.keep_with_next = True
        if text:
            add_run(p, text, font or fonts["body"], bold=bold)
        return p

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(TITLE_PT * 1.6)
    title.paragraph_format.space_after = Pt(LINE_PT)  # one blank line under the title
    title.paragraph_format.keep_with_next = True
    add_run(title, CONFIRM_TITLE if confirm else LETTER_TITLE, fonts["title"], size_pt=TITLE_PT)

    addressee = group.unit if group.unit != NO_UNIT else "报送单位"
    paragraph(f"{addressee}：", indent=False)  # 主送机关 顶格

    to_fix = group.to_fix
    n_err = sum(1 for c in to_fix if c.errors)
    thanks = "感谢贵单位报送家校社协同育人“教联体”建设成果案例。"
    if confirm and group.has_news:
        opening = f"{thanks}经审核，现将贵单位报送的 {len(group.cases)} 个文件的处理情况告知如下："
    elif confirm:
        opening = f"{thanks}经审核，贵单位报送的 {len(group.cases)} 个文件符合征集要求，无需修改。"
    elif n_err:
        extra = "，另有部分内容建议完善" if len(to_fix) > n_err or any(c.warnings for c in to_fix) else ""
        opening = f"{thanks}经审核，贵单位报送的 {len(group.cases)} 个文件中，有 {n_err} 个需要修改后重新报送{extra}。具体意见如下："
    else:
        opening = f"{thanks}经审核，贵单位报送的案例符合征集要求，以下几处建议修改完善："
    last = paragraph(opening)

    for i, case in enumerate(to_fix):
        number = ordinal_label(i + 1)
        # 一级标题 黑体, 二级 楷体, 三级 仿宋加粗 (GB/T 9704 7.3.3); a heading never ends a page
        paragraph(f"{number}、{Path(case.display_path).name}", fonts["sans"], keep_next=True)
        # the file name is the unit's; the folder it sits in on the staff's disk is not theirs to know
        paragraph(f"案例题目：{case.title or '（未能识别题目）'}", fonts["kai"], keep_next=True)
        if title_note(case):
            paragraph(title_note(case), keep_next=True)
        attached = attachments.get(case.display_path)
        if attached:
            how = "逐条批注" if attached.endswith(".docx") else "逐条列出"
            paragraph(f"以下问题已在随函附送的《{attached}》中{how}，请对照修改。", keep_next=True)
        errors = [f for f in problems_of(case) if f.severity is Severity.ERROR]
        warnings = [f for f in problems_of(case) if f.severity is not Severity.ERROR]
        for label, items in (("必须修改", errors), ("建议修改", warnings)):
            if not items:
                continue
            paragraph(f"{label}：", bold=True, keep_next=True)
            for k, f in enumerate(items, 1):
                last = paragraph(f"{k}. {_problem_text(case, f)}")

    for k, case in enumerate(group.set_aside):
        # after the files to fix, “另，”; in a letter of notices only, the notices are its content
        lead = "另，" if (to_fix and k == 0) else ""
        last = paragraph(lead + settled_note(case))

    if group.passed and (not confirm or group.has_news):
        # the file name too when the same title is also among the other files (a draft and its 修改稿)
        others = {c.title for c in group.cases if c not in group.passed}
        names = "、".join(
            (named(c) if c.title in others else f"《{c.title}》") if c.title else Path(c.display_path).name
            for c in group.passed)
        lead = "另，" if to_fix or group.set_aside else ""
        last = paragraph(f"{lead}贵单位报送的{names}审核通过，无需修改。")
        for case in group.passed:
            if title_note(case):
                last = paragraph(f"其中“{Path(case.display_path).name}”的{title_note(case)}")

    closing = []
    deadline = str(config.get("feedback", "deadline") or "").strip()
    must_fix = any(f.severity is Severity.ERROR for c in to_fix for f in problems_of(c))
    if not confirm and must_fix:
        closing.append(f"请于{deadline}前将修改后的案例重新报送。" if deadline else "请修改完善后重新报送。")
    elif not confirm:
        # only suggestions: the case is accepted as it is; a revised version is welcome, not required
        closing.append(f"如作修改，请于{deadline}前重新报送；不修改的，按原稿收录。" if deadline
                       else "如作修改，请修改后重新报送；不修改的，按原稿收录。")
    contact = str(config.get("feedback", "contact") or "").strip()
    if contact:
        closing.append(f"如有疑问，请联系{contact}。")
    if link and not confirm:
        closing.append("贵单位可打开下面的专用链接上传修改稿，上传后几秒内即可看到审核意见，修改完成后点击“正式报送”"
                       "（此链接仅供贵单位使用，请勿转发）：")
    if closing:
        last = paragraph("".join(closing))
    if link and not confirm:
        last = paragraph(indent=False)
        _hyperlink(last, link, fonts["body"])
    _signature(doc, config, fonts["body"], last)
    return doc


def _hyperlink(p, url: str, font: str) -> None:
    """``url`` as a link Word opens on a click, small enough to stay on one line (a unit copies it, not types it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = p.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = add_run(p, url, font, size_pt=LINK_PT, colour=(0x1F, 0x4E, 0x79))
    run.font.underline = True
    link.append(run._r)  # moved from the paragraph into the link
    p._p.append(link)


def _signature(doc, config: "Config", font: str, last) -> None:
    """发文机关署名 and 成文日期 (GB/T 9704 7.3.5.2): the date 右空四字, the issuer centred above it; both kept on
    the page of the last paragraph (keep-with-next from that paragraph on, and the paragraph kept whole)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    issuer = str(config.get("brochure", "issuer") or "").strip()
    # the day the letter is written, not the brochure's launch month
    date = str(config.get("feedback", "date") or "").strip() or chinese_date(datetime.date.today())
    wi, wd = _chars(issuer), _chars(date)
    if wd >= wi:
        right = {"issuer": 4 + (wd - wi) / 2, "date": 4.0}
    else:  # a long name: 署名右空二字, the date centred under it
        right = {"issuer": 2.0, "date": 2 + (wi - wd) / 2}
    last.paragraph_format.keep_with_next = True
    last.paragraph_format.keep_together = True
    lines = [("issuer", issuer), ("date", date)] if issuer else [("date", date)]
    for n, (key, text) in enumerate(lines):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(BODY_PT * right[key])
        if n == 0:
            p.paragraph_format.space_before = Pt(LINE_PT)  # one line above: the seal reaches up to the body
        if n < len(lines) - 1:
            p.paragraph_format.keep_with_next = True
        add_run(p, text, font)


@dataclass
class LetterPlan:
    unit: str
    filename: str
    confirm: bool
    files: int
    problems: int
    attachments: list[str] = field(default_factory=list)  # annotated copies / lists sent with the letter


def plan_letters(
    cases: Iterable[Case], confirm: bool = False, config: "Config | None" = None
) -> list[tuple[UnitFeedback, LetterPlan]]:
    plans = []
    for group in group_by_unit(cases, config):
        needs = bool(group.to_fix)
        if not needs and not confirm and not group.has_news:
            continue
        plans.append(
            (
                group,
                LetterPlan(
                    group.unit,
                    letter_filename(group.unit, confirm=not needs),
                    not needs,
                    len(group.cases),
                    sum(len(problems_of(c)) for c in group.to_fix),
                ),
            )
        )
    return plans


STALE_FOLDER = "旧版"
# Writes what goes with a unit's letter into a folder; returns display path → file name written.
Attach = Callable[[UnitFeedback, Path], dict[str, str]]
# The unit's own upload address (单位链接) for the unit a letter goes to, or None.
LinkOf = Callable[[str], "str | None"]


def write_letters(
    cases: Iterable[Case], config: "Config", out_dir: Path, confirm: bool = False, moved_aside: list[str] | None = None,
    attach: Attach | None = None, link_of: LinkOf | None = None,
) -> list[LetterPlan]:
    """Write every letter (and with ``attach``, what goes with it) into a temp folder beside ``out_dir``, then move
    them in (all or nothing).

    Files of an earlier run that this run no longer writes (the unit has fixed its case) would be sent by mistake
    with the rest: they are moved into ``旧版/`` and their names added to ``moved_aside``.
    """
    out_dir = Path(out_dir)
    plans = plan_letters(cases, confirm=confirm, config=config)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = private_tempdir(out_dir)  # renamed into place when there is no folder yet: it must not stay 0700
    try:
        for group, plan in plans:
            attached = attach(group, tmp) if attach is not None and not plan.confirm else {}
            plan.attachments = sorted(attached.values())
            link = link_of(group.unit) if link_of is not None and group.unit != NO_UNIT else None
            build_letter(group, config, confirm=plan.confirm, attachments=attached, link=link).save(tmp / plan.filename)
        if not out_dir.exists():
            os.replace(tmp, out_dir)  # one rename: the folder appears complete or not at all
            return [plan for _, plan in plans]
        current = {plan.filename for _, plan in plans} | {a for _, plan in plans for a in plan.attachments}
        for name in sorted(current):
            os.replace(tmp / name, out_dir / name)
        stale = sorted(p for p in out_dir.iterdir()
                       if p.is_file() and p.name not in current and p.name.endswith(OUR_SUFFIXES))
        if stale:
            (out_dir / STALE_FOLDER).mkdir(exist_ok=True)
            for p in stale:
                os.replace(p, out_dir / STALE_FOLDER / p.name)
                if moved_aside is not None:
                    moved_aside.append(p.name)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return [plan for _, plan in plans]
