"""Personal information in case text: what identifies a child or a family.

The brochure is printed and handed out, and many cases are about children in hardship: 未成年人保护法
art. 4 and 103 forbid disclosing what identifies a minor. One detector serves the ``personal-info`` rule
and ``jlt build --redact``, so a reported match and a masked match are the same thing.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from stdnum import luhn
from stdnum.cn import ric

from jlt_cli.base.text import CJK as _CJK

# --- personal information ----------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    kind: str  # id / mobile / landline / bank / address / name
    start: int
    end: int
    value: str
    masked: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


KIND_LABELS = {
    "id": "身份证号",
    "mobile": "手机号码",
    "landline": "固定电话号码",
    "bank": "银行卡号",
    "address": "家庭住址门牌号",
    "name": "儿童真实姓名",
}
KIND_ADVICE = {
    "id": "请删去身份证号",
    "mobile": "请删去该电话号码（单位联系电话只写在文首“联系电话”一行）",
    "landline": "请删去该电话号码（单位联系电话只写在文首“联系电话”一行）",
    "bank": "请删去银行卡号",
    "address": "请删去门牌号，地址最多写到镇街或村（社区）",
    "name": "请改用化名（如“小明”“王某”）并注明“化名”，不要与学校、班级或住址同时出现",
}

# Full-width digits map one-to-one, so offsets in the translated text are offsets in the original.
_DIGITS = str.maketrans("０１２３４５６７８９Ｘｘ－（）", "0123456789Xx-()")
_B = r"(?<![0-9A-Za-z])"  # not glued to a longer number or word
_E = r"(?![0-9A-Za-z])"

_ID18 = re.compile(_B + r"(\d{6}) ?(\d{8}) ?(\d{3}[\dXx])" + _E)
_ID15 = re.compile(_B + r"[1-8]\d{14}" + _E)
_BANK = re.compile(_B + r"(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)" + _E)
# (?<!\d[- ]) keeps "6222 13812345678…" style runs from yielding a phone
_MOBILE = re.compile(_B + r"(?<!\d-)(?<!\d )(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}" + _E + r"(?!-\d)")
_LANDLINE = re.compile(
    _B + r"(?<!\d-)(?:[(]0\d{2,3}[)] ?-?|0\d{2,3}[- ]?)[2-9]\d{6,7}" + _E + r"(?!-\d{3})(?:-\d{1,5}" + _E + r")?"
)
# A local number without area code counts when the text says it is a phone (其家庭电话42812345).
_LOCAL_PHONE = re.compile(r"(?:电话|座机|固话)(?:号码)?(?:是|为)?[：:\s]*([2-9]\d{6,7})" + _E)

_ID_CUE = re.compile(r"身份证|证件号|公民身份")
# Who a landline belongs to is said just before it, in the same clause: 其母亲电话 / 家中座机 (private),
# 心理援助专线 / 派出所电话 / 可拨打 (public). A landline in a case report is an office's unless the clause says otherwise.
_PRIVATE_OWNER = re.compile(r"家长|父亲|母亲|父母|监护人|其|家中|家里|家庭(?!教育)|孩子|学生|本人|奶奶|爷爷|外婆|外公|个人|私人|亲属")
_PUBLIC_OWNER = re.compile(r"热线|专线|援助|拨打|致电|报警|值班|服务电话|咨询电话|举报|求助|投诉|办公|服务中心|派出所|保卫处|服务站")

# bounded: an unbounded run would be retried from every digit of a long number (quadratic on 200,000 digits)
_NUM = r"(?:(?<![0-9])[0-9]{1,5}|(?<![一二三四五六七八九十百零〇两])[一二三四五六七八九十百零〇两]{1,5})"
_ADDR_PARTS = re.compile(rf"({_NUM})(号楼|栋|幢|单元|楼|层|室|号|组|社)")
_ADDR = re.compile(
    rf"(?:[{_CJK}]{{1,10}}?(?:路|街|巷|大道|小区|花园|苑|家园|公寓|广场|村|社区|院子|大院|湾|坝|新城))?"
    rf"(?:{_NUM}(?:号楼|栋|幢|单元|楼|层|室|号|组|社)(?:附{_NUM}号)?[-－]?){{1,6}}"
)
_ADDR_DASH = re.compile(
    rf"[{_CJK}]{{1,10}}?(?:小区|花园|苑|家园|公寓|新城|大厦)\d{{1,3}}(?:栋|幢|号楼)?-\d{{1,3}}(?:-\d{{1,4}})?" + _E
    + r"(?!\s*(?:岁|栋|幢|号楼|个|月|年|人|名|户|次))"  # 3-6岁幼儿, 1-12栋: ranges, not a flat
)
# A public place named right before or after the numbers: 便民服务中心2号楼201室, 2组15号村民活动中心
_PUBLIC_PLACE = re.compile(
    r"中心|服务站|活动室|村委会|居委会|党群|学校|小学|中学|幼儿园|医院|卫生院|图书馆|办公楼|教学楼|综合楼|阵地|广场|驿站|"
    r"议事|工作站|便民|会议室|功能室|文化室|书屋|站点|基地"
)
_HOME_CUE = re.compile(r"家住|住在|其家|家庭住址|住址|居住|租住|家在")

# --- children's names ---
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康"
    "施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗"
    "谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜"
    "冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝蹇黎粟"
)
DOUBLE_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "公孙", "慕容", "尉迟", "夏侯", "长孙", "宇文", "司徒", "端木")
# Characters common in given names; a candidate must be made of these (keeps 安全、成长、全覆盖 out).
GIVEN = set(
    "小明华伟芳丽娜婷敏静强磊军洋勇艳杰涛超秀霞平刚桂英玉兰梅红云飞鹏辉斌波宇浩然轩涵梓子欣怡雨思佳俊嘉博文晨睿"
    "瑞泽铭鑫昊天凯志诗语琪琳瑶雪晓婉悦萱彤妍颖蕾倩茜菲璐露洁莉莎薇雯霖楠可欢乐豪宏宸航翔锐晟晗煜熙彦彬诚东冬"
    "春秋宁康健福贵荣国建新德亮光勤逸一芸芷若依伊馨蓓蕊韵婧姝娇媛婕妮娅琴瑾瑜璇琦琼珊珍珠玲珑莹萍蓉芬芳菊荷莲"
    "兰竹松柏林森桐杉楷梁栋材杰豪雄威武刚毅勇猛骏驰腾飞翼鹤鸿鹏燕莺凤凰龙虎彪麒麟鑫淼焱垚森磊犇晶琳一宇瀚泓"
    "涵润泽清源海洋江河波涛澜沛霖雨霜露雪冰凌云霞虹彩阳旭晖昕曦昱晔晴景晨曜皓皎月星辰宸宇宙乾坤天地山峰岩峻"
    "嵩岚崇巍文武斌彬书画琴棋诗词歌赋雅致静怡淑贤惠慧聪颖敏睿智哲思想念恩情义礼仁信忠孝友爱心诚真善美丽佳嘉"
    "欣悦喜乐怡然安康宁静和平顺利祥瑞吉庆福禄寿喜财旺兴盛昌隆荣华富贵金银铜铁钢锋锐铭钰钧铎锦绣红紫青蓝绿"
    "黛丹彤朱赤碧翠墨玄素白皓雨泽浩宇子涵梓轩可馨欣妍思彤语桐一诺依诺梓萱紫涵若曦沐宸奕辰皓轩俊熙浩然宇航"
    "家豪家乐家欣佳怡佳琪嘉怡嘉琪建国建军建华建平志强志明志刚志勇晓东晓明晓燕晓丽小红小华小军小兵小龙小凤"
    "伦杭亦航晋铄沂渝蜀川巴琰璟瑄珺琛璋玮珏琨昀昶晏熠炜烨煊炫焕耀灿烁睿叡哲喆卓越远达通博渊深邃泰岳峥嵘"
)
# 2-character words of ordinary prose that look like surname + given name.
NOT_NAMES = {
    "文明", "安全", "安康", "安宁", "平安", "关爱", "成长", "高中", "全面", "和谐", "明白", "时间", "向上", "应急",
    "管理", "司法", "党建", "单亲", "常规", "华夏", "江河", "金秋", "明天", "明星", "明亮", "宁静", "康复", "和平",
    "文化", "文艺", "文书", "成人", "成才", "成功", "成绩", "成效", "高兴", "高峰", "周末", "周一", "周边", "方向",
    "方面", "连心", "齐心", "同心", "童心", "爱心", "温暖", "温馨", "花园", "梦想", "阳光", "春风", "雨露", "雷锋",
    "龙凤", "石林", "马上", "毛笔", "钱塘", "邓小平", "任课", "万家", "万一", "景区", "乐园", "希望", "包容",
    "向阳", "朝阳", "时光", "光明", "美丽", "善良", "孔子", "孟子", "牛奶", "宋体", "黄金", "白天", "白云", "蓝天",
    # states and feelings said of children (孩子文静，/ 让留守儿童安心学习 / 学会关心同学)
    "关心", "安心", "开心", "放心", "舒心", "贴心", "暖心", "细心", "耐心", "用心", "热心", "信心", "决心", "真心",
    "全心", "称心", "欢心", "宽心", "省心", "专心", "尽心", "费心", "操心", "伤心", "甘心", "顺心", "文静", "安静",
    "平静", "冷静", "沉静", "向善", "向好", "向前", "向往", "沙龙", "安稳", "安定", "安乐", "安置", "安排", "安慰",
    "和睦", "和美", "和乐", "康乐", "温和", "温柔", "温情", "成熟", "成果", "全力", "全程", "全员", "全体", "常态",
    "平稳", "平和", "平常", "乐观", "明显", "明确", "明理", "明礼", "严格", "方便", "时常", "甘甜", "欢乐", "欢欣",
    "和顺", "康健", "强健", "健康", "齐全", "安好", "宁馨", "金贵", "明辨", "成家", "自信", "自强", "钟情",
}
PSEUDONYM = re.compile(r"某|[A-Za-zＡ-Ｚａ-ｚ×＊*○〇Ｘ]|同学$")
ADULT_AFTER = re.compile(r"^(老师|校长|书记|主任|教师|民警|警官|所长|局长|社工|志愿者|医生|队长|委员|干部|同志|园长|辅导员|班主任|法官|检察官|副|先生|女士|教授|家长|爸爸|妈妈|奶奶|爷爷)")
# After a child's name comes punctuation or one of these (的, 是, 在, 今年, 家住…).
NAME_END = set("，。、；：！？（）()“”\"' \t\n,.;:的是在因从自于今家和与及同一父母爷奶外妈爸性男女已就患被由等现也都说便又还不没每经目刚年出所长曾来身这对成学上很非变开跟随得把将向为让给虽但却")
CHILD_WORDS = (r"(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]{1,3}班的?", "年级的?", "留守儿童", "困境儿童", "孤儿", "残疾儿童", "事实无人抚养儿童", "患儿", "小学生", "中学生", "学生", "儿童", "孩子", "同学", "小朋友", "幼儿", "女孩", "男孩", "女生", "男生", "学员")
# Categories that identify a child on their own: name + 留守儿童 needs no school next to it.
SENSITIVE_WORDS = ("留守儿童", "困境儿童", "孤儿", "残疾儿童", "事实无人抚养儿童", "患儿")
_TRIGGER = re.compile("|".join(CHILD_WORDS[:2] + tuple(sorted(CHILD_WORDS[2:], key=len, reverse=True))))  # 留守儿童 before 儿童
_CONTEXT = re.compile(r"(?<!中)小学|中学|学校|幼儿园|年级|(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]{1,3}班|初[一二三]|高[一二三]|就读|家住|住在|住址|[村组]|社区|小区|岁")
_PAREN = re.compile(r"[（(]([^（）()]{1,30})[）)]")
_PAREN_CHILD = re.compile(r"年级|(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]{1,3}班|学生|小学生|中学生|初[一二三]|高[一二三]|(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]{1,3}岁|幼儿园|儿童|孩子|留守")
_PAREN_ADULT = re.compile(r"校长|老师|教师|书记|主任|教练|民警|干部|局长|所长|社工|志愿者|辅导员|警官|园长|法官|检察官|家长|父亲|母亲")
_NAME_LABEL = re.compile(r"(?:学生|儿童|幼儿)?姓名[:：]\s*")


def _valid_id18(number: str) -> bool:
    """GB 11643-1999: a real birth date and the ISO 7064 MOD 11-2 check digit (birth place not required)."""
    number = number.upper()
    if number[0] not in "12345678":
        return False
    try:
        if ric.calc_check_digit(number) != number[-1]:
            return False
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= birth <= datetime.date.today()


def _valid_id15(number: str) -> bool:
    try:
        datetime.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return True


def _mask_digits(value: str, head: int, tail: int) -> str:
    digits = [i for i, c in enumerate(value) if c.isdigit() or c in "Xx"]
    keep = set(digits[:head]) | set(digits[len(digits) - tail :] if tail else [])
    return "".join(c if (i in keep or i not in digits) else "*" for i, c in enumerate(value))


def mask_name(name: str) -> str:
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _mask_address(value: str) -> str:
    value = re.sub(r"[0-9０-９]", "*", value)
    return re.sub(r"(?<![一二三四五六七八九十百零〇两])[一二三四五六七八九十百零〇两]+(?=号|栋|幢|单元|楼|层|室|组|社)", lambda m: "*" * len(m.group()), value)


def _name_at(text: str, start: int) -> str | None:
    """The child's name beginning at ``start`` (surname + one or two given-name characters), or None."""
    for surname_len in (2, 1):
        surname = text[start : start + surname_len]
        if (surname_len == 2 and surname not in DOUBLE_SURNAMES) or (surname_len == 1 and surname not in SURNAMES):
            continue
        for given_len in (2, 1):
            end = start + surname_len + given_len
            given = text[start + surname_len : end]
            if len(given) != given_len or not all(c in GIVEN for c in given):
                continue
            after = text[end : end + 1]
            if after and after not in NAME_END:
                continue
            name = text[start:end]
            if _plausible_child(name, text, end):
                return name
    return None


def _plausible_child(name: str, text: str, end: int) -> bool:
    if name in NOT_NAMES or name[:2] in NOT_NAMES or PSEUDONYM.search(name):
        return False
    if name[1] in "某" or name.startswith(("小", "阿", "大", "老")):
        return False
    if len(name) == 2 and name[0] == name[1]:
        return False  # 安安、宁宁: a pet name, as anonymous as 小明
    rest = text[end : end + 6]
    if ADULT_AFTER.match(rest):
        return False
    if re.match(r"\s*[（(]\s*化名", rest) or re.match(r"\s*[（(][^）)]{0,6}化名", text[end : end + 12]):
        return False
    return True


def _name_matches(text: str) -> list[Match]:
    found: dict[int, str] = {}
    # 1. 学生王小明 / 留守儿童王小明, with a school, class or address in the same stretch of text
    for m in _TRIGGER.finditer(text):
        name = _name_at(text, m.end())
        if not name:
            continue
        window = text[max(0, m.start() - 40) : m.end() + len(name) + 40]
        if m.group() in SENSITIVE_WORDS or _CONTEXT.search(window):
            found.setdefault(m.end(), name)
    # 2. 王小明（XX中学初二学生） / 王小明（男，12岁）
    for m in _PAREN.finditer(text):
        inner = m.group(1)
        if "化名" in inner or not _PAREN_CHILD.search(inner) or _PAREN_ADULT.search(inner):
            continue
        for size in (4, 3, 2):
            start = m.start() - size
            if start < 0:
                continue
            name = _name_at(text, start)
            if name and start + len(name) == m.start():
                found.setdefault(start, name)
                break
    # 3. 五年级的张浩然同学 (李同学 and 小明同学 are pseudonyms: no surname + given name)
    for m in re.finditer("同学", text):
        for size in (3, 2):
            start = m.start() - size
            if start < 0:
                continue
            name = _name_at(text, start)
            window = text[max(0, start - 40) : m.end() + 40]
            if name and start + len(name) == m.start() and _CONTEXT.search(window):
                found.setdefault(start, name)
                break
    # 4. 姓名：王小明
    for m in _NAME_LABEL.finditer(text):
        name = _name_at(text, m.end())
        if name:
            found.setdefault(m.end(), name)
    return [Match("name", s, s + len(n), n, mask_name(n)) for s, n in found.items()]


def _private_phone(clause: str) -> bool:
    return bool(_PRIVATE_OWNER.search(clause)) and not _PUBLIC_OWNER.search(clause)


def _clause_before(text: str, at: int) -> str:
    """The words between the last clause break and position ``at``."""
    start = max(text.rfind(ch, 0, at) for ch in "。；;！？\n，,")
    return text[start + 1 : at]


def find_personal_info(text: str) -> list[Match]:
    """Every piece of personal information in ``text``, in order, never overlapping."""
    if not text:
        return []
    norm = text.translate(_DIGITS)
    taken: list[tuple[int, int]] = []
    out: list[Match] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(kind: str, a: int, b: int, masked: str) -> None:
        taken.append((a, b))
        out.append(Match(kind, a, b, text[a:b], masked))

    for m in _ID18.finditer(norm):
        number = "".join(m.groups())
        if _valid_id18(number):
            add("id", m.start(), m.end(), _mask_digits(m.group(), 4, 4))
    for m in _ID15.finditer(norm):
        # 15-digit IDs were withdrawn in 2013; 登记证号 and the like have 15 digits too, so only when the text says so
        if free(m.start(), m.end()) and _valid_id15(m.group()) and _ID_CUE.search(norm[max(0, m.start() - 12) : m.start()]):
            add("id", m.start(), m.end(), _mask_digits(m.group(), 4, 4))
    for m in _BANK.finditer(norm):
        digits = re.sub(r"\D", "", m.group())
        if 16 <= len(digits) <= 19 and free(m.start(), m.end()) and luhn.is_valid(digits):
            add("bank", m.start(), m.end(), _mask_digits(m.group(), 4, 4))
    for m in _MOBILE.finditer(norm):
        if free(m.start(), m.end()):
            country = len(re.sub(r"\D", "", m.group())) - 11  # keep +86 and the operator prefix: 138****5678
            add("mobile", m.start(), m.end(), _mask_digits(m.group(), 3 + country, 4))
    for m in _LANDLINE.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        if not _private_phone(_clause_before(norm, m.start())):
            continue
        digits = re.sub(r"\D", "", m.group())
        area = 3 if digits[:2] in ("01", "02") else 4  # 023-****2345
        add("landline", m.start(), m.end(), _mask_digits(m.group(), area, 4))
    for m in _LOCAL_PHONE.finditer(norm):
        a, b = m.span(1)
        if free(a, b) and _private_phone(_clause_before(norm, a)):
            add("landline", a, b, _mask_digits(m.group(1), 0, 4))
    for rx in (_ADDR, _ADDR_DASH):
        for m in rx.finditer(norm):
            if not free(m.start(), m.end()):
                continue
            around = norm[max(0, m.start() - 12) : m.start()] + "|" + norm[m.end() : m.end() + 10]
            personal = bool(_HOME_CUE.search(norm[max(0, m.start() - 12) : m.start()]))
            if not personal and _PUBLIC_PLACE.search(around):
                continue  # the address of a community centre or a school is public
            if rx is _ADDR:
                kinds = {k for _, k in _ADDR_PARTS.findall(m.group())} - {"层", "楼"}  # 1栋3层: a size, not a flat
                building = {"栋", "幢", "单元"} & kinds
                # 某某小区8栋 is a home on its own; 建成2栋教学楼 is not; 3栋1单元 alone is a stairwell
                residential = re.match(rf"[{_CJK}]*(小区|花园|苑|家园|公寓|新城)", m.group())
                flat = "室" in kinds or (building and "号" in kinds)
                home = (personal and bool(kinds)) or (building and residential) or (building and flat) \
                    or ("室" in kinds and ({"号", "号楼"} & kinds)) or ({"组", "社"} & kinds and "号" in kinds)
                if not home:
                    continue
            add("address", m.start(), m.end(), _mask_address(text[m.start() : m.end()]))
    for match in _name_matches(text):
        if free(match.start, match.end):
            taken.append((match.start, match.end))
            out.append(match)
    return sorted(out, key=lambda x: x.start)


def table_name_matches(rows: list[list[str]]) -> list[tuple[int, int, Match]]:
    """Names in a 姓名 column of a table that also gives school, class or address: (row, col, match)."""
    out: list[tuple[int, int, Match]] = []
    for h, header in enumerate(rows[:3]):
        cols = [i for i, c in enumerate(header) if re.fullmatch(r"\s*(学生|儿童|幼儿|孩子)?姓\s*名\s*", c or "")]
        if not cols or not any(re.search(r"学校|年级|班级|班|住址|地址|家庭|村|社区", c or "") for c in header):
            continue
        # a table of staff (职务, 任职年限…) names adults; children's tables say so (年级, 年龄, 监护人…)
        if any(re.search(r"职务|职称|岗位|任职|工作单位|从教|教龄", c or "") for c in header) and not any(
                re.search(r"学生|儿童|幼儿|年级|班级|年龄|监护人", c or "") for c in header):
            break
        for r in range(h + 1, len(rows)):
            for c in cols:
                if c >= len(rows[r]):
                    continue
                cell = rows[r][c].strip()
                if re.fullmatch(f"[{_CJK}]{{2,4}}", cell) and not PSEUDONYM.search(cell) and not cell.startswith(("小", "阿")):
                    offset = rows[r][c].index(cell)
                    out.append((r, c, Match("name", offset, offset + len(cell), cell, mask_name(cell))))
        break
    return out


