"""jlt feedback --annotate: the unit's own .docx back with one Word comment (批注) per finding, nothing else changed.

Real files: a case typed in Word (python-docx) with an empty 报送单位, a missing part and half-width punctuation
inside one run of a multi-run paragraph; a LibreOffice-made case (shared fixtures); WPS- and Word-made documents.
Each copy is read back with python-docx (comments), compared member by member and byte by byte with the original,
and (slow) opened by LibreOffice.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from casebuilder import BASIC, MEASURES, PLANS, case_markdown, write
from click.testing import CliRunner
from conftest import SHARED_FIXTURES, needs_shared

from jlt_cli.cli import app

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()
ISSUER = "重庆市合川区教育委员会"
PUNCT_RUN = "组织活动,效果良好."
# What the annotator inserts, exactly: removing it must give the original document.xml back byte for byte.
MARKS = re.compile(rb'<(\w+:)?commentRangeStart \1id="\d+"/>'
                   rb'|<(\w+:)?commentRangeEnd \2id="\d+"/><(\w+:)?r><\3commentReference \3id="\d+"/></\3r>')
ALLOWED_CHANGES = {"[Content_Types].xml", "word/_rels/document.xml.rels", "word/document.xml", "word/comments.xml"}


def word_case(path: Path) -> Path:
    """A case as a unit types it in Word: 报送单位 left empty, 工作成效 missing, “,” and “.” in one run."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    d.add_paragraph("五老护苗 守护困境儿童成长").alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("报送单位：")
    d.add_paragraph("案例类型：困境儿童帮扶案例")
    d.add_paragraph().add_run("一、基本情况").bold = True
    # a first sentence that names no unit (one naming a town would be taken as the unit, before the file name)
    d.add_paragraph(BASIC.replace("钱塘镇位于合川区北部，", "全区"))
    d.add_paragraph().add_run("二、具体措施").bold = True
    p = d.add_paragraph()
    p.add_run(MEASURES[:60])
    p.add_run(PUNCT_RUN)
    p.add_run(MEASURES[60:])
    d.add_paragraph().add_run("四、下步工作打算").bold = True
    d.add_paragraph(PLANS)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """收件/ with the Word case and a Markdown case, through `jlt feedback --annotate`."""
    base = tmp_path_factory.mktemp("annotate")
    inbox = base / "收件"
    source = word_case(inbox / "困境儿童_区关工委_五老护苗.docx")
    write(inbox, "社区学校_钱塘镇_家长夜校.md",
          case_markdown(texts={"measures": MEASURES.replace("，", ",", 2)}, parts=["basic", "measures", "plans"]))
    out = base / "修改意见"
    res = runner.invoke(app, ["feedback", str(inbox), "-o", str(out), "--annotate"])
    assert res.exit_code == 0, res.output
    return source, out, res.output, inbox


def _copy(out: Path) -> Path:
    (copy,) = out.glob("*（审核批注）.docx")
    return copy


def test_copy_is_named_for_the_unit_and_sent_with_its_letter(run):
    source, out, output, _ = run
    names = sorted(p.name for p in out.iterdir())
    # 报送单位 left empty: the file name says 区关工委, so the letter and the copy are addressed to it (by its full name)
    assert "合川区关心下一代工作委员会-关于报送案例的修改意见.docx" in names
    assert "合川区关心下一代工作委员会-困境儿童_区关工委_五老护苗（审核批注）.docx" in names
    assert not [n for n in names if n.startswith("未识别单位")]
    assert "随函附送" in output
    import docx

    letter = "\n".join(p.text for p in docx.Document(str(out / "合川区关心下一代工作委员会-关于报送案例的修改意见.docx")).paragraphs)
    assert letter.startswith("关于报送案例的修改意见\n合川区关心下一代工作委员会：")
    assert "《合川区关心下一代工作委员会-困境儿童_区关工委_五老护苗（审核批注）.docx》中逐条批注" in letter


def test_copy_differs_from_the_original_only_by_the_comments(run):
    source, out, _, _ = run
    copy = _copy(out)
    a, b = zipfile.ZipFile(source), zipfile.ZipFile(copy)
    assert b.namelist()[: len(a.namelist())] == a.namelist()  # same members, same order; comments.xml added
    assert set(b.namelist()) - set(a.namelist()) == {"word/comments.xml"}
    for name in a.namelist():
        if name not in ALLOWED_CHANGES:
            assert a.read(name) == b.read(name), name
    new = b.read("word/document.xml")
    assert new != a.read("word/document.xml")
    assert MARKS.sub(b"", new) == a.read("word/document.xml")  # byte for byte, once the marks are taken out
    # the text a reader sees is the same (python-docx reading both)
    import docx

    assert [p.text for p in docx.Document(str(copy)).paragraphs] == [p.text for p in docx.Document(str(source)).paragraphs]


def _anchored(copy: Path) -> dict[str, tuple[str, str]]:
    """comment id → (text of the paragraph the range starts in, text inside the range)."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(copy).read("word/document.xml"))
    out = {}
    for start in root.iter(f"{W}commentRangeStart"):
        cid = start.get(f"{W}id")
        p = start.getparent()
        inside, on = [], False
        for el in p.iter():
            if el.tag == f"{W}commentRangeStart" and el.get(f"{W}id") == cid:
                on = True
            elif el.tag == f"{W}commentRangeEnd" and el.get(f"{W}id") == cid:
                on = False
            elif on and el.tag == f"{W}t":
                inside.append(el.text or "")
        out[cid] = ("".join(t.text or "" for t in p.iter(f"{W}t")), "".join(inside))
    return out


def test_one_comment_per_finding_where_it_belongs(run):
    import docx

    from jlt_cli.config import Config, load_defaults
    from jlt_cli.outputs.feedback_letters import unit_message
    from jlt_cli.pipeline import validate_paths

    source, out, _, inbox = run
    copy = _copy(out)
    case = next(c for c in validate_paths([inbox], Config(load_defaults())).cases if c.path.name == source.name)
    findings = case.active_findings()
    assert {f.rule for f in findings} >= {"punctuation", "missing-section"}
    comments = list(docx.Document(str(copy)).comments)
    assert len(comments) == len(findings)
    assert all(c.author == ISSUER for c in comments)
    texts = [c.text for c in comments]
    for f in findings:
        assert any(unit_message(f) in t for t in texts), f.rule
    assert not [t for t in texts if "jlt" in t]  # nothing meant for staff
    where = _anchored(copy)
    by_text = {c.text: where[str(c.comment_id)] for c in comments}
    punct = next(t for t in by_text if "半角逗号" in t)
    assert "可自动修正" in punct and "必须修改" not in punct
    assert by_text[punct][1] == PUNCT_RUN  # the very run holding “,” and “.”, not the whole paragraph
    missing = next(t for t in by_text if "缺少“工作成效”" in t)
    # a missing part: at the heading of the part before where it belongs
    assert by_text[missing][0] == "二、具体措施" and "应写在“具体措施”部分之后" in missing
    assert "可自动修正" not in missing and missing.startswith("【必须修改】")
    for t, (paragraph, _) in by_text.items():
        if t not in (punct, missing):  # whole-file findings: at the title
            assert paragraph == "五老护苗 守护困境儿童成长", t


def test_comments_part_is_what_word_writes(run):
    from lxml import etree

    _, out, _, _ = run
    package = zipfile.ZipFile(_copy(out))
    types = etree.fromstring(package.read("[Content_Types].xml"))
    assert any(o.get("PartName") == "/word/comments.xml" and o.get("ContentType").endswith("comments+xml")
               for o in types.iter("{http://schemas.openxmlformats.org/package/2006/content-types}Override"))
    rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    assert [r.get("Target") for r in rels if r.get("Type").endswith("/comments")] == ["comments.xml"]
    ids = [r.get("Id") for r in rels]
    assert len(ids) == len(set(ids))
    comments = etree.fromstring(package.read("word/comments.xml"))
    assert all(c.get(f"{W}date") and c.find(f".//{W}annotationRef") is not None for c in comments)


def test_markdown_gets_a_plain_text_list(run):
    _, out, _, _ = run
    (listing,) = out.glob("*（审核意见）.txt")
    assert listing.name.startswith("钱塘镇-") or listing.name.startswith("合川区钱塘镇")
    raw = listing.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # Windows Notepad reads it as UTF-8
    text = raw.decode("utf-8-sig")
    assert "必须修改：" in text and "缺少“工作成效”部分" in text
    assert re.search(r"第 \d+ 行.*半角逗号.*【可自动修正】", text)
    assert "jlt" not in text


def test_switch_in_jlt_yaml_and_override(tmp_path):
    inbox = tmp_path / "收件"
    word_case(inbox / "困境儿童_区关工委_五老护苗.docx")
    cfg = tmp_path / "设置" / "jlt.yaml"  # not beside 收件/, where it would be found without -c
    cfg.parent.mkdir()
    cfg.write_text("feedback:\n  annotate: true\n", encoding="utf-8")
    res = runner.invoke(app, ["feedback", str(inbox), "-o", str(tmp_path / "a"), "-c", str(cfg)])
    assert res.exit_code == 0, res.output
    assert list((tmp_path / "a").glob("*（审核批注）.docx"))
    res = runner.invoke(app, ["feedback", str(inbox), "-o", str(tmp_path / "b"), "-c", str(cfg), "--no-annotate"])
    assert res.exit_code == 0 and not list((tmp_path / "b").glob("*（审核批注）.docx"))
    res = runner.invoke(app, ["feedback", str(inbox), "-o", str(tmp_path / "c")])  # default: off
    assert res.exit_code == 0 and not list((tmp_path / "c").glob("*（审核批注）*"))
    # a later run that no longer needs the copy moves it aside with the letter
    (tmp_path / "a" / "钱塘镇-旧案例（审核批注）.docx").write_bytes(b"old")
    res = runner.invoke(app, ["feedback", str(inbox), "-o", str(tmp_path / "a"), "-c", str(cfg)])
    assert (tmp_path / "a" / "旧版" / "钱塘镇-旧案例（审核批注）.docx").exists()


def _every_block_commented(path: Path):
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.model import Finding, Severity
    from jlt_cli.outputs.annotate import annotate_docx
    from jlt_cli.pipeline import process_single
    from jlt_cli.read import read_document

    config = Config(load_defaults())
    case = process_single(path, config)
    blocks = read_document(path, config).blocks
    findings = [Finding("x", Severity.WARNING, f"第{b.line}块的批注", line=b.line) for b in blocks]
    return blocks, findings, annotate_docx(path.read_bytes(), case, config, blocks, findings)


@needs_shared
@pytest.mark.parametrize("name", [
    "office-made/case-shequ-xuexiao-missing-xiabu.docx",  # LibreOffice: <w:rPr></w:rPr>, kept as written
    "real-docx/wps-cn-bianzhi-shuoming.docx",  # WPS
    "real-docx/word-cn-gongwen-template-as-docx.docx",  # Word
    "real-docx/mammoth-text-box.docx",  # a text box (mc:AlternateContent)
    "real-docx/pydocx-comments-rich-para.docx",  # comments already there
])
def test_real_documents_every_block_commented(name):
    import docx

    path = SHARED_FIXTURES / name
    blocks, findings, data = _every_block_commented(path)
    a, b = zipfile.ZipFile(path), zipfile.ZipFile(io.BytesIO(data))
    for member in a.namelist():
        if member not in ALLOWED_CHANGES:
            assert a.read(member) == b.read(member), member
    new = b.read("word/document.xml")
    ours = len(re.findall(rb"commentReference", new)) - len(re.findall(rb"commentReference", a.read("word/document.xml")))
    assert ours == len(findings) == len(blocks) > 0
    if b"comment" not in a.read("word/document.xml"):
        assert MARKS.sub(b"", new) == a.read("word/document.xml")
    comments = list(docx.Document(io.BytesIO(data)).comments)
    ids = [c.comment_id for c in comments]
    assert len(ids) == len(set(ids))
    assert {f"【建议修改】{f.message}" for f in findings} <= {c.text for c in comments}


@needs_shared
def test_libreoffice_made_case_missing_its_last_part(tmp_path):
    """The shared fixture lacks 下步工作打算: the comment sits on 工作成效's heading, the part before it."""
    import docx

    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(SHARED_FIXTURES / "office-made/case-shequ-xuexiao-missing-xiabu.docx", inbox / "钱塘镇案例.docx")
    res = runner.invoke(app, ["feedback", str(inbox), "-o", str(tmp_path / "out"), "--annotate"])
    assert res.exit_code == 0, res.output
    copy = _copy(tmp_path / "out")
    comments = {c.comment_id: c.text for c in docx.Document(str(copy)).comments}
    where = _anchored(copy)
    missing = next(cid for cid, t in comments.items() if "缺少“下步工作打算”" in t)
    assert "工作成效" in where[str(missing)][0]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
def test_libreoffice_opens_the_copy_and_shows_the_comments(run, tmp_path):
    from pypdf import PdfReader

    import docx

    _, out, _, _ = run
    copy = tmp_path / "copy.docx"
    shutil.copy(_copy(out), copy)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}', "--outdir", str(tmp_path), str(copy)],
        check=True, timeout=180, capture_output=True,
    )
    reader = PdfReader(str(tmp_path / "copy.pdf"))
    notes = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    notes = [n for n in notes if n.get("/Subtype") == "/Text"]
    expected = [c.text for c in docx.Document(str(copy)).comments]
    assert sorted(str(n.get("/Contents")) for n in notes) == sorted(expected)
    assert all(ISSUER in str(n.get("/T")) for n in notes)
    text = "".join(p.extract_text() or "" for p in reader.pages)
    assert "五老护苗" in text


@pytest.mark.slow
def test_hostile_corpus_annotated_without_harm(tmp_path):
    """`jlt feedback --annotate` over the hostile corpus (bombs, XXE, traversal, links…): every file gets its
    letter, copy or list, or nothing; never a traceback, a network call, a file opened outside, a changed input."""
    import sys

    hostile = Path(__file__).resolve().parent / "hostile"
    sys.path.insert(0, str(hostile))
    import make_corpus
    from harness import Canary, run_jlt, snapshot

    canary = Canary()
    try:
        make_corpus.build_corpus(tmp_path, canary.url)
        items = tmp_path / "items"
        before = snapshot(items)
        skip = {"fifo", "docx-xml-150mb", "md-19mb", "md-21mib"}  # bounded in time by test_hostile, not here
        inputs = [str(p) for p in sorted(items.iterdir()) if p.name not in skip]
        # the corpus is one case in many hostile wrappers: as copies of each other they would only be told they
        # give way to the first (no copy to annotate), so the duplicate rule is off here
        settings = tmp_path / "jlt.yaml"
        settings.write_text("rules:\n  duplicate: off\n", encoding="utf-8")
        run = run_jlt(["feedback", *inputs, "-o", str(tmp_path / "意见"), "--annotate", "--config", str(settings)],
                      forbid=[tmp_path / "outside", Path("/etc/passwd")], timeout=600)
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.describe()
        assert not run.net_events and not run.forbidden_opens, run.describe()
        assert not canary.hits
        assert snapshot(items) == before
        copies = list((tmp_path / "意见").glob("*（审核批注）.docx"))
        assert copies
        for copy in copies:  # read as a package: python-docx itself refuses some originals (a rel to ../outside)
            comments = zipfile.ZipFile(copy).read("word/comments.xml")
            assert comments.count(b"<w:comment ") >= 1, copy.name
    finally:
        canary.close()
