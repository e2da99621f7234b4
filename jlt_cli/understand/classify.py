"""Which of the three case types a text is about: a weighted term count, with its evidence.

Explainable on purpose: staff see the score of each type and the terms behind it.
Terms are matched longest first without overlap, so 社区家长学校 counts once, not
also as 家长学校 and 社区.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from jlt_cli.config import Config


@dataclass
class Classification:
    type: str | None
    confidence: float
    scores: dict[str, float]
    evidence: list[str] = field(default_factory=list)
    # term -> count per type, for explaining a mismatch
    hits: dict[str, Counter] = field(default_factory=dict)


def _matcher(config: Config) -> tuple[re.Pattern, dict[str, list[tuple[str, float]]]]:
    cached = config._cache.get("type_terms")
    if cached:
        return cached
    owners: dict[str, list[tuple[str, float]]] = {}
    for tname, spec in (config.get("types") or {}).items():
        for term, weight in (spec.get("terms") or {}).items():
            owners.setdefault(str(term), []).append((tname, float(weight)))
    terms = sorted(owners, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in terms)) if terms else re.compile(r"(?!x)x")
    config._cache["type_terms"] = (pattern, owners)
    return pattern, owners


def classify(title: str, body: str, config: Config) -> Classification:
    pattern, owners = _matcher(config)
    title_weight = float(config.get("classification", "title_weight"))
    scores: dict[str, float] = {t: 0.0 for t in (config.get("types") or {})}
    hits: dict[str, Counter] = {t: Counter() for t in scores}
    for text, factor in ((title, title_weight), (body, 1.0)):
        for m in pattern.finditer(text):
            for tname, weight in owners[m.group()]:
                if weight <= 0:
                    continue  # a term switched off in jlt.yaml still shields shorter terms, but is no evidence
                scores[tname] += weight * factor
                hits[tname][m.group()] += 1
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    total = sum(scores.values())
    best, best_score = ranked[0] if ranked else (None, 0.0)
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    min_score = float(config.get("classification", "min_score"))
    if best_score < min_score or best_score == second:
        chosen = None
    else:
        chosen = best
    confidence = best_score / total if total and chosen else 0.0
    evidence = []
    if best and hits.get(best):
        evidence = [f"{term}×{n}" for term, n in hits[best].most_common(6)]
    return Classification(chosen, confidence, {k: round(v, 1) for k, v in scores.items()}, evidence, hits)


_BOXES = re.compile(r"[□☐▢]")
_TICKED = re.compile(r"(?:[☑☒■√✓✔✅]|[□☐▢][√✓✔×xX])([^□☐▢☑☒■√✓✔✅]+)")


def type_from_text(text: str, config: Config) -> str | None:
    """A declared type: '护校安园工作案例', '困境儿童帮扶', '社区学校' → short name."""
    compact = re.sub(r"\s+", "", text)
    if _BOXES.search(compact):
        # 案例类型：□社区学校建设案例 ☑护校安园工作案例 □困境儿童帮扶案例 — only the ticked option counts
        ticked = _TICKED.findall(compact)
        if not ticked:
            return None
        compact = ticked[0]
    best: tuple[int, str] | None = None
    for tname, spec in (config.get("types") or {}).items():
        for alias in [spec.get("full_name", ""), *(spec.get("aliases") or []), tname]:
            if alias and alias in compact and (best is None or len(alias) > best[0]):
                best = (len(alias), tname)
    return best[1] if best else None
