"""Rules about the case type: one of the types of the call (configured in jlt.yaml's ``types``)."""

from __future__ import annotations

from typing import Iterator

from jlt_cli.checks.registry import CheckContext, Hit, case_rule
from jlt_cli.model import STAFF_DECISION, Case, Severity


@case_rule("unknown-type", Severity.ERROR)
def unknown_type(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """无法确定案例属于哪一类

    为什么：汇编按类型分章（社区学校建设、护校安园工作、困境儿童帮扶），每篇案例必须归入其中一类。
    jlt 按文中的特征词判断类型；没有声明类型、特征词又太少或几类一样多时，无法判断。
    怎么改：在题目下加一行“案例类型：×××”写明类型；工作人员也可在 jlt.yaml 的 files: 中为该文件指定类型。
    示例：案例类型：护校安园工作案例
    """
    if not case.is_case or case.declared_type or case.inferred_type:
        return
    config = ctx.config
    fix = f"请在题目下加一行“案例类型：×××”（{config.type_list_text()}之一）。"
    min_score = float(config.get("classification", "min_score"))
    ranked = sorted(case.type_scores.items(), key=lambda kv: -kv[1])
    tied = [t for t, score in ranked if score == ranked[0][1]] if ranked else []
    if len(tied) >= 2 and ranked[0][1] >= min_score:
        # plenty of evidence, but no type dominates: say so, a "too few terms" message would mislead
        names = [config.type_full_name(t) for t in tied]
        both = "”和“".join(names) if len(names) == 2 else "”“".join(names)
        yield Hit(
            f"无法判断案例类型：文中“{both}”的特征词一样多（得分均为 {ranked[0][1]:g}），"
            f"看不出以哪一类为主，也没有声明类型。{fix}"
        )
        return
    yield Hit(f"无法判断案例类型：文中没有足够的类型特征词，也没有声明类型。{fix}")


@case_rule("type-mismatch", Severity.WARNING)
def type_mismatch(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """声明的类型与内容不符

    为什么：案例声明的类型（“案例类型：”一行或文件名）决定它编入哪一章；内容明显属于另一类时，可能是沿用了
    别的模板或填错了类型。
    怎么改：核对类型；确属另一类时修改“案例类型：”一行。工作人员与单位确认后，也可在 jlt.yaml 中写
    files: {"文件名.docx": {type: 困境儿童, reason: 理由}} 改列。
    示例：声明“社区学校建设案例”，正文却通篇写留守儿童结对帮扶。
    """
    if not case.is_case or not case.declared_type or not case.inferred_type:
        return
    if case.declared_type == case.inferred_type or case.declared_type_source == STAFF_DECISION:
        return  # staff decided the type in jlt.yaml: final
    config = ctx.config
    ratio = float(config.get("classification", "mismatch_ratio"))
    declared_score = case.type_scores.get(case.declared_type, 0.0)
    inferred_score = case.type_scores.get(case.inferred_type, 0.0)
    if inferred_score < ratio * max(declared_score, 1.0):
        return
    hits = case.type_hits.get(case.inferred_type, {})
    evidence = "、".join(f"{t}×{n}" for t, n in sorted(hits.items(), key=lambda kv: -kv[1])[:4])
    declared, inferred = config.type_full_name(case.declared_type), config.type_full_name(case.inferred_type)
    source = "文件名" if case.declared_type_source == "文件名" else "文中"
    if case.declared_overruled:
        yield Hit(
            f"文件名中的类型是“{declared}”，但内容明显是“{inferred}”（依据：{evidence}），汇编时按内容编入“{inferred}”。"
            f"如确属前者，请在题目下加一行“案例类型：{declared}”。"
        )
        return
    yield Hit(
        f"{source}声明的类型是“{declared}”，但内容更像“{inferred}”（依据：{evidence}）。请核对案例类型；"
        f"汇编时按声明的类型编排。"
    )
