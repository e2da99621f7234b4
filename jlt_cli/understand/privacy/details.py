"""What else points at a child whose name is given: the school by its own name, the class by its number.

``jlt build --redact`` replaces a child's name (李思琪 → 李某), but 双凤镇中心小学四年级2班学生李某，今年10岁，
母亲离家出走 still points at one child: a class holds forty, and one of them is ten and has lost her mother. The
advice to units is that a child is never written with school, class or address together, so where the brochure
replaces a child's name it also takes out what narrows the school and class down to one room:

- the class number goes, the grade stays: 四年级2班 → 四年级, 初三（2）班 → 初三, 五（1）班 → 五年级; a class
  without a grade reads 某班;
- the school keeps only what kind of school it is: 双凤镇中心小学 → 某小学, 龙市镇初级中学 → 某中学 (a reader
  still learns the child is at primary school, which the case is about; a town has a dozen primary schools and
  the unit that wrote the case already names the town);
- the village stays (an address may be written down to the village; the group and house number are removed as an
  address already), and so do the age and the family's situation: they are what the case is about.

A sentence is the unit (。！？；or a line); in a table, a row is.
"""

from __future__ import annotations

import re

from jlt_cli.base.text import CJK as _CJK
from jlt_cli.understand.personnames import HIDDEN
from jlt_cli.understand.privacy.match import Match

# The kind of school a name ends with, and what the brochure prints for it. Longest first.
_LEVELS = {
    "中心小学": "小学", "中心校": "小学", "完全小学": "小学", "完小": "小学", "村小": "小学", "小学": "小学",
    "初级中学": "中学", "高级中学": "中学", "完全中学": "中学", "职业中学": "中学", "中学": "中学",
    "中心幼儿园": "幼儿园", "幼儿园": "幼儿园",
    "特殊教育学校": "特殊教育学校", "特教学校": "特殊教育学校", "实验学校": "学校", "学校": "学校",
}
# 小学/中学 where 学 begins a verb of learning is no school: 在夏令营中学会了游泳, 活动中学到, 从小学习
LEARNING_AFTER = re.compile(r"会|到|习|着|了|过|懂|得|起|成|好|做|唱|画|写|跳|游|说|用")
_LEVEL = re.compile("(?:" + "|".join(sorted(_LEVELS, key=len, reverse=True)) + r")(?!生|部|阶段|教育|学段|毕业)")
# where a school's own name begins: after a verb or particle (就读于|, 在|, 的|), a number or punctuation
_NAME_STOP = frozenset("的是在于到和与及了从回进入读该本这那每各全其此所一两个为由向给让被把去念上等")
_NAME_LONGEST = 12
# …unless the character ends a place's name (太和|镇小学, 上和|村小)
_PLACE_NEXT = re.compile(r"镇|乡|街道|村|社区")
# 学校 alone ends a school's name only after a place (盐井街道学校, 东风村学校); 家长学校、社区学校 are not schools
_PLACE_END = re.compile(r"(?:镇|乡|街道|区|县|村|社区|路|街)$")

_GRADE = r"(?:[1-9一二三四五六七八九]年级|初[一二三]|高[一二三])"
_CLASS_NO = r"(?:[（(]\s*[0-9一二三四五六七八九十]{1,2}\s*[）)]|[0-9一二三四五六七八九十]{1,2})\s*班(?![级子主会长委组])"
_GRADE_CLASS = re.compile(rf"({_GRADE})\s*{_CLASS_NO}")
_BARE_GRADE_CLASS = re.compile(r"(?<![0-9一二三四五六七八九十])([1-6一二三四五六])\s*[（(]\s*[0-9一二三四五六七八九十]{1,2}\s*[）)]\s*班"
                               r"(?![级子主会长委组])")
_CLASS = re.compile(rf"(?<![0-9一二三四五六七八九十（(年初高级个])(?<![初高][一二三]){_CLASS_NO}")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
REASON = "与儿童姓名同在一句"


def find_child_details(text: str, names: list[tuple[int, int]] | None) -> list[Match]:
    """The school names and class numbers in each sentence of ``text`` that holds one of ``names`` (spans of a
    child's name), never overlapping them; ``names=None``: the whole text is one record (a table row's cell)."""
    if names is None:
        spans = [(0, len(text))]
    else:
        spans, start = [], 0
        for end in [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
            if any(start <= a < end + 1 for a, _ in names):
                spans.append((start, end))
            start = end + 1
    out: list[Match] = []
    taken = list(names or [])
    for lo, hi in spans:
        for m in _classes(text, lo, hi) + _schools(text, lo, hi):
            if not any(a < m.end and m.start < b for a, b in taken):
                taken.append((m.start, m.end))
                out.append(m)
    return sorted(out, key=lambda m: m.start)


def _classes(text: str, lo: int, hi: int) -> list[Match]:
    out: list[Match] = []
    for m in _GRADE_CLASS.finditer(text, lo, hi):
        out.append(Match("class", m.start(), m.end(), m.group(), True, REASON, m.group(1)))
    for m in _BARE_GRADE_CLASS.finditer(text, lo, hi):
        out.append(Match("class", m.start(), m.end(), m.group(), True, REASON, m.group(1) + "年级"))
    for m in _CLASS.finditer(text, lo, hi):
        if not any(o.start <= m.start() < o.end for o in out):
            out.append(Match("class", m.start(), m.end(), m.group(), True, REASON, "某班"))
    return out


def _schools(text: str, lo: int, hi: int) -> list[Match]:
    out: list[Match] = []
    for m in _LEVEL.finditer(text, lo, hi):
        a = m.start()
        while a > max(lo, m.start() - _NAME_LONGEST) and re.match(f"[{_CJK}]", text[a - 1]) \
                and (text[a - 1] not in _NAME_STOP or _PLACE_NEXT.match(text, a)):
            a -= 1
        name = text[a : m.start()]
        if m.group() in ("小学", "中学") and LEARNING_AFTER.match(text, m.end()):
            continue  # 中|学会, 小|学习: a verb of learning, not a school
        if not name or any(c in HIDDEN for c in name):
            continue  # 小学四年级 names no school; 合川区某中学 is already anonymous
        if m.group() == "学校" and not _PLACE_END.search(name):
            continue
        out.append(Match("school", a, m.end(), text[a : m.end()], True, REASON, "某" + _LEVELS[m.group()]))
    return out
