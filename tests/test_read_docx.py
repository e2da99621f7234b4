"""The DOCX reader on real files (shared fixtures, skipped when absent) and on our own handwritten ones."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import OWN_FIXTURES, SHARED_FIXTURES, needs_shared

from jlt_cli.pipeline import finding_for
from jlt_cli.model import BlockKind, ReadError, SourceDocument
from jlt_cli.read import read_document
from jlt_cli.read.docx import read_docx
from jlt_cli.read.docx.numbering import format_number
from jlt_cli.read.images import inspect_image
from jlt_cli.read.safezip import SafeZip

REAL = SHARED_FIXTURES / "real-docx"
OFFICE = SHARED_FIXTURES / "office-made"
OWN = OWN_FIXTURES / "docx"


def read(path: Path, config) -> SourceDocument:
    return read_document(path, config)


def texts(doc: SourceDocument) -> list[str]:
    out = []
    for b in doc.blocks:
        if b.kind is BlockKind.TABLE:
            out.extend("\t".join(r) for r in b.rows or [])
        elif b.kind is not BlockKind.IMAGE:
            out.append(b.text)
    return out


def full_text(doc: SourceDocument) -> str:
    return "\n".join(texts(doc))


def rules(doc: SourceDocument) -> list[str]:
    return [f.rule for f in doc.problems]


def images(doc: SourceDocument):
    return [b.image for b in doc.blocks if b.kind is BlockKind.IMAGE]


# ---------------------------------------------------------------- shared real files

@needs_shared
class TestRealFiles:
    def test_tracked_insertion_kept(self, config):
        doc = read(REAL / "pandoc-track_changes_insertion.docx", config)
        assert texts(doc) == ["This is a text with two exciting insertions."]
        assert rules(doc) == ["tracked-changes"]

    def test_tracked_deletion_dropped(self, config):
        doc = read(REAL / "pandoc-track_changes_deletion.docx", config)
        assert texts(doc) == ["This is a text with a deletion."]
        assert "tracked-changes" in rules(doc)

    def test_move_appears_once(self, config):
        doc = read(REAL / "pandoc-track_changes_move.docx", config)
        assert texts(doc) == ["Here is some text.", "Here is the text to be moved.", "Here is some more text."]
        assert full_text(doc).count("Here is the text to be moved.") == 1

    def test_text_box_once(self, config):
        doc = read(REAL / "mammoth-text-box.docx", config)
        assert full_text(doc).count("Datum plane") == 1

    def test_nested_sdt(self, config):
        doc = read(REAL / "pandoc-nested_sdt.docx", config)
        assert texts(doc) == ["Test Paragraph1", "Test Paragraph2", "Test Paragraph3"]

    def test_smart_tags_keep_sentence_whole(self, config):
        text = full_text(read(REAL / "pandoc-nested_smart_tags.docx", config))
        assert "that the king of Egypt died; and the children of Israel sighed" in text
        assert "king of  died" not in text

    def test_fld_simple_result(self, config):
        doc = read(REAL / "pandoc-9391-fldSimple-caption.docx", config)
        (image,) = images(doc)
        assert image.caption == "Figure 1 Blue square."
        assert "Figure 1 Blue square." not in texts(doc)  # merged into the picture, not repeated

    def test_complex_field_no_instr_leak(self, config):
        text = full_text(read(REAL / "pandoc-instrText_hyperlink.docx", config))
        assert "David French Belding" in text
        assert "HYPERLINK" not in text

    def test_footnotes_and_endnotes(self, config):
        doc = read(REAL / "pandoc-notes.docx", config)
        assert texts(doc) == ["A footnote", "Test footnote. Test endnote.", "注：My note.",
                              "注：This is an endnote at the end of the document."]
        doc = read(REAL / "mammoth-footnotes.docx", config)
        assert texts(doc) == ["Ouch.", "注：A tachyon walks into a bar.", "注：Fin."]

    def test_symbols(self, config):
        assert texts(read(REAL / "pandoc-unicode.docx", config)) == ["Hello, 世界. This costs €10.∨∨("]

    def test_checkboxes(self, config):
        text = full_text(read(REAL / "docx2python-check_drop_my.docx", config))
        assert "[my unchecked]☐[my unchecked]" in text and "[my checked]☒[my checked]" in text

    def test_comments_warn_but_are_not_text(self, config):
        doc = read(REAL / "pydocx-comments-rich-para.docx", config)
        assert rules(doc) == ["tracked-changes"]
        assert texts(doc)[:2] == ["Document text", "Some text worthy of note."]

    def test_hyperlinks(self, config):
        doc = read(REAL / "pydocx-par-hyperlinks.docx", config)
        assert "Three hyperlinks: the first one here, the second one, and the third." in texts(doc)

    def test_picture_placements(self, config):
        doc = read(REAL / "pydocx-having-images.docx", config)
        assert [i.name for i in images(doc)] == ["image1.png", "image2.png", "image3.png", "image2.png", "image3.png"]
        assert images(doc)[0].width == 211 and images(doc)[0].content_type == "image/png"
        assert all(i.data is None for i in images(doc))
        kept = read_document(REAL / "pydocx-having-images.docx", config, keep_images=True)
        assert all(i.data and i.data.startswith(b"\x89PNG") for i in images(kept))

    def test_headers(self, config):
        assert read(REAL / "pydocx-hdr-header-footer.docx", config).header_text == "Header for section-1"

    def test_enumerated_headings_labels(self, config):
        doc = read(REAL / "pandoc-enumerated_headings.docx", config)
        assert [(b.label, b.text, b.level) for b in doc.blocks if b.kind is BlockKind.HEADING] == [
            ("1", "H1", 1), ("1.1", "H2", 2), ("1.1.1", "H3", 3)]

    def test_numbered_header(self, config):
        (block,) = read(REAL / "pandoc-numbered_header.docx", config).blocks
        assert (block.kind, block.label, block.text, block.bold) == (BlockKind.HEADING, "1.", "A Numbered Header.", True)

    def test_bullets_have_no_label(self, config):
        doc = read(REAL / "mammoth-simple-list.docx", config)
        assert [(b.label, b.text) for b in doc.blocks] == [("", "Apple"), ("", "Banana")]

    def test_wps_japanese_counting(self, config):
        doc = read(REAL / "wps-cn-bianzhi-shuoming.docx", config)
        first = next(b for b in doc.blocks if b.text == "任务来源及计划要求")
        assert first.label == "一、"
        assert any(b.text == "二、 编制过程" and b.label == "" for b in doc.blocks)  # typed by hand

    def test_wps_text_boxes(self, config):
        doc = read(REAL / "wps-cn-guide-part6.docx", config)
        text = texts(doc)
        for box in ("运维、访谈等记录", "现行安全标准和实际", "差异项分析", "提出纠正行动和建议", "编制评价报告"):
            assert text.count(box) == 1, box
        assert doc.header_text == "NB/T XXXXX—XXXX"
        assert any(b.label == "5.2.1" and b.text == "安全重要构筑物和系统" for b in doc.blocks)

    def test_gongwen_style_linked_chinese_numbering(self, config):
        for name in ("word-cn-gongwen-template-as-docx.docx", "word-cn-gongwen-template.dotx"):
            doc = read(REAL / name, config)
            labels = [b.label for b in doc.blocks if b.style == "heading 2"]
            assert labels[:11] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、", "十一、"]
            sub = [b.label for b in doc.blocks if b.style == "heading 3"]
            assert sub[:3] == ["（一）", "（二）", "（三）"] and sub[10] == "（十一）"
            assert sub[11] == "（十二）"  # continues: no shallower level came in between
        assert read(REAL / "word-cn-gongwen-template.dotx", config).format == "dotx"

    def test_docm(self, config):
        doc = read(REAL / "oletools-oleform-PR314.docm", config)
        assert doc.format == "docm"
        assert texts(doc) == ["This is a test document, with Forms in a macro"]
        (finding,) = [f for f in doc.problems if f.rule == "macro-document"]
        assert "宏不会运行" in finding.message and finding_for(finding, config).severity.value == "warning"


@needs_shared
class TestOfficeMade:
    def test_shequ_outline_numbering_and_picture(self, config):
        doc = read(OFFICE / "case-shequ-xuexiao-outline-numbered.docx", config)
        heads = [(b.label, b.text) for b in doc.blocks if b.kind is BlockKind.HEADING and b.level == 1]
        assert heads == [("一、", "基本情况"), ("二、", "具体措施"), ("三、", "工作成效"), ("四、", "下步工作打算")]
        (image,) = images(doc)  # inside mc:AlternateContent: python-docx finds none
        assert (image.name, image.caption) == ("image1.png", "图1 社区家长学校亲子书法课堂")
        assert doc.header_text == "重庆市合川区南津街街道办事处"
        title = doc.blocks[0]
        assert (title.kind, title.level, title.centered) == (BlockKind.HEADING, 0, True)
        assert title.text == "案例题目：依托“家门口”社区学校 打造十五分钟终身学习圈"
        table = next(b for b in doc.blocks if b.kind is BlockKind.TABLE)
        assert table.rows[0] == ["课程类别", "开设班次", "参与人次"] and len(table.rows) == 5
        assert [b.line for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
        assert doc.problems == []

    def test_huxiao_list_numbering(self, config):
        doc = read(OFFICE / "case-huxiao-anyuan-list-numbered.docx", config)
        heads = [(b.level, b.label, b.text) for b in doc.blocks if b.kind is BlockKind.HEADING and b.level]
        assert heads == [(1, "一、", "基本情况"), (1, "二、", "具体措施"), (2, "（一）", "设立“护学岗”"),
                         (2, "（二）", "发挥网格员作用"), (1, "三、", "工作成效"), (1, "四、", "下步工作打算")]

    def test_kunjing_cover_table_tracked_changes_footnote(self, config):
        doc = read(OFFICE / "case-kunjing-ertong-typed-headings.docx", config)
        table = next(b for b in doc.blocks if b.kind is BlockKind.TABLE)
        assert ["案例题目", "“一人一档”精准帮扶 护航困境儿童健康成长"] in table.rows
        assert ["报送单位", "合川区民政局"] in table.rows
        text = full_text(doc)
        assert "开展个案服务共计210个" in text and "约210" not in text
        assert "注：数据来源：区民政局2024年12月困境儿童信息台账。" in texts(doc)
        assert rules(doc) == ["tracked-changes"]
        heads = [(b.label, b.text) for b in doc.blocks if b.kind is BlockKind.HEADING and b.level == 1]
        assert heads[0] == ("", "一、基本情况")  # typed label, numFmt none
        (image,) = images(doc)
        assert image.caption == "图1 志愿者入户开展学业辅导"

    def test_missing_part_file_still_reads(self, config):
        doc = read(OFFICE / "case-shequ-xuexiao-missing-xiabu.docx", config)
        assert "下步工作打算" not in texts(doc) and len(images(doc)) == 1


@needs_shared
def test_every_shared_file_reads_or_raises_read_error(config):
    files = [p for p in sorted(SHARED_FIXTURES.rglob("*")) if p.is_file()]
    assert len(files) > 30
    for path in files:
        try:
            doc = read_document(path, config)
        except ReadError as exc:
            assert exc.rule and exc.message, path
        else:
            assert isinstance(doc, SourceDocument), path


# ---------------------------------------------------------------- own fixtures (always run)

class TestOwnFixtures:
    def test_case(self, config):
        doc = read(OWN / "case-numbered.docx", config)
        summary = [(b.kind.value, b.level, b.label, b.text) for b in doc.blocks if b.kind is not BlockKind.IMAGE]
        assert summary == [
            ("heading", 0, "", "案例题目：“家门口”学校 温暖千万家"),
            ("table", None, "", ""),
            ("heading", 1, "一、", "基本情况"),
            ("paragraph", None, "", "全街道共有社区8个，常住人口约3万人。"),
            ("paragraph", None, "", "注：数据来源：街道2024年统计。"),
            ("heading", 1, "二、", "具体措施"),  # style basedOn heading 1 inherits its numbering
            ("heading", 2, "（一）", "建设阵地"),
            ("paragraph", None, "", "街道整合党群服务中心等场地，挂牌成立社区学校。"),
            ("heading", 2, "（二）", "培育队伍"),
            ("paragraph", None, "", "组建讲师队伍42人，每学期集中培训一次，确保课程质量稳定。"),
            ("heading", 1, "三、", "工作成效"),
            ("paragraph", None, "", "成效显著"),
            ("paragraph", None, "", "家长满意度达到96%。"),
            ("heading", 1, "四、", "下步工作打算"),
            ("paragraph", None, "", "继续扩大覆盖面"),  # bullet: no label invented
            ("paragraph", None, "（一）", "重新编号的清单"),  # startOverride restarts the shared list
            ("paragraph", None, "", "下一步将推动教学点向新建小区延伸。"),
        ]
        assert doc.blocks[1].rows == [["项目", "内容"], ["案例题目", "“家门口”学校 温暖千万家"],
                                      ["报送单位", "合川区示例街道办事处"]]
        inline, anchored = images(doc)
        assert (inline.name, inline.width, inline.height, inline.caption) == ("photo1.png", 64, 48, "图1 社区学校课堂")
        assert (anchored.name, anchored.caption) == ("photo2.png", "")
        # the anchored picture sits before the text of its paragraph
        idx = next(i for i, b in enumerate(doc.blocks) if b.image is anchored)
        assert doc.blocks[idx + 1].text.startswith("组建讲师队伍")
        assert doc.header_text == "合川区示例街道办事处"
        assert [b.line for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
        title, heading1, bold_para = doc.blocks[0], doc.blocks[2], doc.blocks[13]
        assert title.centered and title.bold and heading1.bold
        assert bold_para.text == "成效显著" and bold_para.bold  # direct w:b + character style Strong
        (linked,) = doc.problems
        assert linked.rule == "bad-image" and "不会下载" in linked.message and "http://example.invalid" in linked.message
        assert doc.blocks[linked.line - 1].text == "家长满意度达到96%。"

    def test_constructs(self, config):
        doc = read(OWN / "constructs.docx", config)
        assert texts(doc) == [
            "修订：新增文字。",
            "原位置。",
            "正文段落",
            "文本框里的文字",
            "内容控件里的段落",
            "嵌套内容控件",
            "已阅读：☒",
            "the king of Egypt died",
            "见第3页",
            "点击链接文字查看",
            "•要点\t甲\n乙丙-丁 戊己",
            "首尾空白",
            "超链接文字",
            "整段移入。",
            "这句话被移动了。",
            "可见文字",
        ]
        assert rules(doc) == ["tracked-changes"]
        assert "修订痕迹或批注" in doc.problems[0].message

    def test_comments_only_warns(self, config):
        doc = read(OWN / "comments-only.docx", config)
        assert rules(doc) == ["tracked-changes"] and texts(doc) == ["只有批注的文档。"]

    def test_bad_images_dropped_case_kept(self, config):
        t0 = time.perf_counter()
        doc = read(OWN / "bad-images.docx", config)
        assert time.perf_counter() - t0 < 2
        assert [i.name for i in images(doc)] == ["ok.png"]
        assert texts(doc) == ["一张正常图片：", "结束。"]
        messages = [f.message for f in doc.problems if f.rule == "bad-image"]
        assert len(messages) == 5
        assert "chart.emf" in messages[0] and "JPG" in messages[0]
        assert "broken.png" in messages[1]
        assert "huge.png" in messages[2] and "像素" in messages[2]
        assert "gone.png" in messages[3]
        assert "引用在文件里找不到" in messages[4]

    def test_docm_and_dotx(self, config):
        doc = read(OWN / "macro.docm", config)
        assert doc.format == "docm" and rules(doc) == ["macro-document"]
        assert texts(doc) == ["启用宏的案例文档。"]
        doc = read(OWN / "template.dotx", config)
        assert doc.format == "dotx" and texts(doc) == ["模板中的文字。"] and doc.problems == []

    def test_fixtures_are_small(self):
        files = list(OWN.iterdir())
        assert len(files) >= 6 and all(p.stat().st_size < 20_000 for p in files)


# ---------------------------------------------------------------- hostile files

def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


MINIMAL_DOC = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
               b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>hi</w:t></w:r></w:p></w:body></w:document>')


def _expect_unreadable(tmp_path: Path, data: bytes, config, name: str = "x.docx", limit: float = 1.0) -> ReadError:
    path = tmp_path / name
    path.write_bytes(data)
    t0 = time.perf_counter()
    with pytest.raises(ReadError) as info:
        read_document(path, config)
    assert time.perf_counter() - t0 < limit
    assert info.value.rule == "unreadable"
    assert "请" in info.value.message  # says how to fix it
    return info.value


def _patch_member(data: bytes, name: bytes, **fields: int) -> bytes:
    """Rewrite header fields of one member in both its local and central headers (method, crc, csize, usize)."""
    out = bytearray(data)
    layout = {b"PK\x03\x04": (30, 26, {"method": 8, "crc": 14, "csize": 18, "usize": 22}),
              b"PK\x01\x02": (46, 28, {"method": 10, "crc": 16, "csize": 20, "usize": 24})}
    for sig, (fixed, name_at, offsets) in layout.items():
        pos = 0
        while (pos := out.find(sig, pos)) >= 0:
            name_len = struct.unpack_from("<H", out, pos + name_at)[0]
            if out[pos + fixed:pos + fixed + name_len] == name:
                for key, value in fields.items():
                    fmt = "<H" if key == "method" else "<I"
                    struct.pack_into(fmt, out, pos + offsets[key], value)
            pos += 4
    return bytes(out)


def _bomb(level: int, megabytes: int = 300) -> bytes:
    """A DOCX whose document.xml inflates to ``megabytes`` MB of zeros, built without compressing them all."""
    zero = b"\x00" * (1 << 20)
    comp = zlib.compressobj(level, zlib.DEFLATED, -15)
    block = comp.compress(zero) + comp.flush(zlib.Z_FULL_FLUSH)  # self-contained, byte-aligned: repeatable
    raw = block * megabytes + b"\x03\x00"  # empty final block
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", raw)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(zero, crc)
    return _patch_member(buf.getvalue(), b"word/document.xml", method=8, crc=crc, usize=megabytes << 20)


@pytest.mark.parametrize("level", [9, 1])  # level 1 gives a weak ratio (~230): must still stop early
def test_zip_bomb_stops_early(tmp_path, config, level):
    import tracemalloc

    path = tmp_path / "bomb.docx"
    path.write_bytes(_bomb(level))
    assert path.stat().st_size < 2_000_000
    read_document(OWN / "template.dotx", config)  # warm imports so the timing is the bomb's
    t0 = time.perf_counter()
    with pytest.raises(ReadError) as info:
        read_document(path, config)
    assert time.perf_counter() - t0 < 0.5
    assert info.value.rule == "unreadable" and "压缩炸弹" in info.value.message
    # memory of the reader itself (read_document's own file buffer is not the reader's business)
    data = path.read_bytes()
    tracemalloc.start()
    try:
        with pytest.raises(ReadError):
            read_docx(path, data, config)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000


def test_bomb_fixture_is_a_real_zip():
    with zipfile.ZipFile(io.BytesIO(_bomb(9, megabytes=3))) as zf:
        assert zf.read("word/document.xml") == b"\x00" * (3 << 20)  # the crafted stream is valid deflate


def test_total_budget_counts_real_bytes(config):
    data = _zip({"a.xml": b"<a>" + b"x" * 3_000_000 + b"</a>", "b.xml": b"<b>" + b"y" * 3_000_000 + b"</b>"})
    z = SafeZip(data, max_members=10, max_total_bytes=4_000_000, max_ratio=1e9)
    z.read("a.xml")
    with pytest.raises(ReadError):
        z.read("b.xml")


def test_lying_size_header(tmp_path, config):
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": MINIMAL_DOC * 50})
    _expect_unreadable(tmp_path, _patch_member(data, b"word/document.xml", usize=10), config)


def test_lying_size_header_claims_huge(config):
    data = _patch_member(_zip({"word/document.xml": b"\x00" * 3_000_000}), b"word/document.xml", usize=0xFFFFFFF0)
    z = SafeZip(data, max_members=10, max_total_bytes=1_000_000, max_ratio=1e9)
    with pytest.raises(ReadError):
        z.read("word/document.xml")


def test_too_many_members(tmp_path, config):
    members = {f"word/media/f{i}.xml": b"" for i in range(2100)}
    members["word/document.xml"] = MINIMAL_DOC
    err = _expect_unreadable(tmp_path, _zip(members), config)
    assert "max_zip_members" in err.message


@pytest.mark.parametrize("payload", [
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><w:document xmlns:w="http://schemas.openxmlformats.org/'
    b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>',
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document '
    b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t>'
    b"</w:r></w:p></w:body></w:document>",
])
def test_doctype_rejected(tmp_path, config, payload):
    err = _expect_unreadable(tmp_path, _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": payload}), config)
    assert "DOCTYPE" in err.message


def test_doctype_in_utf16_rejected(tmp_path, config):
    payload = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY a "b">]><w:document xmlns:w="http://'
               'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>').encode("utf-16")
    _expect_unreadable(tmp_path, _zip({"word/document.xml": payload}), config)


def test_malformed_xml(tmp_path, config):
    err = _expect_unreadable(tmp_path, _zip({"word/document.xml": b"<w:document><w:body>"}), config)
    assert "XML" in err.message and "另存为 .docx" in err.message


def test_missing_document_part(config):
    with pytest.raises(ReadError) as info:
        read_docx(Path("x.docx"), _zip({"word/styles.xml": b"<a/>"}), config)
    assert info.value.rule == "unreadable" and "word/document.xml" in info.value.message


def test_garbage_is_read_error(config):
    for data in (b"PK\x03\x04garbage", b"", b"\x00" * 100, _zip({"word/document.xml": b"\xff\xfe\x00"})):
        with pytest.raises(ReadError):
            read_docx(Path("x.docx"), data, config)


def test_deep_nesting_is_read_error(config):
    body = b"<w:tbl><w:tr><w:tc>" * 3000 + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * 3000
    doc = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body +
           b"</w:body></w:document>")
    with pytest.raises(ReadError):
        read_docx(Path("x.docx"), _zip({"word/document.xml": doc}), config)


# ---------------------------------------------------------------- pictures and numbers

def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + chunk(b"IEND", b""))


def test_huge_png_header_is_dropped_without_decoding(config):
    t0 = time.perf_counter()
    result = inspect_image(_png_header(50000, 50000), "huge.png", config)
    assert time.perf_counter() - t0 < 0.5
    assert isinstance(result, str) and "像素" in result


def test_image_over_configured_pixels(config):
    result = inspect_image(_png_header(8000, 6000), "big.png", config)  # 48 MP > 40 MP default
    assert isinstance(result, str) and "8000×6000" in result and "max_image_pixels" in result


def test_good_and_bad_image_headers(config):
    ok = inspect_image(_png_header(300, 200), "a.png", config)
    assert not isinstance(ok, str) and (ok.width, ok.height, ok.content_type) == (300, 200, "image/png")
    for data, name in ((b"", "e.png"), (b"junk", "j.jpg"), (b"\xd7\xcd\xc6\x9a" + b"\x00" * 40, "x.wmf"),
                       (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "s.svg")):
        assert isinstance(inspect_image(data, name, config), str), name


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCountingThousand", "十一"),
    (20, "taiwaneseCountingThousand", "二十"), (21, "japaneseCounting", "二十一"), (101, "chineseCounting", "一百零一"),
    (110, "chineseCounting", "一百一十"), (3, "ideographTraditional", "丙"), (3, "decimalEnclosedCircle", "③"),
    (12, "decimalFullWidth", "１２"), (4, "lowerLetter", "d"), (9, "upperRoman", "IX"), (7, "decimal", "7"),
    (10, "ideographDigital", "一〇"),
])
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_caption_rules_and_hidden_field_marks(tmp_path, config, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_docx_fixtures", OWN_FIXTURES / "make_docx_fixtures.py")
    mk = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mk)
    monkeypatch.setattr(mk, "OUT", tmp_path)
    center = '<w:jc w:val="center"/>'
    body = "".join([
        mk.para(mk.inline_picture("rIdA"), ppr=center),
        mk.para(mk.run("报送单位：合川区民政局"), ppr=center),  # metadata line, not a caption
        mk.para(mk.inline_picture("rIdA"), ppr=center),
        mk.para(mk.run("社区课堂掠影"), ppr=center),  # short and centred: caption
        mk.para(mk.run("图2 亲子阅读")),  # starts with 图 and comes before the picture: caption
        mk.para(mk.inline_picture("rIdA")),
        mk.para('<w:r><w:rPr><w:vanish/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                mk.run("7"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>', mk.run("页之后的文字")),
    ])
    path = mk.write_package("captions.docx", body, media={"a.png": mk.png(8, 8, (1, 2, 3))},
                            extra_rels=[("rIdA", f"{mk.REL}/image", "media/a.png", False)])
    doc = read_document(path, config)
    assert [i.caption for i in images(doc)] == ["", "社区课堂掠影", "图2 亲子阅读"]
    assert texts(doc) == ["报送单位：合川区民政局", "7页之后的文字"]


def test_headings_typed_in_one_cell_boxes_are_read_as_headings(tmp_path):
    """WPS users box a part heading in a one-cell table: the box is a frame, its paragraph the heading.
    A real table (two cells or more) stays a table."""
    from docx import Document

    from casebuilder import PARTS
    from jlt_cli.config import Config, load_defaults
    from jlt_cli.pipeline import validate_paths

    doc = Document()
    doc.add_paragraph("“消防安全第一课”走进校园")
    doc.add_paragraph("报送单位：合川区消防救援支队")
    for heading, text in PARTS.values():
        box = doc.add_table(rows=1, cols=1)
        box.style = "Table Grid"
        box.cell(0, 0).paragraphs[0].add_run(heading).bold = True
        doc.add_paragraph(text)
    data = doc.add_table(rows=2, cols=2)
    for (r, c), v in {(0, 0): "项目", (0, 1): "次数", (1, 0): "消防演练", (1, 1): "12"}.items():
        data.cell(r, c).text = v
    path = tmp_path / "收件" / "消防.docx"
    path.parent.mkdir()
    doc.save(path)
    case = validate_paths([path.parent], Config(load_defaults())).cases[0]
    assert [s.name for s in case.sections] == ["基本情况", "具体措施", "工作成效", "下步工作打算"]
    assert case.is_case and not any(f.rule in ("not-a-case", "missing-section") for f in case.findings)
    assert any(b.kind is BlockKind.TABLE for s in case.sections for b in s.blocks)  # the 2×2 table kept
