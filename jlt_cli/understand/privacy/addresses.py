"""Home addresses, with a house number or without one (某村某组, 某小区某栋)."""

from __future__ import annotations

import re


from jlt_cli.base.text import CJK as _CJK
from jlt_cli.understand.privacy.clauses import clause_before, sentence_span
from jlt_cli.understand.privacy.match import Match


# --- home addresses -----------------------------------------------------------------------------

_NUM = r"(?:(?<![0-9])[0-9]{1,5}|(?<![一二三四五六七八九十百零〇两])[一二三四五六七八九十百零〇两]{1,4})"
_UNIT = r"(?:号楼|栋|幢|单元|楼|层|室|号院|号|组|社|队)"
# the numbered part of an address: 5组, 2组18号, 3栋2单元501室, 12号3栋, 5-2-301 (after a compound's name)
_TAIL = re.compile(rf"(?<!第)(?:{_NUM}{_UNIT}(?:附{_NUM}号)?[-]?){{1,6}}")
_TAIL_PART = re.compile(rf"({_NUM})({_UNIT})")
_DASH_FLAT = re.compile(r"(?<![0-9-])[0-9]{1,3}(?:栋|幢|号楼)?-[0-9]{1,3}(?:-[0-9]{1,4})?(?![0-9-])"
                        r"(?!\s*(?:岁|栋|幢|号楼|个|月|年|人|名|户|次|日|号|级|班|周|天|小时|分|元|%|％))")
# The word a place's name ends with, just before its numbers: what the brochure keeps.
_PLACE_END = re.compile(
    r"(?:村|社区|小区|花园|苑|家园|公寓|新城|城|大厦|华庭|雅居|山庄|名都|公馆|府|郡|庭|院|院子|大院|里|坊|湾|坝|坪|庄|屯|寨|"
    r"路|街|巷|大道|道|弄|胡同|镇|乡)$"
)
_RESIDENTIAL = re.compile(r"(?:小区|花园|苑|家园|公寓|新城|城|华庭|雅居|山庄|名都|公馆|府|郡|庭|院子|大院|宿舍|新村)$")
_VILLAGE = re.compile(r"(?:村|社区)$")
# A public place named right before or after the numbers: 便民服务中心2号楼201室, 2组15号村民活动中心
_PUBLIC_PLACE = re.compile(
    r"中心|服务站|活动室|宿舍|男生|女生|村委会|居委会|党群|学校|小学|中学|幼儿园|医院|卫生院|图书馆|办公楼|教学楼|综合楼|实验楼|行政楼|宿舍楼|阵地|"
    r"广场|驿站|议事|工作站|便民|会议室|功能室|文化室|书屋|站点|基地|礼堂|食堂|操场|场馆|博物馆|纪念馆|文化馆|派出所|政府|"
    r"大队部|委员会|之家|课堂|学堂|公司|企业|工厂|车间|园区|超市|市场|银行"
)
_HOME_CUE = re.compile(r"家住|住在|住址|现住|居住|租住|家在|其家|暂住|寄住|借住|搬到|搬进|户籍|老家|住进|住到|家位于|家庭地址")
_PERSON_NEAR = re.compile(
    r"学生|儿童|孩子|小孩|男孩|女孩|幼儿|同学|少年|该生|患儿|孤儿|家长|父亲|母亲|爸爸|妈妈|爷爷|奶奶|外公|外婆|监护人|家庭|一家|"
    r"的家|他家|她家|其家|村民|户主"
)


def find_addresses(norm: str, text: str) -> list[Match]:
    out: list[Match] = []
    spans: list[tuple[int, int, set[str]]] = []
    for m in _TAIL.finditer(norm):
        units = {u for _, u in _TAIL_PART.findall(m.group())}
        spans.append((m.start(), m.end(), units))
    for m in _DASH_FLAT.finditer(norm):
        spans.append((m.start(), m.end(), {"室", "栋"} if m.group().count("-") == 2 else {"栋", "号"}))
    for a, b, units in spans:
        before = norm[max(0, a - 12) : a]
        after = norm[b : b + 10]
        clause = clause_before(norm, a, 30)
        home = bool(_HOME_CUE.search(clause))
        place = _PLACE_END.search(before)
        dash = "-" in norm[a:b]
        if dash and not (place and _RESIDENTIAL.search(before)):
            continue  # 3-6, 1-12: ranges unless right after a compound's name
        if not home and (_PUBLIC_PLACE.search(before) or _PUBLIC_PLACE.search(after)):
            continue  # the address of a community centre or a school is public
        useful = units - {"楼", "层"}  # 3楼, 1栋3层: a floor or a size, not a home
        if not useful:
            continue
        building = bool({"栋", "幢", "单元", "号楼"} & units)
        flat = "室" in units and bool({"栋", "幢", "单元", "号楼", "号"} & units)
        group = bool({"组", "社", "队"} & units)
        s, e = sentence_span(norm, a, b)
        person = bool(_PERSON_NEAR.search(norm, s, e)) or norm[b : b + 1] == "的"  # 红光村七组的冯某
        if home:
            reason = "住址写到了" + ("村民小组" if group and not building else "楼栋门牌")
        elif flat or "单元" in units or (building and place and _RESIDENTIAL.search(before)):
            reason = "住宅的楼栋门牌"
        elif group and place and _VILLAGE.search(before) and (person or "号" in units):
            reason = "家庭住址写到了村民小组"
        elif building and person and place:
            reason = "住宅的楼栋"
        else:
            continue
        if group and not building and not place and not home:
            continue
        if place:
            # the value runs from the place's name (石龙村5组), and the brochure keeps the name (石龙村)
            start = _place_start(norm, a)
            out.append(Match("address", start, b, "", True, reason, text[start:a]))
        else:
            out.append(Match("address", a, b, "", True, reason, "（住址略）"))
    return out


# where a place's own name begins: after the town or district (燕窝镇|大石村), a verb (住在|), punctuation
_PLACE_STOP = re.compile(rf"(?:街道|镇|乡|区|县|市|省|住|在|于|为|是|到|的|回|原|家|[^{_CJK}])")


def _place_start(norm: str, a: int) -> int:
    lo = max(0, a - 10)
    stops = [m.end() for m in _PLACE_STOP.finditer(norm, lo, a - 1)]
    return stops[-1] if stops else lo


