"""Rules about the shape of a case: title, the four parts, their order, the type (附件1)."""

from __future__ import annotations

from typing import Iterator

from jlt_cli.checks.registry import CheckContext, Hit, case_rule
from jlt_cli.model import TYPE_FULL_NAMES, Case, Severity

PART_ORDER = ("basic", "measures", "results", "plans")
FORMAT_HINT = "附件1的格式：一、基本情况 二、具体措施 三、工作成效 四、下步工作打算"


def _part_names(ctx: CheckContext) -> dict[str, str]:
    return {k: ctx.config.get("sections", k, "name", default=k) for k in PART_ORDER}


def is_case(case: Case) -> bool:
    """A readable file with at least two of the four parts; the other structure rules only apply then."""
    return case.readable and len({s.key for s in case.sections}) >= 2


@case_rule("not-a-case", Severity.ERROR, "不是案例：四个正文部分找到不足两个（通知、总结等）")
def not_a_case(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    if not case.readable or is_case(case):
        return
    found = [s.name for s in case.sections]
    got = f"只找到“{found[0]}”" if found else "一个也没有找到"
    yield Hit(
        f"这不像一篇案例：四个正文部分（基本情况、具体措施、工作成效、下步工作打算）{got}。"
        f"它可能是通知、工作总结或其他材料。若确是案例，请按{FORMAT_HINT}分部分撰写，每部分单独一行标题。"
    )


@case_rule("missing-title", Severity.ERROR, "找不到案例题目")
def missing_title(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    if is_case(case) and not case.title:
        yield Hit("找不到案例题目。请在正文最前面单独一行写出题目，或加一行“案例题目：××××”。", line=1)


@case_rule("missing-section", Severity.ERROR, "缺少附件1规定的某个部分")
def missing_section(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    if not is_case(case):
        return
    names = _part_names(ctx)
    present = {s.key for s in case.sections}
    synonyms = ctx.config.get("sections", default={})
    for i, key in enumerate(PART_ORDER):
        if key in present:
            continue
        alt = "、".join(f"“{s}”" for s in (synonyms.get(key, {}).get("synonyms") or [])[1:3])
        also = f"（也可写作{alt}）" if alt else ""
        yield Hit(
            f"缺少“{names[key]}”部分。请按附件1补充一节，标题写作“{'一二三四'[i]}、{names[key]}”{also}。",
            section=names[key],
        )


@case_rule("section-order", Severity.WARNING, "各部分的顺序与附件1不一致")
def section_order(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    if not is_case(case):
        return
    keys = [s.key for s in case.sections]
    expected = [k for k in PART_ORDER if k in keys]
    if keys != expected:
        names = _part_names(ctx)
        first_wrong = next(s for s, e in zip(case.sections, expected) if s.key != e)
        yield Hit(
            f"各部分顺序为 {'→'.join(names[k] for k in keys)}，附件1的顺序是 "
            f"{'→'.join(names[k] for k in expected)}。请调整顺序（汇编时将按附件1的顺序排列）。",
            line=first_wrong.line,
            section=first_wrong.name,
        )


@case_rule("empty-section", Severity.ERROR, "某个部分只有标题、没有内容")
def empty_section(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    if not is_case(case):
        return
    minimum = int(ctx.config.get("limits", "section_min_chars", default=20))
    for s in case.sections:
        if s.chars < minimum:
            amount = "没有内容" if s.chars == 0 else f"只有 {s.chars} 个字"
            yield Hit(
                f"“{s.name}”部分（标题“{s.heading}”）{amount}。请在该标题下写出具体内容（至少 {minimum} 字）。",
                line=s.line,
                section=s.name,
            )


@case_rule("unknown-type", Severity.ERROR, "无法确定案例属于三类中的哪一类")
def unknown_type(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    if not is_case(case) or case.declared_type or case.inferred_type:
        return
    names = "、".join(TYPE_FULL_NAMES.values())
    fix = f"请在题目下加一行“案例类型：×××”（{names}之一）。"
    min_score = float(ctx.config.get("classification", "min_score", default=6))
    ranked = sorted(case.type_scores.items(), key=lambda kv: -kv[1])
    tied = [t for t, score in ranked if score == ranked[0][1]] if ranked else []
    if len(tied) >= 2 and ranked[0][1] >= min_score:
        # plenty of evidence, but no type dominates: say so, a "too few terms" message would mislead
        names = [TYPE_FULL_NAMES.get(t, t) for t in tied]
        both = "”和“".join(names) if len(names) == 2 else "”“".join(names)
        yield Hit(
            f"无法判断案例类型：文中“{both}”的特征词一样多（得分均为 {ranked[0][1]:g}），"
            f"看不出以哪一类为主，也没有声明类型。{fix}"
        )
        return
    yield Hit(f"无法判断案例类型：文中没有足够的类型特征词，也没有声明类型。{fix}")


@case_rule("type-mismatch", Severity.WARNING, "声明的类型与内容不符")
def type_mismatch(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    if not is_case(case) or not case.declared_type or not case.inferred_type:
        return
    if case.declared_type == case.inferred_type:
        return
    ratio = float(ctx.config.get("classification", "mismatch_ratio", default=2.0))
    declared_score = case.type_scores.get(case.declared_type, 0.0)
    inferred_score = case.type_scores.get(case.inferred_type, 0.0)
    if inferred_score < ratio * max(declared_score, 1.0):
        return
    hits = case.type_hits.get(case.inferred_type, {})
    evidence = "、".join(f"{t}×{n}" for t, n in sorted(hits.items(), key=lambda kv: -kv[1])[:4])
    source = "文件名" if case.declared_type_source == "文件名" else "文中"
    if case.declared_overruled:
        yield Hit(
            f"文件名中的类型是“{TYPE_FULL_NAMES[case.declared_type]}”，但内容明显是"
            f"“{TYPE_FULL_NAMES[case.inferred_type]}”（依据：{evidence}），汇编时按内容编入“{TYPE_FULL_NAMES[case.inferred_type]}”。"
            f"如确属前者，请在题目下加一行“案例类型：{TYPE_FULL_NAMES[case.declared_type]}”。"
        )
        return
    yield Hit(
        f"{source}声明的类型是“{TYPE_FULL_NAMES[case.declared_type]}”，但内容更像"
        f"“{TYPE_FULL_NAMES[case.inferred_type]}”（依据：{evidence}）。请核对案例类型；"
        f"汇编时按声明的类型编排。"
    )


TEMPLATE_HINT = "【填写提示】"


@case_rule("template-hint", Severity.ERROR, "模板的【填写提示】没有删除")
def template_hint(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    # `jlt template` marks every hint this way; a hint left in would be printed in the brochure
    for section in case.sections:
        for block in section.blocks:
            if TEMPLATE_HINT in block.text:
                yield Hit(
                    f"“{section.name}”部分还留着模板的{TEMPLATE_HINT}文字。请删除提示，换成本单位的实际内容。",
                    line=block.line,
                    section=section.name,
                )
                break
    for block in case.preamble:
        if TEMPLATE_HINT in block.text:
            yield Hit(f"题目或单位处还留着模板的{TEMPLATE_HINT}文字。请删除提示，填写实际内容。", line=block.line)
            break


@case_rule("multiple-cases", Severity.ERROR, "一个文件里有两篇案例")
def multiple_cases(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    if not is_case(case) or case.repeated_part is None:
        return
    heading, line = case.repeated_part
    yield Hit(
        f"各部分写完后又出现了“{heading}”：这个文件里似乎有两篇案例。jlt 只能读出第一篇，后一篇被并进了"
        f"“{case.sections[-1].name}”。请把每篇案例分别存成一个文件后重新提交。",
        line=line,
    )
