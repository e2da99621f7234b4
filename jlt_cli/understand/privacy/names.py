"""Names of children and their families: who is named, and beside what."""

from __future__ import annotations

import bisect
import re


from jlt_cli.base.text import CJK as _CJK
from jlt_cli.understand.personnames import (DOUBLE_SURNAMES, HIDDEN, SURNAMES, best_name, fame, inside_word, surname_at,
                                            word_freq)
from jlt_cli.understand.privacy.clauses import WINDOW, sentence_span
from jlt_cli.understand.privacy.match import Match, pseudonym


# --- names --------------------------------------------------------------------------------------

# Who a name belongs to is said right before it (学生王小明, 其母亲李秀英) or right after it (张浩然同学,
# 何佳怡（女，11岁…）, 王小明的奶奶). Officials are named with their posts (校长王建国, 陈志刚副主任): public.
_CHILD_ROLE = (
    "学生|小学生|中学生|初中生|高中生|中职生|留守儿童|留守学生|困境儿童|孤儿|残疾儿童|残障儿童|特殊儿童|事实无人抚养儿童|"
    "患儿|儿童|孩子|小孩|男孩|女孩|男童|女童|男生|女生|幼儿|小朋友|少年|少女|学员|同学|该生|该童|受助学生|受助儿童|贫困生|"
    "新生|少先队员|队员|宝宝|孙子|孙女|外孙|外孙女|儿子|女儿|侄子|侄女|弟弟|妹妹|哥哥|姐姐|小学|中学|幼儿园"
)
_FAMILY_ROLE = (
    "父亲|母亲|爸爸|妈妈|爷爷|奶奶|外公|外婆|姥姥|姥爷|祖父|祖母|外祖父|外祖母|监护人|家长|继父|继母|养父|养母|生父|生母|"
    "其父(?!亲)|其母(?!亲)|姑姑|姑妈|舅舅|叔叔|伯伯|婶婶|姨妈|小姨|舅妈|伯父|伯母|叔父|婶娘"
)
# a class, a grade or a child's age said right before a name: 五年级的张浩然、初三（2）班刘某、12岁的黎某
_GRADE_ROLE = (r"(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]{1,2}\s*[）)]?\s*班的?|年级的?|初[一二三]的?|高[一二三]的?|"
               r"(?<![0-9一二三四五六七八九十])(?:[0-9]|1[0-7]|[一二三四五六七八九十]|十[一二三四五六七])(?:周)?岁[^，。；、0-9]{0,8}的|"
               r"(?:患有?|身患)[^，。；、]{1,10}的")
_ROLE = re.compile(rf"(?:({_GRADE_ROLE})|(" + "|".join(sorted(_CHILD_ROLE.split("|"), key=len, reverse=True)) + ")|("
                   + "|".join(sorted(_FAMILY_ROLE.split("|"), key=len, reverse=True)) + r"))(?:代表|名单|姓名)?(?:[：:]|叫|名叫|叫做|是)?\s?")
_CHILD_WORD = re.compile("|".join(sorted(_CHILD_ROLE.split("|") + ["年级", "班级", "学龄", "未成年"], key=len, reverse=True)))
# adults by their post or trade: right before a name (校长王建国) or right before a kin word (民警叔叔、爱心妈妈)
_ADULT_ROLE = (
    "校长|副校长|书记|副书记|主任|副主任|老师|教师|班主任|辅导员|园长|院长|局长|副局长|所长|副所长|社工|志愿者|民警|警官|警察|"
    "检察官|法官|医生|护士|专家|教授|讲师|委员|干部|网格员|主席|部长|科长|站长|组长|队长|咨询师|律师|教练|记者|党员|同志|"
    "劳模|劳动模范|模范|英雄|烈士|作家|科学家|书法家|画家|艺术家|村长|支书|镇长|区长|市长|县长|处长|主持人|负责人|工作人员|"
    "联络员|爱心人士|企业家|董事长|总经理|经理|厂长|医师|教官|指导员|政委|骨干|代理|爱心|志愿|(?<!学生)(?<!家长)(?<!儿童)(?<!少年)代表|村医|楷模|先锋|标兵|"
    "工作者|庭长|审判员|检察长|院长|专员|馆长|联系人|撰稿人|执笔人|审核人|通讯员|报送人|填报人|家长学校|讲师团|宣讲员|义工|嘉宾|领导|专干|儿童主任|督学|校医|心理老师|保安|门卫|司机|厨师"
)
# … or right after the office they work in (区教委德体卫艺科耿某)
_ADULT_BEFORE = re.compile("(?:" + "|".join(sorted(_ADULT_ROLE.split("|"), key=len, reverse=True))
                           + r"|(?<![学年])科|处|局|(?<![村居])委|办公室|(?<![一二三四五六七八九十\d])所|服务站)[：:]?$")
_ADULT_AFTER = re.compile(
    r"(?:老师|校长|书记|主任|同志|先生|女士|局长|所长|警官|医生|教授|律师|社工|教练|院长|园长|科长|部长|站长|村长|镇长|区长|主席|"
    r"阿姨|叔叔|伯伯|大姐|大哥|大爷|大妈|爷爷|奶奶|婆婆|老人|书法家|专家|烈士|精神|纪念|事迹|故事|同学们|一行|等人|等领导|"
    r"副|队长|组长|指导员|处长|经理|总|师傅|医师|护士|检察官|法官|民警|院士|总理|将军|元帅|科学家|英雄|楷模|劳模|代表|委员)"
)
# a contact line (联系人：张某　电话：…) names the writer, an adult; so does a list of public figures
_CONTACT_START = re.compile(r"^\s*(?:[（(]\s*)?(?:报送单位|联系人|撰稿人|执笔人|审核人|通讯员|作者|联系电话|负责人|填报人)")
_PUBLIC_LIST = re.compile(r"[^，。；]{0,30}?等[^，。；]{0,12}?(?:先烈|英雄|烈士|党员|模范|名人|先贤|人物|前辈|资源|教育家|科学家|革命|楷模|英模)")
# words that begin a given name only in appearance: 向老师、向妈妈、于是、和同学
_KIN_OR_ROLE = re.compile(
    r"(?:[姐哥叔姨伯婶嫂](?![\u4e00-\u9fff])|女士|先生|同志|小姐|阿姨|老师|同学|妈妈|爸爸|爷爷|奶奶|外公|外婆|家长|阿姨|叔叔|校长|书记|主任|社工|民警|志愿|孩子|学生|儿童|父母|父亲|母亲|"
    r"大家|自己|我们|他们|她们|小组|小学|中学|同伴|伙伴)"
)
_FOLLOW_CHILD = re.compile(r"同学|小朋友|小同学|兄弟俩|姐妹俩|兄妹俩|姐弟俩|兄弟|姐妹|兄妹|姐弟|"
                           r"(?:今年|现年|才|刚满|年仅)?(?:[0-9]|1[0-7]|[一二三四五六七八九十]|十[一二三四五六七])(?:周)?岁(?!以上|以下|左右)")
_MINOR_AGE = re.compile(r"(?<![0-9一二三四五六七八九十])(?:[0-9]|1[0-7]|[一二三四五六七八九十]|十[一二三四五六七])(?:周)?岁(?![0-9])")
_PUPIL = re.compile(r"上学|放学|作业|功课|年级|班级|就读|夏令营|少先队|课堂|童心|幼儿园")
# a name followed by what only a pupil does: 王某今年上三年级 / 王某就读于钱塘中学 / 王某读初二
_FOLLOW_PUPIL = re.compile(
    r"(?:今年|现在|目前|正)?(?:就读于|就读|在读|读|上|念)[^，。；！？]{0,12}?(?:小学|中学|幼儿园|年级|初[一二三]|高[一二三])(?!的?课)")
_FOLLOW_KIN = re.compile(r"的(?:父亲|母亲|爸爸|妈妈|爷爷|奶奶|外公|外婆|姥姥|姥爷|监护人|家长|班主任|同桌|哥哥|姐姐|弟弟|妹妹|家)")
_DESCRIPTOR = re.compile(r"[（(]([^（）()]{1,40})[）)]")
_DESCRIPTOR_CHILD = re.compile(
    r"年级|(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]{1,3}\s*[）)]?\s*班|学生|小学|中学|初[一二三]|高[一二三]|"
    r"(?<![0-9一二三四五六七八九十])(?:[0-9]|1[0-7]|[一二三四五六七八九十]|十[一二三四五六七])(?:周)?岁|幼儿园|儿童|孩子|留守|"
    r"[男女](?:[，、,]|$)|患|病|残疾|孤儿|^[左右中][一二三四五]?$|^前排|^后排"
)
_DESCRIPTOR_ADULT = re.compile(r"校长|老师|教师|书记|主任|教练|民警|干部|局长|所长|社工|志愿者|辅导员|警官|园长|法官|检察官|家长|父亲|母亲|"
                               r"(?:1[89]|[2-9][0-9])岁|职工|村民|党员|退休|务工人员")
_DESCRIPTOR_KIN = re.compile(r"(?:孩子|学生|儿童|幼儿|其|的)(?:父亲|母亲|爸爸|妈妈|爷爷|奶奶|外公|外婆|监护人|家长)|^(?:父亲|母亲|监护人|家长)")
_COMMA_DESCRIPTOR = re.compile(
    r"[，,]\s*(?:[男女](?:孩|生|童)?[，,、]\s*)?(?:今年)?(?:[0-9]|1[0-7]|[一二三四五六七八九十]|十[一二三四五六七])(?:周)?岁"
    r"|[，,]\s*[男女](?:孩|生|童)?[，,、]")
_NAME_LABEL = re.compile(r"(?:学生|儿童|幼儿|孩子|受助人|受助学生)?(?:姓名|名字)[：:]?\s?|名叫|名字叫|叫做|取名|(?<=[个名位])叫")
_PSEUDONYM_NOTE = re.compile(r"\s?[（(][^（）()]{0,8}化名|^\s?[，,]?\s?(?:系|为|是|均为|均系)?化名")
_GLOBAL_NOTE = re.compile(r"均为化名|均系化名|均使用化名|皆为化名|都是化名|均用化名|均已化名|人名为化名|姓名为化名|均作化名")
_FAMOUS_AFTER = re.compile(r"(?:的|式的)?(?:精神|纪念馆|纪念碑|故居|事迹|故事|烈士|同志|先生|图书馆|小学|中学|学校|像|塑像|雕像|式|路|街|镇|村|杯|奖|诗|文集|名言)")
# whom a text holds up as an example is a public figure: 学习张桂梅、缅怀杨靖宇
_FAMOUS_BEFORE = re.compile(r"(?:学习|缅怀|纪念|致敬|追忆|弘扬|传承|讲述|讲好|诵读|朗诵|观看|参观|走近|追寻|寻访)(?:了|着)?[“‘「]?$")
# what a sentence has a person do says an adult, when no word says who they are: 据…介绍, 在…的带领下,
# 聘请…, …是一名心理教师, 称…为“知心姐姐”
_ADULT_FRAME_BEFORE = re.compile(r"(?:据|在|由|经|请|邀请|聘请|聘|称|感谢|跟随|跟着|向|拜访|采访|委托)$")
_ADULT_FRAME_AFTER = re.compile(
    r"(?:介绍|表示|指出|认为|坦言|告诉|回忆|感慨|谈到|强调|要求|提出|说道|的带领|的帮助|的指导|的关心|的陪伴|的鼓励|的组织|"
    r"带领|带着|组织|主持|牵头|负责|发起|创办|捐|资助|为孩子|给孩子|为学生|给学生|为留守|陪伴|辅导|"
    r"在[^，。；]{0,12}(?:任教|执教|教书|任职|工作|上班)|"
    r"(?:是|为|作为|担任)[^，。；]{0,14}(?:教师|老师|校长|社工|志愿者|民警|主任|书记|干部|医生|专家|家长|妈妈|爸爸|党员|村民|职工|"
    r"工作者|负责人|讲师|辅导员|园长))"
)
_PLACE_AFTER = re.compile(r"镇|村|乡|街道|社区|区|县|市|省|路|街|河|江|山|湖|桥|湾|坝|中学|小学|学校|幼儿园|公司|集团|医院|大学|学院")

# The details that, beside a child's name, point at one child.
_IDENT = [
    # (小学/中学 before a verb of learning is 中|学会, 从小|学习: no school, see details.LEARNING_AFTER)
    ("school", re.compile(r"(?<![中大])小学(?!生|会|到|习|着|了|过|懂|得|起|成|好|做|唱|画|写|跳|游|说|用)|"
                          r"(?<![大初高])中学(?!生|会|到|习|着|了|过|懂|得|起|成|好|做|唱|画|写|跳|游|说|用)|完小|村小|幼儿园|中心校|初级中学|实验学校|职业中学|"
                          r"(?<![在到回进出本该我全各这那所和与及的了个入])[" + _CJK + r"]学校")),
    ("class", re.compile(r"(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]{1,2}\s*[）)]?\s*班(?![级子主会长委])|"
                         r"[0-9一二三四五六七八九]年级|[一二三四五六七八九]年级|初[一二三](?![十0-9])|高[一二三](?![十0-9级])")),
    # a named village (石龙村; not 农村、全村、驻村), a community named as someone's (新街社区的), a village group
    ("place", re.compile(r"(?<![农乡全本该各每山渔邻城驻进到同外此两一])[" + _CJK + r"]村(?![民委级里干部庄小务两镇社组])|"
                         r"[" + _CJK + r"]{2}社区(?=的|学生|儿童|孩子|居民|留守|困境|[0-9一二三四五六七八九十])|"
                         r"来自[" + _CJK + r"]{2,6}(?:社区|村|镇|街道)|"
                         r"(?<=[村区])[0-9一二三四五六七八九十]{1,3}[组社队]|小区|家住|住在|住址")),
    ("illness", re.compile(r"患|病|残疾|残障|脑瘫|自闭|孤独症|抑郁|白血病|癫痫|先天性|心脏病|智力障碍|智障|听障|视障|聋|盲|瘫痪|"
                           r"唐氏|多动|住院|手术|化疗|肿瘤|癌|卧床|失明|失聪|截肢")),
    # the family's or the child's situation: hardship, a case at law, a child in trouble
    ("family", re.compile(r"离异|离婚|去世|病故|过世|双亡|离世|服刑|入狱|羁押|犯罪|改嫁|出走|失联|去向不明|低保|建档立卡|贫困户|单亲|"
                          r"事实无人抚养|孤儿|寄养|吸毒|酗酒|赌博|家暴|打骂|虐待|遗弃|辍学|失学|复学|返校|厌学|逃学|休学|留守|"
                          r"困境儿童|残疾儿童|患儿|特困|监护|无人照看|独自留在|务工|打工|欺凌|霸凌|被害|受害|侵害|性侵|案件|案发|"
                          r"盗窃|训诫|违法|犯罪|走失|自残|自杀|轻生|心理危机|救助|撤销")),
    ("photo", re.compile(r"图为|如图|图中|照片|图片|合影|上图|下图|左图|右图|左一|右一|左二|右二|前排|后排|（图|图[0-9一二三四五六七八九十]")),
]

# How much likelier than ordinary words a name reading must be (in nats, see personnames): after 学生 or 母亲 a
# name is expected, so even a name made of words (毛宇航, 梁晨曦) passes; a two-character candidate is most
# often an ordinary word (学生沙龙, 孩子文静), so it needs the name reading to be the better one; in running text,
# with no word saying who is named, it must be far better.
CUED_MARGIN = -4.0
LABEL_MARGIN = -12.0  # after 姓名：a name is all but certain; only ordinary words that plainly read better are not
CUED_MARGIN_TWO = 0.0
BARE_MARGIN = 2.0
_NOT_NAME_END = frozenset("镇村乡县区市省街路湾坝沟坪岭垭堡寨庄屯塘桥院园寺庙观阁亭祠宫科处室局委办所站队部会社组团")
FAMOUS = 20  # a name the dictionary's corpus cites this often is a public figure (雷锋, 邱少云)


def _identifying(text: str, s: int, e: int, kinds: tuple[str, ...], name: tuple[int, int]) -> str | None:
    """The first identifying detail of ``kinds`` in text[s:e] (outside the name itself), as written."""
    for kind, rx in _IDENT:
        if kind in kinds:
            for m in rx.finditer(text, s, e):
                if m.end() <= name[0] or m.start() >= name[1]:
                    return _around(text, m.start(), m.end(), name[1] if m.start() >= name[1] else s)
    return None


def _around(text: str, a: int, b: int, lo: int) -> str:
    """The detail with the name it ends (钱塘中学, 石龙村): a few characters of the same clause, never the name."""
    left = a
    while left > max(lo, a - 6) and re.match(f"[{_CJK}0-9]", text[left - 1]) and text[left - 1] not in "的是在和与及了住区县市省":
        left -= 1
    return text[left:b]


class _Names:
    def __init__(self, text: str, caption: bool, others: list[int] | None = None) -> None:
        self.text = text
        self.caption = caption
        self.others = others or []  # where an ID, a phone, a card or an address was found: it identifies too
        self.noted = bool(_GLOBAL_NOTE.search(text))
        self.found: dict[int, Match] = {}

    def run(self) -> list[Match]:
        if self.noted:
            return []  # the writer says every name is a pseudonym
        t = self.text
        for m in _ROLE.finditer(t):
            grade, child, family = m.group(1), m.group(2), m.group(3)
            if (family or child) and _ADULT_BEFORE.search(t, max(0, m.start() - 8), m.start()):
                continue  # 民警叔叔、爱心妈妈、志愿者哥哥: an adult helper
            if not grade and inside_word(t, m.start()):
                continue  # 妇女儿童之家: no 女儿 there
            if family and child is None and grade is None and m.group().startswith(("叔叔", "阿姨", "伯伯")) and \
                    not re.search(r"其|孩子|的$", t[max(0, m.start() - 3) : m.start()]):
                continue  # 叔叔 alone is how children address any adult
            whose = "parent" if family else "child"
            record = bool(re.search(r"姓名|名单|[：:]", m.group()))  # 学生姓名：… / 受助学生名单：…
            self._cued(m.end(), m.start(), whose, (grade or child or family).strip("的 ：:"), record=record)
        for m in _FOLLOW_CHILD.finditer(t):
            self._before(m.start(), "child", m.group())
        for m in _FOLLOW_KIN.finditer(t):
            self._before(m.start(), "child", m.group())
        for m in _FOLLOW_PUPIL.finditer(t):
            self._before(m.start(), "child", m.group())
        for m in _DESCRIPTOR.finditer(t):
            inner = m.group(1)
            if "化名" in inner:
                continue
            if _DESCRIPTOR_KIN.search(inner):
                self._before(m.start(), "parent", inner)  # 李秀英（孩子的母亲）
            elif _DESCRIPTOR_CHILD.search(inner) and not _DESCRIPTOR_ADULT.search(inner):
                self._before(m.start(), "child", inner)
        for m in _COMMA_DESCRIPTOR.finditer(t):
            self._before(m.start(), "child", m.group().strip("，, "))
        for m in _NAME_LABEL.finditer(t):
            self._cued(m.end(), m.start(), "child", m.group().strip("：: "), record=True)
        self._bare()
        return list(self.found.values())

    # -- patterns --

    def _cued(self, start: int, cue_start: int, whose: str, cue: str, record: bool = False) -> None:
        if start >= len(self.text) or start in self.found:
            return
        got = best_name(self.text, start, lo=cue_start)
        if got and record and "姓名" in self.text[cue_start:start] and got[1] >= LABEL_MARGIN:
            got = (got[0], 0.0)  # 姓名：崔某 — the label says a name follows
        if got and self._passes(start, got[0], got[1], cued=True):
            self._add(start, got[0], whose, cue, record=record)

    def _before(self, end: int, whose: str, cue: str) -> None:
        """A name ending right at ``end`` (张浩然|同学, 何佳怡|（女，11岁）)."""
        best = None
        for size in (4, 3, 2):
            start = end - size
            if start < 0 or start in self.found:
                continue
            got = best_name(self.text, start, ends=(end,))
            if got and (best is None or got[1] > best[1]):
                best = (start, got[1])
        if best and self._passes(best[0], end, best[1], cued=True):
            self._add(best[0], end, whose, cue)

    def _bare(self) -> None:
        """Names with no word saying whose: possible; certain when the sentence is about a child and says
        something that identifies one (清平镇长岭村4社的董某、董某兄弟俩是孤儿)."""
        t = self.text
        taken = sorted((m.start, m.end) for m in self.found.values())
        i = 0
        n = len(t)
        while i < n:
            if t[i] not in _SURNAME_FIRST:
                i += 1
                continue
            j = bisect.bisect_right(taken, (i, n))
            if j and taken[j - 1][1] > i:
                i = taken[j - 1][1]
                continue
            got = best_name(t, i)
            if not got or not self._passes(i, got[0], got[1], cued=False) or inside_word(t, i):
                i += 1
                continue
            self._add(i, got[0], "child", "", bare=True)
            i = got[0]

    # -- checks --

    def _passes(self, start: int, end: int, margin: float, *, cued: bool) -> bool:
        t = self.text
        name = t[start:end]
        sl = surname_at(t, start)
        if len(name) == 2 and name[0] == name[1]:
            return False  # 安安、宁宁: a pet name, as anonymous as 小明
        if any(c in HIDDEN for c in name) or _KIN_OR_ROLE.match(t, start + sl):
            return False
        if sl == 1 and len(name) == 3 and word_freq(name[:2]) >= 50 and word_freq(t[end - 1 : end + 1]) > 0:
            return False  # 贺卡|传情、关爱|之家: it begins with a word and ends inside another (not 唐诗雨今年)
        if name[-1] in _NOT_NAME_END:
            return False  # 隆兴镇、邵家湾、卫艺科: a place or an office
        if _ADULT_AFTER.match(t, end) or _PSEUDONYM_NOTE.match(t[end : end + 12]):
            return False
        if _ADULT_BEFORE.search(t, max(0, start - 8), start):
            return False  # 书记王建华: an official by their post
        d = _DESCRIPTOR.match(t, end)
        if d and _DESCRIPTOR_ADULT.search(d.group(1)) and not _DESCRIPTOR_CHILD.search(d.group(1)):
            return False  # 王芳（镇中心校校长）: an adult, said so in brackets
        if cued:
            return margin >= (CUED_MARGIN_TWO if len(name) == 2 else CUED_MARGIN)
        if margin < BARE_MARGIN or fame(name) >= FAMOUS:
            return False
        if _PUBLIC_LIST.match(t, end) or _CONTACT_START.match(t, sentence_span(t, start, end)[0]):
            return False
        if _FAMOUS_BEFORE.search(t, max(0, start - 6), start) \
                or _FAMOUS_AFTER.match(t, end) or _PLACE_AFTER.match(t, end) \
                or _ADULT_FRAME_BEFORE.search(t, max(0, start - 2), start) or _ADULT_FRAME_AFTER.match(t, end):
            return False
        before = t[max(0, start - 1) : start]
        return not (before in "《“‘「『" and before)

    def _add(self, start: int, end: int, whose: str, cue: str, bare: bool = False, record: bool = False) -> None:
        t = self.text
        # 姓名：… is a record (姓名：谢某；学校：双槐小学；年级：四年级): its fields are one unit, not sentences
        s, e = (max(0, start - WINDOW), min(len(t), end + WINDOW)) if record else sentence_span(t, start, end)
        name = t[start:end]
        k = bisect.bisect_left(self.others, s)
        other = k < len(self.others) and self.others[k] < e  # 身份证号、电话、住址 in the same sentence
        if whose == "parent":
            # a child's situation, not merely a child: 学生家长李红梅在家长会上发言 names no child
            detail = _identifying(t, s, e, ("illness", "family", "school", "class", "place"), (start, end)) \
                or ("身份证号、电话等" if other else None)
            certain = detail is not None
            reason = (f"家长姓名与孩子或家庭的情况（“{detail}”）同时出现" if certain
                      else f"前有“{cue}”，可能是家长的真实姓名；同句未写孩子的情况，请确认")
        else:
            detail = _identifying(t, s, e, ("school", "class", "place", "illness", "family", "photo"), (start, end)) \
                or ("身份证号、电话等" if other else None)
            if detail is None and self.caption:
                detail = "图片说明"
            # a bare name is a child's only when the sentence says it is about a child
            child = not bare or bool(_CHILD_WORD.search(t, s, e) or _MINOR_AGE.search(t, s, e) or _PUPIL.search(t, s, e))
            certain = detail is not None and child
            if certain:
                reason = f"儿童姓名与“{detail}”同时出现"
            elif bare:
                reason = "像是一个真实姓名，句中没有说明是谁" + (f"（同句有“{detail}”）" if detail else "") + "，请确认是否为儿童、是否已用化名"
            else:
                reason = f"前后有“{cue}”，像是儿童的真实姓名；同句没有学校、班级、住址等，请确认是否已用化名"
        self.found[start] = Match("name", start, end, name, certain, reason, pseudonym(name), whose)
        # 杜某、杜某兄弟: the names listed before it are named the same way
        prev = start - 1
        while prev > 0 and t[prev] in "、和与及":
            best = None
            for size in (4, 3, 2):
                a = prev - size
                if a < 0 or a in self.found:
                    continue
                got = best_name(t, a, ends=(prev,))
                if got and self._passes(a, prev, got[1], cued=True) and (best is None or got[1] > best[1]):
                    best = (a, got[1])
            if best is None:
                break
            a = best[0]
            self.found[a] = Match("name", a, prev, t[a:prev], certain, reason, pseudonym(t[a:prev]), whose)
            prev = a - 1
        # 学生王小明、李华和张浩然: the names listed with it are named the same way
        nxt = end
        while nxt < len(t) and t[nxt] in "、和与及跟" and nxt + 1 not in self.found:
            got = best_name(t, nxt + 1, lo=nxt)
            if not got or not self._passes(nxt + 1, got[0], got[1], cued=True):
                break
            a, b = nxt + 1, got[0]
            self.found[a] = Match("name", a, b, t[a:b], certain, reason, pseudonym(t[a:b]), whose)
            nxt = b
            # a bracketed descriptor after a listed name (肖雨涵（清平镇中学初一）、毛宇航（…）)
            d = _DESCRIPTOR.match(t, nxt)
            if d:
                nxt = d.end()


_SURNAME_FIRST = SURNAMES | {d[0] for d in DOUBLE_SURNAMES}


def find_names(text: str, caption: bool, others: list[Match]) -> list[Match]:
    return _Names(text, caption, sorted(m.start for m in others if m.certain)).run()


