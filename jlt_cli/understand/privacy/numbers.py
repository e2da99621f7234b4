"""Numbers that identify a person: ID numbers, bank cards, phones; and contact ids (WeChat, QQ, e-mail)."""

from __future__ import annotations

import datetime
import re

from stdnum import luhn
from stdnum.cn import ric

from jlt_cli.understand.privacy.clauses import clause_before
from jlt_cli.understand.privacy.match import Match, PRINTED


# --- numbers: IDs, bank cards, phones -----------------------------------------------------------

# Full-width digits and signs map one-to-one, so offsets in the translated text are offsets in the original.
NORMALISE = str.maketrans("０１２３４５６７８９Ｘｘ－（）＋＠．　", "0123456789Xx-()+@. ")
# Digit groups joined by single spaces or dashes (138 1234 5678, 138-1234-5678, 5001 1720 …); each group
# bounded, at most twelve groups: the classifier then tries every run of consecutive groups.
_SEP = "[ \u00a0\u2009\u202f\\-\u2010\u2011\u2012\u2013\u2014]"
_RUN = re.compile(r"(?<![0-9A-Za-z_@.+])\+?[0-9]{1,20}[Xx]?(?:" + _SEP + r"[0-9]{1,20}[Xx]?){0,11}(?![0-9A-Za-z_@])")
_GROUP = re.compile(r"[0-9]{1,20}[Xx]?")
_PAREN_LANDLINE = re.compile(r"\((0[0-9]{2,3})\) ?-?([2-9][0-9]{6,7})(?![0-9])")
_LOCAL_PHONE = re.compile(r"(?:电话|座机|固话|家里|家中)(?:号码|号)?(?:是|为)?[：: ]{0,2}([2-9][0-9]{6,7})(?![0-9A-Za-z])")

_ID_CUE = re.compile(r"身份证|证件号|公民身份|身份号码|身份信息")
_BANK_CUE = re.compile(r"卡号|银行卡|银行账号|银行帐号|账号|帐号|存折|借记卡|信用卡|社保卡|一卡通|开户")
# numbers that are not a person's: 订单号、登记证号、统一社会信用代码、文号、准考证号、批次
_OTHER_NUMBER = re.compile(r"订单|编号|流水|单号|批次|代码|证号|登记|文号|条码|条形码|ISBN|批准|备案|许可|合同|发票|凭证|序号|邮编|学号|工号")
# Who a landline belongs to is said just before it, in the same clause: 其母亲电话 / 家中座机 (private),
# 心理援助专线 / 派出所电话 / 可拨打 (public). A landline in a case report is an office's unless the clause says otherwise.
_PRIVATE_OWNER = re.compile(
    r"家长|父亲|母亲|爸爸|妈妈|父母|监护人|其|家中|家里|家庭(?!教育)|孩子|学生|本人|奶奶|爷爷|外婆|外公|个人|私人|亲属|住宅|宅电")
_PUBLIC_OWNER = re.compile(
    r"热线|专线|援助|拨打|致电|报警|值班|服务电话|咨询电话|举报|求助|投诉|办公|中心|派出所|保卫处|服务站|工作站|救助站|"
    r"学校|小学|中学|幼儿园|医院|卫生院|法院|检察院|福利院|机构|单位|部门|委员会|政府|街道|居委会|村委会|教委|局|科室|处室")
_HOTLINE = re.compile(r"热线|专线|服务台|值班电话|举报电话")


def _valid_id18(number: str) -> bool:
    """GB 11643-1999: a real birth date and the ISO 7064 MOD 11-2 check digit (birth place not required)."""
    number = number.upper()
    if number[0] not in "12345678" or not _birth(number[6:14]):
        return False
    try:
        return ric.calc_check_digit(number) == number[-1]
    except ValueError:
        return False


def _birth(yyyymmdd: str) -> bool:
    try:
        born = datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= datetime.date.today()


# an organisation's account is public: 户名：合川区慈善会 … 账号：…, 对公账户
_PUBLIC_ACCOUNT = re.compile(r"对公|户名[：: ]{0,2}[^，。；]{0,24}?(?:会|局|委|中心|公司|学校|政府|基金|协会|院|所|站|部|社|办|厅|队)")


def _classify_number(digits: str, cue: str) -> tuple[str, str] | None:
    """(kind, reason) for the digits of one run of groups, or None. ``cue``: the clause before it."""
    n = len(digits)
    if n == 18 and digits[:17].isdigit():
        if _valid_id18(digits):
            return "id", "校验位正确的18位身份证号"
        if _ID_CUE.search(cue) and digits[0] in "12345678" and _birth(digits[6:14]):
            return "id", "标明为身份证号的18位号码"
        return None
    if not digits.isdigit():
        return None
    if n == 15 and _ID_CUE.search(cue) and _birth("19" + digits[6:12]):
        # 15-digit IDs were withdrawn in 2013; 登记证号 and the like have 15 digits too, so only when the text says so
        return "id", "标明为身份证号的15位号码"
    if 16 <= n <= 19 and digits[0] != "0":
        if "对公" in cue:
            return None
        if _BANK_CUE.search(cue):
            return "bank", "标明为银行卡号的号码"
        if luhn.is_valid(digits) and not _OTHER_NUMBER.search(cue):
            return "bank", "校验位正确的银行卡号"
        return None
    if (n == 11 and re.fullmatch(r"1[3-9][0-9]{9}", digits)) or (n == 13 and re.fullmatch(r"861[3-9][0-9]{9}", digits)):
        if _HOTLINE.search(cue):
            return None  # a service's line, even on a mobile number
        return "mobile", "手机号码"
    if 10 <= n <= 12 and re.fullmatch(r"0(?:[12][0-9]|[3-9][0-9]{2})[2-9][0-9]{6,7}", digits):
        if _PRIVATE_OWNER.search(cue) and not _PUBLIC_OWNER.search(cue):
            return "landline", "家庭或个人的固定电话"
    return None


def find_numbers(norm: str) -> list[Match]:
    out: list[Match] = []
    for m in _RUN.finditer(norm):
        groups = [(g.start(), g.end()) for g in _GROUP.finditer(norm, m.start(), m.end())]
        cue = clause_before(norm, m.start())
        if _PUBLIC_ACCOUNT.search(norm, max(0, m.start() - 80), m.start()):
            cue += "对公"  # no private card: the sentence names an organisation's account
        i = 0
        while i < len(groups):
            found = None
            for j in range(len(groups) - 1, i - 1, -1):  # the longest run of groups that is something
                a, b = groups[i][0], groups[j][1]
                digits = "".join(norm[s:e] for s, e in groups[i : j + 1])
                kind = _classify_number(digits, cue)
                if kind:
                    if i == 0 and norm[m.start()] == "+":
                        a = m.start()
                    found = (j, a, b, kind)
                    break
            if found is None:
                i += 1
                continue
            j, a, b, (kind, reason) = found
            out.append(Match(kind, a, b, "", True, reason, PRINTED[kind]))
            i = j + 1
    for m in _PAREN_LANDLINE.finditer(norm):
        cue = clause_before(norm, m.start())
        if _PRIVATE_OWNER.search(cue) and not _PUBLIC_OWNER.search(cue):
            out.append(Match("landline", m.start(), m.end(), "", True, "家庭或个人的固定电话", PRINTED["landline"]))
    for m in _LOCAL_PHONE.finditer(norm):
        a, b = m.span(1)
        cue = clause_before(norm, a)
        if _PRIVATE_OWNER.search(cue) and not _PUBLIC_OWNER.search(cue):
            out.append(Match("landline", a, b, "", True, "家庭或个人的电话号码", PRINTED["landline"]))
    return out


# --- contact ids: WeChat, QQ, e-mail ------------------------------------------------------------

# 微信号：liuxia_1988 / 微信 liuxia_1988 / vx：… — a WeChat id is 6–20 letters, digits, _ or -, starting with a
# letter; not a public account (公众号), a group or a mini program.
_WECHAT = re.compile(
    r"(?:微信|威信|V信|v信|(?<![A-Za-z])(?:WeChat|wechat|VX|vx|Vx|WX|wx)(?![A-Za-z]))"
    r"(?!公众|群|小程序|视频号|平台|服务号|订阅号|支付|扫码|扫一扫|朋友圈)"
    r"(?:号码|号|账号|ID|id)?(?:是|为)?[：:（( ]{0,2}([A-Za-z][A-Za-z0-9_-]{5,19}|1[3-9][0-9]{9})(?![A-Za-z0-9_@.-])"
)
# QQ：356712894 / QQ号是… — not a QQ group (QQ群), whose number is the group's
_QQ = re.compile(r"(?:QQ|qq|Qq|扣扣)(?!群|空间|邮箱)(?:号码|号)?(?:是|为)?[：: ]{0,2}([1-9][0-9]{4,11})(?![0-9A-Za-z_@])")
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,4}\.[A-Za-z]{2,10}"
    r"(?![A-Za-z0-9-])"
)
# An office's mailbox is public: 投稿邮箱、区教委邮箱、发送至…
_PUBLIC_MAIL = re.compile(r"投稿|来稿|报送|发送至|发至|发送到|报名|征集|单位|学校|教委|中心|办公室|政府|局|协会|委员会|街道|镇|公共|官方|工作站|服务站")


def find_contact_ids(norm: str) -> list[Match]:
    out: list[Match] = []
    for m in _WECHAT.finditer(norm):
        a, b = m.span(1)
        out.append(Match("wechat", a, b, "", True, "微信号", PRINTED["wechat"]))
    for m in _QQ.finditer(norm):
        a, b = m.span(1)
        out.append(Match("qq", a, b, "", True, "QQ号", PRINTED["qq"]))
    for m in _EMAIL.finditer(norm):
        cue = clause_before(norm, m.start())
        if _PUBLIC_MAIL.search(cue) and not _PRIVATE_OWNER.search(cue):
            continue
        out.append(Match("email", m.start(), m.end(), "", True, "个人电子邮箱", PRINTED["email"]))
    return out


