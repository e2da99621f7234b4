"""Property tests (issue 5): random and mutated DOCX/Markdown bytes never make an exception escape.

``read_document`` may raise ReadError (that is its contract: a finding for the file) and nothing else;
``process_file`` never raises, and never needs its own internal-error net for these inputs.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "hostile"))

import case_text  # noqa: E402
import make_corpus  # noqa: E402

from jlt_cli.config import Config, load_defaults  # noqa: E402
from jlt_cli.model import Case, ReadError, SourceDocument  # noqa: E402
from jlt_cli.pipeline import process_file  # noqa: E402
from jlt_cli.read import Discovered, read_document  # noqa: E402

pytestmark = pytest.mark.slow  # hypothesis campaigns: the slow tier, run in CI
FUZZ = settings(max_examples=int(os.environ.get("JLT_FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CONFIG = Config(load_defaults())
_WORK = Path(tempfile.mkdtemp(prefix="jlt-fuzz-"))
_counter = itertools.count()


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    shutil.rmtree(_WORK, ignore_errors=True)


def _write(data: bytes, suffix: str) -> Path:
    folder = _WORK / str(next(_counter))
    folder.mkdir()
    path = folder / f"case{suffix}"
    path.write_bytes(data)
    return path


def check_bytes(data: bytes, suffix: str) -> None:
    """The properties, for one input."""
    path = _write(data, suffix)
    try:
        doc = read_document(path, CONFIG, keep_images=True)
    except ReadError as exc:
        assert exc.rule and exc.message, "a ReadError must carry a rule and a Chinese message"
    else:
        assert isinstance(doc, SourceDocument)
    case = process_file(Discovered(path, path.name), CONFIG)
    assert isinstance(case, Case)
    internal = [f for f in case.findings if f.rule == "internal-error" or "文件无法解析（" in f.message]
    assert not internal, f"an exception reached the pipeline's safety net: {internal}"
    assert path.read_bytes() == data, "the input changed"


# --------------------------------------------------------------------------- byte-level mutation


@st.composite
def mutated(draw, base: bytes, max_ops: int = 12) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, max_ops))):
        if not data:
            break
        op = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate", "duplicate"]))
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            data[i] = draw(st.sampled_from([0x00, 0xFF, 0x7F, 0x80, ord("<"), ord("&")]))
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 256))]
        elif op == "truncate":
            del data[i:]
        else:
            data[i:i] = data[i : i + draw(st.integers(1, 512))]
    return bytes(data)


BASE_DOCX = make_corpus.valid_docx()
BASE_STORED_DOCX = make_corpus.zip_bytes(
    [("[Content_Types].xml", make_corpus.content_types()), ("_rels/.rels", make_corpus.ROOT_RELS),
     ("word/document.xml", make_corpus.document_xml(make_corpus.body_xml())),
     ("word/_rels/document.xml.rels", make_corpus.document_rels()), ("word/styles.xml", make_corpus.STYLES_XML)],
    compress=False,  # stored members: mutations reach the XML instead of only breaking the deflate stream
)
BASE_MD = case_text.markdown().encode("utf-8")


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from([".docx", ".md", ".txt", ".docm", ".doc", ".odt", ""]))
def test_random_bytes(data, suffix):
    check_bytes(data, suffix)


MAGICS = [b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF-1.7\n", b"{\\rtf1",
          b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x89PNG\r\n\x1a\n", b"<?xml version='1.0'?>"]


@FUZZ
@given(st.sampled_from(MAGICS), st.binary(max_size=2048), st.sampled_from([".docx", ".md", ".txt"]))
def test_magic_prefixed_bytes(magic, rest, suffix):
    check_bytes(magic + rest, suffix)


@FUZZ
@given(mutated(BASE_DOCX))
def test_mutated_docx(data):
    check_bytes(data, ".docx")


@FUZZ
@given(mutated(BASE_STORED_DOCX))
def test_mutated_stored_docx(data):
    check_bytes(data, ".docx")


# --------------------------------------------------------------------------- XML-level mutation inside a valid zip

XML_SNIPPETS = [
    "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>",
    "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", "<w:ins>", "</w:ins>", "<w:del><w:r><w:delText>x",
    '<w:pPr><w:numPr><w:ilvl w:val="9"/><w:numId w:val="99"/></w:numPr></w:pPr>', '<w:pStyle w:val="Heading1"/>',
    "&amp;", "&#0;", "&#xFFFF;", "&#1114112;", "&undefined;", "<![CDATA[", "]]>", "<!-- ", " -->", "<?pi x?>",
    "\x00", "\ufffe", "\U0001F600", "一、基本情况", "（二）具体措施", "案例题目：", "报送单位：", "\r\n",
    '<w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:embed="rId404"/></wp:inline></w:drawing>',
    '<w:txbxContent>', '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">',
    '<w:fldSimple w:instr="INCLUDEPICTURE /etc/passwd">', '<w:hyperlink r:id="rId999">',
]


NESTS = [("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>"), ("<w:ins>", "</w:ins>"),
         ("<w:smartTag>", "</w:smartTag>"), ("<w:hyperlink>", "</w:hyperlink>"), ("> ", ""), ("- ", ""),
         ("<div>", "</div>")]


@st.composite
def mutated_text(draw, base: str, snippets: list[str], max_ops: int = 10) -> str:
    text = base
    for _ in range(draw(st.integers(1, max_ops))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "insert", "delete", "nest"]))
        if op == "insert":
            text = text[:i] + draw(st.sampled_from(snippets) | st.text(max_size=20)) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 200)):]
        else:  # deep nesting: recursion limits in the walkers
            open_, close = draw(st.sampled_from(NESTS))
            depth = draw(st.integers(50, 3000))
            text = text[:i] + open_ * depth + close * depth + text[i:]
    return text


BASE_XML = make_corpus.document_xml(make_corpus.body_xml())


@FUZZ
@given(mutated_text(BASE_XML, XML_SNIPPETS))
def test_mutated_document_xml(xml):
    check_bytes(make_corpus.docx_bytes(document=xml), ".docx")


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["title", "meta", "heading", "body"]),
                          st.text(max_size=80) | st.sampled_from(["一、基本情况", "二、具体措施", "三、工作成效",
                                                                  "四、下步工作打算", "案例题目：", "报送单位：",
                                                                  "社区学校", "护校安园", "困境儿童"])),
                max_size=40))
def test_structured_docx(paragraphs):
    """Well-formed DOCX with arbitrary text: the understanding layer gets odd but valid input."""
    body = ""
    for kind, text in paragraphs:
        clean = "".join(ch for ch in text if ch in "\t\n\r" or (" " <= ch and ch not in "\ufffe\uffff" and not "\ud800" <= ch <= "\udfff"))
        body += make_corpus._para(clean, bold=kind in ("title", "heading"), style="Heading1" if kind == "heading" else "")
    check_bytes(make_corpus.docx_bytes(body), ".docx")


# --------------------------------------------------------------------------- Markdown

MD_SNIPPETS = [
    "\n# ", "\n## 一、基本情况\n", "\n## 二、具体措施\n", "\n三、工作成效\n", "\n**四、下步工作打算**\n", "\n---\n",
    "\n===\n", "![图](", "![图](../../etc/passwd)", "![](/etc/passwd)", "![](http://127.0.0.1:9/x.png)",
    "![](data:image/png;base64,AAAA)", "![](file:///etc/passwd)", "<img src=x onerror=alert(1)>", "<script>",
    "</script>", "<iframe src=//127.0.0.1>", "<style>@import url(http://127.0.0.1:9)</style>", "[a](javascript:x)",
    "[ref]: http://127.0.0.1:9\n", "```\n", "~~~", "\n| a | b |\n|---|---|\n| 1 | 2 |\n", "> ", "- ", "1. ",
    "{{ 7*7 }}", "{% include 'x' %}", "\x00", "\x1b[2J", "\ufeff", "\r\n", "\r", "\\", "&amp;", "&#0;", "<!--",
    "[" * 500, "*" * 300, ">" * 300 + " deep", "- " * 200 + "nested", "\t" * 50,
]


@FUZZ
@given(mutated_text(case_text.markdown(), MD_SNIPPETS), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_mutated_markdown(text, encoding):
    check_bytes(text.encode(encoding, "replace") if encoding != "utf-16" else text.encode("utf-16", "surrogatepass"),
                ".md")


@FUZZ
@given(mutated(BASE_MD))
def test_mutated_markdown_bytes(data):
    check_bytes(data, ".md")


@FUZZ
@given(st.text(max_size=3000), st.sampled_from([".md", ".txt"]))
def test_random_text(text, suffix):
    check_bytes(text.encode("utf-8", "surrogatepass"), suffix)
