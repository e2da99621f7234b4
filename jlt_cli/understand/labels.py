"""Heading labels and heading words: 一、 （一） 1. 第一部分 【】 in front of 基本情况 and its synonyms."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jlt_cli.config import Config

CN_NUM = "一二三四五六七八九十百零〇"
# Typed labels a heading may start with. Order matters: the longer forms first.
_LABEL = re.compile(
    rf"""^(?:
        第[{CN_NUM}\d]+(?:部分|章|节|篇|条)[、：:.．\s]*     # 第一部分
      | [（(][{CN_NUM}]+[）)][、.．]?                       # （一）
      | [（(]\d{{1,2}}[）)][、.．]?                         # （1）
      | [{CN_NUM}]+[、.．，,]                               # 一、
      | \d{{1,2}}(?:[、．]|\.(?!\d)|[）)])                 # 1、 1. 1）  (not 3.5)
      | [①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]
      | [IVX]+[.、]
      | [ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+[.、．]?
    )\s*""",
    re.VERBOSE,
)
_DECOR = re.compile(r"^[【\[〔「『]\s*(.*?)\s*[】\]〕」』]$")
_SPACES = re.compile(r"[\s\u3000]+")
# What may follow heading words when the heading carries its content on the same line.
_INLINE_SEP = "：:。．.；;—-"


def split_label(text: str) -> tuple[str, str]:
    """('一、', '基本情况') from '一、基本情况'; ('', text) when there is no typed label."""
    stripped = text.strip()
    m = _LABEL.match(stripped)
    if not m:
        return "", stripped
    return m.group(0).strip(), stripped[m.end():].strip()


def has_typed_label(text: str) -> bool:
    return bool(_LABEL.match(text.strip()))


def heading_words(text: str) -> str:
    """Heading text without label, brackets, bold marks, spaces and trailing punctuation."""
    _, rest = _unwrap(text)
    return _SPACES.sub("", rest).rstrip("：:。.．;；，,")


# Decoration around a line pasted from WeChat: 🔶一、基本情况 / ▍二、具体措施 / ■ / >> / 📌
_DECORATION = re.compile(r"^(?:[\s\u3000*_>]|[\u2580-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d])+|(?<![\s\u3000*_\u2580-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d])(?:[\s\u3000*_]|[\u2580-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d])+$")


def strip_decoration(text: str) -> str:
    """The line without leading/trailing symbols, emoji, bullets and bold marks (not brackets or quotes)."""
    return _DECORATION.sub("", text)


def _unwrap(text: str) -> tuple[str, str]:
    """(typed label, heading text) with bold marks and 【】-style brackets removed."""
    label, rest = split_label(strip_decoration(text.strip()))
    rest = rest.strip("*_ ")
    m = _DECOR.match(rest)
    return label, (m.group(1) if m else rest)


@dataclass(frozen=True)
class SectionMatch:
    key: str
    heading_words: str  # the heading words as written (synonym form)
    remainder: str  # content written on the same line after the heading, if any
    # how surely the line is a part heading: 3 exact words on a styled/labelled line, 2 exact words on a
    # bare line, 1 words extended (三、工作成效显著) or followed by content, 0 a bare "成效：……" line
    strength: int = 3


def _synonyms(config: Config) -> list[tuple[str, str]]:
    cache = config._cache.get("synonyms")
    if cache is None:
        pairs = []
        for key, spec in (config.get("sections") or {}).items():
            for syn in spec.get("synonyms") or []:
                pairs.append((_SPACES.sub("", str(syn)), key))
        cache = sorted(pairs, key=lambda p: len(p[0]), reverse=True)
        config._cache["synonyms"] = cache
    return cache


# "存在问题及下步打算", "经验与成效": the part is named after the joining word
_JOINED = re.compile(r"^(.{1,8}?)[及和与、暨](.+)$")


def match_section(text: str, config: Config, heading_like: bool) -> SectionMatch | None:
    """Which of the four parts a line heads, if any.

    ``heading_like``: the line is styled or labelled as a heading (style, numbering, bold, typed label).
    A bare line matches only when it is exactly the heading words; a labelled or styled line may add a
    few words (三、工作成效显著) or carry its content after a colon, a full stop, a space or a line
    break (基本情况：……).
    """
    if "\n" in text.strip():
        # heading, Shift+Enter, then the text: one paragraph in Word
        first, _, after = text.strip().partition("\n")
        m = match_section(first, config, heading_like)
        if m is not None and not m.remainder and m.strength >= 2:
            return SectionMatch(m.key, m.heading_words, after.strip(), 1)
    label, rest = _unwrap(text)
    compact = _SPACES.sub("", rest)
    labelled = heading_like or bool(label)
    exact = 3 if labelled else 2
    for syn, key in _synonyms(config):
        if not compact.startswith(syn):
            continue
        tail = compact[len(syn):]
        if not tail or tail in ("：", ":", "。", "．", "."):
            return SectionMatch(key, syn, "", exact)
        if tail[0] in _INLINE_SEP and (labelled or tail[0] in "：:"):
            # '基本情况：合川区……' — heading and content on one line
            head = re.match(r"[\s\u3000]*".join(map(re.escape, syn)), rest)
            after = rest[head.end():] if head else tail
            return SectionMatch(key, syn, after.lstrip(" \u3000" + _INLINE_SEP).strip(), 1 if labelled else 0)
        if labelled:
            spaced = re.match(r"[\s\u3000]*".join(map(re.escape, syn)) + r"[\s\u3000]+(?=\S)", rest)
            if spaced and len(compact) > len(syn) + 6:
                # '三、工作成效　今年以来……' — a space ends the heading words
                return SectionMatch(key, syn, rest[spaced.end():].strip(), 1)
        if labelled and len(tail) <= 6 and not re.search(r"[，。；！？,;]", tail):
            # 三、工作成效显著 / 二、主要做法及经验
            return SectionMatch(key, syn + tail, "", 1)
        if label and len(syn) >= 4 and len(tail) > 6:
            # 一、基本情况辖区外出务工人员多…: heading words glued to the text (pasted from WeChat)
            head = re.match(r"[\s\u3000]*".join(map(re.escape, syn)), rest)
            return SectionMatch(key, syn, rest[head.end():].strip() if head else tail, 1)
    if labelled and len(compact) <= 16:
        joined = _JOINED.match(compact.rstrip("：:。．."))
        if joined:
            for syn, key in _synonyms(config):
                if joined.group(2) == syn:
                    return SectionMatch(key, compact.rstrip("：:。．."), "", exact)
    return None
