"""The duplicate rule: the same case must not be printed twice.

Two rules share one grouping: near-copies within a unit are ``duplicate`` (the old draft or the later copy gives
way), near-copies across units are ``similar-case`` (both told, naming the other's unit and title, never its path).
Similarity is the Jaccard coefficient of 5-character pieces, found through bottom-k sketches and a capped
inverted index, so a thousand files cost seconds. Hashes are stable (CRC-32), so two identical runs name
the same partner in every message.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from jlt_cli.base.text import CJK as _CJK
from jlt_cli.checks.registry import CheckContext, Hit, run_rule
from jlt_cli.config import Config
from jlt_cli.model import Case, Severity
from jlt_cli.understand.body import block_texts, printed_blocks
from jlt_cli.understand.units import unit_group


SHINGLE = 5
SKETCH = 128  # bottom-k sketch size: similar texts share most of their smallest shingle hashes
_KEEP = re.compile(f"[{_CJK}0-9A-Za-z]+")


def _stable_hash(piece: str) -> int:
    # not hash(): Python salts str hashes per process, and the partner a duplicate names must not change
    # between two identical runs (PYTHONHASHSEED)
    return zlib.crc32(piece.encode("utf-8"))


def shingles(text: str, k: int = SHINGLE) -> set[int]:
    """Stable hashes of the k-character pieces of the text, punctuation and spacing ignored."""
    flat = "".join(_KEEP.findall(text))
    if len(flat) < k:
        return {_stable_hash(flat)} if flat else set()
    return {_stable_hash(flat[i : i + k]) for i in range(len(flat) - k + 1)}


def case_text(case: Case, config: Config) -> str:
    return "\n".join(t for b, _ in printed_blocks(case, config) for t in block_texts(b))


def _pair_waived(a: str, b: str, waived: list) -> bool:
    names_a = {a, Path(a).name}
    names_b = {b, Path(b).name}
    for pair in waived or []:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            continue
        x, y = str(pair[0]), str(pair[1])
        if (x in names_a and y in names_b) or (x in names_b and y in names_a):
            return True
    return False


# How many earlier files one sketch hash remembers. A hash shared by more files than this is
# boilerplate; the files that do hold it are found through it all the same, since a near-copy of
# a later file is a near-copy of those too. Keeps the work linear when many texts look alike.
POSTINGS_CAP = 24
CANDIDATES_CHECKED = 6


def similar_pairs(texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """(i, j, jaccard) with i < j and the shingle sets at least ``threshold`` alike; at most a few per j.

    Bottom-k sketches and a capped inverted index over earlier texts give each text a short list of
    candidates, which are then confirmed with the exact Jaccard: linear in the number of texts.
    """
    sets = [shingles(t) for t in texts]
    index: dict[int, list[int]] = defaultdict(list)
    out = []
    for j, s in enumerate(sets):
        sketch = heapq.nsmallest(SKETCH, s)
        shared: dict[int, int] = defaultdict(int)
        for h in sketch:
            posting = index[h]
            for i in posting:
                shared[i] += 1
            if len(posting) < POSTINGS_CAP:
                posting.append(j)
        # two texts with Jaccard J share about J·k of their k smallest hashes; half of that is a safe floor
        floor = max(1, int(len(sketch) * threshold * 0.5))
        ranked = sorted((n, i) for i, n in shared.items() if n >= floor)[::-1][:CANDIDATES_CHECKED]
        for _, i in ranked:
            union = len(sets[i] | s)
            score = len(sets[i] & s) / union if union else 0.0
            if score >= threshold:
                out.append((i, j, score))
    return sorted(out)


@dataclass
class _Family:
    """Files whose texts are near-copies of each other (a connected group of similar pairs), and the one kept."""

    kept: Case
    members: list[tuple[Case, float]]  # the others, with their similarity to the file they were found through


def _received(case: Case) -> tuple[float, str]:
    """When a file was received: its modification time (the copy into the inbox), then its path for a stable order."""
    try:
        return (case.path.stat().st_mtime, case.display_path)
    except OSError:
        return (float("inf"), case.display_path)


def _same_unit(a: Case, b: Case, config: Config) -> bool:
    # a file that names no unit is taken as its neighbour's draft: not told it copied another unit
    return not a.unit or not b.unit or unit_group(a.unit, config)[0] == unit_group(b.unit, config)[0]


def _families(cases: list[Case], ctx: CheckContext) -> list[_Family]:
    """Groups of near-copies, computed once per run for both rules (duplicate, similar-case)."""
    if "families" in ctx.cache:
        return ctx.cache["families"]
    threshold = float(ctx.config.get("duplicate", "threshold"))
    waived = ctx.config.get("duplicate", "waived_pairs")
    readable = sorted((c for c in cases if c.readable and c.is_case), key=lambda c: c.display_path)
    texts = [case_text(c, ctx.config) for c in readable]
    parent = list(range(len(readable)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    score: dict[int, float] = {}
    for i, j, sim in similar_pairs(texts, threshold):
        if _pair_waived(readable[i].display_path, readable[j].display_path, waived):
            continue
        parent[root(j)] = root(i)
        score[i], score[j] = max(score.get(i, 0.0), sim), max(score.get(j, 0.0), sim)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in score:
        groups[root(i)].append(i)
    families = []
    for members in groups.values():
        ordered = sorted((readable[i] for i in members), key=_received)
        # a file named as a revision (修改稿) replaces its drafts; otherwise the first received is kept, unless it
        # has errors and a later copy from the same unit has none (a unit re-sent its draft fixed, not renamed)
        revisions = [c for c in ordered if _is_revision(c)]
        first = ordered[0]
        fixed = [c for c in ordered[1:] if not c.errors and _same_unit(c, first, ctx.config)] if first.errors else []
        kept = revisions[-1] if revisions else (fixed[0] if fixed else first)
        others = [(c, score[readable.index(c)]) for c in ordered if c is not kept]
        families.append(_Family(kept, others))
    families.sort(key=lambda f: f.kept.display_path)
    ctx.cache["families"] = families
    return families


def _title(case: Case) -> str:
    return f"《{case.title}》" if case.title else f"“{Path(case.display_path).name}”"


@run_rule("duplicate", Severity.ERROR)
def check_duplicates(cases: list[Case], ctx: CheckContext) -> Iterable[tuple[Case, Hit]]:
    """同一单位的同一篇案例报送了两次（旧稿与修改稿、重复发送）

    为什么：同一篇案例报送两次，汇编会印两遍，统计也会多算一篇。
    怎么改：核实后只保留一份。旧稿与“修改稿/定稿”同时在收件夹时，旧稿报此问题，汇编收修改稿；两份普通副本，
    后收到的报此问题——除非先收到的一份还有须修改的问题而后收到的没有，那时汇编收后一份，先收到的报此问题。确为不同案例的，工作人员可在 jlt.yaml 的 duplicate.waived_pairs 中加入这两个文件名。
    示例：“钱塘镇社区学校.docx”与“钱塘镇社区学校（修改稿）.docx”。
    """
    for family in _families(cases, ctx):
        kept = family.kept
        for case, sim in family.members:
            if not _same_unit(case, kept, ctx.config):
                continue
            pair = f"[{Path(kept.display_path).name}, {Path(case.display_path).name}]"
            if _is_revision(kept) and not _is_revision(case):
                why = f"看来是“{Path(kept.display_path).name}”的旧稿：汇编只收修改稿。请核实后撤下旧稿"
                # the unit sent the revision on purpose: it hears the draft is replaced, not what to fix in it
                replaced = f"《{kept.title}》（修改稿）" if kept.title else f"修改稿“{Path(kept.display_path).name}”"
                to_unit = f"已由{replaced}替代，不再处理。"
            elif _received(case) < _received(kept):
                # the later copy is kept because this one still had errors and it has none
                why = f"与后收到的“{Path(kept.display_path).name}”基本相同；那一份已没有须修改的问题，汇编收那一份。请核实后撤下本份"
                to_unit = f"已由后报送的{_title(kept)}（{Path(kept.display_path).name}）替代，不再处理。"
            else:
                why = f"与“{Path(kept.display_path).name}”基本相同，疑似重复报送，汇编只收先收到的一份。请核实后只保留一份"
                to_unit = f"与先收到的{_title(kept)}（{Path(kept.display_path).name}）重复，按先收到的一份处理，本份不再处理。"
            yield case, Hit(f"本文{why}（相似度 {sim:.0%}）；如两份都要收录，可在 jlt.yaml 的 duplicate.waived_pairs 中加入 {pair}。",
                            to_unit=to_unit)


@run_rule("similar-case", Severity.ERROR)
def check_similar_cases(cases: list[Case], ctx: CheckContext) -> Iterable[tuple[Case, Hit]]:
    """与另一单位报送的案例高度相似

    为什么：两个单位报送了几乎相同的正文（互相借用、同一模板改名），汇编中会印出两篇雷同的案例。
    后收到的一份报错误，先收到的一份报警告，两边都写明对方的单位和题目（不写对方的文件位置）。
    怎么改：请两个单位核实：若是同一项工作，由一个单位报送，或各自写出本单位的做法；确为不同案例的，
    工作人员可在 jlt.yaml 的 duplicate.waived_pairs 中加入这两个文件名。
    示例：钓鱼城街道和南津街街道报送的《家门口的社区学校》只改了地名。
    """
    for family in _families(cases, ctx):
        kept = family.kept
        copies = [(c, sim) for c, sim in family.members if not _same_unit(c, kept, ctx.config)]
        if not copies:
            continue
        for case, sim in copies:
            other = f"{kept.unit or '另一单位'}报送的{_title(kept)}"
            yield case, Hit(
                f"本文与{other}高度相似（相似度 {sim:.0%}），那一份先收到、已保留。"
                f"请与报送单位核实：同一项工作只需报送一次，或写出本单位自己的做法和成效后重新报送。",
                # the unit is not asked to check with itself: it hears what to do
                to_unit=f"本文与{other}高度相似（相似度 {sim:.0%}），汇编收录先收到的那一份。同一项工作只需报送一次；"
                        f"如确是本单位自己的工作，请写出本单位的具体做法和成效后重新报送。",
            )
        names = "、".join(f"{c.unit or '另一单位'}{_title(c)}" for c, _ in copies[:3])
        more = f"等 {len(copies)} 份" if len(copies) > 3 else ""
        yield kept, Hit(
            f"另有{names}{more}与本文高度相似，本文先收到、已保留，对方的一份已标为需修改。请确认本文确为本单位的原创案例。",
            milder=True,
            to_unit="另有单位报送的案例与本文高度相似。本文先收到，汇编收录本文；请确认本文是本单位自己的工作和材料。",
        )


# 修改稿, 修订版, 定稿, 终稿, 最终版, 第二稿, v2, （2）: the name says this file replaces another
_REVISION = re.compile(r"修改|修订|定稿|终稿|最终|最新|更新|新版|第[二三四2-9]稿|[二三四]稿|[vV]\s*[2-9]|[（(][2-9][）)]|[-_][2-9]$")


def _is_revision(case: Case) -> bool:
    return bool(_REVISION.search(Path(case.display_path).stem))
