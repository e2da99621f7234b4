"""A case whose last page would hold only a few lines is set a little tighter and ends a page earlier.

Cases start on a new page, so a case 1 page + 3 lines long takes two pages, the second nearly empty. The test
builds cases growing by about one line each, so that several cross a page boundary by a line or a few; with
brochure.pull_back_lines: 0 those spills are there (read back from the PDF), with the default they are pulled
back: fewer pages, no case whose last page holds only a few lines unless the build says so.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pypdf import PdfReader

from casebuilder import case_markdown, write
from jlt_cli.config import Config, load_defaults
from jlt_cli.outputs.brochure import build_brochure
from jlt_cli.outputs.brochure.pdf import probe_html, with_fit

slow = pytest.mark.slow  # two real PDF builds of 12 cases

TOWNS = ["钱塘镇", "龙市镇", "燕窝镇", "太和镇", "渭沱镇", "双凤镇", "隆兴镇", "沙鱼镇", "官渡镇", "二郎镇", "三汇镇", "香龙镇"]
WORDS = ["社区家长学校", "开展", "家庭教育指导", "服务", "课程", "活动", "志愿者", "村组", "儿童之家", "亲子阅读",
         "心理健康讲座", "课堂", "覆盖", "群众", "参与", "定期", "组织", "推动", "完善", "机制"]


def _prose(seed: int, chars: int) -> str:
    rnd = random.Random(seed)
    out = ""
    while len(out) < chars:
        out += rnd.choice(WORDS)
    return out[:chars] + "。"


def _config(**brochure) -> Config:
    data = load_defaults()
    data["brochure"].update(brochure)
    return Config(data)


def _inbox(root: Path) -> Path:
    inbox = root / "收件"
    for i, town in enumerate(TOWNS):
        # 31 characters a line: each case about one line longer than the one before
        texts = {"basic": _prose(i * 7 + 1, 150), "measures": _prose(i * 7 + 2, 150),
                 "results": _prose(i * 7 + 3, 150), "plans": _prose(i * 7 + 4, 60 + 31 * i)}
        write(inbox, f"{town}.md", case_markdown(title=f"{town}办好家门口的社区家长学校", unit=f"合川区{town}人民政府",
                                                 declared="社区学校建设案例", texts=texts))
    return inbox


def _last_page_lines(pdf: Path) -> dict[str, int]:
    """Lines of text on each case's last page (cases found by their title; running head and number left out)."""
    reader = PdfReader(pdf)
    texts = [page.extract_text() or "" for page in reader.pages]
    found: dict[str, int] = {}
    # a case's first page: its title and its first part (the 目录 and the appendix name titles too)
    starts = sorted((i, t) for i, t in enumerate(texts) for town in TOWNS
                    if f"{town}办好家门口" in t.replace("\n", "") and "一、基本情况" in t)
    # the book after the last case (appendix) is no case's page
    appendix = next((i for i, t in enumerate(texts) if i > starts[-1][0] and "附" in t[:40] and "录" in t[:40]), len(texts))
    for n, (i, text) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else appendix
        town = next(t for t in TOWNS if f"{t}办好家门口" in text.replace("\n", ""))
        last = texts[end - 1] if end - 1 > i else ""
        body = [ln for ln in last.splitlines() if ln.strip() and "—" not in ln and "案例" not in ln]
        found[town] = len(body) if end - 1 > i else 0
    return found


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("pull")
    inbox = _inbox(root)
    plain = build_brochure([inbox], _config(pull_back_lines=0), root / "plain.pdf")
    fitted = build_brochure([inbox], _config(), root / "fitted.pdf")
    assert plain.included == fitted.included == len(TOWNS), [e.reasons for e in plain.excluded]
    return root, plain, fitted


@slow
def test_without_pull_back_some_cases_spill_a_few_lines(builds):
    root, plain, _ = builds
    spills = {town: n for town, n in _last_page_lines(root / "plain.pdf").items() if 0 < n <= 6}
    assert spills, "the test needs cases that spill a few lines onto a page of their own"
    assert plain.pulled_back == []


@slow
def test_pull_back_saves_pages_and_says_which(builds):
    root, plain, fitted = builds
    assert fitted.pages < plain.pages
    assert fitted.pulled_back, "the build names the cases it set tighter"
    lines = _last_page_lines(root / "fitted.pdf")
    for title in fitted.pulled_back:
        town = next(t for t in TOWNS if title.startswith(t))
        assert lines[town] == 0, f"{title} still ends with a page of {lines[town]} lines"
    # a case still ending with a short page is named in the report, never silently left
    short = {t for t in TOWNS if 0 < lines[t] <= 6}
    named = {next(t for t in TOWNS if title.startswith(t)) for title in fitted.short_last_pages}
    assert short <= named


@slow
def test_pulled_back_case_keeps_every_word(builds):
    root, _, _ = builds
    def body(pdf: Path) -> list[str]:
        # the running heads alternate with the page side and the page count changes: left out
        lines = [ln for p in PdfReader(pdf).pages for ln in (p.extract_text() or "").splitlines()]
        heads = {"社区学校建设案例", str(load_defaults()["brochure"]["title"])}
        return sorted(ch for ln in lines if ln.strip() not in heads for ch in ln if "\u4e00" <= ch <= "\u9fff")

    assert body(root / "plain.pdf") == body(root / "fitted.pdf")


BOOK = ('<html><head><link rel="stylesheet" href="assets/brochure.css"></head><body class="x"><nav>目录</nav><main>'
        '<article class="case" id="case-1"><p>一</p></article><article class="case" id="case-2"><p>二</p></article>'
        '<article class="case" id="case-12"><p>十二</p></article></main></body></html>')


def test_with_fit_marks_only_the_cases_named():
    marked = with_fit(BOOK, {"case-1": 2})
    assert '<article data-fit="2" class="case" id="case-1">' in marked
    assert marked.count("data-fit") == 1  # case-12 is not case-1
    assert with_fit(BOOK, {}) == BOOK


def test_probe_holds_the_head_and_only_the_cases_asked_for():
    probe, found = probe_html(BOOK, {"case-2", "case-12", "case-99"}, 1)
    assert found == {"case-2", "case-12"}  # a case not in the book is not "fitted" by its absence
    assert probe.startswith('<html><head><link rel="stylesheet" href="assets/brochure.css"></head><body class="x">')
    assert "目录" not in probe and ">一<" not in probe
    assert probe.count('data-fit="1"') == 2 and "十二" in probe
