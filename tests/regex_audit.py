"""Find every regular expression jlt applies to user text, and time each on long hostile lines (issue 15).

Patterns are collected three ways, so a new one is audited without anyone listing it:
- compiled objects held by any jlt_cli module (module attributes, and inside tuples, lists and dicts there);
- string literals passed to ``re.match/search/sub/…`` anywhere in the jlt_cli sources (read from the AST);
- everything jlt_cli compiles while it reads, understands and checks real files (``re._compile`` is wrapped
  for the duration and the calling module noted): the patterns built per configuration (the metadata-label
  regex, the type-term matcher, the contact labels) and those built per line (the spaced synonym heading).

Each pattern then scans (``finditer``, every start position: the worst case of search/sub/findall) lines of
runs a fuzzer found costly: spaces, tabs, U+3000, digits, brackets, CJK, markup markers, and random mixes
of those with the characters the pattern itself names. A pattern that backtracks quadratically takes
seconds on 20,000 characters and hours on 200,000; a linear one milliseconds. Each scan runs in a worker
process that is killed at its deadline, so a runaway pattern is reported, not waited for.
"""

from __future__ import annotations

import ast
import importlib
import multiprocessing
import pkgutil
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jlt_cli

PACKAGE_DIR = Path(jlt_cli.__file__).resolve().parent
_RE_FUNCS = {"match", "search", "sub", "subn", "split", "findall", "finditer", "fullmatch", "compile"}


@dataclass(frozen=True)
class Found:
    pattern: str
    flags: int
    where: str  # module (and name or line) that holds or compiles it
    # "scan": tried at every position (search, sub, findall…, or unknown use); "match": only where the
    # caller says (re.match / re.fullmatch on a literal), so it is timed with .match at the line's start
    mode: str = "scan"


def _all_modules() -> list:
    mods = []
    for info in pkgutil.walk_packages([str(PACKAGE_DIR)], prefix="jlt_cli."):
        if info.name.endswith("__main__"):  # importing it runs the CLI
            continue
        try:
            mods.append(importlib.import_module(info.name))
        except ImportError:
            continue
    return mods


def _patterns_in(value, depth: int = 0):
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, (tuple, list, set, frozenset)):
        for v in value:
            yield from _patterns_in(v, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for v in list(value.keys()) + list(value.values()):
            yield from _patterns_in(v, depth + 1)


def module_patterns() -> list[Found]:
    out = []
    for mod in _all_modules():
        for name, value in vars(mod).items():
            if isinstance(value, type(re)):  # another module, audited on its own
                continue
            for p in _patterns_in(value):
                if isinstance(p.pattern, str):
                    out.append(Found(p.pattern, p.flags & ~re.UNICODE, f"{mod.__name__}.{name}"))
    return out


def _flags_value(node: ast.AST) -> int:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
        return int(getattr(re, node.attr, 0))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flags_value(node.left) | _flags_value(node.right)
    return 0


def literal_patterns() -> list[Found]:
    """String literals given to a ``re`` function in the sources (also those used only inside a function)."""
    out = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in _RE_FUNCS and node.args):
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            flags = 0
            position = {"compile": 1, "match": 2, "search": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
                        "split": 3, "sub": 4, "subn": 4}[node.func.attr]
            if len(node.args) > position:
                flags = _flags_value(node.args[position])
            for kw in node.keywords:
                if kw.arg == "flags":
                    flags = _flags_value(kw.value)
            rel = path.relative_to(PACKAGE_DIR.parent)
            mode = "match" if node.func.attr in ("match", "fullmatch") else "scan"
            out.append(Found(first.value, flags, f"{rel}:{node.lineno}", mode))
    return out


def runtime_patterns(exercise) -> list[Found]:
    """Every pattern jlt_cli code compiles (or looks up in re's cache) while ``exercise()`` runs."""
    seen: list[Found] = []
    original = re._compile  # type: ignore[attr-defined]

    def recording(pattern, flags):
        if isinstance(pattern, str):
            frame = sys._getframe(1)
            mode = "match" if frame.f_code.co_name in ("match", "fullmatch") else "scan"
            while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == "re":
                frame = frame.f_back
            module = frame.f_globals.get("__name__", "") if frame is not None else ""
            if module.startswith("jlt_cli"):
                seen.append(Found(pattern, int(flags) & ~re.UNICODE, f"{module}:{frame.f_lineno} (at run time)", mode))
        return original(pattern, flags)

    re._compile = recording  # type: ignore[attr-defined]
    try:
        exercise()
    finally:
        re._compile = original  # type: ignore[attr-defined]
    return seen


def unique(found: list[Found]) -> list[Found]:
    """One entry per pattern; a pattern also used for scanning is audited as a scan."""
    by_key: dict[tuple[str, int], Found] = {}
    for f in found:
        kept = by_key.get((f.pattern, f.flags))
        if kept is None or (kept.mode == "match" and f.mode == "scan"):
            by_key[(f.pattern, f.flags)] = f
    return list(by_key.values())


# --------------------------------------------------------------------------- hostile lines

RUNS = {
    "spaces": " ",
    "tabs": "\t",
    "ideographic-spaces": "\u3000",
    "newlines": "\n",
    "digits": "7",
    "square-brackets": "[",
    "round-brackets": "(",
    "cn-brackets": "（",
    "lenticular": "【",
    "closing-brackets": "）",
    "cjk": "合",
    "stars": "*",
    "dashes": "-",
    "hashes": "#",
    "quotes-markers": ">",
    "dots": ".",
    "colons": "：",
    "letters": "a",
    "underscores": "_",
    "pipes": "|",
}
_MIX_BASE = " \t\u3000\n0123456789[](){}<>*_#>-|!`~:：（）【】“”《》、，。.,;a一二三四五六七八九十合川区报送单位年月日号楼栋"


def _literal_chars(pattern: str) -> str:
    """Characters a pattern names (outside escapes' letters): the alphabet its own near-misses are made of."""
    chars = set(pattern) - set("\\")
    for m in re.finditer(r"\\u([0-9a-fA-F]{4})", pattern):
        chars.add(chr(int(m.group(1), 16)))
    return "".join(sorted(chars))[:200]


def _leading(items, out: list[str]) -> bool:
    """Characters a match must start with (first branch, one repetition); False once unsure."""
    from re import _constants as c  # type: ignore[attr-defined]

    for op, av in items:
        if len(out) >= 8:
            return False
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        if op == c.LITERAL:
            out.append(chr(av))
        elif op == c.IN:
            lits = [v for o, v in av if o == c.LITERAL]
            if any(o == c.NEGATE for o, _ in av) or not lits:
                return False
            out.append(chr(lits[0]))
        elif op == c.SUBPATTERN:
            if not _leading(av[-1], out):
                return False
        elif op == c.BRANCH:
            return _leading(av[1][0], out) and False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            return _leading(av[2], out) and False
        else:
            return False
    return True


def leading_text(pattern: str) -> str:
    """What a match of ``pattern`` starts with, as far as it is certain: `[^` for `\\[\\^[^\\]]+\\]`."""
    from re import _parser  # type: ignore[attr-defined]

    out: list[str] = []
    try:
        _leading(_parser.parse(pattern), out)
    except Exception:  # noqa: BLE001 - an exotic pattern: no prefix line for it
        return ""
    return "".join(out)


def hostile_lines(pattern: str, length: int) -> dict[str, str]:
    lines = {name: ch * length for name, ch in RUNS.items()}
    # the same run stopped by another character at its end: where `run$` or `run(?=x)` fails at every start
    lines.update({f"{name}+stop": ch * (length - 1) + "x" for name, ch in RUNS.items()})
    # and at both ends: an anchored first alternative (^run) no longer swallows the run
    lines.update({f"stop+{name}+stop": "x" + ch * (length - 2) + "x" for name, ch in RUNS.items()})
    rnd = random.Random(15)
    lines["mixed"] = "".join(rnd.choice(_MIX_BASE) for _ in range(length))
    own = _literal_chars(pattern)
    if own:
        alphabet = own + " \u30007（"
        lines["mixed-own"] = "".join(rnd.choice(alphabet) for _ in range(length))
        # the pattern's own characters, each followed by a long run: where a greedy class meets a literal
        lines["own-then-spaces"] = "".join(c + " " * 50 for c in own) * (length // (51 * len(own)) + 1)
        lines["own-then-digits"] = "".join(c + "7" * 50 for c in own) * (length // (51 * len(own)) + 1)
    lead = leading_text(pattern)
    if lead:
        # every start position begins a match that then runs on: `[^[^[^…` for `\\[\\^[^\\]\\s]+\\]`
        lines["lead-repeated"] = lead * (length // len(lead) + 1)
        lines["lead-then-cjk"] = lead + "合" * length
    return {k: v[:length] for k, v in lines.items()}


# --------------------------------------------------------------------------- timing in a killable worker


def _worker(conn, jobs: list[tuple[str, int, str]], length: int) -> None:
    for index, (pattern, flags, mode) in enumerate(jobs):
        compiled = re.compile(pattern, flags)
        for name, line in hostile_lines(pattern, length).items():
            conn.send(("start", index, name))
            t0 = time.perf_counter()
            if mode == "match":
                compiled.match(line)
            else:
                for _ in compiled.finditer(line):
                    pass
            conn.send(("done", index, name, time.perf_counter() - t0))
    conn.send(("end",))


@dataclass
class Slow:
    found: Found
    line: str
    seconds: float  # the deadline when the scan was killed
    killed: bool


def audit(found: list[Found], length: int, deadline: float) -> tuple[list[Slow], float]:
    """Scan every pattern over every hostile line of ``length``; (the scans over ``deadline`` s, the slowest scan)."""
    jobs = [(f.pattern, f.flags, f.mode) for f in found]
    slow: list[Slow] = []
    worst = 0.0
    ctx = multiprocessing.get_context("fork")
    start_at = 0
    while start_at < len(jobs):
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_worker, args=(child, jobs[start_at:], length), daemon=True)
        proc.start()
        child.close()
        current: tuple[int, str] | None = None
        restart = None
        while True:
            limit = deadline if current is not None else 60.0
            if not parent.poll(limit):
                if current is None:
                    raise RuntimeError("the regex audit worker stopped answering")
                index, name = current
                slow.append(Slow(found[start_at + index], name, deadline, True))
                restart = start_at + index + 1
                proc.kill()
                break
            try:
                msg = parent.recv()
            except EOFError:
                raise RuntimeError("the regex audit worker died") from None
            if msg[0] == "start":
                current = (msg[1], msg[2])
            elif msg[0] == "done":
                seconds = msg[3]
                worst = max(worst, seconds)
                if seconds > deadline:
                    slow.append(Slow(found[start_at + msg[1]], msg[2], seconds, False))
                current = None
            else:
                restart = len(jobs)
                break
        proc.join(5)
        parent.close()
        start_at = restart
    return slow, worst
