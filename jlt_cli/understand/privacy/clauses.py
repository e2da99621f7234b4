"""Where a clause or a sentence ends: the stretch of text a recogniser reads around a match."""

from __future__ import annotations

import re




# --- where one clause or sentence ends ----------------------------------------------------------

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[。！？!?；;\n，,、]")  # not a colon: 外婆家座机：… says whose number follows
WINDOW = 100  # how far a sentence is read either way: bounded, so a line without stops stays linear


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - WINDOW)
    before = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    after = _SENTENCE_END.search(text, end, min(len(text), end + WINDOW))
    return (before[-1] if before else lo), (after.start() if after else min(len(text), end + WINDOW))


def clause_before(text: str, at: int, reach: int = 24) -> str:
    lo = max(0, at - reach)
    stops = [m.end() for m in _CLAUSE_END.finditer(text, lo, at)]
    clause = text[stops[-1] if stops else lo : at]
    # inside brackets the owner is named before them: 母亲苗某（微信号…，电话023-…）
    opened = text.rfind("（", lo, at), text.rfind("(", lo, at)
    bracket = max(opened)
    if bracket >= 0 and ")" not in text[bracket:at] and "）" not in text[bracket:at]:
        clause = clause_before(text, bracket, reach) + clause if bracket > lo else clause
    return clause


