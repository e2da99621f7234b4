"""Rules about the case type: one of the types of the call (configured in jlt.yaml's ``types``).

The type comes from a declaration (a 案例类型 line, the file name, or staff in jlt.yaml's ``files:``) or, when
there is none, from the content (understand/classify.py: scores per type and the terms behind them, shown
in every message so that staff can see why).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from jlt_cli.checks.registry import CheckContext, Hit, case_rule
from jlt_cli.config import Config
from jlt_cli.model import STAFF_DECISION, Case, Severity
from jlt_cli.understand.classify import judge


def _evidence(case: Case, type_name: str | None, n: int = 4) -> str:
    hits = case.type_hits.get(type_name or "", {})
    return "、".join(f"{t}×{k}" for t, k in sorted(hits.items(), key=lambda kv: -kv[1])[:n])


def _staff_entry(case: Case, type_name: str, config: Config) -> str:
    """The jlt.yaml line with which staff file the case under ``type_name`` (a decision, with its reason)."""
    name = json.dumps(Path(case.display_path).name, ensure_ascii=False)
    subject = config.type_full_name(type_name).removesuffix("案例").removesuffix("工作")
    return f"files: {{{name}: {{type: {type_name}, reason: 内容为{subject}，经与单位确认改列}}}}"


@case_rule("unknown-type", Severity.ERROR)
def unknown_type(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """无法确定案例属于哪一类

    为什么：汇编按类型分章（社区学校建设、护校安园工作、困境儿童帮扶），每篇案例必须归入其中一类。
    jlt 按文中的特征词判断类型；没有声明类型，而特征词几乎没有、几类不相上下、或三类都写到而哪一类都不占多数时，
    无法判断。
    （特征词不多但明显偏向一类时不报此错，而是按该类编排并给 low-confidence 警告。）
    怎么改：在题目下加一行“案例类型：×××”写明类型；工作人员也可在 jlt.yaml 的 files: 中为该文件指定类型。
    示例：案例类型：护校安园工作案例
    """
    if not case.is_case or case.declared_type or case.inferred_type:
        return
    config = ctx.config
    fix = f"请在题目下加一行“案例类型：×××”（{config.type_list_text()}之一）。"
    lead = judge(case.type_scores, config)
    tied = [t for t, score in case.type_scores.items() if score == lead.score and score > 0]
    if lead.verdict == "tie":
        # plenty of evidence, but no type dominates: say so, a "too few terms" message would mislead
        names = [config.type_full_name(t) for t in tied]
        both = "”和“".join(names) if len(names) == 2 else "”“".join(names)
        yield Hit(
            f"无法判断案例类型：文中“{both}”的特征词一样多（得分均为 {lead.score:g}），"
            f"看不出以哪一类为主，也没有声明类型。{fix}"
        )
        return
    if lead.verdict == "mixed":
        scores = "，".join(f"“{config.type_full_name(t)}”{v:g}" for t, v in sorted(case.type_scores.items(), key=lambda kv: -kv[1]))
        yield Hit(
            f"无法判断案例类型：文中几类的特征词都有（得分：{scores}），哪一类都不比其余各类加起来多，看不出以哪一类为主，"
            f"也没有声明类型。{fix}"
        )
        return
    if lead.verdict == "unclear":
        first, second = config.type_full_name(lead.best), config.type_full_name(lead.runner_up)
        yield Hit(
            f"无法判断案例类型：文中类型特征词不多，“{first}”（得分 {lead.score:g}；依据：{_evidence(case, lead.best)}）"
            f"与“{second}”（得分 {lead.runner_score:g}；依据：{_evidence(case, lead.runner_up)}）不相上下，"
            f"也没有声明类型。{fix}"
        )
        return
    yield Hit(f"无法判断案例类型：文中没有足够的类型特征词，也没有声明类型。{fix}")


@case_rule("low-confidence", Severity.WARNING)
def low_confidence(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """类型是按不多的依据判断的，请核对

    为什么：没有声明类型时，jlt 按文中的特征词判断类型。特征词不多但明显偏向一类（短文里两次“四点半课堂”），
    或特征词够多但两类接近时，jlt 按领先的一类编排，但这一判断可能有误，需要有人看一眼。
    怎么改：核对类型；在题目下加一行“案例类型：×××”写明类型即可消除此提示。工作人员确认后，也可在 jlt.yaml 的
    files: 中为该文件指定类型（须写理由）。
    示例：没有声明类型的短案例只写了两次“四点半课堂”，按“社区学校建设案例”编排，并提示核对。
    """
    if not case.is_case or case.declared_type or not case.inferred_type:
        return
    config = ctx.config
    lead = judge(case.type_scores, config)
    if lead.verdict not in ("weak", "narrow") or lead.best != case.inferred_type:
        return
    name = config.type_full_name(lead.best)
    staff = f"工作人员确认后，也可在 jlt.yaml 中写 {_staff_entry(case, lead.best, config)} 定下类型。"
    fix = f"请核对；如属另一类，请在题目下加一行“案例类型：×××”（{config.type_list_text()}之一）。"
    if lead.verdict == "weak":
        need = float(config.get("classification", "min_score"))
        yield Hit(
            f"案例没有声明类型，文中类型特征词不多（“{name}”得分 {lead.score:g}，有把握需 {need:g}；"
            f"依据：{_evidence(case, lead.best)}），但明显多于其他类型，暂按“{name}”编排。{fix}{staff}"
        )
        return
    other = config.type_full_name(lead.runner_up)
    yield Hit(
        f"案例没有声明类型，内容既像“{name}”（得分 {lead.score:g}；依据：{_evidence(case, lead.best)}），"
        f"也像“{other}”（得分 {lead.runner_score:g}；依据：{_evidence(case, lead.runner_up)}），"
        f"前者略多，暂按“{name}”编排。{fix}{staff}"
    )


@case_rule("type-mismatch", Severity.WARNING)
def type_mismatch(case: Case, ctx: CheckContext) -> Iterator[Hit]:
    """声明的类型与内容不符

    为什么：案例声明的类型（“案例类型：”一行或文件名）决定它编入哪一章；内容明显属于另一类时，可能是沿用了
    别的模板或填错了类型。文中声明的类型仍然算数，直到单位改正或工作人员决定改列。
    怎么改：核对类型；确属另一类时修改“案例类型：”一行。工作人员与单位确认后，也可在 jlt.yaml 中写
    files: {"文件名.docx": {type: 困境儿童, reason: 理由}} 改列，之后不再提示。
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
    evidence = _evidence(case, case.inferred_type)
    declared, inferred = config.type_full_name(case.declared_type), config.type_full_name(case.inferred_type)
    source = "文件名" if case.declared_type_source == "文件名" else "文中"
    if case.declared_overruled:
        yield Hit(
            f"文件名中的类型是“{declared}”，但内容明显是“{inferred}”（依据：{evidence}），汇编时按内容编入“{inferred}”。"
            f"如确属前者，请在题目下加一行“案例类型：{declared}”。"
            f"工作人员确认后，也可在 jlt.yaml 中写 {_staff_entry(case, case.declared_type, config)} 定下类型。"
        )
        return
    yield Hit(
        f"{source}声明的类型是“{declared}”，但内容更像“{inferred}”（依据：{evidence}）。请核对案例类型；"
        f"汇编时仍按声明的“{declared}”编排。"
        f"工作人员与单位确认改列后，可在 jlt.yaml 中写 {_staff_entry(case, case.inferred_type, config)}，"
        f"汇编即改编入“{inferred}”，不再提示。"
    )
