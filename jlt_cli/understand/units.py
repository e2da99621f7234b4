"""Recognise the submitting unit under the many names it goes by, and give it one name.

钱塘镇 = 合川区钱塘镇人民政府 = 中共合川区钱塘镇委员会; 重庆市公安局合川区分局 = 区公安局. The units of the
call, their full names, aliases and the words of their branches come from config (``units:``; defaults: the
call's addressees). ``settle_unit`` gives a case the one name its unit prints under everywhere (``units.print``:
full or short) and keeps the text as written in ``Case.unit_written``.

A body under a unit of the call is that unit (钱塘镇党委, 区教委德体卫艺科, 南津街街道花园社区居委会, 移通学院
马克思主义学院; a 派出所 is 区公安局's even when named after its town: ``units.branches``). Three kinds of name keep
their own: a school or kindergarten (grouped after its town where the call's order matters), a Hechuan body
the call does not address (合川区司法局), and a body of another district or of the city (大足区民政局, 重庆市妇联),
never mapped onto Hechuan's; the last two are flagged ``unknown-unit``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from jlt_cli.config import Config
from jlt_cli.model import Case

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


_KINDS = {"district": "district", "towns": "town", "universities": "university", "extra": "extra"}


def _tables(config: Config) -> dict:
    cache = config._cache.get("units")
    if cache is not None:
        return cache
    units = config.get("units") or {}
    ordered: list[tuple[str, str]] = []
    for key, kind in _KINDS.items():
        for name in units.get(key) or []:
            ordered.append((normalise(str(name)), kind))
    kinds = dict(ordered)
    full = {normalise(str(k)): normalise(str(v)) for k, v in (units.get("full_names") or {}).items() if v}
    aliases = {normalise(str(k)): normalise(str(v)) for k, v in (units.get("aliases") or {}).items()}
    for short, name in full.items():
        aliases.setdefault(name, short)  # the full name is a name of the unit too
    # extra short forms people write: 南津街道 for 南津街街道
    for name, kind in list(ordered):
        if name.endswith("街街道"):
            aliases.setdefault(name[:-3] + "街道", name)
    branches = {normalise(str(k)): normalise(str(v)) for k, v in (units.get("branches") or {}).items()}
    cache = {
        "ordered": [n for n, _ in ordered],
        "kinds": kinds,
        "aliases": aliases,
        "branches": re.compile("|".join(map(re.escape, sorted(branches, key=len, reverse=True))) or r"(?!x)x"),
        "branch_of": branches,
        "full": full,
        "short": units.get("print") == "short",
        "not_addressed": {normalise(str(n)) for n in units.get("not_addressed") or []},
        # longest first so 区委网信办 wins over a shorter name it contains
        "by_length": sorted(kinds, key=len, reverse=True),
        "aliases_by_length": sorted(aliases.items(), key=lambda kv: len(kv[0]), reverse=True),
    }
    config._cache["units"] = cache
    return cache


# A body of another district or county (龙子湖区民政局, 大足区民政局, 开福区妇联), or of the city (重庆市妇联):
# never one of Hechuan's, however alike the rest of the name is.
_OTHER_PLACE = re.compile(r"^(?:中共|共青团)?(?:重庆市)?(?!合川)(?P<place>[\u4e00-\u9fff]{2,5}?)(?<![社小园校])(?:区|县)(?!委|政府)")
_CITY_BODY = re.compile(r"^(?:中共|共青团)?重庆市(?!合川|公安局合川)")
# Words no place name holds: “关于报送区关工委案例的函” names Hechuan's 区关工委, not a district called 关于报送.
_NOT_PLACE = re.compile(r"关于|报送|附件|案例|征集|材料|工作|建设|协同|育人|帮扶|关爱|的|和|与|及|在|对|为|年|月|日|第")


def other_place(name: str) -> bool:
    """The name is a body of another district, a county or the city, not of Hechuan."""
    text = normalise(name)
    if "合川" in text:
        return False
    if _CITY_BODY.match(text):
        return True
    m = _OTHER_PLACE.match(text)
    return bool(m) and not _NOT_PLACE.search(m.group("place"))


def match_unit(name: str, config: Config) -> UnitMatch | None:
    """The unit of the call ``name`` refers to or belongs to, or None. A school not named after a unit
    matches as kind 'school' (canonical = name); whether the name is the unit itself is ``resolve_unit``'s."""
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
    for alias, canon in t["aliases_by_length"]:
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
                    re.match(re.escape(stem) + r"[\u4e00-\u9fff]{0,10}(所|站|中心|院)$", stripped) or \
                    re.match(re.escape(stem) + r"(街道|镇)?(办事处|人民政府|党委|政府|党工委)", stripped):  # 南津街办事处
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
    forms = {text, stripped, "区" + stripped} | _forms(text)
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


_PATH_SEPARATORS = re.compile(r"[\s\u3000_\-—–·.,，、；;：:（）()【】\[\]《》“”\"'+＋#&＆0-9０-９]+")
_SCHOOL_END = re.compile(r"(小学|中学|幼儿园|学校|小学校|中学校|完全中学|职教中心|职业教育中心)$")


def unit_from_path(path: Path, config: Config) -> str | None:
    """A unit named in the file name or in one of the two folders above it: a unit of the call as its short
    name, or a school as written (收件/钱塘镇/案例.docx, 困境儿童_区关工委_五老护苗.docx, 合川中学-家长学校.docx).

    Staff sort what they receive into a folder per unit; a file that cannot be read still belongs to someone.
    A piece of the name that is another district's body (附件1-大足区民政局) names no unit of Hechuan.
    """
    for name in (path.stem, path.parent.name, path.parent.parent.name):
        if not name:
            continue
        pieces = [p for p in _PATH_SEPARATORS.split(name) if len(p) >= 2]
        for piece in [p for p in pieces if not other_place(p)]:
            # the piece is a unit, or starts with one (区关工委案例); not a title naming a town (情暖龙市镇)
            lead = piece if is_known_unit_name(piece, config) else unit_at_start(piece, config)
            found = resolve_unit(lead, config) if lead else None
            if found is not None and found.key:
                return found.key
            if _SCHOOL_END.search(piece) and plausible_school_name(piece) and resolve_unit(piece, config).kind == "school":
                return normalise(piece)
        for piece in pieces:
            body = _other_body(piece)
            if body:
                return body  # 大足区民政局困境儿童案例.docx: kept as written, never Hechuan's 区民政局
    return None


def _other_body(text: str) -> str | None:
    """The name of another district's or the city's body at the start of ``text`` (大足区民政局困境儿童案例)."""
    if not other_place(text):
        return None
    for end in range(4, min(len(text), 20) + 1):
        if looks_like_unit(text[:end]) and not text[:end].endswith(("区", "县")):
            return text[:end]
    return None


NO_UNIT_SHOWN = "（未注明单位）"


# -- one name per unit -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitName:
    """What a written name is: ``key`` the unit of the call it is (short name), or None for a school or a body
    the call does not address; ``display`` the one name it prints under."""

    written: str
    display: str
    key: str | None = None
    kind: str = ""  # district / town / university / extra / school, or "" for an unknown body or another place

    @property
    def own(self) -> bool:
        return self.key is not None


# What follows a unit's name when a school under it is meant (钱塘镇中心小学, 移通学院附属幼儿园)
_SCHOOL_TAIL = re.compile(r"小学|中学|幼儿园|学校|完全中学|九年一贯制|附小|附中|职教中心|特殊教育|中心校")
_PLACE_HEAD = re.compile(r"^(?:中共)?(?:重庆市)?(?:合川区?)?")


def _forms(text: str) -> set[str]:
    """The ways a Hechuan body's name is shortened: 中共重庆市合川区委宣传部 → 合川区委宣传部 → 区委宣传部."""
    forms = {text}
    rest = re.sub(r"^(?:中共|共青团)?(?:重庆市)?", "", text)
    forms.add(rest)
    if rest.startswith("合川区"):
        forms.add(rest[3:] if rest[3:].startswith("区") else "区" + rest[3:])
    elif rest.startswith("合川"):
        forms.add("区" + rest[2:])
    return {f for f in forms if f}


def display_name(key: str, config: Config) -> str:
    """The name a unit of the call prints under: its full name (units.full_names) or its short name (units.print)."""
    t = _tables(config)
    return key if t["short"] else t["full"].get(key, key)


def _unit(written: str, key: str, config: Config) -> UnitName:
    return UnitName(written, display_name(key, config), key, _tables(config)["kinds"].get(key, "district"))


def resolve_unit(written: str, config: Config) -> UnitName:
    """What ``written`` (a 报送单位 as found) is, and the name it prints under (see ``UnitName`` and the module)."""
    known = config._cache.setdefault("resolved", {})  # every output asks again for the same few names
    if written not in known:
        known[written] = _resolve(written, config)
    return known[written]


def _resolve(written: str, config: Config) -> UnitName:
    text = normalise(_TRAILING_NOTE.sub("", written.strip())) or normalise(written)
    if not text:
        return UnitName(written, written)
    t = _tables(config)
    for form in _forms(text):
        key = t["aliases"].get(form, form if form in t["kinds"] else None)
        if key:
            return _unit(written, key, config)
    for separators in (r"[、，,；;/／\s\u3000]", r"[、，,；;/／与及和]"):
        joint = [p for p in re.split(separators, written.strip()) if p.strip()]
        if len(joint) > 1:
            # 区妇联、区教委 / 合川区关工委 合川区妇联: a case submitted jointly prints each name as it prints alone
            parts = [resolve_unit(p, config) for p in joint]
            keys = list(dict.fromkeys(p.key for p in parts))
            named = all(p.key or p.kind == "school" or looks_like_unit(p.written) for p in parts)
            if any(p.key for p in parts) and named and len(keys) > 1:
                # 区委宣传部、区文明办: each name as it prints alone, the one the call does not know as written
                shown = "、".join(dict.fromkeys(p.display for p in parts))
                first = next(p for p in parts if p.key)
                return UnitName(written, shown, first.key, first.kind)
            if all(p.key for p in parts):
                return parts[0]  # 中共合川区三汇镇委员会 合川区三汇镇人民政府: one unit
    if other_place(text):
        return UnitName(written, text)
    m = match_unit(text, config)
    if m is not None and m.kind == "university":
        tail = text.split(m.canonical, 1)[-1] if m.canonical in text else text
        if _SCHOOL_TAIL.search(tail):
            return UnitName(written, text, None, "school")
        return _unit(written, m.canonical, config)  # its 学生处, 团委, 马克思主义学院
    branch = t["branches"].search(text)
    if branch and not is_school(text.replace(branch.group(), "")):
        parent = t["branch_of"][branch.group()]
        # 钱塘派出所 is 区公安局's; a 司法所's 区司法局 is not addressed by the call: kept as written
        return _unit(written, parent, config) if parent else UnitName(written, text)
    if m is None or m.kind == "school" or is_school(text):
        return UnitName(written, text, None, "school" if m is not None or is_school(text) else "")
    return _unit(written, m.canonical, config)


def unit_key(name: str, config: Config) -> str | None:
    """The unit of the call a submission under ``name`` counts for (its first, for a joint one), else None."""
    return resolve_unit(name, config).key if name else None


def settle_unit(case: Case, config: Config) -> None:
    """The case's unit becomes the one name it prints under; the text as found stays in ``unit_written``.

    Idempotent: a name already settled settles to itself, and the text as written is kept from the first call
    (a unit decided by staff in jlt.yaml is settled again, the file's own text still shows what it said).
    """
    written = (case.unit or "").strip()
    if not written:
        return
    if not case.unit_written:
        case.unit_written = written
    case.unit = resolve_unit(written, config).display


def addressees(config: Config) -> list[str]:
    """Short names of the units the call expects a submission from, in the call's order."""
    t = _tables(config)
    return [k for k in t["ordered"] if k not in t["not_addressed"]]


def missing_units(cases: Iterable[Case], config: Config) -> list[str]:
    """The units of the call with no case submitted, as they print, in the call's order.

    A unit counts as submitted when a case (a readable file with the parts of a case, not a notice) is its own or a body's under it (a 派出所 for 区公安局); a
    school's file does not count for the town it is in. A joint submission (区妇联、区教委) counts for each.
    """
    submitted: set[str] = set()
    for case in cases:
        if case.is_case and case.unit:
            submitted.update(keys_of(case.unit, config))
    return [display_name(k, config) for k in addressees(config) if k not in submitted]


def keys_of(name: str, config: Config) -> list[str]:
    """Every unit of the call a submission under ``name`` counts for (two for 区妇联、区教委), in order."""
    found = resolve_unit(name, config)
    if found.key is None:
        return []
    pieces = [p for p in name.split("、") if p]
    keys = [k for k in (unit_key(p, config) for p in pieces) if k] if len(pieces) > 1 else [found.key]
    return list(dict.fromkeys(keys))


def unit_group(unit: str, config: Config) -> tuple[str, str]:
    """(grouping key, name to show): 合川区教委 and 合川区教育委员会 are one unit (the appendix, the letters)."""
    if not unit:
        return "", NO_UNIT_SHOWN
    found = resolve_unit(unit, config)
    return (found.key, found.display) if found.key else (found.display, found.display)


def unit_order(unit: str, config: Config) -> tuple:
    """Sort key in the call's order, a unit itself before the schools listed after it (by the town they name)."""
    found = resolve_unit(unit, config) if unit else None
    if found is None:
        return (len(_tables(config)["ordered"]) + 2, 1, "")
    return (unit_rank(unit, config), 0 if found.own else 1, found.display)


class UnitNames:
    """One key per unit however it was written, and the one name it prints under.

    Shared by the brochure appendix, the letters, ``jlt stats`` and the review sheet, so that 合川区教委 and
    合川区教育委员会 are one row (or one letter) everywhere. Without ``config`` (or for ``unknown``, the
    placeholder of a file whose unit is not known) a name is its own key.
    """

    def __init__(self, config: Config | None, unknown: str = ""):
        self.config = config
        self.unknown = unknown
        self.names: dict[str, str] = {}

    def key(self, written: str) -> str:
        key = shown = written
        if self.config is not None and written and written != self.unknown:
            key, shown = unit_group(written, self.config)
        self.names.setdefault(key, shown)
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
    words = [w for w in re.split(r"[\s\u3000]+", unit) if w]
    if len(words) > 1 and all(resolve_unit(w, config).key for w in words):
        return "、".join(words)  # 合川区关工委 合川区妇联: two units, jointly
    parts = re.split(r"[\s\u3000]+", unit, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) >= 4 and (looks_like_unit(parts[0]) or match_unit(parts[0], config)):
        return parts[0]
    return unit or value


# A body of the district named as bodies name themselves (合川区 + a name + what it is), listed in the call or not.
_HECHUAN_BODY = re.compile(r"^(?:中共|共青团)?(?:重庆市)?合川区[\u4e00-\u9fff]{1,14}?(?:会|联|中心|公司|集团|医院)$")


def unit_in_line(text: str, config: Config) -> str | None:
    """The unit a bare header or signature line names, else None.

    合川区钱塘镇人民政府 / （区妇联）/ 合川区妇女联合会 / 合川区渭沱镇人民政府　2025年7月18日;
    not a title that ends like a school (大学生志愿者走进社区家长学校).
    """
    line = SEAL_NOTE.sub("", TRAILING_DATE.sub("", text.strip())).strip()
    if line.endswith(("：", ":")):
        return None  # 区教委： the addressee of a covering letter, not its sender
    if line.startswith(("（", "(")) and line.endswith(("）", ")")):
        line = re.sub(r"(供稿|报送|提供|撰稿|整理)$", "", line[1:-1].strip())  # （合川区渭沱镇供稿）
    if not line or len(line) > 40:
        return None
    if is_school(line) and not plausible_school_name(line) and not is_known_unit_name(line, config):
        return None  # 钱塘镇社区家长学校: a programme (a title), not a school's name
    if is_known_unit_name(line, config):
        return normalise(line)
    joint = [p for p in re.split(r"[、，,和与]", line) if p.strip()]
    if len(joint) > 1 and all(is_known_unit_name(p, config) for p in joint):
        return line  # 区妇联、区教委: a case submitted jointly
    if _HECHUAN_BODY.match(normalise(line)) and not PROSE.search(line) and match_unit(line, config) is None:
        return normalise(line)  # 合川区慈善会: a Hechuan body the call does not list, kept as written (and flagged)
    if not looks_like_unit(line):
        return None
    m = match_unit(line, config)
    if m is None:
        # 龙子湖区民政局 / 重庆市妇联 as a signature: kept as written (and flagged), never a title
        return normalise(line) if other_place(line) and not PROSE.search(line) else None
    if m.kind == "school" and not plausible_school_name(line):
        return None
    if m.kind != "school" and (not anchored(line, config) or PROSE.search(line)):
        return None  # 情暖龙市镇 / 走进钱塘镇中心小学: a title naming a town, not its name
    return normalise(line)


def is_unit_line(text: str, config: Config) -> bool:
    return unit_in_line(text, config) is not None


# -- a unit at the start of a headline or a sentence ------------------------------------------------

_LEAD_PREFIX = re.compile(r"^(?:中共|共青团)?(?:重庆市)?(?:合川区|合川)?")
# what follows a town's name when the town itself is meant: 钱塘镇人民政府, 钱塘镇党委政府
_LEAD_TAIL = re.compile(r"^(?:党委政府|党委、政府|人民政府|街道办事处|党工委|办事处|党委|政府|委员会)")
# what follows a unit's name when a body under it is meant: 钱塘镇中心小学, 南津街街道南屏社区, 钱塘镇龙泉村
_SUB_BODY = re.compile(
    r"^(?:中心)?(?:小学|中学|幼儿园|学校|派出所|卫生院|司法所|中心校|完全中学|九年一贯制|少年法庭|法庭|检察室|"
    r"[\u4e00-\u9fff]{0,4}?(?:支队|大队|中队|派出所|消防救援站|社工站))|"
    # a village or community's own name, not a verb phrase (区妇联依托社区……, 钱塘镇走进社区……)
    r"^(?![\u4e00-\u9fff]{0,3}?[依在把以让为对向走联推建打开组深进到托与和及同将从])(?!(?:社区)?家长学校|社区学校|四点半|周末)"
    r"[\u4e00-\u9fff]{1,4}?(?:村|社区|小学|中学|幼儿园|学校|中心校)(?![委工])"
)


# A unit that asks, guides or partners “us” is not the one writing: 区教委要求各镇街……，区教委联合我会……
_OTHER_ACTOR = re.compile(r"^(?:的)?(?:要求|指导|部署|安排|号召|统筹|印发|下发|督促|通知)|^[^，。；]{0,4}?(?:我们|我[镇街局会院部委校站所县区])")


def _lead_pattern(config: Config) -> re.Pattern:
    t = _tables(config)
    pattern = t.get("lead")
    if pattern is None:
        forms: set[str] = set()
        for name in [*t["kinds"], *t["aliases"]]:
            rest = _LEAD_PREFIX.sub("", name)
            if len(rest) >= 2:
                forms.add(rest)
            if rest.startswith("区") and len(rest) >= 3:
                forms.add(rest[1:])  # 合川区妇联 = 合川 + 区妇联 = 合川区 + 妇联
        words = sorted(forms, key=len, reverse=True)
        pattern = t["lead"] = re.compile("|".join(map(re.escape, words)) or r"(?!x)x")
    return pattern


def unit_at_start(text: str, config: Config) -> str | None:
    """The unit a headline or a clause starts with, as written: 钱塘镇：…… / 钱塘镇“周末课堂”…… / 合川区妇联联合…….

    Only a unit of the call, itself or its party committee or government; a body under it named at the start
    (钱塘镇中心小学……, 南津街街道南屏社区……) is not taken for it.
    """
    head = normalise(text)[:60]
    prefix = _LEAD_PREFIX.match(head).group()
    rest = head[len(prefix):]
    if prefix.endswith("合川") and rest.startswith("区"):
        prefix, rest = prefix + "区", rest[1:]
    m = _lead_pattern(config).match(rest) or (
        _lead_pattern(config).match("区" + rest) if prefix.endswith("合川区") else None)
    if m is None:
        return None
    end = len(prefix) + len(m.group()) - (1 if not rest.startswith(m.group()) else 0)
    tail = _LEAD_TAIL.match(head[end:])
    if tail:
        end += len(tail.group())
    if _SUB_BODY.match(head[end:]) or _OTHER_ACTOR.match(head[end:]):
        return None
    name = head[:end]
    return name if resolve_unit(name, config).key else None
