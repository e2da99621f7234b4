"""Rules about the submitting unit: every case is printed under the unit of the call that sent it."""

from __future__ import annotations

from typing import Iterable

from jlt_cli.checks.registry import CheckContext, Hit, case_rule
from jlt_cli.model import Case, Severity
from jlt_cli.understand.units import match_unit, other_place


@case_rule("unknown-unit", Severity.WARNING)
def check_unknown_unit(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """报送单位不在通知的主送单位之列，也不是学校

    为什么：通知的主送单位是区级部门、30个镇街和在合高校（以及它们的学校）；名单之外的单位可能写错了名称，
    也可能是外区县的单位，汇编时不能归到合川的某个单位名下。
    怎么改：核对单位全称；确为受邀单位的，工作人员可在 jlt.yaml 的 units.extra 或 units.aliases 中加入。
    示例：“合川区妇女联合会”会被认作“区妇联”；“大足区民政局”不是本次通知的主送单位，会保留原名并提示，
    不会被当作“区民政局”。
    """
    if not (case.is_case and case.unit) or match_unit(case.unit, ctx.config) is not None or other_place(case.unit):
        return  # a body of another district is other-district's (an error), not told twice
    yield Hit(
        f"报送单位“{case.unit}”不在通知的主送单位（区级部门、30个镇街、在合高校）之列，也不像学校或幼儿园。"
        f"请核对单位全称；如确为受邀单位，可在 jlt.yaml 的 units.extra 或 units.aliases 中加入。",
        case.unit_line,
    )


@case_rule("missing-unit", Severity.WARNING)
def check_missing_unit(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """没有找到报送单位

    为什么：汇编在每篇案例的题目下印出报送单位，附录按单位列出，修改意见也按单位发送。
    怎么改：在题目下方写明“报送单位：×××”（单位全称），或在文末落款写明单位。
    示例：报送单位：合川区钱塘镇人民政府
    """
    if case.is_case and not case.unit:
        yield Hit("没有找到报送单位。请在题目下方写明“报送单位：×××”（单位全称）。")


@case_rule("other-district", Severity.ERROR)
def check_other_district(case: Case, ctx: CheckContext) -> Iterable[Hit]:
    """报送单位是外区县或市级单位

    为什么：汇编收录的是合川区的案例；外区县（大足区、龙子湖区……）或市级单位的材料，多半是报错了文件，
    或沿用了别处的案例。它不会被归到合川的任何单位名下，默认也不收入汇编。
    怎么改：请报送单位核对文件；若确为受邀的外区县单位、需要收入汇编，工作人员可在 jlt.yaml 的 waivers 中
    写明理由（例如 {file: 文件名, rule: other-district, reason: 经区教委邀请}），或在 units.extra 中加入该单位。
    示例：“大足区民政局”报送的《童伴妈妈》。
    """
    if case.is_case and case.unit and match_unit(case.unit, ctx.config) is None and other_place(case.unit):
        yield Hit(
            f"报送单位“{case.unit}”是外区县或市级单位，不是本次通知的主送单位，默认不收入合川区的汇编。"
            f"请核对是否报错了文件或沿用了别处的材料；如确为受邀单位，工作人员可在 jlt.yaml 中豁免此问题后收入。",
            case.unit_line,
        )
