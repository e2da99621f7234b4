"""Is this run of characters a person's name, or ordinary words? A small model of Chinese text.

A name in Chinese prose is not marked: 王小明 looks like any three characters, and 老师和同学 holds 师和,
a surname and a given-name character. What tells them apart is the words around them: 引导老师和同学 reads as
引导/老师/和/同学, and cutting 师和 out of it leaves 老 and breaks a common word; 学生陈思雨今年 reads best with
陈思雨 as one token. So a candidate is scored as a reader would: the best reading of the characters around it
without any person name (a unigram word model, jieba's dictionary of 350,000 words with their frequencies), against
the best reading with the candidate as one name token (its probability from the same dictionary's 40,000 person
names: how common the surname is, how common each character is in a given name). The difference, in nats,
is how much likelier the name reading is; the caller says how much it needs (less after 学生 or 母亲, more in
running text).

A word the dictionary lacks (专班) is read from jieba's model of where characters stand in words (see
``word_across``): a name does not end between 专 and 班.

jieba is used only as data (its dictionary file and its three character-position tables); nothing of its
segmenter is run, nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import math
from functools import lru_cache
from pathlib import Path

from jlt_cli.base.text import CJK_RE

# The common surnames (百家姓, by frequency in today's population), and the compound ones still in use.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康"
    "施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗"
    "谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜"
    "冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝蹇粟况但代税母"
    "练揭帅鄢黔隆湛"
)
DOUBLE_SURNAMES = frozenset(
    ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "公孙", "慕容", "尉迟", "夏侯", "长孙", "宇文", "司徒", "端木",
     "西门", "南宫", "独孤", "万俟", "闻人", "呼延", "澹台", "公冶", "申屠", "轩辕")
)
# Grammatical characters (particles, adverbs, prepositions, pronouns) that do not end a given name.
GRAMMAR = frozenset("已在是的了和与及也都就还又才很被把将从向对给让曾正却便等们着过吗呢吧并而且但或其这那每")
# Characters that stand for a hidden given name: 王某、张某某、李X、刘*、赵〇
HIDDEN = frozenset("某XxＸｘ×*＊○〇□")

_NAME_CHARS = 4000  # characters a given name may plausibly use (the common characters of 通用规范汉字表's first level: 3500)
LONGER_BIAS = 0.5  # nats a name's extra character is worth when two readings are close
_MAX_WORD = 8  # longest dictionary word tried when reading a window (jieba's longest common words are shorter)
_NAME_TAGS = ("nr", "nrfg", "nrt")
_COMMON_WORD = 50_000  # a one-character word this frequent (是, 说, 在, 把) begins a new word wherever it stands


class Lexicon:
    """jieba's dictionary as two tables: ordinary words, and person names turned into a name model."""

    def __init__(self, path: Path) -> None:
        words, names = _read_dictionary(path)
        total = sum(words.values())
        surnames: dict[str, int] = {}
        middle: dict[str, int] = {}  # the first given character of a three-character name
        final: dict[str, int] = {}  # the last given character
        for word in names:
            if word[:1] in SURNAMES and len(word) in (2, 3):
                surnames[word[0]] = surnames.get(word[0], 0) + 1
            # given characters from three-character names only: the two-character entries are half
            # transliterations and families (拉、斯、王家), not given names
            if len(word) == 3 and word[0] in SURNAMES:
                middle[word[1]] = middle.get(word[1], 0) + 1
                final[word[2]] = final.get(word[2], 0) + 1
        # every word, names too, is part of the ordinary reading: 文明 and 沙龙 are tagged as names
        self.words = words
        self.names = names
        self._readings: dict[str, float] = {}
        self.log_total = math.log(total)
        # a character never seen alone costs what jieba charges an unknown character
        self.unknown = -self.log_total
        self.name_token = math.log(sum(names.values()) / total)  # how often a token of running text is a name
        # The dictionary's two-character entries are not mostly names (see above); among today's children about
        # one in seven has a one-character given name.
        self.length = {2: math.log(0.15), 3: math.log(0.85)}
        self._surnames = _log_table(surnames, len(SURNAMES))
        # a place's own statistics first; what a place has never seen is shared out by how common the character
        # is in given names at all (梓 ends old names and begins many of today's: 梓涵、梓萱)
        anywhere = dict(middle)
        for c, k in final.items():
            anywhere[c] = anywhere.get(c, 0) + k
        given = _log_table(anywhere, _NAME_CHARS)
        self._middle = _log_table(middle, _NAME_CHARS, backoff=given)
        self._final = _log_table(final, _NAME_CHARS, backoff=given)

    def word_cost(self, w: str) -> float | None:
        f = self.words.get(w)
        return math.log(f) - self.log_total if f else None

    def reading(self, s: str) -> float:
        """Log-probability of the best reading of ``s`` as ordinary words."""
        cached = self._readings.get(s)
        if cached is None:
            if len(self._readings) > 100_000:  # bounded memory on a long document
                self._readings.clear()
            cached = self._readings[s] = self._reading(s)
        return cached

    def _reading(self, s: str) -> float:
        n = len(s)
        best = [0.0] * (n + 1)
        for i in range(n - 1, -1, -1):
            single = self.word_cost(s[i])
            score = (single if single is not None else self.unknown) + best[i + 1]
            for j in range(i + 2, min(n, i + _MAX_WORD) + 1):
                cost = self.word_cost(s[i:j])
                if cost is not None and cost + best[j] > score:
                    score = cost + best[j]
            best[i] = score
        return best[0]

    def name(self, name: str, surname_len: int) -> float:
        """Log-probability of ``name`` as one token of running text."""
        given = name[surname_len:]
        surname = self._surnames(name[0]) if surname_len == 1 else -7.0  # 欧阳、上官: rare, but a unit
        score = self.name_token + self.length[min(3, max(2, len(given) + 1))] + surname
        for c in given[:-1]:
            score += self._middle(c)
        return score + self._final(given[-1])


def _read_dictionary(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    """jieba's dict.txt (``word frequency tag`` a line): every word, and the person names (read once a process)."""
    data = path.read_text(encoding="utf-8").split()
    if len(data) % 3 == 0 and all(x.isdigit() for x in data[1:3000:3]):
        freqs = list(map(int, data[1::3]))
        words = dict(zip(data[0::3], freqs))
        names = {w: f for w, f, tag in zip(data[0::3], freqs, data[2::3]) if tag in _NAME_TAGS}
        return words, names
    words, names = {}, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            words[parts[0]] = int(parts[1])
            if len(parts) > 2 and parts[2] in _NAME_TAGS:
                names[parts[0]] = int(parts[1])
    return words, names


def _log_table(counts: dict[str, int], vocabulary: int, backoff=None):
    """Log-probabilities with Good–Turing's share for the unseen: the names of today's children use characters
    (梓, 萱) that the dictionary's names use once or never. With ``backoff`` (a wider table), the unseen share
    goes to each unseen character in proportion to its probability there; otherwise evenly."""
    total = sum(counts.values())
    once = sum(1 for k in counts.values() if k == 1)
    unseen = max(once, 1) / total
    table = {c: math.log((1 - unseen) * k / total) for c, k in counts.items()}
    if backoff is None:
        floor = math.log(unseen / max(vocabulary - len(counts), 1))
        return lambda c: table.get(c, floor)
    seen_mass = sum(math.exp(backoff(c)) for c in counts)
    scale = math.log(unseen / max(1e-9, 1 - seen_mass))
    return lambda c: table[c] if c in table else backoff(c) + scale


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed: reinstall jlt (pip install -e .)")
    return Lexicon(Path(next(iter(spec.submodule_search_locations))) / "dict.txt")


def name_margin(text: str, start: int, end: int, surname_len: int, lo: int, hi: int) -> float:
    """How much likelier (in nats) ``text[start:end]`` is a name than part of ordinary words, in ``text[lo:hi]``."""
    lex = lexicon()
    plain = lex.reading(text[lo:hi])
    named = lex.reading(text[lo:start]) + lex.name(text[start:end], surname_len) + lex.reading(text[end:hi])
    return named - plain


# --- where a word ends: jieba's character-position model -------------------------------------------------

# The dictionary knows 关爱 but not 专班 (a task force, as new as the policy that named it): read with words
# alone, 困境儿童关爱专班 may hold the name 关爱专, a word and the first character of the next one. What each
# character does inside words at all (begins one, ends one, stands alone: jieba's hidden Markov model, trained
# on segmented text, shipped as three tables) says 专 begins words and 班 ends them, so 专班 is read as one
# word even where the dictionary is silent, and a name cannot end between its two characters.
_STATES = "BMES"


@lru_cache(maxsize=1)
def _positions() -> tuple[dict, dict, dict]:
    from jieba.finalseg.prob_emit import P as emit  # data modules only: no segmenter is run
    from jieba.finalseg.prob_start import P as start
    from jieba.finalseg.prob_trans import P as trans

    return start, trans, emit


def _best_path(s: str, cut: int, joined: bool) -> float:
    """Log-probability of the best B/M/E/S tagging of ``s`` with (or without) a word running across ``cut``."""
    start, trans, emit = _positions()
    floor = -1e9  # a character the tables never saw costs the same in every state: it cancels out
    prev = {st: start[st] + emit[st].get(s[0], floor) for st in _STATES}
    for k in range(1, len(s)):
        cur = {}
        for st in _STATES:
            best = None
            for p, v in prev.items():
                t = trans[p].get(st)
                if t is None or (k == cut and (p in "ES") == joined):
                    continue
                best = v + t if best is None or v + t > best else best
            cur[st] = (best if best is not None else 2 * floor) + emit[st].get(s[k], floor)
        prev = cur
    return max(prev["E"], prev["S"])


def word_across(text: str, at: int, reach: int = 3) -> float:
    """How much likelier (in nats) the characters either side of ``at`` belong to one word than to two
    (专|班: 3.5; 小明|在: -2.9). 0 at the edge of a run of Chinese characters."""
    if at <= 0 or at >= len(text) or not (CJK_RE.match(text[at - 1]) and CJK_RE.match(text[at])):
        return 0.0
    lo = at - 1
    while lo > max(0, at - reach) and CJK_RE.match(text[lo - 1]):
        lo -= 1
    hi = at + 1
    while hi < min(len(text), at + reach) and CJK_RE.match(text[hi]):
        hi += 1
    return _glue(text[lo:hi], at - lo)


@lru_cache(maxsize=65_536)  # bounded; a document repeats its phrases (关爱专班 in the title and the text)
def _glue(s: str, cut: int) -> float:
    return _best_path(s, cut, True) - _best_path(s, cut, False)


def _word_starts(text: str, at: int) -> bool:
    """Whether a word plainly begins at ``at``: a dictionary word of two or more characters (家住, 常年), or one of
    the commonest one-character words (是, 说, 在)."""
    words = lexicon().words
    if words.get(text[at : at + 1], 0) >= _COMMON_WORD:
        return True
    return any(text[at : at + k] in words for k in range(2, min(_MAX_WORD, len(text) - at) + 1))


def surname_at(text: str, start: int) -> int:
    """Length of the surname beginning at ``start`` (2 for 欧阳, 1 for 王), or 0."""
    if text[start : start + 2] in DOUBLE_SURNAMES:
        return 2
    return 1 if text[start : start + 1] in SURNAMES else 0


def best_name(text: str, start: int, *, lo: int | None = None, ends: tuple[int, ...] | None = None) -> tuple[int, float] | None:
    """The likeliest name beginning at ``start``: (end, margin), or None when none can start there.

    ``lo`` bounds the left context (the end of a cue word such as 学生 is a known word boundary);
    ``ends``, when given, are the only allowed ends (a name right before 同学 or before a bracket).
    """
    best: tuple[int, float] | None = None
    for sl in (2, 1):
        if sl == 2 and text[start : start + 2] not in DOUBLE_SURNAMES:
            continue
        if sl == 1 and text[start : start + 1] not in SURNAMES:
            continue
        for gl in (1, 2):
            end = start + sl + gl
            given = text[start + sl : end]
            if len(given) != gl or not all(CJK_RE.match(c) for c in given) or any(c in HIDDEN for c in given):
                continue
            if given[-1] in GRAMMAR:
                continue  # 耿慧|已失联: a name does not end with a grammatical word
            if ends is not None and end not in ends:
                continue
            left = max(0, start - 4) if lo is None else max(lo, start - 4)
            hi = min(len(text), start + 4 + 6)
            margin = name_margin(text, start, end, sl, left, hi)
            # a name does not end inside a word the dictionary lacks (关爱专|班): what the model sees as one
            # word across the name's end counts against it
            if not _word_starts(text, end):  # 何伟|家住: a word the dictionary knows begins there, the name ends
                margin -= max(0.0, word_across(text, end))
            # a longer name wins near-ties: cutting a name short prints part of it (罗某萱), too long only a word
            if best is None or margin + LONGER_BIAS * (end - best[0]) > best[1]:
                best = (end, margin)
        if best is not None:
            break  # 欧阳娜娜 is read with the compound surname when it can be
    return best


def fame(name: str) -> int:
    """How often the dictionary's corpus names this person (雷锋, 邱少云: public figures; a child: 0)."""
    return lexicon().names.get(name, 0)


def inside_word(text: str, at: int, reach: int = 4, cost: float = 3.0) -> bool:
    """Whether ``at`` falls inside a word: the best reading around it is much likelier without a break there
    (妇女|儿童之家: no word 女儿 begins at 女; 其|父亲 and 该生|母亲 break where the words do)."""
    lex = lexicon()
    lo, hi = max(0, at - reach), min(len(text), at + reach)
    return lex.reading(text[lo:hi]) - (lex.reading(text[lo:at]) + lex.reading(text[at:hi])) > cost


def word_freq(word: str) -> int:
    """How often the dictionary's corpus has ``word`` as a word (its name tags are too loose to trust: 贺卡)."""
    return lexicon().words.get(word, 0)
