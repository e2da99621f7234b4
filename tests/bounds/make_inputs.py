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
    front = ("---\n案例题目: !!binary |\n  " + "5Lit5paH" * 20 + "\n报送单位: !!set {a: null, b: null}\n"
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


def docx_tiny_paragraphs() -> bytes:
    """As many one-character paragraphs as the 64 MB limit on unpacked XML lets through (~1.5 million)."""
    # numbered, so deflate cannot squeeze it past limits.max_zip_ratio like a bomb
    filler = "".join(f"<w:p><w:r><w:t>{n}</w:t></w:r></w:p>" for n in range(1_500_000))
    return make_corpus.docx_bytes(make_corpus.body_xml(inject={"具体措施": filler}))


def docx_long_paragraph() -> bytes:
    rnd = random.Random(17)
    alphabet = " \t\u30000123456789（）【】一二三四五报送单位年月日，。"
    text = "".join(rnd.choice(alphabet) for _ in range(300_000))
    return make_corpus.docx_bytes(make_corpus.body_xml(inject={"基本情况": make_corpus._para(text)}))


# Just under the default limits (defaults.yaml limits:): what the bounds let through must still be quick.
def at_cap_text() -> bytes:
    sentence = "社区学校开展家庭教育讲座，家长参与热情很高，亲子关系更加融洽，居民满意度持续提升。"
    paragraphs = [f"（{n}）" + sentence * 2 for n in range(3_400)]
    return md(case({"具体措施": paragraphs}))


def at_cap_blocks() -> bytes:
    return md(case({"具体措施": ["\n".join(f"（{n}）工作安排" for n in range(19_500))]}))


def at_cap_headings() -> bytes:
    return md(case({"具体措施": [f"## {n}、具体措施" for n in range(9_500)]}))


def at_cap_table() -> bytes:
    rows = "\n".join(f"| {n} | 第{n}户 | 已帮扶 |" for n in range(6_500))
    return md(case({"工作成效": ["| 序号 | 对象 | 情况 |\n|---|---|---|\n" + rows]}))


def at_cap_line() -> bytes:
    rnd = random.Random(18)
    alphabet = " \t\u30000123456789[](){}<>*_#-|!`~:：（）【】“”《》、，。一二三四五报送单位年月日号楼栋"
    return md(case({"基本情况": ["".join(rnd.choice(alphabet) for _ in range(190_000))]}))


def at_cap_links() -> bytes:
    return md(case({"基本情况": ["编号" + "7" * 150_000 + "。" + "[a](<b" * 4_900]}))


def at_cap_footnotes() -> bytes:
    refs = "".join(f"正文[^{n}]" for n in range(990))
    defs = "\n".join(f"[^{n}]: 注释{n}。" for n in range(990))
    return md(case({"工作成效": [refs]}) + "\n" + defs + "\n")


def at_cap_lines_txt() -> bytes:
    return md(case().replace("#", "") + "\n".join(f"第{n}项工作" for n in range(19_000)))


def at_cap_docx_blocks() -> bytes:
    filler = "".join(make_corpus._para(f"（{n}）工作安排") for n in range(19_500))
    return make_corpus.docx_bytes(make_corpus.body_xml(inject={"具体措施": filler}))


def at_cap_print() -> bytes:
    """A too-long case of about 28 printed pages: just under the typesetting cap (limits.build_max_pages)."""
    sentence = "社区学校开展家庭教育讲座，家长参与热情很高，亲子关系更加融洽，居民满意度持续提升。"
    return md(case({"具体措施": [sentence * 10 for _ in range(45)]}))


def at_cap_long_case() -> bytes:
    """A case of 40,000 characters: too long, over the typesetting cap (limits.build_max_pages)."""
    sentence = "社区学校开展家庭教育讲座，家长参与热情很高，亲子关系更加融洽，居民满意度持续提升。"
    return md(case({"具体措施": [sentence * 10 for _ in range(100)]}))


U, TOO_LARGE = frozenset({"unreadable"}), frozenset({"file-too-large"})
READ = frozenset({"<read>"})  # read as a document: no reading finding (content findings allowed)
RUN = 190_000  # characters of a run: just under limits.max_block_chars, so the run is read, not refused


def run(key: str, unit: str, what: str, expect: frozenset[str] = READ, **kw) -> Input:
    return Input(key, "case.md", f"{what} ({RUN:,} characters in one paragraph)", body_run(unit, RUN // len(unit), **kw),
                 expect)


INPUTS: list[Input] = [
    # from the report
    Input("yaml-laughs-5k", "case.md", "YAML aliases 9×9 deep in front matter (4.5 KB)", yaml_laughs_big, U),
    Input("yaml-laughs-2k", "case.md", "YAML aliases 10 levels × 8 in front matter", yaml_laughs_small, U),
    Input("spaces-10k", "case.md", "报送单位：共青团合 + 10,000 spaces + 川区委", unit_spaces(10_000), READ),
    Input("spaces-30k", "case.md", "报送单位：共青团合 + 30,000 spaces + 川区委", unit_spaces(30_000), READ),
    Input("spaces-100k", "case.md", "报送单位 line with 100,000 spaces", unit_spaces(100_000), READ),
    Input("spaces-300k", "case.md", "报送单位 line with 300,000 spaces", unit_spaces(300_000), READ),
    Input("tabs-20k", "case.md", "20,000 tabs in a body paragraph (22 KB file)", tabs_20k, READ),
    Input("utf16-digits-links", "case.md", "700 KB UTF-16: 50,000 digits and `[a](<b` ×50,000", utf16_digits_links,
          TOO_LARGE),
    Input("headings-12mb", "case.md", "12 MB of heading lines", headings_12mb, TOO_LARGE),
    Input("setext-utf32", "case.md", "100,000 setext headings, UTF-32", setext_utf32, TOO_LARGE),
    Input("footnotes-utf32", "case.md", "30,000 footnotes, UTF-32", footnotes_utf32, TOO_LARGE),
    # our own variants: front matter
    Input("yaml-laughs-map", "case.md", "YAML aliases as nested mappings", yaml_laughs_map, U),
    Input("yaml-tags", "case.md", "YAML tags: !!binary, !!set, !!timestamp, !!python/object", yaml_tags, U),
    Input("yaml-long-value", "case.md", "a 2 MB title in front matter", yaml_long_value, TOO_LARGE),
    Input("yaml-deep", "case.md", "5,000 nested flow sequences in front matter (read as Markdown)", yaml_deep, READ),
    # white space
    Input("ideographic-300k", "case.md", "报送单位 line with 300,000 U+3000", unit_spaces(300_000, "\u3000"), READ),
    Input("nbsp-300k", "case.md", "报送单位 line with 300,000 U+00A0", unit_spaces(300_000, "\u00a0"), READ),
    Input("tabs-300k", "case.md", "300,000 tabs in a body paragraph", body_run("\t", 300_000), READ),
    # runs of every other kind, read (under the limits)
    run("spaces-dots-run", " .", "' .' repeated"),
    run("digits-run", "7", "a run of digits"),
    run("digits-spaced-run", "1 ", "'1 ' repeated (phone-like digit groups)"),
    run("digits-dashed-run", "1-", "'1-' repeated"),
    run("brackets-square-run", "[", "'[' repeated"),
    run("brackets-round-run", "(", "'(' repeated"),
    run("brackets-cn-run", "（", "'（' repeated"),
    run("brackets-lenticular-run", "【", "'【' repeated"),
    run("brackets-pairs-run", "[]", "'[]' repeated"),
    run("links-unclosed-run", "[a](<b", "'[a](<b' repeated", TOO_LARGE),  # over limits.max_links
    run("links-unclosed-few", "[a](<b" + "7" * 200, "'[a](<b' every 200 digits"),
    run("links-open-run", "[a]( ", "'[a]( ' repeated", TOO_LARGE),
    run("images-unclosed-few", "![a](" + "合" * 200, "'![a](' among CJK"),
    run("backticks-run", "`a``", "'`a``' repeated"),
    run("cjk-run", "合", "one line of CJK"),
    run("emphasis-star-run", "*", "'*' repeated"),
    run("emphasis-open-run", "**a", "'**a' repeated"),
    run("emphasis-under-run", "_a", "'_a' repeated"),
    run("emphasis-mixed-run", "*_a", "'*_a' repeated"),
    run("hash-run", "#", "'#' repeated", around=("", " 标题")),
    run("quote-run", ">", "'>' repeated", U, around=("", " 引用的文字。")),  # nesting: content would be lost
    run("list-run", "- ", "'- ' repeated", U, around=("", "做法")),
    run("html-run", "<a ", "'<a ' repeated"),
    run("entity-run", "&#", "'&#' repeated"),
    run("escape-run", "\\", "backslashes"),
    Input("cjk-line-300k", "case.md", "one 300,000-character line of CJK", long_line_cjk, TOO_LARGE),
    # structure
    Input("quote-lines-3k", "case.md", "3,000 lines of ever deeper blockquotes", lambda: nested_quote_lines(3000), TOO_LARGE),
    Input("lists-nested-2k", "case.md", "lists nested 2,000 deep by indentation", nested_lists(2000), READ),
    Input("footnotes-100k", "case.md", "100,000 footnote definitions", many_footnotes, TOO_LARGE),
    Input("links-100k", "case.md", "100,000 links in one paragraph", many_links, TOO_LARGE),
    Input("link-refs-100k", "case.md", "100,000 link reference definitions", many_link_refs, TOO_LARGE),
    Input("table-rows-200k", "case.md", "a table of 200,000 rows", huge_table_rows, TOO_LARGE),
    Input("table-cols-20k", "case.md", "a table of 20,000 columns", huge_table_cols, TOO_LARGE),
    Input("line-prose-6mb", "case.md", "one 6 MB line of prose", long_line_prose, TOO_LARGE),
    Input("mixed-run-300k", "case.md", "300,000 characters of spaces, digits, brackets and markers", mixed_run, TOO_LARGE),
    # other readers
    Input("headings-txt-12mb", "case.txt", "12 MB of numbered lines as plain text", headings_text_12mb, TOO_LARGE),
    Input("spaces-txt-300k", "case.txt", "a .txt 报送单位 line with 300,000 spaces", text_spaces, READ),
    Input("spaces-docx-300k", "case.docx", "a .docx paragraph with 300,000 spaces", docx_spaces, READ),
    Input("paragraphs-docx-300k", "case.docx", "a .docx with 300,000 short paragraphs", docx_many_paragraphs, TOO_LARGE),
    Input("paragraphs-docx-1.5m", "case.docx", "a .docx of 1.5 million one-number paragraphs (60 MB of XML)",
          docx_tiny_paragraphs, TOO_LARGE),
    Input("mixed-docx-300k", "case.docx", "a .docx paragraph of 300,000 mixed characters", docx_long_paragraph, TOO_LARGE),
    # just under the limits
    Input("at-cap-text", "case.md", "290,000 characters of prose in 3,400 paragraphs", at_cap_text, READ),
    Input("at-cap-blocks", "case.md", "19,500 short numbered lines", at_cap_blocks, READ),
    Input("at-cap-headings", "case.md", "9,500 headings", at_cap_headings, READ),
    Input("at-cap-table", "case.md", "a table of 19,500 cells", at_cap_table, READ),
    Input("at-cap-line", "case.md", "one line of 190,000 mixed characters", at_cap_line, READ),
    Input("at-cap-links", "case.md", "150,000 digits and 4,900 unclosed links in one paragraph", at_cap_links, READ),
    Input("at-cap-footnotes", "case.md", "990 footnotes", at_cap_footnotes, READ),
    Input("at-cap-lines-txt", "case.txt", "19,000 lines of plain text", at_cap_lines_txt, READ),
    Input("at-cap-docx-blocks", "case.docx", "a .docx of 19,500 short paragraphs", at_cap_docx_blocks, READ),
    Input("at-cap-print", "case.md", "a too-long case of about 28 printed pages (typeset)", at_cap_print, READ),
    Input("long-case-40k", "case.md", "a 40,000-character case: too long to typeset", at_cap_long_case, READ),
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
