"""Recognise the submitting unit under the many names it goes by.

钱塘镇 = 合川区钱塘镇人民政府 = 钱塘镇党委; 重庆市公安局合川区分局 = 区公安局. The
canonical names and aliases come from config (defaults: the call's addressees).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jlt_cli.config import Config

# Words that make a name a school or kindergarten (units may submit through their schools).
SCHOOL_WORDS = ("学校", "小学", "中学", "幼儿园", "学院", "大学", "职教中心", "职业教育中心", "完全中学", "附中", "附小", "校区",
                "九年一贯制", "中心校", "特殊教育")
# Words that end a unit name; used to tell a unit line from prose.
UNIT_SUFFIXES = (
    "人民政府", "办事处", "委员会", "党委", "党工委", "政府", "街道", "镇", "局", "委", "院", "学校", "小学", "中学",
    "幼儿园", "学院", "大学", "中心", "支队", "大队", "分局", "妇联", "团区委", "关工委", "科协", "社区", "村",
    "派出所", "服务站", "工作站", "处", "部", "所", "站", "庭", "协会", "基金会", "社工站", "队", "联合会", "分校", "宣传部", "网信办", "办公室",
)
# Words no school's name holds but titles do (大学生志愿者走进社区家长学校, 建好家门口的社区学校).
_TITLE_WORDS = re.compile(
    r"的|进(?!修)|让|把|在|走|示范|特色|打造|建好|建强|办好|用好|搭建|点亮|守护|护航|携手|同心|共育|共建|助力|赋能|依托|推进|构建|深化|"
    r"创新|探索|聚焦|做实|筑牢|激活|延伸|家长学校|社区学校|[：:“”\"《》—\s\u3000]"
)
_TRAILING_NOTE = re.compile(r"[（(][^（()）]*[）)]\s*$")
_PREFIX = re.compile(r"^(中共)?(重庆市)?(合川区)?")
_SPACES = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class UnitMatch:
    canonical: str
    kind: str  # district / town / university / extra / school


def normalise(name: str) -> str:
    return _SPACES.sub("", name).strip("：:，,。;；()（）【】[]")


def _tables(config: Config) -> dict:
    cache = config._cache.get("units")
    if cache is not None:
        return cache
    units = config.get("units") or {}
    ordered: list[tuple[str, str]] = []
    for kind in ("district", "towns", "universities", "extra"):
        for name in units.get(kind) or []:
            ordered.append((normalise(str(name)), {"towns": "town", "universities": "university"}.get(kind, kind)))
    aliases = {normalise(str(k)): normalise(str(v)) for k, v in (units.get("aliases") or {}).items()}
    kinds = dict(ordered)
    # extra short forms people write: 南津街道 for 南津街街道
    for name, kind in list(ordered):
        if name.endswith("街街道"):
            aliases.setdefault(name[:-3] + "街道", name)
    cache = {
        "ordered": [n for n, _ in ordered],
        "kinds": kinds,
        "aliases": aliases,
        # longest first so 区委网信办 wins over a shorter name it contains
        "by_length": sorted(kinds, key=len, reverse=True),
    }
    config._cache["units"] = cache
    return cache


# A body of another district or county (龙子湖区民政局, 大足区民政局, 开福区妇联), or of the city (重庆市妇联):
# never one of Hechuan's, however alike the rest of the name is.
_OTHER_PLACE = re.compile(r"^(?:中共|共青团)?(?:重庆市)?(?!合川)[\u4e00-\u9fff]{2,5}?(?<![社小园校])(?:区|县)(?!委|政府)")
_CITY_BODY = re.compile(r"^(?:中共|共青团)?重庆市(?!合川|公安局合川)")


def other_place(name: str) -> bool:
    """The name is a body of another district, a county or the city, not of Hechuan."""
    text = normalise(name)
    return bool(_OTHER_PLACE.match(text) or _CITY_BODY.match(text)) and "合川" not in text


def match_unit(name: str, config: Config) -> UnitMatch | None:
    """The known unit ``name`` refers to, or None. Schools match as kind 'school' (canonical = name)."""
    if not name:
        return None
    base = _TRAILING_NOTE.sub("", name.strip())
    if base and base != name.strip():
        # 重庆开放大学合川分校（合川区社区教育学院）: the name before the note decides
        found = match_unit(base, config)
        if found is not None:
            return found
    t = _tables(config)
    text = normalise(name)
    if text in t["aliases"]:
        canon = t["aliases"][text]
        return UnitMatch(canon, t["kinds"].get(canon, "district"))
    if text in t["kinds"]:
        return UnitMatch(text, t["kinds"][text])
    if other_place(text):
        return None
    for alias, canon in sorted(t["aliases"].items(), key=lambda kv: len(kv[0]), reverse=True):
        if alias in text:
            return UnitMatch(canon, t["kinds"].get(canon, "district"))
    stripped = _PREFIX.sub("", text)
    candidates = [text, stripped, "区" + stripped if not stripped.startswith("区") else stripped]
    for known in t["by_length"]:
        if any(known in c for c in candidates):
            kind = t["kinds"][known]
            if kind not in ("town", "university") and is_school(text) and not text.endswith(known):
                return UnitMatch(text, "school")
            return UnitMatch(known, kind)
    for known in t["by_length"]:
        if t["kinds"][known] == "town":
            stem = re.sub(r"(街道|镇)$", "", known)
            # 官渡中学校, 南津街派出所, 南津街消防救援站: a body named after its town, without 镇/街道
            if re.search(re.escape(stem) + r"(中心)?(小学|中学|幼儿园|学校|完全中学|九年一贯制|派出所|司法所|卫生院)", stripped) or \
                    re.match(re.escape(stem) + r"[\u4e00-\u9fff]{0,10}(所|站|中心|院)$", stripped):
                return UnitMatch(known, "town")
    if is_school(text):
        return UnitMatch(text, "school")
    return None


_HEAD_PREFIX = re.compile(r"^(中共|共青团)?(重庆市)?(公安局)?(合川区?)?(人民政府)?")


def anchored(name: str, config: Config) -> bool:
    """The line starts with the unit it names (合川区钱塘镇…, 重庆移通学院学生处), unlike a title (情暖龙市镇)."""
    t = _tables(config)
    heads = t.get("heads")
    if heads is None:  # every way a unit's name can begin, once per run
        heads = list(t["aliases"]) + list(t["kinds"]) + [re.sub(r"(街道|镇)$", "", k) for k, v in t["kinds"].items() if v == "town"]
        heads = [_HEAD_PREFIX.sub("", h) for h in heads]
        heads = t["heads"] = tuple(sorted({h for h in heads + [h[1:] for h in heads if h.startswith("区")] if h}))
    text = _HEAD_PREFIX.sub("", normalise(name))
    return bool(text) and text.startswith(heads)


def is_school(name: str) -> bool:
    return any(w in name for w in SCHOOL_WORDS)


def looks_like_unit(line: str) -> bool:
    """A short line with no sentence punctuation that ends like an organisation's name."""
    text = normalise(line)
    if not 3 <= len(text) <= 40 or re.search(r"[，。；！？、“”：:]", text):
        return False
    return text.endswith(UNIT_SUFFIXES)


def is_known_unit_name(line: str, config: Config) -> bool:
    """The line is exactly a unit of the call or one of its aliases (合川区妇女联合会), whatever its ending."""
    t = _tables(config)
    text = normalise(_TRAILING_NOTE.sub("", line.strip()))
    if not text:
        return False
    stripped = _PREFIX.sub("", text)
    forms = {text, stripped, "区" + stripped}
    return any(f in t["kinds"] or f in t["aliases"] for f in forms)


def plausible_school_name(line: str) -> bool:
    """合川区龙市镇中心小学 yes; 大学生志愿者走进社区家长学校 (a title) no."""
    text = line.strip().strip("（）()")
    return len(text) <= 25 and not _TITLE_WORDS.search(text)


def unit_rank(name: str, config: Config) -> int:
    """Position of the unit in the call's order (district bodies, 镇街, universities); others last."""
    t = _tables(config)
    m = match_unit(name, config)
    if m and m.canonical in t["kinds"]:
        return t["ordered"].index(m.canonical)
    return len(t["ordered"]) + (0 if m else 1)


def unit_from_path(path: Path, config: Config) -> str | None:
    """A unit of the call named in the file name or in one of the two folders above it, as its short name.

    Staff sort what they receive into a folder per unit; a file that cannot be read still belongs to someone.
    """
    for name in (path.stem, path.parent.name, path.parent.parent.name):
        m = match_unit(name, config) if name else None
        if m and m.kind in ("district", "town", "university", "extra"):
            return m.canonical
    return None


NO_UNIT_SHOWN = "（未注明单位）"


def unit_group(unit: str, config: Config) -> tuple[str, str]:
    """(grouping key, name to show): 合川区教委 and 合川区教育委员会 are one unit (the appendix, the letters)."""
    if not unit:
        return "", NO_UNIT_SHOWN
    m = match_unit(unit, config)
    if m is None or m.kind == "school":
        return unit, unit
    compact = re.sub(r"[\s\u3000]", "", unit)
    if m.kind == "town":
        # the town's government, party committee or street office is the town; its school is not
        stem = re.sub(r"(街道|镇)$", "", m.canonical)
        tail = compact.split(stem, 1)[-1] if stem in compact else compact
        if not re.fullmatch(r"(街街道|街道|道|镇)?(人民政府|党委|委员会|党工委|办事处|街道办事处)?", tail):
            return unit, unit
    elif m.kind == "university" and not compact.endswith(m.canonical[-4:]):
        return unit, unit  # a department (学生处) is listed as written
    return m.canonical, unit


class UnitNames:
    """One key per unit however it was written, and the fullest name it was given.

    Shared by the brochure appendix, the letters, ``jlt stats`` and the review sheet, so that 合川区教委 and
    合川区教育委员会 are one row (or one letter) everywhere. Without ``config`` (or for ``unknown``, the
    placeholder of a file whose unit is not known) a name is its own key.
    """

    def __init__(self, config: Config | None, unknown: str = ""):
        self.config = config
        self.unknown = unknown
        self.names: dict[str, str] = {}

    def key(self, written: str) -> str:
        key = written
        if self.config is not None and written and written != self.unknown:
            key, written = unit_group(written, self.config)
        self.names[key] = max(self.names.get(key, written), written, key=len)
        return key

    def name(self, key: str) -> str:
        return self.names.get(key, key)


# -- a line that names a unit ------------------------------------------------------------------

# A date at the end of a signature line: 合川区渭沱镇人民政府　　2025年7月18日
TRAILING_DATE = re.compile(
    r"(?<![\s\u3000])[\s\u3000]*(\d{4}|二[〇○零一二三四五六七八九]{3})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"(\s*[\d一二三四五六七八九十]{1,3}\s*日)?[\s\u3000]*$"
)
PROSE = re.compile(r"的|(?<!促)进(?!修)|让|把|在|走进|打造|建好|守护|护航|携手|助力|赋能|温暖|情暖|[“”\"《》：:]")
SEAL_NOTE = re.compile(r"[（(](?:盖章|加盖公章|公章|章|签章)[）)]")


def clean_unit(value: str, config: Config) -> str:
    """报送单位 as written, without a seal note, a date or an author after it.

    合川区三汇镇人民政府（盖章）　2025年7月 → 合川区三汇镇人民政府;
    重庆市合川区久长街小学校　王丽（执笔） → 重庆市合川区久长街小学校.
    """
    unit = SEAL_NOTE.sub("", TRAILING_DATE.sub("", value)).strip()
    parts = re.split(r"[\s\u3000]+", unit, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) >= 4 and (looks_like_unit(parts[0]) or match_unit(parts[0], config)):
        return parts[0]
    return unit or value


def unit_in_line(text: str, config: Config) -> str | None:
    """The unit a bare header or signature line names, else None.

    合川区钱塘镇人民政府 / （区妇联）/ 合川区妇女联合会 / 合川区渭沱镇人民政府　2025年7月18日;
    not a title that ends like a school (大学生志愿者走进社区家长学校).
    """
    line = SEAL_NOTE.sub("", TRAILING_DATE.sub("", text.strip())).strip()
    if line.startswith(("（", "(")) and line.endswith(("）", ")")):
        line = line[1:-1].strip()
    if not line or len(line) > 40:
        return None
    if is_known_unit_name(line, config):
        return normalise(line)
    joint = [p for p in re.split(r"[、，,和与]", line) if p.strip()]
    if len(joint) > 1 and all(is_known_unit_name(p, config) for p in joint):
        return line  # 区妇联、区教委: a case submitted jointly
    if not looks_like_unit(line):
        return None
    m = match_unit(line, config)
    if m is None or (m.kind == "school" and not plausible_school_name(line)):
        return None
    if m.kind != "school" and (not anchored(line, config) or PROSE.search(line)):
        return None  # 情暖龙市镇 / 走进钱塘镇中心小学: a title naming a town, not its name
    return normalise(line)


def is_unit_line(text: str, config: Config) -> bool:
    return unit_in_line(text, config) is not None
