#!/usr/bin/env python3
"""A seeded, structure-aware mutation fuzzer for jlt's readers and understanding (issue 15).

    python tests/fuzz/fuzz.py [--seed 15] [--cases 300] [--keep DIR] [--only-case N]

Seeds are real submissions (samples/, tests/fixtures/, ../shared/fixtures/ when present). Each case takes
one, applies one to four mutations that know the format — for Markdown: long runs of one character, a
line repeated, a construct repeated or nested (# > - [ ]( ` | footnotes), front matter with aliases or tags,
huge tables, lines shuffled or spliced from another seed, another encoding; for .docx: paragraphs repeated,
runs and line breaks multiplied, tables nested, text runs inserted, XML snippets and truncation — and runs
``process_file`` plus the ``jlt show`` rendering in a child forked from this (warm) process, under an
alarm and an address-space cap. A case fails when an exception escapes, when it takes longer than the time
limit or more memory than the memory limit. The figures (cases/s, slowest case, peak memory, findings by
rule) are printed; a failing case is reproduced with ``--only-case N`` (same seed) and ``--keep DIR``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import signal
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent / "hostile"))

# --------------------------------------------------------------------------- seeds


def seed_files() -> dict[str, list[bytes]]:
    """Real submissions by format: the project's samples and fixtures, the shared fixtures when present."""
    import case_text
    import make_corpus

    folders = [ROOT / "samples", ROOT / "tests" / "fixtures", ROOT.parent / "shared" / "fixtures"]
    seeds: dict[str, list[bytes]] = {".md": [case_text.markdown().encode("utf-8")], ".docx": [make_corpus.valid_docx()]}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            suffix = path.suffix.lower()
            if suffix in (".md", ".docx") and path.is_file() and path.stat().st_size < 2_000_000:
                seeds[suffix].append(path.read_bytes())
    return seeds


# --------------------------------------------------------------------------- Markdown mutations

RUN_CHARS = [" ", "\t", "\u3000", "\u00a0", "7", "[", "]", "(", ")", "（", "【", "合", "*", "_", "#", ">", "-", "|",
             "`", "<", "&", "\\", "!", ":", "：", "，", "。", "\n", "\r\n"]
LENGTHS = [10, 100, 1_000, 10_000, 50_000, 150_000]
CONSTRUCTS = ["#", "> ", "- ", "1. ", "* ", "**", "__", "_a", "*a", "[", "](", "[a](<b", "![a](", "[^1]", "[^x]: ", "`",
              "``a", "|", "| a ", "<", "<a ", "&#", "&amp;", "\\", "---\n", "===\n", "~~~\n", "```\n", "    ", "\t",
              "<br>", "{#id}", "报送单位：", "一、基本情况", "（一）", "2025年7月", "☑", "13812345678 "]
FRONT_MATTERS = [
    "---\na: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n案例题目: *d\n---\n",
    "---\n案例题目: !!binary 5Lit5paH\n报送单位: !!python/object/apply:os.system [true]\n---\n",
    "---\n报送单位: {名称: {全称: [[[区教委]]]}}\n---\n",
    "---\n案例题目: " + "很长" * 5_000 + "\n---\n",
    "---\ntitle: 依托社区学校\nunit: 区教委\ntype: 社区学校\ndate: 2025-07-18\n---\n",
    "---\n<<: {a: 1}\nx: &x {y: 1}\nz: {<<: *x}\n---\n",
]


def _insert(text: str, rnd: random.Random, piece: str) -> str:
    at = rnd.randrange(len(text) + 1)
    return text[:at] + piece + text[at:]


def _insert_lines(text: str, rnd: random.Random, new: list[str]) -> str:
    lines = text.split("\n")
    at = rnd.randrange(len(lines) + 1)
    return "\n".join(lines[:at] + new + lines[at:])


def mutate_markdown(data: bytes, rnd: random.Random, other: bytes) -> tuple[bytes, list[str]]:
    text = data.decode("utf-8", "replace")
    done: list[str] = []
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.choice(["run", "line-dup", "construct", "nest", "front", "table", "notes", "links", "shuffle",
                           "splice", "delete"])
        if kind == "run":
            ch, n = rnd.choice(RUN_CHARS), rnd.choice(LENGTHS)
            text = _insert(text, rnd, ch * n)
            kind = f"run {ch!r}×{n}"
        elif kind == "line-dup":
            n = rnd.choice([10, 100, 1_000, 10_000, 60_000])
            lines = text.split("\n")
            text = _insert_lines(text, rnd, [rnd.choice(lines)] * n)
            kind = f"line×{n}"
        elif kind == "construct":
            c, n = rnd.choice(CONSTRUCTS), rnd.choice(LENGTHS[:5])
            text = _insert(text, rnd, c * max(1, n // len(c)))
            kind = f"construct {c!r}×{n // len(c)}"
        elif kind == "nest":
            c, n = rnd.choice(["  ", "\t", "> ", "- ", "1. ", "    - "]), rnd.choice([5, 20, 50, 500, 5_000])
            text = "\n".join((c * n + ln) if rnd.random() < 0.3 else ln for ln in text.split("\n"))
            kind = f"nest {c!r}×{n}"
        elif kind == "front":
            text = rnd.choice(FRONT_MATTERS) + text
        elif kind == "table":
            rows, cols = rnd.choice([10, 1_000, 30_000]), rnd.choice([2, 10, 500])
            table = "|" + "|".join(f"列{c}" for c in range(cols)) + "|\n|" + "|".join("-" * cols) + "|\n"
            table += "".join("|" + "|".join(str(r) for _ in range(cols)) + "|\n" for r in range(rows))
            text = _insert_lines(text, rnd, ["", table])
            kind = f"table {rows}×{cols}"
        elif kind == "notes":
            n = rnd.choice([10, 1_000, 20_000])
            text += "\n" + "".join(f"正文[^{k}]" for k in range(n)) + "\n\n" + "\n".join(f"[^{k}]: 注{k}。" for k in range(n))
            kind = f"footnotes×{n}"
        elif kind == "links":
            n = rnd.choice([10, 1_000, 20_000])
            text = _insert(text, rnd, "".join(rnd.choice(["[链接](http://x.invalid/)", "![图](p.png)", "[a][r]", "<http://x>"])
                                              for _ in range(n)))
            kind = f"links×{n}"
        elif kind == "shuffle":
            lines = text.split("\n")
            text = "\n".join(rnd.sample(lines, len(lines)))
        elif kind == "splice":
            mine, theirs = text.split("\n"), other.decode("utf-8", "replace").split("\n")
            i, j = rnd.randrange(len(mine) + 1), rnd.randrange(len(theirs) + 1)
            text = "\n".join(mine[:i] + theirs[j:j + rnd.randint(1, 200)] + mine[i:])
        else:
            text = "\n".join(ln for ln in text.split("\n") if rnd.random() > 0.2)
        done.append(kind)
        if len(text) > 6_000_000:
            text = text[:6_000_000]
    encoding = rnd.choice(["utf-8"] * 6 + ["utf-8-sig", "utf-16", "utf-32", "gb18030"])
    out = text.encode(encoding, "replace")
    if rnd.random() < 0.1:  # a few raw byte edits on top
        buf = bytearray(out)
        for _ in range(rnd.randint(1, 8)):
            if buf:
                buf[rnd.randrange(len(buf))] = rnd.randrange(256)
        out = bytes(buf)
        done.append("bytes")
    if encoding != "utf-8":
        done.append(encoding)
    return out, done


# --------------------------------------------------------------------------- .docx mutations

_PARA = re.compile(rb"<w:p[ >].*?</w:p>", re.S)
_TEXT = re.compile(rb"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")
XML_SNIPPETS = [b"<w:p>", b"</w:p>", b"<w:r>", b"</w:r>", b"<w:tbl><w:tr><w:tc>", b"</w:tc></w:tr></w:tbl>", b"&amp;",
                b"&#0;", b"<![CDATA[", b"\x00", '一、基本情况'.encode(), b'<w:pPr><w:numPr><w:ilvl w:val="9"/>'
                b'<w:numId w:val="99"/></w:numPr></w:pPr>', b"<w:br/>" * 50, b"<w:tab/>" * 50]


MAX_XML = 15_000_000  # stays under limits.max_file_mb once stored


def _xml_escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


def mutate_document_xml(xml: bytes, rnd: random.Random) -> tuple[bytes, list[str]]:
    done: list[str] = []
    for _ in range(rnd.randint(1, 3)):
        paras = list(_PARA.finditer(xml))
        kind = rnd.choice(["para-dup", "text-run", "breaks", "nest-tables", "many-runs", "snippet", "truncate", "swap"])
        if not paras and kind != "snippet":
            kind = "snippet"
        if kind == "para-dup":
            m = rnd.choice(paras)
            n = min(rnd.choice([10, 1_000, 20_000, 100_000]), MAX_XML // len(m.group()))
            xml = xml[:m.end()] + m.group() * n + xml[m.end():]
            kind = f"paragraph×{n}"
        elif kind == "text-run":
            texts = list(_TEXT.finditer(xml))
            if texts:
                m, ch, n = rnd.choice(texts), rnd.choice(RUN_CHARS), rnd.choice(LENGTHS)
                xml = xml[:m.end(2)] + _xml_escape(ch * n) + xml[m.end(2):]
                kind = f"text run {ch!r}×{n}"
        elif kind == "breaks":
            texts = list(_TEXT.finditer(xml))
            if texts:
                m, n = rnd.choice(texts), rnd.choice([100, 10_000, 100_000])
                xml = xml[:m.end()] + (b"<w:br/>" if rnd.random() < 0.5 else b"<w:tab/>") * n + xml[m.end():]
                kind = f"breaks×{n}"
        elif kind == "nest-tables":
            m, n = rnd.choice(paras), rnd.choice([5, 50, 300])
            wrapped = b"<w:tbl><w:tr><w:tc>" * n + m.group() + b"</w:tc></w:tr></w:tbl>" * n
            xml = xml[:m.start()] + wrapped + xml[m.end():]
            kind = f"tables nested {n}"
        elif kind == "many-runs":
            m = rnd.choice(paras)
            text = "".join(t.group(2).decode("utf-8", "replace") for t in _TEXT.finditer(m.group())) or "字" * 100
            runs = b"".join(b"<w:r><w:t>" + _xml_escape(c) + b"</w:t></w:r>" for c in text * rnd.choice([1, 100]))
            xml = xml[:m.start()] + b"<w:p>" + runs + b"</w:p>" + xml[m.end():]
            kind = "one run per character"
        elif kind == "snippet":
            at = rnd.randrange(len(xml) + 1)
            xml = xml[:at] + rnd.choice(XML_SNIPPETS) + xml[at:]
        elif kind == "truncate":
            xml = xml[: rnd.randrange(len(xml) + 1)]
        else:
            a, b = rnd.choice(paras), rnd.choice(paras)
            if a.start() < b.start() and a.end() <= b.start():
                xml = xml[:a.start()] + b.group() + xml[a.end():b.start()] + a.group() + xml[b.end():]
        done.append(kind)
    return xml, done


def mutate_docx(data: bytes, rnd: random.Random) -> tuple[bytes, list[str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = [(info, zf.read(info)) for info in zf.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return data, ["unzippable seed"]
    done: list[str] = []
    out = io.BytesIO()
    # stored, not deflated: repeated paragraphs would otherwise trip the zip-bomb ratio and never be read
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for info, content in members:
            if info.filename == "word/document.xml":
                content, done = mutate_document_xml(content, rnd)
                content = content[:MAX_XML]
            member = zipfile.ZipInfo(info.filename, info.date_time)  # the seed's dates: same seed, same bytes
            zf.writestr(member, content, zipfile.ZIP_STORED)
    return out.getvalue(), done


# --------------------------------------------------------------------------- running one case


@dataclass
class Outcome:
    index: int
    suffix: str
    size: int
    mutations: list[str]
    seconds: float
    max_rss_mb: float
    rules: list[str] = field(default_factory=list)
    failure: str = ""


def make_case(seed: int, index: int, seeds: dict[str, list[bytes]]) -> tuple[bytes, str, list[str]]:
    rnd = random.Random(f"{seed}:{index}")
    suffix = rnd.choice([".md", ".md", ".docx"])
    base = rnd.choice(seeds[suffix])
    if suffix == ".md":
        data, done = mutate_markdown(base, rnd, rnd.choice(seeds[".md"]))
    else:
        data, done = mutate_docx(base, rnd)
    return data, suffix, done


def _child(path: Path, config, write_fd: int, cap_mb: int, alarm_s: int) -> None:
    """In the forked child: read, understand, check and render one file; report the rules found."""
    from jlt_cli.outputs.show import case_to_markdown
    from jlt_cli.pipeline import process_file
    from jlt_cli.read import Discovered

    cap = cap_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    signal.alarm(alarm_s)  # the default action ends the child: a hang becomes a killed case
    result: dict = {}
    try:
        case = process_file(Discovered(path, path.name), config)
        case_to_markdown(case, config)
        result["rules"] = sorted({f.rule for f in case.findings})
        internal = [f.message for f in case.findings if f.rule == "internal-error"]
        if internal:
            result["failure"] = "internal-error: " + internal[0][:300]
    except BaseException as exc:  # noqa: BLE001 - anything escaping is the bug we look for
        result["failure"] = f"{type(exc).__name__}: {str(exc)[:300]}"
    os.write(write_fd, json.dumps(result).encode("utf-8"))
    os._exit(0)


def run_case(path: Path, config, *, time_limit: float, mem_limit_mb: int) -> tuple[dict, float, float]:
    """(result, seconds, peak RSS in MB) of one file in a forked child."""
    read_fd, write_fd = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(path, config, write_fd, cap_mb=max(2000, mem_limit_mb * 4), alarm_s=int(time_limit * 4) + 1)
    os.close(write_fd)
    chunks = []
    while True:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - start
    try:
        result = json.loads(b"".join(chunks) or b"{}")
    except ValueError:
        result = {}
    if os.WIFSIGNALED(status):
        result["failure"] = f"killed by signal {os.WTERMSIG(status)} (alarm: a hang; 9: memory)"
    elif not result:
        result["failure"] = "the child reported nothing"
    return result, seconds, usage.ru_maxrss / 1024


@dataclass
class Figures:
    seed: int
    outcomes: list[Outcome]
    seconds: float
    baseline_rss_mb: float

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failure]

    def report(self) -> str:
        n = len(self.outcomes)
        slowest = max(self.outcomes, key=lambda o: o.seconds)
        biggest = max(self.outcomes, key=lambda o: o.max_rss_mb)
        by_rule = Counter(r for o in self.outcomes for r in o.rules)
        by_kind = Counter(m.split(" ")[0].split("×")[0] for o in self.outcomes for m in o.mutations)
        lines = [
            f"seed {self.seed}: {n} cases ({sum(o.suffix == '.md' for o in self.outcomes)} Markdown, "
            f"{sum(o.suffix == '.docx' for o in self.outcomes)} .docx) in {self.seconds:.1f} s = {n / self.seconds:.1f} cases/s",
            f"slowest: case {slowest.index} {slowest.seconds:.2f} s ({slowest.suffix}, {slowest.size:,} bytes: "
            f"{', '.join(slowest.mutations)})",
            f"peak memory: case {biggest.index} {biggest.max_rss_mb:.0f} MB (process before the case: "
            f"{self.baseline_rss_mb:.0f} MB; {', '.join(biggest.mutations)})",
            f"largest input: {max(o.size for o in self.outcomes):,} bytes",
            "findings by rule: " + ", ".join(f"{r} {c}" for r, c in by_rule.most_common()),
            "mutations: " + ", ".join(f"{k} {c}" for k, c in by_kind.most_common()),
            f"failures: {len(self.failures)}",
        ]
        for o in self.failures[:20]:
            lines.append(f"  case {o.index} ({o.suffix}, {', '.join(o.mutations)}): {o.failure} "
                         f"[{o.seconds:.1f} s, {o.max_rss_mb:.0f} MB]")
        return "\n".join(lines)


def _current_rss_mb() -> float:
    """This process's resident memory now (ru_maxrss would also count what the process was before exec)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_campaign(seed: int, cases: int, *, time_limit: float = 5.0, mem_limit_mb: int = 500,
                 only: int | None = None, keep: Path | None = None, progress=None) -> Figures:
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.pipeline import process_file
    from jlt_cli.read import Discovered

    config = Config(load_defaults())
    seeds = seed_files()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="jlt-fuzz-") as scratch:
        work = keep or Path(scratch)
        # warm up once in this process: imports and per-run caches are then shared by every forked child
        warm = work / "warm" / "case.md"
        warm.parent.mkdir(parents=True, exist_ok=True)
        warm.write_bytes(seeds[".md"][0])
        process_file(Discovered(warm, warm.name), config)
        baseline = _current_rss_mb()
        started = time.monotonic()
        for index in ([only] if only is not None else range(cases)):
            data, suffix, mutations = make_case(seed, index, seeds)
            folder = work / f"case{index:05d}"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"case{suffix}"
            path.write_bytes(data)
            result, seconds, rss = run_case(path, config, time_limit=time_limit, mem_limit_mb=mem_limit_mb)
            failure = result.get("failure", "")
            if not failure and seconds > time_limit:
                failure = f"took {seconds:.1f} s (limit {time_limit:g} s)"
            if not failure and rss > mem_limit_mb:
                failure = f"peak memory {rss:.0f} MB (limit {mem_limit_mb} MB)"
            outcomes.append(Outcome(index, suffix, len(data), mutations, seconds, rss, result.get("rules", []), failure))
            if keep is None:
                path.unlink()
                folder.rmdir()
            if progress:
                progress(outcomes[-1])
        elapsed = time.monotonic() - started
    return Figures(seed, outcomes, elapsed, baseline)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--mem-limit-mb", type=int, default=500)
    parser.add_argument("--only-case", type=int, default=None, help="run just this case of the seed (to reproduce it)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated files in this folder")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)

    def show(o: Outcome) -> None:
        if args.verbose or o.failure:
            print(f"case {o.index:5d} {o.suffix:5} {o.size:>10,} B {o.seconds:6.2f} s {o.max_rss_mb:5.0f} MB "
                  f"{','.join(o.rules) or '(clean)'} | {'; '.join(o.mutations)}" + (f"  FAIL {o.failure}" if o.failure else ""),
                  flush=True)

    figures = run_campaign(args.seed, args.cases, time_limit=args.time_limit, mem_limit_mb=args.mem_limit_mb,
                           only=args.only_case, keep=args.keep, progress=show)
    print(figures.report())
    return 1 if figures.failures else 0


if __name__ == "__main__":
    sys.exit(main())
