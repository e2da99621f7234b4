"""The duplicate rule: the same case must not be printed twice.

Similarity is the Jaccard coefficient of 5-character pieces, found through bottom-k sketches and a capped
inverted index, so a thousand files cost seconds. Hashes are stable (CRC-32), so two identical runs name
the same partner in every message.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from jlt_cli.base.text import CJK as _CJK
from jlt_cli.checks.registry import CheckContext, Hit, run_rule
from jlt_cli.config import Config
from jlt_cli.model import Case, Severity
from jlt_cli.understand.body import block_texts, printed_blocks


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


@run_rule("duplicate", Severity.ERROR)
def check_duplicates(cases: list[Case], ctx: CheckContext) -> Iterable[tuple[Case, Hit]]:
    """与本次另一份报送文件内容基本相同（重复报送）

    为什么：同一篇案例报送两次（旧稿和修改稿、重复发送），汇编会印两遍，统计也会多算一篇。
    怎么改：核实后只保留一份；旧稿与“修改稿/定稿”同时在收件夹时，旧稿报此问题，汇编收修改稿。确为不同案例的，
    工作人员可在 jlt.yaml 的 duplicate.waived_pairs 中加入这两个文件名。
    示例：“钱塘镇社区学校.docx”与“钱塘镇社区学校（修改稿）.docx”。
    """
    threshold = float(ctx.config.get("duplicate", "threshold"))
    waived = ctx.config.get("duplicate", "waived_pairs")
    readable = sorted((c for c in cases if c.readable), key=lambda c: c.display_path)
    texts = [case_text(c, ctx.config) for c in readable]
    best: dict[int, tuple[float, int, bool]] = {}  # flagged file → (score, the file it is like, superseded)
    for i, j, score in similar_pairs(texts, threshold):
        if _pair_waived(readable[i].display_path, readable[j].display_path, waived):
            continue
        keep, drop = _newer_first(readable[i], readable[j], i, j)
        superseded = _is_revision(readable[keep]) and not _is_revision(readable[drop])
        best[drop] = max(best.get(drop, (0.0, -1, False)), (score, keep, superseded))
    # one finding per file: the one that gives way (an old draft, or the later of two copies)
    for d, (score, k, superseded) in sorted(best.items()):
        other, this = readable[k], readable[d]
        pair = f"[{Path(other.display_path).name}, {Path(this.display_path).name}]"
        if superseded:
            yield this, Hit(
                f"与“{other.display_path}”的正文高度相似（相似度 {score:.0%}），看来是它的旧稿：汇编只收修改稿。"
                f"请核实后撤下旧稿；如两份都要收录，可在 jlt.yaml 的 duplicate.waived_pairs 中加入 {pair}。"
            )
        else:
            yield this, Hit(
                f"与“{other.display_path}”的正文高度相似（相似度 {score:.0%}），疑似重复报送。请核实后只保留一份；"
                f"如确为不同案例，可在 jlt.yaml 的 duplicate.waived_pairs 中加入 {pair}。"
            )


# 修改稿, 修订版, 定稿, 终稿, 最终版, 第二稿, v2, （2）: the name says this file replaces another
_REVISION = re.compile(r"修改|修订|定稿|终稿|最终|最新|更新|新版|第[二三四2-9]稿|[二三四]稿|[vV]\s*[2-9]|[（(][2-9][）)]|[-_][2-9]$")


def _is_revision(case: Case) -> bool:
    return bool(_REVISION.search(Path(case.display_path).stem))


def _newer_first(a: Case, b: Case, i: int, j: int) -> tuple[int, int]:
    """(index kept, index flagged) of a near-identical pair: a file named as a revision is kept."""
    if _is_revision(a) and not _is_revision(b):
        return i, j
    if _is_revision(b) and not _is_revision(a):
        return j, i
    return i, j  # two plain copies: the later one (by path) is the duplicate
