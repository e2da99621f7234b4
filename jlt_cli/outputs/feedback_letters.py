"""``jlt feedback``: one Word letter per submitting unit, telling it what to change."""

from __future__ import annotations

import datetime

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from jlt_cli.base.numerals import chinese_date, ordinal_label
from jlt_cli.model import Case, Finding, Severity
from jlt_cli.outputs.common import NO_UNIT, location_label, unit_of
from jlt_cli.outputs.word import add_run, indent_first_line, style_document
from jlt_cli.understand.units import UnitNames

if TYPE_CHECKING:
    from jlt_cli.config import Config

LETTER_TITLE = "关于报送案例的修改意见"
CONFIRM_TITLE = "关于报送案例的审核确认"

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
    def to_fix(self) -> list[Case]:
        return [c for c in self.cases if problems_of(c)]

    @property
    def passed(self) -> list[Case]:
        return [c for c in self.cases if not problems_of(c)]


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
        key = names.key(unit_of(case))
        groups.setdefault(key, UnitFeedback(key)).cases.append(case)
    for key, group in groups.items():
        group.unit = names.name(key)
    return sorted(groups.values(), key=lambda g: (g.unit == NO_UNIT, g.unit))


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


def _problem_text(case: Case, f: Finding) -> str:
    where = "，".join(x for x in (location_label(case, f), f"“{f.section}”部分" if f.section else "") if x)
    return message_for_unit(f.message) + (f"（{where}）" if where else "")


def build_letter(group: UnitFeedback, config: "Config", confirm: bool = False):
    """The letter as a python-docx Document (not saved)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    for section in doc.sections:
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    fonts = style_document(doc, config, body_pt=14)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(18)
    add_run(title, CONFIRM_TITLE if confirm else LETTER_TITLE, fonts["title"], bold=True, size_pt=22)

    addressee = group.unit if group.unit != NO_UNIT else "报送单位"
    add_run(doc.add_paragraph(), f"{addressee}：", fonts["serif"])

    to_fix = group.to_fix
    n_err = sum(1 for c in to_fix if c.errors)
    thanks = "感谢贵单位报送家校社协同育人“教联体”建设成果案例。"
    if confirm:
        opening = f"{thanks}经审核，贵单位报送的 {len(group.cases)} 个文件符合征集要求，无需修改。"
    elif n_err:
        extra = "，另有部分内容建议完善" if len(to_fix) > n_err or any(c.warnings for c in to_fix) else ""
        opening = f"{thanks}经审核，贵单位报送的 {len(group.cases)} 个文件中，有 {n_err} 个需要修改后重新报送{extra}。具体意见如下："
    else:
        opening = f"{thanks}经审核，贵单位报送的案例符合征集要求，以下几处建议修改完善："
    p = doc.add_paragraph()
    indent_first_line(p, body_pt=14)
    add_run(p, opening, fonts["serif"])

    for i, case in enumerate(to_fix):
        number = ordinal_label(i + 1)
        head = doc.add_paragraph()
        head.paragraph_format.space_before = Pt(6)
        add_run(head, f"{number}、{Path(case.display_path).name}", fonts["sans"])
        line = doc.add_paragraph()
        indent_first_line(line, body_pt=14)
        # the file name is the unit's; the folder it sits in on the staff's disk is not theirs to know
        add_run(line, f"案例题目：{case.title or '（未能识别题目）'}", fonts["kai"])
        errors = [f for f in problems_of(case) if f.severity is Severity.ERROR]
        warnings = [f for f in problems_of(case) if f.severity is not Severity.ERROR]
        for label, items in (("必须修改", errors), ("建议修改", warnings)):
            if not items:
                continue
            sub = doc.add_paragraph()
            indent_first_line(sub, body_pt=14)
            add_run(sub, f"{label}：", fonts["serif"], bold=True)
            for k, f in enumerate(items, 1):
                item = doc.add_paragraph()
                indent_first_line(item, body_pt=14)
                add_run(item, f"{k}. {_problem_text(case, f)}", fonts["serif"])

    if not confirm and group.passed:
        p = doc.add_paragraph()
        indent_first_line(p, body_pt=14)
        # the file name too when the same title is also among the files to fix (a draft and its 修改稿)
        fixing = {c.title for c in group.to_fix}
        names = "、".join(
            (f"《{c.title}》（{Path(c.display_path).name}）" if c.title in fixing else f"《{c.title}》")
            if c.title else Path(c.display_path).name for c in group.passed)
        add_run(p, f"另，贵单位报送的{names}审核通过，无需修改。", fonts["serif"])

    closing = []
    deadline = str(config.get("feedback", "deadline") or "").strip()
    must_fix = any(f.severity is Severity.ERROR for c in group.cases for f in problems_of(c))
    if not confirm and must_fix:
        closing.append(f"请于{deadline}前将修改后的案例重新报送。" if deadline else "请修改完善后重新报送。")
    elif not confirm:
        # only suggestions: the case is accepted as it is; a revised version is welcome, not required
        closing.append(f"如作修改，请于{deadline}前重新报送；不修改的，按原稿收录。" if deadline
                       else "如作修改，请修改后重新报送；不修改的，按原稿收录。")
    contact = str(config.get("feedback", "contact") or "").strip()
    if contact:
        closing.append(f"如有疑问，请联系{contact}。")
    if closing:
        p = doc.add_paragraph()
        indent_first_line(p, body_pt=14)
        p.paragraph_format.space_before = Pt(12)
        add_run(p, "".join(closing), fonts["serif"])

    issuer = str(config.get("brochure", "issuer") or "")
    # the day the letter is written, not the brochure's launch month
    date = str(config.get("feedback", "date") or "") or chinese_date(datetime.date.today())
    for text, space in ((issuer, 24), (date, 0)):
        if text:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.space_before = Pt(space)
            add_run(p, text, fonts["serif"])
    return doc


@dataclass
class LetterPlan:
    unit: str
    filename: str
    confirm: bool
    files: int
    problems: int


def plan_letters(
    cases: Iterable[Case], confirm: bool = False, config: "Config | None" = None
) -> list[tuple[UnitFeedback, LetterPlan]]:
    plans = []
    for group in group_by_unit(cases, config):
        needs = bool(group.to_fix)
        if not needs and not confirm:
            continue
        plans.append(
            (
                group,
                LetterPlan(
                    group.unit,
                    letter_filename(group.unit, confirm=not needs),
                    not needs,
                    len(group.cases),
                    sum(len(problems_of(c)) for c in group.cases),
                ),
            )
        )
    return plans


STALE_FOLDER = "旧版"


def write_letters(
    cases: Iterable[Case], config: "Config", out_dir: Path, confirm: bool = False, moved_aside: list[str] | None = None
) -> list[LetterPlan]:
    """Write every letter into a temp folder beside ``out_dir``, then move them in (all or nothing).

    Letters of an earlier run that this run no longer writes (the unit has fixed its case) would be sent
    by mistake with the rest: they are moved into ``旧版/`` and their names added to ``moved_aside``.
    """
    out_dir = Path(out_dir)
    plans = plan_letters(cases, confirm=confirm, config=config)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".jlt-feedback-", dir=out_dir.parent))
    try:
        for group, plan in plans:
            build_letter(group, config, confirm=plan.confirm).save(tmp / plan.filename)
        if not out_dir.exists():
            os.replace(tmp, out_dir)  # one rename: the folder appears complete or not at all
            return [plan for _, plan in plans]
        for _, plan in plans:
            os.replace(tmp / plan.filename, out_dir / plan.filename)
        current = {plan.filename for _, plan in plans}
        stale = sorted(p for p in out_dir.glob("*.docx") if p.name not in current and (
            p.name.endswith(f"-{LETTER_TITLE}.docx") or p.name.endswith(f"-{CONFIRM_TITLE}.docx")))
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
