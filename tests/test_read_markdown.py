"""Markdown and plain-text readers: encodings, blocks, line numbers, pictures."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pytest

from jlt_cli.pipeline import finding_for
from jlt_cli.model import BlockKind, ReadError
from jlt_cli.read import read_document
from jlt_cli.read.encoding import decode_text
from jlt_cli.read.markdown import read_markdown
from jlt_cli.read.text import read_text

SAMPLE = "一、基本情况\n钱塘镇辖12个村（社区），在校学生4300余人。\n"


def _md(tmp_path: Path, text: str, config, name: str = "案例.md", keep_images: bool = False):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_markdown(path, path.read_bytes(), config, keep_images=keep_images)


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims ``width``×``height``; the pixel data is never needed to learn the size."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


def _real_png(width: int = 40, height: int = 30) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buf, format="PNG")
    return buf.getvalue()


# -- encodings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("gb18030"),
        b"\xff\xfe" + SAMPLE.encode("utf-16-le"),
        b"\xfe\xff" + SAMPLE.encode("utf-16-be"),
        SAMPLE.replace("\n", "\r\n").encode("utf-8"),
        SAMPLE.replace("\n", "\r").encode("gbk"),
        b"\xff\xfe" + SAMPLE.replace("\n", "\r\n").encode("utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16le-bom", "utf16be-bom", "crlf", "cr-gbk", "utf16-crlf"],
)
def test_decode_text_variants(encoded: bytes) -> None:
    assert decode_text(encoded) == SAMPLE


def test_decode_text_undecodable_suggests_utf8() -> None:
    with pytest.raises(ReadError) as info:
        decode_text(bytes(range(0x80, 0x100)))
    assert info.value.rule == "unreadable"
    assert "另存为" in info.value.message and "UTF-8" in info.value.message


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "utf-16"])
def test_markdown_files_in_each_encoding(tmp_path: Path, config, encoding: str) -> None:
    path = tmp_path / "案例.md"
    path.write_bytes("# 题目\r\n\r\n一、基本情况\r\n".encode(encoding))
    doc = read_document(path, config)
    assert doc.format == "markdown"
    assert [(b.kind, b.text, b.line) for b in doc.blocks] == [
        (BlockKind.HEADING, "题目", 1),
        (BlockKind.PARAGRAPH, "一、基本情况", 3),
    ]


# -- structure -----------------------------------------------------------------------------------


def test_atx_and_setext_headings(tmp_path: Path, config) -> None:
    doc = _md(tmp_path, "# 标题一\n\n## 一、基本情况\n\n案例题目\n========\n\n具体措施\n--------\n", config)
    got = [(b.kind, b.level, b.text, b.line) for b in doc.blocks]
    assert got == [
        (BlockKind.HEADING, 1, "标题一", 1),
        (BlockKind.HEADING, 2, "一、基本情况", 3),
        (BlockKind.HEADING, 1, "案例题目", 5),
        (BlockKind.HEADING, 2, "具体措施", 8),
    ]


def test_bold_line_is_marked_bold(tmp_path: Path, config) -> None:
    doc = _md(tmp_path, "**三、取得成效**\n\n文字**部分加粗**而已。\n\n__（一）机制__\n", config)
    assert [(b.text, b.bold) for b in doc.blocks] == [
        ("三、取得成效", True),
        ("文字部分加粗而已。", False),
        ("（一）机制", True),
    ]


def test_lines_without_blank_lines_are_separate_paragraphs(tmp_path: Path, config) -> None:
    text = (
        "案例题目：党建引领聚合力\n"
        "报送单位：钱塘镇人民政府\n"
        "**一、基本情况**\n"
        "钱塘镇位于合川区北部，全镇共有中小学8所，\n"
        "在校学生4300余人。\n"
        "（一）建机制。成立工作专班。\n"
    )
    doc = _md(tmp_path, text, config)
    assert [(b.text, b.line, b.bold) for b in doc.blocks] == [
        ("案例题目：党建引领聚合力", 1, False),
        ("报送单位：钱塘镇人民政府", 2, False),
        ("一、基本情况", 3, True),
        # a hard-wrapped sentence is joined back
        ("钱塘镇位于合川区北部，全镇共有中小学8所，在校学生4300余人。", 4, False),
        ("（一）建机制。成立工作专班。", 6, False),
    ]


def test_long_title_line_followed_by_header_lines(tmp_path: Path, config) -> None:
    text = "（一）案例题目：织密“护校网” 守护“上学路”——南津街街道“网格+护学岗”护校安园工作实践\n报送单位：南津街街道办事处\n联系人：周某　联系电话：023-42750000\n"
    doc = _md(tmp_path, text, config)
    assert [b.line for b in doc.blocks] == [1, 2, 3]
    assert doc.blocks[1].text == "报送单位：南津街街道办事处"


def test_ordered_list_items_get_labels(tmp_path: Path, config) -> None:
    doc = _md(tmp_path, "具体措施如下：\n\n1. 建机制。\n2. 强阵地。\n\n3. 育队伍。\n\n- 无序项\n", config)
    got = [(b.label, b.text, b.display_text, b.line) for b in doc.blocks]
    assert got == [
        ("", "具体措施如下：", "具体措施如下：", 1),
        ("1.", "建机制。", "1.建机制。", 3),
        ("2.", "强阵地。", "2.强阵地。", 4),
        ("3.", "育队伍。", "3.育队伍。", 6),
        ("", "无序项", "无序项", 8),
    ]


def test_list_starting_elsewhere_keeps_typed_number(tmp_path: Path, config) -> None:
    doc = _md(tmp_path, "4. 第四项\n5. 第五项\n", config)
    assert [b.label for b in doc.blocks] == ["4.", "5."]


def test_table_rows(tmp_path: Path, config) -> None:
    doc = _md(tmp_path, "说明：\n\n| 项目 | 人数 |\n|---|---:|\n| 家长夜校 | **1200** |\n| 护学岗 | 86 |\n", config)
    table = doc.blocks[1]
    assert table.kind is BlockKind.TABLE and table.line == 3
    assert table.rows == [["项目", "人数"], ["家长夜校", "1200"], ["护学岗", "86"]]


def test_blockquote_and_code_become_paragraphs(tmp_path: Path, config) -> None:
    doc = _md(tmp_path, "> 引用的话。\n\n    缩进四格的段落。\n\n```\n围栏中的文字。\n```\n", config)
    assert [(b.kind, b.text, b.line) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, "引用的话。", 1),
        (BlockKind.PARAGRAPH, "缩进四格的段落。", 3),
        (BlockKind.PARAGRAPH, "围栏中的文字。", 6),
    ]


def test_raw_html_stays_text_and_link_targets_are_dropped(tmp_path: Path, config) -> None:
    doc = _md(
        tmp_path,
        '<script>alert("x")</script>\n\n见[区教委网站](https://example.org/secret)和[脚本](javascript:alert(1))。\n\n<img src="x.png">\n',
        config,
    )
    texts = [b.text for b in doc.blocks]
    assert texts == ['<script>alert("x")</script>', "见区教委网站和脚本。", '<img src="x.png">']
    assert all(b.kind is BlockKind.PARAGRAPH for b in doc.blocks)
    assert not any("example.org" in t or "javascript" in t for t in texts)


def test_line_numbers_follow_source(tmp_path: Path, config) -> None:
    text = "\n\n# 题目\n\n\n一、基本情况\n\n正文第一段。\n\n\n\n二、具体措施\n"
    doc = _md(tmp_path, text, config)
    assert [(b.text, b.line) for b in doc.blocks] == [("题目", 3), ("一、基本情况", 6), ("正文第一段。", 8), ("二、具体措施", 12)]


def test_front_matter_becomes_metadata_lines(tmp_path: Path, config) -> None:
    text = "---\n报送单位: 钱塘镇人民政府\n联系人: 王某\n联系电话: 023-42750000\n案例类型: 社区学校建设案例\ntags: [a]\n---\n# 题目\n"
    doc = _md(tmp_path, text, config)
    assert [(b.text, b.line) for b in doc.blocks] == [
        ("报送单位：钱塘镇人民政府", 2),
        ("联系人：王某", 3),
        ("联系电话：023-42750000", 4),
        ("案例类型：社区学校建设案例", 5),
        ("题目", 8),
    ]


def test_dashes_that_are_not_yaml_are_left_to_markdown(tmp_path: Path, config) -> None:
    doc = _md(tmp_path, "---\n报送单位：钱塘镇，联系人：王某。\n---\n正文。\n", config)
    assert "报送单位：钱塘镇，联系人：王某。" in [b.text for b in doc.blocks]


def test_blank_markdown_is_empty_file(tmp_path: Path, config) -> None:
    with pytest.raises(ReadError) as info:
        _md(tmp_path, "\n   \n---\n", config)
    assert info.value.rule == "empty-file"


# -- pictures ------------------------------------------------------------------------------------


def test_image_inside_folder_is_kept(tmp_path: Path, config) -> None:
    (tmp_path / "图片").mkdir()
    (tmp_path / "图片" / "图1.png").write_bytes(_real_png())
    text = "段落。\n\n![图1 家长夜校现场](图片/图1.png)\n"
    doc = _md(tmp_path, text, config, keep_images=True)
    img = doc.blocks[1]
    assert img.kind is BlockKind.IMAGE and img.line == 3
    assert img.image.caption == "图1 家长夜校现场"
    assert (img.image.width, img.image.height) == (40, 30)
    assert img.image.content_type == "image/png"
    assert img.image.data == _real_png()
    assert doc.problems == []
    # without keep_images the picture is checked but its bytes are not held
    assert _md(tmp_path, text, config).blocks[1].image.data is None


def test_image_inside_paragraph_splits_text(tmp_path: Path, config) -> None:
    (tmp_path / "a.png").write_bytes(_real_png())
    doc = _md(tmp_path, "前文。![示意](a.png)后文。\n", config)
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH, BlockKind.IMAGE, BlockKind.PARAGRAPH]


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("https://example.org/a.png", "外部链接图片不会被读取"),
        ("http://example.org/a.png", "外部链接图片不会被读取"),
        ("file:///etc/passwd", "外部链接图片不会被读取"),
        ("data:image/png;base64,iVBORw0KGgo=", "外部链接图片不会被读取"),
        ("javascript:alert(1)", "外部链接图片不会被读取"),
        ("//example.org/a.png", "外部链接图片不会被读取"),
        ("../outside.png", "超出案例所在文件夹"),
        ("/etc/hostname", "绝对路径"),
        ("C:\\Users\\a.png", "绝对路径"),
        ("不存在.png", "找不到图片文件"),
    ],
)
def test_bad_image_sources_are_dropped_with_warning(tmp_path: Path, config, src: str, expected: str) -> None:
    sub = tmp_path / "case"
    sub.mkdir()
    (tmp_path / "outside.png").write_bytes(_real_png())
    doc = _md(sub, f"正文。\n\n![图](<{src}>)\n", config)
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH]
    assert len(doc.problems) == 1
    finding = doc.problems[0]
    assert finding.rule == "bad-image" and finding_for(finding, config).severity.value == "warning" and finding.line == 3
    assert expected in finding.message
    assert "example.org" not in finding.message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_out_of_folder_is_dropped(tmp_path: Path, config) -> None:
    sub = tmp_path / "case"
    sub.mkdir()
    (tmp_path / "secret.png").write_bytes(_real_png())
    try:
        (sub / "link.png").symlink_to(tmp_path / "secret.png")
    except OSError:
        pytest.skip("cannot create symlinks here")
    doc = _md(sub, "![图](link.png)\n\n正文。\n", config)
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH]
    assert "超出案例所在文件夹" in doc.problems[0].message


@pytest.mark.parametrize(("width", "height"), [(50000, 50000), (8000, 6000)])
def test_absurd_image_size_is_rejected_from_header(tmp_path: Path, config, width: int, height: int) -> None:
    (tmp_path / "big.png").write_bytes(_png_header(width, height))
    doc = _md(tmp_path, "![巨图](big.png)\n\n正文。\n", config)
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH]
    assert doc.problems[0].rule == "bad-image" and "过大" in doc.problems[0].message


def test_image_header_within_limit_is_accepted(tmp_path: Path, config) -> None:
    (tmp_path / "ok.png").write_bytes(_png_header(4000, 3000))
    doc = _md(tmp_path, "![图](ok.png)\n\n正文。\n", config)
    assert doc.blocks[0].image.width == 4000 and doc.problems == []


def test_corrupt_image_is_dropped(tmp_path: Path, config) -> None:
    (tmp_path / "bad.png").write_bytes(b"not a picture at all")
    doc = _md(tmp_path, "![坏图](bad.png)\n\n正文。\n", config)
    assert doc.problems[0].rule == "bad-image" and "损坏" in doc.problems[0].message
    assert "坏图" in doc.problems[0].message and "bad.png" in doc.problems[0].message


def test_bad_image_rule_can_be_switched_off(tmp_path: Path, config) -> None:
    from jlt_cli.pipeline import process_single

    config.data["rules"] = {"bad-image": "off"}
    path = tmp_path / "case.md"
    path.write_text("![图](https://example.org/a.png)\n\n正文。\n", encoding="utf-8")
    case = process_single(path, config)
    assert [f for f in case.findings if f.rule == "bad-image"] == []


# -- plain text ----------------------------------------------------------------------------------


def test_read_text_one_paragraph_per_line(tmp_path: Path, config) -> None:
    path = tmp_path / "案例.txt"
    path.write_bytes("案例题目：护学岗\r\n\r\n　　一、基本情况\r\n# 不是标题\r\n".encode("gbk"))
    doc = read_text(path, path.read_bytes(), config)
    assert doc.format == "text"
    assert [(b.kind, b.text, b.line, b.level) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, "案例题目：护学岗", 1, None),
        (BlockKind.PARAGRAPH, "一、基本情况", 3, None),
        (BlockKind.PARAGRAPH, "# 不是标题", 4, None),
    ]


def test_text_through_dispatch_and_blank_text(tmp_path: Path, config) -> None:
    path = tmp_path / "案例.txt"
    path.write_text("一行。\n", encoding="utf-8")
    assert read_document(path, config).format == "text"
    path.write_text(" \n\t\n", encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read_document(path, config)
    assert info.value.rule == "empty-file"


def test_bold_after_chinese_punctuation_loses_its_marks(tmp_path, config):
    """CommonMark does not close ** after 。 when a letter follows; the marks must not reach the text."""
    from jlt_cli.read.markdown import read_markdown

    path = tmp_path / "a.md"
    path.write_text("**建强组织体系，压实护校责任。**街道成立护校安园工作专班。\n", encoding="utf-8")
    doc = read_markdown(path, path.read_bytes(), config)
    assert [b.text for b in doc.blocks] == ["建强组织体系，压实护校责任。街道成立护校安园工作专班。"]


def test_list_items_keep_bullet_and_depth(tmp_path: Path, config) -> None:
    from jlt_cli.read.markdown import read_markdown

    text = "# 题目\n\n- 甲项\n- 乙项\n  1. 子一；\n  2. 子二。\n\n  续段\n\n1. 一号\n"
    doc = read_markdown(tmp_path / "a.md", text.encode(), config)
    got = [(b.text, b.label, b.style, b.level) for b in doc.blocks[1:]]
    assert got == [("甲项", "", "list-bullet", 1), ("乙项", "", "list-bullet", 1), ("子一；", "1.", "list", 2),
                   ("子二。", "2.", "list", 2), ("续段", "", "list", 1), ("一号", "1.", "list", 1)]
