"""Which cases go into the brochure, in which chapter and order (shared by PDF, HTML and Word output)."""

from __future__ import annotations

from dataclasses import dataclass, field

from jlt_cli.config import Config
from jlt_cli.model import Case
from jlt_cli.understand.print_size import case_print_size
from jlt_cli.understand.units import unit_rank


@dataclass
class Chapter:
    type: str  # short name
    title: str  # the chapter's title: 社区学校建设案例
    cases: list[Case] = field(default_factory=list)


@dataclass
class Selection:
    chapters: list[Chapter]
    excluded: list[Case]

    @property
    def included(self) -> list[Case]:
        return [c for ch in self.chapters for c in ch.cases]


def too_long_to_print(case: Case, config: Config) -> str | None:
    """Why a too-long case is left out of the book (it would print over limits.build_max_pages), or None.

    Typesetting such a case would put a hundred pages of one unit's text into the book and cost the build
    minutes and gigabytes; it already has a too-long warning. ``jlt build --include-long`` lifts the cap.
    """
    cap = int(config.get("limits", "build_max_pages"))
    chars = case.chars
    if cap <= 0 or chars <= int(config.get("limits", "max_chars")):
        return None
    pages = case_print_size(case, config).pages
    if pages <= cap:
        return None
    return (f"正文 {chars:,} 字，印出来约 {pages} 页，超过汇编排版上限 {cap} 页（limits.build_max_pages），未排入汇编，"
            "以免一篇案例占去上百页。请单位精简后重新报送；确需全文收入时，用 jlt build --include-long 重新生成。")


def select_cases(cases: list[Case], config: Config) -> Selection:
    """Valid cases into chapters (附件1 order unless config says otherwise); the rest excluded.

    A valid case far too long to print (``too_long_to_print``) is excluded too.
    """
    order = [t for t in config.get("brochure", "chapters") if t in config.type_names] or config.type_names
    chapters = [Chapter(t, config.type_chapter(t)) for t in order]
    by_type = {ch.type: ch for ch in chapters}
    excluded = []
    for case in cases:
        if (case.status != "valid" or case.type not in by_type or (case.decision and not case.decision.include)
                or too_long_to_print(case, config)):
            excluded.append(case)
        else:
            by_type[case.type].cases.append(case)
    mode = config.get("brochure", "case_order")
    explicit = [str(x) for x in config.get("brochure", "explicit_order")]
    for ch in chapters:
        ch.cases.sort(key=lambda c: _sort_key(c, mode, explicit, config))
    return Selection([ch for ch in chapters], excluded)


def _sort_key(case: Case, mode: str, explicit: list[str], config: Config):
    if mode == "explicit":
        name = case.path.name
        pos = explicit.index(name) if name in explicit else (
            explicit.index(case.display_path) if case.display_path in explicit else len(explicit)
        )
        return (pos, case.display_path)
    if mode == "title":
        return (case.title, case.display_path)
    return (unit_rank(case.unit, config), case.unit, case.title, case.display_path)
