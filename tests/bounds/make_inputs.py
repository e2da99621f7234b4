#!/usr/bin/env python3
"""Generate pathological-but-small inputs (issue 15): files that once hung jlt or exhausted its memory.

    python tests/bounds/make_inputs.py DEST [--only KEY,KEY] [--list]

Each input is one folder ``DEST/<key>/`` holding one submission, so ``jlt validate``, ``jlt show`` and
``jlt build`` can each be run on it alone (tests/bounds/measure.py does that and prints time and peak
memory). Everything is deterministic. The inputs are our own equivalents of what a fuzz campaign on
mutated real files found (YAML aliases in front matter, long whitespace runs, unclosed links, millions of
headings, UTF-16/UTF-32 encodings) plus variants of each kind of run.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "hostile"))
import case_text  # noqa: E402
import make_corpus  # noqa: E402

UNIT_LINE = f"报送单位：{case_text.UNIT}"


@dataclass(frozen=True)
class Input:
    key: str
    name: str  # the file name inside the input's folder
    what: str
    make: Callable[[], bytes]
    # what a bounded jlt may report for it (besides warnings of the content rules): a reading finding, or a
    # readable case. Used by tests/test_bounds.py; None means "any finding, as long as it is bounded".
    expect: frozenset[str] | None = None


def md(text: str) -> bytes:
    return text.encode("utf-8")


def case(extra: dict[str, list[str]] | None = None, *, unit_line: str | None = None, front: str = "",
         title: str = case_text.TITLE) -> str:
    """The base case as Markdown, with paragraphs added to parts and the 报送单位 line replaced."""
    text = case_text.markdown(title=title, extra_paragraphs=extra)
    if unit_line is not None:
        text = text.replace(UNIT_LINE, unit_line, 1)
    return front + text


def _laughs(levels: int, width: int, *, as_map: bool = False) -> str:
    """YAML front matter whose aliases nest ``levels`` deep, ``width`` wide: width**levels leaves."""
    lines = ["---", 'l0: &l0 "哈哈哈哈哈哈哈哈"']
    for n in range(1, levels + 1):
        refs = ", ".join(f"*l{n - 1}" for _ in range(width))
        if as_map:
            refs = ", ".join(f"k{k}: *l{n - 1}" for k in range(width))
            lines.append(f"l{n}: &l{n} {{{refs}}}")
        else:
            lines.append(f"l{n}: &l{n} [{refs}]")
    lines.append(f"案例题目: *l{levels}")
    lines.append(f"报送单位: *l{levels}")
    lines += ["---", ""]
    return "\n".join(lines)


def yaml_laughs_big() -> bytes:
    # 9 levels of 9: 387 million leaves once expanded (the 5.6 KB file of the report)
    front = _laughs(9, 9)
    pad = "\n".join(f"# 说明{n}: 以下为案例正文" for n in range(40))
    return md(front.replace("---\n", "---\n" + pad + "\n", 1) + case())


def yaml_laughs_small() -> bytes:
    return md(_laughs(10, 8) + case())


def yaml_laughs_map() -> bytes:
    return md(_laughs(8, 10, as_map=True) + case())


def yaml_tags() -> bytes:
    front = ("---\n案例题目: !!binary |\n  " + "5Lit5paH" * 2000 + "\n报送单位: !!set {a: null, b: null}\n"
             "联系人: !!timestamp 2001-12-14t21:59:43.10-05:00\n案例类型: !!python/object/apply:os.system ['true']\n---\n")
    return md(front + case())


def yaml_long_value() -> bytes:
    # a plain (no alias) but huge value: a 2 MB title
    return md("---\n案例题目: " + "很长的题目" * 400_000 + "\n---\n" + case())


def yaml_deep() -> bytes:
    # nesting 5,000 flow sequences deep: the parser recurses
    return md("---\n案例题目: " + "[" * 5000 + "]" * 5000 + "\n---\n" + case())


def unit_spaces(n: int, space: str = " ") -> Callable[[], bytes]:
    def make() -> bytes:
        return md(case(unit_line="报送单位：共青团合" + space * n + "川区委"))
    return make


def tabs_20k() -> bytes:
    # 20,000 tabs in a 22 KB file (the report's figure): the tabs sit in a body paragraph
    return md(case({"基本情况": ["街道办事处" + "\t" * 20_000 + "开展工作。"]}))


def body_run(run: str, n: int, *, part: str = "具体措施", around: tuple[str, str] = ("一是建强阵地", "。")) -> Callable[[], bytes]:
    def make() -> bytes:
        return md(case({part: [around[0] + run * n + around[1]]}))
    return make


def utf16_digits_links() -> bytes:
    # 700 KB of UTF-16: a 50,000-digit run and 50,000 unclosed links `[a](<b` in one paragraph
    payload = "编号" + "7" * 50_000 + "。" + "[a](<b" * 50_000
    return case({"基本情况": [payload]}).encode("utf-16")


def headings_12mb() -> bytes:
    head = case()
    line = "## 二、具体措施之一项工作安排\n"
    n = (12_000_000 - len(head.encode())) // len(line.encode())
    return md(head + line * n)


def headings_text_12mb() -> bytes:
    """The same as a .txt: one paragraph per line."""
    head = case()
    line = "（一）具体措施之一项工作安排\n"
    n = (12_000_000 - len(head.encode())) // len(line.encode())
    return md(head + line * n)


def setext_utf32() -> bytes:
    # 100,000 setext headings, saved as UTF-32 (~3 MB)
    return (case() + "标题\n===\n\n" * 100_000).encode("utf-32")


def footnotes_utf32() -> bytes:
    refs = "".join(f"正文[^{n}]" for n in range(30_000))
    defs = "\n".join(f"[^{n}]: 注释{n}。" for n in range(30_000))
    return (case({"工作成效": [refs]}) + "\n" + defs + "\n").encode("utf-32")


def many_footnotes() -> bytes:
    defs = "\n\n".join(f"[^{n}]: 图片由第{n}社区提供。" for n in range(100_000))
    return md(case() + "\n" + defs + "\n")


def many_links() -> bytes:
    return md(case({"具体措施": ["[链接](http://example.invalid/x) " * 100_000]}))


def many_link_refs() -> bytes:
    defs = "\n".join(f"[r{n}]: http://example.invalid/{n}" for n in range(100_000))
    return md(case({"具体措施": ["[链接][r1] " * 50_000]}) + "\n" + defs + "\n")


def nested_quotes(depth: int) -> Callable[[], bytes]:
    def make() -> bytes:
        return md(case({"基本情况": [">" * depth + " 引用的文字。"]}))
    return make


def nested_quote_lines(depth: int) -> bytes:
    lines = "\n".join(">" * n + " 第%d层" % n for n in range(1, depth + 1))
    return md(case({"基本情况": [lines]}))


def nested_lists(depth: int) -> Callable[[], bytes]:
    def make() -> bytes:
        lines = "\n".join("  " * n + "- 第%d层" % n for n in range(depth))
        return md(case({"具体措施": [lines]}))
    return make


def list_markers_line(n: int) -> bytes:
    return md(case({"具体措施": ["- " * n + "做法"]}))


def huge_table_rows() -> bytes:
    rows = "\n".join(f"| {n} | 第{n}户 | 已帮扶 |" for n in range(200_000))
    return md(case({"工作成效": ["| 序号 | 对象 | 情况 |\n|---|---|---|\n" + rows]}))


def huge_table_cols() -> bytes:
    cols = 20_000
    head = "|" + "|".join(f"列{n}" for n in range(cols)) + "|"
    sep = "|" + "|".join("-" for _ in range(cols)) + "|"
    row = "|" + "|".join("数" for _ in range(cols)) + "|"
    return md(case({"工作成效": ["\n".join([head, sep] + [row] * 50)]}))


def long_line_prose() -> bytes:
    # one 6 MB line of ordinary prose (sentences, no line break)
    sentence = "社区学校开展家庭教育讲座，家长参与热情很高，亲子关系更加融洽。"
    return md(case({"工作成效": [sentence * 65_000]}))


def long_line_cjk() -> bytes:
    rnd = random.Random(15)
    return md(case({"工作成效": ["".join(chr(rnd.randrange(0x4E00, 0x9FA5)) for _ in range(300_000))]}))


def mixed_run() -> bytes:
    rnd = random.Random(16)
    alphabet = " \t\u30000123456789[](){}<>*_#>-|!\\`~:：（）【】“”一二三四五报送单位年月日"
    return md(case({"基本情况": ["".join(rnd.choice(alphabet) for _ in range(300_000))]}))


def text_spaces() -> bytes:
    return md(case(unit_line="报送单位：共青团合" + " " * 300_000 + "川区委").replace("#", ""))


def docx_spaces() -> bytes:
    body = make_corpus.body_xml(inject={"基本情况": make_corpus._para("报送单位：共青团合" + " " * 300_000 + "川区委")})
    return make_corpus.docx_bytes(body)


def docx_many_paragraphs() -> bytes:
    filler = "".join(make_corpus._para(f"（{n}）工作安排") for n in range(300_000))
    return make_corpus.docx_bytes(make_corpus.body_xml(inject={"具体措施": filler}))


def docx_long_paragraph() -> bytes:
    rnd = random.Random(17)
    alphabet = " \t\u30000123456789（）【】一二三四五报送单位年月日，。"
    text = "".join(rnd.choice(alphabet) for _ in range(300_000))
    return make_corpus.docx_bytes(make_corpus.body_xml(inject={"基本情况": make_corpus._para(text)}))


def emphasis(n: int, unit: str) -> Callable[[], bytes]:
    return body_run(unit, n)


U, UF, TOO_LARGE = "unreadable", "unsupported-format", "file-too-large"

INPUTS: list[Input] = [
    # from the report
    Input("yaml-laughs-5k", "case.md", "YAML aliases 9×9 deep in front matter (5.6 KB)", yaml_laughs_big),
    Input("yaml-laughs-2k", "case.md", "YAML aliases 10 levels × 8 in front matter", yaml_laughs_small),
    Input("spaces-10k", "case.md", "报送单位：共青团合 + 10,000 spaces + 川区委", unit_spaces(10_000)),
    Input("spaces-30k", "case.md", "报送单位：共青团合 + 30,000 spaces + 川区委", unit_spaces(30_000)),
    Input("spaces-100k", "case.md", "报送单位 line with 100,000 spaces", unit_spaces(100_000)),
    Input("spaces-300k", "case.md", "报送单位 line with 300,000 spaces", unit_spaces(300_000)),
    Input("tabs-20k", "case.md", "20,000 tabs in a body paragraph (22 KB file)", tabs_20k),
    Input("utf16-digits-links", "case.md", "700 KB UTF-16: 50,000 digits and `[a](<b` ×50,000", utf16_digits_links),
    Input("headings-12mb", "case.md", "12 MB of heading lines", headings_12mb),
    Input("setext-utf32", "case.md", "100,000 setext headings, UTF-32", setext_utf32),
    Input("footnotes-utf32", "case.md", "30,000 footnotes, UTF-32", footnotes_utf32),
    # our own variants
    Input("yaml-laughs-map", "case.md", "YAML aliases as nested mappings", yaml_laughs_map),
    Input("yaml-tags", "case.md", "YAML tags: !!binary, !!set, !!timestamp, !!python/object", yaml_tags),
    Input("yaml-long-value", "case.md", "a 2 MB title in front matter", yaml_long_value),
    Input("yaml-deep", "case.md", "5,000 nested flow sequences in front matter", yaml_deep),
    Input("ideographic-300k", "case.md", "报送单位 line with 300,000 U+3000", unit_spaces(300_000, "\u3000")),
    Input("nbsp-300k", "case.md", "报送单位 line with 300,000 U+00A0", unit_spaces(300_000, "\u00a0")),
    Input("tabs-300k", "case.md", "300,000 tabs in a body paragraph", body_run("\t", 300_000)),
    Input("spaces-dots-300k", "case.md", "' .' ×150,000 in a body paragraph", body_run(" .", 150_000)),
    Input("digits-300k", "case.md", "a 300,000-digit run", body_run("7", 300_000)),
    Input("digits-spaced-300k", "case.md", "'1 ' ×150,000 (phone-like digit groups)", body_run("1 ", 150_000)),
    Input("digits-dashed-300k", "case.md", "'1-' ×150,000", body_run("1-", 150_000)),
    Input("brackets-square-300k", "case.md", "'[' ×300,000", body_run("[", 300_000)),
    Input("brackets-round-300k", "case.md", "'(' ×300,000", body_run("(", 300_000)),
    Input("brackets-cn-300k", "case.md", "'（' ×300,000", body_run("（", 300_000)),
    Input("brackets-lenticular-300k", "case.md", "'【' ×300,000", body_run("【", 300_000)),
    Input("brackets-pairs-150k", "case.md", "'[]' ×150,000", body_run("[]", 150_000)),
    Input("links-unclosed-100k", "case.md", "'[a](<b' ×100,000", body_run("[a](<b", 100_000)),
    Input("links-open-100k", "case.md", "'[a](' ×100,000", body_run("[a](", 100_000)),
    Input("images-unclosed-100k", "case.md", "'![a](' ×100,000", body_run("![a](", 100_000)),
    Input("backticks-100k", "case.md", "'`' ×100,000 and '`a' ×50,000", body_run("`a``", 50_000)),
    Input("cjk-line-300k", "case.md", "one 300,000-character line of CJK", long_line_cjk),
    Input("emphasis-star-300k", "case.md", "'*' ×300,000", emphasis(300_000, "*")),
    Input("emphasis-open-100k", "case.md", "'**a' ×100,000", emphasis(100_000, "**a")),
    Input("emphasis-under-100k", "case.md", "'_a' ×100,000", emphasis(100_000, "_a")),
    Input("emphasis-mixed-100k", "case.md", "'*_a' ×100,000", emphasis(100_000, "*_a")),
    Input("quote-markers-100k", "case.md", "'>' ×100,000 on one line", nested_quotes(100_000)),
    Input("quote-lines-3k", "case.md", "3,000 lines of ever deeper blockquotes", lambda: nested_quote_lines(3000)),
    Input("hash-markers-300k", "case.md", "'#' ×300,000", body_run("#", 300_000, around=("", " 标题"))),
    Input("list-markers-50k", "case.md", "'- ' ×50,000 on one line", lambda: list_markers_line(50_000)),
    Input("lists-nested-2k", "case.md", "lists nested 2,000 deep", nested_lists(2000)),
    Input("footnotes-100k", "case.md", "100,000 footnote definitions", many_footnotes),
    Input("links-100k", "case.md", "100,000 links in one paragraph", many_links),
    Input("link-refs-100k", "case.md", "100,000 link reference definitions", many_link_refs),
    Input("table-rows-200k", "case.md", "a table of 200,000 rows", huge_table_rows),
    Input("table-cols-20k", "case.md", "a table of 20,000 columns", huge_table_cols),
    Input("line-prose-6mb", "case.md", "one 6 MB line of prose", long_line_prose),
    Input("mixed-run-300k", "case.md", "300,000 characters of spaces, digits, brackets and markers", mixed_run),
    Input("headings-txt-12mb", "case.txt", "12 MB of numbered lines as plain text", headings_text_12mb),
    Input("spaces-txt-300k", "case.txt", "a .txt 报送单位 line with 300,000 spaces", text_spaces),
    Input("spaces-docx-300k", "case.docx", "a .docx paragraph with 300,000 spaces", docx_spaces),
    Input("paragraphs-docx-300k", "case.docx", "a .docx with 300,000 short paragraphs", docx_many_paragraphs),
    Input("mixed-docx-300k", "case.docx", "a .docx paragraph of 300,000 mixed characters", docx_long_paragraph),
]
BY_KEY = {i.key: i for i in INPUTS}


def write_input(dest: Path, item: Input) -> Path:
    folder = dest / item.key
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / item.name
    path.write_bytes(item.make())
    return path


def build_inputs(dest: Path, keys: list[str] | None = None) -> dict[str, Path]:
    """Write the inputs (all, or those named) under ``dest``; returns the file of each by key."""
    chosen = [BY_KEY[k] for k in keys] if keys else INPUTS
    return {item.key: write_input(Path(dest), item) for item in chosen}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path, nargs="?")
    parser.add_argument("--only", default="", help="comma-separated keys")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    if args.list or args.dest is None:
        for item in INPUTS:
            print(f"{item.key:26} {item.what}")
        return 0
    for key, path in build_inputs(args.dest, [k for k in args.only.split(",") if k] or None).items():
        print(f"{key:26} {path.stat().st_size:>12,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
