"""Punctuation in Chinese prose: find half-width marks and unpaired quotes/brackets, fix the safe ones.

One detector serves both the ``punctuation`` rule (on block text) and ``jlt fix`` (on raw
Markdown lines), so what validate reports is exactly what fix repairs. A fix is "safe" when
the intended character is certain: ``,`` between Chinese characters can only be ``，``; an
unpaired ``“`` is not safe (we do not know where the quotation ends) and is only reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jlt_cli.base.text import CJK as _CJK
from jlt_cli.base.text import CJK_RE

# Chinese text plus the full-width marks that end or open a Chinese phrase.
_CJK_BEFORE = re.compile(f"[{_CJK}”’）》】〕]")
_CJK_AFTER = re.compile(f"[{_CJK}“‘（《【〔]")
FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
NAMES = {
    ",": "逗号", ";": "分号", ":": "冒号", "?": "问号", "!": "叹号", ".": "句号", "(": "括号", ")": "括号",
    '"': "引号", "...": "省略号",
}
OPENERS = {"（": "）", "(": ")", "《": "》", "【": "】", "“": "”", "‘": "’"}
CLOSERS = {v: k for k, v in OPENERS.items()}
# A bracket opened at full width and closed at half width (or the reverse) is the same pair.
_SAME_FAMILY = {("（", ")"), ("(", "）")}

# Text that is not prose: URLs, e-mail addresses, inline code, Markdown link targets, HTML tags.
_PROTECTED = re.compile(
    r"`[^`]*`"
    r"|\]\([^)\s]*\)"
    r"|(?:https?|ftp)://[^\s，。；）】》“”]+"
    r"|www\.[^\s，。；）】》“”]+"
    # e-mail: ASCII and bounded, or a long run of Chinese (\w) is retried from every position: quadratic
    r"|[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+"
    r"|<[^<>\n]{1,200}>",
    re.IGNORECASE,
)
_EMPHASIS = "*_~"


@dataclass(frozen=True)
class PunctIssue:
    start: int
    end: int
    found: str
    replacement: str | None  # None: needs a person
    note: str  # Chinese description: 半角逗号“,”应为“，”

    @property
    def safe(self) -> bool:
        return self.replacement is not None


def _protected_mask(text: str) -> list[bool]:
    mask = [False] * len(text)
    for m in _PROTECTED.finditer(text):
        for i in range(m.start(), m.end()):
            mask[i] = True
    return mask


def _prev_char(text: str, i: int) -> str:
    """Character before ``i``, looking through Markdown emphasis markers (**加强**:)."""
    j = i - 1
    while j >= 0 and text[j] in _EMPHASIS:
        j -= 1
    if j >= 1 and text[j] in "\"'" and CJK_RE.match(text[j - 1]):
        # 开展了"家长课堂",效果: the straight quote becomes ” in the same pass, so the comma is in Chinese too
        return text[j - 1]
    return text[j] if j >= 0 else ""


def _next_char(text: str, i: int) -> str:
    """Character after ``i``, skipping spaces and emphasis markers; "" at the end of the text."""
    j = i + 1
    while j < len(text) and (text[j] in _EMPHASIS or text[j] in " \t\u3000"):
        j += 1
    return text[j] if j < len(text) else ""


def _is_cjk_before(ch: str) -> bool:
    return bool(ch) and bool(_CJK_BEFORE.match(ch))


def _is_cjk_after(ch: str) -> bool:
    return bool(ch) and bool(_CJK_AFTER.match(ch))


def _half_width_marks(text: str, mask: list[bool]) -> list[PunctIssue]:
    issues: list[PunctIssue] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if mask[i] or ch not in ",;:?!.":
            i += 1
            continue
        prev, nxt = _prev_char(text, i), _next_char(text, i)
        if ch == "." and text.startswith("...", i):
            # "……" written as dots after Chinese text
            j = i
            while j < n and text[j] == ".":
                j += 1
            if _is_cjk_before(prev):
                issues.append(PunctIssue(i, j, text[i:j], "……", f"半角省略号“{text[i:j]}”应为“……”"))
            i = j
            continue
        hit = False
        if ch == ".":
            # 3.5, 1.加强, example.com stay; a full stop after Chinese at a sentence end or before Chinese is 。
            hit = _is_cjk_before(prev) and (nxt == "" or _is_cjk_after(nxt))
        else:
            if _is_cjk_before(prev):
                # 时间:2024年 is still Chinese prose; 中文: English is a switch of language
                hit = not (nxt and (nxt.isascii() and nxt.isalpha()))
                if ch == ":" and text.startswith("//", i + 1):
                    hit = False
            elif prev and (prev.isdigit() or prev == "%") and _is_cjk_after(nxt):
                hit = ch != ":"  # 10:30 是时间; 95%,较去年 is prose
        if hit:
            full = FULL[ch]
            issues.append(PunctIssue(i, i + 1, ch, full, f"半角{NAMES[ch]}“{ch}”应为“{full}”"))
        i += 1
    return issues


def _quote_issues(text: str, mask: list[bool]) -> list[PunctIssue]:
    """Straight double quotes around Chinese text become “”; an odd number cannot be paired safely."""
    positions = [i for i, c in enumerate(text) if c == '"' and not mask[i]]
    if not positions:
        return []
    if len(positions) % 2:
        near = [p for p in positions if _is_cjk_before(_prev_char(text, p)) or _is_cjk_after(_next_char(text, p))]
        if not near:
            return []
        p = near[0]
        return [PunctIssue(p, p + 1, '"', None, "半角引号“\"”不成对，请改为成对的中文引号“”")]
    issues = []
    for a, b in zip(positions[::2], positions[1::2]):
        inner = text[a + 1 : b]
        if CJK_RE.search(inner) or _is_cjk_before(_prev_char(text, a)) or _is_cjk_after(_next_char(text, b)):
            issues.append(PunctIssue(a, a + 1, '"', "“", "半角引号“\"”应为中文引号“”"))
            issues.append(PunctIssue(b, b + 1, '"', "”", ""))
    return issues


def _pair_issues(text: str, mask: list[bool]) -> list[PunctIssue]:
    """Unpaired or mismatched brackets and curly quotes, and half-width parentheses around Chinese text."""
    issues: list[PunctIssue] = []
    stack: list[int] = []
    has_cjk = bool(CJK_RE.search(text))
    for i, ch in enumerate(text):
        if mask[i]:
            continue
        if ch in OPENERS:
            if ch == "‘" and not has_cjk:
                continue
            stack.append(i)
        elif ch in CLOSERS:
            if ch == "’" and (not stack or text[stack[-1]] != "‘"):
                continue  # an apostrophe (children’s), not a closing quote
            if stack and OPENERS[text[stack[-1]]] == ch:
                a = stack.pop()
                if ch == ")":
                    inner = text[a + 1 : i]
                    before, after = _prev_char(text, a), _next_char(text, i)
                    if CJK_RE.search(inner) or (_is_cjk_after(after) and (before == "" or _is_cjk_before(before))) \
                            or (_is_cjk_before(before) and not inner.isascii()):
                        issues.append(PunctIssue(a, a + 1, "(", "（", f"半角括号“({inner})”应为“（{inner}）”"))
                        issues.append(PunctIssue(i, i + 1, ")", "）", ""))
                continue
            if stack and (text[stack[-1]], ch) in _SAME_FAMILY:
                a = stack.pop()
                # （1) or (1）: one side typed at the other width; the full-width pair is meant
                if text[a] == "(":
                    issues.append(PunctIssue(a, a + 1, "(", "（", f"括号一半角一全角“{text[a:i + 1]}”，应为“（…）”"))
                else:
                    issues.append(PunctIssue(i, i + 1, ")", "）", f"括号一全角一半角“{text[a:i + 1]}”，应为“（…）”"))
                continue
            opener = CLOSERS[ch]
            deeper = [k for k in stack if text[k] == opener]
            if deeper:
                k = deeper[-1]
                for j in stack[stack.index(k) + 1 :]:
                    issues.append(_unpaired(text, j))
                del stack[stack.index(k) :]
            else:
                issues.append(PunctIssue(i, i + 1, ch, None, f"“{ch}”前面缺少对应的“{opener}”"))
    for j in stack:
        issues.append(_unpaired(text, j))
    return issues


def _unpaired(text: str, i: int) -> PunctIssue:
    ch = text[i]
    return PunctIssue(i, i + 1, ch, None, f"“{ch}”后面缺少对应的“{OPENERS[ch]}”")


def _quote_direction(text: str, mask: list[bool]) -> list[PunctIssue] | None:
    """“甲“ or ”甲”: an even run of one curly double quote only. Alternating them is the only reading."""
    quotes = [i for i, c in enumerate(text) if c in "“”" and not mask[i]]
    kinds = {text[i] for i in quotes}
    if not quotes or len(kinds) != 1 or len(quotes) % 2:
        return None
    issues = []
    for n, i in enumerate(quotes):
        want = "“" if n % 2 == 0 else "”"
        if text[i] != want:
            issues.append(PunctIssue(i, i + 1, text[i], want, f"引号方向错误，“{text[i]}”应为“{want}”"))
    return issues


def find_punctuation(text: str) -> list[PunctIssue]:
    """Every punctuation problem in one paragraph (or Markdown line), in text order."""
    if not text or not CJK_RE.search(text):
        return []
    mask = _protected_mask(text)
    issues = _half_width_marks(text, mask) + _quote_issues(text, mask)
    direction = _quote_direction(text, mask)
    if direction is not None:
        issues += direction
        # the curly quotes are accounted for; pair-check the brackets only
        masked = list(mask)
        for i, c in enumerate(text):
            if c in "“”":
                masked[i] = True
        issues += _pair_issues(text, masked)
    else:
        issues += _pair_issues(text, mask)
    seen: set[int] = set()
    unique = []
    for issue in sorted(issues, key=lambda x: (x.start, x.replacement is None)):
        if issue.start in seen:
            continue
        seen.add(issue.start)
        unique.append(issue)
    return unique


def apply_fixes(text: str, issues: list[PunctIssue]) -> str:
    out = []
    pos = 0
    for issue in sorted((i for i in issues if i.safe), key=lambda x: x.start):
        if issue.start < pos:
            continue
        out.append(text[pos : issue.start])
        out.append(issue.replacement or "")
        pos = issue.end
    out.append(text[pos:])
    return "".join(out)


def fix_text(text: str) -> str:
    return apply_fixes(text, find_punctuation(text))


def snippet(text: str, issue: PunctIssue, width: int = 6) -> str:
    """A few characters around the issue, as the reader finds it in the file."""
    a = max(0, issue.start - width)
    b = min(len(text), issue.end + width)
    return ("…" if a else "") + text[a:b].replace("\n", " ") + ("…" if b < len(text) else "")


def describe(text: str, issues: list[PunctIssue], limit: int = 5) -> str:
    """One Chinese sentence listing the issues of a line, with the suggested text."""
    shown = [i for i in issues if i.note][:limit]
    parts = [f"{i.note}（{snippet(text, i)}）" for i in shown]
    more = len([i for i in issues if i.note]) - len(shown)
    msg = "；".join(parts) + (f"；另有 {more} 处" if more > 0 else "")
    if any(i.safe for i in issues):
        fixed = apply_fixes(text, issues)
        first = next(i for i in issues if i.safe)
        a = max(0, first.start - 6)
        b = min(len(fixed), first.start + 18)
        msg += f"。建议改为：“{('…' if a else '')}{fixed[a:b]}{'…' if b < len(fixed) else ''}”"
    if any(not i.safe for i in issues):
        msg += "。不成对的引号、括号请人工补齐或删去"
    return msg


# --- Markdown files -------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


@dataclass
class FixReport:
    text: str
    fixed: int  # marks changed
    manual: list[tuple[int, str]]  # (line, description) left for a person


def fix_markdown(source: str) -> FixReport:
    """Apply the safe fixes line by line, leaving code blocks, front matter and URLs alone."""
    lines = source.splitlines(keepends=True)
    out: list[str] = []
    fixed = 0
    manual: list[tuple[int, str]] = []
    in_fence = False
    in_front = bool(lines) and lines[0].strip() == "---"
    for n, raw in enumerate(lines, 1):
        body = raw.rstrip("\r\n")
        ending = raw[len(body) :]
        if in_front:
            out.append(raw)
            if n > 1 and body.strip() in ("---", "..."):
                in_front = False
            continue
        if _FENCE.match(body):
            in_fence = not in_fence
            out.append(raw)
            continue
        if in_fence:
            out.append(raw)
            continue
        issues = find_punctuation(body)
        safe = [i for i in issues if i.safe]
        fixed += len(safe)
        unsafe = [i for i in issues if not i.safe]
        if unsafe:
            manual.append((n, "；".join(i.note for i in unsafe)))
        out.append(apply_fixes(body, issues) + ending)
    return FixReport("".join(out), fixed, manual)
