"""Which of the three case types a text is about: a weighted term count, with its evidence.

Explainable on purpose: staff see the score of each type and the terms behind it (the title's terms count
``classification.title_weight`` times). Terms are matched longest first without overlap, so 社区家长学校
counts once, not also as 家长学校 and 社区. ``judge`` says how clearly the best type leads: enough evidence
and a clear lead choose it; a clear lead on little evidence, or enough evidence with the runner-up close
behind, choose it with a low-confidence warning; otherwise no type is chosen (unknown-type).
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


@dataclass(frozen=True)
class Lead:
    """How clearly the best-scoring type leads (one home for the rules unknown-type and low-confidence).

    verdict: ``sure`` (enough evidence, a clear lead), ``narrow`` (enough evidence, the runner-up close behind),
    ``weak`` (little evidence, but a clear lead), ``unclear`` (little evidence, no clear lead), ``tie`` (two types
    equal on enough evidence), ``mixed`` (three types present and the best no more than the others together: a
    case about everything) or ``none`` (next to no evidence). A type is chosen for sure, narrow and weak.
    """

    best: str | None
    score: float
    runner_up: str | None
    runner_score: float
    verdict: str

    @property
    def chosen(self) -> str | None:
        return self.best if self.verdict in ("sure", "narrow", "weak") else None


def judge(scores: dict[str, float], config: Config) -> Lead:
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, score = ranked[0] if ranked else (None, 0.0)
    runner, runner_score = ranked[1] if len(ranked) > 1 else (None, 0.0)
    min_score = float(config.get("classification", "min_score"))
    weak_min = float(config.get("classification", "weak_min_score"))
    ratio = float(config.get("classification", "lead_ratio"))
    clear = score >= ratio * runner_score
    others = [v for _, v in ranked[1:]]
    if score <= 0 or score < weak_min:
        verdict = "none"
    elif len(others) >= 2 and others[1] >= weak_min and score <= sum(others):
        verdict = "mixed"
    elif score == runner_score:
        verdict = "tie" if score >= min_score else "unclear"
    elif score >= min_score:
        verdict = "sure" if clear else "narrow"
    else:
        verdict = "weak" if clear else "unclear"
    return Lead(best, score, runner, runner_score, verdict)


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
    lead = judge(scores, config)
    chosen = lead.chosen
    total = sum(scores.values())
    confidence = lead.score / total if total and chosen else 0.0
    evidence = []
    if lead.best and hits.get(lead.best):
        evidence = [f"{term}×{n}" for term, n in hits[lead.best].most_common(6)]
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
